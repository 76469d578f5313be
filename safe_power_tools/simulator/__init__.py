"""Box simulator: simulated distribution boxes behind a simulated Modbus TCP gateway.

`SimulatedBox` is the physics and detector model of one box, `SimulatedGateway` serves boxes
over Modbus TCP (or RTU over TCP), `load_fleet` reads a fleet file, and
`python -m safe_power_tools.simulator` runs a fleet for humans (`serve`) and steers it (`ctl`).
"""

from .box import Fault, Scenario, SimulatedBox
from .fleet import load_fleet
from .server import SimulatedGateway

__all__ = ["Fault", "Scenario", "SimulatedBox", "SimulatedGateway", "load_fleet"]

"""Modbus-to-MQTT bridge: the boxes of one Modbus gateway, published in the MQTT contract.

`python -m safe_power_tools.bridge --help` (or `safe-power-bridge`) for the installer's command;
`Bridge` and `BridgeConfig` (in `bridge.py`) to run it from code.
"""

from .bridge import BoxEntry, Bridge, BridgeConfig, load_config

__all__ = ["BoxEntry", "Bridge", "BridgeConfig", "load_config"]

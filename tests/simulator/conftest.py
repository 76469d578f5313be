"""Fixtures for the simulator tests: three boxes behind a simulated gateway on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
import logging

from pymodbus.client import AsyncModbusTcpClient
import pytest
from sim_helpers import make_boxes, new_client

from custom_components.safe_power.box.profile import Profile
from safe_power_tools.simulator.box import reference_profile
from safe_power_tools.simulator.server import SimulatedGateway


@pytest.fixture
def profile() -> Profile:
    """The reference profile the simulator encodes through."""
    return reference_profile()


@pytest.fixture
async def sim(socket_enabled: None) -> AsyncIterator[SimulatedGateway]:
    """A running simulated gateway on a free port."""
    pymodbus_log = logging.getLogger("pymodbus")
    level = pymodbus_log.level
    pymodbus_log.setLevel(logging.CRITICAL)  # it logs every timeout: here they are the point
    gateway = SimulatedGateway(make_boxes())
    await gateway.start()
    yield gateway
    await gateway.stop()
    pymodbus_log.setLevel(level)


@pytest.fixture
async def client(sim: SimulatedGateway) -> AsyncIterator[AsyncModbusTcpClient]:
    """A connected client of the simulated gateway."""
    modbus = new_client(sim.port)
    assert await modbus.connect()
    yield modbus
    modbus.close()

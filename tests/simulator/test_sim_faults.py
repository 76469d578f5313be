"""Wire faults of the simulated gateway, seen by a real pymodbus client (timeout 0.3 s)."""

from __future__ import annotations

import asyncio
import time

from pymodbus import ModbusException
from pymodbus.client import AsyncModbusTcpClient
from pymodbus.exceptions import ConnectionException, ModbusIOException
import pytest
from sim_helpers import TIMEOUT, new_client, read_blocks

from custom_components.safe_power.box.modbus import decode_identity, decode_reading
from custom_components.safe_power.box.profile import Profile
from safe_power_tools.simulator.box import GARBAGE, Fault
from safe_power_tools.simulator.server import SimulatedGateway

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def serial_of(client: AsyncModbusTcpClient, profile: Profile, unit: int) -> str:
    """Read the identity block of a unit: which box answered is beyond doubt."""
    return decode_identity(
        profile, await read_blocks(client, unit, profile.identity_plan()), ""
    ).serial


async def test_offline_box_times_out_and_others_answer(
    sim: SimulatedGateway, client: AsyncModbusTcpClient, profile: Profile
) -> None:
    sim.boxes[1].set_scenario("offline")
    started = time.monotonic()
    with pytest.raises(ModbusIOException):
        await client.read_input_registers(100, count=2, device_id=1)
    assert TIMEOUT <= time.monotonic() - started < TIMEOUT + 0.2
    started = time.monotonic()
    assert await serial_of(client, profile, 2) == "SP24T0002"  # same connection, right after
    assert await serial_of(client, profile, 3) == "SP24T0003"
    assert time.monotonic() - started < 0.1
    sim.boxes[1].set_scenario("recover")
    assert await serial_of(client, profile, 1) == "SP24T0001"
    assert sim.requests[1] == 2  # the silent box did receive the request


async def test_slow_box_within_the_timeout(
    sim: SimulatedGateway, client: AsyncModbusTcpClient, profile: Profile
) -> None:
    sim.boxes[3].set_fault(Fault.SLOW, delay=0.15)
    started = time.monotonic()
    assert await serial_of(client, profile, 3) == "SP24T0003"
    assert 0.15 <= time.monotonic() - started < TIMEOUT


async def test_late_answers_are_never_taken_for_another_request(
    sim: SimulatedGateway, client: AsyncModbusTcpClient, profile: Profile
) -> None:
    """A reply arriving after the timeout must not answer the next request.

    pymodbus 3.13.1's own server handler stamped a late reply with the ids of the latest
    request, so the client took unit 1's registers for unit 2's; the simulator keeps each
    request's ids (see safe_power_tools/simulator/server.py).
    """
    sim.boxes[1].set_fault(Fault.SLOW, delay=0.45)
    sim.boxes[2].set_fault(Fault.SLOW, delay=0.1)  # keeps a request pending at 0.45 s
    with pytest.raises(ModbusIOException):
        await client.read_input_registers(0, count=23, device_id=1)
    for _ in range(4):  # 0.3 s ... 0.7 s: unit 1's late reply arrives meanwhile
        assert await serial_of(client, profile, 2) == "SP24T0002"
        assert await serial_of(client, profile, 3) == "SP24T0003"
    sim.boxes[1].set_fault(None)
    assert await serial_of(client, profile, 1) == "SP24T0001"


async def test_exception_fault(sim: SimulatedGateway, client: AsyncModbusTcpClient) -> None:
    sim.boxes[2].set_fault("exception")
    rr = await client.read_input_registers(100, count=2, device_id=2)
    assert rr.isError()
    assert rr.exception_code == 4
    rr = await client.write_register(200, 1, device_id=2)
    assert rr.exception_code == 4
    assert sim.boxes[2].contactor_closed  # the command never reached the box
    sim.boxes[2].set_fault("exception", code=6)
    rr = await client.read_holding_registers(210, count=6, device_id=2)
    assert rr.exception_code == 6
    rr = await client.read_input_registers(100, count=2, device_id=3)
    assert not rr.isError()


async def test_garbage_over_the_wire(
    sim: SimulatedGateway, client: AsyncModbusTcpClient, profile: Profile
) -> None:
    sim.boxes[3].set_fault("garbage")
    await sim.push()
    image = await read_blocks(client, 3, profile.telemetry_plan())
    reading, dropped = decode_reading(profile, image, None, 3)
    assert set(dropped) == {k for k, bad in GARBAGE.items() if bad is not None}
    assert not set(GARBAGE) & reading.values.keys()
    assert "voltage_b" in reading.values
    assert reading.alarms == frozenset()


async def test_stuck_contactor(
    sim: SimulatedGateway, client: AsyncModbusTcpClient, profile: Profile
) -> None:
    sim.boxes[3].set_fault("stuck_contactor")
    rr = await client.write_register(200, 1, device_id=3)
    assert not rr.isError()  # accepted
    image = await read_blocks(client, 3, profile.status_plan())
    reading, _ = decode_reading(profile, image, None, 3)
    assert reading.contactor_closed is True


async def test_gateway_restart(
    sim: SimulatedGateway, client: AsyncModbusTcpClient, profile: Profile
) -> None:
    port = sim.port
    await client.write_register(200, 1, device_id=3)
    await sim.stop()
    await asyncio.sleep(0.05)
    assert not client.connected  # the gateway closed the connection
    with pytest.raises(ConnectionException):
        await client.read_input_registers(100, count=2, device_id=2)
    assert not await client.connect()  # nothing listens
    assert await sim.start() == port  # the same port again
    assert await client.connect()
    assert await serial_of(client, profile, 2) == "SP24T0002"
    reading, _ = decode_reading(
        profile, await read_blocks(client, 3, profile.status_plan()), None, 3
    )
    assert reading.contactor_closed is False  # the boxes keep their state


async def test_stop_drops_pending_answers(sim: SimulatedGateway, profile: Profile) -> None:
    """No task outlives the gateway (the harness fails a test on lingering tasks)."""
    sim.boxes[1].set_fault(Fault.SLOW, delay=30.0)
    client = new_client(sim.port)
    assert await client.connect()
    request = asyncio.ensure_future(client.read_input_registers(100, count=2, device_id=1))
    await asyncio.sleep(0.05)
    await sim.stop()
    with pytest.raises(ModbusException):
        await request
    client.close()


async def test_client_closes_after_consecutive_timeouts(
    sim: SimulatedGateway, client: AsyncModbusTcpClient
) -> None:
    """pymodbus 3.13.1 with retries=0 survives 4 timeouts in a row; the 5th closes the link."""
    sim.boxes[1].set_fault("offline")
    for _ in range(4):
        with pytest.raises(ModbusIOException):
            await client.read_input_registers(100, count=2, device_id=1)
        assert client.connected
    with pytest.raises(ModbusIOException):
        await client.read_input_registers(100, count=2, device_id=1)
    assert not client.connected

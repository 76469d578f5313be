"""The simulated gateway over real Modbus TCP: reads, pushes, commands, control and CLI."""

from __future__ import annotations

import asyncio

from pymodbus.client import AsyncModbusTcpClient
import pytest
from sim_helpers import TIMEOUT, new_client, read_blocks

from custom_components.safe_power.box.bus import SerialBus
from custom_components.safe_power.box.modbus import (
    GatewayConfig,
    ModbusGateway,
    Transport,
    decode_identity,
    decode_reading,
)
from custom_components.safe_power.box.model import BoxIdentity
from custom_components.safe_power.box.profile import Block, Profile, Table, load_profiles
from safe_power_tools.simulator.__main__ import main
from safe_power_tools.simulator.box import DEFAULT_SETTINGS, Fault, Scenario, SimulatedBox
from safe_power_tools.simulator.control import ControlServer, handle_line, send_control
from safe_power_tools.simulator.server import SimulatedGateway

pytestmark = pytest.mark.usefixtures("socket_enabled")

STATUS = Block(Table.INPUT, 100, 2)


async def status_of(
    client: AsyncModbusTcpClient, profile: Profile, unit: int
) -> tuple[set[str], bool]:
    """Alarm names and contactor state as read over the wire."""
    image = await read_blocks(client, unit, [STATUS])
    reading, _ = decode_reading(profile, image, None, 3)
    assert reading.contactor_closed is not None
    return {a.value for a in reading.alarms}, reading.contactor_closed


async def test_identity_telemetry_and_settings(
    sim: SimulatedGateway, client: AsyncModbusTcpClient, profile: Profile
) -> None:
    sim.tick(5.0)
    await sim.push()
    for unit, box in sim.boxes.items():
        image = await read_blocks(client, unit, profile.identity_plan())
        identity = decode_identity(profile, image, "fallback")
        assert identity == BoxIdentity("Safe Power", box.model, box.serial, "1.4.2", box.phases)
        plan = [*profile.telemetry_plan(), *profile.settings_plan()]
        assert len(plan) == 2  # one telemetry read, one settings read
        reading, dropped = decode_reading(
            profile, await read_blocks(client, unit, plan), None, box.phases
        )
        assert not dropped
        for key, value in reading.values.items():
            scale = abs(profile.measurements[key].scale)
            assert value == pytest.approx(box.values[key], abs=scale / 2 + 1e-9), key
        assert reading.contactor_closed is True
        assert reading.alarms == frozenset()
        assert dict(reading.settings) == pytest.approx(DEFAULT_SETTINGS)


async def test_scan_finds_the_boxes(sim: SimulatedGateway) -> None:
    gateway = ModbusGateway(
        GatewayConfig(Transport.TCP, host="127.0.0.1", port=sim.port, timeout=TIMEOUT)
    )
    try:
        found = await gateway.scan(range(1, 6), load_profiles())
    finally:
        gateway.close()
    assert sorted(found) == [1, 2, 3]
    assert {u: ident.serial for u, (_, ident) in found.items()} == {
        u: box.serial for u, box in sim.boxes.items()
    }


async def test_values_change_on_push(
    sim: SimulatedGateway, client: AsyncModbusTcpClient, profile: Profile
) -> None:
    sim.boxes[3].set_scenario(Scenario.OVERLOAD)
    sim.tick(1.0)
    assert await status_of(client, profile, 3) == (set(), True)  # not pushed yet
    await sim.push()
    assert await status_of(client, profile, 3) == ({"overcurrent"}, True)
    image = await read_blocks(client, 3, profile.telemetry_plan())
    current = profile.measurements["current_a"]
    regs = image.get(current)
    assert regs is not None
    assert current.decode(regs) == pytest.approx(94.5, rel=0.02)
    # The tripping box opens by itself.
    sim.boxes[2].set_scenario("overload")
    sim.tick(1.0)
    await sim.push()
    assert await status_of(client, profile, 2) == ({"overcurrent", "contactor_tripped"}, False)


async def test_commands_through_writes(
    sim: SimulatedGateway, client: AsyncModbusTcpClient, profile: Profile
) -> None:
    assert profile.commands is not None
    address = profile.commands.field.address
    rr = await client.write_register(address, profile.commands.contactor_open, device_id=2)
    assert not rr.isError()
    assert rr.registers == [profile.commands.contactor_open]  # the normal echo
    assert await status_of(client, profile, 2) == (set(), False)  # shown at once, no push
    assert not sim.boxes[2].contactor_closed
    assert sim.boxes[3].contactor_closed
    await asyncio.sleep(0.01)
    rr = await client.read_holding_registers(address, count=1, device_id=2)
    assert rr.registers == [0]  # the command register reads 0 again
    rr = await client.write_registers(address, [profile.commands.contactor_close], device_id=2)
    assert not rr.isError()
    assert await status_of(client, profile, 2) == (set(), True)
    rr = await client.write_register(address, 99, device_id=2)
    assert rr.isError()
    assert rr.exception_code == 3
    # Self-test trips the tripping box, alarm reset clears the latch.
    await client.write_register(address, 4, device_id=2)
    assert await status_of(client, profile, 2) == ({"leakage", "contactor_tripped"}, False)
    await client.write_register(address, 3, device_id=2)
    assert await status_of(client, profile, 2) == (set(), False)


async def test_settings_writes(
    sim: SimulatedGateway, client: AsyncModbusTcpClient, profile: Profile
) -> None:
    fld = profile.settings["overcurrent_threshold"]
    rr = await client.write_registers(fld.address, fld.encode(10.0), device_id=3)
    assert not rr.isError()
    assert sim.boxes[3].settings["overcurrent_threshold"] == 10.0
    assert await status_of(client, profile, 3) == ({"overcurrent"}, True)
    rr = await client.read_holding_registers(fld.address, count=1, device_id=3)
    assert fld.decode(rr.registers) == 10.0


async def test_undefined_requests(sim: SimulatedGateway, client: AsyncModbusTcpClient) -> None:
    rr = await client.read_coils(0, count=1, device_id=1)
    assert rr.exception_code == 1
    rr = await client.read_holding_registers(201, count=1, device_id=1)
    assert rr.exception_code == 2
    rr = await client.read_input_registers(120, count=20, device_id=1)
    assert rr.exception_code == 2
    rr = await client.read_input_registers(0, count=1, device_id=9)
    assert rr.exception_code == 11  # gateway: target device failed to respond
    assert sim.requests[9] == 1


async def test_rtu_framing(socket_enabled: None, profile: Profile) -> None:
    sim = SimulatedGateway([SimulatedBox(unit_id=5, serial="SP24R0005")], framer="rtu")
    await sim.start()
    client = new_client(sim.port, "rtu")
    try:
        assert await client.connect()
        image = await read_blocks(client, 5, profile.identity_plan())
        assert decode_identity(profile, image, "x").serial == "SP24R0005"
        rr = await client.write_register(200, 1, device_id=5)
        assert not rr.isError()
        assert not sim.boxes[5].contactor_closed
    finally:
        client.close()
        await sim.stop()


async def test_run_loop(
    sim: SimulatedGateway, client: AsyncModbusTcpClient, profile: Profile
) -> None:
    task = asyncio.create_task(sim.run(tick_interval=0.02))
    await asyncio.sleep(0.15)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    box = sim.boxes[3]
    assert box.elapsed > 0.05
    image = await read_blocks(client, 3, profile.telemetry_plan())
    energy = profile.measurements["energy"]
    regs = image.get(energy)
    assert regs is not None
    assert energy.decode(regs) == pytest.approx(box.energy, abs=0.005)


async def test_control_lines(sim: SimulatedGateway) -> None:
    reply = await handle_line(sim, "2 overload")
    assert reply["ok"]
    assert reply["boxes"][0]["scenario"] == "overload"
    reply = await handle_line(sim, "2 tick 1")
    assert reply["boxes"][0]["alarms"] == ["contactor_tripped", "overcurrent"]
    assert (await handle_line(sim, "1 slow 0.2"))["ok"]
    assert sim.boxes[1].fault is Fault.SLOW
    assert sim.boxes[1].slow_delay == 0.2
    assert (await handle_line(sim, "1 exception 6"))["boxes"][0]["fault"] == "exception"
    assert sim.boxes[1].exception_code == 6
    assert (await handle_line(sim, "3 open"))["boxes"][0]["contactor"] == "open"
    assert (await handle_line(sim, "1 meter 12.5"))["ok"]  # a meter replaced
    assert sim.boxes[1].values["energy"] == 12.5
    assert not (await handle_line(sim, "1 meter"))["ok"]
    reply = await handle_line(sim, "all recover")
    assert [b["fault"] for b in reply["boxes"]] == [None, None, None]
    reply = await handle_line(sim, "all status")
    assert [b["unit_id"] for b in reply["boxes"]] == [1, 2, 3]
    for line, error in (
        ("9 status", "no box"),
        ("1 fly", "unknown action"),
        ("1", "usage"),
        ("1 slow abc", "not a number"),
        ("1 phase_loss", "single-phase"),
    ):
        reply = await handle_line(sim, line)
        assert not reply["ok"]
        assert error in reply["error"]


async def test_control_server_and_cli(
    sim: SimulatedGateway, capsys: pytest.CaptureFixture[str]
) -> None:
    control = ControlServer(sim)
    port = await control.start()
    try:
        reply = await send_control("3 leakage_ramp", port=port)
        assert reply["ok"]
        assert sim.boxes[3].scenario is Scenario.LEAKAGE_RAMP
        status = await asyncio.to_thread(
            main, ["ctl", "--control-port", str(port), "all", "status"]
        )
        assert status == 0
        out = capsys.readouterr().out
        assert "SP24T0001" in out
        assert "leakage_ramp" in out
        status = await asyncio.to_thread(main, ["ctl", "--control-port", str(port), "7", "status"])
        assert status == 1
        assert "no box with unit id" in capsys.readouterr().err
    finally:
        await control.stop()
    status = await asyncio.to_thread(main, ["ctl", "--control-port", str(port), "all", "status"])
    assert status == 2
    assert "Cannot reach" in capsys.readouterr().err


async def test_box_on_another_profile(socket_enabled: None) -> None:
    """Any profile works: here a holding-only residual-current relay without identity."""
    profiles = load_profiles()
    acrel = profiles["acrel_asj"]
    relay = SimulatedBox(unit_id=4, serial="relay", phases=1, profile=acrel)
    sim = SimulatedGateway([relay, SimulatedBox(unit_id=1, serial="SP24T0001")])
    await sim.start()
    gateway = ModbusGateway(
        GatewayConfig(Transport.TCP, host="127.0.0.1", port=sim.port, timeout=TIMEOUT)
    )
    client = new_client(sim.port)
    try:
        found = await gateway.scan([1, 4], profiles)
        assert {u: p.id for u, (p, _) in found.items()} == {
            1: "safe_power_reference",
            4: "acrel_asj",
        }
        assert await client.connect()
        rr = await client.read_input_registers(0, count=1, device_id=4)
        assert rr.exception_code == 2  # the relay has no input registers
        relay.set_scenario("leakage_ramp")
        relay.tick(60.0)
        await sim.push()
        reading, _ = decode_reading(
            acrel, await read_blocks(client, 4, acrel.telemetry_plan()), None, 1
        )
        assert reading.values["leakage_current"] == pytest.approx(
            relay.values["leakage_current"], abs=0.5
        )
        assert {a.value for a in reading.alarms} == {"leakage"}
    finally:
        client.close()
        gateway.close()
        await sim.stop()


async def test_an_emulated_bus_holds_each_transaction_for_its_wire_time() -> None:
    """9600 baud: a telemetry read (34 registers) holds it 91.7 ms, the alarm lane 25 ms.

    The bus is held by sleeping; the test counts the sleeps instead of timing them.
    """
    bus = SerialBus(9600)
    sim = SimulatedGateway([SimulatedBox(unit_id=1, serial="SP24A0001")], wire=bus)
    held: list[float] = []
    on_the_wire = [0, 0]  # now, most at once
    real_sleep = asyncio.sleep

    async def hold(seconds: float) -> None:
        held.append(seconds)
        on_the_wire[0] += 1
        on_the_wire[1] = max(on_the_wire)
        for _ in range(5):  # let the other request run, if it could
            await real_sleep(0)
        on_the_wire[0] -= 1

    sim.sleep = hold
    port = await sim.start()
    client, other = new_client(port), new_client(port)
    try:
        await client.connect()
        await other.connect()
        await client.read_input_registers(100, count=34, device_id=1)
        await client.read_input_registers(100, count=2, device_id=1)
        # Two clients at once: the bus takes them one after the other, each its full time.
        await asyncio.gather(
            client.read_input_registers(100, count=2, device_id=1),
            other.read_input_registers(100, count=2, device_id=1),
        )
    finally:
        client.close()
        other.close()
        await sim.stop()
    assert held == pytest.approx([bus.read_time(34), *[bus.read_time(2)] * 3])
    assert held[:2] == pytest.approx([88 / 960, 0.025])
    assert sim.wire_time == pytest.approx(sum(held))
    assert on_the_wire[1] == 1  # never two transactions on the wire at once

"""The MQTT simulated box against a real mosquitto: contract, commands, alarms, test modes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import json
from pathlib import Path
import signal
import sys

import pytest

from custom_components.safe_power.box.model import AlarmCause
from custom_components.safe_power.box.mqtt import (
    MAX_PAYLOAD,
    Command,
    PayloadError,
    Topic,
    encode_command,
    parse_alarm,
    parse_availability,
    parse_config,
    parse_state,
    topic,
)
from safe_power_tools.mqtt_common import BrokerConfig, MosquittoBroker, MqttProbe, free_port
from safe_power_tools.simulator.box import DEFAULT_SETTINGS, Fault, SimulatedBox
from safe_power_tools.simulator.control import ControlServer, handle_line, send_control
from safe_power_tools.simulator.fleet import FleetError
from safe_power_tools.simulator.mqtt_box import (
    MqttFault,
    MqttSimulatedBox,
    load_fleet_transports,
    malformed_payloads,
)
from safe_power_tools.simulator.server import SimulatedGateway

pytestmark = pytest.mark.usefixtures("socket_enabled")

SERIAL = "SP24M0003"
REPO = Path(__file__).parents[2]


def t(kind: Topic, box_id: str = SERIAL) -> str:
    return topic("safe_power", box_id, kind)


def on(kind: Topic, box_id: str = SERIAL):
    want = t(kind, box_id)
    return lambda m: m.topic == want


@pytest.fixture
async def mbox(mosquitto: MosquittoBroker, probe: MqttProbe) -> AsyncIterator[MqttSimulatedBox]:
    box = SimulatedBox(unit_id=3, serial=SERIAL, phases=3, seed=3, location="B2 east", floor=-2)
    box.x, box.y = 12.5, 4.0
    sim = MqttSimulatedBox(box, BrokerConfig(port=mosquitto.port))
    await sim.start()
    yield sim
    await sim.stop()


async def test_config_online_and_state(mbox: MqttSimulatedBox, probe: MqttProbe) -> None:
    config_msg = await probe.wait_for(on(Topic.CONFIG))
    assert config_msg.retain or config_msg.qos == 1
    config = parse_config(config_msg.payload, SERIAL)
    assert config == mbox.config
    assert config is not None
    assert config.identity.serial == SERIAL
    assert config.identity.phases == 3
    assert config.location.text == "B2 east"
    assert (config.location.x, config.location.y, config.location.floor) == (12.5, 4.0, -2)
    caps = config.capabilities
    assert {"voltage_c", "line_voltage_ab", "current_n", "energy"} <= caps.measurements
    assert AlarmCause.PHASE_LOSS in caps.alarms
    assert caps.contactor
    assert caps.commands == frozenset(Command)
    assert caps.settings == frozenset(DEFAULT_SETTINGS)

    online = await probe.wait_for(on(Topic.AVAILABILITY))
    assert parse_availability(online.payload) is True

    first = await probe.wait_for(on(Topic.STATE))  # one state right after connecting
    assert parse_state(first.payload).ack is None
    mbox.tick(1.0)
    mark = probe.mark()
    mbox.publish_state()
    state = parse_state((await probe.wait_for(on(Topic.STATE), since=mark)).payload)
    assert not state.dropped
    assert dict(state.reading.values) == dict(mbox.reading().values)
    assert state.reading.values["voltage_a"] == mbox.box.values["voltage_a"]
    assert state.reading.contactor_closed is True
    assert state.reading.alarms == frozenset()
    assert dict(state.reading.settings) == DEFAULT_SETTINGS


async def test_single_phase_capabilities(mosquitto: MosquittoBroker, probe: MqttProbe) -> None:
    box = SimulatedBox(unit_id=1, serial="SP24M0001", phases=1, has_neutral_sensors=False)
    sim = MqttSimulatedBox(box, BrokerConfig(port=mosquitto.port), prefix="site/a")
    await sim.start()
    try:
        msg = await probe.wait_for(lambda m: m.topic == "site/a/SP24M0001/config")
        config = parse_config(msg.payload, "SP24M0001")
        assert config is not None
        caps = config.capabilities
        assert "voltage_a" in caps.measurements
        assert not {"voltage_b", "line_voltage_ab", "current_n"} & caps.measurements
        assert not {AlarmCause.PHASE_LOSS, AlarmCause.UNBALANCE} & caps.alarms
        assert AlarmCause.LEAKAGE in caps.alarms
    finally:
        await sim.stop()


async def test_contactor_open_command_is_acknowledged(
    mbox: MqttSimulatedBox, probe: MqttProbe
) -> None:
    await probe.wait_for(on(Topic.STATE))
    probe.publish(t(Topic.SET), encode_command(Command.CONTACTOR_OPEN, "cmd-1"), qos=1)
    msg = await probe.wait_for(
        lambda m: m.topic == t(Topic.STATE) and parse_state(m.payload).ack == "cmd-1"
    )
    state = parse_state(msg.payload)
    assert state.reading.contactor_closed is False
    assert state.reading.values["current_a"] == 0.0
    assert mbox.box.contactor_closed is False
    assert mbox.commands == [(Command.CONTACTOR_OPEN, "cmd-1")]

    probe.publish(t(Topic.SET), encode_command(Command.CONTACTOR_CLOSE, "cmd-2"), qos=1)
    msg = await probe.wait_for(
        lambda m: m.topic == t(Topic.STATE) and parse_state(m.payload).ack == "cmd-2"
    )
    assert parse_state(msg.payload).reading.contactor_closed is True

    probe.publish(t(Topic.SET), b'{"schema":1,"command":"explode","id":"x"}', qos=1)
    await probe.wait_until(lambda: bool(mbox.rejected))
    assert "unknown command" in mbox.rejected[0]


async def test_settings_command_is_applied_and_acknowledged(
    mbox: MqttSimulatedBox, probe: MqttProbe
) -> None:
    await probe.wait_for(on(Topic.STATE))
    payload = encode_command(Command.SETTINGS, "set-1", {"leakage_threshold": 450.0})
    probe.publish(t(Topic.SET), payload, qos=1)
    msg = await probe.wait_for(
        lambda m: m.topic == t(Topic.STATE) and parse_state(m.payload).ack == "set-1"
    )
    assert parse_state(msg.payload).reading.settings["leakage_threshold"] == 450.0
    assert mbox.box.settings["leakage_threshold"] == 450.0
    # Outside its range, or unknown: refused, nothing changed.
    for bad in ('{"leakage_threshold": -5}', '{"humidity": 3}', "{}"):
        probe.publish(
            t(Topic.SET), f'{{"schema":1,"command":"settings","id":"b","settings":{bad}}}', qos=1
        )
    await probe.wait_until(lambda: len(mbox.rejected) == 3)
    assert mbox.box.settings["leakage_threshold"] == 450.0


async def test_a_repeated_command_is_acknowledged_not_executed(
    mbox: MqttSimulatedBox, probe: MqttProbe
) -> None:
    await probe.wait_for(on(Topic.STATE))
    probe.publish(t(Topic.SET), encode_command(Command.CONTACTOR_OPEN, "once"), qos=1)
    await probe.wait_for(
        lambda m: m.topic == t(Topic.STATE) and parse_state(m.payload).ack == "once"
    )
    mbox.execute(Command.CONTACTOR_CLOSE)  # closed again, e.g. at the box itself
    mark = probe.mark()
    probe.publish(t(Topic.SET), encode_command(Command.CONTACTOR_OPEN, "once"), qos=1)
    msg = await probe.wait_for(
        lambda m: m.topic == t(Topic.STATE) and parse_state(m.payload).ack == "once", since=mark
    )
    assert parse_state(msg.payload).reading.contactor_closed is True
    assert mbox.box.contactor_closed is True
    assert [c for c, _ in mbox.commands] == [Command.CONTACTOR_OPEN, Command.CONTACTOR_OPEN]


async def test_exception_fault_refuses_commands(mbox: MqttSimulatedBox, probe: MqttProbe) -> None:
    await probe.wait_for(on(Topic.STATE))
    mbox.box.set_fault(Fault.EXCEPTION)
    mark = probe.mark()
    probe.publish(t(Topic.SET), encode_command(Command.CONTACTOR_OPEN, "refused"), qos=1)
    await probe.wait_until(lambda: bool(mbox.commands))
    mbox.publish_state()
    await probe.wait_for(on(Topic.STATE), since=mark)
    assert all(parse_state(m.payload).ack is None for m in probe.on(t(Topic.STATE), since=mark))
    assert mbox.box.contactor_closed is True


async def test_garbage_fault_sends_values_to_drop(mbox: MqttSimulatedBox, probe: MqttProbe) -> None:
    await probe.wait_for(on(Topic.STATE))
    mbox.box.set_fault(Fault.GARBAGE)
    mark = probe.mark()
    mbox.publish_state()
    state = parse_state((await probe.wait_for(on(Topic.STATE), since=mark)).payload)
    assert {"cable_temperature_a", "box_temperature", "current_b", "active_power"} <= set(
        state.dropped
    )
    assert "voltage_a" not in state.reading.values  # sent as null: not present
    assert state.reading.values["voltage_b"] == mbox.box.values["voltage_b"]  # the rest stays


async def test_stuck_contactor_acks_with_the_real_position(
    mbox: MqttSimulatedBox, probe: MqttProbe
) -> None:
    mbox.box.set_fault(Fault.STUCK_CONTACTOR)
    probe.publish(t(Topic.SET), encode_command(Command.CONTACTOR_OPEN, "stuck"), qos=1)
    msg = await probe.wait_for(
        lambda m: m.topic == t(Topic.STATE) and parse_state(m.payload).ack == "stuck"
    )
    assert parse_state(msg.payload).reading.contactor_closed is True


async def test_retained_command_is_ignored(mosquitto: MosquittoBroker, probe: MqttProbe) -> None:
    box = SimulatedBox(unit_id=5, serial="SP24M0005")
    probe.publish(
        t(Topic.SET, "SP24M0005"), encode_command(Command.CONTACTOR_OPEN, "old"), retain=True
    )
    await probe.wait_for(on(Topic.SET, "SP24M0005"))
    sim = MqttSimulatedBox(box, BrokerConfig(port=mosquitto.port))
    await sim.start()
    try:
        await probe.wait_until(lambda: bool(sim.rejected))
        assert sim.rejected == ["retained"]
        assert box.contactor_closed is True
        assert sim.commands == []
    finally:
        probe.publish(t(Topic.SET, "SP24M0005"), b"", retain=True)
        await sim.stop()


async def test_overload_raises_and_clears_an_alarm(
    mbox: MqttSimulatedBox, probe: MqttProbe
) -> None:
    await probe.wait_for(on(Topic.STATE))
    mark = probe.mark()
    mbox.box.set_scenario("overload")
    mbox.tick(1.0)
    msg = await probe.wait_for(on(Topic.ALARM))
    # A state follows at once with the alarm in its list.
    await probe.wait_for(
        lambda m: (
            m.topic == t(Topic.STATE)
            and AlarmCause.OVERCURRENT in parse_state(m.payload).reading.alarms
        ),
        since=mark,
    )
    assert msg.qos == 1
    alarm = parse_alarm(msg.payload)
    assert alarm.cause is AlarmCause.OVERCURRENT
    assert alarm.raised
    assert alarm.threshold == DEFAULT_SETTINGS["overcurrent_threshold"]
    assert alarm.channel in {"current_a", "current_b", "current_c", "current_n"}
    assert alarm.value == mbox.box.values[alarm.channel]
    assert alarm.value is not None
    assert alarm.value > alarm.threshold

    mark = probe.mark()
    mbox.box.set_scenario("normal")
    mbox.tick(5.0)  # past the detector's alarm hold
    msg = await probe.wait_for(on(Topic.ALARM), since=mark)
    cleared = parse_alarm(msg.payload)
    assert (cleared.cause, cleared.raised) == (AlarmCause.OVERCURRENT, False)


async def test_abrupt_disconnect_publishes_the_will(
    mbox: MqttSimulatedBox, probe: MqttProbe
) -> None:
    await probe.wait_for(on(Topic.AVAILABILITY))
    mark = probe.mark()
    await mbox.go_offline()
    msg = await probe.wait_for(on(Topic.AVAILABILITY), since=mark)
    assert parse_availability(msg.payload) is False
    assert not mbox.online
    mbox.tick(1.0)  # nothing published while offline
    mbox.publish_state()

    mark = probe.mark()
    await mbox.recover()
    msg = await probe.wait_for(on(Topic.AVAILABILITY), since=mark)
    assert parse_availability(msg.payload) is True
    assert probe.on(t(Topic.CONFIG), since=mark)  # config again on reconnection


async def test_malformed_mode_publishes_only_rejected_payloads(
    mbox: MqttSimulatedBox, probe: MqttProbe
) -> None:
    await probe.wait_for(on(Topic.STATE))
    mbox.set_mqtt_fault(MqttFault.MALFORMED)
    mark = probe.mark()
    rounds = max(len(malformed_payloads(kind, mbox)) for kind in Topic if kind is not Topic.SET)
    for _ in range(rounds):
        mbox.tick(1.0)
    mbox.publish_state()
    await probe.wait_until(lambda: len(probe.messages) - mark >= 4 * rounds + 1)

    parsers = {
        t(Topic.CONFIG): lambda p: parse_config(p, SERIAL),
        t(Topic.STATE): parse_state,
        t(Topic.ALARM): parse_alarm,
        t(Topic.AVAILABILITY): parse_availability,
    }
    seen: dict[str, int] = {}
    reasons: set[str] = set()
    for msg in probe.messages[mark:]:
        parser = parsers[msg.topic]
        with pytest.raises(PayloadError) as err:
            parser(msg.payload)
        seen[msg.topic] = seen.get(msg.topic, 0) + 1
        reasons.add(str(err.value).split(":")[0])
    assert set(seen) == set(parsers)
    assert {"payload", "schema", "time", "values.voltage_a", "location.latitude"} <= reasons
    assert any(len(m.payload) > MAX_PAYLOAD for m in probe.messages[mark:])
    assert any(b"NaN" in m.payload for m in probe.messages[mark:])

    mark = probe.mark()
    mbox.set_mqtt_fault(None)  # the retained topics are put right again
    config = await probe.wait_for(on(Topic.CONFIG), since=mark)
    assert parse_config(config.payload, SERIAL) == mbox.config
    online = await probe.wait_for(on(Topic.AVAILABILITY), since=mark)
    assert parse_availability(online.payload) is True


async def test_flapping_availability(mbox: MqttSimulatedBox, probe: MqttProbe) -> None:
    await probe.wait_for(on(Topic.AVAILABILITY))
    mark = probe.mark()
    mbox.set_mqtt_fault(MqttFault.FLAPPING)
    for _ in range(4):
        mbox.tick(1.0)
    await probe.wait_until(lambda: len(probe.on(t(Topic.AVAILABILITY), since=mark)) >= 4)
    words = [parse_availability(m.payload) for m in probe.on(t(Topic.AVAILABILITY), since=mark)]
    assert words == [False, True, False, True]


async def test_silent_commands_are_never_acknowledged(
    mbox: MqttSimulatedBox, probe: MqttProbe
) -> None:
    await probe.wait_for(on(Topic.STATE))
    mbox.set_mqtt_fault(MqttFault.SILENT_COMMANDS)
    mark = probe.mark()
    probe.publish(t(Topic.SET), encode_command(Command.CONTACTOR_OPEN, "quiet"), qos=1)
    await probe.wait_until(lambda: bool(mbox.commands))
    mbox.publish_state()  # published after the command was handled: comes after any ack
    await probe.wait_for(on(Topic.STATE), since=mark)
    assert all(parse_state(m.payload).ack is None for m in probe.on(t(Topic.STATE), since=mark))
    assert mbox.box.contactor_closed is True


async def test_slow_box_answers_late(mbox: MqttSimulatedBox, probe: MqttProbe) -> None:
    mbox.box.set_fault(Fault.SLOW, delay=0.3)
    probe.publish(t(Topic.SET), encode_command(Command.SELF_TEST, "slow-1"), qos=1)
    await probe.wait_until(lambda: bool(mbox.commands))
    assert mbox.box.contactor_closed is True
    msg = await probe.wait_for(
        lambda m: m.topic == t(Topic.STATE) and parse_state(m.payload).ack == "slow-1"
    )
    assert AlarmCause.LEAKAGE in parse_state(msg.payload).reading.alarms


async def test_control_lines_reach_mqtt_boxes(
    mosquitto: MosquittoBroker, probe: MqttProbe, tmp_path: Path
) -> None:
    fleet = tmp_path / "fleet.json"
    fleet.write_text(
        json.dumps(
            {
                "schema": 1,
                "boxes": [
                    {"unit_id": 1, "serial": "SP24T0001", "phases": 1},
                    {"unit_id": 11, "serial": "SP24M0011", "transport": "mqtt", "phases": 3},
                ],
            }
        )
    )
    modbus_boxes, mqtt_boxes = load_fleet_transports(fleet)
    assert [b.unit_id for b in modbus_boxes] == [1]
    assert [b.unit_id for b in mqtt_boxes] == [11]
    gateway = SimulatedGateway(modbus_boxes)
    await gateway.start()
    sim = MqttSimulatedBox(mqtt_boxes[0], BrokerConfig(port=mosquitto.port))
    await sim.start()
    control = ControlServer(gateway, mqtt_boxes={11: sim})
    port = await control.start()
    try:
        reply = await send_control("11 open", port=port)
        assert reply["ok"]
        assert reply["boxes"][0]["contactor"] == "open"
        assert reply["boxes"][0]["transport"] == "mqtt"
        await probe.wait_for(
            lambda m: (
                m.topic == t(Topic.STATE, "SP24M0011")
                and parse_state(m.payload).reading.contactor_closed is False
            )
        )

        mark = probe.mark()
        reply = await handle_line(gateway, "11 offline", {11: sim})
        assert reply["boxes"][0]["connected"] is False
        msg = await probe.wait_for(on(Topic.AVAILABILITY, "SP24M0011"), since=mark)
        assert parse_availability(msg.payload) is False
        mark = probe.mark()
        await handle_line(gateway, "all recover", {11: sim})
        msg = await probe.wait_for(on(Topic.AVAILABILITY, "SP24M0011"), since=mark)
        assert parse_availability(msg.payload) is True

        assert (await handle_line(gateway, "11 flapping", {11: sim}))["ok"]
        assert sim.mqtt_fault is MqttFault.FLAPPING
        reply = await handle_line(gateway, "1 malformed", {11: sim})
        assert not reply["ok"]
        assert "MQTT boxes only" in reply["error"]
        reply = await handle_line(gateway, "all status", {11: sim})
        assert [b["unit_id"] for b in reply["boxes"]] == [1, 11]
    finally:
        await control.stop()
        await sim.stop()
        await gateway.stop()


async def test_simulator_command_serves_mqtt_boxes(
    mosquitto: MosquittoBroker, probe: MqttProbe, tmp_path: Path
) -> None:
    """`python -m safe_power_tools.simulator serve` with an MQTT box, steered by `ctl` lines."""
    fleet = tmp_path / "fleet.json"
    fleet.write_text(
        json.dumps(
            {
                "schema": 1,
                "boxes": [
                    {"unit_id": 1, "serial": "SP24T0001", "phases": 1},
                    {"unit_id": 12, "serial": "SP24M0012", "transport": "mqtt"},
                ],
            }
        )
    )
    control = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "safe_power_tools.simulator",
        "serve",
        "--port",
        "0",
        "--control-port",
        str(control),
        "--fleet",
        str(fleet),
        "--mqtt-port",
        str(mosquitto.port),
        "--tick",
        "0.2",
        "--state-interval",
        "0.5",
        cwd=REPO,
        stderr=asyncio.subprocess.PIPE,
    )
    box = "SP24M0012"
    try:
        await probe.wait_for(on(Topic.CONFIG, box), within=15)
        await probe.wait_for(on(Topic.STATE, box))
        reply = await send_control("12 overload", port=control)
        assert reply["ok"], reply
        msg = await probe.wait_for(on(Topic.ALARM, box), within=5)
        assert parse_alarm(msg.payload).cause is AlarmCause.OVERCURRENT
        mark = probe.mark()
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(10):
            _, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    msg = await probe.wait_for(on(Topic.AVAILABILITY, box), since=mark)
    assert parse_availability(msg.payload) is False  # a clean stop says offline itself


def test_fleet_transport_is_checked(tmp_path: Path) -> None:
    fleet = tmp_path / "fleet.json"
    fleet.write_text(
        json.dumps({"schema": 1, "boxes": [{"unit_id": 1, "serial": "A1", "transport": "zigbee"}]})
    )
    with pytest.raises(FleetError, match="transport"):
        load_fleet_transports(fleet)
    fleet.write_text(
        json.dumps({"schema": 1, "boxes": [{"unit_id": 1, "serial": "A 1", "transport": "mqtt"}]})
    )
    with pytest.raises(FleetError, match="MQTT box id"):
        load_fleet_transports(fleet)
    modbus_boxes, mqtt_boxes = load_fleet_transports("default")
    assert modbus_boxes
    assert not mqtt_boxes

"""The Modbus-to-MQTT bridge end to end: simulated gateway -> bridge -> mosquitto -> test client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import json
import logging
from pathlib import Path
import signal
import sys

import pytest

from custom_components.safe_power.box.modbus import GatewayConfig, Transport, decode_reading
from custom_components.safe_power.box.model import QUANTITIES, AlarmCause, BoxReading
from custom_components.safe_power.box.mqtt import (
    BoxConfig,
    BoxLocation,
    Command,
    Topic,
    encode_command,
    parse_alarm,
    parse_availability,
    parse_config,
    parse_state,
    topic,
)
from custom_components.safe_power.box.profile import RegisterImage
from safe_power_tools.bridge import BoxEntry, Bridge, BridgeConfig
from safe_power_tools.bridge.__main__ import main
from safe_power_tools.bridge.bridge import (
    MAX_FAILURES,
    ConfigError,
    build_config,
    parse_units,
    read_config_file,
)
from safe_power_tools.mqtt_common import (
    BrokerConfig,
    Message,
    MosquittoBroker,
    MqttProbe,
    TlsListener,
    wait_until,
)
from safe_power_tools.simulator.box import DEFAULT_SETTINGS, Fault, SimulatedBox, reference_profile
from safe_power_tools.simulator.server import SimulatedGateway

pytestmark = pytest.mark.usefixtures("socket_enabled")

ONE, THREE = "SP24B0001", "SP24B0002"
REPO = Path(__file__).parents[2]
NEUTRAL = {"current_n", "cable_temperature_n"}
PASSWORD = "s3cret-for-tests"  # noqa: S105
LOCATION = BoxLocation(text="B2, east shaft, box 2", floor=-2, x=12.5, y=4.0)


def t(box_id: str, kind: Topic) -> str:
    return topic("safe_power", box_id, kind)


def on(box_id: str, kind: Topic) -> Callable[[Message], bool]:
    want = t(box_id, kind)
    return lambda m: m.topic == want


def state_where(box_id: str, check: Callable[[BoxReading], bool]) -> Callable[[Message], bool]:
    want = t(box_id, Topic.STATE)
    return lambda m: m.topic == want and check(parse_state(m.payload).reading)


def acked(box_id: str, command_id: str) -> Callable[[Message], bool]:
    want = t(box_id, Topic.STATE)
    return lambda m: m.topic == want and parse_state(m.payload).ack == command_id


def availability(box_id: str, *, online: bool) -> Callable[[Message], bool]:
    want = t(box_id, Topic.AVAILABILITY)
    return lambda m: m.topic == want and parse_availability(m.payload) is online


def modbus_values(box: SimulatedBox) -> dict[str, float]:
    """The values Home Assistant would decode from the box's registers right now."""
    profile = box.profile
    registers = box.registers()
    image = RegisterImage()
    for block in profile.telemetry_plan():
        table = registers[block.table]
        image.add(block, [table[a] for a in range(block.address, block.address + block.count)])
    reading, dropped = decode_reading(profile, image, None, box.phases)
    assert not dropped
    return dict(reading.values)


@pytest.fixture
async def sim() -> AsyncIterator[SimulatedGateway]:
    gateway = SimulatedGateway(
        [
            SimulatedBox(unit_id=1, serial=ONE, phases=1, seed=1, has_neutral_sensors=False),
            SimulatedBox(unit_id=2, serial=THREE, phases=3, seed=2),
        ]
    )
    await gateway.start()
    yield gateway
    await gateway.stop()


def bridge_config(sim: SimulatedGateway, mosquitto: MosquittoBroker, **kwargs: object):
    settings: dict[str, object] = {
        "gateway": GatewayConfig(Transport.TCP, host="127.0.0.1", port=sim.port, timeout=0.3),
        "broker": BrokerConfig(port=mosquitto.port),
        "units": (1, 2, 3),  # nothing at unit 3
        "boxes": (BoxEntry(unit=2, profile="safe_power_reference", location=LOCATION),),
        "telemetry_interval": 0.5,
        "alarm_interval": 0.1,
    }
    settings.update(kwargs)
    return BridgeConfig(**settings)  # type: ignore[arg-type]


@pytest.fixture
async def bridge(
    sim: SimulatedGateway, mosquitto: MosquittoBroker, probe: MqttProbe
) -> AsyncIterator[Bridge]:
    running = Bridge(bridge_config(sim, mosquitto))
    await running.start()
    yield running
    await running.stop()


async def test_configs_availability_and_states(
    bridge: Bridge, sim: SimulatedGateway, probe: MqttProbe
) -> None:
    one = parse_config((await probe.wait_for(on(ONE, Topic.CONFIG))).payload, ONE)
    three = parse_config((await probe.wait_for(on(THREE, Topic.CONFIG))).payload, THREE)
    assert isinstance(one, BoxConfig)
    assert isinstance(three, BoxConfig)
    assert sorted(bridge.boxes) == [ONE, THREE]

    profile = reference_profile()
    assert one.identity.serial == ONE
    assert one.identity.phases == 1
    assert one.identity.model == "SP-400-1P"
    assert one.identity.manufacturer == "Safe Power"
    assert one.identity.firmware == "1.4.2"
    # As Home Assistant does for a Modbus box: what the detector marks "not present" (this box
    # has no neutral sensors) is not announced.
    assert (
        one.capabilities.measurements
        == {k for k in profile.measurements if QUANTITIES[k].applies(1)} - NEUTRAL
    )
    assert "voltage_b" not in one.capabilities.measurements
    assert "line_voltage_ab" not in one.capabilities.measurements
    assert profile.alarms is not None
    assert one.capabilities.alarms == {AlarmCause(name) for name in profile.alarms.bits} - {
        AlarmCause.PHASE_LOSS,
        AlarmCause.UNBALANCE,
    }
    assert one.capabilities.contactor
    assert one.capabilities.commands == frozenset(Command)
    assert one.capabilities.settings == frozenset(DEFAULT_SETTINGS)
    assert one.location == BoxLocation()

    assert three.identity.phases == 3
    assert three.capabilities.measurements == set(profile.measurements)
    assert AlarmCause.PHASE_LOSS in three.capabilities.alarms
    assert AlarmCause.UNBALANCE in three.capabilities.alarms
    assert three.location == LOCATION

    for box_id in (ONE, THREE):
        msg = await probe.wait_for(on(box_id, Topic.AVAILABILITY))
        assert parse_availability(msg.payload) is True
        assert msg.qos == 1

    for unit, box_id in ((1, ONE), (2, THREE)):
        msg = await probe.wait_for(on(box_id, Topic.STATE))
        state = parse_state(msg.payload)
        assert not state.dropped
        assert state.ack is None
        assert dict(state.reading.values) == modbus_values(sim.boxes[unit])
        assert state.reading.contactor_closed is True
        assert state.reading.alarms == frozenset()
        assert dict(state.reading.settings) == pytest.approx(DEFAULT_SETTINGS)
    bridge_status = await probe.wait_for(lambda m: m.topic == bridge.availability_topic)
    assert bridge_status.payload == b"online"


async def test_overload_alarm(bridge: Bridge, sim: SimulatedGateway, probe: MqttProbe) -> None:
    await probe.wait_for(on(THREE, Topic.STATE))
    mark = probe.mark()
    sim.boxes[2].set_scenario("overload")
    sim.tick(1.0)
    await sim.push()
    msg = await probe.wait_for(on(THREE, Topic.ALARM), since=mark)
    alarm = parse_alarm(msg.payload)
    assert (alarm.cause, alarm.raised) == (AlarmCause.OVERCURRENT, True)
    assert alarm.threshold == pytest.approx(DEFAULT_SETTINGS["overcurrent_threshold"])
    assert alarm.channel in ("current_a", "current_b", "current_c")
    assert alarm.value == modbus_values(sim.boxes[2])[alarm.channel]
    assert alarm.value is not None
    assert alarm.value > alarm.threshold
    state = await probe.wait_for(
        state_where(THREE, lambda r: AlarmCause.OVERCURRENT in r.alarms), since=mark
    )
    assert parse_state(state.payload).reading.values["current_a"] > 63
    assert not probe.on(t(ONE, Topic.ALARM))

    mark = probe.mark()
    sim.boxes[2].set_scenario("normal")
    sim.tick(5.0)
    await sim.push()
    msg = await probe.wait_for(on(THREE, Topic.ALARM), since=mark)
    cleared = parse_alarm(msg.payload)
    assert (cleared.cause, cleared.raised) == (AlarmCause.OVERCURRENT, False)


@pytest.mark.usefixtures("fast_backoff")
async def test_box_offline_and_back(
    bridge: Bridge, sim: SimulatedGateway, probe: MqttProbe
) -> None:
    for box_id in (ONE, THREE):
        await probe.wait_for(availability(box_id, online=True))
    mark = probe.mark()
    sim.boxes[1].set_scenario("offline")
    await probe.wait_for(availability(ONE, online=False), since=mark)
    # The other box keeps being published.
    after = probe.mark()
    await probe.wait_for(on(THREE, Topic.STATE), since=after)
    assert not probe.on(t(THREE, Topic.AVAILABILITY), since=mark)

    mark = probe.mark()
    sim.boxes[1].set_scenario("recover")
    await probe.wait_for(availability(ONE, online=True), since=mark)
    await probe.wait_for(on(ONE, Topic.STATE), since=mark)


async def test_contactor_command_with_readback_and_ack(
    bridge: Bridge, sim: SimulatedGateway, probe: MqttProbe, caplog: pytest.LogCaptureFixture
) -> None:
    await probe.wait_for(on(THREE, Topic.STATE))
    mark = probe.mark()
    probe.publish(t(THREE, Topic.SET), encode_command(Command.CONTACTOR_OPEN, "open-1"))
    msg = await probe.wait_for(acked(THREE, "open-1"), since=mark)
    state = parse_state(msg.payload)
    assert state.reading.contactor_closed is False
    assert state.reading.values["current_a"] == 0.0  # the values were read after the command
    assert sim.boxes[2].contactor_closed is False
    assert sim.boxes[1].contactor_closed is True

    # A repeated id is acknowledged again, not executed again; invalid payloads are ignored
    # with a warning.
    mark = probe.mark()
    caplog.set_level(logging.WARNING, "safe_power_tools")
    probe.publish(t(THREE, Topic.SET), encode_command(Command.CONTACTOR_CLOSE, "open-1"))
    probe.publish(t(THREE, Topic.SET), b'{"schema":1,"command":"explode","id":"x"}')
    probe.publish(t(THREE, Topic.SET), b"\xff not json")
    probe.publish(t(THREE, Topic.SET), encode_command(Command.CONTACTOR_CLOSE, "close-1"))
    again = await probe.wait_for(acked(THREE, "open-1"), since=mark)
    assert parse_state(again.payload).reading.contactor_closed is False
    msg = await probe.wait_for(acked(THREE, "close-1"), since=mark)
    assert parse_state(msg.payload).reading.contactor_closed is True
    assert sim.boxes[2].contactor_closed is True
    assert not [m for m in probe.on(t(THREE, Topic.STATE), since=mark) if b'"x"' in m.payload]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("/set ignored" in w and "unknown command 'explode'" in w for w in warnings)

    # Self-test: the detector shows a test leakage, the bridge reads it at once.
    mark = probe.mark()
    probe.publish(t(ONE, Topic.SET), encode_command(Command.SELF_TEST, "test-1"))
    msg = await probe.wait_for(acked(ONE, "test-1"), since=mark)
    assert AlarmCause.LEAKAGE in parse_state(msg.payload).reading.alarms
    alarm = parse_alarm((await probe.wait_for(on(ONE, Topic.ALARM), since=mark)).payload)
    assert (alarm.cause, alarm.raised, alarm.channel) == (
        AlarmCause.LEAKAGE,
        True,
        "leakage_current",
    )
    assert alarm.threshold == pytest.approx(300.0)


async def test_stuck_contactor_is_acknowledged_where_it_stays(
    bridge: Bridge, sim: SimulatedGateway, probe: MqttProbe
) -> None:
    """The write is accepted but the read-back never shows the contactor open."""
    await probe.wait_for(on(THREE, Topic.STATE))
    sim.boxes[2].set_fault(Fault.STUCK_CONTACTOR)
    mark = probe.mark()
    probe.publish(t(THREE, Topic.SET), encode_command(Command.CONTACTOR_OPEN, "stuck-1"))
    msg = await probe.wait_for(acked(THREE, "stuck-1"), since=mark, within=8)
    assert parse_state(msg.payload).reading.contactor_closed is True


@pytest.mark.usefixtures("fast_backoff")
async def test_command_to_an_offline_box_is_not_acknowledged(
    bridge: Bridge, sim: SimulatedGateway, probe: MqttProbe
) -> None:
    await probe.wait_for(availability(ONE, online=True))
    await probe.wait_for(on(THREE, Topic.STATE))  # after its /set subscription, same connection
    sim.boxes[1].set_scenario("offline")
    await probe.wait_for(availability(ONE, online=False))
    mark = probe.mark()
    probe.publish(t(ONE, Topic.SET), encode_command(Command.CONTACTOR_OPEN, "lost"))
    probe.publish(t(THREE, Topic.SET), encode_command(Command.ALARM_RESET, "after"))
    await probe.wait_for(acked(THREE, "after"), since=mark)  # handled after "lost"
    assert not [m for m in probe.on(t(ONE, Topic.STATE), since=mark) if b"lost" in m.payload]
    assert sim.boxes[1].contactor_closed is True


async def test_broker_restart(bridge: Bridge, mosquitto: MosquittoBroker, probe: MqttProbe) -> None:
    for box_id in (ONE, THREE):
        await probe.wait_for(availability(box_id, online=True))
    await mosquitto.restart()  # retained messages are gone: no persistence
    mark = probe.mark()
    # The probe reconnects too and subscribes again; the bridge republishes the retained
    # topics, so the probe sees them live or as retained messages.
    for box_id in (ONE, THREE):
        await probe.wait_for(on(box_id, Topic.CONFIG), since=mark, within=8)
        await probe.wait_for(availability(box_id, online=True), since=mark, within=8)
    await probe.wait_for(on(THREE, Topic.STATE), since=mark, within=8)
    assert bridge.connection.connections >= 2


@pytest.mark.usefixtures("fast_backoff")
async def test_gateway_restart(bridge: Bridge, sim: SimulatedGateway, probe: MqttProbe) -> None:
    await probe.wait_for(availability(THREE, online=True))
    mark = probe.mark()
    await sim.stop()
    await probe.wait_for(availability(ONE, online=False), since=mark)
    await probe.wait_for(availability(THREE, online=False), since=mark)
    mark = probe.mark()
    await sim.start()  # the same port
    await probe.wait_for(availability(ONE, online=True), since=mark)
    await probe.wait_for(availability(THREE, online=True), since=mark)
    msg = await probe.wait_for(on(THREE, Topic.STATE), since=mark)
    assert dict(parse_state(msg.payload).reading.values) == modbus_values(sim.boxes[2])


@pytest.mark.usefixtures("fast_backoff")
async def test_a_long_dead_box_does_not_stop_the_others(
    sim: SimulatedGateway, mosquitto: MosquittoBroker
) -> None:
    """After a thousand failures the doubled back-off no longer fits a float."""
    bridge = Bridge(bridge_config(sim, mosquitto))  # not started: the test drives the rounds
    try:
        for now in range(20):  # discovery spends about one alarm interval per round
            if not bridge._pending:
                break
            await bridge._discover(float(now))
        assert sorted(bridge.boxes) == [ONE, THREE]
        sim.boxes[1].set_scenario("offline")
        dead, alive = bridge.poller.boxes[1], bridge.poller.boxes[2]
        dead.failures, dead.retry_at = 5000, 0.0  # days of a dead box
        before = alive.reading
        await bridge.poll_round(1.0)
        assert (dead.online, dead.failures) == (False, MAX_FAILURES + 1)
        assert alive.online
        assert alive.reading is not before
    finally:
        await bridge.stop()


async def test_stop_while_a_request_is_pending(
    sim: SimulatedGateway, mosquitto: MosquittoBroker, probe: MqttProbe
) -> None:
    """pymodbus turns a cancelled request into an I/O error; the bridge still stops."""
    sim.boxes[1].set_fault(Fault.SLOW, delay=0.25)  # below the 0.3 s timeout: always waiting
    bridge = Bridge(bridge_config(sim, mosquitto, units=(1,), boxes=()))
    await bridge.start()
    await probe.wait_for(availability(ONE, online=True))
    rounds = bridge.rounds
    await wait_until(lambda: bridge.rounds > rounds)
    async with asyncio.timeout(3):
        await bridge.stop()


async def test_tls_with_client_certificate_and_password(
    sim: SimulatedGateway, certificates, probe: MqttProbe
) -> None:
    broker = MosquittoBroker(
        tls=TlsListener(
            cafile=certificates.ca,
            certfile=certificates.server_cert,
            keyfile=certificates.server_key,
            require_certificate=True,
            passwords={"bridge": PASSWORD},
        )
    )
    await broker.start()
    watcher = MqttProbe(broker.port, client_id="plain-watcher")
    await watcher.start()
    assert broker.tls_port is not None
    secure = BrokerConfig(
        port=broker.tls_port,
        username="bridge",
        password=PASSWORD,
        ca_certs=str(certificates.ca),
        certfile=str(certificates.client_cert),
        keyfile=str(certificates.client_key),
        tls_insecure=True,  # the certificate names broker.test, the bridge dials 127.0.0.1
    )
    assert PASSWORD not in repr(secure)
    bridge = Bridge(
        BridgeConfig(
            gateway=GatewayConfig(Transport.TCP, host="127.0.0.1", port=sim.port, timeout=0.3),
            broker=secure,
            units=(2,),
            telemetry_interval=0.5,
            alarm_interval=0.1,
        )
    )
    await bridge.start()
    try:
        await watcher.wait_for(on(THREE, Topic.CONFIG))
        await watcher.wait_for(availability(THREE, online=True))
        await watcher.wait_for(on(THREE, Topic.STATE))
        mark = watcher.mark()
        watcher.publish(t(THREE, Topic.SET), encode_command(Command.CONTACTOR_OPEN, "tls-1"))
        await watcher.wait_for(acked(THREE, "tls-1"), since=mark)
    finally:
        await bridge.stop()
        await watcher.stop()
        await broker.stop()
        broker.cleanup()


async def test_bridge_death_publishes_every_will(
    sim: SimulatedGateway, mosquitto: MosquittoBroker, probe: MqttProbe
) -> None:
    bridge = Bridge(bridge_config(sim, mosquitto, client_id="bridge-b2"))
    await bridge.start()
    for box_id in (ONE, THREE):
        await probe.wait_for(availability(box_id, online=True))
    mark = probe.mark()
    await bridge.kill()
    for box_id in (ONE, THREE):
        await probe.wait_for(availability(box_id, online=False), since=mark)
    msg = await probe.wait_for(
        lambda m: m.topic == "safe_power/_bridge/bridge-b2/availability", since=mark
    )
    assert msg.payload == b"offline"


async def test_clean_stop_publishes_offline(
    sim: SimulatedGateway, mosquitto: MosquittoBroker, probe: MqttProbe
) -> None:
    bridge = Bridge(bridge_config(sim, mosquitto, units=(), prefix="site/tower"))
    await bridge.start()
    await probe.wait_for(lambda m: m.topic == f"site/tower/{THREE}/availability")
    assert list(bridge.boxes) == [THREE]  # only the listed box
    mark = probe.mark()
    await bridge.stop()
    msg = await probe.wait_for(lambda m: m.topic == f"site/tower/{THREE}/availability", since=mark)
    assert msg.payload == b"offline"


async def test_rtu_over_tcp(mosquitto: MosquittoBroker, probe: MqttProbe) -> None:
    gateway = SimulatedGateway([SimulatedBox(unit_id=7, serial="SP24R0007")], framer="rtu")
    await gateway.start()
    config = BridgeConfig(
        gateway=GatewayConfig(
            Transport.RTU_OVER_TCP, host="127.0.0.1", port=gateway.port, timeout=0.3
        ),
        broker=BrokerConfig(port=mosquitto.port),
        units=(7,),
        alarm_interval=0.1,
        telemetry_interval=0.5,
    )
    bridge = Bridge(config)
    await bridge.start()
    try:
        msg = await probe.wait_for(on("SP24R0007", Topic.STATE))
        assert dict(parse_state(msg.payload).reading.values) == modbus_values(gateway.boxes[7])
    finally:
        await bridge.stop()
        await gateway.stop()


async def test_installer_command(
    sim: SimulatedGateway, mosquitto: MosquittoBroker, probe: MqttProbe, tmp_path: Path
) -> None:
    """`python -m safe_power_tools.bridge` with a TOML file and flags, stopped by SIGTERM."""
    config = tmp_path / "bridge.toml"
    config.write_text(
        f"""
[gateway]
host = "127.0.0.1"
port = {sim.port}
units = "1-2"
timeout = 0.3
[mqtt]
host = "127.0.0.1"
port = 1
client_id = "cli-bridge"
[polling]
telemetry_interval = 0.5
alarm_interval = 0.2
[[boxes]]
unit = 2
location = {{ text = "Roof", floor = 7, building = "Annex" }}
""",
        encoding="utf-8",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "safe_power_tools.bridge",
        "--config",
        str(config),
        "--mqtt-port",  # a flag overrides the file
        str(mosquitto.port),
        "--log-level",
        "WARNING",
        cwd=REPO,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        msg = await probe.wait_for(on(THREE, Topic.CONFIG), within=15)
        three = parse_config(msg.payload, THREE)
        assert three is not None
        assert three.location == BoxLocation(text="Roof", floor=7, building="Annex")
        await probe.wait_for(on(ONE, Topic.STATE))
        await probe.wait_for(availability(THREE, online=True))
        mark = probe.mark()
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(10):
            _, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    for box_id in (ONE, THREE):
        await probe.wait_for(availability(box_id, online=False), since=mark)
    bridge_status = probe.on("safe_power/_bridge/cli-bridge/availability", since=mark)
    assert [m.payload for m in bridge_status] == [b"offline"]


def test_config_file_and_flags(tmp_path: Path) -> None:
    toml = tmp_path / "bridge.toml"
    toml.write_text(
        """
profiles = "my_profiles"
[gateway]
host = "10.0.0.5"
port = 5020
framer = "rtu_over_tcp"
units = "1-3,9"
timeout = 0.5
[mqtt]
host = "broker.local"
port = 8883
username = "bridge"
password = "pw"
ca = "ca.crt"
client_id = "b1"
prefix = "plant"
[polling]
telemetry_interval = 30
alarm_interval = 1
[[boxes]]
unit = 12
profile = "safe_power_reference"
location = { text = "Roof", latitude = 31.2, longitude = 121.5 }
""",
        encoding="utf-8",
    )
    (tmp_path / "ca.crt").write_text("a CA certificate", encoding="utf-8")
    settings = read_config_file(toml)
    assert settings["profiles"] == str(tmp_path / "my_profiles")
    assert settings["mqtt_ca"] == str(tmp_path / "ca.crt")
    config = build_config({**settings, "profiles": None, "mqtt_port": 1884})
    assert config.gateway.transport is Transport.RTU_OVER_TCP
    assert (config.gateway.host, config.gateway.port, config.gateway.timeout) == (
        "10.0.0.5",
        5020,
        0.5,
    )
    assert config.units == (1, 2, 3, 9)
    assert config.broker.port == 1884
    assert config.broker.uses_tls
    assert (config.broker.username, config.broker.password) == ("bridge", "pw")
    assert (config.client_id, config.prefix) == ("b1", "plant")
    assert (config.telemetry_interval, config.alarm_interval) == (30.0, 1.0)
    assert config.boxes == (
        BoxEntry(
            unit=12,
            profile="safe_power_reference",
            location=BoxLocation(text="Roof", latitude=31.2, longitude=121.5),
        ),
    )

    as_json = tmp_path / "bridge.json"
    as_json.write_text(
        json.dumps({"gateway": {"serial_port": "/dev/ttyUSB0", "units": [1, 2]}}),
        encoding="utf-8",
    )
    serial = build_config(read_config_file(as_json))
    assert serial.gateway.transport is Transport.SERIAL
    assert serial.gateway.serial_port == "/dev/ttyUSB0"
    assert serial.broker.host == "127.0.0.1"
    assert (serial.telemetry_interval, serial.alarm_interval) == (15.0, 2.0)

    for doc, error in (
        ({"gateway": {"host": "h", "unit": "1"}}, "unknown setting"),
        ({"gateway": {"host": 5, "units": "1"}}, "must be of type str"),
        ({"gateway": {"host": "h", "units": "0-3"}}, "outside 1-247"),
        ({"gateway": {"host": "h", "units": "1"}, "boxes": [{"unit": 1, "where": 2}]}, "unknown"),
        (
            {"gateway": {"host": "h"}, "boxes": [{"unit": 1, "location": {"latitude": 95}}]},
            "latitude",
        ),
        (
            {"gateway": {"host": "h"}, "boxes": [{"unit": 1, "location": {"building": 2}}]},
            "location.building: must be a text",
        ),
        ({"gateway": {"host": "h"}}, "unit range"),
        ({"gateway": {"units": "1"}}, "gateway host"),
        ({"gateway": {"host": "h", "units": "1"}, "mqtt": {"prefix": "a/+"}}, "prefix"),
        ({"gateway": {"host": "h", "units": "1"}, "polling": {"alarm_interval": 0}}, "alarm"),
        ({"gateway": {"host": "h", "units": "1"}, "mqtt": {"cert": "nope.crt"}}, "mqtt.cert"),
        ({"gateway": {"host": "h", "units": "1"}, "mqtt": {"key": "k.key"}}, "needs mqtt.cert"),
    ):
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(doc), encoding="utf-8")
        with pytest.raises(ConfigError, match=error):
            build_config(read_config_file(bad))
    assert parse_units("5, 1-2") == (1, 2, 5)


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    for flag in (
        "--gateway-host",
        "--framer",
        "--serial-port",
        "--units",
        "--mqtt-host",
        "--mqtt-password",
        "--mqtt-ca",
        "--mqtt-insecure",
        "--client-id",
        "--prefix",
        "--telemetry-interval",
        "--alarm-interval",
        "--profiles",
        "[[boxes]]",
    ):
        assert flag in text
    assert main(["--gateway-host", "h"]) == 2
    assert "unit range" in capsys.readouterr().err
    bad = tmp_path / "b.toml"
    bad.write_text("[gateway]\nhost = 'h'\nunits = '1'\n[[boxes]]\nunit = 1\nprofile = 'nope'\n")
    assert main(["--config", str(bad)]) == 2
    assert "unknown profile" in capsys.readouterr().err

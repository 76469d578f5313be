"""A site sharded by unit (docs/scaling.md): two mosquittos bridged, two Home Assistants.

The unit's mosquitto carries the simulator's MQTT boxes (the e2e fleet's) and bridges them, with
the configuration docs/scaling.md shows, to the site's mosquitto; the bridge logs in on a
listener of its own where the ACL keeps it to its own boxes' topics. It reaches the site through
a TCP relay on 127.0.0.1 that stands for the unit's uplink, so that a test can cut it. The
unit's Home Assistant is on the unit's broker, the site's on the site's, each started as
`scripts/develop` starts one (no gateway); the site's has the automation of docs/scaling.md
that marks the unit's boxes offline when the bridge is lost. The tests talk to both only
through the HTTP and websocket API the frontend uses; they run in order and build on each other.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator, Mapping
import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
import json
from pathlib import Path
import shutil
import threading
from typing import Any

import pytest
import pytest_socket
import yaml

from custom_components.safe_power.box.mqtt import Command, encode_command
from safe_power_tools.devenv import (
    REPO,
    DevSite,
    HassApi,
    Running,
    watch_attributes,
    watch_entries,
    watch_events,
    watch_flows,
    watch_states,
)
from safe_power_tools.mqtt_common import (
    AclListener,
    BridgeConnection,
    BrokerConfig,
    Message,
    MosquittoBroker,
    MqttConnection,
    MqttProbe,
    free_port,
    wait_until,
)

from .conftest import E2E_FLEET, OUTPUT, Site, fleet_units, stop_site

DOMAIN = "safe_power"
# The unit's boxes: the e2e fleet's MQTT boxes, by serial (their box id).
BOXES = {b["serial"]: b for b in fleet_units().values() if b.get("transport") == "mqtt"}
BOX = "SP24M0011"  # the three-phase one, with a contactor
OTHER_UNITS_BOX = "SP24X0001"  # a box id the unit does not own
UNIT_USER = "unit_a"
UNIT_PASSWORD = "unit-a-bridge-secret"  # noqa: S105  (a test broker's)
BRIDGE_STATE = "bridges/unit_a/state"  # 1 while the bridge is up, 0 once it is lost

# The rest of the unit's `connection` section, as docs/scaling.md shows it.
BRIDGE_OPTIONS = f"""
remote_clientid bridge-unit_a
cleansession true
local_cleansession false
keepalive_interval 20
restart_timeout 2 10
notification_topic {BRIDGE_STATE}
topic safe_power/+/config out 1
topic safe_power/+/availability out 1
topic safe_power/+/state out 0
topic safe_power/+/alarm out 1
topic safe_power/+/set in 1
"""
# The site broker's ACL on the bridges' listener.
SITE_ACL = "\n".join(
    [
        f"user {UNIT_USER}",
        *(f"topic readwrite safe_power/{serial}/#" for serial in BOXES),
        f"topic write {BRIDGE_STATE}",
    ]
)
# The site's automation: the unit's boxes offline (retained) when its bridge is lost. When the
# bridge is back, it sends the unit broker's retained availability again, which replaces it.
AUTOMATION_ID = "unit_a_bridge_lost"
AUTOMATION = f"""
alias: Unit A bridge lost
description: Mark unit A's boxes offline while its bridge to the site is down.
mode: queued
triggers:
  - trigger: mqtt
    topic: {BRIDGE_STATE}
    payload: "0"
actions:
  - repeat:
      for_each: {json.dumps(sorted(BOXES))}
      sequence:
        - action: mqtt.publish
          data:
            topic: "safe_power/{{{{ repeat.item }}}}/availability"
            payload: offline
            qos: 1
            retain: true
"""


class Uplink:
    """The unit's uplink to the site: a TCP relay on 127.0.0.1 that a test cuts and restores.

    It runs in a thread of its own: the bridge talks through it between the tests too.
    """

    def __init__(self, target: int) -> None:
        """Relay a free port to `target`; nothing listens before `restore`."""
        self.target = target
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="uplink", daemon=True)
        self._thread.start()
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()

    def restore(self) -> None:
        """Accept connections again (on the same port)."""
        self._call(self._listen)

    def cut(self) -> None:
        """Drop every connection and refuse new ones, as a link that went down."""
        self._call(self._drop)

    def close(self) -> None:
        """Cut the link and end the thread."""
        self.cut()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def _call(self, step: Callable[[], Coroutine[Any, Any, None]]) -> None:
        asyncio.run_coroutine_threadsafe(step(), self._loop).result(10)

    async def _listen(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)

    async def _drop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for writer in list(self._open):
            writer.close()
        if server is not None:
            await server.wait_closed()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            far_reader, far_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            writer.close()
            return
        pair = {writer, far_writer}
        self._open |= pair
        try:
            await asyncio.gather(_pipe(reader, far_writer), _pipe(far_reader, writer))
        finally:
            self._open -= pair


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    writer.close()


@dataclass
class Shard:
    """The unit and the site, each a Home Assistant on its own broker, and the link between."""

    unit: Site
    site: Site
    site_broker: MosquittoBroker
    uplink: Uplink


def _site(name: str, root: Path, mqtt_port: int, fleet: Path) -> Site:
    output = OUTPUT / "sharding" / name
    output.mkdir(parents=True, exist_ok=True)
    dev = DevSite(
        root=root,
        ha_port=free_port(),
        modbus_port=free_port(),
        control_port=free_port(),
        fleet=fleet,
        mqtt_port=mqtt_port,
    )
    dev.write_config()
    return Site(dev=dev, running=Running(dev, log_dir=output), output=output)


@pytest.fixture(scope="module")
def shard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shard]:
    """Both brokers bridged, the unit's boxes publishing, both Home Assistants onboarded."""
    pytest_socket.enable_socket()  # the fixture runs before the test's own socket_enabled
    root = tmp_path_factory.mktemp("sharding")
    fleet = root / "unit-fleet.json"
    doc = json.loads(E2E_FLEET.read_text(encoding="utf-8"))
    fleet.write_text(json.dumps(doc | {"boxes": list(BOXES.values())}), encoding="utf-8")
    brokers = asyncio.new_event_loop()  # the brokers' processes belong to it until they stop
    with contextlib.ExitStack() as stack:
        stack.callback(brokers.close)
        site_broker = MosquittoBroker(
            units=AclListener(passwords={UNIT_USER: UNIT_PASSWORD}, acl=SITE_ACL)
        )
        assert site_broker.units_port is not None
        uplink = Uplink(site_broker.units_port)
        unit_broker = MosquittoBroker(
            bridge=BridgeConnection(
                name="unit_a",
                port=uplink.port,
                username=UNIT_USER,
                password=UNIT_PASSWORD,
                options=BRIDGE_OPTIONS,
            )
        )

        def start(broker: MosquittoBroker, name: str) -> None:
            stack.callback(broker.cleanup)
            stack.callback(_keep_log, broker, name)
            stack.callback(lambda: brokers.run_until_complete(broker.stop()))
            brokers.run_until_complete(broker.start())

        start(site_broker, "site")
        stack.callback(uplink.close)
        uplink.restore()
        start(unit_broker, "unit")
        unit = _site("unit", root / "unit", unit_broker.port, fleet)
        site = _site("site", root / "site", site_broker.port, fleet)
        for each in (unit, site):
            stack.callback(stop_site, each)
        unit.running.start_simulator()
        unit.start(gateway=False)
        site.start(gateway=False)
        asyncio.run(_add_bridge_automation(site))
        yield Shard(unit=unit, site=site, site_broker=site_broker, uplink=uplink)


@pytest.fixture(autouse=True)
async def _executor_wound_down() -> AsyncIterator[None]:
    """End the test loop's executor threads before conftest's check that threads have ended.

    The MQTT clients' `stop` (and `publish_wait`) run paho calls in the executor; its threads
    otherwise last until the loop closes, after that check.
    """
    yield
    await asyncio.get_running_loop().shutdown_default_executor()


def _keep_log(broker: MosquittoBroker, name: str) -> None:
    """Keep a broker's log with the run's output (its folder is removed)."""
    if broker.log.exists():
        (OUTPUT / "sharding").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(broker.log, OUTPUT / "sharding" / f"mosquitto-{name}.log")


@contextlib.asynccontextmanager
async def _api(site: Site) -> AsyncIterator[HassApi]:
    async with site.session() as session:
        api = await site.api(session)
        try:
            yield api
        finally:
            await api.close()


async def _add_bridge_automation(site: Site) -> None:
    """Save the automation as the automation editor does, and wait until it is on."""
    async with _api(site) as api:
        config = yaml.safe_load(AUTOMATION) | {"id": AUTOMATION_ID}
        await api.call(f"/api/config/automation/config/{AUTOMATION_ID}", config)

        async def loaded() -> bool:
            return any(
                s["attributes"].get("id") == AUTOMATION_ID and s["state"] == "on"
                for s in await api.call("/api/states")
            )

        await watch_events(api, "automation_reloaded", loaded, 30)


async def _entities(api: HassApi) -> dict[str, str]:
    """The integration's entities: unique id → entity id."""
    registry = await api.ws("config/entity_registry/list")
    return {e["unique_id"]: e["entity_id"] for e in registry if e["platform"] == DOMAIN}


async def _state(api: HassApi, entity_id: str) -> dict[str, Any]:
    state: dict[str, Any] = await api.call(f"/api/states/{entity_id}")
    return state


async def _wait_state(
    api: HassApi, entity_id: str, wanted: str | Callable[[str], bool], within: float = 60
) -> str:
    """Wait until an entity's state is `wanted` (or passes it); return the state."""
    check = wanted.__eq__ if isinstance(wanted, str) else wanted
    states = await watch_states(
        api, [entity_id], lambda states: entity_id in states and check(states[entity_id]), within
    )
    return states[entity_id]


def _volts(state: str) -> bool:
    """A phase voltage as a working box shows it."""
    with contextlib.suppress(ValueError):
        return 180 < float(state) < 260
    return False


async def _voltages(api: HassApi, wanted: str | Callable[[str], bool]) -> dict[str, str]:
    """Wait until each of the unit's boxes shows a phase A voltage as wanted; return them."""
    entities = await _entities(api)
    return {
        serial: await _wait_state(api, entities[f"{serial}_voltage_a"], wanted) for serial in BOXES
    }


async def _alarms(api: HassApi, **query: Any) -> list[dict[str, Any]]:
    """The alarm register, as an automation reads it (`safe_power.alarms`)."""
    answer = await api.call("/api/services/safe_power/alarms?return_response", query)
    alarms: list[dict[str, Any]] = answer["service_response"]["alarms"]
    return alarms


async def _active(api: HassApi, cause: str) -> set[str]:
    """The serials of the boxes with an active alarm of one cause."""
    return {a["serial"] for a in await _alarms(api, cause=[cause], state=["active"])}


async def _register_holds(
    api: HassApi, holds: Callable[[], Awaitable[bool]], within: float
) -> None:
    """Wait until `holds()` is true of the alarm register: checked at each register event."""
    await watch_events(api, "safe_power_alarm", holds, within)


async def _all_offline(api: HassApi) -> bool:
    return set(BOXES) <= await _active(api, "offline")


async def _none_offline(api: HassApi) -> bool:
    return not await _active(api, "offline")


async def _raised_between(
    api: HassApi, cause: str, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """The alarms of one cause the box `BOX` raised between two times (its clock)."""
    return [
        a
        for a in await _alarms(api, cause=[cause])
        if a["serial"] == BOX and start < datetime.fromisoformat(a["time"]) < end
    ]


async def _switch(api: HassApi, entity_id: str, service: str) -> None:
    """Switch as the more-info dialog does; returns once the box confirmed it."""
    await api.ws("call_service", domain="switch", service=service, target={"entity_id": entity_id})


async def _add_discovered(api: HassApi) -> set[str]:
    """Add every box under Discovered, named as the fleet names it; return their serials."""

    def mqtt_offers(flows: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
        return {
            f["context"]["unique_id"]: flow_id
            for flow_id, f in flows.items()
            if f["handler"] == DOMAIN and f["context"]["source"] == "mqtt"
        }

    offered = mqtt_offers(
        await watch_flows(api, lambda flows: len(mqtt_offers(flows)) >= len(BOXES), 60)
    )
    for serial, flow_id in offered.items():
        path = f"/api/config/config_entries/flow/{flow_id}"
        result = await api.call(path, {"name": BOXES[serial]["name"]})
        assert result["type"] == "create_entry", result
    await watch_entries(
        api, lambda entries: all(e["state"] == "loaded" for e in entries.values()), 60
    )
    return set(offered)


async def test_both_instances_discover_the_units_boxes(shard: Shard) -> None:
    """Each Home Assistant is offered the unit's boxes, and both show their live values."""
    for instance in (shard.unit, shard.site):
        async with _api(instance) as api:
            assert await _add_discovered(api) == set(BOXES)
            devices = await api.ws("config/device_registry/list")
            names = {d["serial_number"]: d["name"] for d in devices if d["serial_number"]}
            assert names == {serial: box["name"] for serial, box in BOXES.items()}
            # States are neither retained nor queued: a value is a live message, bridged.
            assert set(await _voltages(api, _volts)) == set(BOXES)


async def test_a_command_from_the_site_reaches_the_box(shard: Shard) -> None:
    """The site switches a box off: down the bridge to the box, its acknowledgement back up."""
    async with _api(shard.unit) as unit, _api(shard.site) as site:
        contactor = (await _entities(site))[f"{BOX}_contactor"]
        unit_contactor = (await _entities(unit))[f"{BOX}_contactor"]
        assert (await _state(site, contactor))["state"] == "on"

        await _switch(site, contactor, "turn_off")  # an error unless the box acknowledged it
        assert (await _state(site, contactor))["state"] == "off"
        [status] = (await shard.unit.control(BOXES[BOX]["unit_id"], "status"))["boxes"]
        assert status["contactor"] == "open"
        await _wait_state(unit, unit_contactor, "off")

        await _switch(site, contactor, "turn_on")
        [status] = (await shard.unit.control(BOXES[BOX]["unit_id"], "status"))["boxes"]
        assert status["contactor"] == "closed"
        await _wait_state(unit, unit_contactor, "on")


async def test_an_alarm_on_a_box_reaches_the_site(shard: Shard) -> None:
    """An overload on a box: the site's alarm entity and alarm log show it, as the unit's do."""
    async with _api(shard.unit) as unit, _api(shard.site) as site:
        entities = await _entities(site)
        alarm, log = entities[f"{BOX}_alarm_overcurrent"], entities[f"{BOX}_alarm_log"]
        await shard.unit.control(BOXES[BOX]["unit_id"], "overload")
        await _wait_state(site, alarm, "on", within=30)
        await watch_attributes(site, log, lambda a: a.get("cause") == "overcurrent", 30)
        entry = await _state(site, log)
        assert entry["attributes"]["event_type"] == "alarm"
        assert entry["attributes"]["box"] == BOXES[BOX]["name"]
        await _wait_state(unit, (await _entities(unit))[f"{BOX}_alarm_overcurrent"], "on")

        await shard.unit.control(BOXES[BOX]["unit_id"], "recover")
        await _wait_state(site, alarm, "off", within=30)


async def test_the_units_login_is_kept_to_its_boxes(shard: Shard) -> None:
    """With the bridge's login, nothing outside the unit's boxes is written or read."""
    broker = shard.site_broker
    assert broker.units_port is not None
    watcher = MqttProbe(broker.port, client_id="site-watcher")  # anonymous: sees everything
    received: list[Message] = []
    login = MqttConnection(
        BrokerConfig(port=broker.units_port, username=UNIT_USER, password=UNIT_PASSWORD),
        "unit-a-login-check",  # not the bridge's client id, which would throw the bridge out
        on_message=received.append,
    )
    login.subscribe("#", 1)
    foreign = {  # another unit's box and bridge
        f"safe_power/{OTHER_UNITS_BOX}/state",
        f"safe_power/{OTHER_UNITS_BOX}/set",
        "bridges/unit_b/state",
    }
    marker = f"safe_power/{BOX}/acl_check"  # the unit's own: allowed, and used by nobody
    await watcher.start()
    try:
        login.start()
        await login.wait_connected()
        since = watcher.mark()
        for topic in sorted(foreign):
            assert await login.publish_wait(topic, b"{}")  # accepted by the broker, and dropped
        assert await login.publish_wait(marker, b"written")
        # The broker handles the login's messages in order: once the marker is through,
        # anything before it that was let through would be too.
        await watcher.wait_for(lambda m: m.topic == marker, since=since)
        assert [m.topic for m in watcher.messages[since:] if m.topic in foreign] == []

        for topic in sorted(foreign):
            watcher.publish(topic, b"{}")
        watcher.publish(marker, b"read")
        await wait_until(lambda: any(m.payload == b"read" for m in received), within=5)
        assert [m.topic for m in received if m.topic in foreign] == []
    finally:
        await login.stop()
        await watcher.stop()


async def test_the_site_sees_the_unit_offline_while_the_bridge_is_down(shard: Shard) -> None:
    """Link down: the site shows the unit's boxes offline, the unit goes on; link back: both.

    An alarm raised on a box meanwhile reaches the site when the link returns, dated when the
    box raised it; a command put on the site broker meanwhile is dropped, not kept for the box
    until the link returns.
    """
    unit_id = BOXES[BOX]["unit_id"]
    async with _api(shard.unit) as unit, _api(shard.site) as site:
        site_entities = await _entities(site)
        unit_alarm = (await _entities(unit))[f"{BOX}_alarm_overcurrent"]
        cut = datetime.now(UTC)
        shard.uplink.cut()
        try:
            # Every box's values unavailable at the site (connectivity is disabled by default).
            await _voltages(site, "unavailable")
            assert set(await _voltages(unit, _volts)) == set(BOXES)  # the unit goes on
            # The site cannot switch it (Home Assistant skips unavailable entities) ...
            assert (await _state(site, site_entities[f"{BOX}_contactor"]))["state"] == (
                "unavailable"
            )
            # ... and a command put on the site broker anyway does not wait there for the box.
            commander = MqttProbe(shard.site_broker.port, client_id="site-commander")
            await commander.start()
            command = encode_command(Command.CONTACTOR_OPEN, "sent-while-the-link-is-down")
            assert await commander.connection.publish_wait(f"safe_power/{BOX}/set", command)
            await commander.stop()
            # An alarm raised on the box while the link is down: the unit has it at once.
            await shard.unit.control(unit_id, "overload")
            await _wait_state(unit, unit_alarm, "on", within=30)
            # The site's alarm register: the boxes went offline (after the grace time).
            await _register_holds(site, lambda: _all_offline(site), 60)
        finally:
            restored = datetime.now(UTC)
            shard.uplink.restore()

        await _voltages(site, _volts)
        await _register_holds(site, lambda: _none_offline(site), 60)
        # The site has the alarm, dated when the box raised it: the unit's broker kept the
        # box's /alarm message for the bridge (a state would date it after the link returned).
        late: list[dict[str, Any]] = []

        async def raised(state: str) -> bool:
            late[:] = await _raised_between(site, "overcurrent", cut, restored)
            return bool(late) and late[-1]["state"] == state

        await _register_holds(site, lambda: raised("active"), 30)
        assert [a["state"] for a in late] == ["active"]
        await shard.unit.control(unit_id, "recover")
        await _register_holds(site, lambda: raised("cleared"), 30)
        assert [a["state"] for a in late] == ["cleared"]
        [status] = (await shard.unit.control(unit_id, "status"))["boxes"]
        assert status["contactor"] == "closed"


def test_the_documented_configuration_is_the_tested_one() -> None:
    """docs/scaling.md shows this bridge, this ACL and this automation, word for word."""
    doc = (REPO / "docs" / "scaling.md").read_text(encoding="utf-8")
    for text in (BRIDGE_OPTIONS, SITE_ACL, AUTOMATION):
        assert text.strip() in doc


async def test_logs_are_clean(shard: Shard) -> None:
    """Neither Home Assistant logged an error or a traceback of the integration."""
    for instance in (shard.unit, shard.site):
        bad = [
            line
            for line in instance.log().splitlines()
            if (" ERROR " in line or "Traceback" in line) and DOMAIN in line
        ]
        assert bad == [], instance.output

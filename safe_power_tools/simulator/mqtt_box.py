"""A simulated box that speaks the MQTT contract instead of Modbus.

`MqttSimulatedBox` wraps a `SimulatedBox` (the same physics, scenarios and wire faults as a
Modbus box) and talks to a broker through paho-mqtt, with payloads made only by the schema
module `custom_components.safe_power.box.mqtt`:

- it connects with the last will `offline` on `<prefix>/<box_id>/availability` (retained),
  publishes its retained `/config` and `online`, and subscribes to `/set`;
- `/state` every `state_interval` seconds, at once when an alarm is raised or cleared, and at
  once after a command, carrying `ack` = the id of the command it answers;
- one `/alarm` per alarm raised or cleared, found by comparing the alarm set with the last one
  published (value, threshold and channel from `BoxReading.alarm_detail`);
- `/set` commands: contactor_open, contactor_close, alarm_reset and self_test go through
  `SimulatedBox.command` with the profile's command values (so `stuck_contactor` applies: the
  acknowledgement then shows the contactor where it stayed). Each command id is executed once;
  a repeated delivery is acknowledged again without executing it again. Invalid payloads and
  retained `/set` messages are ignored with a warning: a command is never taken from a stale
  retained message.

The capabilities are those the integration derives from the box's profile
(`profile_capabilities`), narrowed to the measurements the box has (no neutral sensors: no
neutral current or temperature). The box id is the serial.

The scenarios (normal, overload, hot_phase, leakage_ramp, phase_loss, outage) and `recover` act
as on a Modbus box. The wire faults of `SimulatedBox`, as an MQTT box shows them:

- `offline`: the connection is dropped without DISCONNECT, as in a power cut, so the broker
  publishes the will `offline`; `recover` connects again;
- `slow`: commands are answered after `slow_delay` seconds;
- `garbage`: states carry "not present" (`null`) and physically impossible values (the
  `GARBAGE` of `box.py`), which receivers must drop;
- `exception`: commands are refused (logged, never acknowledged), as a detector answering
  every request with an exception;
- `stuck_contactor`: commands are accepted but the contactor does not move.

MQTT test modes on top (one at a time):

- `malformed`: every tick publishes one invalid payload on each of its topics (not UTF-8, not
  JSON, wrong types, wrong schema version, oversized, NaN where a number must be finite...);
  each of them is refused by the schema's parsers. States and alarms are replaced by them;
- `flapping`: availability alternates offline/online on every tick;
- `silent_commands`: `/set` messages are received and counted but neither executed nor
  acknowledged.

A test drives a box step by step (`tick`, `publish_state`) or lets `run()` tick it in real time.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Iterable
import contextlib
from datetime import UTC, datetime
from enum import StrEnum
import itertools
import json
import logging
import math
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from custom_components.safe_power.box.modbus import profile_capabilities
from custom_components.safe_power.box.model import (
    AlarmCause,
    BoxIdentity,
    BoxReading,
    accept_values,
)
from custom_components.safe_power.box.mqtt import (
    DEFAULT_PREFIX,
    MAX_PAYLOAD,
    QOS,
    RETAIN,
    AlarmMessage,
    BoxConfig,
    BoxLocation,
    Command,
    PayloadError,
    Topic,
    encode_alarm,
    encode_availability,
    encode_config,
    encode_state,
    parse_command,
    parse_command_settings,
    topic,
    valid_box_id,
)
from safe_power_tools.mqtt_common import (
    BrokerConfig,
    Message,
    MqttConnection,
    Will,
    alarm_payload,
)

from .box import GARBAGE, Fault, SimulatedBox
from .fleet import FLEET_SCHEMA, FleetError, fleet_path

_LOGGER = logging.getLogger(__name__)

DEFAULT_STATE_INTERVAL: Final = 10.0  # s between periodic states (the contract: 10-60 s)
COMMAND_IDS_KEPT: Final = 32  # ids remembered to recognise a command delivered twice
TRANSPORTS: Final = ("modbus", "mqtt")


class MqttFault(StrEnum):
    """How an MQTT box misbehaves on top of the `SimulatedBox` faults (one at a time)."""

    MALFORMED = "malformed"
    FLAPPING = "flapping"
    SILENT_COMMANDS = "silent_commands"


MQTT_FAULT_NAMES: Final = tuple(f.value for f in MqttFault)


def _now() -> datetime:
    return datetime.now(UTC)


class MqttSimulatedBox:
    """One simulated box on MQTT.

    Typical test use::

        mbox = MqttSimulatedBox(SimulatedBox(unit_id=1, serial="SP24M0001"), BrokerConfig(port=p))
        await mbox.start()              # connected; config and online published
        mbox.box.set_scenario("overload")
        mbox.tick(1.0)                  # /alarm overcurrent raised
        mbox.publish_state()
        await mbox.go_offline()         # the broker publishes the will "offline"
        await mbox.recover()
        await mbox.stop()               # "offline", then a clean disconnect
    """

    def __init__(
        self,
        box: SimulatedBox,
        broker: BrokerConfig | None = None,
        *,
        prefix: str = DEFAULT_PREFIX,
        state_interval: float = DEFAULT_STATE_INTERVAL,
        client_id: str | None = None,
        location: BoxLocation | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        """Describe the box; nothing connects before `start`."""
        if not valid_box_id(box.serial):
            raise ValueError(f"serial {box.serial!r} is not a valid MQTT box id")
        self.box = box
        self.broker = broker or BrokerConfig()
        self.prefix = prefix
        self.state_interval = state_interval
        self.box_id = box.serial
        self.clock = clock
        self.mqtt_fault: MqttFault | None = None
        self.commands: list[tuple[Command, str]] = []  # every valid command received
        self.executed: OrderedDict[str, bool] = OrderedDict()  # id -> acknowledged
        self.rejected: list[str] = []  # why invalid /set payloads were refused
        self._writes: dict[str, dict[str, float]] = {}  # settings commands by id, until done
        self.config = self._make_config(location)
        self.topics = {kind: topic(prefix, self.box_id, kind) for kind in Topic}
        self._published_alarms: frozenset[AlarmCause] | None = None
        self._flap_online = True
        self._garbage = itertools.count()
        self._tasks: set[asyncio.Task[None]] = set()
        self.connection = MqttConnection(
            self.broker,
            client_id or f"safe-power-sim-{self.box_id}",
            will=Will(self.topics[Topic.AVAILABILITY], encode_availability(online=False)),
            on_connect=self._connected,
            on_message=self._message,
        )
        self.connection.subscribe(self.topics[Topic.SET], QOS[Topic.SET])

    # --- description --------------------------------------------------------------------------

    def _make_config(self, location: BoxLocation | None) -> BoxConfig:
        box = self.box
        present = {k for k, v in box.values.items() if v is not None}
        caps = profile_capabilities(box.profile, box.phases, present)
        if location is None:
            xy = box.x is not None and box.y is not None
            location = BoxLocation(
                text=box.location or None,
                building=box.building or None,
                x=box.x if xy else None,
                y=box.y if xy else None,
                floor=box.floor,
            )
        identity = BoxIdentity(
            manufacturer=box.profile.manufacturer,
            model=box.model,
            serial=box.serial,
            firmware=box.firmware,
            phases=box.phases,
        )
        return BoxConfig(self.box_id, identity, caps, location)

    def reading(self) -> BoxReading:
        """Return the box's current values as the contract shows them (accepted values only)."""
        box = self.box
        wanted = self.config.capabilities.measurements
        values, _ = accept_values({k: v for k, v in box.values.items() if k in wanted})
        settings = {
            k: float(v)
            for k, v in box.settings.items()
            if v is not None and k in self.config.capabilities.settings
        }
        return BoxReading(
            values=MappingProxyType(values),
            alarms=box.alarms,
            contactor_closed=box.contactor_closed,
            settings=MappingProxyType(settings),
            channel_alarms=box.channel_alarms & self.config.capabilities.channel_alarms,
        )

    @property
    def online(self) -> bool:
        """Return True while the box is connected to the broker."""
        return self.connection.connected

    def status(self) -> dict[str, Any]:
        """Return the box's status for `ctl`, with the MQTT side."""
        return {
            **self.box.status(),
            "transport": "mqtt",
            "mqtt_fault": self.mqtt_fault.value if self.mqtt_fault else None,
            "connected": self.connection.connected,
        }

    # --- lifecycle ----------------------------------------------------------------------------

    async def start(self, *, wait: bool = True, within: float = 5.0) -> None:
        """Connect (unless the box is offline); with `wait`, return once connected."""
        if self.box.fault is Fault.OFFLINE or self.connection.started:
            return
        self.connection.start()
        if wait:
            await self.connection.wait_connected(within)

    async def stop(self) -> None:
        """Publish `offline` and disconnect cleanly; cancel pending delayed answers."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.connection.connected:
            await self.connection.publish_wait(
                self.topics[Topic.AVAILABILITY],
                encode_availability(online=False),
                qos=QOS[Topic.AVAILABILITY],
                retain=True,
            )
        await self.connection.stop()

    async def go_offline(self) -> None:
        """Lose power: drop the connection without DISCONNECT (the broker sends the will)."""
        self.box.set_fault(Fault.OFFLINE)
        await self.sync_connection()

    async def recover(self, *, wait: bool = True) -> None:
        """Back to the normal scenario, no fault, connected and publishing."""
        self.box.set_scenario("recover")
        self.set_mqtt_fault(None)
        await self.sync_connection(wait=wait)

    async def sync_connection(self, *, wait: bool = True) -> None:
        """Connect or drop the connection to match the `offline` fault."""
        if self.box.fault is Fault.OFFLINE:
            if self.connection.started:
                await self.connection.kill()
                _LOGGER.info("MQTT box %s dropped its connection (offline)", self.box_id)
        elif not self.connection.started:
            await self.start(wait=wait)

    def set_mqtt_fault(self, fault: MqttFault | str | None) -> None:
        """Set the MQTT test mode (None: behave)."""
        before = self.mqtt_fault
        self.mqtt_fault = None if fault is None else MqttFault(fault)
        if before is self.mqtt_fault or not self.connection.connected:
            return
        if before in (MqttFault.FLAPPING, MqttFault.MALFORMED):
            # Put the retained topics right again.
            self._publish_config()
            self._publish_availability(online=True)
            self.publish_state()
        self._flap_online = True

    async def run(self, tick_interval: float = 1.0) -> None:
        """Tick every `tick_interval` s and publish a state every `state_interval` s."""
        loop = asyncio.get_running_loop()
        last = next_state = loop.time()
        await self.start(wait=False)
        while True:
            await asyncio.sleep(tick_interval)
            now = loop.time()
            self.tick(now - last)
            last = now
            await self.sync_connection(wait=False)
            if now >= next_state:
                self.publish_state()
                next_state = now + self.state_interval

    # --- what the box publishes ---------------------------------------------------------------

    def tick(self, dt: float) -> None:
        """Advance the physics; publish alarm changes (and a state) and the test modes' messages."""
        self.box.tick(dt)
        if not self.connection.connected:
            return
        if self.mqtt_fault is MqttFault.FLAPPING:
            self._flap_online = not self._flap_online
            self._publish_availability(online=self._flap_online)
        elif self.mqtt_fault is MqttFault.MALFORMED:
            self.publish_malformed()
            return
        if self.publish_alarm_changes():
            self.publish_state()

    def publish_state(self, ack: str | None = None) -> None:
        """Publish the current reading (with the id of the command it acknowledges)."""
        if not self.connection.connected:
            return
        if self.mqtt_fault is MqttFault.MALFORMED:
            self._send(Topic.STATE, self._garbage_for(Topic.STATE))
            return
        try:
            payload = encode_state(self.clock(), self.reading(), ack)
        except ValueError:
            _LOGGER.exception("MQTT box %s cannot encode its state", self.box_id)
            return
        if self.box.fault is Fault.GARBAGE:
            payload = garbled_state(payload)
        self._send(Topic.STATE, payload)

    def publish_alarm_changes(self) -> bool:
        """Publish one `/alarm` per cause raised or cleared since the last publication.

        Returns True when an alarm was raised or cleared.
        """
        if not self.connection.connected or self.mqtt_fault is MqttFault.MALFORMED:
            return False
        now = self.box.alarms
        before = self._published_alarms
        self._published_alarms = now
        if before is None or before == now:
            return False
        reading = self.reading()
        time = self.clock()
        for cause in sorted(now - before):
            self._send(Topic.ALARM, alarm_payload(reading, cause, time, raised=True))
        for cause in sorted(before - now):
            self._send(Topic.ALARM, alarm_payload(reading, cause, time, raised=False))
        return True

    def publish_malformed(self) -> None:
        """Publish one invalid payload on each of the box's topics (except /set)."""
        for kind in (Topic.CONFIG, Topic.STATE, Topic.ALARM, Topic.AVAILABILITY):
            self._send(kind, self._garbage_for(kind))

    def _garbage_for(self, kind: Topic) -> bytes:
        samples = malformed_payloads(kind, self)
        return samples[next(self._garbage) % len(samples)]

    def _send(self, kind: Topic, payload: str | bytes) -> None:
        self.connection.publish(self.topics[kind], payload, qos=QOS[kind], retain=RETAIN[kind])

    def _publish_config(self) -> None:
        self._send(Topic.CONFIG, encode_config(self.config))

    def _publish_availability(self, *, online: bool) -> None:
        self._send(Topic.AVAILABILITY, encode_availability(online))

    def _connected(self) -> None:
        """After every (re)connection: config, online, a state, and pending alarm changes."""
        _LOGGER.info("MQTT box %s connected to %s", self.box_id, self.broker.label)
        if self.mqtt_fault is MqttFault.MALFORMED:
            self.publish_malformed()
            return
        self._publish_config()
        self._publish_availability(online=True)
        self.publish_state()
        if self._published_alarms is None:
            self._published_alarms = self.box.alarms
        self.publish_alarm_changes()

    # --- commands -----------------------------------------------------------------------------

    def _message(self, message: Message) -> None:
        if message.topic != self.topics[Topic.SET]:
            return
        if message.retain:
            self.rejected.append("retained")
            _LOGGER.warning("MQTT box %s ignores a retained command", self.box_id)
            return
        try:
            command, command_id = parse_command(message.payload)
            if command is Command.SETTINGS:
                self._writes[command_id] = parse_command_settings(message.payload)
        except PayloadError as err:
            self.rejected.append(str(err))
            _LOGGER.warning("MQTT box %s refuses a command: %s", self.box_id, err)
            return
        self.commands.append((command, command_id))
        if self.mqtt_fault is MqttFault.SILENT_COMMANDS:
            _LOGGER.info("MQTT box %s ignores %s (silent_commands)", self.box_id, command)
            return
        acknowledged = self.executed.get(command_id)
        if acknowledged is not None:  # QoS 1 delivered it again: never execute it twice
            _LOGGER.info("MQTT box %s: command %s repeated", self.box_id, command_id)
            if acknowledged:
                self.publish_state(ack=command_id)
            return
        self.executed[command_id] = False  # until it is carried out
        while len(self.executed) > COMMAND_IDS_KEPT:
            self.executed.popitem(last=False)
        if self.box.fault is Fault.EXCEPTION:
            _LOGGER.warning("MQTT box %s refuses %s (exception)", self.box_id, command)
            return
        if self.box.fault is Fault.SLOW:
            task = asyncio.get_running_loop().create_task(
                self._later(self.box.slow_delay, command, command_id)
            )
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return
        self.execute(command, command_id)

    async def _later(self, delay: float, command: Command, command_id: str) -> None:
        await asyncio.sleep(delay)
        self.execute(command, command_id)

    def execute(self, command: Command, command_id: str | None = None) -> bool:
        """Execute a command and publish the resulting state with its ack.

        Returns False (and publishes nothing) when the box cannot execute it.
        """
        done = self._execute(command, command_id)
        if done and command_id is not None and command_id in self.executed:
            self.executed[command_id] = True
        return done

    def _execute(self, command: Command, command_id: str | None) -> bool:
        if command is Command.SETTINGS:
            written = self._writes.pop(command_id or "", None)
            if written is None or not self.box.profile.settings:
                return False
            self.box.settings.update(written)
            _LOGGER.info("MQTT box %s set %s (%s)", self.box_id, written, command_id)
            self.publish_state(ack=command_id)
            return True
        cmds = self.box.profile.commands
        value: int | None = None
        if cmds is not None:
            value = {
                Command.CONTACTOR_OPEN: cmds.contactor_open,
                Command.CONTACTOR_CLOSE: cmds.contactor_close,
                Command.ALARM_RESET: cmds.alarm_reset,
                Command.SELF_TEST: cmds.self_test,
            }[command]
        if value is None:
            _LOGGER.warning("MQTT box %s cannot execute %s", self.box_id, command)
            return False
        self.box.command(value)
        _LOGGER.info("MQTT box %s executed %s (%s)", self.box_id, command, command_id)
        self.publish_alarm_changes()
        self.publish_state(ack=command_id)
        return True

    async def controlled(self, action: str) -> None:
        """Publish what a `ctl` action changed (the action was applied to `box` already)."""
        if action in MQTT_FAULT_NAMES:
            self.set_mqtt_fault(action)
            return
        if action == "recover":
            self.set_mqtt_fault(None)
        await self.sync_connection(wait=False)
        if action != "status":
            self.publish_alarm_changes()
            self.publish_state()


def garbled_state(payload: str) -> str:
    """Return a state whose values are replaced by the `garbage` fault's (and one NaN).

    The payload stays valid: receivers must drop the implausible values and keep the rest.
    """
    doc = json.loads(payload)
    values = doc["values"]
    for key, value in (*GARBAGE.items(), ("active_power", math.nan)):
        if key in values:
            values[key] = value
    return json.dumps(doc, separators=(",", ":"))


def malformed_payloads(kind: Topic, mbox: MqttSimulatedBox) -> list[bytes]:
    """Return invalid payloads for one of a box's topics; the schema refuses every one."""
    common: list[bytes] = [
        b"\xff\xfe\x00 not UTF-8",
        b"{not json",
        b"[1, 2, 3]",
        b"null",
        b"{" + b" " * MAX_PAYLOAD + b"}",  # over the size limit
    ]
    now = mbox.clock()
    if kind is Topic.AVAILABILITY:
        return [b"maybe", b"ONLINE", b"1", b"\xff", b"online online"]
    if kind is Topic.CONFIG:
        base = json.loads(encode_config(mbox.config))
        mutations: list[dict[str, Any]] = [
            {"schema": 2},
            {"schema": "1"},
            {"phases": "3"},
            {"phases": 2},
            {"box_id": mbox.box_id + "-other"},
            {"capabilities": "all"},
            {"model": 42},
            {"location": {"latitude": float("nan"), "longitude": 0.0}},
            {"location": {"latitude": 91.0, "longitude": 0.0}},
        ]
    elif kind is Topic.STATE:
        base = json.loads(encode_state(now, mbox.reading()))
        mutations = [
            {"schema": 99},
            {"schema": True},
            {"time": "yesterday"},
            {"time": "2024-01-01T00:00:00"},  # no time zone
            {"values": [230.0]},
            {"values": {"voltage_a": "230"}},
            {"settings": {"leakage_threshold": float("nan")}},
            {"contactor": "half"},
            {"alarms": ["fire"]},
            {"alarms": ["offline"]},
            {"ack": 123},
        ]
    else:
        base = json.loads(
            encode_alarm(
                AlarmMessage(
                    time=now,
                    cause=AlarmCause.LEAKAGE,
                    raised=True,
                    value=420.0,
                    threshold=300.0,
                    channel=None,
                )
            )
        )
        mutations = [
            {"schema": 0},
            {"cause": "fire"},
            {"cause": "offline"},
            {"state": "maybe"},
            {"value": "high"},
            {"time": 1_700_000_000},
            {"channel": 7},
        ]
    mutated = [json.dumps({**base, **m}).encode() for m in mutations]  # NaN stays NaN
    mutated.append(json.dumps({k: v for k, v in base.items() if k != "schema"}).encode())
    return common + mutated


# --- fleets with MQTT boxes -----------------------------------------------------------------


def load_fleet_transports(
    spec: str | Path = "default",
) -> tuple[list[SimulatedBox], list[SimulatedBox]]:
    """Read a fleet file and split its boxes into Modbus boxes and MQTT boxes.

    A box entry may carry `"transport": "modbus"` (the default) or `"transport": "mqtt"`;
    everything else is checked exactly as `fleet.load_fleet` checks it.
    """
    from . import fleet  # noqa: PLC0415  (the per-box parser is the fleet module's)

    path = fleet_path(spec)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise FleetError(f"{path}: {err}") from err
    if not isinstance(doc, dict) or doc.get("schema") != FLEET_SCHEMA:
        raise FleetError(f"{path}: schema must be {FLEET_SCHEMA}")
    items = doc.get("boxes")
    if not isinstance(items, list) or not items:
        raise FleetError(f"{path}: boxes must be a non-empty list")
    modbus: list[SimulatedBox] = []
    mqtt: list[SimulatedBox] = []
    for i, item in enumerate(items):
        where = f"{path.name}: boxes[{i}]"
        transport = "modbus"
        if isinstance(item, dict):
            item = dict(item)  # noqa: PLW2901
            transport = item.pop("transport", "modbus")
            if transport not in TRANSPORTS:
                raise FleetError(f"{where}.transport: must be one of {', '.join(TRANSPORTS)}")
        box = fleet._box(item, where)  # noqa: SLF001
        if transport == "mqtt" and not valid_box_id(box.serial):
            raise FleetError(f"{where}.serial: not usable as an MQTT box id")
        (mqtt if transport == "mqtt" else modbus).append(box)
    boxes = modbus + mqtt
    units = [box.unit_id for box in boxes]
    serials = [box.serial for box in boxes]
    if len(set(units)) != len(units) or len(set(serials)) != len(serials):
        raise FleetError(f"{path}: unit ids and serials must be unique")
    return modbus, mqtt


async def run_mqtt_boxes(boxes: Iterable[MqttSimulatedBox], tick_interval: float = 1.0) -> None:
    """Run several MQTT boxes until cancelled, then stop them cleanly."""
    boxes = list(boxes)
    tasks = [asyncio.create_task(b.run(tick_interval)) for b in boxes]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.gather(*(b.stop() for b in boxes), return_exceptions=True)

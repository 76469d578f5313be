"""The Modbus-to-MQTT bridge: polls the boxes of one gateway and publishes the MQTT contract.

The bridge runs next to an RS-485 bus (or a Modbus TCP gateway). It reads the boxes with the
integration's own pure library (`ModbusGateway`, `BoxPoller`, the device profiles), so a box
behind the bridge shows exactly what it would show to Home Assistant over Modbus, and it
publishes every box with the schema module `custom_components.safe_power.box.mqtt`:

- boxes are found by identifying each unit id of a range (`ModbusGateway.identify`) and/or
  listed in the configuration (unit id, optional profile, location). Each poll round spends at
  most about one alarm interval identifying (an empty unit id can cost a timeout), so the boxes
  already found keep being polled during a long scan. A listed box that does not answer is asked
  again with a growing delay. The box id is the box's serial (letters, digits, `_` and `-`;
  other characters become `_`);
- `<prefix>/<box_id>/config` (retained, QoS 1): identity, capabilities derived from the profile
  by the integration's `profile_capabilities` and narrowed, as Home Assistant does for a Modbus
  box, to what the box reported in its first telemetry read (a measurement the detector marks
  "not present" is left out), location from the configuration. Published again after every
  reconnection to the broker (a broker without persistence forgets retained messages);
- `/state` (QoS 0) after every telemetry poll, after an alarm-lane poll that saw the alarms or
  the contactor change, and after every command (with `ack` = the command's id);
- `/alarm` (QoS 1): one message per cause raised or cleared, with value, threshold and channel
  from `BoxReading.alarm_detail` (the poller re-reads the values when the fast lane sees an
  alarm change, so they are those of that moment);
- `/availability` (retained, QoS 1): `offline` when the box stops answering on Modbus (or the
  gateway cannot be reached), `online` when it answers again;
- `/set` (QoS 1): contactor_open / contactor_close are written to the command register and
  confirmed by read-back (`BoxPoller.set_contactor`); alarm_reset / self_test are written
  (`BoxPoller.command`). Then the telemetry is read and the state published at once with
  `ack` = the command's id. A contactor that did not follow (the read-back still shows the old
  position after the poller's attempts) is acknowledged with the position it is in, as the
  contract asks of a box that refuses a command, so Home Assistant tells the user at once that
  it did not move. A command that cannot be carried out (box offline, timeout, exception reply,
  a command the box does not have) is logged and not acknowledged, so Home Assistant reports
  it as failed. Invalid payloads and retained `/set` messages are ignored with a warning
  (rate-limited per box). A repeated command id (QoS 1 may deliver a message twice) is not
  executed again: it is acknowledged again if it was carried out. Commands run between two poll
  rounds, never during one, so a poll cannot overwrite a read-back, and after every round even
  when the round took longer than the alarm interval.

The polling is the integration's: a fast lane reads the alarm/status registers every
`alarm_interval` seconds (default 2 s) and every `telemetry_interval` seconds (default 15 s)
the same tick reads the telemetry instead; a box that stops answering is backed off by the
poller so it cannot stall the others. The gateway connection is reopened by the next request
after a loss, and paho reconnects to the broker by itself (`reconnect_delay_set`).

pymodbus turns the cancellation of a running request into a `ModbusIOException`, which the
library reports as a box timeout: a cancelled poll would carry on. `_Gateway` turns such an error
back into the cancellation it was, so `stop()` ends the polling at once.

Last wills: MQTT gives a connection exactly one will, yet when the bridge dies every one of its
boxes must turn `offline`, through the box's own `/availability` topic (the contract Home
Assistant reads; no extra schema field). So the bridge opens, besides its main connection
(config, state, alarm, set), one small connection per box that only carries that box's
`/availability`: its will is the box's `offline`, and it publishes the box's availability
(retained) on every (re)connection and on every change. One idle TCP connection and one paho
thread per box is cheap for the few dozen boxes an RS-485 bus holds, and it keeps each box's
availability messages, will included, on one connection, hence in order. When the bridge process
or its host dies, or its network goes, the broker publishes every box's will; on a clean stop the
bridge publishes `offline` for each box itself and disconnects. The main connection has a will
too, on `<prefix>/_bridge/<client id>/availability` (`online` / `offline`, retained): for the
installer's monitoring only, it is not part of the box contract (its topic has four levels, so
nothing reads it as a box).

`BridgeConfig` describes one bridge; `read_config_file` and `build_config` turn a JSON or
TOML file and command-line flags into one (see `__main__.py` for the file format).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
import json
import logging
import math
from pathlib import Path
import re
import tomllib
from typing import Any, Final

from custom_components.safe_power.box.modbus import (
    BoxExceptionError,
    BoxTimeoutError,
    GatewayConfig,
    GatewayConnectionError,
    GatewayError,
    ModbusGateway,
    ReadbackError,
    Transport,
    decode_reading,
    profile_capabilities,
)
from custom_components.safe_power.box.model import AlarmCause, BoxIdentity, BoxReading
from custom_components.safe_power.box.mqtt import (
    DEFAULT_PREFIX,
    QOS,
    RETAIN,
    BoxConfig,
    BoxLocation,
    Capabilities,
    Command,
    PayloadError,
    Topic,
    encode_availability,
    encode_config,
    encode_state,
    parse_command,
    parse_topic,
    topic,
    valid_prefix,
)
from custom_components.safe_power.box.poller import BoxLink, BoxPoller
from custom_components.safe_power.box.profile import Block, Profile, ProfileError, load_profiles
from safe_power_tools.mqtt_common import (
    DEFAULT_KEEPALIVE,
    DEFAULT_PORT,
    BrokerConfig,
    Message,
    MqttConnection,
    Will,
    alarm_payload,
)

_LOGGER = logging.getLogger(__name__)

DEFAULT_CLIENT_ID: Final = "safe-power-bridge"
DEFAULT_TELEMETRY_INTERVAL: Final = 15.0  # s, as the integration
DEFAULT_ALARM_INTERVAL: Final = 2.0  # s, as the integration
DEFAULT_SETTINGS_INTERVAL: Final = 3600.0  # s between reads of the thresholds
DEFAULT_MODBUS_PORT: Final = 502
RETRY_FIRST: Final = 10.0  # s before a listed box that did not answer is identified again
RETRY_MAX: Final = 300.0
COMMAND_IDS_KEPT: Final = 32  # per box, to recognise a command delivered twice
# The poller doubles a dead box's back-off with every failure, and 2**1024 no longer fits a
# float: after about a thousand failures (days of a dead box at the 300 s maximum) its poll would
# raise OverflowError. Past this count the back-off is at its maximum anyway.
MAX_FAILURES: Final = 16
INVALID_LOG_INTERVAL: Final = 60.0  # s between two log lines about invalid /set payloads
BRIDGE_LEVEL: Final = "_bridge"
_NOT_ID: Final = re.compile(r"[^A-Za-z0-9_-]")


class ConfigError(ValueError):
    """The bridge configuration is wrong; the message names the setting."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BoxEntry:
    """A box named in the configuration: its unit id, optionally its profile and location."""

    unit: int
    profile: str | None = None
    location: BoxLocation = field(default_factory=BoxLocation)


@dataclass(frozen=True, slots=True, kw_only=True)
class BridgeConfig:
    """Everything one bridge needs: the gateway, the boxes, the broker and the timings."""

    gateway: GatewayConfig
    broker: BrokerConfig = field(default_factory=BrokerConfig)
    units: tuple[int, ...] = ()  # unit ids to scan
    boxes: tuple[BoxEntry, ...] = ()  # listed boxes (identified even if outside `units`)
    client_id: str = DEFAULT_CLIENT_ID
    prefix: str = DEFAULT_PREFIX
    telemetry_interval: float = DEFAULT_TELEMETRY_INTERVAL
    alarm_interval: float = DEFAULT_ALARM_INTERVAL
    settings_interval: float = DEFAULT_SETTINGS_INTERVAL
    rescan_interval: float = 0.0  # s; 0: scanned units that did not answer are not asked again
    profiles_dir: Path | None = None  # an installer's extra profiles

    def __post_init__(self) -> None:
        """Check what the types cannot."""
        if not valid_prefix(self.prefix):
            raise ConfigError(f"prefix {self.prefix!r} is not a valid topic prefix")
        if not self.client_id or any(c in self.client_id for c in "+#/\0"):
            raise ConfigError("client_id must be non-empty, without '/', '+', '#'")
        if not self.units and not self.boxes:
            raise ConfigError("give a unit range to scan (units) or a list of boxes")
        for unit in (*self.units, *(b.unit for b in self.boxes)):
            if not 1 <= unit <= 247:
                raise ConfigError(f"unit id {unit} is outside 1-247")
        for name in ("telemetry_interval", "alarm_interval", "settings_interval"):
            value = getattr(self, name)
            if not math.isfinite(value) or value <= 0:
                raise ConfigError(f"{name} must be a positive number of seconds")
        if self.alarm_interval > self.telemetry_interval:
            raise ConfigError("alarm_interval must not be longer than telemetry_interval")
        if not math.isfinite(self.rescan_interval) or self.rescan_interval < 0:
            raise ConfigError("rescan_interval must be 0 (off) or a positive number of seconds")

    @property
    def bridge_id(self) -> str:
        """Return the bridge's id in topics: the client id, made topic-safe."""
        return _NOT_ID.sub("_", self.client_id)[:64]


@dataclass(eq=False)
class BridgedBox:
    """One box the bridge publishes: its poller link, its config and what was last published."""

    box_id: str
    link: BoxLink
    config: BoxConfig
    config_payload: str
    availability: MqttConnection
    published_online: bool | None = None
    published_alarms: frozenset[AlarmCause] | None = None
    published_contactor: bool | None = None
    # The last command ids and whether each was acknowledged (to answer a repeated delivery).
    outcomes: OrderedDict[str, bool] = field(default_factory=OrderedDict)
    invalid_logged_at: float = -math.inf

    @property
    def unit(self) -> int:
        """Return the box's unit id."""
        return self.link.unit


@dataclass(slots=True)
class _Pending:
    """A unit id still to identify."""

    at: float  # loop time of the next attempt
    listed: bool
    failures: int = 0


def box_id_for(serial: str, unit: int, taken: Iterable[str] = ()) -> str:
    """Return a topic-safe, unused box id for a serial (`_u<unit>` appended on a clash)."""
    base = _NOT_ID.sub("_", serial.strip())[:64] or f"unit{unit}"
    if base in set(taken):
        base = f"{base[:58]}_u{unit}"
    return base


def _cancelling() -> bool:
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


class _Gateway(ModbusGateway):
    """The integration's gateway, except that a cancelled request stays cancelled.

    pymodbus answers the cancellation of a request with `ModbusIOException("Request cancelled
    outside library.")`, which `ModbusGateway` reports as a timeout and the poller takes for a
    silent box: the cancellation would be lost and the bridge's task would never end.
    """

    async def connect(self) -> None:
        """Open the transport (see ModbusGateway.connect)."""
        try:
            await super().connect()
        except GatewayError as err:
            if _cancelling():
                raise asyncio.CancelledError from err
            raise

    async def read(self, unit: int, block: Block) -> list[int]:
        """Read one block (see ModbusGateway.read)."""
        try:
            return await super().read(unit, block)
        except GatewayError as err:
            if _cancelling():
                raise asyncio.CancelledError from err
            raise

    async def write(self, unit: int, address: int, value: int | list[int]) -> None:
        """Write registers (see ModbusGateway.write)."""
        try:
            await super().write(unit, address, value)
        except GatewayError as err:
            if _cancelling():
                raise asyncio.CancelledError from err
            raise


class Bridge:
    """Polls one gateway's boxes and publishes them over MQTT.

    ```
    bridge = Bridge(BridgeConfig(gateway=GatewayConfig(Transport.TCP, host=..., port=...),
                                 broker=BrokerConfig(port=1883), units=(1, 2, 3)))
    await bridge.start()      # returns at once; discovery and polling run in a task
    ...
    await bridge.stop()       # every box "offline", clean disconnects
    ```
    """

    def __init__(
        self, config: BridgeConfig, *, profiles: Mapping[str, Profile] | None = None
    ) -> None:
        """Load the profiles and prepare the connections; nothing is opened before `start`."""
        self.config = config
        if profiles is None:
            profiles = load_bridge_profiles(config.profiles_dir)
        self.profiles = dict(profiles)
        check_profiles(config, self.profiles)
        self.gateway: ModbusGateway = _Gateway(config.gateway)
        self.poller = BoxPoller(self.gateway, [], settings_interval=config.settings_interval)
        self.boxes: dict[str, BridgedBox] = {}
        self.availability_topic = f"{config.prefix}/{BRIDGE_LEVEL}/{config.bridge_id}/availability"
        self.connection = MqttConnection(
            config.broker,
            config.client_id,
            will=Will(self.availability_topic, encode_availability(online=False)),
            on_connect=self._connected,
            on_message=self._message,
        )
        self.gateway_reachable: bool | None = None
        self.rounds = 0  # poll rounds done (for tests and diagnostics)
        self._entries = {entry.unit: entry for entry in config.boxes}
        self._pending = {
            unit: _Pending(-math.inf, listed=unit in self._entries)  # due at once
            for unit in sorted({*config.units, *self._entries})
        }
        self._commands: asyncio.Queue[tuple[BridgedBox, Command, str]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._next_telemetry = -math.inf
        self._nothing_found = False

    # --- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        """Connect to the broker and start discovering and polling in a background task."""
        if self._task is not None:
            raise RuntimeError("the bridge is already running")
        _LOGGER.info(
            "Bridge %s: gateway %s, broker %s, prefix %s",
            self.config.client_id,
            self.config.gateway.label,
            self.config.broker.label,
            self.config.prefix,
        )
        self.connection.start()
        self._task = asyncio.create_task(self._run(), name="safe_power_bridge")

    async def run_forever(self) -> None:
        """Start, then wait until the task ends (it only ends by `stop` or an error)."""
        await self.start()
        assert self._task is not None  # noqa: S101
        await self._task

    async def stop(self) -> None:
        """Stop polling, publish `offline` for every box and the bridge, and disconnect."""
        await self._stop_task()
        offline = encode_availability(online=False)

        async def box_offline(box: BridgedBox) -> None:
            if box.availability.connected:
                await box.availability.publish_wait(
                    self._topic(box, Topic.AVAILABILITY), offline, retain=True, within=2.0
                )
            await box.availability.stop()

        await asyncio.gather(*(box_offline(box) for box in self.boxes.values()))
        if self.connection.connected:
            await self.connection.publish_wait(
                self.availability_topic, offline, retain=True, within=2.0
            )
        await self.connection.stop()
        self.gateway.close()
        _LOGGER.info("Bridge %s stopped", self.config.client_id)

    async def kill(self) -> None:
        """Die like a power cut (for tests): stop polling, drop every connection abruptly.

        Nothing is published: the broker publishes the wills, `offline` for every box and
        for the bridge.
        """
        await self._stop_task()
        await asyncio.gather(
            self.connection.kill(), *(box.availability.kill() for box in self.boxes.values())
        )
        self.gateway.close()

    async def _stop_task(self) -> None:
        """Cancel the polling task and wait until it ended (a cancel of our caller propagates)."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            if _cancelling():
                raise

    # --- the loop -----------------------------------------------------------------------------

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            try:
                await self._discover(started)
                await self.poll_round(started)
            except Exception:
                _LOGGER.exception("Bridge %s: a poll round failed", self.config.client_id)
            deadline = started + self.config.alarm_interval
            # Commands that came during the round go first, even if the round overran.
            while True:
                try:
                    box, command, command_id = self._commands.get_nowait()
                except asyncio.QueueEmpty:
                    left = deadline - loop.time()
                    if left <= 0:
                        break
                    try:
                        async with asyncio.timeout(left):
                            box, command, command_id = await self._commands.get()
                    except TimeoutError:
                        break
                try:
                    await self._handle_command(box, command, command_id)
                except Exception:
                    _LOGGER.exception("Box %s: %s failed", box.box_id, command)

    async def poll_round(self, now: float) -> None:
        """Poll every box once (the fast lane, or telemetry when it is due) and publish."""
        if not self.boxes:
            return
        telemetry = now >= self._next_telemetry
        for link in self.poller.boxes.values():
            link.failures = min(link.failures, MAX_FAILURES)
        try:
            await self.poller.poll(now, telemetry=telemetry)
        except GatewayConnectionError as err:
            self._gateway_lost(str(err))
        else:
            self._gateway_back()
            if telemetry:
                self._next_telemetry = now + self.config.telemetry_interval
        for box in self.boxes.values():
            self._publish(box, state=telemetry)
        self.rounds += 1

    def _gateway_lost(self, error: str) -> None:
        if self.gateway_reachable is not False:
            _LOGGER.warning(
                "Gateway %s cannot be reached: %s; its boxes are offline until it answers",
                self.config.gateway.label,
                error,
            )
        self.gateway_reachable = False
        for box in self.boxes.values():
            box.link.online = False
            box.link.last_error = error

    def _gateway_back(self) -> None:
        if self.gateway_reachable is False:
            _LOGGER.info("Gateway %s answers again", self.config.gateway.label)
        self.gateway_reachable = True

    # --- discovery ----------------------------------------------------------------------------

    async def _discover(self, now: float) -> None:
        """Identify the unit ids whose turn has come, for about one alarm interval at most."""
        loop = asyncio.get_running_loop()
        began = loop.time()
        for unit in sorted(u for u, p in self._pending.items() if p.at <= now):
            if loop.time() - began >= self.config.alarm_interval:
                break  # the rest in the next rounds: the boxes found are polled meanwhile
            pending = self._pending[unit]
            entry = self._entries.get(unit)
            profiles = self.profiles
            if entry is not None and entry.profile is not None:
                profiles = {entry.profile: self.profiles[entry.profile]}
            try:
                found = await self.gateway.identify(unit, profiles)
            except GatewayConnectionError as err:
                self._gateway_lost(str(err))
                for waiting in self._pending.values():  # try again on the next round
                    waiting.at = max(waiting.at, now + self.config.alarm_interval)
                return
            self._gateway_back()
            if found is not None:
                try:
                    await self._add_box(unit, *found, now)
                except GatewayConnectionError as err:  # gone between two requests: again later
                    self._gateway_lost(str(err))
                    pending.at = now + self.config.alarm_interval
                    return
                del self._pending[unit]
                continue
            pending.failures = min(pending.failures + 1, MAX_FAILURES)
            if pending.listed:
                delay = min(RETRY_FIRST * 2 ** (pending.failures - 1), RETRY_MAX)
                _LOGGER.warning(
                    "No known box answers at unit %s of %s; asking again in %.0f s",
                    unit,
                    self.config.gateway.label,
                    delay,
                )
                pending.at = now + delay
            elif self.config.rescan_interval > 0:
                pending.at = now + self.config.rescan_interval
            else:
                del self._pending[unit]
        if not self._pending and not self.boxes and not self._nothing_found:
            self._nothing_found = True
            _LOGGER.warning(
                "No known box answers at the unit ids %s of %s: nothing to publish (check the "
                "unit ids, the wiring and the device profiles)",
                ", ".join(str(u) for u in sorted({*self.config.units, *self._entries})),
                self.config.gateway.label,
            )

    async def _add_box(
        self, unit: int, profile: Profile, identity: BoxIdentity, now: float
    ) -> None:
        """Read a found box once, then publish it (config, availability) and poll it."""
        link = BoxLink(unit, profile, identity.phases)
        # The first read tells which measurements the box has: as Home Assistant does for a
        # Modbus box, one the detector marks "not present" gets no entity (one that was present
        # but implausible does). If this read fails, the profile's full list is published.
        await self.poller.poll_box(link, now, telemetry=True)
        present: set[str] | None = None
        if link.online and link.reading is not None:
            present = set(link.reading.values) | set(link.dropped)
        box_id = box_id_for(identity.serial, unit, self.boxes)
        entry = self._entries.get(unit)
        config = BoxConfig(
            box_id=box_id,
            identity=identity,
            capabilities=profile_capabilities(profile, identity.phases, present),
            location=entry.location if entry is not None else BoxLocation(),
        )
        try:
            payload = encode_config(config)
        except ValueError as err:
            _LOGGER.error("Box at unit %s cannot be published (%s); it is skipped", unit, err)  # noqa: TRY400
            return

        def availability_connected() -> None:
            self._publish_availability(box)

        box = BridgedBox(
            box_id=box_id,
            link=link,
            config=config,
            config_payload=payload,
            availability=MqttConnection(
                self.config.broker,
                f"{self.config.client_id}-{box_id}",
                will=Will(
                    topic(self.config.prefix, box_id, Topic.AVAILABILITY),
                    encode_availability(online=False),
                ),
                on_connect=availability_connected,
            ),
        )
        self.boxes[box_id] = box
        self.poller.boxes[unit] = link
        _LOGGER.info(
            "Box %s (unit %s, %s %s, %s-phase) found; publishing as %s",
            identity.serial,
            unit,
            identity.manufacturer,
            identity.model,
            identity.phases,
            box_id,
        )
        self.connection.subscribe(self._topic(box, Topic.SET), QOS[Topic.SET])
        if self.connection.connected:
            self._publish_config(box)
        box.availability.start()

    # --- publishing ---------------------------------------------------------------------------

    def _topic(self, box: BridgedBox, kind: Topic) -> str:
        return topic(self.config.prefix, box.box_id, kind)

    def _connected(self) -> None:
        """After every (re)connection of the main client: bridge online, every config."""
        _LOGGER.info("Connected to the MQTT broker %s", self.config.broker.label)
        self.connection.publish(
            self.availability_topic, encode_availability(online=True), qos=1, retain=True
        )
        for box in self.boxes.values():
            self._publish_config(box)

    def _publish_config(self, box: BridgedBox) -> None:
        self.connection.publish(
            self._topic(box, Topic.CONFIG),
            box.config_payload,
            qos=QOS[Topic.CONFIG],
            retain=RETAIN[Topic.CONFIG],
        )

    def _publish_availability(self, box: BridgedBox) -> None:
        """Publish the box's availability on its own connection (on change and reconnect)."""
        if box.published_online is None or not box.availability.connected:
            return
        box.availability.publish(
            self._topic(box, Topic.AVAILABILITY),
            encode_availability(box.published_online),
            qos=QOS[Topic.AVAILABILITY],
            retain=RETAIN[Topic.AVAILABILITY],
        )

    def _publish(self, box: BridgedBox, *, state: bool, ack: str | None = None) -> None:
        """Publish what changed for a box: availability, alarms, and the state if asked."""
        link = box.link
        if link.online != box.published_online:
            if link.online:
                if box.published_online is not None:
                    _LOGGER.info("Box %s (unit %s) answers again", box.box_id, link.unit)
            else:
                _LOGGER.warning(
                    "Box %s (unit %s) does not answer: %s", box.box_id, link.unit, link.last_error
                )
            box.published_online = link.online
            self._publish_availability(box)
        reading = link.reading
        if not link.online or reading is None:
            return
        now = datetime.now(UTC)
        changed = self._publish_alarms(box, reading, now)
        if reading.contactor_closed != box.published_contactor:
            changed = changed or box.published_contactor is not None
            box.published_contactor = reading.contactor_closed
        if (state or changed or ack is not None) and self.connection.connected:
            try:
                payload = encode_state(now, reading, ack)
            except ValueError:
                _LOGGER.exception("The state of box %s cannot be encoded", box.box_id)
                return
            self.connection.publish(
                self._topic(box, Topic.STATE),
                payload,
                qos=QOS[Topic.STATE],
                retain=RETAIN[Topic.STATE],
            )

    def _publish_alarms(self, box: BridgedBox, reading: BoxReading, now: datetime) -> bool:
        """Publish one /alarm per cause raised or cleared; return True if any changed."""
        before, after = box.published_alarms, reading.alarms
        box.published_alarms = after
        if before is None or before == after:
            return False
        for cause, raised in (
            *((c, True) for c in sorted(after - before)),
            *((c, False) for c in sorted(before - after)),
        ):
            _LOGGER.info(
                "Box %s: alarm %s %s", box.box_id, cause, "raised" if raised else "cleared"
            )
            self.connection.publish(  # QoS 1: kept and sent after a reconnection
                self._topic(box, Topic.ALARM),
                alarm_payload(reading, cause, now, raised=raised),
                qos=QOS[Topic.ALARM],
                retain=RETAIN[Topic.ALARM],
            )
        return True

    # --- commands -----------------------------------------------------------------------------

    def _message(self, message: Message) -> None:
        """A message on a subscribed topic (a box's /set), in the event loop."""
        parsed = parse_topic(message.topic, self.config.prefix)
        if parsed is None or parsed[1] is not Topic.SET:
            return
        box = self.boxes.get(parsed[0])
        if box is None:
            return
        if message.retain:
            self._invalid(box, "a retained command (commands must not be retained)")
            return
        try:
            command, command_id = parse_command(message.payload)
        except PayloadError as err:
            self._invalid(box, str(err))
            return
        _LOGGER.info("Box %s: command %s (%s) received", box.box_id, command, command_id)
        self._commands.put_nowait((box, command, command_id))

    def _invalid(self, box: BridgedBox, why: str) -> None:
        now = asyncio.get_running_loop().time()
        if now - box.invalid_logged_at >= INVALID_LOG_INTERVAL:
            box.invalid_logged_at = now
            _LOGGER.warning("Box %s: /set ignored: %s", box.box_id, why)

    async def _handle_command(self, box: BridgedBox, command: Command, command_id: str) -> None:
        """Execute a command once per id; acknowledge a repeated delivery again."""
        done = box.outcomes.get(command_id)
        if done is not None:
            if done:
                _LOGGER.info(
                    "Box %s: command %s repeated, acknowledged again", box.box_id, command_id
                )
                self._publish(box, state=True, ack=command_id)
            else:
                _LOGGER.info("Box %s: command %s repeated, it had failed", box.box_id, command_id)
            return
        box.outcomes[command_id] = await self.execute(box, command, command_id)
        while len(box.outcomes) > COMMAND_IDS_KEPT:
            box.outcomes.popitem(last=False)

    async def execute(self, box: BridgedBox, command: Command, command_id: str) -> bool:
        """Execute a command on the bus and publish the state with its ack.

        Returns True when the command was acknowledged.
        """
        link = box.link
        if command not in box.config.capabilities.commands:
            _LOGGER.warning("Box %s: %s ignored, the box has no such command", box.box_id, command)
            return False
        if not link.online:
            _LOGGER.warning("Box %s: %s refused, the box is offline", box.box_id, command)
            return False
        try:
            if command in (Command.CONTACTOR_OPEN, Command.CONTACTOR_CLOSE):
                closed = command is Command.CONTACTOR_CLOSE
                try:
                    await self.poller.set_contactor(link.unit, closed=closed)
                except ReadbackError:
                    _LOGGER.error(  # noqa: TRY400
                        "Box %s: %s was accepted but the contactor stays %s",
                        box.box_id,
                        command,
                        "closed" if link.reading and link.reading.contactor_closed else "open",
                    )
            else:
                await self.poller.command(link.unit, command)
        except GatewayError as err:
            _LOGGER.error("Box %s: %s failed: %s", box.box_id, command, err)  # noqa: TRY400
            return False
        await self._read_telemetry(link)
        _LOGGER.info("Box %s: %s done (%s)", box.box_id, command, command_id)
        self._publish(box, state=True, ack=command_id)
        return True

    async def _read_telemetry(self, link: BoxLink) -> None:
        """Read the values right after a command, so its state shows their effect.

        A failure keeps the read-back reading: the command was carried out either way.
        """
        try:
            image = await self.gateway.read_image(link.unit, link.profile.telemetry_plan())
        except (BoxTimeoutError, BoxExceptionError, GatewayConnectionError) as err:
            _LOGGER.debug("Box at unit %s: no telemetry after a command: %s", link.unit, err)
            return
        link.reading, link.dropped = decode_reading(link.profile, image, link.reading, link.phases)


def check_profiles(config: BridgeConfig, profiles: Mapping[str, Profile]) -> None:
    """Raise ConfigError when a listed box names a profile that does not exist."""
    for entry in config.boxes:
        if entry.profile is not None and entry.profile not in profiles:
            raise ConfigError(f"box at unit {entry.unit}: unknown profile {entry.profile!r}")


def load_bridge_profiles(directory: Path | None = None) -> dict[str, Profile]:
    """Return the shipped profiles plus those of an installer's folder (which may override)."""
    profiles = load_profiles()
    if directory is not None:
        if not directory.is_dir():
            raise ConfigError(f"profiles: {directory} is not a folder")
        try:
            profiles.update(load_profiles(directory))
        except ProfileError as err:
            raise ConfigError(f"profiles: {err}") from err
    return profiles


# --- configuration ----------------------------------------------------------------------------

# File sections and keys -> setting names (the `dest` of the command-line flags).
FILE_KEYS: Final[dict[str, dict[str, str]]] = {
    "gateway": {
        "host": "gateway_host",
        "port": "gateway_port",
        "framer": "framer",
        "serial_port": "serial_port",
        "baudrate": "baudrate",
        "parity": "parity",
        "stopbits": "stopbits",
        "bytesize": "bytesize",
        "timeout": "timeout",
        "units": "units",
    },
    "mqtt": {
        "host": "mqtt_host",
        "port": "mqtt_port",
        "username": "mqtt_username",
        "password": "mqtt_password",
        "tls": "mqtt_tls",
        "ca": "mqtt_ca",
        "cert": "mqtt_cert",
        "key": "mqtt_key",
        "insecure": "mqtt_insecure",
        "keepalive": "mqtt_keepalive",
        "client_id": "client_id",
        "prefix": "prefix",
    },
    "polling": {
        "telemetry_interval": "telemetry_interval",
        "alarm_interval": "alarm_interval",
        "settings_interval": "settings_interval",
        "rescan_interval": "rescan_interval",
    },
}
_TYPES: Final[dict[str, type]] = {
    "gateway_host": str,
    "gateway_port": int,
    "framer": str,
    "serial_port": str,
    "baudrate": int,
    "parity": str,
    "stopbits": int,
    "bytesize": int,
    "timeout": float,
    "mqtt_host": str,
    "mqtt_port": int,
    "mqtt_username": str,
    "mqtt_password": str,
    "mqtt_tls": bool,
    "mqtt_ca": str,
    "mqtt_cert": str,
    "mqtt_key": str,
    "mqtt_insecure": bool,
    "mqtt_keepalive": int,
    "client_id": str,
    "prefix": str,
    "telemetry_interval": float,
    "alarm_interval": float,
    "settings_interval": float,
    "rescan_interval": float,
    "profiles": str,
}
_PATHS: Final = ("mqtt_ca", "mqtt_cert", "mqtt_key", "profiles")


def read_config_file(path: Path) -> dict[str, Any]:
    """Read a JSON or TOML configuration file into settings (names as the flags' `dest`).

    Relative paths in it (profiles, TLS files) are relative to the file's folder.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(f"{path}: {err}") from err
    try:
        if path.suffix.lower() == ".toml":
            doc: Any = tomllib.loads(text)
        else:
            doc = json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as err:
        raise ConfigError(f"{path}: {err}") from err
    if not isinstance(doc, dict):
        raise ConfigError(f"{path}: must be an object / table")
    settings = settings_from_document(doc, path.name)
    for key in _PATHS:
        if isinstance(value := settings.get(key), str) and not Path(value).is_absolute():
            settings[key] = str(path.parent / value)
    return settings


def settings_from_document(doc: Mapping[str, Any], source: str = "config") -> dict[str, Any]:
    """Flatten a configuration document into settings, checking names and types."""
    settings: dict[str, Any] = {}
    for key, value in doc.items():
        if key in FILE_KEYS:
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: [{key}] must be a section / object")
            for sub, sub_value in value.items():
                name = FILE_KEYS[key].get(sub)
                if name is None:
                    raise ConfigError(f"{source}: {key}.{sub}: unknown setting")
                settings[name] = _typed(sub_value, name, f"{source}: {key}.{sub}")
        elif key == "profiles":
            settings["profiles"] = _typed(value, "profiles", f"{source}: profiles")
        elif key == "boxes":
            settings["boxes"] = _boxes(value, f"{source}: boxes")
        else:
            raise ConfigError(f"{source}: {key}: unknown setting")
    return settings


def _typed(value: Any, name: str, where: str) -> Any:
    if name == "units":
        return parse_units(value, where)
    kind = _TYPES[name]
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, bool) != (kind is bool) or not isinstance(value, kind):
        raise ConfigError(f"{where}: must be of type {kind.__name__}")
    return value


def parse_units(value: Any, where: str = "units") -> tuple[int, ...]:
    """Return unit ids from "1-32", "1-5,9,12" or a list of integers."""
    units: list[int] = []
    if isinstance(value, list):
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int):
                raise ConfigError(f"{where}: must list integers")
            units.append(item)
    elif isinstance(value, str):
        for part in filter(None, (p.strip() for p in value.split(","))):
            first, _, last = part.partition("-")
            try:
                lo, hi = int(first), int(last or first)
            except ValueError:
                raise ConfigError(f"{where}: {part!r} is not a unit id or a range") from None
            if lo > hi:
                raise ConfigError(f"{where}: {part!r} is an empty range")
            units.extend(range(lo, hi + 1))
    else:
        raise ConfigError(f'{where}: must be a range such as "1-32" or a list of unit ids')
    for unit in units:
        if not 1 <= unit <= 247:
            raise ConfigError(f"{where}: unit id {unit} is outside 1-247")
    return tuple(sorted(set(units)))


def _boxes(value: Any, where: str) -> tuple[BoxEntry, ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: must be a list")
    entries: list[BoxEntry] = []
    for i, item in enumerate(value):
        here = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{here}: must be an object / table")
        if unknown := set(item) - {"unit", "profile", "location"}:
            raise ConfigError(f"{here}: unknown keys {sorted(unknown)}")
        unit = item.get("unit")
        if isinstance(unit, bool) or not isinstance(unit, int) or not 1 <= unit <= 247:
            raise ConfigError(f"{here}.unit: must be a unit id from 1 to 247")
        profile = item.get("profile")
        if profile is not None and not isinstance(profile, str):
            raise ConfigError(f"{here}.profile: must be a profile id")
        entries.append(
            BoxEntry(unit=unit, profile=profile, location=_location(item.get("location"), here))
        )
    units = [e.unit for e in entries]
    if len(set(units)) != len(units):
        raise ConfigError(f"{where}: a unit id is listed twice")
    return tuple(entries)


_LOCATION_KEYS = frozenset({"text", "site", "building", "latitude", "longitude", "x", "y", "floor"})


def _location(value: Any, where: str) -> BoxLocation:
    if value is None:
        return BoxLocation()
    if isinstance(value, str):
        return BoxLocation(text=value)
    if not isinstance(value, dict):
        raise ConfigError(f"{where}.location: must be a text or an object")
    if unknown := set(value) - _LOCATION_KEYS:
        raise ConfigError(f"{where}.location: unknown keys {sorted(unknown)}")
    numbers: dict[str, float | None] = {}
    for key in ("latitude", "longitude", "x", "y"):
        raw = value.get(key)
        if raw is not None and (isinstance(raw, bool) or not isinstance(raw, int | float)):
            raise ConfigError(f"{where}.location.{key}: must be a number")
        numbers[key] = None if raw is None else float(raw)
    texts: dict[str, str | None] = {key: value.get(key) for key in ("text", "site", "building")}
    for key, text in texts.items():
        if text is not None and not isinstance(text, str):
            raise ConfigError(f"{where}.location.{key}: must be a text")
    floor = value.get("floor")
    if floor is not None and (isinstance(floor, bool) or not isinstance(floor, int)):
        raise ConfigError(f"{where}.location.floor: must be an integer")
    location = BoxLocation(
        text=texts["text"],
        site=texts["site"],
        building=texts["building"],
        latitude=numbers["latitude"],
        longitude=numbers["longitude"],
        x=numbers["x"],
        y=numbers["y"],
        floor=floor,
    )
    nothing: frozenset[Any] = frozenset()
    probe = BoxConfig(
        "probe",
        BoxIdentity("m", "m", "s", "", 1),
        Capabilities(
            measurements=nothing,
            alarms=nothing,
            contactor=False,
            commands=nothing,
            settings=nothing,
        ),
        location,
    )
    try:
        encode_config(probe)
    except ValueError as err:
        message = str(err).removeprefix("config: ")
        raise ConfigError(f"{where}.{message}") from None
    return location


def build_config(settings: Mapping[str, Any]) -> BridgeConfig:
    """Return the bridge configuration from settings (file values overridden by flags)."""
    s = {k: v for k, v in settings.items() if v is not None}
    serial_port = s.get("serial_port")
    host = s.get("gateway_host")
    if (serial_port is None) == (host is None):
        raise ConfigError("give either a gateway host (gateway.host) or a serial port")
    timeout = float(s.get("timeout", 1.0))
    if not math.isfinite(timeout) or timeout <= 0:
        raise ConfigError("gateway.timeout must be a positive number of seconds")
    if serial_port is not None:
        parity = str(s.get("parity", "N")).upper()
        if parity not in ("N", "E", "O"):
            raise ConfigError("gateway.parity must be N, E or O")
        gateway = GatewayConfig(
            Transport.SERIAL,
            serial_port=serial_port,
            baudrate=int(s.get("baudrate", 9600)),
            parity=parity,
            stopbits=int(s.get("stopbits", 1)),
            bytesize=int(s.get("bytesize", 8)),
            timeout=timeout,
        )
    else:
        framer = s.get("framer", "tcp")
        if framer not in (Transport.TCP, Transport.RTU_OVER_TCP):
            raise ConfigError("gateway.framer must be tcp or rtu_over_tcp")
        gateway = GatewayConfig(
            Transport(framer),
            host=host,
            port=_port(s.get("gateway_port", DEFAULT_MODBUS_PORT), "gateway.port"),
            timeout=timeout,
        )
    broker = BrokerConfig(
        host=s.get("mqtt_host", "127.0.0.1"),
        port=_port(s.get("mqtt_port", DEFAULT_PORT), "mqtt.port"),
        username=s.get("mqtt_username") or None,
        password=s.get("mqtt_password") or None,
        tls=bool(s.get("mqtt_tls", False)),
        ca_certs=s.get("mqtt_ca"),
        certfile=s.get("mqtt_cert"),
        keyfile=s.get("mqtt_key"),
        tls_insecure=bool(s.get("mqtt_insecure", False)),
        keepalive=int(s.get("mqtt_keepalive", DEFAULT_KEEPALIVE)),
    )
    if broker.keyfile is not None and broker.certfile is None:
        raise ConfigError("mqtt.key needs mqtt.cert")
    for name, path in (
        ("mqtt.ca", broker.ca_certs),
        ("mqtt.cert", broker.certfile),
        ("mqtt.key", broker.keyfile),
    ):
        if path is not None and not Path(path).is_file():
            raise ConfigError(f"{name}: {path} is not a readable file")
    if broker.keepalive < 5:
        raise ConfigError("mqtt.keepalive must be at least 5 seconds")
    profiles = s.get("profiles")
    return BridgeConfig(
        gateway=gateway,
        broker=broker,
        units=tuple(s.get("units", ())),
        boxes=tuple(s.get("boxes", ())),
        client_id=s.get("client_id", DEFAULT_CLIENT_ID),
        prefix=s.get("prefix", DEFAULT_PREFIX),
        telemetry_interval=float(s.get("telemetry_interval", DEFAULT_TELEMETRY_INTERVAL)),
        alarm_interval=float(s.get("alarm_interval", DEFAULT_ALARM_INTERVAL)),
        settings_interval=float(s.get("settings_interval", DEFAULT_SETTINGS_INTERVAL)),
        rescan_interval=float(s.get("rescan_interval", 0.0)),
        profiles_dir=None if profiles is None else Path(profiles),
    )


def _port(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise ConfigError(f"{where} must be a TCP port (1-65535)")
    return value


def load_config(path: Path, overrides: Mapping[str, Any] | None = None) -> BridgeConfig:
    """Return the configuration of a file, with settings from `overrides` taking precedence."""
    settings = read_config_file(path)
    settings.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return build_config(settings)

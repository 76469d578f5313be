"""An MQTT box: its topics pushed into the same `SafePowerHub` the Modbus boxes use.

One config entry per box. The hub subscribes to the box's `config`, `state`, `alarm` and
`availability` topics (raw bytes: `box.mqtt` is the only parser) and turns every valid message
into `BoxData` at once; commands go to `/set` and are confirmed by the box's next state carrying
the command's id. Invalid payloads never change anything: they are logged at most once per box
per `WARN_INTERVAL`, and a box that keeps sending them gets a repair issue.

What every MQTT box shares lives in one `MqttWatch` (hass.data, started with the first MQTT box
and stopped with the last): the broker's connection, and one periodic silence check that walks
the boxes, not a timer each. A broker that is gone for less than `BROKER_GRACE` changes nothing
the user sees (commands are refused meanwhile); one gone longer makes every MQTT box unavailable
at once, with one log line for all of them.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
import time
from types import MappingProxyType
from typing import Any, Final

from homeassistant.components import mqtt
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_call_later, async_track_time_interval
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .box.model import QUANTITIES, AlarmCause, AlarmDetail, BoxReading, channel_cause
from .box.mqtt import (
    QOS,
    BoxConfig,
    Command,
    PayloadError,
    Topic,
    encode_command,
    encode_config,
    new_command_id,
    parse_alarm,
    parse_availability,
    parse_config,
    parse_state,
    topic,
)
from .box.ordering import StateOrder, Verdict
from .box.silence import Cadence, Ticks
from .const import CONF_BOX_ID, CONF_CONFIG, CONF_PREFIX, DETAIL_KEYS, DOMAIN, LOGGER
from .coordinator import SafePowerConfigEntry
from .fleet import async_get_fleet
from .hub import BoxData, BoxInfo, Derivation, SafePowerHub, SettingNotKeptError

ACK_TIMEOUT: Final = 10.0  # seconds a box has to acknowledge a command (docs/mqtt.md §7)
WARN_INTERVAL: Final = 300.0  # seconds between two warnings about one box's bad payloads
ISSUE_COUNT: Final = 10  # unreadable payloads within ISSUE_WINDOW that raise a repair issue
ISSUE_WINDOW: Final = 600.0  # seconds
_SUBSCRIBED: Final = (Topic.CONFIG, Topic.STATE, Topic.ALARM, Topic.AVAILABILITY)
SILENCE_CHECK: Final = timedelta(seconds=15)  # how often the boxes' silence is looked at
# How long the broker may be gone before the boxes are unavailable: Home Assistant's client
# reconnects within seconds, and a blip must not write every entity of every box twice.
BROKER_GRACE: Final = 30.0  # s
# How long a box's `offline` waits before it is shown: a broker that shuts down publishes every
# client's last will just before it drops us, and that is the broker going, not the boxes.
WILL_SETTLE: Final = 2.0  # s
_WATCH: HassKey[MqttWatch] = HassKey(f"{DOMAIN}_mqtt_watch")


class MqttWatch:
    """What every MQTT box shares: the broker's connection and one silence check for all.

    One of each for the whole integration, however many boxes: one connection-status
    subscription and one interval timer, not one of each per box entry.
    """

    def __init__(self, hass: HomeAssistant) -> None:
        """Follow nothing until the first box is added."""
        self.hass = hass
        self.hubs: dict[str, MqttBoxHub] = {}  # by config entry id
        self.connected = False  # Home Assistant's client is connected to the broker
        self.reachable = False  # connected, or gone for less than BROKER_GRACE
        self.ticks = Ticks(SILENCE_CHECK.total_seconds())
        self._logged_down = False  # the one "broker lost" line was written
        self._grace: CALLBACK_TYPE | None = None
        self._unsubscribe: list[Callable[[], None]] = []

    @callback
    def add(self, hub: MqttBoxHub) -> None:
        """Watch a box; the first one starts the timer and the connection subscription."""
        if not self.hubs:
            self.connected = self.reachable = mqtt.is_connected(self.hass)
            self.ticks = Ticks(SILENCE_CHECK.total_seconds(), dt_util.utcnow().timestamp())
            self._unsubscribe = [
                mqtt.async_subscribe_connection_status(self.hass, self._on_connection),
                async_track_time_interval(
                    self.hass, self._check_silence, SILENCE_CHECK, cancel_on_shutdown=True
                ),
            ]
        self.hubs[hub.config_entry.entry_id] = hub

    @callback
    def remove(self, hub: MqttBoxHub) -> None:
        """Stop watching a box; the last one stops the timer and forgets the watch."""
        if self.hubs.get(hub.config_entry.entry_id) is hub:
            del self.hubs[hub.config_entry.entry_id]
        if self.hubs:
            return
        while self._unsubscribe:
            self._unsubscribe.pop()()
        self._cancel_grace()
        if self.hass.data.get(_WATCH) is self:
            del self.hass.data[_WATCH]

    def _cancel_grace(self) -> None:
        if self._grace is not None:
            self._grace()
            self._grace = None

    @callback
    def _on_connection(self, connected: bool) -> None:
        if connected == self.connected:
            return
        self.connected = connected
        if not connected:
            LOGGER.debug(
                "Connection to the MQTT broker lost: MQTT boxes stay as they are for %.0f s",
                BROKER_GRACE,
            )
            for hub in self.hubs.values():
                hub.broker_lost()
            if self.reachable and self._grace is None:
                self._grace = async_call_later(self.hass, BROKER_GRACE, self._grace_over)
            return
        self._cancel_grace()
        now = dt_util.utcnow().timestamp()
        for hub in self.hubs.values():
            hub.broker_back(now)  # nothing could be heard while the broker was away
        if self._logged_down:
            LOGGER.info("Connection to the MQTT broker is back: MQTT boxes update again")
            self._logged_down = False
        if not self.reachable:
            self.reachable = True
            for hub in self.hubs.values():
                hub.async_update_listeners()

    @callback
    def _grace_over(self, _now: datetime) -> None:
        """The broker did not come back in time: every MQTT box is unavailable (one line)."""
        self._grace = None
        if self.connected or not self.reachable:
            return
        self.reachable = False
        LOGGER.info(
            "Connection to the MQTT broker lost for %.0f s: MQTT boxes are unavailable",
            BROKER_GRACE,
        )
        self._logged_down = True
        for hub in self.hubs.values():
            hub.async_update_listeners()

    @callback
    def _check_silence(self, now: datetime) -> None:
        """Walk the boxes: a box that has sent nothing for too long is offline (once, logged).

        A check that runs much later than scheduled means the loop itself could not listen
        (box/silence.py): every box is excused that long, and none is judged this time.
        """
        timestamp = now.timestamp()
        if late := self.ticks.tick(timestamp):
            LOGGER.debug(
                "The silence check ran %.1f s late: no MQTT box is judged this time, and each"
                " is excused that long",
                late,
            )
            for hub in self.hubs.values():
                hub.excuse(late, timestamp)
            return
        if not self.connected:
            return
        for hub in self.hubs.values():
            hub.check_silence(timestamp)


@callback
def async_get_watch(hass: HomeAssistant) -> MqttWatch:
    """Return the MQTT boxes' shared watch, made when first asked for."""
    if (watch := hass.data.get(_WATCH)) is None:
        watch = hass.data[_WATCH] = MqttWatch(hass)
    return watch


def box_info(config: BoxConfig, title: str, details: dict[str, Any]) -> BoxInfo:
    """Describe an MQTT box to the entities from its retained config."""
    identity = config.identity
    return BoxInfo(
        title=title,
        serial=identity.serial,
        manufacturer=identity.manufacturer,
        model=identity.model,
        firmware=identity.firmware,
        phases=identity.phases,
        capabilities=config.capabilities,
        subentry_id=None,
        details=details,
    )


class MqttBoxHub(SafePowerHub):
    """One box over MQTT: no polling, every message updates the entities."""

    def __init__(self, hass: HomeAssistant, entry: SafePowerConfigEntry) -> None:
        """Describe the box from the config stored when the user added it."""
        super().__init__(
            hass, LOGGER, config_entry=entry, name=f"{DOMAIN} {entry.title}", update_interval=None
        )
        self.prefix: str = entry.data[CONF_PREFIX]
        self.box_id: str = entry.data[CONF_BOX_ID]
        stored = parse_config(entry.data[CONF_CONFIG], self.box_id)
        if stored is None:  # the flow never stores an empty config
            raise ValueError("no stored config")
        self.config: BoxConfig = stored
        details = {k: entry.data[k] for k in DETAIL_KEYS if entry.data.get(k) is not None}
        self.boxes = {self.box_id: box_info(stored, entry.title, details)}
        self.data = {}
        info = self.boxes[self.box_id]
        self._derive = Derivation(hass, info)
        self._online: bool | None = None  # what its availability topic says
        self._going: CALLBACK_TYPE | None = None  # an `offline` waiting WILL_SETTLE to be shown
        self._cadence = Cadence()
        self._silent = False  # connected, but it has sent nothing for too long (box/silence.py)
        self._reading: BoxReading | None = None
        self._reading_time: datetime | None = None  # the box's time of it
        self._order = StateOrder()
        self._older_warned = False
        self._details: dict[AlarmCause, AlarmDetail] = {}
        # What the box said (`/alarm` "cleared": when, the reading) of the alarms it ended,
        # until it raises them again: the register dates their end by it.
        self._cleared: dict[AlarmCause, AlarmDetail] = {}
        self._pending: dict[str, asyncio.Future[BoxReading]] = {}
        self._unsubscribe: list[Callable[[], None]] = []
        self._dropped: frozenset[str] = frozenset()
        self._bad: deque[float] = deque(maxlen=ISSUE_COUNT)
        self._last_warning = -WARN_INTERVAL
        self._suppressed = 0
        self._issue = False
        self._watch = async_get_watch(hass)
        self.counts = dict.fromkeys(("config", "state", "alarm", "availability", "invalid"), 0)
        self.last_error: str | None = None
        self.replaced_config: BoxConfig | None = None  # a changed config that needs a reload

    @property
    def key(self) -> str:
        """Return the box's key in `boxes` and `data`."""
        return self.box_id

    @property
    def connected(self) -> bool:
        """Return True while Home Assistant is connected to the broker."""
        return self._watch.connected

    @property
    def reachable(self) -> bool:
        """Return False once the broker has been gone for longer than `BROKER_GRACE`."""
        return self._watch.reachable

    @property
    def handlers(self) -> dict[Topic, Callable[[mqtt.ReceiveMessage], None]]:
        """Return the message callback of each subscribed topic."""
        return {
            Topic.CONFIG: self._on_config,
            Topic.STATE: self._on_state,
            Topic.ALARM: self._on_alarm,
            Topic.AVAILABILITY: self._on_availability,
        }

    async def async_subscribe(self) -> None:
        """Subscribe to the box's topics; retained config and availability arrive at once."""
        handlers = self.handlers
        for kind in _SUBSCRIBED:
            self._unsubscribe.append(
                await mqtt.async_subscribe(
                    self.hass,
                    topic(self.prefix, self.box_id, kind),
                    handlers[kind],
                    qos=QOS[kind],
                    encoding=None,
                )
            )
        # Taken again here, in the step that adds the box: the watch of a box unloaded during
        # the subscriptions above may be gone.
        self._watch = async_get_watch(self.hass)
        self._watch.add(self)

    @callback
    def async_shutdown_hub(self) -> None:
        """Unsubscribe and fail the commands still waiting for an acknowledgement."""
        self._watch.remove(self)
        self._cancel_going()
        while self._unsubscribe:
            self._unsubscribe.pop()()
        for future in self._pending.values():
            future.cancel()
        self._pending.clear()

    # --- incoming messages ----------------------------------------------------------------

    @callback
    def broker_lost(self) -> None:
        """The broker dropped us: an `offline` just before that was its shutdown's last will."""
        self._cancel_going()

    @callback
    def broker_back(self, now: float) -> None:
        """The broker is back: count the box's silence from `now` (nothing could be heard)."""
        self._cadence.restart(now)

    @callback
    def excuse(self, seconds: float, now: float) -> None:
        """Do not count `seconds` the event loop could not listen as the box's silence."""
        self._cadence.excuse(seconds, now)

    @callback
    def check_silence(self, now: float) -> None:
        """Count a box that has sent nothing for too long as offline (once, and logged)."""
        if self._silent or not self._online or not self.connected:
            return
        if not self._cadence.silent(now):
            return
        self._silent = True
        LOGGER.info(
            "Box %s is unavailable: it has sent no state for %.0f s (its link to the broker"
            " may be cut, or it hangs)",
            self.title,
            self._cadence.limit,
        )
        self._publish()

    @callback
    def _on_config(self, msg: mqtt.ReceiveMessage) -> None:
        try:
            config = parse_config(msg.payload, self.box_id)
        except PayloadError as err:
            self._invalid(Topic.CONFIG, err)
            return
        self._valid(Topic.CONFIG)
        if config is None:
            LOGGER.warning(
                "Box %s removed its config from the broker; it is shown offline until it "
                "publishes one again (delete the device to remove it from Home Assistant)",
                self.title,
            )
            self._online = False
            self._publish()
            return
        if config.identity.serial != self.config.identity.serial:
            self._invalid(
                Topic.CONFIG,
                PayloadError(
                    f"serial: {config.identity.serial!r} is not this box's "
                    f"{self.config.identity.serial!r}"
                ),
            )
            return
        if config not in (self.config, self.replaced_config):
            LOGGER.info("Box %s published a new config; it is set up again", self.title)
            self.replaced_config = config
            self.on_new_config(config)

    def on_new_config(self, config: BoxConfig) -> None:
        """Store a changed config in the entry (its update listener reloads the entry)."""
        self.hass.config_entries.async_update_entry(
            self.config_entry, data={**self.config_entry.data, CONF_CONFIG: encode_config(config)}
        )

    @callback
    def _on_state(self, msg: mqtt.ReceiveMessage) -> None:
        try:
            state = parse_state(msg.payload, self._reading)
        except PayloadError as err:
            self._invalid(Topic.STATE, err)
            return
        self._valid(Topic.STATE)
        verdict = self._order.check(state.time, dt_util.utcnow())
        if verdict is Verdict.OLDER:
            self._older(state.time)
            return
        if verdict is Verdict.CLOCK_BACK:
            LOGGER.warning(
                "Box %s: its clock went back (its states are dated %s now); they are shown again",
                self.title,
                state.time.isoformat(),
            )
        previous, current = self._reading, state.reading
        if state.dropped and previous is not None:
            # An implausible value is not shown: the last good one of that measurement stays.
            kept = {k: previous.values[k] for k in state.dropped if k in previous.values}
            current = replace(current, values=MappingProxyType(dict(current.values) | kept))
        self._reading = current
        if self._online is None:
            self._online = True  # a box without an availability topic is online when it talks
        if not msg.retain:
            self._cadence.heard(dt_util.utcnow().timestamp())
        if self._silent:
            self._silent = False
            LOGGER.info("Box %s is back: it sends states again", self.title)
        self._log_dropped(frozenset(state.dropped))
        # Alarm details from /alarm stay only while the state still reports that alarm.
        for cause in [c for c in self._details if c not in current.alarms]:
            del self._details[cause]
        for cause in current.alarms:
            self._cleared.pop(cause, None)
        self._derive.add(dt_util.as_local(state.time), current)
        # The box's clock against ours (live messages only: a retained one is old), so that
        # its alarms' times are corrected by what it drifts.
        correlator, now = async_get_fleet(self.hass).correlator, dt_util.utcnow()
        serial = self.boxes[self.box_id].serial
        if not msg.retain:
            correlator.observe_clock(serial, state.time, now)
        self._reading_time = correlator.dated(serial, state.time, now)
        future = self._pending.pop(state.ack, None) if state.ack is not None else None
        if future is not None and not future.done():
            future.set_result(current)
        self._publish()

    def _older(self, box_time: datetime) -> None:
        """Note a state older than the one shown: a warning the first time, then debug."""
        newest = self._order.newest
        log = LOGGER.debug if self._older_warned else LOGGER.warning
        self._older_warned = True
        log(
            "Box %s sent a state dated %s, older than the one shown (%s): not shown",
            self.title,
            box_time.isoformat(),
            newest.isoformat() if newest else "none",
        )

    @callback
    def _on_alarm(self, msg: mqtt.ReceiveMessage) -> None:
        try:
            alarm = parse_alarm(msg.payload)
        except PayloadError as err:
            self._invalid(Topic.ALARM, err)
            return
        self._valid(Topic.ALARM)
        reading = self._reading or BoxReading()
        # A multi-circuit detector's channel alarms on its own; its cause ends with the last one.
        own = {alarm.channel} if alarm.channel and channel_cause(alarm.channel) else set()
        unit = QUANTITIES[alarm.channel].unit.value if alarm.channel else None
        detail = AlarmDetail(
            alarm.cause, alarm.value, alarm.threshold, alarm.channel, unit, alarm.time
        )
        if alarm.raised:
            self._details[alarm.cause] = detail
            self._cleared.pop(alarm.cause, None)
            alarms = reading.alarms | {alarm.cause}
            channels = reading.channel_alarms | own
        else:
            channels = reading.channel_alarms - own
            alarms = reading.alarms
            if not any(channel_cause(key) is alarm.cause for key in channels):
                self._details.pop(alarm.cause, None)
                self._cleared[alarm.cause] = detail
                alarms = alarms - {alarm.cause}
        self._reading = replace(reading, alarms=alarms, channel_alarms=channels)
        self._publish()

    def cleared_detail(self, cause: AlarmCause) -> AlarmDetail | None:
        """Return what the box said when it ended an alarm (`/alarm`), None if it did not."""
        return self._cleared.get(cause)

    @callback
    def _on_availability(self, msg: mqtt.ReceiveMessage) -> None:
        try:
            online = parse_availability(msg.payload)
        except PayloadError as err:
            self._invalid(Topic.AVAILABILITY, err)
            return
        self._valid(Topic.AVAILABILITY)
        if online:
            self._cancel_going()  # an `offline` not shown yet is never shown
        if online == self._online:
            return
        if not online and self._online:
            # Shown in WILL_SETTLE, unless the broker drops us before: then it was the
            # broker's shutdown publishing every box's last will.
            if self._going is None:
                self._going = async_call_later(self.hass, WILL_SETTLE, self._gone)
            return
        self._set_online(online=online)

    @callback
    def _gone(self, _now: datetime) -> None:
        self._going = None
        self._set_online(online=False)

    def _cancel_going(self) -> None:
        if self._going is not None:
            self._going()
            self._going = None

    @callback
    def _set_online(self, *, online: bool) -> None:
        """Show what the availability topic says, with one log line when it changes."""
        if online == self._online:
            return
        if online:
            if self._online is not None:
                LOGGER.info("Box %s is back online", self.title)
        else:  # info, not warning: quality scale "log-when-unavailable"
            LOGGER.info("Box %s is unavailable: it says it is offline", self.title)
        self._online = online
        self._publish()

    @property
    def title(self) -> str:
        """Return the box's name."""
        return self.boxes[self.box_id].title

    @callback
    def _publish(self) -> None:
        """Hand the box's current picture to the entities."""
        reading = self._reading
        self.async_set_updated_data(
            {
                self.box_id: BoxData(
                    online=bool(self._online) and not self._silent,
                    reading=reading,
                    derived=self._derive.figures(reading),
                    last_error=self.last_error,
                    details=MappingProxyType(dict(self._details)),
                    time=self._reading_time,
                    faults=self._derive.faults(reading),
                )
            }
        )

    # --- invalid payloads -----------------------------------------------------------------

    def _valid(self, kind: Topic) -> None:
        self.counts[kind.value] += 1
        if self._issue and (not self._bad or time.monotonic() - self._bad[-1] > ISSUE_WINDOW):
            self._issue = False
            self._bad.clear()
            ir.async_delete_issue(self.hass, DOMAIN, self._issue_id)
            LOGGER.info("Box %s sends readable payloads again", self.title)

    def _invalid(self, kind: Topic, err: PayloadError) -> None:
        """Log (rate-limited) and count a payload that cannot be read; change nothing else."""
        now = time.monotonic()
        self.counts["invalid"] += 1
        self.last_error = f"{kind.value}: {err}"
        self._bad.append(now)
        if now - self._last_warning >= WARN_INTERVAL:
            LOGGER.warning(
                "Box %s sent a payload on %s that cannot be read (%s); ignored%s",
                self.title,
                topic(self.prefix, self.box_id, kind),
                err,
                f" ({self._suppressed} more since the last warning)" if self._suppressed else "",
            )
            self._last_warning = now
            self._suppressed = 0
        else:
            self._suppressed += 1
        if not self._issue and len(self._bad) == ISSUE_COUNT and now - self._bad[0] <= ISSUE_WINDOW:
            self._issue = True
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                self._issue_id,
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key="unreadable_payloads",
                translation_placeholders={
                    "box": self.title,
                    "topic": topic(self.prefix, self.box_id, kind),
                    "error": str(err)[:200],
                },
            )

    @property
    def _issue_id(self) -> str:
        return f"unreadable_payloads_{self.config_entry.entry_id}"

    def _log_dropped(self, dropped: frozenset[str]) -> None:
        """Warn once when the box starts sending implausible values, once when it stops."""
        before, self._dropped = self._dropped, dropped
        if dropped - before:
            LOGGER.warning(
                "Box %s sent implausible values, not shown: %s",
                self.title,
                ", ".join(sorted(dropped - before)),
            )
        elif before and not dropped:
            LOGGER.info("Box %s sends plausible values again", self.title)

    # --- commands -------------------------------------------------------------------------

    async def async_check_contactor_command(self, key: str, *, closed: bool, force: bool) -> None:
        """Refuse every command while the broker is gone, even while the box is still shown."""
        if not self.connected:
            raise HomeAssistantError(translation_domain=DOMAIN, translation_key="mqtt_unavailable")
        await super().async_check_contactor_command(key, closed=closed, force=force)

    async def async_set_contactor(self, key: str, *, closed: bool, force: bool) -> None:
        """Switch the contactor; confirmed when the box's acknowledging state shows it."""
        await self.async_check_contactor_command(key, closed=closed, force=force)
        LOGGER.info(
            "Contactor of box %s: %s requested%s",
            self.title,
            "close (power on)" if closed else "open (power off)",
            " with force despite active alarms" if force and closed else "",
        )
        command = Command.CONTACTOR_CLOSE if closed else Command.CONTACTOR_OPEN
        reading = await self._send(command)
        if reading.contactor_closed is not closed:
            LOGGER.error("Contactor of box %s did not follow the command", self.title)
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="readback_mismatch",
                translation_placeholders={"box": self.title},
            )
        LOGGER.info("Contactor of box %s confirmed %s", self.title, "closed" if closed else "open")

    async def async_command(self, key: str, command: Command) -> None:
        """Send an alarm reset or self-test; confirmed by the box's acknowledgement."""
        # The online check only.
        await self.async_check_contactor_command(key, closed=False, force=False)
        await self._send(command)
        LOGGER.info("Command %s acknowledged by box %s", command, self.title)

    async def async_write_setting(self, key: str, setting: str, value: float) -> None:
        """Write an alarm setting; confirmed when the box's acknowledging state shows it."""
        await self.async_check_contactor_command(key, closed=False, force=False)  # online
        if Command.SETTINGS not in self.config.capabilities.commands:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="setting_not_writable",
                translation_placeholders={"box": self.title},
            )
        reading = await self._send(Command.SETTINGS, {setting: value})
        if reading.settings.get(setting) != value:
            LOGGER.warning(  # the user who set it gets the translated error
                "Box %s acknowledged %s = %s but reports %s",
                self.title,
                setting,
                value,
                reading.settings.get(setting),
            )
            raise SettingNotKeptError

    async def _send(
        self, command: Command, settings: Mapping[str, float] | None = None
    ) -> BoxReading:
        """Publish a command and wait for the state that acknowledges it."""
        command_id = new_command_id()
        future: asyncio.Future[BoxReading] = self.hass.loop.create_future()
        self._pending[command_id] = future
        try:
            await mqtt.async_publish(
                self.hass,
                topic(self.prefix, self.box_id, Topic.SET),
                encode_command(command, command_id, settings),
                qos=QOS[Topic.SET],
                retain=False,
            )
            async with asyncio.timeout(ACK_TIMEOUT):
                return await future
        except TimeoutError as err:
            LOGGER.error(
                "Box %s did not acknowledge %s within %.0f s", self.title, command, ACK_TIMEOUT
            )
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_not_acknowledged",
                translation_placeholders={"box": self.title, "seconds": f"{ACK_TIMEOUT:.0f}"},
            ) from err
        except HomeAssistantError as err:
            if err.translation_domain == DOMAIN:
                raise
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_failed",
                translation_placeholders={"box": self.title, "error": str(err)},
            ) from err
        finally:
            self._pending.pop(command_id, None)

    def diagnostics(self) -> dict[str, Any]:
        """Return the box's topics, message counts and the last unreadable payload."""
        return {
            "prefix": self.prefix,
            "box_id": self.box_id,
            "broker_connected": self.connected,
            "broker_reachable": self.reachable,  # connected, or gone for less than the grace
            "silence_limit": self._cadence.limit,
            # The silence checks (all MQTT boxes') that ran late: the loop could not listen.
            "late_silence_checks": self._watch.ticks.late,
            "seconds_excused": round(self._watch.ticks.lost, 1),
            "online": self._online,
            "messages": dict(self.counts),
            "last_error": self.last_error,
            "pending_commands": len(self._pending),
            "dropped_values": sorted(self._dropped),
        }

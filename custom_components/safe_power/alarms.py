"""The alarm register in Home Assistant: fed by the hubs, stored, timed, acted on, heard.

`box.alarm_register` is the pure core; this module is its glue:
* every hub's updates open and close alarms (the detector's causes, the box going offline, the
  gateway or broker becoming unreachable), with the location, correlation time and diagnosis
  of that moment; whatever a box reports is kept, even while it is counted offline (an MQTT
  box's messages), and an alarm that ended while its box could not be seen says so
  (`cleared_unseen`, see `_reconcile`);
* the register is stored with `Store`, one document per month of reception, written a few
  seconds after a change, and restored at start: an alarm open before a restart stays open,
  keeps its reminders and is not raised again;
* reminders and escalation steps are timed here, from each config entry's options;
* the phones' "Power off" and "Acknowledge" buttons (`mobile_app_notification_action`) are
  answered here, so they work after any restart or automation reload;
* every step fires a `safe_power_alarm` event (docs/alarms.md) and a dispatcher signal for the
  box's alarm log and sensors.

A gateway or broker that cannot be reached is its own alarm (and a repair issue); the boxes
behind it are then neither offline nor cleared: nobody knows, so nothing is correlated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import (
    CALLBACK_TYPE,
    Context,
    Event,
    HomeAssistant,
    callback,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    issue_registry as ir,
)
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.start import async_at_started
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from . import mqtt_hub
from .box.alarm_register import (
    GATEWAY_UNREACHABLE,
    Actor,
    AlarmRecord,
    AlarmRegister,
    Origin,
    PowerCommand,
    Schedule,
    Via,
    month_of,
)
from .box.correlation import Event as CorrelationEvent
from .box.model import AlarmCause
from .box.supply_faults import DERIVED_CAUSES
from .const import (
    CONF_ESCALATE_AFTER,
    CONF_ESCALATE_AGAIN_AFTER,
    CONF_NOTIFY_TARGETS,
    CONF_REMINDER_INTERVAL,
    CONF_TRANSPORT,
    DEFAULT_ESCALATE_AFTER,
    DEFAULT_ESCALATE_AGAIN_AFTER,
    DEFAULT_REMINDER_INTERVAL,
    DOMAIN,
    LOGGER,
    PLACE_KEYS,
    TRANSPORT_MQTT,
)
from .fleet import DIAGNOSIS_WINDOW, FleetBox, async_get_fleet
from .hub import BoxData, BoxInfo, SafePowerHub
from .mqtt_hub import MqttBoxHub

EVENT_SAFE_POWER_ALARM: Final = "safe_power_alarm"
SIGNAL_ALARM: Final = f"{DOMAIN}_alarm"  # + "_<serial>": (kind, record) for the box's entities
SIGNAL_ALARMS_CHANGED: Final = f"{DOMAIN}_alarms_changed"  # the fleet-wide sensor
ACTION_POWER_OFF: Final = "SAFE_POWER_OFF_"
# + "<device_id>_<alarm_id>": a box an alarm warned about (a neighbour), not the alarm's own.
ACTION_POWER_OFF_DEVICE: Final = "SAFE_POWER_OFF_DEVICE_"
WARNING_VALID: Final = timedelta(hours=1)  # after the alarm, unless it is still open
ACTION_ACKNOWLEDGE: Final = "SAFE_POWER_ACK_"
MOBILE_APP_ACTION: Final = "mobile_app_notification_action"
STORAGE_VERSION: Final = 1
STORAGE_KEY: Final = f"{DOMAIN}.alarms"
SAVE_DELAY: Final = 5.0  # s: alarms in a burst are written together
# A gateway blip is not an alarm. The MQTT boxes say the broker is gone only once it has been
# for mqtt_hub.BROKER_GRACE: its alarm is raised then, dated when it went.
GATEWAY_GRACE: Final = timedelta(seconds=30)
MQTT_BROKER: Final = "mqtt_broker"
WAKE_EVERY: Final = 30.0  # s: the longest the reminder timer sleeps
OFFLINE_GRACE_MQTT: Final = 10.0  # s an MQTT box must stay offline before it is an alarm
MAX_DIAGNOSES: Final = 3
_DATA: HassKey[AlarmCenter] = HassKey(f"{DOMAIN}_alarms")
_RESTORED: Final = object()  # the report an alarm restored at start was last in: none known
_DERIVED: Final = frozenset(cause.value for cause in DERIVED_CAUSES)


def _reported(record: AlarmRecord) -> bool:
    """Return whether the box's reports open and close it: its detector's, or its faults."""
    return record.origin == Origin.DEVICE or (
        record.origin == Origin.HOME_ASSISTANT and record.cause in _DERIVED
    )


def _document(records: list[dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    """Return what the Store writes for a month: its records as they were when asked."""
    return lambda: {"alarms": records}


def _summary(summary: Any) -> tuple[int, int]:
    """Return a month's count and open count from the index (unreadable: load it)."""
    if not isinstance(summary, dict):
        return 0, 1
    count, still_open = summary.get("count"), summary.get("open")
    if not isinstance(count, int) or not isinstance(still_open, int):
        return 0, 1
    return count, still_open


def schedule_from_options(options: Mapping[str, Any]) -> Schedule:
    """Return an entry's reminder and escalation schedule (minutes in the options)."""
    reminder = float(options.get(CONF_REMINDER_INTERVAL, DEFAULT_REMINDER_INTERVAL))
    delays = [
        float(options.get(CONF_ESCALATE_AFTER, DEFAULT_ESCALATE_AFTER)),
        float(options.get(CONF_ESCALATE_AGAIN_AFTER, DEFAULT_ESCALATE_AGAIN_AFTER)),
    ]
    steps: list[timedelta] = []
    for minutes in delays:
        if minutes > 0 and (not steps or timedelta(minutes=minutes) > steps[-1]):
            steps.append(timedelta(minutes=minutes))
    return Schedule(
        reminder=timedelta(minutes=reminder) if reminder > 0 else None,
        escalation=tuple(steps),
    )


class AlarmCenter:
    """The register of every alarm, its storage, timers and the phones' buttons."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Create an empty register; `async_load` fills it."""
        self.hass = hass
        self.register = AlarmRegister()
        self._index: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, STORAGE_KEY)
        self._stores: dict[str, Store[dict[str, Any]]] = {}
        self._schedules: dict[str, Schedule] = {}
        self._timer: CALLBACK_TYPE | None = None
        self._grace: dict[str, CALLBACK_TYPE] = {}
        self._offline_pending: dict[str, CALLBACK_TYPE] = {}
        # A box's alarms open while it could not be seen (it went offline, Home Assistant
        # started): alarm id → the report they were last in, until a new one has them.
        self._unseen: dict[str, dict[str, object]] = {}
        # A box's alarms found over after it was out of sight, until it says when they ended
        # (MQTT `/alarm` "cleared"): cause → alarm id.
        self._found_over: dict[str, dict[str, str]] = {}
        self._cold: dict[str, int] = {}  # months on disk, not loaded: their record counts
        self._warned: set[str] = set()

    # --- storage ---

    def _store(self, month: str) -> Store[dict[str, Any]]:
        if (store := self._stores.get(month)) is None:
            store = self._stores[month] = Store(
                self.hass,
                STORAGE_VERSION,
                f"{STORAGE_KEY}.{month}",
                serialize_in_event_loop=False,
            )
        return store

    async def async_load(self) -> None:
        """Restore the recent and the open alarms, drop what is beyond the bounds, start.

        The current and the previous month, and every month with an alarm not cleared, are
        loaded now; older months stay on disk (counted in the index) until a query asks for
        them (`async_load_months`), so a year of alarms costs neither start-up time nor memory.
        """
        index = await self._index.async_load() or {}
        months = index.get("months") if isinstance(index, dict) else None
        now = dt_util.utcnow()
        hot = {month_of(now), month_of(now.replace(day=1) - timedelta(days=1))}
        wanted: list[str] = []
        if isinstance(months, list):  # every month, without counts
            wanted = [m for m in months if isinstance(m, str)]
        elif isinstance(months, dict):
            for month, summary in months.items():
                count, still_open = _summary(summary)
                if month in hot or still_open:
                    wanted.append(month)
                else:
                    self._cold[month] = count
        skipped = 0
        for month in sorted(wanted):
            skipped += await self._load_month(month)
        if skipped:
            LOGGER.warning("Skipped %d unreadable records of the alarm register", skipped)
        await self._async_prune(now)
        # Nobody saw the boxes while Home Assistant was stopped.
        for record in self.register.open_alarms():
            if _reported(record):
                self._unseen.setdefault(record.serial, {})[record.alarm_id] = _RESTORED
        self._save(index_too=True)
        self.hass.bus.async_listen(MOBILE_APP_ACTION, self._async_mobile_action)
        self.hass.bus.async_listen_once(EVENT_HOMEASSISTANT_FINAL_WRITE, self._cancel_timers)
        # Steps missed while Home Assistant was down fire once it runs: the automations that
        # hear them are loaded by then.
        async_at_started(self.hass, self._started)

    async def _load_month(self, month: str) -> int:
        data = await self._store(month).async_load() or {}
        items = data.get("alarms") if isinstance(data, dict) else None
        return self.register.load(items if isinstance(items, list) else [], month)

    async def async_load_months(self, start: datetime | None) -> None:
        """Load the months on disk that a query from `start` (None: all) needs."""
        first = None if start is None else month_of(start)
        for month in sorted(self._cold):
            if first is None or month >= first:
                del self._cold[month]
                await self._load_month(month)

    async def _async_prune(self, now: datetime) -> None:
        """Bound the register by age and count; months on disk go whole, oldest first."""
        oldest = month_of(now - self.register.max_age)
        total = len(self.register) + sum(self._cold.values())
        for month in sorted(self._cold):
            if month < oldest or total > self.register.max_count:
                total -= self._cold.pop(month)
                await self._store(month).async_remove()
        self.register.prune(now)

    @callback
    def _started(self, _hass: HomeAssistant) -> None:
        self._reschedule()

    @callback
    def _save(self, *, index_too: bool = False) -> None:
        """Write the changed months a few seconds from now (and at shutdown)."""
        dirty = self.register.take_dirty()
        for month in dirty:
            # The month as it is now (cached stored forms: cheap); JSON off the event loop.
            self._store(month).async_delay_save(
                _document(self.register.month_records(month)), SAVE_DELAY
            )
        if dirty or index_too:
            self._index.async_delay_save(self._index_data, SAVE_DELAY)

    @callback
    def _index_data(self) -> dict[str, Any]:
        months: dict[str, Any] = {m: {"count": n, "open": 0} for m, n in self._cold.items()}
        for month, (count, still_open) in self.register.month_summary().items():
            months[month] = {"count": count, "open": still_open}
        return {"months": dict(sorted(months.items()))}

    # --- fed by the hubs ---

    @callback
    def track(self, hub: SafePowerHub, device_ids: Mapping[str, str]) -> CALLBACK_TYPE:
        """Follow a hub's boxes; return the call that stops it."""
        entry = hub.config_entry
        self._schedules[entry.entry_id] = schedule_from_options(entry.options)
        mqtt = entry.data.get(CONF_TRANSPORT) == TRANSPORT_MQTT
        source = MQTT_BROKER if mqtt else f"gateway_{entry.entry_id}"
        # Modbus boxes are offline after missed polls already; an MQTT box's "offline" waits a
        # moment: a broker going down sends its clients' last wills before the disconnect.
        grace = OFFLINE_GRACE_MQTT if mqtt else 0.0

        @callback
        def _on_update(everything: bool = False) -> None:
            reachable = hub.last_update_success and hub.reachable
            self._reachability(hub, source, reachable=reachable, mqtt=mqtt)
            if not reachable:
                return  # what the boxes do is unknown: neither offline nor cleared
            changed = {} if everything else hub.changed
            for key, info in hub.boxes.items():
                waiting = info.serial in self._unseen or info.serial in self._found_over
                if changed.get(key) is not None and not waiting:
                    continue  # the box's status did not move, and no word is waited for
                self._reconcile(hub, key, device_ids[key], grace)

        remove = hub.async_add_listener(_on_update)

        # What the boxes report now (alarms raised while Home Assistant was down, alarms
        # that ended meanwhile), once the automations that hear it are loaded.
        @callback
        def _at_start(_hass: HomeAssistant) -> None:
            _on_update(everything=True)

        async_at_started(self.hass, _at_start)

        @callback
        def _stop() -> None:
            remove()
            if (cancel := self._grace.pop(source, None)) is not None:
                cancel()
            for info in hub.boxes.values():
                if (cancel := self._offline_pending.pop(info.serial, None)) is not None:
                    cancel()

        return _stop

    @callback
    def _reconcile(self, hub: SafePowerHub, key: str, device_id: str, grace: float) -> None:
        """Open and close a box's alarms to match what it reports now.

        A box counted offline: a Modbus box that does not answer says nothing, its alarms stay
        as they were. An MQTT box's messages are its own words whatever its availability or
        its silence says: the alarms it reports are recorded, with its times. An alarm open
        when its box went out of sight and gone at the first report after is cleared then,
        marked `cleared_unseen`, unless the box says when it ended.
        """
        info = hub.boxes[key]
        box = (hub.data or {}).get(key)
        if box is None:
            return
        serial = info.serial
        mqtt = isinstance(hub, MqttBoxHub)
        # What a new full report replaces: the time of an MQTT state, a Modbus reading.
        report = box.time if mqtt else box.reading
        if not box.online:
            self._went_offline(hub, key, device_id, grace, report)
            if not mqtt:
                return
        elif (cancel := self._offline_pending.pop(serial, None)) is not None:
            cancel()  # back within the grace time: never offline
        changed = box.reading is not None and self._reconcile_alarms(
            hub, key, device_id, box, report
        )
        if box.online and (
            self.register.open_alarm(serial, AlarmCause.OFFLINE.value, Origin.HOME_ASSISTANT)
            is not None
        ):
            async_get_fleet(self.hass).record_connectivity(serial, online=True)
            self._clear(serial, AlarmCause.OFFLINE.value, Origin.HOME_ASSISTANT)
            changed = True
        if changed:
            self._after_change()

    @callback
    def _went_offline(
        self, hub: SafePowerHub, key: str, device_id: str, grace: float, report: object
    ) -> None:
        """Raise the box's offline alarm (after the grace time); its alarms go out of sight."""
        info, box = hub.boxes[key], (hub.data or {}).get(key)
        serial = info.serial
        if box is None or serial in self._offline_pending:
            return
        offline = AlarmCause.OFFLINE.value
        if self.register.open_alarm(serial, offline, Origin.HOME_ASSISTANT) is not None:
            return
        for record in self.register.open_alarms(serial):
            if _reported(record):
                self._unseen.setdefault(serial, {}).setdefault(record.alarm_id, report)
        since = box.silent_since or dt_util.utcnow()
        if grace <= 0:
            self._raise_offline(hub, key, device_id, since)
            return

        @callback
        def _still_offline(_now: datetime) -> None:
            self._offline_pending.pop(serial, None)
            data = (hub.data or {}).get(key)
            reachable = hub.last_update_success and hub.reachable
            if reachable and data is not None and not data.online:
                self._raise_offline(hub, key, device_id, since)

        self._offline_pending[serial] = async_call_later(self.hass, grace, _still_offline)

    @callback
    def _reconcile_alarms(
        self, hub: SafePowerHub, key: str, device_id: str, box: BoxData, report: object
    ) -> bool:
        """Open and close the detector's alarms and the power faults; return True if any."""
        info = hub.boxes[key]
        serial, entry_id = info.serial, hub.config_entry.entry_id
        fleet = async_get_fleet(self.hass)
        said = hub.cleared_detail if isinstance(hub, MqttBoxHub) else None
        opened: dict[Origin, dict[str, AlarmRecord]] = {
            Origin.DEVICE: {},
            Origin.HOME_ASSISTANT: {},
        }
        for record in self.register.open_alarms(serial):
            if _reported(record):
                opened[Origin(record.origin)][record.cause] = record
        current = {
            Origin.DEVICE: {cause.value for cause in box.device_alarms},
            Origin.HOME_ASSISTANT: {cause.value for cause in box.faults},
        }
        # Record them all first, so that each one's diagnosis sees the others.
        events = {
            (origin, cause): fleet.record_alarm(serial, box.alarm_detail(cause), cause)
            for origin in current
            for cause in sorted(AlarmCause(c) for c in current[origin] - opened[origin].keys())
        }
        found_over = self._found_over.setdefault(serial, {}) if said else {}
        for (origin, new), event in events.items():
            found_over.pop(new.value, None)
            self._raise(info, device_id, box, new, entry_id=entry_id, event=event, origin=origin)
        changed = bool(events)
        unseen = self._unseen.get(serial, {})
        now = dt_util.utcnow()
        for origin, records in opened.items():
            for cause, record in records.items():
                if cause in current[origin]:
                    if unseen.get(record.alarm_id, report) is not report:
                        del unseen[record.alarm_id]  # a new report has it: in sight again
                    continue
                detail = box.alarm_detail(AlarmCause(cause))
                value = detail.value if detail else None  # the reading now
                word = said(AlarmCause(cause)) if said and origin is Origin.DEVICE else None
                if word is not None and word.time is not None:  # the box says when it ended
                    at = fleet.correlator.dated(serial, word.time, now)
                    if word.value is not None or not box.online:
                        value = word.value  # a reading from before it went says nothing
                    self._clear(serial, cause, origin, value, at=at)
                elif report is not None:  # a full report without it: over by then
                    out_of_sight = record.alarm_id in unseen
                    at = box.time or now
                    self._clear(serial, cause, origin, value, at=at, unseen=out_of_sight)
                    if out_of_sight and origin is Origin.DEVICE:
                        found_over[cause] = record.alarm_id
                else:
                    continue  # an `/alarm` of another cause says nothing of this one
                changed = True
        # The box's word on when an alarm found over had ended may come after that report.
        for cause, alarm_id in list(found_over.items()):
            word = said(AlarmCause(cause)) if said else None
            if word is None or word.time is None:
                continue
            del found_over[cause]
            at = fleet.correlator.dated(serial, word.time, now)
            changed = self.register.date_clear(alarm_id, at, word.value) is not None or changed
        if not unseen:
            self._unseen.pop(serial, None)
        if not found_over:
            self._found_over.pop(serial, None)
        return changed

    @callback
    def _raise_offline(self, hub: SafePowerHub, key: str, device_id: str, since: datetime) -> None:
        """Open the box's offline alarm, dated when it went (the grace time before)."""
        info, box = hub.boxes[key], (hub.data or {}).get(key)
        if box is None:
            return
        event = async_get_fleet(self.hass).record_connectivity(
            info.serial, online=False, time=since
        )
        self._raise(
            info,
            device_id,
            box,
            AlarmCause.OFFLINE,
            entry_id=hub.config_entry.entry_id,
            event=event,
        )
        self._after_change()

    def _place(self, info: BoxInfo, device_id: str | None) -> dict[str, Any]:
        details = info.details
        place: dict[str, Any] = {
            k: details[k] for k in PLACE_KEYS if details.get(k) not in (None, "")
        }
        device = dr.async_get(self.hass).async_get(device_id) if device_id else None
        if device is not None and device.area_id is not None:
            place["area_id"] = device.area_id
            if (area := ar.async_get(self.hass).async_get_area(device.area_id)) is not None:
                place["area"] = area.name
        return place

    @callback
    def _raise(
        self,
        info: BoxInfo,
        device_id: str,
        box: BoxData,
        cause: AlarmCause,
        *,
        entry_id: str,
        event: CorrelationEvent | None,
        origin: Origin | None = None,
        **overrides: Any,
    ) -> AlarmRecord:
        """Open an alarm with what, when and where of this moment; fire `raised`.

        `event` is the alarm as the correlation engine recorded it (its time on the box's
        clock), None when it was too old to keep.
        """
        fleet = async_get_fleet(self.hass)
        received = dt_util.utcnow()
        offline = cause is AlarmCause.OFFLINE
        if origin is None:
            origin = Origin.HOME_ASSISTANT if offline else Origin.DEVICE
        detail = None if offline else box.alarm_detail(cause)
        time = event.time if event is not None else received
        details: dict[str, Any] = {
            "box": info.title,
            "device_id": device_id,
            "entry_id": entry_id,
            "clock": event.clock if event is not None else "receive",
            "late": received - time > DIAGNOSIS_WINDOW,
            "place": self._place(info, device_id),
            "notify_targets": list(info.details.get(CONF_NOTIFY_TARGETS) or []),
        }
        if detail is not None:
            details |= {
                "value": detail.value,
                "threshold": detail.threshold,
                "unit": detail.unit,
                "channel": detail.channel,
            }
        details |= overrides
        details["diagnosis"] = [
            {k: v for k, v in d.as_dict().items() if k != "evidence"}
            for d in fleet.diagnose(info.serial, cause)[:MAX_DIAGNOSES]
        ]
        record, new = self.register.raise_alarm(
            info.serial, cause.value, origin=origin, time=time, received=received, **details
        )
        if new:
            self._announce("raised", record)
        return record

    @callback
    def _clear(
        self,
        serial: str,
        cause: str,
        origin: str,
        value: float | None = None,
        *,
        at: datetime | None = None,
        unseen: bool = False,
    ) -> None:
        now = dt_util.utcnow()
        record = self.register.clear(serial, cause, origin, at or now, value, unseen=unseen)
        if record is None:
            return
        if (out_of_sight := self._unseen.get(serial)) is not None:
            out_of_sight.pop(record.alarm_id, None)
        self._announce("cleared", record)
        self.register.uncover(record, now)  # the users' limits it covered get their timers

    @callback
    def _reachability(self, hub: SafePowerHub, source: str, *, reachable: bool, mqtt: bool) -> None:
        """Raise the gateway's (broker's) own alarm after a grace time; clear it when back."""
        open_record = self.register.open_alarm(source, GATEWAY_UNREACHABLE, Origin.HOME_ASSISTANT)
        if reachable:
            if (cancel := self._grace.pop(source, None)) is not None:
                cancel()
            if open_record is not None:
                self._clear(source, GATEWAY_UNREACHABLE, Origin.HOME_ASSISTANT)
                ir.async_delete_issue(self.hass, DOMAIN, f"unreachable_{source}")
                self._after_change()
            return
        if open_record is not None or source in self._grace:
            return
        entry = hub.config_entry
        title = "MQTT" if mqtt else entry.title

        @callback
        def _still_down(_now: datetime) -> None:
            self._grace.pop(source, None)
            if hub.last_update_success and hub.reachable:
                return
            boxes = ", ".join(sorted(info.title for info in hub.boxes.values()))
            now = dt_util.utcnow()
            record, new = self.register.raise_alarm(
                source,
                GATEWAY_UNREACHABLE,
                origin=Origin.HOME_ASSISTANT,
                time=now - timedelta(seconds=mqtt_hub.BROKER_GRACE) if mqtt else now,
                received=now,
                box=title,
                entry_id=None if mqtt else entry.entry_id,
                clock="read",
            )
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                f"unreachable_{source}",
                is_fixable=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key="broker_unreachable" if mqtt else "gateway_unreachable",
                translation_placeholders={"gateway": title, "boxes": boxes},
            )
            if new:
                self._announce("raised", record)
            self._after_change()

        if mqtt:  # the boxes waited out the broker's grace before saying so
            _still_down(dt_util.utcnow())
            return
        self._grace[source] = async_call_later(self.hass, GATEWAY_GRACE, _still_down)

    @callback
    def report(
        self,
        box: FleetBox,
        cause: AlarmCause,
        *,
        active: bool,
        details: Mapping[str, Any],
    ) -> AlarmRecord | None:
        """Open or close an alarm on a user's own limit (a blueprint's threshold)."""
        if not active:
            record = self.register.open_alarm(box.serial, cause.value, Origin.USER_LIMIT)
            # The reading now (back within the limit), for the all-clear.
            self._clear(box.serial, cause.value, Origin.USER_LIMIT, details.get("value"))
            self._after_change()
            return record
        if (
            record := self.register.open_alarm(box.serial, cause.value, Origin.USER_LIMIT)
        ) is not None:
            return record
        data = (box.hub.data or {}).get(box.key) or BoxData(online=True, reading=None)
        fleet = async_get_fleet(self.hass)
        event = fleet.correlator.record(
            box.serial,
            cause,
            received=dt_util.utcnow(),
            value=details.get("value"),
            threshold=details.get("threshold"),
            unit=details.get("unit"),
            channel=details.get("channel"),
        )
        info = box.hub.boxes[box.key]
        record = self._raise(
            info,
            box.device_id,
            data,
            cause,
            entry_id=box.hub.config_entry.entry_id,
            event=event,
            origin=Origin.USER_LIMIT,
            **{k: v for k, v in details.items() if v is not None},
        )
        self._after_change()
        return record

    # --- people acting on alarms ---

    @callback
    def acknowledge(self, alarm_ids: list[str], actor: Actor) -> list[AlarmRecord]:
        """Acknowledge open alarms; return those that were acknowledged now."""
        done = [r for i in alarm_ids if (r := self.register.acknowledge(i, actor)) is not None]
        for record in done:
            self._announce("acknowledged", record)
        if done:
            self._after_change()
        return done

    @callback
    def record_power(
        self, serial: str, actor: Actor, command: str, *, ok: bool, error: str | None
    ) -> None:
        """Record a power command (from anywhere) on the box's open alarms."""
        records = self.register.open_alarms(serial)
        for record in records:
            self.register.add_power(record.alarm_id, PowerCommand(actor, command, ok, error))
        if records:
            self._after_change()

    async def async_set_contactor(
        self, hub: SafePowerHub, key: str, *, closed: bool, force: bool, actor: Actor
    ) -> None:
        """Switch a box's contactor (interlock, read-back) and record it on its open alarms."""
        serial, command = hub.boxes[key].serial, "on" if closed else "off"
        try:
            await hub.async_set_contactor(key, closed=closed, force=force)
        except HomeAssistantError as err:
            self.record_power(serial, actor, command, ok=False, error=str(err))
            raise
        self.record_power(serial, actor, command, ok=True, error=None)

    async def async_power_off(
        self, record: AlarmRecord, actor: Actor, reply_to: dict[str, Any] | None = None
    ) -> PowerCommand:
        """Open the contactor of an alarm's box (interlock, read-back); record and announce."""
        fleet = async_get_fleet(self.hass)
        box = fleet.boxes.get(record.serial)
        error: str | None = None
        if box is None:
            error = f"{record.box} is not loaded"
        else:
            try:
                await box.hub.async_set_contactor(box.key, closed=False, force=False)
            except HomeAssistantError as err:
                error = str(err) or type(err).__name__
        command = PowerCommand(actor, "off", ok=error is None, error=error)
        self.register.add_power(record.alarm_id, command)
        if error is None:
            for other in self.register.open_alarms(record.serial):
                if other is not record:
                    self.register.add_power(other.alarm_id, command)
            self.register.acknowledge(record.alarm_id, actor)
        self._announce("power_result", record, result=command.as_dict(), reply_to=reply_to)
        self._after_change()
        return command

    async def async_power_off_warned(
        self,
        record: AlarmRecord,
        device_id: str,
        actor: Actor,
        reply_to: dict[str, Any] | None = None,
    ) -> PowerCommand | None:
        """Open the contactor of a box `record` warned about; record it on the alarm.

        The neighbour has no alarm of its own: the command is recorded on the alarm that
        warned it (and on any alarm the neighbour has open), and `power_result` of that alarm
        names the box (`target`) so the automations can tell its clients.
        """
        box = async_get_fleet(self.hass).by_device(device_id)
        if box is None:
            self._warn_once(device_id, "A phone asked to cut box %s, which is not loaded")
            return None
        now = dt_util.utcnow()
        error: str | None = None
        if record.cleared is not None and now - record.received > WARNING_VALID:
            error = "expired"
        else:
            try:
                await box.hub.async_set_contactor(box.key, closed=False, force=False)
            except HomeAssistantError as err:
                error = str(err) or type(err).__name__
        info = box.hub.boxes[box.key]
        command = PowerCommand(
            actor, "off", ok=error is None, error=error, serial=box.serial, box=info.title
        )
        self.register.add_power(record.alarm_id, command)
        if error != "expired":
            for own in self.register.open_alarms(box.serial):
                self.register.add_power(own.alarm_id, replace(command, serial=None, box=None))
        target = {
            "device_id": device_id,
            "serial": box.serial,
            "box": info.title,
            "notify_targets": list(info.details.get(CONF_NOTIFY_TARGETS) or []),
        }
        self._announce(
            "power_result", record, result=command.as_dict(), target=target, reply_to=reply_to
        )
        self._after_change()
        return command

    def _warn_once(self, key: str, message: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            LOGGER.warning(message, key)

    async def _async_mobile_action(self, event: Event[dict[str, Any]]) -> None:
        """Answer our own buttons on the phones, whoever sent the notification."""
        action = event.data.get("action")
        if not isinstance(action, str):
            return
        device_id: str | None = None
        if action.startswith(ACTION_POWER_OFF_DEVICE):
            device_id, _, alarm_id = action.removeprefix(ACTION_POWER_OFF_DEVICE).partition("_")
            power = True
        elif action.startswith(ACTION_POWER_OFF):
            alarm_id, power = action.removeprefix(ACTION_POWER_OFF), True
        elif action.startswith(ACTION_ACKNOWLEDGE):
            alarm_id, power = action.removeprefix(ACTION_ACKNOWLEDGE), False
        else:
            return
        record = self.register.get(alarm_id)
        if record is None:
            self._warn_once(alarm_id, "A phone answered alarm %s, which the register does not have")
            return
        actor, reply_to = await self._mobile_actor(event)
        if device_id is not None:
            await self.async_power_off_warned(record, device_id, actor, reply_to)
        elif power:
            await self.async_power_off(record, actor, reply_to)
        elif self.register.acknowledge(record.alarm_id, actor) is not None:
            self._announce("acknowledged", record, reply_to=reply_to)
            self._after_change()

    async def _mobile_actor(self, event: Event[dict[str, Any]]) -> tuple[Actor, dict[str, Any]]:
        """Return who pressed a button: the app's user, else the phone's name."""
        user_id = event.context.user_id
        user = await self.hass.auth.async_get_user(user_id) if user_id else None
        phone = event.data.get("sourceDeviceName") or event.data.get("device_name")
        phone = phone if isinstance(phone, str) else None
        actor = Actor(dt_util.utcnow(), Via.APP, user_id, user.name if user else phone)
        return actor, {"user_id": user_id, "device_name": phone}

    # --- timers and announcements ---

    def _schedule_of(self, record: AlarmRecord) -> Schedule:
        return self._schedules.get(record.entry_id or "", Schedule())

    @callback
    def _after_change(self) -> None:
        self._save()
        self._reschedule()
        async_dispatcher_send(self.hass, SIGNAL_ALARMS_CHANGED)

    @callback
    def _reschedule(self) -> None:
        if self._timer is not None:
            self._timer()
            self._timer = None
        if (due := self.register.next_due(self._schedule_of)) is not None:
            # Wake at least every WAKE_EVERY while something waits: a wall clock that jumps
            # (NTP, a suspended host) delays a reminder by that much at most.
            delay = (due - dt_util.utcnow()).total_seconds()
            self._timer = async_call_later(
                self.hass, min(max(delay, 0.0), WAKE_EVERY), self._on_due
            )

    @callback
    def _on_due(self, _now: datetime) -> None:
        self._timer = None
        for step in self.register.take_due(dt_util.utcnow(), self._schedule_of):
            self._announce(step.kind, step.record)
        self._after_change()

    @callback
    def _announce(self, kind: str, record: AlarmRecord, **extra: Any) -> None:
        """Fire the `safe_power_alarm` event and tell the box's entities."""
        data = record.as_dict()
        data |= {
            "type": kind,
            "level": record.level,
            "age": round((dt_util.utcnow() - record.time).total_seconds()),
            **extra,
        }
        self.hass.bus.async_fire(EVENT_SAFE_POWER_ALARM, data)
        async_dispatcher_send(self.hass, f"{SIGNAL_ALARM}_{record.serial}", kind, record)

    @callback
    def _cancel_timers(self, _event: Event) -> None:
        if self._timer is not None:
            self._timer()
            self._timer = None
        for pending in (self._grace, self._offline_pending):
            for cancel in pending.values():
                cancel()
            pending.clear()

    @callback
    def set_schedule(self, entry_id: str, options: Mapping[str, Any]) -> None:
        """Take an entry's (changed) options."""
        self._schedules[entry_id] = schedule_from_options(options)
        self._reschedule()


async def async_actor(hass: HomeAssistant, context: Context, via: Via) -> Actor:
    """Return who acts now: the context's user, by name."""
    user = await hass.auth.async_get_user(context.user_id) if context.user_id else None
    return Actor(dt_util.utcnow(), via, context.user_id, user.name if user else None)


async def async_setup_alarms(hass: HomeAssistant) -> AlarmCenter:
    """Create and restore the alarm register (once, at the integration's set-up)."""
    center = hass.data[_DATA] = AlarmCenter(hass)
    await center.async_load()
    return center


@callback
def async_get_alarms(hass: HomeAssistant) -> AlarmCenter:
    """Return the alarm register."""
    return hass.data[_DATA]

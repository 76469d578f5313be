"""The alarm register: every alarm as a record, from raised to cleared, with who did what.

Pure Python: no Home Assistant import. The integration keeps one `AlarmRegister` for all boxes,
persists it (one stored document per month of reception, see `months`), and turns its changes
into events. The register owns an alarm's life:

* `raise_alarm` opens a record for (box, cause, origin) unless one is open already;
* `acknowledge`, `add_power` record who acknowledged, and every power command with its result;
* `clear` closes it; an alarm may clear unacknowledged. One that ended while nobody could see
  its box (offline, Home Assistant stopped) is closed when it is first known over and marked
  `cleared_unseen`, until the box says when it ended (`date_clear`);
* `take_due` answers the reminders and escalation steps due now, and moves the record on, so a
  restart resumes the timers where they were (a step missed while Home Assistant was down is
  taken once, not once per missed interval);
* `query` and `prune` read and bound the history (count and age).

Times are timezone-aware datetimes; records store them as POSIX seconds (`to_store`), and show
them as ISO 8601 (`as_dict`, for events and service responses).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
import functools
import math
import sys
from types import MappingProxyType
from typing import Any, Final
import uuid

from .model import AlarmCause

GATEWAY_UNREACHABLE: Final = "gateway_unreachable"
CAUSES: Final = frozenset({*(c.value for c in AlarmCause), GATEWAY_UNREACHABLE})
# Causes whose limit is a floor (the reading fell below it); causes without a limit.
BELOW_LIMIT: Final = frozenset(
    {AlarmCause.UNDERVOLTAGE.value, AlarmCause.PHASE_LOSS.value, AlarmCause.SUPPLY_OUTAGE.value}
)
NO_LIMIT: Final = frozenset(
    {
        AlarmCause.OFFLINE.value,
        AlarmCause.SENSOR_FAULT.value,
        AlarmCause.CONTACTOR_TRIPPED.value,
        GATEWAY_UNREACHABLE,
    }
)
DEFAULT_MAX_COUNT: Final = 100_000
_NONE_OPEN: Final[Mapping[tuple[str, str], str]] = MappingProxyType({})
DEFAULT_MAX_AGE: Final = timedelta(days=365)
# A user's own limit (origin user_limit) raised while the detector's own alarm of one of these
# causes is open for the box is covered by it: one alert, not two (default: the same cause).
_VOLTAGE_LOST: Final = (AlarmCause.PHASE_LOSS.value, AlarmCause.SUPPLY_OUTAGE.value)
COVERED_BY: Final[Mapping[str, tuple[str, ...]]] = {
    AlarmCause.UNDERVOLTAGE.value: (AlarmCause.UNDERVOLTAGE.value, *_VOLTAGE_LOST),
    AlarmCause.UNBALANCE.value: (AlarmCause.UNBALANCE.value, *_VOLTAGE_LOST),
}
PLACE_KEYS: Final = (
    "area_id",
    "area",
    "site",
    "building",
    "location",
    "latitude",
    "longitude",
    "x",
    "y",
    "floor",
)


class AlarmState(StrEnum):
    """Where an alarm is in its life."""

    ACTIVE = "active"
    ACKNOWLEDGED = "acknowledged"
    CLEARED = "cleared"


class Origin(StrEnum):
    """Who raised an alarm."""

    DEVICE = "device"  # the detector (status bits, MQTT /alarm)
    # Offline, gateway unreachable, and faults read from the box's voltages (supply_faults.py).
    HOME_ASSISTANT = "home_assistant"
    USER_LIMIT = "user_limit"  # a user's own limit (a blueprint)


class Via(StrEnum):
    """Through what a person acted on an alarm."""

    APP = "app"  # a phone's notification button
    DASHBOARD = "dashboard"
    SERVICE = "service"
    AUTOMATION = "automation"


def _ts(time: datetime) -> float:
    if time.tzinfo is None or time.utcoffset() is None:
        raise ValueError("times must be timezone-aware")
    return time.timestamp()


def _dt(value: Any) -> datetime:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"not a time: {value!r}")
    return datetime.fromtimestamp(value, UTC)


def _opt_dt(value: Any) -> datetime | None:
    return None if value is None else _dt(value)


def _iso(time: datetime | None) -> str | None:
    return None if time is None else time.astimezone(UTC).isoformat()


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _word(value: Any) -> str | None:
    """Return a text that many records repeat (a box, a cause, a unit) as one shared string."""
    return _shared(value) if isinstance(value, str) else None


def _shared(value: str) -> str:
    return sys.intern(str(value))  # str(): an enum member (Origin) read from memory, not JSON


@functools.lru_cache(maxsize=4096)
def _shared_place(items: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """Return one dict for every record of a box at the same place.

    After the diagnoses, a record's place is the register's biggest repeat (0.8 kB a record);
    records never change their place.
    """
    return dict(items)


def _place(place: Mapping[str, Any]) -> dict[str, Any]:
    items = tuple((k, v) for k, v in place.items() if k in PLACE_KEYS)
    try:
        return _shared_place(items)
    except TypeError:  # a value that is not hashable (not one the register writes)
        return dict(items)


@dataclass(slots=True)
class Actor:
    """Who did something, when, and through what."""

    at: datetime
    via: str
    user_id: str | None = None
    user: str | None = None  # the person's name, or the phone's when no user is known

    def as_dict(self) -> dict[str, Any]:
        """Return the actor for an event or a service response."""
        return {"at": _iso(self.at), "via": self.via, "user_id": self.user_id, "user": self.user}

    def to_store(self) -> dict[str, Any]:
        """Return the actor as stored."""
        return {"at": _ts(self.at), "via": self.via, "user_id": self.user_id, "user": self.user}

    @classmethod
    def from_store(cls, data: Mapping[str, Any]) -> Actor:
        """Read a stored actor; raise ValueError when it is not one."""
        via = data.get("via")
        if not isinstance(via, str):
            raise TypeError("actor without via")
        return cls(_dt(data.get("at")), via, _text(data.get("user_id")), _text(data.get("user")))


@dataclass(slots=True)
class PowerCommand:
    """A power command: who, when, and what the read-back said.

    It is on the alarm's own box, or (`serial` set) on another box the alarm warned about:
    a neighbour's client cutting their power after the warning.
    """

    actor: Actor
    command: str  # "off" or "on"
    ok: bool
    error: str | None = None
    serial: str | None = None  # another box than the alarm's
    box: str | None = None  # that box's name

    def _target(self) -> dict[str, Any]:
        return {} if self.serial is None else {"serial": self.serial, "box": self.box}

    def as_dict(self) -> dict[str, Any]:
        """Return the command for an event or a service response."""
        return {
            **self.actor.as_dict(),
            "command": self.command,
            "ok": self.ok,
            "error": self.error,
            **self._target(),
        }

    def to_store(self) -> dict[str, Any]:
        """Return the command as stored."""
        return {
            **self.actor.to_store(),
            "command": self.command,
            "ok": self.ok,
            "error": self.error,
            **self._target(),
        }

    @classmethod
    def from_store(cls, data: Mapping[str, Any]) -> PowerCommand:
        """Read a stored command; raise ValueError when it is not one."""
        command = data.get("command")
        if command not in ("off", "on"):
            raise ValueError("power command must be off or on")
        return cls(
            Actor.from_store(data),
            command,
            data.get("ok") is True,
            _text(data.get("error")),
            _text(data.get("serial")),
            _text(data.get("box")),
        )


@dataclass(slots=True)
class AlarmRecord:
    """One alarm: what, when, where, and everything done about it."""

    alarm_id: str
    serial: str
    cause: str
    origin: str
    time: datetime  # the box's clock, the read, or (clock far off) the reception
    received: datetime
    clock: str = "read"  # "box", "read" or "receive"
    late: bool = False
    entry_id: str | None = None
    device_id: str | None = None
    box: str = ""
    value: float | None = None
    threshold: float | None = None
    unit: str | None = None
    channel: str | None = None
    place: dict[str, Any] = field(default_factory=dict)  # shared by records: never changed
    diagnosis: list[dict[str, Any]] = field(default_factory=list)
    notify_targets: list[str] = field(default_factory=list)
    acknowledged: Actor | None = None
    cleared: datetime | None = None
    cleared_value: float | None = None  # the reading when it cleared
    # It ended while its box could not be seen: `cleared` is when it was first known over.
    cleared_unseen: bool = False
    power: list[PowerCommand] = field(default_factory=list)
    notified: int = 0  # raised, reminder and escalated events fired for it
    last_notified: datetime | None = None
    level: int = 0
    # The detector's alarm that covers this user's limit, while it is open: no timers.
    covered_by: str | None = None
    uncovered: datetime | None = None  # when its cover cleared: its timers count from then

    @property
    def timers_from(self) -> datetime:
        """Return when its reminder and escalation delays start: raised, or uncovered."""
        return self.uncovered or self.received

    @property
    def state(self) -> AlarmState:
        """Return active, acknowledged or cleared."""
        if self.cleared is not None:
            return AlarmState.CLEARED
        return AlarmState.ACTIVE if self.acknowledged is None else AlarmState.ACKNOWLEDGED

    @property
    def limit(self) -> str | None:
        """Return "above" or "below" the threshold, or None for a cause without a limit."""
        if self.cause in NO_LIMIT:
            return None
        return "below" if self.cause in BELOW_LIMIT else "above"

    @property
    def key(self) -> tuple[str, str, str]:
        """Return what makes an alarm the same alarm while it lasts: box, cause, origin."""
        return (self.serial, self.cause, self.origin)

    def as_dict(self) -> dict[str, Any]:
        """Return the record as plain JSON for events and service responses."""
        return {
            "alarm_id": self.alarm_id,
            "serial": self.serial,
            "device_id": self.device_id,
            "entry_id": self.entry_id,
            "box": self.box,
            "cause": self.cause,
            "origin": self.origin,
            "value": self.value,
            "threshold": self.threshold,
            "limit": self.limit,
            "unit": self.unit,
            "channel": self.channel,
            "time": _iso(self.time),
            "received": _iso(self.received),
            "clock": self.clock,
            "late": self.late,
            **{k: self.place.get(k) for k in PLACE_KEYS},
            "diagnosis": list(self.diagnosis),
            "notify_targets": list(self.notify_targets),
            "state": self.state.value,
            "acknowledged": self.acknowledged.as_dict() if self.acknowledged else None,
            "cleared": _iso(self.cleared),
            "cleared_value": self.cleared_value,
            "cleared_unseen": self.cleared_unseen,
            "power": [p.as_dict() for p in self.power],
            "covered_by": self.covered_by,
            "uncovered": _iso(self.uncovered),
            "notifications": {
                "count": self.notified,
                "last": _iso(self.last_notified),
                "level": self.level,
            },
        }

    def to_store(self) -> dict[str, Any]:
        """Return the record as stored (POSIX seconds, no empty fields)."""
        data: dict[str, Any] = {
            "id": self.alarm_id,
            "serial": self.serial,
            "cause": self.cause,
            "origin": self.origin,
            "time": _ts(self.time),
            "received": _ts(self.received),
            "clock": self.clock,
            "box": self.box,
        }
        optional: dict[str, Any] = {
            "late": self.late or None,
            "entry_id": self.entry_id,
            "device_id": self.device_id,
            "value": self.value,
            "threshold": self.threshold,
            "unit": self.unit,
            "channel": self.channel,
            "place": self.place or None,
            "diagnosis": self.diagnosis or None,
            "notify_targets": self.notify_targets or None,
            "ack": self.acknowledged.to_store() if self.acknowledged else None,
            "cleared": None if self.cleared is None else _ts(self.cleared),
            "cleared_value": self.cleared_value,
            "cleared_unseen": self.cleared_unseen or None,
            "power": [p.to_store() for p in self.power] or None,
            "notified": self.notified or None,
            "last_notified": None if self.last_notified is None else _ts(self.last_notified),
            "level": self.level or None,
            "covered_by": self.covered_by,
            "uncovered": None if self.uncovered is None else _ts(self.uncovered),
        }
        data.update((k, v) for k, v in optional.items() if v is not None)
        return data

    @classmethod
    def from_store(cls, data: Mapping[str, Any]) -> AlarmRecord:
        """Read a stored record; raise ValueError (or TypeError) when it is not one."""
        alarm_id, serial, cause = data.get("id"), data.get("serial"), data.get("cause")
        if not isinstance(alarm_id, str) or not alarm_id or not isinstance(serial, str):
            raise ValueError("record without id or box")
        if cause not in CAUSES:
            raise ValueError(f"unknown cause {cause!r}")
        origin = data.get("origin")
        if not isinstance(origin, str) or origin not in Origin.__members__.values():
            raise ValueError(f"unknown origin {origin!r}")
        place = data.get("place") or {}
        diagnosis = data.get("diagnosis") or []
        targets = data.get("notify_targets") or []
        if not isinstance(place, dict) or not isinstance(diagnosis, list):
            raise TypeError("place or diagnosis of the wrong type")
        ack = data.get("ack")
        return cls(
            alarm_id=alarm_id,
            serial=_shared(serial),
            cause=_shared(cause),
            origin=_shared(origin),
            time=_dt(data.get("time")),
            received=_dt(data.get("received")),
            clock=_word(data.get("clock")) or "read",
            late=data.get("late") is True,
            entry_id=_word(data.get("entry_id")),
            device_id=_word(data.get("device_id")),
            box=_word(data.get("box")) or serial,
            value=_number(data.get("value")),
            threshold=_number(data.get("threshold")),
            unit=_word(data.get("unit")),
            channel=_word(data.get("channel")),
            place=_place(place),
            diagnosis=[d for d in diagnosis if isinstance(d, dict)],
            notify_targets=[_shared(t) for t in targets if isinstance(t, str)],
            acknowledged=Actor.from_store(ack) if isinstance(ack, dict) else None,
            cleared=_opt_dt(data.get("cleared")),
            cleared_value=_number(data.get("cleared_value")),
            cleared_unseen=data.get("cleared_unseen") is True,
            power=[PowerCommand.from_store(p) for p in data.get("power") or []],
            notified=int(data.get("notified") or 0),
            last_notified=_opt_dt(data.get("last_notified")),
            level=int(data.get("level") or 0),
            covered_by=_text(data.get("covered_by")),
            uncovered=_opt_dt(data.get("uncovered")),
        )


@dataclass(frozen=True, slots=True)
class Schedule:
    """When to remind and escalate an unacknowledged alarm (per config entry)."""

    reminder: timedelta | None = timedelta(minutes=5)  # None: no reminders
    escalation: tuple[timedelta, ...] = (timedelta(minutes=10), timedelta(minutes=30))

    def __post_init__(self) -> None:
        """Refuse intervals that would fire continuously."""
        if self.reminder is not None and self.reminder <= timedelta(0):
            raise ValueError("the reminder interval must be positive")
        if any(d <= timedelta(0) for d in self.escalation):
            raise ValueError("escalation delays must be positive")
        if list(self.escalation) != sorted(self.escalation):
            raise ValueError("escalation delays must increase")


@dataclass(frozen=True, slots=True)
class Due:
    """A step due for an alarm: a reminder, or an escalation to `level`."""

    record: AlarmRecord
    kind: str  # "reminder" or "escalated"
    level: int


def month_of(time: datetime) -> str:
    """Return the month a record is stored under (by reception, UTC): "2026-11"."""
    return time.astimezone(UTC).strftime("%Y-%m")


class AlarmRegister:
    """Every alarm of every box, indexed by id, by box and time, and by what is open."""

    def __init__(
        self,
        *,
        max_count: int = DEFAULT_MAX_COUNT,
        max_age: timedelta = DEFAULT_MAX_AGE,
        id_factory: Callable[[], str] | None = None,
    ) -> None:
        """Create an empty register."""
        if max_count < 1:
            raise ValueError("max_count must be at least 1")
        self.max_count = max_count
        self.max_age = max_age
        self._new_id = id_factory or (lambda: uuid.uuid4().hex[:12])
        self._records: dict[str, AlarmRecord] = {}
        self._by_box: dict[str, list[tuple[float, str]]] = {}  # (received, id), sorted
        # The alarms not cleared, by box: serial → (cause, origin) → id. A box's lookups read
        # its own alarms only, not every box's (a storm opens thousands).
        self._open: dict[str, dict[tuple[str, str], str]] = {}
        self._dirty: set[str] = set()
        # month → ids, in the order they came (reception order: documents are stored so)
        self._months: dict[str, dict[str, None]] = {}
        # Records as stored, kept until the record changes: a write of a month rebuilds
        # only what changed since the last one.
        self._stored: dict[str, dict[str, Any]] = {}

    def __len__(self) -> int:
        """Return the number of records kept."""
        return len(self._records)

    def get(self, alarm_id: str) -> AlarmRecord | None:
        """Return a record by id."""
        return self._records.get(alarm_id)

    def open_alarm(self, serial: str, cause: str, origin: str) -> AlarmRecord | None:
        """Return the alarm of a box, cause and origin that has not cleared, if any."""
        box = self._open.get(serial)
        alarm_id = None if box is None else box.get((cause, origin))
        return None if alarm_id is None else self._records[alarm_id]

    def open_alarms(self, serial: str | None = None) -> list[AlarmRecord]:
        """Return the alarms not cleared (of one box, or all), oldest first."""
        records = self._records
        if serial is None:
            found = [records[i] for box in self._open.values() for i in box.values()]
        else:
            found = [records[i] for i in self._open.get(serial, _NONE_OPEN).values()]
        return sorted(found, key=lambda r: (r.received, r.alarm_id))

    def _index_open(self, record: AlarmRecord) -> None:
        """File a record not cleared as its box's open alarm, unless a later one is filed."""
        box = self._open.setdefault(record.serial, {})
        previous = box.get((record.cause, record.origin))
        if previous is None or self._records[previous].received <= record.received:
            box[record.cause, record.origin] = record.alarm_id

    def unacknowledged(self, serial: str | None = None) -> list[AlarmRecord]:
        """Return the active, unacknowledged alarms (of one box, or all), oldest first.

        A user's limit covered by the detector's open alarm is not one: it is that alarm.
        """
        return [
            r for r in self.open_alarms(serial) if r.acknowledged is None and not self.covered(r)
        ]

    def covered(self, record: AlarmRecord) -> bool:
        """Return whether a detector's alarm, still open, covers this alarm."""
        cover = None if record.covered_by is None else self._records.get(record.covered_by)
        return cover is not None and cover.cleared is None

    def _cover_of(self, serial: str, cause: str) -> AlarmRecord | None:
        for covering in COVERED_BY.get(cause, (cause,)):
            # The detector's own alarm, or one Home Assistant read from the box's voltages.
            for origin in (Origin.DEVICE, Origin.HOME_ASSISTANT):
                if (cover := self.open_alarm(serial, covering, origin)) is not None:
                    return cover
        return None

    # --- changes ---

    def _touch(self, record: AlarmRecord) -> None:
        self._stored.pop(record.alarm_id, None)
        self._dirty.add(month_of(record.received))

    def _add(self, record: AlarmRecord) -> None:
        self._records[record.alarm_id] = record
        bisect.insort(
            self._by_box.setdefault(record.serial, []), (_ts(record.received), record.alarm_id)
        )
        self._months.setdefault(month_of(record.received), {})[record.alarm_id] = None
        if record.cleared is None:
            self._index_open(record)

    def raise_alarm(
        self,
        serial: str,
        cause: str,
        *,
        origin: str,
        time: datetime,
        received: datetime,
        **details: Any,
    ) -> tuple[AlarmRecord, bool]:
        """Open an alarm, or return the one still open for that box, cause and origin.

        Return the record and True when it is new. `details` are record fields (box,
        device_id, value, threshold, unit, channel, place, diagnosis, clock, late, ...).
        """
        if cause not in CAUSES:
            raise ValueError(f"unknown cause {cause!r}")
        if (existing := self.open_alarm(serial, cause, origin)) is not None:
            return existing, False
        details.setdefault("box", serial)
        if origin == Origin.USER_LIMIT and (cover := self._cover_of(serial, cause)) is not None:
            details.setdefault("covered_by", cover.alarm_id)
        alarm_id = self._new_id()
        while alarm_id in self._records:
            alarm_id = self._new_id()
        record = AlarmRecord(
            alarm_id=alarm_id,
            serial=serial,
            cause=cause,
            origin=origin,
            time=time,
            received=received,
            notified=1,
            last_notified=received,
            **details,
        )
        self._add(record)
        self._touch(record)
        return record, True

    def update(self, record: AlarmRecord) -> None:
        """Mark a record changed by its owner (e.g. its diagnosis), so it is stored again."""
        self._touch(record)

    def clear(
        self,
        serial: str,
        cause: str,
        origin: str,
        at: datetime,
        value: float | None = None,
        *,
        unseen: bool = False,
    ) -> AlarmRecord | None:
        """Close the open alarm of a box, cause and origin (`value`: the reading then).

        `unseen`: it ended while the box could not be seen, `at` is when it was first known
        over. An alarm never ends before it was raised (a box's clock may say so). Return
        None when none was open.
        """
        box = self._open.get(serial)
        alarm_id = None if box is None else box.pop((cause, origin), None)
        if alarm_id is None:
            return None
        if not box:
            del self._open[serial]
        record = self._records[alarm_id]
        record.cleared, record.cleared_value = max(at, record.time), value
        record.cleared_unseen = unseen
        self._touch(record)
        return record

    def date_clear(
        self, alarm_id: str, at: datetime, value: float | None = None
    ) -> AlarmRecord | None:
        """Take the box's word on when an alarm that ended unseen ended (and the reading then).

        Only an alarm marked `cleared_unseen` moves, and only within what is known: after it
        was raised, not after it was found over. Return it, or None when nothing changed.
        """
        record = self._records.get(alarm_id)
        if record is None or record.cleared is None or not record.cleared_unseen:
            return None
        record.cleared = min(max(at, record.time), record.cleared)
        record.cleared_unseen = False
        if value is not None:
            record.cleared_value = value
        self._touch(record)
        return record

    def uncover(self, cover: AlarmRecord, at: datetime) -> list[AlarmRecord]:
        """Let go the users' limits `cover` (now cleared) covered; return those let go.

        One still covered by another open alarm of the detector moves to it. Otherwise, if the
        cover was acknowledged, it is acknowledged by the same person; if not, its timers
        start now: its first reminder comes one reminder interval later, if the limit is still
        exceeded by then (a reading back within it clears it before, unheard of).
        """
        let_go: list[AlarmRecord] = []
        for record in self.open_alarms(cover.serial):
            if record.covered_by != cover.alarm_id:
                continue
            self._touch(record)
            if (other := self._cover_of(record.serial, record.cause)) is not None:
                record.covered_by = other.alarm_id
                continue
            record.covered_by, record.uncovered = None, at
            if cover.acknowledged is not None and record.acknowledged is None:
                record.acknowledged = cover.acknowledged
            let_go.append(record)
        return let_go

    def acknowledge(self, alarm_id: str, actor: Actor) -> AlarmRecord | None:
        """Acknowledge an open alarm; None when unknown, cleared or acknowledged already."""
        record = self._records.get(alarm_id)
        if record is None or record.cleared is not None or record.acknowledged is not None:
            return None
        record.acknowledged = actor
        self._touch(record)
        return record

    def add_power(self, alarm_id: str, command: PowerCommand) -> AlarmRecord | None:
        """Record a power command on an alarm's box."""
        record = self._records.get(alarm_id)
        if record is None:
            return None
        record.power.append(command)
        self._touch(record)
        return record

    # --- timers ---

    @staticmethod
    def _next(record: AlarmRecord, schedule: Schedule) -> tuple[datetime, str, int] | None:
        """Return the next step of an unacknowledged alarm: when, which, and the level."""
        if record.cleared is not None or record.acknowledged is not None:
            return None
        start = record.timers_from
        steps: list[tuple[datetime, str, int]] = []
        if record.level < len(schedule.escalation):
            steps.append((start + schedule.escalation[record.level], "escalated", record.level + 1))
        if schedule.reminder is not None:
            last = max(record.last_notified or start, start)
            steps.append((last + schedule.reminder, "reminder", record.level))
        return min(steps, key=lambda s: s[0]) if steps else None

    def next_due(self, schedule_of: Callable[[AlarmRecord], Schedule]) -> datetime | None:
        """Return when the next reminder or escalation falls due, None when nothing waits."""
        times = [
            step[0]
            for record in self.unacknowledged()
            if (step := self._next(record, schedule_of(record))) is not None
        ]
        return min(times, default=None)

    def take_due(self, now: datetime, schedule_of: Callable[[AlarmRecord], Schedule]) -> list[Due]:
        """Return the steps due at `now` and count them as notified.

        One step per alarm per call: an escalation wins over a reminder due at the same time,
        and steps missed while nobody asked collapse into one (the latest level reached).
        """
        due: list[Due] = []
        for record in self.unacknowledged():
            schedule = schedule_of(record)
            step = self._next(record, schedule)
            if step is None or step[0] > now:
                continue
            level = record.level
            while (
                level < len(schedule.escalation)
                and record.timers_from + schedule.escalation[level] <= now
            ):
                level += 1
            kind = "escalated" if level > record.level else "reminder"
            record.level = level
            record.notified += 1
            record.last_notified = now
            self._touch(record)
            due.append(Due(record, kind, level))
        return due

    # --- reading back ---

    def query(
        self,
        *,
        serials: Iterable[str] | None = None,
        causes: Iterable[str] | None = None,
        states: Iterable[str] | None = None,
        area_ids: Iterable[str] | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int | None = None,
    ) -> tuple[list[AlarmRecord], int]:
        """Return the matching records, newest first (at most `limit`), and how many match.

        Times filter on reception; `start` inclusive, `end` exclusive.
        """
        lo = -math.inf if start is None else _ts(start)
        hi = math.inf if end is None else _ts(end)
        cause_set = None if causes is None else set(causes)
        state_set = None if states is None else set(states)
        area_set = None if area_ids is None else set(area_ids)
        boxes = self._by_box.keys() if serials is None else serials
        if state_set is not None and not state_set & {AlarmState.CLEARED.value}:
            # Only open alarms wanted: look at those (of the boxes asked), not at the history.
            candidates = (
                self.open_alarms()
                if serials is None
                else [r for serial in set(serials) for r in self.open_alarms(serial)]
            )
            open_matches = [
                (_ts(r.received), r.alarm_id)
                for r in candidates
                if lo <= _ts(r.received) < hi
                and (cause_set is None or r.cause in cause_set)
                and r.state.value in state_set
                and (area_set is None or r.place.get("area_id") in area_set)
            ]
            open_matches.sort(reverse=True)
            chosen_open = open_matches if limit is None else open_matches[:limit]
            return [self._records[i] for _, i in chosen_open], len(open_matches)
        matches: list[tuple[float, str]] = []
        for serial in boxes:
            entries = self._by_box.get(serial)
            if not entries:
                continue
            first = bisect.bisect_left(entries, (lo, ""))
            last = bisect.bisect_left(entries, (hi, ""))
            for ts, alarm_id in entries[first:last]:
                record = self._records[alarm_id]
                if cause_set is not None and record.cause not in cause_set:
                    continue
                if state_set is not None and record.state.value not in state_set:
                    continue
                if area_set is not None and record.place.get("area_id") not in area_set:
                    continue
                matches.append((ts, alarm_id))
        matches.sort(reverse=True)
        chosen = matches if limit is None else matches[:limit]
        return [self._records[i] for _, i in chosen], len(matches)

    def prune(self, now: datetime) -> int:
        """Drop cleared records beyond `max_age` and the oldest beyond `max_count`.

        Open alarms are never dropped. Return how many records went.
        """
        cutoff = _ts(now - self.max_age)
        doomed = [
            r.alarm_id
            for r in self._records.values()
            if r.cleared is not None and _ts(r.received) < cutoff
        ]
        excess = len(self._records) - len(doomed) - self.max_count
        if excess > 0:
            gone = set(doomed)
            oldest = sorted(
                (_ts(r.received), r.alarm_id)
                for r in self._records.values()
                if r.cleared is not None and r.alarm_id not in gone
            )
            doomed.extend(alarm_id for _, alarm_id in oldest[:excess])
        for alarm_id in doomed:
            record = self._records.pop(alarm_id)
            entries = self._by_box[record.serial]
            at = bisect.bisect_left(entries, (_ts(record.received), alarm_id))
            del entries[at]
            if not entries:
                del self._by_box[record.serial]
            month = month_of(record.received)
            self._months[month].pop(alarm_id, None)
            self._stored.pop(alarm_id, None)
            self._dirty.add(month)
        return len(doomed)

    # --- storage ---

    @property
    def months(self) -> list[str]:
        """Return the months that hold records, oldest first."""
        return sorted(m for m, ids in self._months.items() if ids)

    def take_dirty(self) -> list[str]:
        """Return the months changed since the last call (read them with `month_records`)."""
        dirty, self._dirty = self._dirty, set()
        for month in dirty:
            if not self._months.get(month):
                self._months.pop(month, None)
        return sorted(dirty)

    def month_records(self, month: str) -> list[dict[str, Any]]:
        """Return one month's records as stored, in the order they came.

        The dicts are shared with the register's cache and never changed afterwards (a
        changed record gets a new one), so they may be serialized in another thread.
        """
        stored, records = self._stored, self._records
        out: list[dict[str, Any]] = []
        for alarm_id in self._months.get(month, {}):
            if (item := stored.get(alarm_id)) is None:
                item = stored[alarm_id] = records[alarm_id].to_store()
            out.append(item)
        return out

    def month_summary(self) -> dict[str, tuple[int, int]]:
        """Return, per month held, how many records and how many of them are not cleared."""
        return {
            month: (len(ids), sum(self._records[i].cleared is None for i in ids))
            for month, ids in sorted(self._months.items())
            if ids
        }

    def load(self, items: Iterable[Any], month: str | None = None) -> int:
        """Add stored records (a month's document); return how many were unreadable.

        With `month` (the document's), records are filed under it as stored; the box
        indexes are sorted once at the end rather than per record.
        """
        skipped = 0
        touched: set[str] = set()
        records = self._records
        for item in items:
            try:
                record = AlarmRecord.from_store(item)
            except ValueError, TypeError, AttributeError:
                skipped += 1
                continue
            if record.alarm_id in records:
                skipped += 1
                continue
            alarm_id = record.alarm_id
            records[alarm_id] = record
            self._by_box.setdefault(record.serial, []).append(
                (record.received.timestamp(), alarm_id)
            )
            touched.add(record.serial)
            self._months.setdefault(month or month_of(record.received), {})[alarm_id] = None
            if record.cleared is None:
                self._index_open(record)
        for serial in touched:
            self._by_box[serial].sort()
        return skipped

"""The correlation engine: what the boxes raised and when, and which of them did so together.

Pure Python: no Home Assistant import. The integration keeps one `Correlator` for all boxes,
feeds it every box's place, every alarm and availability change, and the clock of every box
that sends timestamped telemetry, and answers the service actions of the design's section 5
from it:

1. `Correlator.neighbour_alarms`: the other boxes within distance D that raised the same cause
   within time window T of a box's alarm (a supply-side fault, or a spreading fire);
2. `Correlator.offline_neighbours`: the boxes within D2 that went offline within Δ of a box,
   and the boxes within D2 that are still online (whose bound clients must be warned);
3. `Correlator.offline_after_alarm`: whether a box went offline within T2 after an alarm.

Every result is a frozen dataclass whose `as_dict()` is plain JSON (service response data).

Where the boxes are, and how far apart, is the job of the `places.SpatialIndex` the correlator
owns (`Correlator.space`; its `place`, `remove`, `within`, `distance`, ... are the index's): see
the `places` module for places, distances and the spatial index. A box of unknown distance is
never anybody's neighbour; the queries list the boxes of unknown distance that match in time
separately, as "unplaced", so that a user still hears about an alarm of a box nobody placed.
Boundaries are inclusive: a box exactly at distance D, or an alarm exactly T away, counts.

History and time
----------------
Every event (an alarm cause, `offline` or `online`) carries the time Home Assistant received it
and, when the box sent one, the box's own timestamp. The event's `time`, the one correlation
uses, follows its `clock`:

* `box`: the box's time, corrected by the box's clock offset when that is known. A box that
  sends timestamped telemetry (MQTT state) tells its offset, its time minus the reception
  (`observe_clock`); the estimate is the median of the last `CLOCK_SAMPLES` (9) offsets, so a
  few delayed messages do not move it. Until the offset is known the box's clock is taken as
  right. The (corrected) time is used when it is at most `max_skew` (60 s) in the future of the
  reception and at most `max_delay` (1 day) before it. So an alarm held in a queue keeps the
  time it happened, and is not correlated with a neighbour's fresh alarm outside the window;
  `Correlator.late(event, window)` tells such an alarm (older than the window on arrival: to be
  logged, never correlated as new).
* `receive`: the box sent a time, but (corrected) it lies further in the future or in the past
  than that: its clock is wrong. The event is flagged (`clock_skewed`) and the time of
  reception is used.
* `read`: the box sent no time (a Modbus read, an availability change seen by Home Assistant):
  the time of reception, which is the time of the read.

Memory is bounded: each box keeps at most `max_events_per_box` events (the newest by time) and
nothing older than `max_age` (7 days by default) before the newest reception, and at most
`CLOCK_SAMPLES` clock offsets. All times must be timezone-aware: a naive datetime raises
ValueError.

Persistence
-----------
`Event.to_dict()` and `Event.from_dict()` turn an event into plain JSON (ISO 8601 times) and
back. `Correlator.export()` returns every event kept, oldest first; `Correlator.restore()` puts
such a list back (at start, from Home Assistant's `Store`) under the same bounds as `record`,
rebuilding the histories and the index: queries then answer as before. Restored events keep
their stored time and clock; an event already kept is not added again (restoring twice changes
nothing); an item that cannot be read is skipped, and restore never raises. Places are not
exported (they come from the configuration), nor clock offsets (learned again from the next
telemetry).
"""

from __future__ import annotations

import bisect
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import math
from typing import Any, Final, Literal

from .model import AlarmCause
from .mqtt import BoxLocation
from .places import (
    DEFAULT_CELL_SIZE,
    DEFAULT_FLOOR_HEIGHT,
    DEFAULT_LOCAL_CELL_SIZE,
    Place,
    SpatialIndex,
    finite,
    metres,
)

__all__ = [
    "CLOCK_SAMPLES",
    "DEFAULT_MAX_AGE",
    "DEFAULT_MAX_DELAY",
    "DEFAULT_MAX_EVENTS_PER_BOX",
    "DEFAULT_MAX_SKEW",
    "HISTORY_SCAN_LIMIT",
    "OFFLINE",
    "ONLINE",
    "Correlator",
    "Event",
    "EventCause",
    "EventClock",
    "Neighbour",
    "NeighbourAlarm",
    "NeighbourAlarms",
    "OfflineAfterAlarm",
    "OfflineNeighbour",
    "OfflineNeighbours",
    "Place",  # re-exported: it lives in `places`
    "finite",  # re-exported: it lives in `places`
]

DEFAULT_MAX_SKEW: Final = timedelta(seconds=60)
DEFAULT_MAX_DELAY: Final = timedelta(days=1)
DEFAULT_MAX_AGE: Final = timedelta(days=7)
DEFAULT_MAX_EVENTS_PER_BOX: Final = 256
CLOCK_TOLERANCE: Final = timedelta(seconds=2)  # offsets within this are left alone
CLOCK_SAMPLES: Final = 9  # clock offsets kept per box, for their median
ONLINE: Final = "online"
OFFLINE: Final = AlarmCause.OFFLINE
# A neighbour-alarm query scans the alarms of the window directly when there are at most this
# many (usual: alarms are rare), and goes through the spatial index otherwise (an alarm storm).
HISTORY_SCAN_LIMIT: Final = 256

type EventCause = AlarmCause | Literal["online"]
type EventClock = Literal["box", "read", "receive"]

_CLOCKS: Final[dict[str, EventClock]] = {"box": "box", "read": "read", "receive": "receive"}
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND: Final = timedelta(microseconds=1)
_US_PER_S: Final = 1_000_000
_MAX_SECONDS: Final = 1e11  # a duration beyond 3000 years is a mistake
# What reading a stored event may raise; `restore` skips such an item.
_BAD_ITEM: Final = (TypeError, ValueError, KeyError, OverflowError, AttributeError)


# --- events and results -----------------------------------------------------------------------


def _iso(time: datetime | None) -> str | None:
    return None if time is None else time.isoformat()


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _parse_time(value: object, name: str) -> datetime | None:
    """Return a stored ISO 8601 time (timezone-aware), or None for None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be an ISO 8601 string")
    return _aware(datetime.fromisoformat(value), name)


def _text(value: object, name: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a string")
    return value


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of a box's history: an alarm cause raised, or the box going offline/online."""

    box_id: str
    cause: EventCause
    time: datetime  # the time used for correlation: see `clock`
    received: datetime  # when Home Assistant received it
    box_time: datetime | None  # the box's own timestamp, as sent, if it sent one
    clock_skewed: bool  # the box's time was far off (`clock` is "receive")
    value: float | None = None
    threshold: float | None = None
    unit: str | None = None
    channel: str | None = None
    # Where `time` comes from: "box" (the box's, corrected by its known offset), "read" (the box
    # sent none: the time of reception), "receive" (the box's was far off: flagged, reception).
    clock: EventClock = "read"

    @property
    def delay(self) -> timedelta:
        """Return how long after its time the event was received (negative: a box ahead)."""
        return self.received - self.time

    def as_dict(self) -> dict[str, Any]:
        """Return the event as plain JSON."""
        return self.to_dict()

    def to_dict(self) -> dict[str, Any]:
        """Return the event as plain JSON, for storage: ISO 8601 times, `from_dict` reads it."""
        return {
            "box_id": self.box_id,
            "cause": str(self.cause),
            "time": _iso(self.time),
            "received": _iso(self.received),
            "box_time": _iso(self.box_time),
            "clock": self.clock,
            "clock_skewed": self.clock_skewed,
            "value": self.value,
            "threshold": self.threshold,
            "unit": self.unit,
            "channel": self.channel,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        """Return the event stored by `to_dict`.

        Raises TypeError, ValueError or KeyError for anything else. An item without `clock`
        (stored before it existed) gets it from `box_time` and `clock_skewed`.
        """
        if not isinstance(data, Mapping):
            raise TypeError("an event must be a mapping")
        box_id = data["box_id"]
        if not isinstance(box_id, str) or not box_id:
            raise ValueError("box_id must be a non-empty string")
        cause = data["cause"]
        if not isinstance(cause, str):
            raise TypeError("cause must be a string")
        box_time = _parse_time(data.get("box_time"), "box_time")
        stored = data.get("clock")
        clock: EventClock
        if stored is None:
            skewed = data.get("clock_skewed") is True
            clock = "read" if box_time is None else "receive" if skewed else "box"
        elif isinstance(stored, str) and stored in _CLOCKS:
            clock = _CLOCKS[stored]
        else:
            raise ValueError(f"unknown clock {stored!r}")
        if (box_time is None) != (clock == "read"):
            raise ValueError("only an event without the box's time has the 'read' clock")
        time = _parse_time(data["time"], "time")
        received = _parse_time(data["received"], "received")
        if time is None or received is None:
            raise ValueError("time and received are required")
        return cls(
            box_id=box_id,
            cause=_cause(cause),
            time=time,
            received=received,
            box_time=box_time,
            clock_skewed=clock == "receive",
            value=finite(data.get("value")),
            threshold=finite(data.get("threshold")),
            unit=_text(data.get("unit"), "unit"),
            channel=_text(data.get("channel"), "channel"),
            clock=clock,
        )


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A box near another one."""

    box_id: str
    distance: float  # m

    def as_dict(self) -> dict[str, Any]:
        """Return the neighbour as plain JSON."""
        return {"box_id": self.box_id, "distance": _round(self.distance, 2)}


@dataclass(frozen=True, slots=True)
class NeighbourAlarm:
    """A box that raised the same cause near in time; its alarm closest in time to the query's."""

    box_id: str
    distance: float | None  # m; None for a box whose distance is unknown ("unplaced")
    time: datetime
    offset: float  # s, its time minus the queried alarm's time (negative: it came first)
    value: float | None
    threshold: float | None
    unit: str | None
    channel: str | None
    count: int  # how many alarms of that cause it raised within the window

    def as_dict(self) -> dict[str, Any]:
        """Return the alarm as plain JSON."""
        return {
            "box_id": self.box_id,
            "distance": _round(self.distance, 2),
            "time": _iso(self.time),
            "offset": _round(self.offset, 3),
            "value": self.value,
            "threshold": self.threshold,
            "unit": self.unit,
            "channel": self.channel,
            "count": self.count,
        }


@dataclass(frozen=True, slots=True)
class NeighbourAlarms:
    """The answer to "who else near this box raised the same alarm at about the same time"."""

    box_id: str
    cause: AlarmCause
    at: datetime | None  # the queried alarm's time; None: the box never raised that cause
    distance: float  # m, the D asked for
    window: float  # s, the T asked for
    neighbours: tuple[NeighbourAlarm, ...]  # nearest first
    unplaced: tuple[NeighbourAlarm, ...]  # matching in time, distance unknown; by box id

    def as_dict(self) -> dict[str, Any]:
        """Return the answer as plain JSON."""
        return {
            "box_id": self.box_id,
            "cause": str(self.cause),
            "at": _iso(self.at),
            "distance": self.distance,
            "window": self.window,
            "neighbours": [n.as_dict() for n in self.neighbours],
            "unplaced": [n.as_dict() for n in self.unplaced],
        }


@dataclass(frozen=True, slots=True)
class OfflineNeighbour:
    """A box that went offline within Δ of another one."""

    box_id: str
    distance: float | None  # m; None for a box whose distance is unknown ("unplaced")
    offline_at: datetime
    offset: float  # s, its offline time minus the queried box's
    online: bool  # whether it is back online now

    def as_dict(self) -> dict[str, Any]:
        """Return the neighbour as plain JSON."""
        return {
            "box_id": self.box_id,
            "distance": _round(self.distance, 2),
            "offline_at": _iso(self.offline_at),
            "offset": _round(self.offset, 3),
            "online": self.online,
        }


@dataclass(frozen=True, slots=True)
class OfflineNeighbours:
    """The answer to "which boxes near this one went offline with it, and which are still on"."""

    box_id: str
    at: datetime | None  # the box's offline time; None: it never went offline
    distance: float  # m, the D2 asked for
    delta: float  # s, the Δ asked for
    offline: tuple[OfflineNeighbour, ...]  # went offline within Δ, nearest first
    online: tuple[Neighbour, ...]  # within D2 and online now (or never seen offline)
    unplaced: tuple[OfflineNeighbour, ...]  # went offline within Δ, distance unknown

    def as_dict(self) -> dict[str, Any]:
        """Return the answer as plain JSON."""
        return {
            "box_id": self.box_id,
            "at": _iso(self.at),
            "distance": self.distance,
            "delta": self.delta,
            "offline": [n.as_dict() for n in self.offline],
            "online": [n.as_dict() for n in self.online],
            "unplaced": [n.as_dict() for n in self.unplaced],
        }


@dataclass(frozen=True, slots=True)
class OfflineAfterAlarm:
    """The answer to "did this box go offline right after one of its alarms"."""

    box_id: str
    window: float  # s, the T2 asked for
    offline_at: datetime | None  # None: the box never went offline
    alarm: Event | None  # its last alarm within T2 before going offline
    gap: float | None  # s from that alarm to going offline

    @property
    def after_alarm(self) -> bool:
        """Return True when the box went offline within the window after an alarm."""
        return self.alarm is not None

    def as_dict(self) -> dict[str, Any]:
        """Return the answer as plain JSON."""
        return {
            "box_id": self.box_id,
            "window": self.window,
            "offline_at": _iso(self.offline_at),
            "after_alarm": self.after_alarm,
            "alarm": None if self.alarm is None else self.alarm.as_dict(),
            "gap": _round(self.gap, 3),
        }


# --- the correlator ---------------------------------------------------------------------------


def _aware(time: datetime, name: str) -> datetime:
    if not isinstance(time, datetime):
        raise TypeError(f"{name} must be a datetime")
    if time.tzinfo is None or time.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")
    return time


def _us(time: datetime) -> int:
    """Return a time as integer microseconds since the epoch: exact, unlike float seconds."""
    return (time - _EPOCH) // _MICROSECOND


def _span_us(value: timedelta | float, name: str) -> int:
    """Return a non-negative duration (timedelta or seconds) in microseconds."""
    if isinstance(value, timedelta):
        us = value // _MICROSECOND
    elif (seconds := finite(value)) is None or abs(seconds) > _MAX_SECONDS:
        raise ValueError(f"{name} must be a duration")
    else:
        us = round(seconds * _US_PER_S)
    if us < 0:
        raise ValueError(f"{name} must not be negative")
    return us


def _cause(cause: AlarmCause | str) -> EventCause:
    if cause == ONLINE:
        return ONLINE
    try:
        return AlarmCause(cause)
    except ValueError:
        raise ValueError(f"unknown cause {cause!r}") from None


def _median(samples: Iterable[int]) -> timedelta:
    """Return the median of some offsets in µs (of an even count: the mean of the middle two)."""
    ordered = sorted(samples)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return timedelta(microseconds=ordered[middle])
    return timedelta(microseconds=(ordered[middle - 1] + ordered[middle]) // 2)


type _Key = tuple[int, int]  # (time in µs, sequence number): unique, time-ordered
type _IndexEntry = tuple[int, int, Event]


class _History:
    """One box's events, ordered by time, and its connectivity."""

    __slots__ = ("events", "keys", "state")

    def __init__(self) -> None:
        self.keys: list[_Key] = []
        self.events: list[Event] = []
        self.state: tuple[_Key, bool] | None = None  # last connectivity event: key, online

    def window(self, lo_us: int, hi_us: int) -> Iterator[tuple[int, Event]]:
        start = bisect.bisect_left(self.keys, (lo_us, -1))
        for i in range(start, len(self.keys)):
            us = self.keys[i][0]
            if us > hi_us:
                return
            yield us, self.events[i]


class Correlator:
    """Histories and clocks of all boxes of an installation, and the correlation queries."""

    def __init__(
        self,
        *,
        floor_height: float = DEFAULT_FLOOR_HEIGHT,
        cell_size: float = DEFAULT_CELL_SIZE,
        local_cell_size: float = DEFAULT_LOCAL_CELL_SIZE,
        max_skew: timedelta = DEFAULT_MAX_SKEW,
        max_delay: timedelta = DEFAULT_MAX_DELAY,
        max_age: timedelta = DEFAULT_MAX_AGE,
        max_events_per_box: int = DEFAULT_MAX_EVENTS_PER_BOX,
    ) -> None:
        """Create an empty correlator (and its empty spatial index)."""
        self._space = SpatialIndex(
            floor_height=floor_height, cell_size=cell_size, local_cell_size=local_cell_size
        )
        if max_events_per_box < 1:
            raise ValueError("max_events_per_box must be at least 1")
        for name, value in (("max_skew", max_skew), ("max_delay", max_delay)):
            if not isinstance(value, timedelta) or value < timedelta(0):
                raise ValueError(f"{name} must be a non-negative timedelta")
        self.max_skew = max_skew
        self.max_delay = max_delay
        self.max_age = max_age
        self.max_events_per_box = max_events_per_box
        self._histories: dict[str, _History] = {}
        # Events per (box has latitude/longitude, cause), ordered by time. Split so that the
        # boxes of unknown distance from a geographic box (those without) are found directly.
        self._index: dict[tuple[bool, EventCause], list[_IndexEntry]] = {}
        self._sequence = 0
        self._newest_us: int | None = None  # the newest reception seen: the clock for max_age
        self._clocks: dict[str, deque[int]] = {}  # the last offsets of a box's clock, in µs
        self._offsets: dict[str, timedelta] = {}  # their median, the estimate
        self._last_seen: dict[str, tuple[datetime, datetime]] = {}  # box time, reception

    # --- places: the spatial index's ---

    @property
    def space(self) -> SpatialIndex:
        """Return the spatial index of the boxes (place boxes through the correlator)."""
        return self._space

    @property
    def floor_height(self) -> float:
        """Return the height of a floor in metres, for distances inside a building."""
        return self._space.floor_height

    def __len__(self) -> int:
        """Return the number of boxes known."""
        return len(self._space)

    def __contains__(self, box_id: object) -> bool:
        """Return True for a known box."""
        return box_id in self._space

    @property
    def boxes(self) -> list[str]:
        """Return the ids of the known boxes."""
        return self._space.boxes

    def place_of(self, box_id: str) -> Place | None:
        """Return a box's place, or None for an unknown box."""
        return self._space.place_of(box_id)

    def unplaced(self) -> list[str]:
        """Return the boxes without any coordinates, sorted."""
        return self._space.unplaced()

    def place(self, box_id: str, place: Place | BoxLocation) -> None:
        """Add a box, or move it (a box without coordinates is known but never a neighbour)."""
        before = self._space.place_of(box_id)
        place = self._space.place(box_id, place)
        history = self._histories.setdefault(box_id, _History())
        if before is not None and before.geographic != place.geographic:
            # Its events move to the other part of the index.
            for key, event in zip(history.keys, history.events, strict=True):
                self._drop_from_index(key, event, before.geographic)
                entries = self._index.setdefault((place.geographic, event.cause), [])
                bisect.insort(entries, (*key, event))

    def remove(self, box_id: str) -> None:
        """Forget a box: its place, its clock and its whole history. Unknown boxes are ignored."""
        place = self._space.remove(box_id)
        self._clocks.pop(box_id, None)
        self._offsets.pop(box_id, None)
        self._last_seen.pop(box_id, None)
        history = self._histories.pop(box_id, None)
        if history is not None and place is not None:
            for key, event in zip(history.keys, history.events, strict=True):
                self._drop_from_index(key, event, place.geographic)

    def distance(self, box_a: str, box_b: str) -> float | None:
        """Return the distance in metres between two known boxes, None when unknown."""
        return self._space.distance(box_a, box_b)

    def within(self, box_id: str, radius: float) -> list[tuple[str, float]]:
        """Return the other boxes within `radius` metres (inclusive), nearest first.

        Raises KeyError for an unknown box.
        """
        return self._space.within(box_id, radius)

    # --- clocks ---

    def observe_clock(self, box_id: str, box_time: datetime, received: datetime) -> timedelta:
        """Learn a box's clock from a timestamped message of it (telemetry); return its offset.

        The offset is the box's time minus the time of reception; the estimate is the median of
        the last `CLOCK_SAMPLES`. Feed live messages only (not retained ones: they are old).
        A message that is late by the estimate while its box time moved on by more than ours
        since the box's previous message is a backlog being caught up (a bridge sending what it
        queued while it was cut off): it says nothing about the clock and is not learned from,
        so a burst of old messages keeps its own times instead of dragging the estimate back.
        """
        box_time = _aware(box_time, "box_time")
        received = _aware(received, "received")
        previous = self._last_seen.get(box_id)
        self._last_seen[box_id] = (box_time, received)
        estimate = self.clock_offset(box_id)
        if (
            previous is not None
            and estimate is not None
            and (box_time - previous[0]) - (received - previous[1]) > CLOCK_TOLERANCE
            and box_time - received < estimate - CLOCK_TOLERANCE
        ):
            return estimate  # late, and later than the one before it: a backlog
        samples = self._clocks.get(box_id)
        if samples is None:
            samples = self._clocks[box_id] = deque(maxlen=CLOCK_SAMPLES)
        samples.append((box_time - received) // _MICROSECOND)
        offset = self._offsets[box_id] = _median(samples)
        return offset

    def clock_offset(self, box_id: str) -> timedelta | None:
        """Return a box's clock offset (its time minus ours), None until it is observed."""
        return self._offsets.get(box_id)

    @staticmethod
    def late(event: Event, window: timedelta | float) -> bool:
        """Return True when an event was older than `window` when it was received.

        Such an alarm (held in a queue, or replayed) is logged, never correlated as new: its
        time, not its arrival, places it in the neighbour queries.
        """
        return _us(event.received) - _us(event.time) > _span_us(window, "window")

    def dated(self, box_id: str, box_time: datetime, received: datetime) -> datetime:
        """Return when something a box timestamped happened: its time, or (far off) ours."""
        return self._box_clock(box_id, _aware(box_time, "box_time"), received)[1]

    def _box_clock(
        self, box_id: str, box_time: datetime, received: datetime
    ) -> tuple[EventClock, datetime]:
        """Return the clock and time of an event from a box's timestamp."""
        offset = self.clock_offset(box_id)
        if offset is not None and abs(offset) <= CLOCK_TOLERANCE:
            offset = None  # network delay and whole-second timestamps, not a wrong clock
        try:
            corrected = box_time if offset is None else box_time - offset
        except OverflowError:
            return "receive", received
        if -self.max_delay <= corrected - received <= self.max_skew:
            return "box", corrected
        return "receive", received

    # --- history ---

    def record(
        self,
        box_id: str,
        cause: AlarmCause | str,
        *,
        received: datetime,
        time: datetime | None = None,
        value: float | None = None,
        threshold: float | None = None,
        unit: str | None = None,
        channel: str | None = None,
    ) -> Event | None:
        """Record an alarm raised by a box, or the box going `offline` / `online`.

        `time` is the box's own timestamp (None: it sent none), `received` when Home Assistant
        received it; the event's time and clock follow the module's rules. An unknown box is
        added without coordinates. Return the event, or None when it is too old to keep (older
        than `max_age`, or than every event the box keeps).
        """
        kind = _cause(cause)
        received = _aware(received, "received")
        clock: EventClock = "read"
        effective = received
        if time is not None:
            time = _aware(time, "time")
            clock, effective = self._box_clock(box_id, time, received)
        event = Event(
            box_id=box_id,
            cause=kind,
            time=effective,
            received=received,
            box_time=time,
            clock_skewed=clock == "receive",
            value=finite(value),
            threshold=finite(threshold),
            unit=unit,
            channel=channel,
            clock=clock,
        )
        return event if self._insert(event) else None

    def _insert(self, event: Event) -> bool:
        """Keep an event in its box's history and the index; False when it is too old."""
        box_id = event.box_id
        if box_id not in self._space:
            self.place(box_id, Place())
        received_us = _us(event.received)
        if self._newest_us is None or received_us > self._newest_us:
            self._newest_us = received_us
        self._expire()
        us = _us(event.time)
        if us < self._newest_us - self.max_age // _MICROSECOND:
            return False
        history = self._histories[box_id]
        self._sequence += 1
        key = (us, self._sequence)
        if len(history.keys) >= self.max_events_per_box and key < history.keys[0]:
            return False
        at = bisect.bisect_right(history.keys, key)
        history.keys.insert(at, key)
        history.events.insert(at, event)
        geographic = self._space.geographic(box_id)
        index = self._index.setdefault((geographic, event.cause), [])
        bisect.insort(index, (us, self._sequence, event))
        if len(history.keys) > self.max_events_per_box:
            oldest = history.keys.pop(0)
            self._drop_from_index(oldest, history.events.pop(0), geographic)
        if event.cause in (ONLINE, OFFLINE) and (history.state is None or key > history.state[0]):
            history.state = (key, event.cause == ONLINE)
        return True

    def record_offline(
        self, box_id: str, *, received: datetime, time: datetime | None = None
    ) -> Event | None:
        """Record that a box went offline (seen by Home Assistant, or its last will)."""
        return self.record(box_id, OFFLINE, received=received, time=time)

    def record_online(
        self, box_id: str, *, received: datetime, time: datetime | None = None
    ) -> Event | None:
        """Record that a box came (back) online."""
        return self.record(box_id, ONLINE, received=received, time=time)

    def _drop_from_index(self, key: _Key, event: Event, geographic: bool) -> None:
        index_key = (geographic, event.cause)
        entries = self._index[index_key]
        at = bisect.bisect_left(entries, key)
        if at < len(entries) and entries[at][:2] == key:
            del entries[at]
        if not entries:
            del self._index[index_key]

    def _expire(self) -> None:
        """Drop the events older than `max_age` before the newest reception."""
        if self._newest_us is None:
            return
        cutoff = self._newest_us - self.max_age // _MICROSECOND
        for index_key in list(self._index):
            entries = self._index[index_key]
            if entries[0][0] >= cutoff:
                continue
            stale = bisect.bisect_left(entries, (cutoff, -1))
            for us, sequence, event in entries[:stale]:
                history = self._histories[event.box_id]
                at = bisect.bisect_left(history.keys, (us, sequence))
                del history.keys[at]
                del history.events[at]
            del entries[:stale]
            if not entries:
                del self._index[index_key]

    def history(self, box_id: str) -> list[Event]:
        """Return the events kept for a box, oldest first (empty for an unknown box)."""
        history = self._histories.get(box_id)
        return [] if history is None else list(history.events)

    def online(self, box_id: str) -> bool | None:
        """Return whether a box is online by its last availability event (None: never seen)."""
        history = self._histories.get(box_id)
        return None if history is None or history.state is None else history.state[1]

    def latest(self, box_id: str, cause: AlarmCause | str) -> Event | None:
        """Return a box's latest event of a cause (by time), or None."""
        kind = _cause(cause)
        history = self._histories.get(box_id)
        if history is None:
            return None
        return next((e for e in reversed(history.events) if e.cause == kind), None)

    def _window(
        self, kind: EventCause, lo_us: int, hi_us: int, geographic: bool | None = None
    ) -> list[tuple[list[_IndexEntry], int, int]]:
        """Return (entries, start, stop) of the events of a cause in [lo, hi].

        One per part of the index: boxes with latitude/longitude (True), without (False), or
        both (None).
        """
        slices = []
        for part in (True, False) if geographic is None else (geographic,):
            entries = self._index.get((part, kind))
            if entries:
                start = bisect.bisect_left(entries, (lo_us, -1))
                stop = bisect.bisect_right(entries, (hi_us, math.inf))
                slices.append((entries, start, stop))
        return slices

    def _window_count(self, kind: EventCause, lo_us: int, hi_us: int) -> int:
        """Return how many events of a cause lie in [lo, hi]."""
        return sum(stop - start for _, start, stop in self._window(kind, lo_us, hi_us))

    def _window_boxes(
        self, kind: EventCause, lo_us: int, hi_us: int, geographic: bool | None = None
    ) -> set[str]:
        """Return the boxes with an event of a cause in [lo, hi]."""
        return {
            entries[i][2].box_id
            for entries, start, stop in self._window(kind, lo_us, hi_us, geographic)
            for i in range(start, stop)
        }

    def _closest(
        self, box_id: str, kind: EventCause, t0: int, lo_us: int, hi_us: int
    ) -> tuple[Event, int, int] | None:
        """Return a box's event of a cause closest in time to t0 within [lo, hi].

        Also its offset from t0 in µs and how many there are; ties go to the earlier one.
        """
        best: tuple[Event, int] | None = None
        count = 0
        for us, event in self._histories[box_id].window(lo_us, hi_us):
            if event.cause != kind:
                continue
            count += 1
            if best is None or abs(us - t0) < abs(best[1]):
                best = (event, us - t0)
        return None if best is None else (best[0], best[1], count)

    def _t0(
        self, box_id: str, kind: EventCause, at: datetime | None
    ) -> tuple[int, datetime] | tuple[None, None]:
        """Return the reference time of a query: `at`, or the box's latest event of a cause."""
        if at is not None:
            return _us(_aware(at, "at")), at
        latest = self.latest(box_id, kind)
        return (None, None) if latest is None else (_us(latest.time), latest.time)

    # --- persistence ---

    def export(self) -> list[dict[str, Any]]:
        """Return every event kept, as plain JSON (`Event.to_dict`), oldest first."""
        entries = sorted(
            (entry for entries in self._index.values() for entry in entries),
            key=lambda entry: entry[:2],
        )
        return [event.to_dict() for _, _, event in entries]

    def restore(self, items: Iterable[Any]) -> int:
        """Put back events returned by `export`; return how many were kept.

        They are kept as `record` keeps events (an unknown box is added without coordinates,
        `max_age` and `max_events_per_box` apply), with their stored time and clock. An event
        already kept is not added again; an item that cannot be read is skipped. Never raises.
        """
        try:
            iterator = iter(items)
        except TypeError:
            return 0
        kept = 0
        seen: Counter[Event] = Counter()  # how often each event came in this batch
        while True:
            try:
                item = next(iterator)
            except StopIteration:
                break
            except _BAD_ITEM:
                break
            try:
                event = Event.from_dict(item)
                seen[event] += 1
                # Twins in one batch are kept (two alarms at one time); a second restore
                # of the same batch finds every one of them already there.
                if self._copies(event) < seen[event] and self._insert(event):
                    kept += 1
            except _BAD_ITEM:
                continue
        return kept

    def _copies(self, event: Event) -> int:
        """Return how many times the box's history holds this very event."""
        history = self._histories.get(event.box_id)
        if history is None:
            return 0
        us = _us(event.time)
        return sum(kept == event for _, kept in history.window(us, us))

    # --- queries ---

    def neighbour_alarms(
        self,
        box_id: str,
        cause: AlarmCause | str,
        distance: float,
        window: timedelta | float,
        at: datetime | None = None,
    ) -> NeighbourAlarms:
        """Return the other boxes within `distance` m that raised `cause` within `window`.

        `at` is the time of the box's alarm (default: its latest alarm of that cause); the
        window is inclusive on both sides of it. Raises KeyError for an unknown box.
        """
        kind = _cause(cause)
        if kind == ONLINE:
            raise ValueError("'online' is not an alarm cause")
        radius = metres(distance, "distance")
        span = _span_us(window, "window")
        if box_id not in self._space:
            raise KeyError(box_id)
        t0, at = self._t0(box_id, kind, at)
        if t0 is None:
            return NeighbourAlarms(box_id, kind, None, radius, span / _US_PER_S, (), ())
        if self._window_count(kind, t0 - span, t0 + span) <= HISTORY_SCAN_LIMIT:
            near, unplaced = self._alarms_by_history(box_id, kind, radius, t0, span)
        else:
            near, unplaced = self._alarms_by_space(box_id, kind, radius, t0, span)
        return NeighbourAlarms(
            box_id=box_id,
            cause=kind,
            at=at,
            distance=radius,
            window=span / _US_PER_S,
            neighbours=tuple(sorted(near, key=lambda n: (n.distance, n.box_id))),
            unplaced=tuple(sorted(unplaced, key=lambda n: n.box_id)),
        )

    @staticmethod
    def _neighbour_alarm(
        box_id: str, d: float | None, found: tuple[Event, int, int]
    ) -> NeighbourAlarm:
        event, offset, count = found
        return NeighbourAlarm(
            box_id=box_id,
            distance=d,
            time=event.time,
            offset=offset / _US_PER_S,
            value=event.value,
            threshold=event.threshold,
            unit=event.unit,
            channel=event.channel,
            count=count,
        )

    def _alarms_by_history(
        self, box_id: str, kind: EventCause, radius: float, t0: int, span: int
    ) -> tuple[list[NeighbourAlarm], list[NeighbourAlarm]]:
        """Scan the window's alarms of that cause, then check each box's distance."""
        seen = self._window_boxes(kind, t0 - span, t0 + span) - {box_id}
        near: list[NeighbourAlarm] = []
        unplaced: list[NeighbourAlarm] = []
        for other in seen:
            d = self._space.distance(box_id, other)
            if d is not None and d > radius:
                continue
            found = self._closest(other, kind, t0, t0 - span, t0 + span)
            if found is None:  # pragma: no cover - it is in the window
                continue
            (near if d is not None else unplaced).append(self._neighbour_alarm(other, d, found))
        return near, unplaced

    def _alarms_by_space(
        self, box_id: str, kind: EventCause, radius: float, t0: int, span: int
    ) -> tuple[list[NeighbourAlarm], list[NeighbourAlarm]]:
        """Ask the spatial index for the boxes within reach, then look at their histories."""
        near: list[NeighbourAlarm] = []
        for other, d in self._space.iter_within(box_id, radius):
            found = self._closest(other, kind, t0, t0 - span, t0 + span)
            if found is not None:
                near.append(self._neighbour_alarm(other, d, found))
        return near, self._unplaced_matches(box_id, kind, t0, span, self._neighbour_alarm)

    def _unplaced_matches[M](
        self,
        box_id: str,
        kind: EventCause,
        t0: int,
        span: int,
        make: Callable[[str, float | None, tuple[Event, int, int]], M],
    ) -> list[M]:
        """Return the boxes of unknown distance with an event of that cause in the window.

        From a box with latitude/longitude, those are the boxes without (a part of the index
        of their own); from a box without, nearly every box, so the whole window is scanned.
        """
        geographic = False if self._space.geographic(box_id) else None
        unknown = self._window_boxes(kind, t0 - span, t0 + span, geographic) - {box_id}
        matches: list[M] = []
        for other in unknown:
            if self._space.distance(box_id, other) is not None:
                continue
            found = self._closest(other, kind, t0, t0 - span, t0 + span)
            if found is not None:
                matches.append(make(other, None, found))
        return matches

    def offline_neighbours(
        self,
        box_id: str,
        distance: float,
        delta: timedelta | float,
        at: datetime | None = None,
    ) -> OfflineNeighbours:
        """Return the boxes within `distance` m that went offline within `delta` of this box.

        `at` is the box's offline time (default: its latest). Also returns every box within
        `distance` that is online now (never seen offline counts as online), whose bound
        clients should be warned. Raises KeyError for an unknown box.
        """
        radius = metres(distance, "distance")
        span = _span_us(delta, "delta")
        if box_id not in self._space:
            raise KeyError(box_id)
        t0, at = self._t0(box_id, OFFLINE, at)
        near = sorted(self._space.iter_within(box_id, radius), key=lambda item: (item[1], item[0]))
        online = tuple(Neighbour(b, d) for b, d in near if self.online(b) is not False)
        if t0 is None:
            return OfflineNeighbours(box_id, None, radius, span / _US_PER_S, (), online, ())

        def make(other: str, d: float | None, found: tuple[Event, int, int]) -> OfflineNeighbour:
            return OfflineNeighbour(
                box_id=other,
                distance=d,
                offline_at=found[0].time,
                offset=found[1] / _US_PER_S,
                online=self.online(other) is True,
            )

        offline = []
        for other, d in near:
            found = self._closest(other, OFFLINE, t0, t0 - span, t0 + span)
            if found is not None:
                offline.append(make(other, d, found))
        unplaced = self._unplaced_matches(box_id, OFFLINE, t0, span, make)
        return OfflineNeighbours(
            box_id=box_id,
            at=at,
            distance=radius,
            delta=span / _US_PER_S,
            offline=tuple(offline),
            online=online,
            unplaced=tuple(sorted(unplaced, key=lambda n: n.box_id)),
        )

    def offline_after_alarm(
        self, box_id: str, window: timedelta | float, at: datetime | None = None
    ) -> OfflineAfterAlarm:
        """Return whether a box went offline within `window` after one of its alarms.

        `at` is the offline time (default: the box's latest). The alarm reported is the last
        one at or before going offline, at most `window` before (inclusive).
        Raises KeyError for an unknown box.
        """
        span = _span_us(window, "window")
        if box_id not in self._space:
            raise KeyError(box_id)
        t_off, at = self._t0(box_id, OFFLINE, at)
        if t_off is None:
            return OfflineAfterAlarm(box_id, span / _US_PER_S, None, None, None)
        last: tuple[int, Event] | None = None
        for us, event in self._histories[box_id].window(t_off - span, t_off):
            if event.cause not in (ONLINE, OFFLINE):
                last = (us, event)
        return OfflineAfterAlarm(
            box_id=box_id,
            window=span / _US_PER_S,
            offline_at=at,
            alarm=None if last is None else last[1],
            gap=None if last is None else (t_off - last[0]) / _US_PER_S,
        )

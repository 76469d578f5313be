"""Time-of-use tariff periods (分时电价: 尖峰/峰/平/谷) and energy split by period.

Pure Python: no Home Assistant import. A `TimeOfUse` schedule is the list of times of day at
which the period changes, in local time; the day is a cycle, so the period before the first
change is the last change's (valley from 23:00 runs on to 07:00). `split_energy` files hourly
energy (the recorder's long-term statistics) under the period in force, pro rata by minutes
when a change falls inside an hour.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo
from enum import StrEnum
import functools
import math
import re
from types import MappingProxyType
from typing import Final

MINUTES_PER_DAY: Final = 24 * 60
HOUR: Final = timedelta(hours=1)
_HH_MM: Final = re.compile(r"^(\d{1,2}):(\d{2})$")


class Period(StrEnum):
    """A tariff period. Values are stable: they are stored in the config entry."""

    SHARP = "sharp"  # 尖峰, critical peak (summer or winter peaks in most provinces)
    PEAK = "peak"  # 峰
    FLAT = "flat"  # 平
    VALLEY = "valley"  # 谷


PERIOD_NAMES: Final[Mapping[str, Mapping[Period, str]]] = MappingProxyType(
    {
        "en": MappingProxyType(
            {
                Period.SHARP: "Critical peak",
                Period.PEAK: "Peak",
                Period.FLAT: "Flat",
                Period.VALLEY: "Valley",
            }
        ),
        "zh": MappingProxyType(
            {Period.SHARP: "尖峰", Period.PEAK: "峰", Period.FLAT: "平", Period.VALLEY: "谷"}
        ),
    }
)


def _minutes(text: object) -> int:
    """Return the minute of the day of "HH:MM"; raise ValueError when it is not one."""
    match = _HH_MM.match(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"time of day {text!r} is not HH:MM")
    hour, minute = int(match[1]), int(match[2])
    if minute > 59:
        raise ValueError(f"time of day {text!r}: minutes must be 00-59")
    if hour * 60 + minute >= MINUTES_PER_DAY:
        # A change at 24:00 is the next day's 00:00: write it as 00:00.
        raise ValueError(f"time of day {text!r} must lie within 00:00-23:59")
    return hour * 60 + minute


def _period(value: object) -> Period:
    """Return the period named `value`; raise ValueError for an unknown one."""
    if isinstance(value, str) and value in Period.__members__.values():
        return Period(value)
    known = ", ".join(p.value for p in Period)
    raise ValueError(f"unknown tariff period {value!r} (known: {known})")


@dataclass(frozen=True, slots=True)
class TimeOfUse:
    """A daily time-of-use schedule: (start "HH:MM", period) changes, local time.

    The changes must be in strictly increasing order within 00:00-23:59, at least one. The
    schedule covers the whole day by wrapping round: before the first change, the last
    change's period is in force. Raise ValueError on construction otherwise.
    """

    changes: tuple[tuple[str, Period], ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _segments: tuple[tuple[int, int, Period], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Validate the changes and normalise them ("8:00" → "08:00", strings → Period)."""
        changes = tuple(self.changes)
        if not changes:
            raise ValueError("a time-of-use schedule needs at least one period")
        starts: list[int] = []
        normalised: list[tuple[str, Period]] = []
        for entry in changes:
            if not isinstance(entry, tuple | list) or len(entry) != 2:
                raise ValueError(f"schedule entry {entry!r} is not (start, period)")
            minute, period = _minutes(entry[0]), _period(entry[1])
            if starts and minute <= starts[-1]:
                raise ValueError(
                    f"schedule entries must be in increasing time order: {entry[0]} comes "
                    f"after {normalised[-1][0]}"
                )
            starts.append(minute)
            normalised.append((f"{minute // 60:02d}:{minute % 60:02d}", period))
        object.__setattr__(self, "changes", tuple(normalised))
        object.__setattr__(self, "_starts", tuple(starts))
        object.__setattr__(self, "_segments", self._pieces())

    @classmethod
    def from_config(cls, data: Sequence[Mapping[str, str]]) -> TimeOfUse:
        """Read a stored schedule: a list of {"start": "08:00", "period": "peak"}.

        Raise ValueError when it is not a valid schedule.
        """
        changes: list[tuple[str, Period]] = []
        for item in data:
            if not isinstance(item, Mapping) or "start" not in item or "period" not in item:
                raise ValueError(f"schedule entry {item!r} needs a start and a period")
            changes.append((item["start"], _period(item["period"])))
        return cls(tuple(changes))

    def as_config(self) -> list[dict[str, str]]:
        """Return the schedule for storage (read it back with `from_config`)."""
        return [{"start": start, "period": period.value} for start, period in self.changes]

    @property
    def periods(self) -> tuple[Period, ...]:
        """Return the periods the schedule uses, in the order of `Period`."""
        used = {period for _, period in self.changes}
        return tuple(p for p in Period if p in used)

    def period_at(self, local_time: time) -> Period:
        """Return the period in force at a local time of day."""
        minute = local_time.hour * 60 + local_time.minute
        index = bisect.bisect_right(self._starts, minute) - 1
        # index -1 (before the first change) wraps round to the last change: the day is a cycle.
        return self.changes[index][1]

    def segments(self) -> tuple[tuple[int, int, Period], ...]:
        """Return the day as (from minute, to minute, period) pieces covering 0-1440."""
        return self._segments

    def _pieces(self) -> tuple[tuple[int, int, Period], ...]:
        pieces: list[tuple[int, int, Period]] = []
        if self._starts[0] > 0:
            pieces.append((0, self._starts[0], self.changes[-1][1]))
        bounds = (*self._starts, MINUTES_PER_DAY)
        pieces.extend(
            (bounds[i], bounds[i + 1], period) for i, (_, period) in enumerate(self.changes)
        )
        return tuple(pieces)


# An assumed typical Chinese commercial and industrial schedule (一般工商业). Each province's
# development and reform commission sets its own hours under NDRC 发改价格〔2021〕1093号, and
# many add a critical peak (尖峰) in summer and winter; users should enter the hours on their
# electricity bill. Assumed here: peak 08:00-11:00 and 18:00-23:00, flat 07:00-08:00 and
# 11:00-18:00, valley 23:00-07:00 (8 h of each).
DEFAULT_TOU: Final = TimeOfUse(
    (
        ("00:00", Period.VALLEY),
        ("07:00", Period.FLAT),
        ("08:00", Period.PEAK),
        ("11:00", Period.FLAT),
        ("18:00", Period.PEAK),
        ("23:00", Period.VALLEY),
    )
)


@dataclass(frozen=True, slots=True)
class EnergySplit:
    """Energy by tariff period (kWh), the total, and how many hourly values were refused."""

    by_period: dict[Period, float]
    total: float
    skipped_hours: int


def _usable(value: object) -> bool:
    """Return whether an hourly energy change is a real consumption figure.

    A negative change is a meter reset or replacement, not negative consumption; NaN and
    infinities are broken statistics.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and value >= 0


def _aware(value: object) -> bool:
    """Return whether `value` is a timezone-aware datetime."""
    return isinstance(value, datetime) and value.utcoffset() is not None


def _wall_minute(local: datetime) -> float:
    """Return the minute of the local day, seconds as a fraction."""
    return local.hour * 60 + local.minute + local.second / 60


def hour_shares(start: datetime, schedule: TimeOfUse, tz: tzinfo) -> list[tuple[Period, float]]:
    """Return how the hour from `start` (aware) divides among periods, as (period, fraction).

    The fractions sum to 1. An hour that a daylight saving change cuts (its wall-clock span is
    not 60 minutes) is walked minute by minute; China has no DST, so that is rare.
    """
    return list(_hour_shares(start, schedule, tz))


# A report meets every hour several times (per box and for all boxes, per row and in total),
# and every box has the same hours: a year is 8,784 of them.
@functools.lru_cache(maxsize=16_384)
def _hour_shares(
    start: datetime, schedule: TimeOfUse, tz: tzinfo
) -> tuple[tuple[Period, float], ...]:
    """Return `hour_shares` as a tuple (cached: the answer depends only on its arguments)."""
    local = start.astimezone(tz)
    local_end = (start + HOUR).astimezone(tz)
    if local_end.replace(tzinfo=None) - local.replace(tzinfo=None) != HOUR:
        counts: dict[Period, int] = {}
        for minute in range(60):
            at = (start + timedelta(minutes=minute)).astimezone(tz)
            period = schedule.period_at(at.time())
            counts[period] = counts.get(period, 0) + 1
        return tuple((period, n / 60) for period, n in counts.items())
    begin = _wall_minute(local)
    end = begin + 60
    # An hour that runs over local midnight: its tail belongs to the start of the day.
    windows = [(begin, min(end, MINUTES_PER_DAY))]
    if end > MINUTES_PER_DAY:
        windows.append((0.0, end - MINUTES_PER_DAY))
    shares: dict[Period, float] = {}
    for lo, hi in windows:
        for seg_lo, seg_hi, period in schedule.segments():
            overlap = min(hi, seg_hi) - max(lo, seg_lo)
            if overlap > 0:
                shares[period] = shares.get(period, 0.0) + overlap / 60
    return tuple(shares.items())


def split_energy(
    hourly: Iterable[tuple[datetime, float]], schedule: TimeOfUse, tz: tzinfo
) -> EnergySplit:
    """Split hourly energy changes (kWh; time = the hour's start, aware) by tariff period.

    Each hour is filed under the period in force in local time `tz`; when a change falls
    inside the hour, its energy is shared pro rata by minutes (as if drawn evenly). Negative,
    non-finite and non-numeric values, and naive times, are skipped and counted. `by_period`
    holds every period the schedule uses (0.0 when none fell in it); sums are exact (fsum).
    """
    parts: dict[Period, list[float]] = {p: [] for p in schedule.periods}
    accepted: list[float] = []
    skipped = 0
    for start, value in hourly:
        if not _usable(value) or not _aware(start):
            skipped += 1
            continue
        accepted.append(value)
        for period, fraction in _hour_shares(start, schedule, tz):
            parts[period].append(value * fraction)
    return EnergySplit(
        by_period={p: math.fsum(values) for p, values in parts.items()},
        total=math.fsum(accepted),
        skipped_hours=skipped,
    )

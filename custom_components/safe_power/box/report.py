"""The management report's figures: energy, supply quality, alarms and who answered them, trends.

Pure Python: no Home Assistant import. The integration gathers plain data (the recorder's
long-term statistics per box, the alarm register's records as `as_dict` gives them, the trend
figures) as `BoxInput` and `TrendInput` for a `ReportPeriod`, and calls `build_report` for the
figures: a frozen dataclass tree, `Report.as_dict()` for a service response (plain JSON; times
as local ISO 8601 with their offset). `report_render` writes a `Report` as HTML and CSV, in
the words of `report_words`.

Bad values never raise: an hourly value that is not a finite number (or negative energy: a
meter reset, not consumption), an alarm without its id, box, cause or a readable reception
time, are skipped and counted in `Report.skipped`; values outside the period are counted there
too. Empty inputs give a report that says there was no data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import Enum
import functools
import math
import statistics
from typing import Any, Final

from .tariff import EnergySplit, Period, TimeOfUse, split_energy

KINDS: Final = ("day", "month", "year", "custom")
MAX_DAILY_ROWS: Final = 62  # a custom period longer than this gets monthly rows
# GB/T 15543-2008 §4.1: in normal operation the voltage unbalance at the point of common
# coupling must not exceed 2 % (4 % for short periods).
UNBALANCE_LIMIT: Final = 2.0
SKIP_KINDS: Final = (
    "energy",
    "power",
    "qualification",
    "unbalance",
    "trend",
    "alarms",  # alarms left out: no id, box, cause or reception time
    "alarm_fields",  # parts of an alarm left out: an unreadable acknowledgement, command, ...
    "outside_period",
)


# --- inputs -----------------------------------------------------------------------------------


def _local_midnight(day: date, tz: tzinfo) -> datetime:
    """Return the start of a local day as an aware datetime."""
    return datetime.combine(day, time(), tz)


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """What the report covers: [start, end) (aware), its kind and its label.

    Kind is "day", "month", "year" or "custom"; raise ValueError for another kind, naive times
    or an end not after the start (the caller chose them: that is a bug, not bad data).
    """

    start: datetime
    end: datetime
    kind: str
    label: str
    # The bounds in UTC, as the hourly statistics come: comparing times of one tzinfo is
    # cheap, comparing across a ZoneInfo asks it for the offset every time.
    _utc: tuple[datetime, datetime] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Refuse a period that cannot be reported."""
        if self.start.utcoffset() is None or self.end.utcoffset() is None:
            raise ValueError("the report period needs timezone-aware times")
        if self.end <= self.start:
            raise ValueError("the report period must end after it starts")
        if self.kind not in KINDS:
            raise ValueError(f"unknown report kind {self.kind!r} (known: {', '.join(KINDS)})")
        object.__setattr__(self, "_utc", (self.start.astimezone(UTC), self.end.astimezone(UTC)))

    @classmethod
    def for_day(cls, day: date, tz: tzinfo) -> ReportPeriod:
        """Return one local day, labelled "2026-11-03"."""
        start = _local_midnight(day, tz)
        return cls(start, _local_midnight(day + timedelta(days=1), tz), "day", day.isoformat())

    @classmethod
    def for_month(cls, year: int, month: int, tz: tzinfo) -> ReportPeriod:
        """Return one local calendar month, labelled "2026-11"."""
        first = date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(
            _local_midnight(first, tz), _local_midnight(following, tz), "month", f"{first:%Y-%m}"
        )

    @classmethod
    def for_year(cls, year: int, tz: tzinfo) -> ReportPeriod:
        """Return one local calendar year, labelled "2026"."""
        start, end = (
            _local_midnight(date(year, 1, 1), tz),
            _local_midnight(date(year + 1, 1, 1), tz),
        )
        return cls(start, end, "year", str(year))

    def contains(self, when: datetime) -> bool:
        """Return whether an aware time lies within [start, end)."""
        start, end = self._utc
        return start <= when < end


@dataclass(frozen=True, slots=True)
class TrendInput:
    """A box's early-warning figures (see `trend`), None where unknown."""

    leakage_slope: float | None = None  # mA/day of the leakage baseline
    leakage_baseline: float | None = None  # mA now
    leakage_limit: float | None = None  # mA, the detector's setting
    leakage_days_to_limit: float | None = None  # None: not rising, or no limit
    cable_temperature: float | None = None  # °C, the hottest conductor now
    cable_limit: float | None = None  # °C, the setting
    cable_margin: float | None = None  # K below the setting (negative: above it)
    cable_slope: float | None = None  # K/day of the daily maxima


@dataclass(frozen=True, slots=True)
class BoxInput:
    """One box's data for the period, as the integration gathered it.

    Hourly series carry the hour's start (aware, UTC in practice). `energy_hourly`: kWh drawn
    in the hour; `power_hourly_max`: the hour's highest active power, W;
    `voltage_qualification_daily`: % per local day; `unbalance_hourly`: (hour, mean %, max %)
    of the voltage unbalance, empty for a single-phase box.
    """

    serial: str
    name: str
    area: str | None = None
    location: str | None = None
    energy_hourly: Sequence[tuple[datetime, float]] = ()
    power_hourly_max: Sequence[tuple[datetime, float]] = ()
    voltage_qualification_daily: Sequence[tuple[date, float]] = ()
    unbalance_hourly: Sequence[tuple[datetime, float, float]] = ()
    trend: TrendInput | None = None


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Demand:
    """A maximum demand: kW, and the local start of the hour it occurred in."""

    kw: float
    at: datetime


@dataclass(frozen=True, slots=True)
class EnergyRow:
    """Energy and maximum demand of one local day or month (`start`: its first day)."""

    start: date
    label: str  # "2026-11-03" or "2026-11"
    energy: float | None  # kWh; None: no statistics for it
    by_period: dict[Period, float]
    max_demand: Demand | None


@dataclass(frozen=True, slots=True)
class BoxEnergy:
    """A box's energy over the period, its split by tariff period, and its rows."""

    serial: str
    name: str
    area: str | None
    energy: float | None
    by_period: dict[Period, float]
    hours: int  # hourly values counted
    max_demand: Demand | None
    rows: tuple[EnergyRow, ...]


@dataclass(frozen=True, slots=True)
class EnergySection:
    """Energy of all boxes: total, rows per day or month, and per box.

    The total's maximum demand is the highest sum of the boxes' hourly maxima for one hour:
    the boxes need not peak at the same minute, so it is an upper bound of the real one.
    """

    granularity: str  # "day" or "month": what the rows are
    periods: tuple[Period, ...]  # the schedule's periods, for the columns
    schedule: tuple[tuple[str, Period], ...]
    energy: float | None
    by_period: dict[Period, float]
    max_demand: Demand | None
    rows: tuple[EnergyRow, ...]
    boxes: tuple[BoxEnergy, ...]


@dataclass(frozen=True, slots=True)
class DayRate:
    """A local day's voltage qualification rate, %."""

    day: date
    rate: float


@dataclass(frozen=True, slots=True)
class Unbalance:
    """A box's voltage unbalance over the period, from hourly figures.

    `mean`: the mean of the hourly means; `max`: the highest hourly maximum, in the hour
    `max_at`; `hours_above`: hours whose mean exceeded UNBALANCE_LIMIT (GB/T 15543's normal
    limit applies to sustained values, not to a moment's peak).
    """

    mean: float
    max: float
    max_at: datetime
    hours: int
    hours_above: int


@dataclass(frozen=True, slots=True)
class BoxQuality:
    """A box's supply quality: voltage qualification rate per day, and unbalance."""

    serial: str
    name: str
    area: str | None
    qualification_mean: float | None  # % mean over the days with a rate
    qualification_worst: DayRate | None
    qualification_days: int
    unbalance: Unbalance | None


@dataclass(frozen=True, slots=True)
class WorstDay:
    """The lowest daily voltage qualification rate of any box."""

    serial: str
    name: str
    day: date
    rate: float


@dataclass(frozen=True, slots=True)
class QualitySection:
    """Supply quality of all boxes (the mean weighs every box-day alike)."""

    qualification_mean: float | None
    worst: WorstDay | None
    unbalance_limit: float
    boxes: tuple[BoxQuality, ...]


@dataclass(frozen=True, slots=True)
class AlarmRow:
    """One alarm raised in the period: what, where, how long, and who answered how fast.

    Times are local; `raised` is the reception (when anyone could have been told). Durations
    and response times are seconds. `duration` of an alarm still open runs to the period's end
    (or to when the report was made, if earlier). Response times count from `raised`: to the
    acknowledgement, and to the first successful power off (of this box, or of a neighbour's
    after the warning, `power_off_box`).
    """

    alarm_id: str
    serial: str
    box: str
    area: str | None
    location: str | None
    cause: str
    origin: str | None
    value: float | None
    threshold: float | None
    unit: str | None
    raised: datetime
    cleared: datetime | None
    duration: int | None
    still_open: bool
    covered_by: str | None  # another alarm that covers this one: not counted
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    acknowledged_via: str | None
    acknowledge_response: int | None
    power_off_at: datetime | None
    power_off_by: str | None
    power_off_box: str | None  # set when the box switched off was another one
    power_off_response: int | None


@dataclass(frozen=True, slots=True)
class Count:
    """How many alarms one cause, box or area had (`key`: its key, `name`: what to show)."""

    key: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class ResponseStats:
    """Response times, seconds: how many, median, longest."""

    count: int
    median: int | None
    max: int | None


@dataclass(frozen=True, slots=True)
class Responder:
    """A person who answered alarms: acknowledgements and power offs."""

    name: str
    acknowledged: int
    powered_off: int


@dataclass(frozen=True, slots=True)
class AlarmSection:
    """The period's alarms.

    Counts, response times and responders leave out alarms covered by another alarm (a user's
    limit under the detector's own alarm): the same event, told once; `covered` counts them.
    `rows` holds every alarm, covered ones flagged, oldest first.
    """

    total: int
    open: int
    covered: int
    unacknowledged: int
    by_cause: tuple[Count, ...]
    by_box: tuple[Count, ...]
    by_area: tuple[Count, ...]  # key "" for alarms of a box without an area
    acknowledge: ResponseStats
    power_off: ResponseStats
    responders: tuple[Responder, ...]
    rows: tuple[AlarmRow, ...]


@dataclass(frozen=True, slots=True)
class RuleCount:
    """A diagnosis rule: in how many alarms it spoke, and its most confident text."""

    rule: str
    count: int
    en: str
    zh: str


@dataclass(frozen=True, slots=True)
class Advice:
    """A box's maintenance advice: its most confident diagnosis in the period."""

    serial: str
    box: str
    alarm_id: str
    rule: str
    confidence: float
    en: str
    zh: str


@dataclass(frozen=True, slots=True)
class TrendRow:
    """A box's trends; `urgency`: the fewest days until leakage or cable reaches its limit."""

    serial: str
    name: str
    area: str | None
    leakage_slope: float | None
    leakage_baseline: float | None
    leakage_limit: float | None
    leakage_days_to_limit: float | None
    cable_temperature: float | None
    cable_limit: float | None
    cable_margin: float | None
    cable_slope: float | None
    cable_days_to_limit: float | None
    urgency: float | None


@dataclass(frozen=True, slots=True)
class WorstBox:
    """The box with the most alarms (ties: the lower voltage qualification rate)."""

    serial: str
    name: str
    alarms: int
    qualification: float | None


@dataclass(frozen=True, slots=True)
class Scope:
    """What the report covers: how many boxes, in which areas."""

    boxes: int
    areas: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    """The figures a manager reads first."""

    has_data: bool
    energy: float | None
    by_period: dict[Period, float]
    max_demand: Demand | None
    qualification_mean: float | None
    alarms: int
    open_alarms: int
    covered_alarms: int
    worst_box: WorstBox | None


def _plain(value: Any) -> Any:
    """Return a value of the report tree as plain JSON (dates as ISO 8601)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in fields(value)
            if not f.name.startswith("_")
        }
    if isinstance(value, Mapping):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Report:
    """The management report's figures (`report_render` writes them as HTML and CSV)."""

    period: ReportPeriod
    generated: datetime
    timezone: str
    scope: Scope
    summary: Summary
    energy: EnergySection
    quality: QualitySection
    alarms: AlarmSection
    fault_causes: tuple[RuleCount, ...]  # most frequent first
    advice: tuple[Advice, ...]  # per box, most confident first
    trends: tuple[TrendRow, ...]  # most urgent first
    skipped: dict[str, int]  # per SKIP_KINDS

    def as_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON, for a service response."""
        data: dict[str, Any] = _plain(self)
        return data


# --- reading the inputs -----------------------------------------------------------------------


def _aware(value: object) -> datetime | None:
    """Return `value` when it is a timezone-aware datetime, else None."""
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return value
    return None


def _parse_time(value: object) -> datetime | None:
    """Return an aware datetime from one or from ISO 8601 text, None when not readable."""
    if isinstance(value, datetime):
        return _aware(value)
    if not isinstance(value, str):
        return None
    try:
        return _aware(datetime.fromisoformat(value))
    except ValueError:
        return None


def _finite(value: object) -> float | None:
    """Return a finite number as float, else None (a bool is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _text(value: object) -> str | None:
    """Return non-empty text, else None."""
    return value if isinstance(value, str) and value else None


def _unpack(entry: object, size: int) -> tuple[object, ...] | None:
    """Return a tuple or list entry of `size` items as a tuple, else None."""
    if isinstance(entry, tuple | list) and len(entry) == size:
        return tuple(entry)
    return None


def _rows_within(
    entries: Iterable[object],
    size: int,
    period: ReportPeriod,
    skipped: Counter[str],
    kind: str,
    *,
    negative_ok: bool = False,
) -> list[tuple[Any, ...]]:
    """Return the usable (hour, value, ...) entries of `size` items within the period, sorted.

    A value is usable when it is a finite int or float (not a bool), and not negative unless
    `negative_ok`. Checked inline, one pass: a year of a hundred boxes is millions of rows.
    """
    start, end = period._utc  # noqa: SLF001
    isfinite = math.isfinite
    out: list[tuple[Any, ...]] = []
    bad = outside = 0
    for entry in entries:
        if not (
            isinstance(entry, tuple | list)
            and len(entry) == size
            and isinstance(when := entry[0], datetime)
            and when.utcoffset() is not None
        ):
            bad += 1
            continue
        values = entry[1:]
        for value in values:
            number = type(value)
            if not (
                (number is float or number is int)
                and isfinite(value)
                and (negative_ok or value >= 0)
            ):
                bad += 1
                break
        else:
            if start <= when < end:
                out.append((when, *map(float, values)))
            else:
                outside += 1
    if bad:
        skipped[kind] += bad
    if outside:
        skipped["outside_period"] += outside
    out.sort(key=lambda item: item[0])
    return out


def _hourly(
    entries: Iterable[object],
    period: ReportPeriod,
    skipped: Counter[str],
    kind: str,
    *,
    negative_ok: bool = False,
) -> list[tuple[datetime, float]]:
    """Return the usable (hour, value) entries within the period, oldest first."""
    return _rows_within(entries, 2, period, skipped, kind, negative_ok=negative_ok)


# --- energy and demand ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Buckets:
    """The report's rows: local days, or local months."""

    granularity: str
    starts: tuple[date, ...]

    @classmethod
    def of(cls, period: ReportPeriod, tz: tzinfo) -> _Buckets:
        """Return the rows of a period: months for a year or a long custom period."""
        first = period.start.astimezone(tz).date()
        last = (period.end - timedelta(microseconds=1)).astimezone(tz).date()
        days = (last - first).days + 1
        if period.kind == "year" or (period.kind == "custom" and days > MAX_DAILY_ROWS):
            months: list[date] = []
            month = first.replace(day=1)
            while month <= last:
                months.append(month)
                month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
            return cls("month", tuple(months))
        return cls("day", tuple(first + timedelta(days=i) for i in range(days)))

    def key(self, local: date) -> date:
        """Return the row a local date belongs to."""
        return local if self.granularity == "day" else local.replace(day=1)

    def label(self, start: date) -> str:
        """Return a row's label."""
        return start.isoformat() if self.granularity == "day" else f"{start:%Y-%m}"


def _figures(splits: Sequence[EnergySplit]) -> tuple[float | None, dict[Period, float]]:
    """Return the energy (kWh, None without data) and its split by period, summed, rounded."""
    if not splits:
        return None, {}
    by_period = {
        p: round(math.fsum(split.by_period[p] for split in splits), 2) for p in splits[0].by_period
    }
    return round(math.fsum(split.total for split in splits), 2), by_period


def _max_demand(points: Iterable[tuple[datetime, float]], tz: tzinfo) -> Demand | None:
    """Return the highest hourly maximum (W in, kW out); the earliest hour on a tie."""
    best: tuple[datetime, float] | None = None
    for when, watts in points:
        if best is None or watts > best[1] or (watts == best[1] and when < best[0]):
            best = (when, watts)
    if best is None:
        return None
    return Demand(kw=round(best[1] / 1000, 2), at=best[0].astimezone(tz))


@functools.lru_cache(maxsize=16_384)
def _local_date(when: datetime, tz: tzinfo) -> date:
    """Return the local date of a time (cached: every box has the same hours)."""
    return when.astimezone(tz).date()


def _by_bucket(
    series: Iterable[tuple[datetime, float]], buckets: _Buckets, tz: tzinfo
) -> dict[date, list[tuple[datetime, float]]]:
    """Return a series cut into the report's rows (local days or months)."""
    cut: dict[date, list[tuple[datetime, float]]] = {}
    for when, value in series:
        cut.setdefault(buckets.key(_local_date(when, tz)), []).append((when, value))
    return cut


def _rows(
    energy: Mapping[date, Sequence[EnergySplit]],
    power: Mapping[date, Sequence[tuple[datetime, float]]],
    buckets: _Buckets,
    tz: tzinfo,
) -> tuple[EnergyRow, ...]:
    """Return the energy and maximum demand rows, one per bucket, data or not."""
    rows: list[EnergyRow] = []
    for start in buckets.starts:
        total, by_period = _figures(energy.get(start, ()))
        demand = _max_demand(power.get(start, ()), tz)
        rows.append(EnergyRow(start, buckets.label(start), total, by_period, demand))
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class _BoxData:
    """A box's cleaned series."""

    box: BoxInput
    energy: list[tuple[datetime, float]]
    power: list[tuple[datetime, float]]


def _energy_section(
    data: Sequence[_BoxData], buckets: _Buckets, schedule: TimeOfUse, tz: tzinfo
) -> EnergySection:
    """Return the energy of every box and of all together.

    Each box's hours are split once per row; its total, and all boxes' figures, are sums of
    those splits (a year of ten boxes is 87,600 hours).
    """
    boxes: list[BoxEnergy] = []
    all_splits: dict[date, list[EnergySplit]] = {}
    coincident: dict[datetime, float] = {}
    for item in data:
        splits = {
            start: [split_energy(entries, schedule, tz)]
            for start, entries in _by_bucket(item.energy, buckets, tz).items()
        }
        total, by_period = _figures([s for row in splits.values() for s in row])
        boxes.append(
            BoxEnergy(
                serial=item.box.serial,
                name=item.box.name,
                area=item.box.area,
                energy=total,
                by_period=by_period,
                hours=len(item.energy),
                max_demand=_max_demand(item.power, tz),
                rows=_rows(splits, _by_bucket(item.power, buckets, tz), buckets, tz),
            )
        )
        for start, row in splits.items():
            all_splits.setdefault(start, []).extend(row)
        for when, watts in item.power:
            coincident[when] = coincident.get(when, 0.0) + watts
    demand = sorted(coincident.items())
    total, by_period = _figures([s for row in all_splits.values() for s in row])
    return EnergySection(
        granularity=buckets.granularity,
        periods=schedule.periods,
        schedule=schedule.changes,
        energy=total,
        by_period=by_period,
        max_demand=_max_demand(demand, tz),
        rows=_rows(all_splits, _by_bucket(demand, buckets, tz), buckets, tz),
        boxes=tuple(boxes),
    )


# --- supply quality ---------------------------------------------------------------------------


def _qualification(box: BoxInput, first: date, last: date, skipped: Counter[str]) -> list[DayRate]:
    """Return a box's usable daily qualification rates within the period's local days."""
    rates: list[DayRate] = []
    for entry in box.voltage_qualification_daily:
        pair = _unpack(entry, 2)
        day = None if pair is None else pair[0]
        rate = None if pair is None else _finite(pair[1])
        if isinstance(day, datetime):
            day = day.date()
        if not isinstance(day, date) or rate is None or not 0 <= rate <= 100:
            skipped["qualification"] += 1
        elif not first <= day <= last:
            skipped["outside_period"] += 1
        else:
            rates.append(DayRate(day, rate))
    return sorted(rates, key=lambda r: r.day)


def _unbalance(
    box: BoxInput, period: ReportPeriod, tz: tzinfo, skipped: Counter[str]
) -> Unbalance | None:
    """Return a box's voltage unbalance over the period, None without figures."""
    hours: list[tuple[datetime, float, float]] = _rows_within(
        box.unbalance_hourly, 3, period, skipped, "unbalance"
    )
    if not hours:
        return None
    worst = max(hours, key=lambda h: h[2])  # the first of equal maxima
    return Unbalance(
        mean=round(math.fsum(h[1] for h in hours) / len(hours), 2),
        max=round(worst[2], 2),
        max_at=worst[0].astimezone(tz),
        hours=len(hours),
        hours_above=sum(h[1] > UNBALANCE_LIMIT for h in hours),
    )


def _quality_section(
    boxes: Sequence[BoxInput],
    period: ReportPeriod,
    tz: tzinfo,
    skipped: Counter[str],
) -> QualitySection:
    """Return every box's supply quality and the overall qualification rate."""
    first = period.start.astimezone(tz).date()
    last = (period.end - timedelta(microseconds=1)).astimezone(tz).date()
    rows: list[BoxQuality] = []
    everything: list[float] = []
    worst: WorstDay | None = None
    for box in boxes:
        rates = _qualification(box, first, last, skipped)
        box_worst = min(rates, key=lambda r: r.rate) if rates else None
        everything.extend(r.rate for r in rates)
        if box_worst is not None and (worst is None or box_worst.rate < worst.rate):
            worst = WorstDay(box.serial, box.name, box_worst.day, round(box_worst.rate, 2))
        rows.append(
            BoxQuality(
                serial=box.serial,
                name=box.name,
                area=box.area,
                qualification_mean=(
                    round(math.fsum(r.rate for r in rates) / len(rates), 2) if rates else None
                ),
                qualification_worst=(
                    None if box_worst is None else DayRate(box_worst.day, round(box_worst.rate, 2))
                ),
                qualification_days=len(rates),
                unbalance=_unbalance(box, period, tz, skipped),
            )
        )
    return QualitySection(
        qualification_mean=(
            round(math.fsum(everything) / len(everything), 2) if everything else None
        ),
        worst=worst,
        unbalance_limit=UNBALANCE_LIMIT,
        boxes=tuple(rows),
    )


# --- alarms -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Diagnosis:
    """A diagnosis attached to an alarm."""

    rule: str
    confidence: float
    en: str
    zh: str


def _seconds(start: datetime, end: datetime | None) -> int | None:
    """Return whole seconds from start to end (None without an end, 0 for an end before).

    An end before the start is real: a user's limit let go by the detector's alarm that
    covered it takes over that alarm's acknowledgement, made before the limit was raised.
    """
    return None if end is None else max(0, round((end - start).total_seconds()))


def _diagnoses(raw: object, skipped: Counter[str]) -> list[_Diagnosis]:
    """Return an alarm's readable diagnoses."""
    found: list[_Diagnosis] = []
    for item in raw if isinstance(raw, list) else []:
        rule = _text(item.get("rule")) if isinstance(item, Mapping) else None
        confidence = _finite(item.get("confidence")) if isinstance(item, Mapping) else None
        if rule is None or confidence is None or not isinstance(item, Mapping):
            skipped["alarm_fields"] += 1
            continue
        en, zh = _text(item.get("en")) or "", _text(item.get("zh")) or ""
        found.append(_Diagnosis(rule, confidence, en, zh or en))
    return found


def _first_power_off(
    raw: object, skipped: Counter[str]
) -> tuple[datetime, str | None, str | None] | None:
    """Return the first successful power off: when, by whom, and the box if another one."""
    offs: list[tuple[datetime, str | None, str | None]] = []
    for item in raw if isinstance(raw, list) else []:
        at = _parse_time(item.get("at")) if isinstance(item, Mapping) else None
        if at is None or not isinstance(item, Mapping):
            skipped["alarm_fields"] += 1
            continue
        if item.get("command") == "off" and item.get("ok") is True:
            other = _text(item.get("box")) or _text(item.get("serial"))
            offs.append((at, _text(item.get("user")), other))
    return min(offs, key=lambda o: o[0]) if offs else None


def _acknowledgement(
    raw: object, skipped: Counter[str]
) -> tuple[datetime, str | None, str | None] | None:
    """Return the acknowledgement: when, by whom, and through what."""
    if raw is None:
        return None
    at = _parse_time(raw.get("at")) if isinstance(raw, Mapping) else None
    if at is None or not isinstance(raw, Mapping):
        skipped["alarm_fields"] += 1
        return None
    return at, _text(raw.get("user")), _text(raw.get("via"))


def _alarm(
    data: object, until: datetime, tz: tzinfo, skipped: Counter[str]
) -> tuple[AlarmRow, list[_Diagnosis]] | None:
    """Return an alarm's row and diagnoses; None (counted) when it cannot be read.

    `until`: where the duration of an alarm still open stops.
    """
    if not isinstance(data, Mapping):
        skipped["alarms"] += 1
        return None
    alarm_id, serial = _text(data.get("alarm_id")), _text(data.get("serial"))
    cause, received = _text(data.get("cause")), _parse_time(data.get("received"))
    if alarm_id is None or serial is None or cause is None or received is None:
        skipped["alarms"] += 1
        return None
    cleared = _parse_time(data.get("cleared"))
    if data.get("cleared") is not None and cleared is None:
        skipped["alarm_fields"] += 1
        cleared = None
    # Without a readable clearing time, the state says whether it is still open.
    still_open = data.get("cleared") is None and data.get("state") != "cleared"
    end = cleared if cleared is not None else (max(until, received) if still_open else None)
    ack = _acknowledgement(data.get("acknowledged"), skipped)
    off = _first_power_off(data.get("power"), skipped)
    row = AlarmRow(
        alarm_id=alarm_id,
        serial=serial,
        box=_text(data.get("box")) or serial,
        area=_text(data.get("area")),
        location=_text(data.get("location")),
        cause=cause,
        origin=_text(data.get("origin")),
        value=_finite(data.get("value")),
        threshold=_finite(data.get("threshold")),
        unit=_text(data.get("unit")),
        raised=received.astimezone(tz),
        cleared=None if cleared is None else cleared.astimezone(tz),
        duration=_seconds(received, end),
        still_open=still_open,
        covered_by=_text(data.get("covered_by")),
        acknowledged_at=None if ack is None else ack[0].astimezone(tz),
        acknowledged_by=None if ack is None else ack[1],
        acknowledged_via=None if ack is None else ack[2],
        acknowledge_response=None if ack is None else _seconds(received, ack[0]),
        power_off_at=None if off is None else off[0].astimezone(tz),
        power_off_by=None if off is None else off[1],
        power_off_box=None if off is None else off[2],
        power_off_response=None if off is None else _seconds(received, off[0]),
    )
    return row, _diagnoses(data.get("diagnosis"), skipped)


def _stats(values: Sequence[int]) -> ResponseStats:
    """Return the count, median and longest of response times."""
    if not values:
        return ResponseStats(0, None, None)
    return ResponseStats(len(values), round(statistics.median(values)), max(values))


def _counts(keys: Iterable[tuple[str, str]]) -> tuple[Count, ...]:
    """Return (key, name) occurrences counted, most first, then by name."""
    counted = Counter(keys)
    return tuple(
        Count(key, name, n)
        for (key, name), n in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0]))
    )


def _responders(rows: Sequence[AlarmRow]) -> tuple[Responder, ...]:
    """Return who acknowledged and who switched off, most active first."""
    acks = Counter(r.acknowledged_by for r in rows if r.acknowledged_by is not None)
    offs = Counter(r.power_off_by for r in rows if r.power_off_by is not None)
    names = sorted(set(acks) | set(offs), key=lambda n: (-(acks[n] + offs[n]), n))
    return tuple(Responder(n, acks[n], offs[n]) for n in names)


def _alarm_section(rows: Sequence[AlarmRow], names: Mapping[str, str]) -> AlarmSection:
    """Return the alarms counted and timed (covered ones left out of the figures)."""
    counted = [r for r in rows if r.covered_by is None]
    return AlarmSection(
        total=len(counted),
        open=sum(r.still_open for r in counted),
        covered=len(rows) - len(counted),
        unacknowledged=sum(r.acknowledged_at is None for r in counted),
        by_cause=_counts((r.cause, r.cause) for r in counted),
        by_box=_counts((r.serial, names.get(r.serial, r.box)) for r in counted),
        by_area=_counts((r.area or "", r.area or "") for r in counted),
        acknowledge=_stats(
            [r.acknowledge_response for r in counted if r.acknowledge_response is not None]
        ),
        power_off=_stats(
            [r.power_off_response for r in counted if r.power_off_response is not None]
        ),
        responders=_responders(counted),
        rows=tuple(rows),
    )


def _fault_causes(
    found: Sequence[tuple[AlarmRow, list[_Diagnosis]]],
) -> tuple[RuleCount, ...]:
    """Return the diagnosis rules by how many alarms they spoke in (once per alarm)."""
    counts: Counter[str] = Counter()
    example: dict[str, _Diagnosis] = {}
    for _, diagnoses in found:
        counts.update({d.rule for d in diagnoses})
        for d in diagnoses:
            if d.rule not in example or d.confidence > example[d.rule].confidence:
                example[d.rule] = d
    return tuple(
        RuleCount(rule, n, example[rule].en, example[rule].zh)
        for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def _advice(
    found: Sequence[tuple[AlarmRow, list[_Diagnosis]]], names: Mapping[str, str]
) -> tuple[Advice, ...]:
    """Return each box's most confident diagnosis (the later alarm's on a tie)."""
    best: dict[str, tuple[AlarmRow, _Diagnosis]] = {}
    for row, diagnoses in found:
        for d in diagnoses:
            held = best.get(row.serial)
            if held is None or (d.confidence, row.raised) >= (held[1].confidence, held[0].raised):
                best[row.serial] = (row, d)
    advice = [
        Advice(
            serial=serial,
            box=names.get(serial, row.box),
            alarm_id=row.alarm_id,
            rule=d.rule,
            confidence=round(d.confidence, 2),
            en=d.en,
            zh=d.zh,
        )
        for serial, (row, d) in best.items()
    ]
    return tuple(sorted(advice, key=lambda a: (-a.confidence, a.box, a.serial)))


# --- trends -----------------------------------------------------------------------------------


def _trend_value(value: object, digits: int, skipped: Counter[str]) -> float | None:
    """Return a trend figure rounded, None (counted when present) when not a finite number."""
    if value is None:
        return None
    number = _finite(value)
    if number is None:
        skipped["trend"] += 1
        return None
    return round(number, digits)


def _trend(box: BoxInput, trend: TrendInput, skipped: Counter[str]) -> TrendRow:
    """Return a box's trend row, with the cable's days to its limit at its present rate."""
    leak_days = _trend_value(trend.leakage_days_to_limit, 1, skipped)
    if leak_days is not None and leak_days < 0:
        skipped["trend"] += 1
        leak_days = None
    margin = _trend_value(trend.cable_margin, 1, skipped)
    slope = _trend_value(trend.cable_slope, 2, skipped)
    cable_days: float | None = None
    if margin is not None and margin <= 0:
        cable_days = 0.0  # above its setting already
    elif margin is not None and slope is not None and slope > 0:
        cable_days = round(margin / slope, 1)
    known = [d for d in (leak_days, cable_days) if d is not None]
    return TrendRow(
        serial=box.serial,
        name=box.name,
        area=box.area,
        leakage_slope=_trend_value(trend.leakage_slope, 2, skipped),
        leakage_baseline=_trend_value(trend.leakage_baseline, 1, skipped),
        leakage_limit=_trend_value(trend.leakage_limit, 1, skipped),
        leakage_days_to_limit=leak_days,
        cable_temperature=_trend_value(trend.cable_temperature, 1, skipped),
        cable_limit=_trend_value(trend.cable_limit, 1, skipped),
        cable_margin=margin,
        cable_slope=slope,
        cable_days_to_limit=cable_days,
        urgency=min(known) if known else None,
    )


def _urgency(row: TrendRow) -> tuple[bool, float, bool, float, str, str]:
    """Return a sort key: fewest days to a limit first, then the smaller cable margin."""
    return (
        row.urgency is None,
        row.urgency or 0.0,
        row.cable_margin is None,
        row.cable_margin or 0.0,
        row.name,
        row.serial,
    )


# --- the report -------------------------------------------------------------------------------


def _worst_box(alarms: AlarmSection, quality: QualitySection) -> WorstBox | None:
    """Return the box with the most alarms; a tie goes to the lower qualification rate."""
    rates = {b.serial: b.qualification_mean for b in quality.boxes}
    if not alarms.by_box:
        return None
    top = alarms.by_box[0].count
    tied = [c for c in alarms.by_box if c.count == top]

    def key(count: Count) -> tuple[float, str]:
        rate = rates.get(count.key)
        return (math.inf if rate is None else rate, count.name)

    chosen = min(tied, key=key)
    return WorstBox(chosen.key, chosen.name, chosen.count, rates.get(chosen.key))


def build_report(
    period: ReportPeriod,
    boxes: Sequence[BoxInput],
    alarms: Iterable[Mapping[str, Any]],
    schedule: TimeOfUse,
    tz: tzinfo,
    *,
    generated: datetime | None = None,
) -> Report:
    """Compute the report of a period from the boxes' series and the alarm records.

    `alarms` are the register's `as_dict()` records; those received outside the period are
    counted as such and left out. `generated`: when the report is made (default now); an
    alarm still open is timed up to it when it comes before the period's end.
    """
    now = generated or datetime.now(UTC)
    if now.utcoffset() is None:
        raise ValueError("the report's generation time must be timezone-aware")
    skipped: Counter[str] = Counter()
    buckets = _Buckets.of(period, tz)
    data = [
        _BoxData(
            box,
            _hourly(box.energy_hourly, period, skipped, "energy"),
            _hourly(box.power_hourly_max, period, skipped, "power", negative_ok=True),
        )
        for box in boxes
    ]
    energy = _energy_section(data, buckets, schedule, tz)
    quality = _quality_section(boxes, period, tz, skipped)
    names = {box.serial: box.name for box in boxes}
    until = min(period.end, now)
    found: list[tuple[AlarmRow, list[_Diagnosis]]] = []
    for record in alarms:
        parsed = _alarm(record, until, tz, skipped)
        if parsed is None:
            continue
        if not period.contains(parsed[0].raised):
            skipped["outside_period"] += 1
            continue
        found.append(parsed)
    found.sort(key=lambda f: (f[0].raised, f[0].alarm_id))
    alarm_section = _alarm_section([row for row, _ in found], names)
    counted = [f for f in found if f[0].covered_by is None]
    trends = [_trend(box, box.trend, skipped) for box in boxes if box.trend is not None]
    has_data = bool(
        energy.energy is not None
        or energy.max_demand is not None
        or quality.qualification_mean is not None
        or any(b.unbalance is not None for b in quality.boxes)
        or found
        or trends
    )
    summary = Summary(
        has_data=has_data,
        energy=energy.energy,
        by_period=energy.by_period,
        max_demand=energy.max_demand,
        qualification_mean=quality.qualification_mean,
        alarms=alarm_section.total,
        open_alarms=alarm_section.open,
        covered_alarms=alarm_section.covered,
        worst_box=_worst_box(alarm_section, quality),
    )
    return Report(
        period=period,
        generated=now.astimezone(tz),
        timezone=str(tz),
        scope=Scope(len(boxes), tuple(sorted({b.area for b in boxes if b.area}))),
        summary=summary,
        energy=energy,
        quality=quality,
        alarms=alarm_section,
        fault_causes=_fault_causes(counted),
        advice=_advice(counted, names),
        trends=tuple(sorted(trends, key=_urgency)),
        skipped={kind: skipped[kind] for kind in SKIP_KINDS},
    )

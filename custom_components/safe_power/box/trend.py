"""Early warnings: where leakage and cable temperature are heading, from a box's history.

Pure Python: no Home Assistant import. Takes the box's recent readings (time, canonical
values), as `diagnosis` does, already cleaned (aware times, plausible values, oldest first).

* The **leakage trend** is the slope of the leakage *baseline*: appliances add leakage while
  they run, so the load's share (fitted alongside the trend) is taken off, and the rest is
  averaged over buckets of a few hours before a line is fitted. It is what insulation ageing
  or damp looks like, and how many days remain before it reaches the detector's setting.
* The **cable temperature** margin is the setting minus the hottest conductor now; its trend
  is the slope of the daily maxima, so a cable that runs hotter day after day shows before
  it alarms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
import itertools
import statistics
from typing import Final

type Sample = tuple[datetime, Mapping[str, float]]

LEAKAGE: Final = "leakage_current"
CABLES: Final = tuple(f"cable_temperature_{c}" for c in "abcn")
PHASE_CURRENTS: Final = tuple(f"current_{p}" for p in "abc")

MIN_SPAN: Final = timedelta(days=2)  # less history says nothing about days
BUCKET: Final = timedelta(hours=6)  # the baseline is averaged over such buckets
MIN_BUCKETS: Final = 6
RISING: Final = 0.5  # mA/day: a slower rise never reaches the limit in a useful time
DAY: Final = timedelta(days=1)
MIN_DAYS: Final = 3  # daily maxima for a temperature trend
WARMING: Final = 0.1  # K/day: slower is no trend


def linear_fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float] | None:
    """Return (slope, intercept, r²) of a least-squares line, or None when undefined."""
    if len(xs) < 3 or len(xs) != len(ys):
        return None
    try:
        slope, intercept = statistics.linear_regression(xs, ys)
        r = statistics.correlation(xs, ys)
    except statistics.StatisticsError:  # a constant series
        return None
    return slope, intercept, r * r


def load_coefficient(
    times: Sequence[float], leakage: Sequence[float], load: Sequence[float]
) -> float:
    """Return c of the least-squares fit leakage = a + b·time + c·load (0 when undefined).

    Appliances add leakage while they run; fitting the load's share alongside the trend keeps
    the daily rhythm of the load from hiding, or faking, a creep of the insulation.
    """
    n = len(times)
    if n < 3:
        return 0.0
    mt, ml, my = sum(times) / n, sum(load) / n, sum(leakage) / n
    stt = sum((t - mt) ** 2 for t in times)
    sll = sum((i - ml) ** 2 for i in load)
    stl = sum((t - mt) * (i - ml) for t, i in zip(times, load, strict=True))
    sty = sum((t - mt) * (y - my) for t, y in zip(times, leakage, strict=True))
    sly = sum((i - ml) * (y - my) for i, y in zip(load, leakage, strict=True))
    det = stt * sll - stl * stl
    if stt <= 0 or sll <= 0 or det <= 1e-9 * stt * sll:
        return 0.0
    return (stt * sly - stl * sty) / det


@dataclass(frozen=True, slots=True)
class LeakageTrend:
    """The leakage baseline's line over the history."""

    slope: float  # mA per day
    baseline: float  # mA, the line at the latest sample
    start_baseline: float  # mA, the line at the first sample
    r2: float  # how well a line explains the bucket means (0..1)
    days: float  # the history's span
    per_ampere: float  # mA of leakage per A of load (the appliances' share)
    largest_jump: float  # mA, the largest rise from one bucket to the next

    @property
    def rise(self) -> float:
        """Return the baseline's rise over the history, mA."""
        return self.slope * self.days

    def days_to(self, limit: float | None) -> float | None:
        """Return the days until the baseline reaches `limit` at this rate.

        0 when it is there already; None without a limit or when it is not rising.
        """
        if limit is None:
            return None
        if self.baseline >= limit:
            return 0.0
        if self.slope < RISING:
            return None
        return (limit - self.baseline) / self.slope


def leakage_trend(samples: Sequence[Sample]) -> LeakageTrend | None:
    """Return the leakage baseline's trend, None with less than MIN_SPAN of history."""
    rows = [(t, v) for t, v in samples if LEAKAGE in v]
    if len(rows) < MIN_BUCKETS:
        return None
    start, end = rows[0][0], rows[-1][0]
    if end - start < MIN_SPAN:
        return None
    phases = [p for p in PHASE_CURRENTS if all(p in v for _, v in rows)]
    days = [(t - start) / DAY for t, _ in rows]
    leakage = [v[LEAKAGE] for _, v in rows]
    load = [sum(v[p] for p in phases) for _, v in rows]
    # Appliances add leakage while they run, they do not take it away.
    per_ampere = max(0.0, load_coefficient(days, leakage, load)) if phases else 0.0
    # The baseline: leakage at the lightest load seen (the load's share above it taken off),
    # averaged over buckets of a few hours.
    lightest = min(load)
    buckets: dict[int, list[tuple[float, float]]] = {}
    for (time, _), day, y, i in zip(rows, days, leakage, load, strict=True):
        buckets.setdefault((time - start) // BUCKET, []).append(
            (day, y - per_ampere * (i - lightest))
        )
    if len(buckets) < MIN_BUCKETS:
        return None
    means = [
        (sum(d for d, _ in points) / len(points), sum(y for _, y in points) / len(points))
        for _, points in sorted(buckets.items())
    ]
    levels = [y for _, y in means]
    fit = linear_fit([d for d, _ in means], levels)
    if fit is None:
        # A flat baseline (constant buckets) is a trend too: no rise at all.
        if len(set(levels)) != 1:
            return None
        fit = (0.0, levels[0], 0.0)
    slope, intercept, r2 = fit
    span = days[-1]
    return LeakageTrend(
        slope=slope,
        baseline=intercept + slope * span,
        start_baseline=intercept,
        r2=r2,
        days=span,
        per_ampere=per_ampere,
        largest_jump=max(b - a for a, b in itertools.pairwise(levels)),
    )


@dataclass(frozen=True, slots=True)
class CableTemperature:
    """The hottest conductor now, its margin to the setting, and where the daily peaks go."""

    hottest: float  # °C, now
    conductor: str  # "a", "b", "c" or "n"
    margin: float | None  # K below the setting (negative: above it); None without a setting
    slope: float | None  # K per day of the daily maxima; None with less than MIN_DAYS days

    def days_to_limit(self) -> float | None:
        """Return the days until the daily peak reaches the setting at this rate."""
        if self.margin is None:
            return None
        if self.margin <= 0:
            return 0.0
        if self.slope is None or self.slope < WARMING:
            return None
        return self.margin / self.slope


def cable_peak_slope(samples: Sequence[Sample]) -> float | None:
    """Return the slope (K/day) of the hottest conductor's daily maxima.

    None with fewer than MIN_DAYS whole days (the day still running is left out: its peak
    may be yet to come).
    """
    start: datetime | None = None
    peaks: dict[int, float] = {}
    for time, values in samples:
        temps = [values[k] for k in CABLES if k in values]
        if not temps:
            continue
        start = start or time
        day = (time - start) // DAY
        peaks[day] = max(peaks.get(day, float("-inf")), *temps)
    whole = sorted(peaks.items())[:-1]
    if len(whole) < MIN_DAYS:
        return None
    fit = linear_fit([d for d, _ in whole], [p for _, p in whole])
    return 0.0 if fit is None else fit[0]  # no line: the same peak every day


def cable_temperature(
    values: Mapping[str, float], slope: float | None, limit: float | None
) -> CableTemperature | None:
    """Return the hottest conductor now and its margin; None when no cable is measured."""
    temps = [(values[k], k) for k in CABLES if k in values]
    if not temps:
        return None
    hottest, key = max(temps)
    return CableTemperature(
        hottest=hottest,
        conductor=key.removeprefix("cable_temperature_"),
        margin=None if limit is None else limit - hottest,
        slope=slope,
    )

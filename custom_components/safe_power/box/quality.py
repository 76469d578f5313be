"""Supply-quality maths: unbalance and the voltage qualification rate (电压合格率).

Pure Python: no Home Assistant import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import datetime as dt
import math
from typing import Any, Final

NOMINAL_PHASE_VOLTAGE: Final = 220.0  # V, China's 220/380 V low-voltage supply
# GB/T 12325-2008 §4.2/4.3: three-phase supply ≤ 20 kV: ±7 % of nominal;
# 220 V single-phase: +7 % / −10 % of nominal.
THREE_PHASE_LIMITS: Final = (-0.07, 0.07)
SINGLE_PHASE_LIMITS: Final = (-0.10, 0.07)
MIN_CURRENT_FOR_UNBALANCE: Final = 1.0  # A: below this, current unbalance says nothing
MAX_SAMPLE_GAP: Final = 300.0  # s: a longer gap (box offline) is not counted at all


LINE_VOLTAGES: Final = ("line_voltage_ab", "line_voltage_bc", "line_voltage_ca")
PHASE_VOLTAGES: Final = ("voltage_a", "voltage_b", "voltage_c")
PHASE_CURRENTS: Final = ("current_a", "current_b", "current_c")


def _three(
    values: Mapping[str, float], keys: tuple[str, str, str]
) -> tuple[float, float, float] | None:
    if any(values.get(k) is None for k in keys):
        return None
    return values[keys[0]], values[keys[1]], values[keys[2]]


def negative_sequence_unbalance(ab: float, bc: float, ca: float) -> float | None:
    """Return the voltage unbalance in % from three line-voltage magnitudes (GB/T 15543).

    GB/T 15543-2008 defines the unbalance as the negative-sequence component over the
    positive-sequence one. Line voltages close a triangle (they have no zero sequence), so their
    magnitudes alone fix it (Annex A of the standard, as IEC 61000-4-30):
    ε = √((1 − √(3 − 6L)) / (1 + √(3 − 6L))) × 100 %, L = (ab⁴ + bc⁴ + ca⁴) / (ab² + bc² + ca²)².
    None when the three cannot be the sides of a triangle (no supply, or inconsistent figures).
    """
    squares = ab * ab + bc * bc + ca * ca
    if min(ab, bc, ca) <= 0 or squares <= 0:
        return None
    beta = (ab**4 + bc**4 + ca**4) / (squares * squares)
    discriminant = 3 - 6 * beta
    if discriminant < -1e-12:
        return None
    root = math.sqrt(max(discriminant, 0.0))
    return math.sqrt(max(1 - root, 0.0) / (1 + root)) * 100


def line_voltages_of(a: float, b: float, c: float) -> tuple[float, float, float]:
    """Return the line voltages of three phase voltages assumed 120° apart (law of cosines)."""
    return (
        math.sqrt(a * a + b * b + a * b),
        math.sqrt(b * b + c * c + b * c),
        math.sqrt(c * c + a * a + c * a),
    )


def voltage_unbalance(values: Mapping[str, float]) -> float | None:
    """Return the voltage unbalance in % by GB/T 15543, whichever voltages the box sends.

    From the line voltages the box measures (the standard's own figure), and from its phase
    voltages assumed 120° apart (a detector reports no angles: the line voltages that follow give
    the figure of an unbalance of magnitudes). A box sending both gets the larger: its line
    voltages see an angle unbalance the phase magnitudes miss, its phase voltages a low phase that
    line registers filled with a constant (or averaged) would hide. For a box whose figures agree,
    the two are the same.
    """
    figures = []
    if (line := _three(values, LINE_VOLTAGES)) is not None:
        figures.append(negative_sequence_unbalance(*line))
    if (phase := _three(values, PHASE_VOLTAGES)) is not None and min(phase) > 0:
        figures.append(negative_sequence_unbalance(*line_voltages_of(*phase)))
    known = [f for f in figures if f is not None]
    return max(known) if known else None


def current_unbalance(values: Mapping[str, float]) -> float | None:
    """Return the current unbalance in %, or None at (nearly) no load.

    (largest − smallest) ÷ largest × 100 %, the figure Chinese distribution practice uses for the
    three-phase load unbalance of a supply (三相负荷不平衡度). Phase currents' angles follow the
    loads' power factors, so a negative-sequence figure would need angles no detector gives.
    """
    currents = _three(values, PHASE_CURRENTS)
    if currents is None or sum(currents) / 3 < MIN_CURRENT_FOR_UNBALANCE:
        return None
    return (max(currents) - min(currents)) / max(currents) * 100


def voltage_within_limits(
    values: Mapping[str, float], phases: int, nominal: float = NOMINAL_PHASE_VOLTAGE
) -> bool | None:
    """Return whether the supply voltage lies within GB/T 12325 limits (None: no voltage).

    `nominal` is the phase voltage (220 V of a 220/380 V supply). A three-phase box is judged
    by its phase voltages, or by its line voltages (against √3 × nominal) when it measures
    only those (a three-wire supply); a single-phase box by its phase voltage.
    """
    low, high = THREE_PHASE_LIMITS if phases == 3 else SINGLE_PHASE_LIMITS
    if phases == 3:
        measured = _three(values, PHASE_VOLTAGES)
        if measured is None:
            measured, nominal = _three(values, LINE_VOLTAGES), nominal * math.sqrt(3)
        if measured is None:
            return None
        present: tuple[float, ...] = measured
    else:
        if (single := values.get("voltage_a")) is None:
            return None
        present = (single,)
    return all(nominal * (1 + low) <= v <= nominal * (1 + high) for v in present)


@dataclass(slots=True)
class _Tally:
    """Monitored seconds and those within limits, of one day or one month."""

    period: str  # "2026-11-30" or "2026-11"
    monitored: float = 0.0
    within: float = 0.0

    def add(self, seconds: float, ok: bool) -> None:
        self.monitored += seconds
        if ok:
            self.within += seconds

    @property
    def rate(self) -> float | None:
        return None if self.monitored <= 0 else self.within / self.monitored * 100


@dataclass(slots=True)
class QualificationRate:
    """The voltage qualification rate (电压合格率) of today and of this month, by the box's samples.

    The share of the monitored time during which the voltage was within GB/T 12325 limits. Each
    sample's verdict holds until the next sample (a step function); a gap longer than
    `MAX_SAMPLE_GAP` is not counted (the box was not monitored then). At local midnight the
    time before it counts for the old day (and month), the time after it for the new one.

    A sample no later than the last one counted (late, or out of order) is dropped: it never
    rewrites a newer value, and one of another day never resets today. The counts are kept
    through restarts (`as_dict` / `restore`).
    """

    phases: int
    nominal: float = NOMINAL_PHASE_VOLTAGE
    day: _Tally | None = None
    month: _Tally | None = None
    last: tuple[dt.datetime, bool | None] | None = None
    late: int = 0  # samples dropped as late, for diagnostics

    def add(self, when: dt.datetime, values: Mapping[str, float]) -> bool:
        """Account a sample taken at `when` (an aware, local datetime); False: dropped, late."""
        if self.last is not None and when <= self.last[0]:
            self.late += 1
            return False
        verdict = voltage_within_limits(values, self.phases, self.nominal)
        if self.last is not None:
            since, ok = self.last
            if ok is not None and 0 < (when - since).total_seconds() <= MAX_SAMPLE_GAP:
                self._count(since, when, ok)
        self._roll(when)
        self.last = (when, verdict)
        return True

    def _count(self, start: dt.datetime, end: dt.datetime, ok: bool) -> None:
        """Count a verdict from start to end, split at each local midnight between them."""
        while start < end:
            midnight = dt.datetime.combine(start.date() + dt.timedelta(days=1), dt.time())
            midnight = midnight.replace(tzinfo=start.tzinfo)
            stop = min(end, midnight)
            self._roll(start)
            if self.day is not None and self.month is not None:
                seconds = (stop - start).total_seconds()
                self.day.add(seconds, ok)
                self.month.add(seconds, ok)
            start = stop

    def _roll(self, when: dt.datetime) -> None:
        """Start the day and month of `when` when they are new."""
        day, month = when.date().isoformat(), when.strftime("%Y-%m")
        if self.day is None or self.day.period != day:
            self.day = _Tally(day)
        if self.month is None or self.month.period != month:
            self.month = _Tally(month)

    def rates(self, now: dt.date) -> tuple[float | None, float | None]:
        """Return today's and this month's rate in % (None until monitored; 0 digits cut)."""
        day = self.day.rate if self.day and self.day.period == now.isoformat() else None
        this_month = now.strftime("%Y-%m")
        month = self.month.rate if self.month and self.month.period == this_month else None
        return day, month

    def as_dict(self) -> dict[str, Any]:
        """Return the counts to keep through a restart."""
        return {
            "day": None
            if self.day is None
            else [self.day.period, self.day.monitored, self.day.within],
            "month": None
            if self.month is None
            else [self.month.period, self.month.monitored, self.month.within],
            "last": None if self.last is None else [self.last[0].isoformat(), self.last[1]],
        }

    def restore(self, doc: object) -> None:
        """Take the counts kept before a restart; anything unreadable is left out."""
        if not isinstance(doc, dict):
            return
        self.day = _tally(doc.get("day"))
        self.month = _tally(doc.get("month"))
        last = doc.get("last")
        if isinstance(last, list) and len(last) == 2 and last[1] in (True, False, None):
            try:
                when = dt.datetime.fromisoformat(last[0])
            except TypeError, ValueError:
                return
            if when.tzinfo is not None:
                self.last = (when, last[1])


def _tally(doc: object) -> _Tally | None:
    if not isinstance(doc, list) or len(doc) != 3 or not isinstance(doc[0], str):
        return None
    monitored, within = (finite(x) for x in doc[1:])
    if monitored is None or within is None or not 0 <= within <= monitored:
        return None
    return _Tally(doc[0], monitored, within)


def finite(value: object) -> float | None:
    """Return a number (not a bool) as a finite float, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None

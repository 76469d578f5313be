"""Supply-quality maths: unbalance and the voltage qualification rate (电压合格率).

Pure Python: no Home Assistant import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import datetime as dt
import math
from typing import Final

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
    """Return whether every phase voltage lies within GB/T 12325 limits (None: no voltage)."""
    keys = ("voltage_a", "voltage_b", "voltage_c")[: 3 if phases == 3 else 1]
    present = [values[k] for k in keys if k in values]
    if len(present) != len(keys):
        return None
    low, high = THREE_PHASE_LIMITS if phases == 3 else SINGLE_PHASE_LIMITS
    return all(nominal * (1 + low) <= v <= nominal * (1 + high) for v in present)


@dataclass(slots=True)
class QualificationRate:
    """The share of today's monitored time during which the voltage was within limits.

    Each sample's verdict holds until the next sample (a step function); gaps longer than
    MAX_SAMPLE_GAP are not counted (the box was not monitored then). It restarts at local
    midnight, as the statistic is defined per day.
    """

    phases: int
    day: dt.date | None = None
    monitored: float = 0.0
    within: float = 0.0
    _last: tuple[dt.datetime, bool] | None = None

    def add(self, when: dt.datetime, values: Mapping[str, float]) -> None:
        """Account a telemetry sample taken at `when` (an aware, local datetime)."""
        verdict = voltage_within_limits(values, self.phases)
        if self.day != when.date():
            self.day, self.monitored, self.within = when.date(), 0.0, 0.0
            midnight = dt.datetime.combine(when.date(), dt.time(), when.tzinfo)
            if self._last is not None and self._last[0] < midnight:
                self._last = (midnight, self._last[1])
        if self._last is not None:
            last_when, last_ok = self._last
            gap = (when - last_when).total_seconds()
            if 0 < gap <= MAX_SAMPLE_GAP:
                self.monitored += gap
                if last_ok:
                    self.within += gap
        self._last = None if verdict is None else (when, verdict)

    @property
    def rate(self) -> float | None:
        """Return the rate in % (None until some time has been monitored today)."""
        if self.monitored <= 0:
            return None
        return round(self.within / self.monitored * 100, 2)

"""Supply-quality maths: unbalance and the voltage qualification rate (电压合格率).

Pure Python: no Home Assistant import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import datetime as dt
from typing import Final

NOMINAL_PHASE_VOLTAGE: Final = 220.0  # V, China's 220/380 V low-voltage supply
# GB/T 12325-2008 §4.2/4.3: three-phase supply ≤ 20 kV: ±7 % of nominal;
# 220 V single-phase: +7 % / −10 % of nominal.
THREE_PHASE_LIMITS: Final = (-0.07, 0.07)
SINGLE_PHASE_LIMITS: Final = (-0.10, 0.07)
MIN_CURRENT_FOR_UNBALANCE: Final = 1.0  # A: below this, current unbalance says nothing
MAX_SAMPLE_GAP: Final = 300.0  # s: a longer gap (box offline) is not counted at all


def unbalance(values: Mapping[str, float], keys: tuple[str, str, str]) -> float | None:
    """Return the NEMA MG-1 unbalance in % for three magnitudes, or None when incomplete.

    Definition (NEMA MG-1, also called the "line voltage unbalance rate", LVUR): the largest
    deviation from the average of the three magnitudes, divided by that average, × 100.
    GB/T 15543 defines unbalance with symmetrical components, which needs phase angles a
    detector does not report; for small unbalances the two agree closely.
    """
    try:
        magnitudes = [values[k] for k in keys]
    except KeyError:
        return None
    mean = sum(magnitudes) / 3
    if mean <= 0:
        return None
    return round(max(abs(m - mean) for m in magnitudes) / mean * 100, 2)


def voltage_unbalance(values: Mapping[str, float]) -> float | None:
    """Return the voltage unbalance in %, from line voltages when present, else phase ones."""
    line = unbalance(values, ("line_voltage_ab", "line_voltage_bc", "line_voltage_ca"))
    if line is not None:
        return line
    return unbalance(values, ("voltage_a", "voltage_b", "voltage_c"))


def current_unbalance(values: Mapping[str, float]) -> float | None:
    """Return the current unbalance in %, or None at (nearly) no load."""
    keys = ("current_a", "current_b", "current_c")
    if any(k not in values for k in keys):
        return None
    if sum(values[k] for k in keys) / 3 < MIN_CURRENT_FOR_UNBALANCE:
        return None
    return unbalance(values, keys)


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

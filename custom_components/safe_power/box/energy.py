"""The energy meter's reading as Home Assistant shows it: never going backwards.

Pure Python: no Home Assistant import.

Home Assistant's Energy dashboard takes a `total_increasing` sensor that goes down for a meter
reset: a new cycle, counted from zero. A detector whose meter reads lower for a while (a bad
read, a register reset by a firmware update, a swapped box) would then count its whole reading
again as consumption. So a lower reading is held at the highest one shown; the reading shows
again once it is back above it. A real meter replacement is confirmed by the user (a repair):
then the lower reading becomes the meter's, and the dashboard starts its new cycle there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EnergyCheck(StrEnum):
    """What a reading did to the meter shown."""

    SHOWN = "shown"  # the reading is shown
    WENT_BACKWARDS = "went_backwards"  # lower than the one shown: held (the first of a run)
    STILL_BACKWARDS = "still_backwards"  # held, as the readings before it
    BACK = "back"  # at or above the one shown again after a run of lower ones


@dataclass(slots=True)
class EnergyGuard:
    """The highest reading shown, and the latest lower one while readings are lower."""

    shown: float | None = None
    lower: float | None = None

    def restore(self, value: float) -> None:
        """Start from the reading shown before a restart (a higher one is kept)."""
        if self.shown is None or value > self.shown:
            self.shown = value

    def check(self, value: float) -> EnergyCheck:
        """Account a reading: shown when not lower than the one shown, else held."""
        if self.shown is None or value >= self.shown:
            was_lower = self.lower is not None
            self.shown, self.lower = value, None
            return EnergyCheck.BACK if was_lower else EnergyCheck.SHOWN
        first = self.lower is None
        self.lower = value
        return EnergyCheck.WENT_BACKWARDS if first else EnergyCheck.STILL_BACKWARDS

    def accept(self) -> bool:
        """Take the lower reading as the meter's (replaced); return False when there is none."""
        if self.lower is None:
            return False
        self.shown, self.lower = self.lower, None
        return True

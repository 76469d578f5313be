"""When an MQTT box that stays connected has gone quiet for too long to be trusted.

A box's last will covers a box that drops off its broker. It does not cover a box whose
connection stays up while it sends nothing (a hung firmware), nor a box on another broker
whose bridge to ours is cut: the retained `online` then stays, and its last values with it.
The contract asks for a state every 10-60 s (docs/mqtt.md, section 4); `Cadence` learns how
often this box sends one and says when its silence has lasted too long. Pure Python: no Home
Assistant import.
"""

from __future__ import annotations

from collections import deque
import statistics
from typing import Final

MISSED: Final = 3  # states in a row a box may miss before it counts as silent
MIN_SILENCE: Final = 45.0  # s: never sooner (a box that sends every second on changes)
MAX_SILENCE: Final = 180.0  # s: never later (the contract's slowest box, 60 s, three times)
SAMPLES: Final = 8  # gaps between states the cadence is learnt from


class Cadence:
    """How often a box sends its state (the median gap), and whether it has gone silent."""

    def __init__(self) -> None:
        """Start with nothing heard."""
        self._last: float | None = None
        self._gaps: deque[float] = deque(maxlen=SAMPLES)
        self._limit = MAX_SILENCE

    def heard(self, now: float) -> None:
        """Note a state received at `now` (seconds)."""
        if self._last is not None and now > self._last:
            self._gaps.append(now - self._last)
            median = statistics.median(self._gaps)
            self._limit = min(max(MISSED * median, MIN_SILENCE), MAX_SILENCE)
        self._last = now

    def restart(self, now: float) -> None:
        """Count silence from `now` (the broker is back: nothing could be heard before)."""
        if self._last is not None:
            self._last = now

    @property
    def limit(self) -> float:
        """Return how long a silence may last before the box counts as gone (s)."""
        return self._limit

    def silent(self, now: float) -> bool:
        """Return True when nothing was heard for longer than `limit` (never before a state)."""
        return self._last is not None and now - self._last > self._limit

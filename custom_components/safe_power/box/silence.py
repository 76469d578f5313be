"""When an MQTT box that stays connected has gone quiet for too long to be trusted.

A box's last will covers a box that drops off its broker. It does not cover a box whose
connection stays up while it sends nothing (a hung firmware), nor a box on another broker
whose bridge to ours is cut: the retained `online` then stays, and its last values with it.
The contract asks for a state every 10-60 s (docs/mqtt.md, section 4); `Cadence` learns how
often this box sends one and says when its silence has lasted too long.

Silence is what Home Assistant's event loop did not hear, and a loop that runs late (a restart of
a thousand boxes, an alarm storm, a recorder backlog) hears every box late: its states wait in
the socket. `Ticks` tells from the periodic check itself how long the loop could not listen: a
check that runs much later than it was scheduled. That time is excused to every box (`Cadence.
excuse`), and nobody is judged at such a check: the states that waited are read first. Pure
Python: no Home Assistant import.
"""

from __future__ import annotations

from collections import deque
import statistics
from typing import Final

MISSED: Final = 3  # states in a row a box may miss before it counts as silent
MIN_SILENCE: Final = 45.0  # s: never sooner (a box that sends every second on changes)
MAX_SILENCE: Final = 180.0  # s: never later (the contract's slowest box, 60 s, three times)
SAMPLES: Final = 8  # gaps between states the cadence is learnt from
LAG_TOLERANCE: Final = 3.0  # s a check may run late before the loop counts as having stalled


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

    def excuse(self, seconds: float, now: float) -> None:
        """Do not count `seconds` the loop could not listen as the box's silence (up to `now`)."""
        if self._last is not None and seconds > 0:
            self._last = max(self._last, min(self._last + seconds, now))

    @property
    def limit(self) -> float:
        """Return how long a silence may last before the box counts as gone (s)."""
        return self._limit

    def silent(self, now: float) -> bool:
        """Return True when nothing was heard for longer than `limit` (never before a state)."""
        return self._last is not None and now - self._last > self._limit


class Ticks:
    """How late a periodic check runs: how long the event loop itself could not listen.

    Times are the ones the boxes' states are noted at (`Cadence.heard`), so a check and a state
    are measured on one clock. A clock set back counts as on time.
    """

    def __init__(
        self, interval: float, start: float | None = None, tolerance: float = LAG_TOLERANCE
    ) -> None:
        """Expect a check every `interval` seconds from `start`; up to `tolerance` late is on time.

        With a `start`, the first check is measured too: one that comes late after a slow
        start-up is a late one.
        """
        self.interval = interval
        self.tolerance = tolerance
        self._last = start
        self.late = 0  # checks that ran late (diagnostics)
        self.lost = 0.0  # seconds the loop could not listen, in all (diagnostics)

    def tick(self, now: float) -> float:
        """Note a check at `now`; return how late it ran when that is beyond tolerance, else 0.

        Late: every box is excused that long, and none is judged at this check.
        """
        last, self._last = self._last, now
        if last is None:
            return 0.0
        late = now - last - self.interval
        if late <= self.tolerance:
            return 0.0
        self.late += 1
        self.lost += late
        return late

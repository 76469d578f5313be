"""Which of a box's timestamped states to show: never an older one over a newer one.

Pure Python: no Home Assistant import.

MQTT may deliver a box's states out of order: a retained state replayed on resubscription, a
QoS 1 redelivery, a bridge sending what it queued while a newer state already went through. A
state older (by the box's own clock) than the one shown is not shown: it would put old values
over newer ones. A box whose clock went back (set again, or reset by a power cycle) sends only
"older" states from then on; once that has lasted `CLOCK_STEP_AFTER` of our time with nothing
newer than the one shown, its clock is taken as stepped back and its states are shown again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

CLOCK_STEP_AFTER: Final = timedelta(seconds=90)


class Verdict(StrEnum):
    """What to do with a state."""

    SHOW = "show"
    OLDER = "older"  # older than the state shown: dropped
    CLOCK_BACK = "clock_back"  # the box's clock went back: shown, and the order starts again


@dataclass(slots=True)
class StateOrder:
    """The newest state shown of one box, by its time, and since when older ones come."""

    newest: datetime | None = None
    older_since: datetime | None = None  # our time of the first older state in a row

    def check(self, box_time: datetime, received: datetime) -> Verdict:
        """Return whether a state the box timestamped `box_time`, received now, is shown."""
        if self.newest is None or box_time >= self.newest:
            self.newest, self.older_since = box_time, None
            return Verdict.SHOW
        if self.older_since is None:
            self.older_since = received
        if received - self.older_since < CLOCK_STEP_AFTER:
            return Verdict.OLDER
        self.newest, self.older_since = box_time, None
        return Verdict.CLOCK_BACK

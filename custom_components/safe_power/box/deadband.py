"""When a measurement has moved enough to be worth a new state: a deadband, for large sites.

Every reading of a box moves most of its figures a little (a voltage by a tenth of a volt, a
current by a few milliamperes), and each move is a state write and a row in the recorder: at
1,000 boxes that is the whole machine (docs/scaling.md). With "significant changes only" a
sensor shows a new value when it moved by at least its band from the value shown, and at
least every heartbeat while it keeps moving within it, so a slow drift is never hidden for
long. Alarms never pass through a band: the detector and the alarm entities decide those, and
the alarm register and early warnings read every reading. What reads the states lags by up to
a band or a heartbeat: the values shown, their history, the recorder's statistics and so the
reports (an hour's energy may move up to a band into the next hour).

A band is an absolute step, or a share of the value shown when that is larger (a 2 % move of
a 400 A feeder is 8 A, of a 2 A socket circuit a tenth of an ampere).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from .model import QUANTITIES, Unit


class StateUpdates(StrEnum):
    """How often a measurement's state is written (a site's setting)."""

    EVERY_CHANGE = "every_change"
    SIGNIFICANT = "significant"


DEFAULT_HEARTBEAT_MINUTES: Final = 5
HEARTBEAT_RANGE: Final = (1, 60)  # minutes


@dataclass(frozen=True, slots=True)
class Band:
    """The smallest move worth showing: `absolute`, or `relative` of the value shown."""

    absolute: float
    relative: float = 0.0

    def moved(self, shown: float, value: float) -> bool:
        """Return True when `value` is at least a band away from the value `shown`.

        Compared with a billionth of slack: 50.05 - 50.0 is 0.0499999... in floating point,
        and a reading at the band's edge is a move of the band.
        """
        step = max(self.absolute, self.relative * abs(shown))
        return abs(value - shown) >= step - 1e-9 * (step + abs(shown))


# By unit, about a tenth of what an electrician reads as a change and well inside each alarm
# setting's range: 1 V of 230 V, 0.5 °C, 1 mA of a 30-1,000 mA leakage setting.
_BY_UNIT: Final = MappingProxyType(
    {
        Unit.VOLT: Band(1.0),
        Unit.AMPERE: Band(0.1, 0.02),
        Unit.MILLIAMPERE: Band(1.0),
        Unit.CELSIUS: Band(0.5),
        Unit.WATT: Band(20.0, 0.02),
        Unit.HERTZ: Band(0.05),
        # A meter only counts up: 1 kWh is two minutes of a 30 kW feeder, and a small box's
        # meter is shown at each heartbeat (the reports read every reading, not the states).
        Unit.KILOWATT_HOUR: Band(1.0),
        Unit.NONE: Band(0.01),  # the power factor
    }
)

# The figures Home Assistant works out: supply quality (percent), and the cables' margin to
# their temperature setting (K), which moves with every reading of their temperatures.
_DERIVED: Final = MappingProxyType(
    {
        "cable_temperature_margin": Band(0.5),
        "voltage_unbalance": Band(0.5),
        "current_unbalance": Band(1.0),
        "voltage_qualification_rate": Band(0.1),
        "voltage_qualification_rate_month": Band(0.1),
    }
)

BANDS: Final[MappingProxyType[str, Band]] = MappingProxyType(
    {
        **{key: _BY_UNIT[q.unit] for key, q in QUANTITIES.items() if q.unit in _BY_UNIT},
        **_DERIVED,
    }
)


def worth_showing(
    band: Band, shown: float, value: float, since_shown: float, heartbeat: float
) -> bool:
    """Return True when a value is worth a state: out of the band, or the heartbeat is due.

    `since_shown` and `heartbeat` in seconds. A value equal to the one shown is never worth
    one (nothing would change).
    """
    if value == shown:
        return False
    return band.moved(shown, value) or since_shown >= heartbeat

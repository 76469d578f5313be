"""What a box's alarm says (`BoxData.alarm_detail`): the value, its limit and where it was read."""

from __future__ import annotations

from types import MappingProxyType

from custom_components.safe_power.box.model import AlarmCause, AlarmDetail, BoxReading
from custom_components.safe_power.hub import BoxData

LOST_C = MappingProxyType(
    {"voltage_a": 230.1, "voltage_b": 229.8, "voltage_c": 0.0}
    | {"current_a": 33.5, "current_b": 35.1, "current_c": 0.0}
)


def test_a_detector_unbalance_alarm_reports_the_unbalance_worked_out() -> None:
    """The detector raises unbalance without a figure: the current unbalance is its value."""
    reading = BoxReading(values=LOST_C, alarms=frozenset({AlarmCause.UNBALANCE}))
    both = BoxData(
        online=True,
        reading=reading,
        derived=MappingProxyType({"voltage_unbalance": 50.0, "current_unbalance": 51.6}),
    )
    assert both.alarm_detail(AlarmCause.UNBALANCE) == AlarmDetail(
        AlarmCause.UNBALANCE, 51.6, None, "current_unbalance", "%"
    )
    # Without currents (a box too lightly loaded to tell), the voltages' unbalance.
    voltages = BoxData(
        online=True, reading=reading, derived=MappingProxyType({"voltage_unbalance": 50.0})
    )
    assert voltages.alarm_detail(AlarmCause.UNBALANCE) == AlarmDetail(
        AlarmCause.UNBALANCE, 50.0, None, "voltage_unbalance", "%"
    )
    # Neither worked out (a single-phase reading): no value rather than a wrong one.
    neither = BoxData(online=True, reading=reading)
    assert neither.alarm_detail(AlarmCause.UNBALANCE) == AlarmDetail(
        AlarmCause.UNBALANCE, None, None, None, None
    )


def test_the_other_causes_keep_the_reading_s_own_detail() -> None:
    reading = BoxReading(
        values=LOST_C,
        alarms=frozenset({AlarmCause.PHASE_LOSS}),
        settings=MappingProxyType({"undervoltage_threshold": 198.0}),
    )
    box = BoxData(
        online=True, reading=reading, derived=MappingProxyType({"current_unbalance": 51.6})
    )
    assert box.alarm_detail(AlarmCause.PHASE_LOSS) == AlarmDetail(
        AlarmCause.PHASE_LOSS, 0.0, None, "voltage_c", "V"
    )
    # What the box said of its alarm itself (MQTT /alarm) comes first, unbalance too.
    own = AlarmDetail(AlarmCause.UNBALANCE, 12.0, 10.0, "current_unbalance", "%")
    told = BoxData(
        online=True,
        reading=reading,
        derived=MappingProxyType({"current_unbalance": 51.6}),
        details=MappingProxyType({AlarmCause.UNBALANCE: own}),
    )
    assert told.alarm_detail(AlarmCause.UNBALANCE) is own
    assert BoxData(online=False, reading=None).alarm_detail(AlarmCause.UNBALANCE) is None

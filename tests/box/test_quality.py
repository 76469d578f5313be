"""Supply-quality maths: unbalance definitions and the daily voltage qualification rate."""

import datetime as dt

import pytest

from custom_components.safe_power.box.quality import (
    QualificationRate,
    current_unbalance,
    unbalance,
    voltage_unbalance,
    voltage_within_limits,
)

TZ = dt.timezone(dt.timedelta(hours=8))


def test_nema_unbalance() -> None:
    # mean 230, largest deviation 10 -> 4.35 %
    values = {"a": 220.0, "b": 230.0, "c": 240.0}
    assert unbalance(values, ("a", "b", "c")) == pytest.approx(4.35)
    assert unbalance({"a": 1.0, "b": 1.0}, ("a", "b", "c")) is None
    assert unbalance({"a": 0.0, "b": 0.0, "c": 0.0}, ("a", "b", "c")) is None


def test_voltage_unbalance_prefers_line_voltages() -> None:
    values = {
        "voltage_a": 220.0,
        "voltage_b": 230.0,
        "voltage_c": 240.0,
        "line_voltage_ab": 400.0,
        "line_voltage_bc": 400.0,
        "line_voltage_ca": 400.0,
    }
    assert voltage_unbalance(values) == 0
    del values["line_voltage_ca"]
    assert voltage_unbalance(values) == pytest.approx(4.35)


def test_current_unbalance_needs_load() -> None:
    assert current_unbalance({"current_a": 10.0, "current_b": 10.0, "current_c": 16.0}) == 33.33
    assert current_unbalance({"current_a": 0.2, "current_b": 0.1, "current_c": 1.0}) is None
    assert current_unbalance({"current_a": 10.0, "current_b": 10.0}) is None


@pytest.mark.parametrize(
    ("phases", "voltage", "expected"),
    [
        (1, 220 * 1.07, True),  # +7 % is the upper limit for 220 V single-phase
        (1, 220 * 1.071, False),
        (1, 220 * 0.90, True),  # -10 % is its lower limit
        (1, 220 * 0.899, False),
        (3, 220 * 0.93, True),  # three-phase: ±7 %
        (3, 220 * 0.929, False),
    ],
)
def test_gb_t_12325_limits(phases: int, voltage: float, expected: bool) -> None:
    values = {"voltage_a": voltage, "voltage_b": 220.0, "voltage_c": 220.0}
    assert voltage_within_limits(values, phases) is expected


def test_limits_need_every_phase() -> None:
    assert voltage_within_limits({"voltage_a": 220.0}, 3) is None
    assert voltage_within_limits({}, 1) is None


def _at(hour: int, minute: int = 0, second: int = 0, day: int = 1) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, second, tzinfo=TZ)


def test_qualification_rate_is_time_weighted() -> None:
    rate = QualificationRate(phases=1)
    good, bad = {"voltage_a": 221.0}, {"voltage_a": 250.0}
    assert rate.rate is None
    rate.add(_at(10), good)
    rate.add(_at(10, 0, 30), bad)  # 30 s good
    rate.add(_at(10, 0, 40), good)  # 10 s bad
    rate.add(_at(10, 1, 40), good)  # 60 s good
    assert rate.monitored == 100
    assert rate.rate == 90.0


def test_qualification_rate_skips_gaps_and_missing_voltage() -> None:
    rate = QualificationRate(phases=1)
    rate.add(_at(10), {"voltage_a": 221.0})
    rate.add(_at(10, 10), {"voltage_a": 221.0})  # 10 min gap: box was offline, not counted
    assert rate.monitored == 0
    rate.add(_at(10, 10, 15), {})  # no voltage: the 15 s before still count, the next do not
    rate.add(_at(10, 10, 30), {"voltage_a": 250.0})
    rate.add(_at(10, 10, 45), {"voltage_a": 250.0})
    assert rate.monitored == 30
    assert rate.rate == 50.0


def test_qualification_rate_restarts_at_midnight() -> None:
    rate = QualificationRate(phases=1)
    rate.add(_at(23, 59, 50), {"voltage_a": 250.0})
    rate.add(_at(0, 0, 10, day=2), {"voltage_a": 221.0})
    # Only the 10 s after midnight belong to the new day, and they were out of limits.
    assert rate.day == dt.date(2026, 11, 2)
    assert rate.monitored == 10
    assert rate.rate == 0.0

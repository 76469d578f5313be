"""Supply-quality maths: unbalance definitions and the daily voltage qualification rate."""

import datetime as dt
import json

import pytest

from custom_components.safe_power.box.quality import (
    QualificationRate,
    current_unbalance,
    line_voltages_of,
    negative_sequence_unbalance,
    voltage_unbalance,
    voltage_within_limits,
)

TZ = dt.timezone(dt.timedelta(hours=8))


def _phases(a: float, b: float, c: float) -> dict[str, float]:
    return {"voltage_a": a, "voltage_b": b, "voltage_c": c}


def _lines(ab: float, bc: float, ca: float) -> dict[str, float]:
    return {"line_voltage_ab": ab, "line_voltage_bc": bc, "line_voltage_ca": ca}


def test_negative_sequence_by_hand() -> None:
    """230/230/215 V at 120°: V1 = (230 + 230 + 215) / 3 = 225 V, V2 = |−15∠240°| / 3 = 5 V."""
    assert voltage_unbalance(_phases(230, 230, 215)) == pytest.approx(5 / 225 * 100)  # 2.22 %
    # The same supply measured as line voltages: √(3 × 230²), √(230² + 215² + 230 × 215) twice.
    lines = line_voltages_of(230, 230, 215)
    assert lines == pytest.approx((398.372, 385.454, 385.454), abs=1e-3)
    assert voltage_unbalance(_lines(*lines)) == pytest.approx(5 / 225 * 100)
    # Whichever registers the box fills, the figure is the same.
    both = _phases(230, 230, 215) | _lines(*lines)
    assert voltage_unbalance(both) == pytest.approx(2.2222, abs=1e-4)
    # Balanced: nothing; one phase lost (a degenerate triangle): 100 %.
    assert voltage_unbalance(_phases(220, 220, 220)) == pytest.approx(0, abs=1e-9)
    assert negative_sequence_unbalance(400, 200, 200) == pytest.approx(100)


def test_line_registers_cannot_hide_a_low_phase() -> None:
    """A box filling its line registers with a constant still shows the 215 V phase."""
    values = _phases(230, 230, 215) | _lines(380, 380, 380)
    assert voltage_unbalance(values) == pytest.approx(2.2222, abs=1e-4)
    # An angle unbalance only the line voltages see is kept too (the larger figure).
    values = _phases(230, 230, 230) | _lines(400, 390, 380)
    assert voltage_unbalance(values) == pytest.approx(negative_sequence_unbalance(400, 390, 380))
    assert voltage_unbalance(values) > 1.4


def test_voltage_unbalance_needs_three_voltages() -> None:
    assert voltage_unbalance({"voltage_a": 230.0, "voltage_b": 230.0}) is None
    assert voltage_unbalance(_phases(230, 0, 230)) is None  # a dead phase: phase loss, not this
    assert negative_sequence_unbalance(400, 100, 100) is None  # no triangle: inconsistent figures
    assert negative_sequence_unbalance(0, 400, 400) is None


def test_current_unbalance_by_its_definition() -> None:
    """(largest − smallest) ÷ largest: 40/20/10 A → 75 %."""
    assert current_unbalance({"current_a": 40.0, "current_b": 20.0, "current_c": 10.0}) == 75.0
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


def _day(rate: QualificationRate) -> float | None:
    return rate.day.rate if rate.day else None


def test_qualification_rate_is_time_weighted() -> None:
    rate = QualificationRate(phases=1)
    good, bad = {"voltage_a": 221.0}, {"voltage_a": 250.0}
    assert rate.rates(_at(10).date()) == (None, None)
    rate.add(_at(10), good)
    rate.add(_at(10, 0, 30), bad)  # 30 s good
    rate.add(_at(10, 0, 40), good)  # 10 s bad
    rate.add(_at(10, 1, 40), good)  # 60 s good
    assert rate.day is not None
    assert rate.day.monitored == 100
    assert rate.rates(_at(10).date()) == (90.0, 90.0)


def test_qualification_rate_skips_gaps_and_missing_voltage() -> None:
    rate = QualificationRate(phases=1)
    rate.add(_at(10), {"voltage_a": 221.0})
    rate.add(_at(10, 10), {"voltage_a": 221.0})  # 10 min gap: box was offline, not counted
    assert rate.day is not None
    assert rate.day.monitored == 0
    rate.add(_at(10, 10, 15), {})  # no voltage: the 15 s before still count, the next do not
    rate.add(_at(10, 10, 30), {"voltage_a": 250.0})
    rate.add(_at(10, 10, 45), {"voltage_a": 250.0})
    assert rate.day.monitored == 30
    assert _day(rate) == 50.0


def test_qualification_rate_splits_at_midnight_and_month_end() -> None:
    rate = QualificationRate(phases=1)
    rate.add(_at(23, 59, 40, day=30), {"voltage_a": 221.0})
    rate.add(_at(23, 59, 50, day=30), {"voltage_a": 250.0})
    # 10 s before midnight (out of limits) end 30 November, the 10 s after start 1 December.
    rate.add(dt.datetime(2026, 12, 1, 0, 0, 10, tzinfo=TZ), {"voltage_a": 221.0})
    assert rate.day is not None
    assert rate.month is not None
    assert (rate.day.period, rate.day.monitored, rate.day.within) == ("2026-12-01", 10, 0)
    assert (rate.month.period, rate.month.monitored) == ("2026-12", 10)
    assert rate.rates(dt.date(2026, 12, 1)) == (0.0, 0.0)
    assert rate.rates(dt.date(2026, 12, 2)) == (None, 0.0)  # a new day, nothing monitored yet


def test_late_samples_never_rewrite_or_reset() -> None:
    """A sample no later than the last counted is dropped: today is not reset by yesterday's."""
    rate = QualificationRate(phases=1)
    rate.add(_at(10), {"voltage_a": 221.0})
    rate.add(_at(10, 1), {"voltage_a": 221.0})
    yesterday = dt.datetime(2026, 10, 31, 9, tzinfo=TZ)
    assert rate.add(yesterday, {"voltage_a": 0.0}) is False
    assert rate.add(_at(10, 0, 30), {"voltage_a": 250.0}) is False  # out of order
    assert rate.add(_at(10, 1), {"voltage_a": 250.0}) is False  # a repeat
    assert rate.late == 3
    assert rate.day is not None
    assert (rate.day.period, rate.day.monitored, rate.day.within) == ("2026-11-01", 60, 60)


def test_nominal_voltage_and_line_voltages() -> None:
    """230/400 V supply: 245 V is within +7 % of 230 V, not of 220 V; line voltages alone count."""
    assert voltage_within_limits({"voltage_a": 245.0}, 1, nominal=230.0) is True
    assert voltage_within_limits({"voltage_a": 245.0}, 1) is False  # 220 V: above +7 %
    three_wire = {"line_voltage_ab": 395.0, "line_voltage_bc": 400.0, "line_voltage_ca": 360.0}
    assert voltage_within_limits(three_wire, 3) is True  # 380 V ± 7 %: 353.4 … 406.6 V
    assert voltage_within_limits(three_wire | {"line_voltage_ca": 350.0}, 3) is False
    assert voltage_within_limits({"voltage_a": 230.0}, 3) is None  # three-phase, two missing


def test_counts_survive_a_restart() -> None:
    rate = QualificationRate(phases=1)
    rate.add(_at(10), {"voltage_a": 221.0})
    rate.add(_at(10, 1), {"voltage_a": 250.0})
    kept = json.loads(json.dumps(rate.as_dict()))
    again = QualificationRate(phases=1)
    again.restore(kept)
    assert again.as_dict() == rate.as_dict()
    assert again.add(_at(10, 0, 30), {"voltage_a": 221.0}) is False  # still knows the last
    again.add(_at(10, 1, 30), {"voltage_a": 221.0})  # the 30 s after the bad sample: bad
    assert again.day is not None
    assert (again.day.monitored, again.day.within) == (90, 60)
    for broken in ("x", {"day": ["2026-11-01", -1, 0]}, {"day": [1, 2]}, {"last": ["no", True]}):
        damaged = QualificationRate(phases=1)
        damaged.restore(broken)
        assert damaged.day is None
        assert damaged.last is None

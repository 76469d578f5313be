"""The box model: physical limits, accepted values and alarm details."""

from __future__ import annotations

import math
from types import MappingProxyType

import pytest

from custom_components.safe_power.box.model import (
    CAUSE_MEASUREMENTS,
    CAUSE_SETTING,
    MAX_CHANNELS,
    QUANTITIES,
    AlarmCause,
    AlarmDetail,
    BoxReading,
    Quantity,
    Unit,
    accept_values,
)


def _reading(values: dict[str, float], settings: dict[str, float] | None = None) -> BoxReading:
    return BoxReading(values=MappingProxyType(values), settings=MappingProxyType(settings or {}))


# --- quantities -------------------------------------------------------------------------------


def test_accept_includes_the_bounds_and_refuses_outside() -> None:
    quantity = Quantity("cable_temperature_a", Unit.CELSIUS, -40, 200, "A")
    assert quantity.accept(-40)
    assert quantity.accept(200)
    assert quantity.accept(65.3)
    assert not quantity.accept(-40.1)
    assert not quantity.accept(200.1)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_accept_refuses_non_finite_values(value: float) -> None:
    quantity = Quantity("energy", Unit.KILOWATT_HOUR, 0, math.inf)
    assert not quantity.accept(value)


@pytest.mark.parametrize(
    ("key", "unit", "inside", "outside"),
    [
        ("voltage_a", "V", 230.0, 500.1),
        ("voltage_c", "V", 0.0, -0.1),
        ("line_voltage_ab", "V", 866.0, 866.1),
        ("current_n", "A", 6300.0, 6300.5),
        ("leakage_current", "mA", 30000.0, 30000.1),
        ("cable_temperature_n", "°C", -40.0, 3276.7),  # 0x7FFF × 0.1 without a marker
        ("box_temperature", "°C", 150.0, 150.1),
        ("active_power", "W", -5_000_000, 5_000_001),
        ("active_power_b", "W", 2_000_000, -2_000_001),
        ("power_factor", "", -1.0, 1.001),
        ("frequency", "Hz", 50.0, 6553.5),  # 0xFFFF × 0.01 without a marker
        ("energy", "kWh", 0.0, -0.01),
    ],
)
def test_quantities_have_their_unit_and_physical_range(
    key: str, unit: str, inside: float, outside: float
) -> None:
    quantity = QUANTITIES[key]
    assert quantity.key == key
    assert quantity.unit == unit
    assert quantity.accept(inside)
    assert not quantity.accept(outside)


def test_every_quantity_has_a_sane_range() -> None:
    assert len(QUANTITIES) == 23 + 2 * MAX_CHANNELS  # 16 leakage and 16 temperature channels
    for key, quantity in QUANTITIES.items():
        assert quantity.key == key
        assert quantity.minimum < quantity.maximum


@pytest.mark.parametrize(
    ("key", "single_phase"),
    [
        ("voltage_a", True),
        ("voltage_b", False),
        ("voltage_c", False),
        ("line_voltage_ab", False),
        ("current_a", True),
        ("current_n", True),
        ("cable_temperature_b", False),
        ("cable_temperature_n", True),
        ("active_power_c", False),
        ("leakage_current", True),
        ("box_temperature", True),
        ("energy", True),
    ],
)
def test_applies_to_single_phase_boxes_only_for_a_n_and_box_values(
    key: str, single_phase: bool
) -> None:
    assert QUANTITIES[key].applies(1) is single_phase
    assert QUANTITIES[key].applies(3)


# --- accept_values ----------------------------------------------------------------------------


def test_accept_values_splits_accepted_and_dropped() -> None:
    accepted, dropped = accept_values(
        {
            "voltage_a": 230.4,
            "voltage_b": None,  # not present: dropped silently
            "cable_temperature_a": 3276.7,  # impossible
            "frequency": math.nan,
            "energy": math.inf,
            "bogus_key": 1.0,
            "leakage_current": 0.0,
        }
    )
    assert accepted == {"voltage_a": 230.4, "leakage_current": 0.0}
    assert sorted(dropped) == ["bogus_key", "cable_temperature_a", "energy", "frequency"]


def test_accept_values_of_nothing() -> None:
    assert accept_values({}) == ({}, [])
    assert accept_values({"voltage_a": None}) == ({}, [])


# --- alarm details ----------------------------------------------------------------------------


def test_overcurrent_reports_the_highest_current_and_its_threshold() -> None:
    reading = _reading(
        {"current_a": 125.4, "current_b": 98.7, "current_c": 131.0, "voltage_a": 230.0},
        {"overcurrent_threshold": 120.0, "leakage_threshold": 500.0},
    )
    assert reading.alarm_detail(AlarmCause.OVERCURRENT) == AlarmDetail(
        AlarmCause.OVERCURRENT, 131.0, 120.0, "current_c", "A"
    )


def test_undervoltage_reports_the_lowest_voltage() -> None:
    reading = _reading(
        {"voltage_a": 231.0, "voltage_b": 187.5, "voltage_c": 229.0, "current_a": 10.0},
        {"undervoltage_threshold": 198.0, "overvoltage_threshold": 253.0},
    )
    detail = reading.alarm_detail(AlarmCause.UNDERVOLTAGE)
    assert (detail.value, detail.channel, detail.threshold, detail.unit) == (
        187.5,
        "voltage_b",
        198.0,
        "V",
    )
    over = reading.alarm_detail(AlarmCause.OVERVOLTAGE)
    assert (over.value, over.channel, over.threshold) == (231.0, "voltage_a", 253.0)


def test_phase_loss_reports_the_lowest_voltage_without_threshold() -> None:
    reading = _reading({"voltage_a": 230.0, "voltage_b": 0.0, "voltage_c": 229.0})
    detail = reading.alarm_detail(AlarmCause.PHASE_LOSS)
    assert (detail.value, detail.channel, detail.threshold, detail.unit) == (
        0.0,
        "voltage_b",
        None,
        "V",
    )


def test_leakage_and_temperatures_use_their_units() -> None:
    reading = _reading(
        {
            "leakage_current": 523.0,
            "cable_temperature_a": 48.6,
            "cable_temperature_n": 91.2,
            "box_temperature": 35.0,
        },
        {"leakage_threshold": 500.0, "cable_temperature_threshold": 70.0},
    )
    leakage = reading.alarm_detail(AlarmCause.LEAKAGE)
    assert (leakage.value, leakage.channel, leakage.threshold, leakage.unit) == (
        523.0,
        "leakage_current",
        500.0,
        "mA",
    )
    cable = reading.alarm_detail(AlarmCause.CABLE_OVER_TEMPERATURE)
    assert (cable.value, cable.channel, cable.threshold, cable.unit) == (
        91.2,
        "cable_temperature_n",
        70.0,
        "°C",
    )
    box = reading.alarm_detail(AlarmCause.BOX_OVER_TEMPERATURE)
    assert (box.value, box.threshold, box.unit) == (35.0, None, "°C")


@pytest.mark.parametrize(
    "cause",
    [
        AlarmCause.UNBALANCE,
        AlarmCause.SENSOR_FAULT,
        AlarmCause.CONTACTOR_TRIPPED,
        AlarmCause.OFFLINE,
    ],
)
def test_causes_without_a_measurement_have_no_value(cause: AlarmCause) -> None:
    reading = _reading({"current_a": 10.0, "voltage_a": 230.0}, {"overcurrent_threshold": 1.0})
    assert reading.alarm_detail(cause) == AlarmDetail(cause, None, None, None, None)


def test_missing_values_still_give_the_threshold() -> None:
    reading = _reading({}, {"overcurrent_threshold": 63.0})
    assert reading.alarm_detail(AlarmCause.OVERCURRENT) == AlarmDetail(
        AlarmCause.OVERCURRENT, None, 63.0, None, None
    )
    # a channel the box does not have is skipped, the others still count
    partial = _reading({"current_b": 12.0})
    assert partial.alarm_detail(AlarmCause.OVERCURRENT).channel == "current_b"


def test_cause_tables_only_name_known_measurements() -> None:
    for keys in CAUSE_MEASUREMENTS.values():
        assert keys
        assert all(key in QUANTITIES for key in keys)
    assert set(CAUSE_SETTING) <= set(CAUSE_MEASUREMENTS)


def test_alarm_cause_values_are_stable() -> None:
    assert [cause.value for cause in AlarmCause] == [
        "overcurrent",
        "cable_over_temperature",
        "box_over_temperature",
        "leakage",
        "overvoltage",
        "undervoltage",
        "phase_loss",
        "supply_outage",
        "unbalance",
        "sensor_fault",
        "contactor_tripped",
        "offline",
    ]


def test_empty_reading_defaults() -> None:
    reading = BoxReading()
    assert dict(reading.values) == {}
    assert reading.alarms == frozenset()
    assert reading.contactor_closed is None
    assert dict(reading.settings) == {}

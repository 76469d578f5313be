"""The bands a measurement must leave before a new state is worth writing (box/deadband.py)."""

from __future__ import annotations

import pytest

from custom_components.safe_power.box.deadband import BANDS, Band, worth_showing
from custom_components.safe_power.box.model import QUANTITIES


def test_every_measurement_has_a_band() -> None:
    """A measurement without a band would write every wobble on a large site."""
    assert set(QUANTITIES) <= set(BANDS)


@pytest.mark.parametrize(
    ("key", "shown", "within", "outside"),
    [
        ("voltage_a", 230.0, 230.9, 231.0),
        ("line_voltage_ab", 400.0, 399.1, 399.0),
        ("current_a", 2.0, 2.09, 2.1),  # a tenth of an ampere on a small circuit
        ("current_a", 400.0, 407.9, 408.0),  # 2 % of a feeder
        ("leakage_current", 36.0, 36.9, 37.0),
        ("leakage_current_3", 36.0, 35.1, 35.0),
        ("cable_temperature_a", 41.5, 41.9, 42.0),
        ("box_temperature", 30.0, 29.6, 29.5),
        ("active_power", 500.0, 519.0, 520.0),
        ("active_power", 50_000.0, 50_999.0, 51_000.0),
        ("power_factor", 0.95, 0.941, 0.94),
        ("frequency", 50.0, 50.04, 50.05),
        ("energy", 18234.5, 18235.4, 18235.5),
        ("voltage_unbalance", 2.2, 2.6, 2.7),
        ("voltage_qualification_rate", 99.0, 98.95, 98.9),
        ("cable_temperature_margin", 12.0, 11.6, 11.5),  # moves with the cables' temperatures
    ],
)
def test_a_band_is_left_at_its_edge(key: str, shown: float, within: float, outside: float) -> None:
    """Within the band: held (until the heartbeat); at its edge or beyond: shown."""
    band = BANDS[key]
    assert not band.moved(shown, within)
    assert band.moved(shown, outside)


def test_negative_values_use_their_size() -> None:
    """An exporting feeder's power (negative) has the same relative band."""
    band = Band(20.0, 0.02)
    assert not band.moved(-50_000.0, -50_999.0)
    assert band.moved(-50_000.0, -51_000.0)


def test_the_heartbeat_shows_a_drift_and_nothing_shows_a_still_value() -> None:
    """A value that moved a little is shown once the heartbeat is due; an equal one never."""
    band = Band(1.0)
    assert not worth_showing(band, 230.0, 230.5, since_shown=299.0, heartbeat=300.0)
    assert worth_showing(band, 230.0, 230.5, since_shown=300.0, heartbeat=300.0)
    assert not worth_showing(band, 230.0, 230.0, since_shown=3600.0, heartbeat=300.0)
    assert worth_showing(band, 230.0, 231.0, since_shown=0.0, heartbeat=300.0)

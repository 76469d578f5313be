"""Early warnings: the leakage baseline's trend and the cable temperature's margin."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import math
import random

import pytest

from custom_components.safe_power.box.trend import (
    MIN_SPAN,
    Sample,
    cable_peak_slope,
    cable_temperature,
    leakage_trend,
)

T0 = datetime(2026, 11, 1, tzinfo=UTC)
STEP = timedelta(minutes=15)


def _creep(days: float, start: float, end: float, *, noise: float = 0.0) -> list[Sample]:
    """Leakage rising from `start` to `end` mA, on top of an appliance's 0.8 mA per A of load."""
    rng = random.Random(7)
    n = int(days * 96)
    samples: list[Sample] = []
    for i in range(n + 1):
        time = T0 + i * STEP
        hour = time.hour + time.minute / 60
        load = 10 + 25 * max(0.0, math.sin((hour - 6) / 24 * 2 * math.pi))  # a daily rhythm
        base = start + (end - start) * i / n
        leakage = base + 0.8 * (load - 10) + rng.uniform(-noise, noise)
        samples.append((time, {"leakage_current": leakage, "current_a": load}))
    return samples


def test_leakage_creeping_80_to_260_in_five_days() -> None:
    """The field scenario: 36 mA a day, the load's share taken off."""
    trend = leakage_trend(_creep(5, 80, 260, noise=3))
    assert trend is not None
    assert trend.slope == pytest.approx(36, abs=1.5)
    assert trend.baseline == pytest.approx(260, abs=5)
    assert trend.start_baseline == pytest.approx(80, abs=5)
    assert trend.per_ampere == pytest.approx(0.8, abs=0.05)
    assert trend.r2 > 0.98
    assert trend.days == pytest.approx(5)
    days = trend.days_to(300)
    assert days == pytest.approx((300 - trend.baseline) / trend.slope)
    assert 0.8 < days < 1.4
    assert trend.days_to(None) is None
    assert trend.days_to(200) == 0.0  # past it already


def test_a_flat_or_falling_leakage_never_reaches_the_limit() -> None:
    flat = leakage_trend(_creep(4, 30, 30))
    assert flat is not None
    assert flat.slope == pytest.approx(0, abs=0.01)
    assert flat.days_to(300) is None
    falling = leakage_trend(_creep(4, 120, 60, noise=2))
    assert falling is not None
    assert falling.slope == pytest.approx(-15, abs=1)
    assert falling.days_to(300) is None


def test_too_little_history_says_nothing() -> None:
    samples = _creep(1.9, 80, 150)
    assert samples[-1][0] - samples[0][0] < MIN_SPAN
    assert leakage_trend(samples) is None
    assert leakage_trend([]) is None
    no_leakage = [(t, {"current_a": 5.0}) for t, _ in _creep(3, 1, 2)]
    assert leakage_trend(no_leakage) is None


def test_cable_temperature_margin_and_daily_peaks() -> None:
    samples: list[Sample] = []
    for i in range(5 * 96):
        time = T0 + i * STEP
        peak = 50 + 2 * (i // 96)  # each day's peak 2 K hotter
        hour = time.hour + time.minute / 60
        temp = 30 + (peak - 30) * max(0.0, math.sin((hour - 6) / 24 * 2 * math.pi))
        samples.append(
            (time, {"cable_temperature_a": temp - 3, "cable_temperature_b": temp, "current_a": 20})
        )
    slope = cable_peak_slope(samples)
    assert slope == pytest.approx(2, abs=0.05)  # four whole days of peaks, the fifth running
    assert cable_peak_slope(samples[: 3 * 96]) is None  # two whole days only
    now = samples[-1][1]
    result = cable_temperature(now, slope, 70.0)
    assert result is not None
    assert result.conductor == "b"
    assert result.hottest == now["cable_temperature_b"]
    assert result.margin == pytest.approx(70 - now["cable_temperature_b"])
    # At +2 K a day from the margin now (the evening, off-peak) to the setting.
    assert result.days_to_limit() == pytest.approx(result.margin / slope)
    unset = cable_temperature(now, slope, None)
    assert unset is not None
    assert unset.days_to_limit() is None


def test_cable_temperature_without_history_or_cables() -> None:
    result = cable_temperature({"cable_temperature_n": 41.0}, None, 70.0)
    assert result is not None
    assert (result.conductor, result.margin, result.slope) == ("n", 29.0, None)
    assert result.days_to_limit() is None
    assert cable_temperature({"current_a": 3.0}, 1.0, 70.0) is None
    hot = cable_temperature({"cable_temperature_a": 75.0}, None, 70.0)
    assert hot is not None
    assert hot.margin == -5.0
    assert hot.days_to_limit() == 0.0  # above the setting already
    steady = [(T0 + i * STEP, {"cable_temperature_a": 40.0}) for i in range(5 * 96)]
    assert cable_peak_slope(steady) == 0.0

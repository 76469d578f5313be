"""The fleet's per-box history: packed, only what the diagnosis and trends read, stored compactly.

A reading of a reference box has 23 measurements; the history keeps the twelve that the
diagnosis rules (box/diagnosis.py) and the early-warning trends (box/trend.py) read, packed in
arrays (`History`). These tests check that nothing they read was dropped: every rule and trend
gives the same answer on the packed history as on the whole readings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
import json
import math
import random
from typing import Any

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.safe_power.box.diagnosis import NeighbourFacts, diagnose
from custom_components.safe_power.box.history import (
    HISTORY_KEYS,
    History,
    Packed,
    restore,
    samples_in,
    samples_out,
    snapshot,
)
from custom_components.safe_power.box.model import AlarmCause
from custom_components.safe_power.box.profile import load_profiles
from custom_components.safe_power.box.trend import cable_peak_slope, leakage_trend
from tests.box.test_diagnosis import (
    HOUR,
    MINUTE,
    leakage_days,
    ramp,
    series,
    switching,
    three_phase,
)

REFERENCE = sorted(load_profiles()["safe_power_reference"].measurements)

type Values = Callable[[int, random.Random], dict[str, float]]


def whole(values: Values) -> Values:
    """Add every other measurement of a reference box to a scenario's readings."""

    def reading(i: int, rnd: random.Random) -> dict[str, float]:
        found = values(i, rnd)
        others = {k: round(rnd.uniform(1, 400), 1) for k in REFERENCE if k not in found}
        return {**others, **found}

    return reading


def utc(
    samples: list[tuple[datetime, dict[str, float]]],
) -> list[tuple[datetime, dict[str, float]]]:
    """Return samples at UTC times, as the hubs give them (the texts show the sample's zone)."""
    return [(when.astimezone(UTC), values) for when, values in samples]


def thousandths(
    samples: list[tuple[datetime, dict[str, float]]],
) -> list[tuple[datetime, dict[str, float]]]:
    """Return the history's keys of samples rounded to the thousandth, as the history keeps them."""
    return [
        (when, {k: round(v, 3) for k, v in values.items() if k in HISTORY_KEYS})
        for when, values in samples
    ]


def packed(samples: list[tuple[datetime, dict[str, float]]]) -> History:
    history = History(len(samples) + 10)
    for sample in samples:
        history.append(sample)
    return history


SCENARIOS: list[tuple[str, list[tuple[datetime, dict[str, float]]], dict[str, Any]]] = [
    (
        "loose terminal",
        series(20, MINUTE, whole(three_phase((41, 68, 40), (50, 52, 49)))),
        {"cause": AlarmCause.CABLE_OVER_TEMPERATURE},
    ),
    ("overload", series(30, 10 * MINUTE, whole(ramp(80.0))), {}),
    (
        "insulation ageing",
        series(24 * 4, HOUR, whole(leakage_days(4, 10.0))),
        {"cause": "leakage", "settings": {"leakage_threshold": 300.0}},
    ),
    ("faulty appliance", series(90, MINUTE, whole(switching(35, 5))), {"cause": "leakage"}),
    (
        "neutral fault",
        [
            (
                datetime(2026, 3, 1, tzinfo=UTC),
                {**dict.fromkeys(REFERENCE, 50.0), "voltage_a": 245.0, "voltage_b": 200.0}
                | {"voltage_c": 221.0},
            )
        ],
        {"neighbours": NeighbourFacts()},
    ),
]


@pytest.mark.parametrize(("name", "samples", "kwargs"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_the_packed_history_diagnoses_as_the_whole_readings(
    name: str, samples: list[Any], kwargs: dict[str, Any]
) -> None:
    del name
    samples = utc(samples)
    expected = [d.as_dict() for d in diagnose(samples, **kwargs)]
    assert expected  # the scenario's rule fires (with the other values, others may too)
    history = packed(samples)
    assert [d.as_dict() for d in diagnose(list(history), **kwargs)] == expected
    # The trends read the same samples, to the thousandth the history keeps (as stored).
    assert leakage_trend(list(history)) == leakage_trend(thousandths(samples))
    assert cable_peak_slope(list(history)) == cable_peak_slope(thousandths(samples))


def test_a_history_keeps_the_newest_samples_like_a_deque() -> None:
    t0 = datetime(2026, 11, 1, 8, 0, 0, 123456, tzinfo=UTC)
    history = History(10)
    assert not history
    history.append((t0, {"energy": 1.0}))  # nothing the history keeps: not a sample
    assert len(history) == 0
    for i in range(25):
        history.append((t0 + i * timedelta(seconds=15), {"voltage_a": 230.0 + i, "energy": 5.0}))
        assert len(history) == min(i + 1, 10)
        assert history[-1] == (t0 + i * timedelta(seconds=15), {"voltage_a": 230.0 + i})
    assert [v["voltage_a"] for _t, v in history] == [245.0 + i for i in range(10)]
    assert history[0][0] == t0 + 15 * timedelta(seconds=15)  # exact to the microsecond
    with pytest.raises(IndexError):
        history[10]
    last = history.copy(3)
    assert [v["voltage_a"] for _t, v in last] == [252.0, 253.0, 254.0]
    history.clear()
    assert not history
    assert len(last) == 3  # a copy does not change with the history


def test_packed_values_are_a_mapping_of_what_was_reported() -> None:
    history = History(2)
    history.append((datetime(2026, 1, 1, tzinfo=UTC), {"current_a": 0.0, "box_temperature": 3.0}))
    values = history[0][1]
    assert isinstance(values, Packed)
    assert dict(values) == {"current_a": 0.0}  # zero is a value, an absent key is not
    assert "current_b" not in values
    assert values.get("box_temperature") is None  # not kept
    assert len(values) == 1


def test_samples_are_stored_in_the_order_of_their_keys() -> None:
    when = datetime(2026, 11, 1, 8, 0, 0, tzinfo=UTC)
    samples = [(when, {"voltage_a": 230.00000000000003, "leakage_current": 41.0})]
    stored = samples_out(samples)
    assert stored == [
        [when.timestamp(), 230.0, *([None] * (len(HISTORY_KEYS) - 2)), 41.0],
    ]
    assert [(t, dict(v)) for t, v in samples_in(stored)] == [
        (when, {"voltage_a": 230.0, "leakage_current": 41.0})
    ]
    # What earlier versions stored: every key by name, and the coarse samples beside the fine.
    old = {
        "samples": {
            "SP1": {
                "fine": [[when.timestamp(), {"voltage_a": 231.0, "energy": 9.0}]],
                "coarse": [[when.timestamp(), {"leakage_current": 40.0}], "junk"],
            }
        }
    }
    fine, coarse = restore(old, None)["SP1"]
    assert [dict(v) for _t, v in fine] == [{"voltage_a": 231.0}]
    assert [dict(v) for _t, v in coarse] == [{"leakage_current": 40.0}]
    # The coarse document of this version replaces them; its own key order is used.
    newer = {"keys": ["leakage_current", "voltage_a"], "coarse": {"SP1": [[1.8e9, 42.0, None]]}}
    fine, coarse = restore(old, newer)["SP1"]
    assert [dict(v) for _t, v in coarse] == [{"leakage_current": 42.0}]
    assert len(fine) == 1


def test_values_are_kept_to_the_thousandth_and_read_as_written() -> None:
    when = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    history = History(4)
    history.append((when, {"voltage_a": 293.4, "current_a": 12.3456, "leakage_current": -0.0004}))
    values = history[0][1]
    # 293.4 reads back as 293.4, not as a float32's 293.3999938964844 (a diagnosis quotes it).
    assert dict(values) == {"voltage_a": 293.4, "current_a": 12.346, "leakage_current": 0.0}
    assert dict(values.items()) == dict(values)
    # Thousandths in 4-byte integers and the time in 8: 56 bytes a sample, not 104.
    for i in range(1, 4):
        history.append((when + timedelta(seconds=i), {"voltage_b": 230.0}))
    stored = history._times.itemsize * len(history._times)
    stored += history._values.itemsize * len(history._values)
    assert stored == 56 * len(history) == 56 * 4


@pytest.mark.parametrize(
    "bad", [math.nan, math.inf, -math.inf, 2_147_483.648, -2_147_483.648, 1e300, "230", None]
)
def test_a_value_the_history_cannot_keep_is_absent(bad: Any) -> None:
    history = History(2)
    when = datetime(2026, 11, 1, tzinfo=UTC)
    history.append((when, {"voltage_a": bad, "voltage_b": 2_147_483.647}))
    assert dict(history[0][1]) == {"voltage_b": 2_147_483.647}
    history.append((when, {"voltage_a": bad}))  # nothing kept: not a sample
    assert len(history) == 1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(HISTORY_KEYS),
            st.floats(min_value=-1000, max_value=100_000, allow_nan=False),
            min_size=1,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_a_restart_reads_the_history_as_it_was(readings: list[dict[str, float]]) -> None:
    """What is stored and read back after a restart equals what was kept before it."""
    t0 = datetime(2026, 11, 1, 8, 0, 0, 250000, tzinfo=UTC)
    history = History(10)
    for i, reading in enumerate(readings):
        history.append((t0 + i * timedelta(seconds=10), reading))
    stored = json.loads(json.dumps(snapshot([], {"SP1": history.copy()})))
    fine, coarse = restore(stored, None)["SP1"]
    assert coarse == []
    assert [(t, dict(v)) for t, v in fine] == [(t, dict(v)) for t, v in history]

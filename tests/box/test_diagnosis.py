"""Diagnosis rules on simulated series: each rule fires on its pattern and not on a near miss."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
import hashlib
import json
import math
import random
import statistics
from types import MappingProxyType
from typing import Final

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.safe_power.box.correlation import Correlator
from custom_components.safe_power.box.diagnosis import (
    Diagnosis,
    NeighbourFacts,
    _clean,
    _clean_values,
    _steps,
    _time_median,
    _usual,
    diagnose,
    prepare,
)
from custom_components.safe_power.box.model import AlarmCause
from custom_components.safe_power.box.places import Place

TZ = timezone(timedelta(hours=8))
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=TZ)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)

type Series = list[tuple[datetime, dict[str, float]]]


def series(
    count: int, step: timedelta, values: Callable[[int, random.Random], dict[str, float]]
) -> Series:
    rnd = random.Random(7)
    return [(T0 + i * step, values(i, rnd)) for i in range(count)]


def rules(found: list[Diagnosis]) -> list[str]:
    return [d.rule for d in found]


def by_rule(found: list[Diagnosis], rule: str) -> Diagnosis:
    return next(d for d in found if d.rule == rule)


# --- loose terminal ---------------------------------------------------------------------------


def three_phase(
    temperatures: tuple[float, float, float], currents: tuple[float, float, float]
) -> Callable[[int, random.Random], dict[str, float]]:
    def values(_: int, rnd: random.Random) -> dict[str, float]:
        return {
            **{
                f"cable_temperature_{p}": t + rnd.gauss(0, 0.3)
                for p, t in zip("abc", temperatures, strict=True)
            },
            **{f"current_{p}": i + rnd.gauss(0, 0.5) for p, i in zip("abc", currents, strict=True)},
            "box_temperature": 30.0,
        }

    return values


def test_one_hot_phase_with_normal_current_is_a_loose_terminal() -> None:
    history = series(20, MINUTE, three_phase((41, 68, 40), (50, 52, 49)))
    found = diagnose(history, cause=AlarmCause.CABLE_OVER_TEMPERATURE)
    assert rules(found)[0] == "loose_terminal"
    assert "overload" not in rules(found)
    top = found[0]
    assert top.evidence["conductor"] == "b"
    assert top.evidence["persistence"] == 1.0
    assert 0.8 <= top.confidence <= 0.95
    assert "loose terminal" in top.en
    assert "phase B" in top.en
    assert "松动" in top.zh
    assert "接触不良" in top.zh
    assert "接触电阻增大" in top.zh
    assert "B相" in top.zh


def test_a_loose_neutral_terminal_in_a_single_phase_box() -> None:
    history = series(
        10,
        MINUTE,
        lambda _i, _r: {
            "cable_temperature_a": 38.0,
            "cable_temperature_n": 61.0,
            "current_a": 20.0,
            "current_n": 20.0,
        },
    )
    top = diagnose(history)[0]
    assert top.rule == "loose_terminal"
    assert top.evidence["conductor"] == "n"
    assert "零线(N)" in top.zh


@pytest.mark.parametrize(
    ("temperatures", "currents"),
    [
        ((41, 54, 40), (50, 52, 49)),  # only 13 K hotter: within the normal spread
        ((20, 36, 20), (5, 5, 5)),  # 16 K hotter, but only 36 °C
        ((41, 68, 40), (50, 90, 49)),  # the hot phase carries far more current
    ],
)
def test_loose_terminal_near_misses(
    temperatures: tuple[float, float, float], currents: tuple[float, float, float]
) -> None:
    history = series(20, MINUTE, three_phase(temperatures, currents))
    assert "loose_terminal" not in rules(diagnose(history))


def test_loose_terminal_without_currents_is_less_sure() -> None:
    history = [(T0, {"cable_temperature_a": 41.0, "cable_temperature_b": 68.0})]
    found = diagnose(history)
    assert rules(found) == ["loose_terminal"]
    assert found[0].confidence < 0.7
    assert found[0].evidence["current"] is None
    assert "没有上报电流" in found[0].zh


def test_a_loose_terminal_is_not_one_near_the_overcurrent_setting() -> None:
    history = series(20, MINUTE, three_phase((41, 68, 40), (50, 52, 49)))
    found = diagnose(history, settings={"overcurrent_threshold": 55.0})
    assert "loose_terminal" not in rules(found)
    assert "overload" in rules(found)


# --- overload ---------------------------------------------------------------------------------


def ramp(peak: float, hot: bool = True) -> Callable[[int, random.Random], dict[str, float]]:
    """Phase A's load rises over the last third of the series; its cable heats with I²."""

    def values(i: int, rnd: random.Random) -> dict[str, float]:
        load = 40.0 if i < 20 else 40.0 + (peak - 40.0) * (i - 19) / 10
        rise = 42.0 if hot else 12.0
        return {
            "current_a": load + rnd.gauss(0, 0.5),
            "current_b": 40.0,
            "current_c": 40.0,
            "cable_temperature_a": 30 + rise * (load / peak) ** 2,
            "cable_temperature_b": 30 + rise * (40 / peak) ** 2,
            "cable_temperature_c": 30 + rise * (40 / peak) ** 2,
        }

    return values


def test_hot_with_high_current_is_an_overload() -> None:
    history = series(30, 10 * MINUTE, ramp(80.0))
    found = diagnose(history)
    assert rules(found) == ["overload"]
    top = found[0]
    assert top.evidence["conductor"] == "a"
    assert top.evidence["temperature"] == pytest.approx(72, abs=1)
    assert top.evidence["usual_current"] == pytest.approx(40, abs=1)
    assert top.evidence["tracking"] > 0.9
    assert "overloaded" in top.en
    assert "过负荷" in top.zh
    assert "70 °C" in top.zh


def test_overload_by_the_setting_or_the_detector() -> None:
    hot = [
        (
            T0,
            {
                "current_a": 95.0,
                "current_b": 93.0,
                "current_c": 96.0,
                "cable_temperature_a": 66.0,
                "cable_temperature_b": 65.0,
                "cable_temperature_c": 67.0,
            },
        )
    ]
    assert rules(diagnose(hot)) == []  # hot and loaded, but loaded compared with what?
    found = diagnose(hot, settings={"overcurrent_threshold": 100.0})
    assert rules(found) == ["overload"]
    assert "95%" in found[0].en
    assert "过流整定值" in found[0].zh
    assert rules(diagnose(hot, cause="overcurrent")) == ["overload"]


def test_overload_near_misses() -> None:
    # High current, but the cable stays cool: no heat problem (yet).
    assert rules(diagnose(series(30, 10 * MINUTE, ramp(80.0, hot=False)))) == []
    # Hot, but the current is as usual and does not drive the temperature: not an overload.
    steady = series(30, 10 * MINUTE, three_phase((64, 65, 66), (40, 41, 40)))
    assert "overload" not in rules(diagnose(steady))


# --- insulation ageing ------------------------------------------------------------------------


def leakage_days(
    days: float, per_day: float, step_at: float | None = None
) -> Callable[[int, random.Random], dict[str, float]]:
    """Hourly leakage: a baseline creeping `per_day`, a little more while loads run by day."""

    def values(i: int, rnd: random.Random) -> dict[str, float]:
        day = i / 24
        loaded = 8 <= i % 24 <= 20
        base = 40.0 + (per_day * day if step_at is None else 40.0 * (day >= step_at))
        return {
            "leakage_current": base + (4.0 if loaded else 0.0) + rnd.gauss(0, 2),
            "current_a": 10.0 + (20.0 if loaded else 0.0) + rnd.gauss(0, 0.5),
            "current_b": 12.0,
            "current_c": 11.0,
        }

    del days
    return values


def test_leakage_creeping_up_over_days_is_insulation_ageing() -> None:
    history = series(24 * 4, HOUR, leakage_days(4, 10.0))
    found = diagnose(history, cause="leakage", settings={"leakage_threshold": 300.0})
    assert rules(found) == ["insulation_ageing"]
    top = found[0]
    assert top.evidence["slope"] == pytest.approx(10, abs=1.5)
    assert top.evidence["start_baseline"] == pytest.approx(40, abs=4)
    assert top.evidence["days_to_threshold"] == pytest.approx(22, abs=3)
    assert "insulation" in top.en
    assert "绝缘老化" in top.zh
    assert "兆欧表" in top.zh


@pytest.mark.parametrize(
    ("count", "step", "per_day", "step_at"),
    [
        (24 * 4, HOUR, 0.0, None),  # flat, noisy
        (24 * 4, HOUR, 3.0, None),  # too slow to tell from drift
        (48, 15 * MINUTE, 80.0, None),  # a 40 mA rise within 12 hours: not "over days"
        (24 * 4, HOUR, 0.0, 2.0),  # a jump of 40 mA on day 2: a step, not a creep
    ],
)
def test_insulation_ageing_near_misses(
    count: int, step: timedelta, per_day: float, step_at: float | None
) -> None:
    history = series(count, step, leakage_days(4, per_day, step_at))
    assert "insulation_ageing" not in rules(diagnose(history))


# --- faulty appliance -------------------------------------------------------------------------


def switching(
    leak_step: float, current_step: float
) -> Callable[[int, random.Random], dict[str, float]]:
    """A load switches on at minute 30 and off at minute 60."""

    def values(i: int, rnd: random.Random) -> dict[str, float]:
        on = 30 <= i < 60
        return {
            "leakage_current": 50 + (leak_step if on else 0) + rnd.gauss(0, 1.5),
            "current_a": 20 + (current_step if on else 0) + rnd.gauss(0, 0.3),
            "current_b": 10.0,
            "current_c": 12.0,
        }

    return values


def test_leakage_stepping_with_a_load_is_a_faulty_appliance() -> None:
    history = series(90, MINUTE, switching(35, 5))
    found = diagnose(history, cause="leakage")
    assert rules(found) == ["faulty_appliance"]
    top = found[0]
    assert top.evidence["time"] == (T0 + 30 * MINUTE).isoformat()
    assert top.evidence["leakage_step"] == pytest.approx(35, abs=3)
    assert top.evidence["current_step"] == pytest.approx(5, abs=0.5)
    assert top.evidence["conductor"] == "a"
    assert top.evidence["returned"] is True
    assert "appliance" in top.en
    assert "设备本身漏电" in top.zh


def test_a_step_is_told_by_the_samples_it_names() -> None:
    """60 → 340 mA when a load switches on, then creeping to 400 mA: the jump is 280 mA."""

    def values(i: int, _: random.Random) -> dict[str, float]:
        leakage = 60.0 if i < 30 else 340.0 if i == 30 else 400.0
        return {"leakage_current": leakage, "current_a": 10.0 if i < 30 else 15.0}

    top = by_rule(diagnose(series(50, MINUTE, values)), "faulty_appliance")
    assert (top.evidence["leakage_before"], top.evidence["leakage_after"]) == (60.0, 340.0)
    assert top.evidence["leakage_step"] == 280.0
    assert top.evidence["current_step"] == 5.0
    assert "jumped by 280 mA (from 60 to 340 mA)" in top.en
    assert "剩余电流由60 mA跳升至340 mA（增加280 mA）" in top.zh


def test_a_step_that_stays_is_less_sure() -> None:
    history = series(50, MINUTE, switching(35, 5))  # switched on at 30, still on
    top = diagnose(history)[0]
    assert top.rule == "faulty_appliance"
    assert top.evidence["returned"] is False
    assert top.confidence < diagnose(series(90, MINUTE, switching(35, 5)))[0].confidence


@pytest.mark.parametrize(
    ("leak_step", "current_step"),
    [
        (35, 0),  # leakage steps with no load change
        (0, 5),  # a load switches, leakage unchanged
        (15, 5),  # a small leakage step, within what a healthy load adds
    ],
)
def test_faulty_appliance_near_misses(leak_step: float, current_step: float) -> None:
    history = series(90, MINUTE, switching(leak_step, current_step))
    assert "faulty_appliance" not in rules(diagnose(history))


def test_a_single_spike_is_no_step() -> None:
    history = series(40, MINUTE, switching(0, 0))
    history[20][1]["leakage_current"] = 120.0
    history[20][1]["current_a"] = 30.0
    assert rules(diagnose(history)) == []


# --- neighbours -------------------------------------------------------------------------------

UNBALANCED = [(T0, {"voltage_a": 230.0, "voltage_b": 220.0, "voltage_c": 212.0})]


def test_unbalance_shared_by_neighbours_is_on_the_supply_side() -> None:
    facts = NeighbourFacts(unbalanced=("b2", "b3"))
    found = diagnose(UNBALANCED, cause=AlarmCause.UNBALANCE, neighbours=facts)
    assert rules(found) == ["supply_side"]
    assert found[0].evidence["neighbours"] == ["b2", "b3"]
    # GB/T 15543 by hand: V1 = 662 / 3 = 220.67 V, V2 = |230 + 220∠120° + 212∠240°| / 3 = 5.21 V.
    assert found[0].evidence["voltage_unbalance"] == pytest.approx(2.36, abs=0.005)
    assert "supply side" in found[0].en
    assert "上级供电侧" in found[0].zh


def test_unbalance_near_misses() -> None:
    # Unbalanced here only: not the supply side.
    assert rules(diagnose(UNBALANCED, neighbours=NeighbourFacts())) == []
    # Neighbours unbalanced, this box balanced and not alarming.
    balanced = [(T0, {"voltage_a": 221.0, "voltage_b": 220.0, "voltage_c": 219.0})]
    assert rules(diagnose(balanced, neighbours=NeighbourFacts(unbalanced=("b2",)))) == []


def test_shared_voltage_alarm_is_on_the_supply_side() -> None:
    facts = NeighbourFacts(cause=AlarmCause.UNDERVOLTAGE, same_cause=("b2", "b3", "b4"))
    found = diagnose([], cause=AlarmCause.UNDERVOLTAGE, neighbours=facts)
    assert rules(found) == ["supply_side"]
    assert "欠压" in found[0].zh
    other = NeighbourFacts(cause=AlarmCause.OVERVOLTAGE, same_cause=("b2",))
    assert rules(diagnose([], cause=AlarmCause.UNDERVOLTAGE, neighbours=other)) == []


def test_from_correlation_collects_unbalance_alarms() -> None:
    corr = Correlator()
    corr.place("x", Place(x=0, y=0))
    corr.place("y", Place(x=5, y=0))
    corr.record("x", AlarmCause.UNBALANCE, received=T0)
    corr.record("y", AlarmCause.UNBALANCE, received=T0 + 10 * timedelta(seconds=1))
    facts = NeighbourFacts.from_correlation(
        neighbour_alarms=corr.neighbour_alarms("x", AlarmCause.UNBALANCE, 50, 60)
    )
    assert facts.unbalanced == ("y",)
    assert rules(diagnose(UNBALANCED, cause="unbalance", neighbours=facts)) == ["supply_side"]


def test_one_phase_high_and_one_low_is_a_neutral_fault() -> None:
    history = [(T0, {"voltage_a": 245.0, "voltage_b": 200.0, "voltage_c": 221.0})]
    found = diagnose(history, neighbours=NeighbourFacts())
    assert rules(found) == ["neutral_fault"]
    assert "broken neutral" in found[0].en
    assert "断零" in found[0].zh
    # Near misses: a phase loss (one phase low only), and a shift shared by neighbours.
    phase_loss = [(T0, {"voltage_a": 0.0, "voltage_b": 221.0, "voltage_c": 222.0})]
    assert "neutral_fault" not in rules(diagnose(phase_loss))
    shared = diagnose(history, neighbours=NeighbourFacts(unbalanced=("b2",)))
    assert rules(shared) == ["supply_side"]


def test_shared_over_temperature_is_heat_from_outside() -> None:
    facts = NeighbourFacts(cause=AlarmCause.BOX_OVER_TEMPERATURE, same_cause=("b2", "b3"))
    found = diagnose([], cause=AlarmCause.BOX_OVER_TEMPERATURE, neighbours=facts)
    assert rules(found) == ["nearby_heat"]
    assert "着火" in found[0].zh
    assert rules(diagnose([], cause=AlarmCause.LEAKAGE, neighbours=facts)) == []


def test_several_neighbours_offline_together_is_an_area_outage() -> None:
    facts = NeighbourFacts(offline_together=("b2", "b3"), online_nearby=4)
    found = diagnose([], neighbours=facts)
    assert rules(found) == ["area_outage"]
    assert found[0].evidence == {"neighbours": ["b2", "b3"], "still_online": 4}
    assert "区域停电" in found[0].zh
    # Near miss: one neighbour is not "several".
    assert rules(diagnose([], neighbours=NeighbourFacts(offline_together=("b2",)))) == []


def test_offline_right_after_an_alarm_is_a_trip_or_fire_damage() -> None:
    facts = NeighbourFacts(offline_after=AlarmCause.CABLE_OVER_TEMPERATURE, offline_gap=12.0)
    found = diagnose([], cause="offline", neighbours=facts)
    assert rules(found) == ["trip_or_fire_damage"]
    assert found[0].confidence == 0.7
    assert "12 s" in found[0].en
    assert "烧毁" in found[0].zh
    assert "线缆超温" in found[0].zh
    leakage = diagnose([], neighbours=NeighbourFacts(offline_after=AlarmCause.LEAKAGE))
    assert "漏电保护器" in leakage[0].zh
    # With the neighbours down too, the outage explains it better.
    both = NeighbourFacts(
        offline_after=AlarmCause.LEAKAGE, offline_gap=3.0, offline_together=("b2", "b3", "b4")
    )
    assert rules(diagnose([], neighbours=both)) == ["area_outage", "trip_or_fire_damage"]
    # Near miss: offline without an alarm before.
    assert rules(diagnose([], neighbours=NeighbourFacts())) == []


def test_facts_from_the_correlation_engine() -> None:
    corr = Correlator()
    for i in range(4):
        corr.place(f"b{i}", Place(x=10.0 * i, y=0))
    corr.record("b0", AlarmCause.LEAKAGE, received=T0 - 30 * timedelta(seconds=1))
    for i in range(3):
        corr.record_offline(f"b{i}", received=T0 + i * timedelta(seconds=1))
    facts = NeighbourFacts.from_correlation(
        offline_neighbours=corr.offline_neighbours("b0", 50, 10),
        offline_after_alarm=corr.offline_after_alarm("b0", 60),
    )
    assert facts.offline_together == ("b1", "b2")
    assert facts.online_nearby == 1
    assert facts.offline_after is AlarmCause.LEAKAGE
    assert facts.offline_gap == 30.0
    assert rules(diagnose(None, neighbours=facts)) == ["area_outage", "trip_or_fire_damage"]


# --- bad data ---------------------------------------------------------------------------------


def test_results_are_sorted_and_plain_json() -> None:
    history = series(20, MINUTE, three_phase((41, 68, 40), (50, 52, 49)))
    facts = NeighbourFacts(offline_together=("b2", "b3", "b4", "b5"))
    found = diagnose(history, neighbours=facts, cause="cable_over_temperature")
    assert [d.confidence for d in found] == sorted((d.confidence for d in found), reverse=True)
    assert rules(found) == ["area_outage", "loose_terminal"]
    for d in found:
        assert json.loads(json.dumps(d.as_dict()))["rule"] == d.rule


@pytest.mark.parametrize(
    "history",
    [
        None,
        [],
        [(T0, {})],
        [(T0, {"cable_temperature_a": math.nan, "cable_temperature_b": 68.0})],
        [(T0, {"cable_temperature_a": math.inf, "cable_temperature_b": 68.0, "current_a": 5.0})],
        [(T0, {"cable_temperature_a": "41", "cable_temperature_b": 68.0})],  # text
        [(T0, {"cable_temperature_a": True, "cable_temperature_b": 68.0})],  # a bool
        [(T0, {"cable_temperature_a": 9999.0, "cable_temperature_b": 68.0})],  # implausible
        [(T0.replace(tzinfo=None), {"cable_temperature_a": 41.0, "cable_temperature_b": 68.0})],
        [("yesterday", {"voltage_a": 245.0}), (T0,), None, 7, (T0, None), (T0, [1, 2])],
        [
            (T0 + i * MINUTE, {"leakage_current": math.nan, "current_a": math.nan})
            for i in range(90)
        ],
        [(T0, {"voltage_a": 245.0, "voltage_b": 200.0})],  # a phase missing
        [(T0 + i * HOUR, {"leakage_current": 40.0}) for i in range(96)],  # constant
        [(T0, {"leakage_current": 40.0})] * 96,  # one time only
    ],
)
def test_bad_or_missing_data_gives_no_diagnosis(history: object) -> None:
    assert diagnose(history) == []  # type: ignore[arg-type]


def test_bad_arguments_are_ignored() -> None:
    history = [(T0, {"cable_temperature_a": 41.0, "cable_temperature_b": 68.0})]
    found = diagnose(
        history,
        cause="fire",
        neighbours="lots",  # type: ignore[arg-type]
        settings={"overcurrent_threshold": math.nan, "x": True},  # type: ignore[dict-item]
    )
    assert rules(found) == ["loose_terminal"]
    assert diagnose(42) == []  # type: ignore[arg-type]


def test_samples_in_any_order() -> None:
    history = series(90, MINUTE, switching(35, 5))
    shuffled = history[:]
    random.Random(1).shuffle(shuffled)
    assert diagnose(shuffled) == diagnose(history)


KEYS = [
    "current_a",
    "current_b",
    "current_c",
    "current_n",
    "cable_temperature_a",
    "cable_temperature_b",
    "cable_temperature_c",
    "cable_temperature_n",
    "leakage_current",
    "voltage_a",
    "voltage_b",
    "voltage_c",
    "box_temperature",
    "nonsense",
]
NUMBERS = (
    st.floats(allow_nan=True, allow_infinity=True)
    | st.floats(-50, 500)
    | st.integers()
    | st.just(10**400)
)


@settings(max_examples=300, deadline=None)
@given(
    samples=st.lists(
        st.tuples(
            st.integers(0, 4 * 24 * 60),
            st.dictionaries(st.sampled_from(KEYS), NUMBERS | st.none() | st.text(max_size=3)),
        ),
        max_size=60,
    ),
    cause=st.none() | st.sampled_from([*AlarmCause, "nonsense"]),
    facts=st.builds(
        NeighbourFacts,
        cause=st.none() | st.sampled_from(AlarmCause),
        same_cause=st.lists(st.text(max_size=3), max_size=3).map(tuple),
        unbalanced=st.lists(st.text(max_size=3), max_size=3).map(tuple),
        offline_together=st.lists(st.text(max_size=3), max_size=4).map(tuple),
        online_nearby=st.integers(0, 5),
        offline_after=st.none() | st.sampled_from(AlarmCause),
        offline_gap=st.none() | st.floats(0, 600),
    ),
    threshold=st.none() | st.floats(allow_nan=True) | st.just(10**400),
)
def test_random_data_never_raises(
    samples: list[tuple[int, dict[str, object]]],
    cause: str | None,
    facts: NeighbourFacts,
    threshold: float | None,
) -> None:
    history = [(T0 + m * MINUTE, values) for m, values in samples]
    settings_ = (
        {}
        if threshold is None
        else {"overcurrent_threshold": threshold, "leakage_threshold": threshold}
    )
    found = diagnose(history, cause=cause, neighbours=facts, settings=settings_)  # type: ignore[arg-type]
    for d in found:
        assert 0 <= d.confidence <= 1
        assert d.en
        assert d.zh
        json.dumps(d.as_dict())
    assert [d.confidence for d in found] == sorted((d.confidence for d in found), reverse=True)


# --- a realistic week -------------------------------------------------------------------------
# What the fleet hands `diagnose` in an alarm: a week of samples every 15 minutes, then every
# 10 s for the last 3 hours (fleet.FleetBox.history). The results are pinned figure by figure
# (and the wording by a digest), so that making the rules cheaper cannot change a diagnosis
# silently.

SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)
WEEK_END = datetime(2025, 3, 8, 12, 0, tzinfo=TZ)


def week(*, creep: float = 0.0, loose: bool = False, overload: bool = False) -> Series:
    """A week of a three-phase box as the fleet keeps it: every 15 min, then every 10 s.

    Loads follow the day (7:00-21:00); a 2 kW heater on phase B, whose element leaks 28 mA,
    runs 18:00-19:30 every day and 10:00-10:40 on the last morning; the leakage baseline
    creeps `creep` mA a day. `loose`: phase A's terminal heats 28 K over the last 4 hours;
    `overload`: the load more than doubles for the last 3 hours. A few samples carry bad
    values, as a real detector's history does.
    """
    rnd = random.Random(11)
    start, fine_from = WEEK_END - 7 * DAY, WEEK_END - 3 * HOUR
    times = [start + i * 15 * MINUTE for i in range(7 * 96 - 12)]
    times += [fine_from + i * 10 * SECOND for i in range(1080)]
    history: Series = []
    for n, t in enumerate(times):
        hour = t.hour + t.minute / 60 + t.second / 3600
        load = 6.0 + (20.0 * math.sin((hour - 7) / 14 * math.pi) if 7 <= hour <= 21 else 0.0)
        if overload and t >= fine_from:
            load = 2.2 * load + 15.0
        heater = 18 <= hour < 19.5 or (t >= fine_from and 10 <= hour < 10 + 40 / 60)
        currents = {
            "a": load + rnd.gauss(0, 0.6),
            "b": 0.8 * load + (9.0 if heater else 0.0) + rnd.gauss(0, 0.6),
            "c": 0.9 * load + rnd.gauss(0, 0.6),
        }
        currents["n"] = abs(currents["a"] - currents["b"]) * 0.4 + 1.5 + rnd.gauss(0, 0.2)
        ambient = 24.0 + 3.0 * math.sin((hour - 9) / 24 * 2 * math.pi)
        values: dict[str, float] = {
            f"cable_temperature_{c}": ambient + 0.012 * i * i + rnd.gauss(0, 0.3)
            for c, i in currents.items()
        }
        if loose and t >= WEEK_END - 4 * HOUR:
            values["cable_temperature_a"] += 28.0
        values |= {f"current_{c}": i for c, i in currents.items()}
        values |= {f"voltage_{p}": 230.0 + rnd.gauss(0, 1.2) for p in "abc"}
        values["leakage_current"] = (
            35.0
            + creep * ((t - start) / DAY)
            + 0.25 * load
            + (28.0 if heater else 0.0)
            + rnd.gauss(0, 1.5)
        )
        values["box_temperature"] = ambient + 6.0
        if n % 97 == 5:
            values["leakage_current"] = math.nan  # a glitch
        if n % 131 == 7:
            values["voltage_b"] = 9999.0  # out of range
        history.append((t, values))
    return history


HEATER = {
    "time": "2025-03-01T18:00:00+08:00",
    "leakage_step": 28.3,
    "leakage_before": 37.5,
    "leakage_after": 65.8,
    "current_step": 9.52,
    "conductor": "b",
    "returned": True,
    "occurrences": 8,
}
WEEK_CASES: Final = {
    "creeping leakage": (
        {"creep": 6.0},
        {"cause": "leakage", "settings": {"leakage_threshold": 300.0}},
        [
            (
                "faulty_appliance",
                0.85,
                HEATER | {"leakage_before": 38.9, "leakage_after": 67.3},
                "6b3dc2c204db82f9",
            ),
            (
                "insulation_ageing",
                0.76,
                {
                    "slope": 6.1,
                    "r2": 0.87,
                    "days": 7.0,
                    "start_baseline": 33.8,
                    "baseline": 76.7,
                    "leakage_threshold": 300.0,
                    "days_to_threshold": 36.4,
                    "leakage_per_ampere": 0.254,
                },
                "13c5ea915e341a2a",
            ),
        ],
    ),
    "loose terminal": (
        {"loose": True},
        {"cause": "cable_over_temperature", "settings": {"overcurrent_threshold": 63.0}},
        [
            (
                "loose_terminal",
                0.83,
                {
                    "conductor": "a",
                    "temperature": 61.1,
                    "excess": 30.1,
                    "current": 24.01,
                    "others_current": 19.46,
                    "persistence": 0.83,
                    "time": "2025-03-08T11:59:50+08:00",
                },
                "2bf74e05fb4e3265",
            ),
            ("faulty_appliance", 0.8, HEATER, "117e652b5330ffc9"),
        ],
    ),
    "overload": (
        {"overload": True},
        {
            "cause": "overcurrent",
            "settings": {"overcurrent_threshold": 80.0},
            "neighbours": NeighbourFacts(cause=AlarmCause.OVERCURRENT, unbalanced=("b2",)),
        },
        [
            (
                "overload",
                0.95,
                {
                    "conductor": "a",
                    "temperature": 81.4,
                    "current": 67.83,
                    "usual_current": 23.84,
                    "overcurrent_threshold": 80.0,
                    "tracking": 1.0,
                    "time": "2025-03-08T11:59:50+08:00",
                },
                "fd444843f7416395",
            ),
            ("faulty_appliance", 0.8, HEATER, "117e652b5330ffc9"),
        ],
    ),
    "offline": (
        {},
        {
            "cause": "offline",
            "neighbours": NeighbourFacts(
                offline_after=AlarmCause.LEAKAGE, offline_gap=4.0, offline_together=("b2", "b3")
            ),
        },
        [
            ("faulty_appliance", 0.8, HEATER, "117e652b5330ffc9"),
            (
                "area_outage",
                0.7,
                {"neighbours": ["b2", "b3"], "still_online": 0},
                "6f8c2ad686d0fafe",
            ),
            ("trip_or_fire_damage", 0.5, {"cause": "leakage", "gap": 4.0}, "4017d0020cd5da6e"),
        ],
    ),
}


def pinned(found: list[Diagnosis]) -> list[tuple[str, float, dict[str, object], str]]:
    """Return each diagnosis' rule, confidence, evidence and a digest of its wording."""
    return [
        (
            d.rule,
            d.confidence,
            d.evidence,
            hashlib.sha256(f"{d.en}\n{d.zh}".encode()).hexdigest()[:16],
        )
        for d in found
    ]


@pytest.mark.parametrize("case", WEEK_CASES)
def test_a_week_of_history_is_diagnosed_as_pinned(case: str) -> None:
    shape, arguments, expected = WEEK_CASES[case]
    history = week(**shape)
    assert len(history) == 1740
    found = diagnose(history, **arguments)
    assert pinned(found) == expected
    # The same samples in another order, as read-only mappings (the fleet's are not dicts).
    shuffled = [(t, MappingProxyType(v)) for t, v in history]
    random.Random(3).shuffle(shuffled)
    assert diagnose(shuffled, **arguments) == found


def naive_steps(series: list[float], threshold: float) -> list[tuple[int, float]]:
    """The steps by `statistics.median` of the slices, as `diagnose` found them at first."""
    found = []
    for i in range(1, len(series)):
        before = [x for x in series[max(0, i - 3) : i] if not math.isnan(x)]
        after = [x for x in series[i : i + 3] if not math.isnan(x)]
        if before and after:
            size = statistics.median(after) - statistics.median(before)
            if abs(size) >= threshold:
                found.append((i, size))
    return found


LEVELS = st.sampled_from([0.0, 10.0, 10.5, 30.0, 31.0, 55.0]) | st.floats(0, 500)


@settings(max_examples=400, deadline=None)
@given(
    series=st.lists(LEVELS, max_size=40) | st.lists(LEVELS | st.just(math.nan), max_size=40),
    threshold=st.sampled_from([1.0, 20.0]),
)
def test_steps_are_those_of_the_medians(series: list[float], threshold: float) -> None:
    """The medians of three by comparisons are the very numbers statistics.median gives."""
    assert _steps(series, threshold) == naive_steps(series, threshold)


@settings(max_examples=300, deadline=None)
@given(
    values=st.dictionaries(
        st.sampled_from(KEYS), NUMBERS | st.none() | st.text(max_size=3) | st.just(-0.0)
    )
)
def test_a_sample_is_cleaned_as_value_by_value(values: dict[str, object]) -> None:
    """The range check in one comprehension keeps what the per-value check keeps."""
    [(_, clean)] = _clean([(T0, values)])
    assert clean == _clean_values(values.items())
    assert list(clean) == list(_clean_values(values.items()))


def test_a_history_prepared_once_serves_every_alarm() -> None:
    """What a prepared history keeps does not depend on the alarm, its settings or neighbours."""
    for shape, arguments, _ in WEEK_CASES.values():
        history = week(**shape)
        prepared = prepare(history)
        for cause in (*AlarmCause, None):
            for other in (arguments, {"settings": {"overcurrent_threshold": 25.0}}, {}):
                kwargs = {**other, "cause": cause}
                assert diagnose(prepared, **kwargs) == diagnose(history, **kwargs)
    assert diagnose(prepare(None)) == []


# --- the usual load -------------------------------------------------------------------------


def test_the_usual_load_is_this_time_of_day_on_earlier_days_over_time() -> None:
    """A shop: 25 A from 9:00 to 18:00, 5 A at night, kept as the fleet keeps it."""
    end = datetime(2025, 3, 8, 12, 0, tzinfo=TZ)
    coarse = [end - 7 * DAY + i * 15 * MINUTE for i in range(7 * 96 - 12)]
    fine = [end - 3 * HOUR + i * 10 * SECOND for i in range(1080)]

    def load(t: datetime, overload: float) -> float:
        if t >= end - 3 * HOUR:
            return overload
        return 25.0 if 9 <= t.hour < 18 else 5.0

    times = coarse + fine
    # Counted by samples, the last 3 hours' 1,080 samples would be the "usual" 60 A.
    overloaded = [load(t, 60.0) for t in times]
    assert statistics.median(overloaded) == 60.0
    assert _usual(times, overloaded) == 25.0  # noon on the earlier days
    # A quiet last 3 hours change nothing: the usual noon load is still 25 A.
    assert _usual(times, [load(t, 1.0) for t in times]) == 25.0
    # Less than two earlier days at this time of day: the median over the history's time.
    short = [t for t in times if t >= end - 30 * HOUR]
    assert _usual(short, [load(t, 60.0) for t in short]) == 5.0  # mostly the night's 5 A


def test_a_gap_in_the_readings_does_not_count_as_the_last_value_s_time() -> None:
    times = [T0 + i * MINUTE for i in range(6)] + [T0 + 2 * DAY + i * MINUTE for i in range(7)]
    values = [90.0] * 6 + [10.0] * 7
    # The 90 A samples stand for 1 minute each (the last for at most 15 minutes): 20 minutes
    # of 90 A against 7 of 10 A, not two days of 90 A.
    assert _usual(times, values) == 90.0
    assert _usual(times, [90.0] * 5 + [10.0] * 8) == 10.0


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=40))
def test_with_equal_weights_the_time_median_is_the_median(values: list[float]) -> None:
    assert _time_median(values, [900.0] * len(values)) == statistics.median(values)

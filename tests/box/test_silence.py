"""An MQTT box's cadence and when its silence means it is gone (box/silence.py)."""

from __future__ import annotations

from custom_components.safe_power.box.silence import (
    LAG_TOLERANCE,
    MAX_SILENCE,
    MIN_SILENCE,
    Cadence,
    Ticks,
)


def test_nothing_heard_is_never_silent() -> None:
    cadence = Cadence()
    assert not cadence.silent(1e9)
    cadence.restart(100.0)  # nothing heard yet: still nothing to miss
    assert not cadence.silent(1e9)


def test_a_box_every_15_s_is_silent_after_three_missed_states() -> None:
    cadence = Cadence()
    for n in range(6):
        cadence.heard(15.0 * n)
    assert cadence.limit == 45.0
    last = 75.0
    assert not cadence.silent(last + 45.0)
    assert cadence.silent(last + 45.1)


def test_the_limit_stays_between_45_s_and_3_min() -> None:
    fast, slow = Cadence(), Cadence()
    for n in range(10):
        fast.heard(1.0 * n)  # a state a second: changes sent as they come
        slow.heard(120.0 * n)  # slower than the contract allows
    assert fast.limit == MIN_SILENCE
    assert slow.limit == MAX_SILENCE
    assert not slow.silent(9 * 120.0 + MAX_SILENCE)


def test_the_median_gap_ignores_a_burst_of_changes() -> None:
    """A few states a second apart (an alarm, the contactor) among 30 s ones: still 90 s."""
    cadence = Cadence()
    times = [0.0, 30.0, 60.0, 61.0, 62.0, 90.0, 120.0, 150.0, 180.0]
    for t in times:
        cadence.heard(t)
    assert cadence.limit == 90.0


def test_silence_counts_again_from_a_restart() -> None:
    cadence = Cadence()
    for n in range(4):
        cadence.heard(15.0 * n)
    assert cadence.silent(1000.0)
    cadence.restart(1000.0)  # the broker came back at 1000 s
    assert not cadence.silent(1040.0)
    assert cadence.silent(1046.0)


def test_a_state_dated_back_teaches_nothing() -> None:
    cadence = Cadence()
    cadence.heard(100.0)
    cadence.heard(50.0)  # the clock went back: no gap learnt
    assert cadence.limit == MAX_SILENCE
    assert not cadence.silent(50.0 + MAX_SILENCE)


def test_time_the_loop_could_not_listen_is_excused() -> None:
    """A stall of the loop is no silence of the box: its limit counts from after the stall."""
    cadence = Cadence()
    for n in range(6):
        cadence.heard(15.0 * n)  # last at 75 s; limit 45 s
    cadence.excuse(60.0, 150.0)  # the loop could not listen for 60 s, noticed at 150 s
    assert not cadence.silent(180.0)
    assert cadence.silent(180.1)


def test_an_excuse_never_reaches_beyond_now() -> None:
    cadence = Cadence()
    cadence.heard(0.0)
    cadence.heard(15.0)
    cadence.excuse(10_000.0, 100.0)  # a clock moved a day on: silence counts from now
    assert not cadence.silent(100.0 + cadence.limit)
    assert cadence.silent(100.1 + cadence.limit)
    nothing = Cadence()
    nothing.excuse(60.0, 100.0)  # nothing heard: nothing to excuse
    assert not nothing.silent(1e9)


def test_a_check_on_time_is_not_late() -> None:
    ticks = Ticks(15.0, start=0.0)
    assert ticks.tick(15.0) == 0.0
    assert ticks.tick(30.0 + LAG_TOLERANCE) == 0.0  # a little late is on time
    assert ticks.tick(40.0) == 0.0  # early (or a clock set back) is on time
    assert (ticks.late, ticks.lost) == (0, 0.0)


def test_a_check_that_runs_late_measures_the_loop_s_stall() -> None:
    ticks = Ticks(15.0, start=0.0)
    assert ticks.tick(75.0) == 60.0  # the first check after a slow start-up counts too
    assert ticks.tick(90.0) == 0.0
    assert ticks.tick(125.0) == 20.0
    assert (ticks.late, ticks.lost) == (2, 80.0)
    first = Ticks(15.0)  # no start given: the first check sets the pace
    assert first.tick(1000.0) == 0.0
    assert first.tick(1100.0) == 85.0

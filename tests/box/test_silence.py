"""An MQTT box's cadence and when its silence means it is gone (box/silence.py)."""

from __future__ import annotations

from custom_components.safe_power.box.silence import MAX_SILENCE, MIN_SILENCE, Cadence


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

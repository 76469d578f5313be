"""A box's states are shown in the order of its clock: an older one never over a newer one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.safe_power.box.ordering import CLOCK_STEP_AFTER, StateOrder, Verdict

T0 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
S = timedelta(seconds=1)


def test_newer_and_equal_states_are_shown_older_ones_not() -> None:
    order = StateOrder()
    assert order.check(T0, T0) is Verdict.SHOW
    assert order.check(T0 + 15 * S, T0 + 15 * S) is Verdict.SHOW
    assert order.check(T0 + 15 * S, T0 + 16 * S) is Verdict.SHOW  # a retained repeat
    assert order.check(T0, T0 + 17 * S) is Verdict.OLDER  # a redelivery of the first
    assert order.newest == T0 + 15 * S
    # A newer one after it ends the run of older ones.
    assert order.check(T0 + 30 * S, T0 + 30 * S) is Verdict.SHOW
    assert order.older_since is None


def test_a_backlog_within_the_limit_stays_hidden() -> None:
    order = StateOrder()
    order.check(T0 + 3600 * S, T0 + 3600 * S)
    # A bridge sends an hour of queued states in a minute: none is shown over the newest.
    for i in range(60):
        assert order.check(T0 + i * 60 * S, T0 + 3600 * S + i * S) is Verdict.OLDER
    assert order.newest == T0 + 3600 * S


def test_a_clock_that_went_back_is_followed_after_a_while() -> None:
    order = StateOrder()
    order.check(T0, T0)
    back = T0 - timedelta(days=365)  # the box lost its time in a power cut
    now = T0 + 15 * S
    verdicts = []
    while now - (T0 + 15 * S) <= CLOCK_STEP_AFTER:
        verdicts.append(order.check(back + (now - T0), now))
        now += 15 * S
    assert verdicts[:-1] == [Verdict.OLDER] * (len(verdicts) - 1)
    assert verdicts[-1] is Verdict.CLOCK_BACK
    # From then on its states are shown in their new order.
    assert order.check(back + (now - T0), now) is Verdict.SHOW

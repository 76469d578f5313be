"""The correlation engine: history, clocks, the three queries and persistence.

Places, distances and the spatial index are tested in `test_places.py`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
import json
import math

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.safe_power.box import correlation
from custom_components.safe_power.box.correlation import Correlator, Event
from custom_components.safe_power.box.model import AlarmCause
from custom_components.safe_power.box.places import Place, distance
from tests.box.test_places import CAMPUS, OTHER_BUILDING, a_place, geo, local, placements

TZ = timezone(timedelta(hours=8))
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=TZ)
S = timedelta(seconds=1)
US = timedelta(microseconds=1)
OVERCURRENT = AlarmCause.OVERCURRENT


def build(places: dict[str, Place], **kwargs: object) -> Correlator:
    corr = Correlator(**kwargs)  # type: ignore[arg-type]
    for box_id, place in places.items():
        corr.place(box_id, place)
    return corr


# --- places: the spatial index's, and the history that follows a box ------------------------


def test_moving_and_removing_boxes() -> None:
    corr = build({"a": local(0, 0), "b": local(3, 4), "c": geo(*CAMPUS)})
    corr.place("b", local(30, 40))  # moved
    assert corr.within("a", 10) == [("c", 0.0)]
    corr.place("b", geo(*OTHER_BUILDING))
    assert "b" in dict(corr.within("a", 200))
    corr.place("b", Place())
    assert corr.unplaced() == ["b"]
    corr.record("b", OVERCURRENT, received=T0)
    corr.remove("b")
    assert "b" not in corr
    assert corr.history("b") == []
    assert corr.unplaced() == []
    corr.remove("b")  # again: ignored
    corr.remove("c")
    assert corr.within("a", 1e6) == []
    corr.remove("a")
    assert len(corr) == 0
    assert corr.space._buildings == {}
    assert corr.space._geo._bands == {}


# --- history and clocks -----------------------------------------------------------------------


def test_naive_times_are_refused() -> None:
    corr = build({"a": local(0, 0)})
    naive = datetime(2025, 3, 1, 8, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="timezone-aware"):
        corr.record("a", OVERCURRENT, received=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        corr.record("a", OVERCURRENT, received=T0, time=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        corr.neighbour_alarms("a", OVERCURRENT, 10, 60, at=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        corr.offline_neighbours("a", 10, 60, at=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        corr.offline_after_alarm("a", 60, at=naive)


def test_bad_causes_and_windows_are_refused() -> None:
    corr = build({"a": local(0, 0)})
    with pytest.raises(ValueError, match="unknown cause"):
        corr.record("a", "fire", received=T0)
    with pytest.raises(ValueError):
        corr.neighbour_alarms("a", "online", 10, 60)
    with pytest.raises(ValueError):
        corr.neighbour_alarms("a", OVERCURRENT, 10, -1)
    with pytest.raises(ValueError):
        corr.neighbour_alarms("a", OVERCURRENT, 10, math.nan)
    with pytest.raises(KeyError):
        corr.neighbour_alarms("missing", OVERCURRENT, 10, 60)
    with pytest.raises(KeyError):
        corr.offline_neighbours("missing", 10, 60)
    with pytest.raises(KeyError):
        corr.offline_after_alarm("missing", 60)


@pytest.mark.parametrize(
    ("skew", "uses_box_time"),
    [
        (timedelta(0), True),
        (59 * S, True),
        (60 * S, True),
        (60 * S + US, False),  # further ahead than max_skew: a wrong clock
        (-3600 * S, True),  # an hour old on arrival: delayed, it keeps its own time
        (-timedelta(days=1), True),
        (-timedelta(days=1) - US, False),  # older than max_delay: a wrong clock
        (timedelta(hours=2), False),
    ],
)
def test_clock_skew_rule(skew: timedelta, uses_box_time: bool) -> None:
    corr = Correlator()
    event = corr.record("a", OVERCURRENT, received=T0, time=T0 + skew, value=120.0)
    assert event is not None
    assert event.time == (T0 + skew if uses_box_time else T0)
    assert event.clock_skewed is not uses_box_time
    assert event.clock == ("box" if uses_box_time else "receive")
    assert event.box_time == T0 + skew
    assert event.received == T0


def test_no_box_time_uses_reception() -> None:
    event = Correlator().record_offline("a", received=T0)
    assert event is not None
    assert event.time == T0
    assert event.box_time is None
    assert not event.clock_skewed
    assert event.clock == "read"


def test_a_box_with_a_skewed_clock_still_lines_up() -> None:
    corr = build({"a": local(0, 0), "b": local(3, 4)})
    corr.record("a", OVERCURRENT, received=T0 + 1 * S, time=T0)
    # b's clock is an hour behind: its own timestamp puts it far outside the window, as an
    # alarm an hour old would be...
    hour = timedelta(hours=1)
    event = corr.record("b", OVERCURRENT, received=T0 + 10 * S, time=T0 - hour + 9 * S)
    assert event is not None
    assert (event.clock, event.time) == ("box", T0 - hour + 9 * S)
    assert corr.neighbour_alarms("a", OVERCURRENT, 10, 30).neighbours == ()
    # ... until its telemetry tells its clock: then its alarm is where it belongs.
    for i in range(3):
        corr.observe_clock("b", T0 - hour + (i - 1) * S, received=T0 + i * S)
    assert corr.clock_offset("b") == -hour - 1 * S
    event = corr.record("b", OVERCURRENT, received=T0 + 10 * S, time=T0 - hour + 9 * S)
    assert event is not None
    assert (event.clock, event.time, event.box_time) == ("box", T0 + 10 * S, T0 - hour + 9 * S)
    found = corr.neighbour_alarms("a", OVERCURRENT, 10, 30)
    assert [(n.box_id, n.offset) for n in found.neighbours] == [("b", 10.0)]
    assert found.at == T0


def test_a_delayed_alarm_keeps_its_time_and_is_not_correlated_with_fresh_ones() -> None:
    corr = build({"a": local(0, 0), "b": local(3, 4), "c": local(0, 5)})
    window = timedelta(minutes=10)
    # b's clock is good (its telemetry says so), but its alarm was stuck 20 minutes in a queue.
    corr.observe_clock("b", T0 - 300 * S, received=T0 - 300 * S + timedelta(milliseconds=200))
    delayed = corr.record("b", OVERCURRENT, received=T0 + 2 * S, time=T0 - 20 * 60 * S)
    fresh = corr.record("a", OVERCURRENT, received=T0 + 1 * S, time=T0)
    also_fresh = corr.record("c", OVERCURRENT, received=T0 + 6 * S, time=T0 + 5 * S)
    assert delayed is not None
    assert fresh is not None
    assert also_fresh is not None
    assert delayed.clock == "box"
    # An offset within CLOCK_TOLERANCE is network delay, not a wrong clock: left alone.
    assert delayed.time == T0 - 20 * 60 * S
    assert Correlator.late(delayed, window)
    assert corr.late(delayed, 1200)  # seconds
    assert not corr.late(delayed, 21 * 60)
    assert not Correlator.late(fresh, window)
    assert not Correlator.late(also_fresh, window)
    found = corr.neighbour_alarms("a", OVERCURRENT, 10, window)
    assert [n.box_id for n in found.neighbours] == ["c"]  # the fresh one, not the late one
    assert corr.neighbour_alarms("b", OVERCURRENT, 10, window).neighbours == ()
    # A window wide enough to hold both does correlate them: their times, not arrivals, count.
    wide = corr.neighbour_alarms("a", OVERCURRENT, 10, timedelta(minutes=30))
    assert [n.box_id for n in wide.neighbours] == ["b", "c"]


def test_a_clock_off_by_more_than_the_tolerance_is_corrected() -> None:
    corr = build({"a": local(0, 0)})
    corr.observe_clock("a", T0 - 295 * S, received=T0 - 300 * S)  # five seconds fast
    event = corr.record("a", OVERCURRENT, received=T0 + 1 * S, time=T0 + 5 * S)
    assert event is not None
    assert (event.clock, event.time) == ("box", T0)


def test_late_boundaries() -> None:
    corr = Correlator()
    event = corr.record("a", OVERCURRENT, received=T0, time=T0 - 600 * S)
    assert event is not None
    assert event.delay == 600 * S
    assert not corr.late(event, 600 * S)  # exactly the window: not late
    assert corr.late(event, 600 * S - US)
    read = corr.record("a", OVERCURRENT, received=T0)
    assert read is not None
    assert read.delay == timedelta(0)
    assert not corr.late(read, 0)
    ahead = corr.record("a", OVERCURRENT, received=T0, time=T0 + 30 * S)
    assert ahead is not None
    assert ahead.delay == -30 * S
    assert not corr.late(ahead, 0)
    with pytest.raises(ValueError):
        corr.late(event, -1)


def test_a_clock_far_in_the_future_is_flagged_until_its_offset_is_known() -> None:
    corr = build({"a": local(0, 0), "b": local(3, 4)})
    ahead = timedelta(hours=2)
    event = corr.record("b", OVERCURRENT, received=T0 + 1 * S, time=T0 + ahead)
    assert event is not None
    assert (event.clock, event.clock_skewed, event.time) == ("receive", True, T0 + 1 * S)
    assert not corr.late(event, 0)
    assert event.as_dict()["clock"] == "receive"
    for i in range(5):
        corr.observe_clock("b", T0 + ahead + i * S, received=T0 + i * S)
    event = corr.record("b", OVERCURRENT, received=T0 + 11 * S, time=T0 + ahead + 10 * S)
    assert event is not None
    assert (event.clock, event.clock_skewed, event.time) == ("box", False, T0 + 10 * S)


def test_the_clock_offset_is_a_robust_median_of_the_last_observations() -> None:
    corr = Correlator()
    assert corr.clock_offset("b") is None
    # Offsets of 5 s, a few of them spoiled by slow messages (box time minus reception smaller).
    offsets = [5, 5, -40, 5, 5, -300, 5, -2, 5]
    for i, offset in enumerate(offsets):
        received = T0 + i * 10 * S
        estimate = corr.observe_clock("b", received + offset * S, received)
    assert estimate == 5 * S
    assert corr.clock_offset("b") == 5 * S
    # An even count: the mean of the middle two.
    other = Correlator()
    other.observe_clock("c", T0 + 2 * S, T0)
    assert other.observe_clock("c", T0 + 5 * S, T0) == timedelta(seconds=3.5)
    # Memory is bounded: only the last CLOCK_SAMPLES count, so a new offset takes over.
    for i in range(correlation.CLOCK_SAMPLES * 3):
        corr.observe_clock("b", T0 - 7 * S, T0 + i * US)
    assert len(corr._clocks["b"]) == correlation.CLOCK_SAMPLES
    middle = correlation.CLOCK_SAMPLES * 3 - 1 - correlation.CLOCK_SAMPLES // 2
    assert corr.clock_offset("b") == -7 * S - middle * US  # the median of the last nine
    event = corr.record("b", OVERCURRENT, received=T0 + 60 * S, time=T0 + 53 * S)
    assert event is not None
    assert event.time == T0 + 60 * S + middle * US
    assert "b" in corr  # recording placed it; observing a clock alone does not
    corr.observe_clock("z", T0, T0)
    assert "z" not in corr
    corr.remove("b")
    assert corr.clock_offset("b") is None
    naive = datetime(2025, 3, 1, 8, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="timezone-aware"):
        corr.observe_clock("b", naive, T0)
    with pytest.raises(ValueError, match="timezone-aware"):
        corr.observe_clock("b", T0, naive)


def test_max_delay() -> None:
    corr = Correlator(max_delay=timedelta(hours=1))
    kept = corr.record("a", OVERCURRENT, received=T0, time=T0 - timedelta(hours=1))
    assert kept is not None
    assert (kept.clock, kept.time) == ("box", T0 - timedelta(hours=1))
    too_old = corr.record("a", OVERCURRENT, received=T0, time=T0 - timedelta(hours=1) - US)
    assert too_old is not None
    assert (too_old.clock, too_old.time) == ("receive", T0)
    # The bound applies to the corrected time: a box known to run an hour and a half behind.
    corr.observe_clock("a", T0 - timedelta(hours=1.5), T0)
    event = corr.record("a", OVERCURRENT, received=T0, time=T0 - timedelta(hours=2))
    assert event is not None
    assert (event.clock, event.time) == ("box", T0 - timedelta(minutes=30))
    for bad in (timedelta(seconds=-1), 60):
        with pytest.raises(ValueError):
            Correlator(max_delay=bad)  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            Correlator(max_skew=bad)  # type: ignore[arg-type]


def test_an_offset_that_cannot_be_applied_flags_the_clock() -> None:
    corr = Correlator()
    corr.observe_clock("a", datetime.min.replace(tzinfo=TZ), T0)  # a box clock at year 1
    event = corr.record("a", OVERCURRENT, received=T0, time=datetime.max.replace(tzinfo=TZ))
    assert event is not None
    assert (event.clock, event.time) == ("receive", T0)


def test_unknown_box_is_added_unplaced_by_an_event() -> None:
    corr = Correlator()
    corr.record("stranger", OVERCURRENT, received=T0)
    assert "stranger" in corr
    assert corr.unplaced() == ["stranger"]


def test_non_finite_values_are_dropped() -> None:
    event = Correlator().record("a", OVERCURRENT, received=T0, value=math.nan, threshold=math.inf)
    assert event is not None
    assert event.value is None
    assert event.threshold is None


def test_memory_is_bounded_per_box() -> None:
    corr = build({"a": local(0, 0), "b": local(1, 0)}, max_events_per_box=5)
    for i in range(10):
        corr.record("a", OVERCURRENT, received=T0 + i * S, value=float(i))
    assert [e.value for e in corr.history("a")] == [5.0, 6.0, 7.0, 8.0, 9.0]
    # An event older than everything kept is not kept.
    assert corr.record("a", OVERCURRENT, received=T0 + 20 * S, time=T0 + 19 * S - 50 * S) is None
    assert sum(len(v) for v in corr._index.values()) == 5
    assert corr._window_count(OVERCURRENT, 0, 2**62) == 5
    corr.record("b", OVERCURRENT, received=T0 + 2 * S)
    # a's alarm at T0 + 2 s was evicted: b finds nothing that early; a's first kept one is 5 s.
    assert corr.neighbour_alarms("b", OVERCURRENT, 10, 2).neighbours == ()
    found = corr.neighbour_alarms("b", OVERCURRENT, 10, 3).neighbours
    assert [(n.box_id, n.value, n.count) for n in found] == [("a", 5.0, 1)]


def test_memory_is_bounded_in_age() -> None:
    corr = build({"a": local(0, 0)}, max_age=timedelta(days=7))
    corr.record("a", OVERCURRENT, received=T0)
    corr.record("a", AlarmCause.LEAKAGE, received=T0 + timedelta(days=3))
    # Now T0 is exactly 7 days old: still kept.
    corr.record("a", AlarmCause.LEAKAGE, received=T0 + timedelta(days=7))
    assert len(corr.history("a")) == 3
    corr.record("a", AlarmCause.LEAKAGE, received=T0 + timedelta(days=7) + US)
    assert [e.cause for e in corr.history("a")] == [AlarmCause.LEAKAGE] * 3
    assert corr._window_count(OVERCURRENT, 0, 2**62) == 0
    assert (True, OVERCURRENT) not in corr._index
    # An event replayed from before the horizon is not kept.
    assert corr.record("a", OVERCURRENT, received=T0) is None


# --- neighbour alarms -------------------------------------------------------------------------


def _campus() -> Correlator:
    return build(
        {
            "x": local(0, 0),
            "at_d": local(30, 40),  # exactly 50 m
            "beyond": local(30, 40.01),
            "upstairs": local(0, 0, floor=1),
            "street": geo(*OTHER_BUILDING),
            "nowhere": Place(),
            "floating": local(0, 0, anchor=None),
        }
    )


def test_neighbour_alarms_distance_and_window_boundaries() -> None:
    corr = _campus()
    corr.record(
        "x", OVERCURRENT, received=T0, value=130.0, threshold=100.0, unit="A", channel="current_a"
    )
    corr.record(
        "at_d",
        OVERCURRENT,
        received=T0 + 60 * S,
        value=110.0,
        threshold=100.0,
        unit="A",
        channel="current_b",
    )
    corr.record("beyond", OVERCURRENT, received=T0)
    corr.record("upstairs", OVERCURRENT, received=T0 - 60 * S)
    corr.record("upstairs", OVERCURRENT, received=T0 - 70 * S)
    corr.record("street", OVERCURRENT, received=T0)
    corr.record("nowhere", OVERCURRENT, received=T0 + 5 * S)
    corr.record("floating", OVERCURRENT, received=T0 + 61 * S)  # just outside the window
    corr.record("x", AlarmCause.LEAKAGE, received=T0)
    corr.record("upstairs", AlarmCause.LEAKAGE, received=T0)  # another cause

    found = corr.neighbour_alarms("x", OVERCURRENT, 50, timedelta(seconds=60))
    assert found.at == T0
    assert [(n.box_id, n.distance, n.offset, n.count) for n in found.neighbours] == [
        ("upstairs", 3.0, -60.0, 1),
        ("at_d", 50.0, 60.0, 1),
    ]
    at_d = found.neighbours[1]
    assert (at_d.value, at_d.threshold, at_d.unit, at_d.channel) == (110.0, 100.0, "A", "current_b")
    assert [(n.box_id, n.distance) for n in found.unplaced] == [("nowhere", None)]

    # Just short of the window and of the distance.
    narrow = corr.neighbour_alarms("x", OVERCURRENT, math.nextafter(50, 0), 60 * S - US)
    assert narrow.neighbours == ()
    wide = corr.neighbour_alarms("x", OVERCURRENT, 200, 70)
    assert [(n.box_id, n.count) for n in wide.neighbours] == [
        ("upstairs", 2),
        ("at_d", 1),
        ("beyond", 1),
        ("street", 1),
    ]
    assert [n.box_id for n in wide.unplaced] == ["floating", "nowhere"]


def test_neighbour_alarms_at_another_time_and_without_an_alarm() -> None:
    corr = _campus()
    corr.record("at_d", OVERCURRENT, received=T0 + timedelta(hours=1))
    none = corr.neighbour_alarms("x", OVERCURRENT, 100, 60)
    assert none.at is None
    assert none.neighbours == ()
    later = corr.neighbour_alarms("x", OVERCURRENT, 100, 60, at=T0 + timedelta(hours=1, seconds=30))
    assert [n.offset for n in later.neighbours] == [-30.0]


def test_neighbour_alarms_picks_the_closest_in_time() -> None:
    corr = _campus()
    corr.record("x", OVERCURRENT, received=T0)
    for seconds in (-50, -10, 10, 40):
        corr.record("at_d", OVERCURRENT, received=T0 + seconds * S, value=float(seconds))
    (near,) = corr.neighbour_alarms("x", OVERCURRENT, 50, 60).neighbours
    assert (near.offset, near.value, near.count) == (-10.0, -10.0, 4)  # a tie: the earlier one


def test_neighbour_alarms_of_an_unplaced_box() -> None:
    corr = _campus()
    corr.record("nowhere", OVERCURRENT, received=T0)
    corr.record("x", OVERCURRENT, received=T0)
    corr.record("street", OVERCURRENT, received=T0)
    found = corr.neighbour_alarms("nowhere", OVERCURRENT, 1e6, 10)
    assert found.neighbours == ()
    assert [n.box_id for n in found.unplaced] == ["street", "x"]


def test_an_alarm_storm_goes_through_the_spatial_index() -> None:
    places = {f"b{i}": local(i % 20, i // 20, floor=i % 3) for i in range(400)}
    places.update({f"u{i}": Place() for i in range(5)})
    places["geo"] = geo(*CAMPUS)
    corr = build(places)
    for i, box_id in enumerate(places):
        corr.record(box_id, AlarmCause.UNDERVOLTAGE, received=T0 + (i % 90) * S)
    assert corr._window_count(AlarmCause.UNDERVOLTAGE, 0, 2**62) > correlation.HISTORY_SCAN_LIMIT
    for box_id in ("b0", "b217", "u1", "geo"):
        t0 = correlation._us(corr.latest(box_id, AlarmCause.UNDERVOLTAGE).time)  # type: ignore[union-attr]
        span = 30 * 1_000_000
        for radius in (0.0, 2.5, 8.0, 1000.0):
            by_space = corr._alarms_by_space(box_id, AlarmCause.UNDERVOLTAGE, radius, t0, span)
            by_history = corr._alarms_by_history(box_id, AlarmCause.UNDERVOLTAGE, radius, t0, span)
            assert sorted(by_space[0], key=lambda n: n.box_id) == sorted(
                by_history[0], key=lambda n: n.box_id
            )
            assert sorted(by_space[1], key=lambda n: n.box_id) == sorted(
                by_history[1], key=lambda n: n.box_id
            )
        answer = corr.neighbour_alarms(box_id, AlarmCause.UNDERVOLTAGE, 8.0, 30)
        expected = {
            b
            for b, _ in corr.within(box_id, 8.0)
            if abs(places_index(b, places) % 90 - places_index(box_id, places) % 90) <= 30
        }
        assert {n.box_id for n in answer.neighbours} == expected


def places_index(box_id: str, places: dict[str, Place]) -> int:
    return list(places).index(box_id)


@settings(max_examples=150, deadline=None)
@given(
    places=placements(),
    data=st.data(),
)
def test_neighbour_alarms_match_brute_force(places: dict[str, Place], data: st.DataObject) -> None:
    corr = build(places)
    times: dict[str, list[int]] = {}
    for box_id in places:
        seconds = data.draw(st.lists(st.integers(-120, 120), max_size=3))
        times[box_id] = seconds
        for s in seconds:
            corr.record(box_id, OVERCURRENT, received=T0 + s * S)
    # Some boxes move after their alarms (their events follow them in the index).
    for moved in data.draw(st.lists(st.sampled_from(sorted(places)), max_size=5)):
        places[moved] = data.draw(a_place())
        corr.place(moved, places[moved])
    box_id = data.draw(st.sampled_from(sorted(places)))
    radius = data.draw(st.sampled_from([0.0, 5.0, 50.0, 500.0, 5e6]))
    window = data.draw(st.integers(0, 120))
    at = T0 + data.draw(st.integers(-60, 60)) * S
    found = corr.neighbour_alarms(box_id, OVERCURRENT, radius, window, at=at)
    t0 = correlation._us(at)
    for method in (corr._alarms_by_space, corr._alarms_by_history):
        near, unplaced = method(box_id, OVERCURRENT, radius, t0, window * 1_000_000)
        assert sorted(near, key=lambda n: (n.distance, n.box_id)) == list(found.neighbours)
        assert sorted(unplaced, key=lambda n: n.box_id) == list(found.unplaced)
    expected_near = set()
    expected_unplaced = set()
    for other, seconds in times.items():
        if other == box_id or not any(abs(s - (at - T0) / S) <= window for s in seconds):
            continue
        d = distance(places[box_id], places[other])
        if d is None:
            expected_unplaced.add(other)
        elif d <= radius:
            expected_near.add(other)
    assert {n.box_id for n in found.neighbours} == expected_near
    assert {n.box_id for n in found.unplaced} == expected_unplaced


# --- offline ----------------------------------------------------------------------------------


def test_offline_neighbours() -> None:
    corr = _campus()
    corr.record_offline("x", received=T0)
    corr.record_offline("at_d", received=T0 + 30 * S)  # exactly Δ later
    corr.record_offline("upstairs", received=T0 - 30 * S - US)  # just beyond Δ
    corr.record_offline("street", received=T0 - 5 * S)
    corr.record_online("street", received=T0 + 20 * S)  # back already
    corr.record_offline("nowhere", received=T0 + 1 * S)
    corr.record_offline("beyond", received=T0 + timedelta(hours=1))  # later, still offline
    found = corr.offline_neighbours("x", 200, timedelta(seconds=30))
    assert found.at == T0
    assert [(n.box_id, n.distance, n.offset, n.online) for n in found.offline] == [
        ("at_d", 50.0, 30.0, False),
        ("street", pytest.approx(111.2, abs=0.1), -5.0, True),
    ]
    # Online now (or never seen offline: see below): warn them.
    assert [(n.box_id, n.distance) for n in found.online] == [
        ("street", pytest.approx(111.2, abs=0.1))
    ]
    assert corr.online("upstairs") is False
    assert corr.online("street") is True
    assert corr.online("x") is False
    assert [n.box_id for n in found.unplaced] == ["nowhere"]
    assert corr.offline_neighbours("x", 200, 30 * S - US).offline[0].box_id == "street"


def test_offline_neighbours_of_a_box_that_never_went_offline() -> None:
    corr = _campus()
    found = corr.offline_neighbours("x", 50, 30)
    assert found.at is None
    assert found.offline == ()
    assert [n.box_id for n in found.online] == ["upstairs", "at_d"]


def test_online_state_follows_time_not_arrival() -> None:
    corr = _campus()
    corr.record_online("x", received=T0 + 10 * S)
    corr.record_offline("x", received=T0 + 20 * S, time=T0 + 5 * S)  # arrived late, happened first
    assert corr.online("x") is True
    assert corr.online("never") is None


def test_offline_after_alarm() -> None:
    corr = _campus()
    corr.record("x", AlarmCause.LEAKAGE, received=T0 - 100 * S)
    corr.record("x", AlarmCause.CABLE_OVER_TEMPERATURE, received=T0 - 20 * S, value=85.0)
    corr.record_offline("x", received=T0)
    corr.record("x", OVERCURRENT, received=T0 + 1 * S)  # after going offline: not a cause
    found = corr.offline_after_alarm("x", timedelta(seconds=20))
    assert found.after_alarm
    assert found.gap == 20.0
    assert found.offline_at == T0
    assert found.alarm is not None
    assert found.alarm.cause is AlarmCause.CABLE_OVER_TEMPERATURE
    assert not corr.offline_after_alarm("x", 20 * S - US).after_alarm
    assert corr.offline_after_alarm("x", 0).alarm is None
    assert corr.offline_after_alarm("x", 200).gap == 20.0  # the last alarm before going offline
    never = corr.offline_after_alarm("at_d", 60)
    assert never.offline_at is None
    assert not never.after_alarm
    corr.record_offline("at_d", received=T0)
    assert not corr.offline_after_alarm("at_d", 60).after_alarm


def test_results_are_plain_json() -> None:
    corr = _campus()
    corr.record(
        "x", OVERCURRENT, received=T0, value=130.0, threshold=100.0, unit="A", channel="current_a"
    )
    corr.record("at_d", OVERCURRENT, received=T0 + 1 * S, time=T0 + timedelta(hours=2))
    corr.record("nowhere", OVERCURRENT, received=T0)
    corr.record_offline("x", received=T0 + 5 * S)
    corr.record_offline("upstairs", received=T0 + 6 * S)
    answers = [
        corr.neighbour_alarms("x", "overcurrent", 100, 60),
        corr.offline_neighbours("x", 100, 60),
        corr.offline_after_alarm("x", 60),
    ]
    docs = [json.loads(json.dumps(a.as_dict())) for a in answers]
    assert docs[0]["neighbours"][0] == {
        "box_id": "at_d",
        "distance": 50.0,
        "time": (T0 + 1 * S).isoformat(),
        "offset": 1.0,
        "value": None,
        "threshold": None,
        "unit": None,
        "channel": None,
        "count": 1,
    }
    assert docs[0]["unplaced"][0]["distance"] is None
    assert docs[1]["offline"][0]["box_id"] == "upstairs"
    assert docs[1]["online"][0] == {"box_id": "at_d", "distance": 50.0}
    assert docs[2]["after_alarm"] is True
    assert docs[2]["alarm"]["cause"] == "overcurrent"
    assert docs[2]["alarm"]["value"] == 130.0
    assert docs[2]["gap"] == 5.0
    history = corr.history("at_d")[0].as_dict()
    assert history["clock_skewed"] is True
    assert history["box_time"] == (T0 + timedelta(hours=2)).isoformat()
    assert history["time"] == (T0 + 1 * S).isoformat()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"floor_height": 0},
        {"cell_size": -1.0},
        {"local_cell_size": math.nan},
        {"cell_size": 10**400},
        {"max_events_per_box": 0},
    ],
)
def test_correlator_refuses_bad_settings(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Correlator(**kwargs)  # type: ignore[arg-type]


def test_huge_and_odd_numbers_are_refused_cleanly() -> None:
    with pytest.raises(ValueError):
        Place(latitude=10**400, longitude=0)
    corr = build({"a": local(0, 0)})
    for radius in (10**400, True, "5"):
        with pytest.raises(ValueError):
            corr.within("a", radius)  # type: ignore[arg-type]
    for window in (10**400, 1e300, "60"):
        with pytest.raises(ValueError):
            corr.neighbour_alarms("a", OVERCURRENT, 10, window)  # type: ignore[arg-type]
    event = corr.record("a", OVERCURRENT, received=T0, value=10**400)  # type: ignore[arg-type]
    assert event is not None
    assert event.value is None
    with pytest.raises(TypeError):
        corr.place("b", (31.2, 121.4))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        corr.record("a", OVERCURRENT, received="2025-03-01T08:00:00+08:00")  # type: ignore[arg-type]


def test_place_properties_and_listing() -> None:
    corr = build({"g": geo(*CAMPUS), "l": local(1, 2, anchor=None), "n": Place()})
    assert sorted(corr.boxes) == ["g", "l", "n"]
    g, floating, n = (corr.place_of(b) for b in ("g", "l", "n"))
    assert g is not None
    assert (g.geographic, g.local, g.placed) == (True, False, True)
    assert floating is not None
    assert (floating.geographic, floating.local, floating.placed) == (False, True, True)
    assert n is not None
    assert (n.geographic, n.local, n.placed) == (False, False, False)
    assert corr.place_of("missing") is None
    assert corr.latest("missing", OVERCURRENT) is None


def test_a_box_moving_out_of_the_map_keeps_its_history() -> None:
    corr = build({"x": geo(*CAMPUS), "y": geo(*CAMPUS)})
    corr.record("x", OVERCURRENT, received=T0)
    corr.record("y", OVERCURRENT, received=T0 + 1 * S)
    assert [n.box_id for n in corr.neighbour_alarms("x", OVERCURRENT, 10, 60).neighbours] == ["y"]
    corr.place("y", local(0, 0, anchor=None))  # now only x/y, no reference point
    found = corr.neighbour_alarms("x", OVERCURRENT, 10, 60)
    assert found.neighbours == ()
    assert [n.box_id for n in found.unplaced] == ["y"]
    corr.place("y", geo(*CAMPUS))
    assert [n.box_id for n in corr.neighbour_alarms("x", OVERCURRENT, 10, 60).neighbours] == ["y"]
    assert len(corr.history("y")) == 1
    corr.remove("y")
    assert corr._window_count(OVERCURRENT, 0, 2**62) == 1


# --- persistence ------------------------------------------------------------------------------


def _answers(corr: Correlator, boxes: list[str]) -> list[object]:
    """Return every query's answer for every box, as plain JSON."""
    found: list[object] = []
    for box_id in boxes:
        found.extend(
            [
                corr.neighbour_alarms(box_id, OVERCURRENT, 200, 60).as_dict(),
                corr.neighbour_alarms(box_id, AlarmCause.LEAKAGE, 1e6, 3600).as_dict(),
                corr.offline_neighbours(box_id, 200, 30).as_dict(),
                corr.offline_after_alarm(box_id, 60).as_dict(),
                [e.as_dict() for e in corr.history(box_id)],
                corr.online(box_id),
            ]
        )
    return found


def _campus_with_history() -> Correlator:
    corr = _campus()
    corr.observe_clock("street", T0 + 3600 * S, T0)  # its clock is an hour ahead
    corr.record("x", OVERCURRENT, received=T0, time=T0, value=130.0, threshold=100.0, unit="A")
    corr.record("x", OVERCURRENT, received=T0 + 1 * S, time=T0)  # the same time: a tie
    corr.record("at_d", OVERCURRENT, received=T0 + 5 * S, time=T0 - 10 * S, channel="current_b")
    corr.record("street", OVERCURRENT, received=T0 + 2 * S, time=T0 + 3601 * S)
    corr.record("upstairs", OVERCURRENT, received=T0 + 3 * S, time=T0 + timedelta(hours=5))
    corr.record("nowhere", OVERCURRENT, received=T0 + 4 * S)
    corr.record("nowhere", OVERCURRENT, received=T0 + 4 * S)  # twins: both are kept
    corr.record("beyond", AlarmCause.LEAKAGE, received=T0 + 20 * 60 * S, time=T0)  # late
    corr.record_offline("x", received=T0 + 30 * S)
    corr.record_offline("at_d", received=T0 + 40 * S, time=T0 + 31 * S)
    corr.record_online("at_d", received=T0 + 90 * S)
    corr.record_offline("floating", received=T0 + 35 * S)
    return corr


def test_export_and_restore_give_the_same_answers() -> None:
    corr = _campus_with_history()
    stored = json.loads(json.dumps(corr.export()))  # what the Store writes and reads back
    assert len(stored) == sum(len(corr.history(b)) for b in corr.boxes)
    assert [item["time"] for item in stored] == sorted(
        (item["time"] for item in stored), key=datetime.fromisoformat
    )
    assert {item["clock"] for item in stored} == {"box", "read", "receive"}
    again = _campus()
    assert again.restore(stored) == len(stored)
    assert _answers(again, corr.boxes) == _answers(corr, corr.boxes)
    assert again.export() == corr.export()
    # Restoring twice adds nothing.
    assert again.restore(stored) == 0
    assert _answers(again, corr.boxes) == _answers(corr, corr.boxes)


def test_restore_before_the_boxes_are_placed() -> None:
    corr = _campus_with_history()
    stored = corr.export()
    again = Correlator()
    assert again.restore(stored) == len(stored)
    assert sorted(again.unplaced()) == sorted({item["box_id"] for item in stored})
    for box_id in corr.boxes:  # the hubs register their boxes after the store was read
        place = corr.place_of(box_id)
        assert place is not None
        again.place(box_id, place)
    assert _answers(again, corr.boxes) == _answers(corr, corr.boxes)


def test_restore_skips_bad_items_and_never_raises() -> None:
    corr = _campus_with_history()
    good = corr.export()
    item = good[0]
    bad: list[object] = [
        None,
        5,
        "x",
        [],
        {},
        {**item, "box_id": ""},
        {**item, "box_id": 7},
        {**item, "cause": "fire"},
        {**item, "cause": ["overcurrent"]},
        {**item, "time": "yesterday"},
        {**item, "time": "2025-03-01T08:00:00"},  # naive
        {**item, "time": None},
        {**item, "received": 1740787200},
        {**item, "clock": "sundial"},
        {**item, "clock": "read", "box_time": item["time"]},
        {**item, "clock": "box", "box_time": None},
        {**item, "unit": 5},
        {key: value for key, value in item.items() if key != "received"},
    ]
    again = _campus()
    assert again.restore([*bad, *good]) == len(good)
    assert _answers(again, corr.boxes) == _answers(corr, corr.boxes)
    for nothing in (None, 5, "abc", {"box_id": "x"}):
        assert Correlator().restore(nothing) == 0  # type: ignore[arg-type]

    def broken() -> object:
        yield good[0]
        raise ValueError

    fresh = Correlator()
    assert fresh.restore(broken()) == 1  # type: ignore[arg-type]


def test_restore_keeps_the_bounds() -> None:
    corr = build({"a": local(0, 0)}, max_age=timedelta(days=30))
    for i in range(10):
        corr.record("a", OVERCURRENT, received=T0 + timedelta(days=i), value=float(i))
    stored = corr.export()
    assert len(stored) == 10
    small = build({"a": local(0, 0)}, max_events_per_box=3)
    assert small.restore(stored) == 10  # each kept on arrival, the oldest then evicted
    assert [e.value for e in small.history("a")] == [7.0, 8.0, 9.0]
    assert small.restore(list(reversed(stored))) == 0  # what it keeps, and older than that
    short = build({"a": local(0, 0)}, max_age=timedelta(days=2))
    assert short.restore(stored) == 10
    assert [e.value for e in short.history("a")] == [7.0, 8.0, 9.0]
    assert short.restore(stored[:7]) == 0  # older than max_age before the newest reception
    # The newest reception restored is the clock for max_age: an old replay is not kept.
    assert short.record("a", OVERCURRENT, received=T0) is None


def test_event_dict_round_trip() -> None:
    corr = _campus_with_history()
    for box_id in corr.boxes:
        for event in corr.history(box_id):
            data = event.to_dict()
            assert data == event.as_dict()
            assert Event.from_dict(json.loads(json.dumps(data))) == event
    # Stored before `clock` existed: it follows from the box's time and the skew flag.
    (event,) = (e for e in corr.history("upstairs") if e.cause == OVERCURRENT)
    legacy = {key: value for key, value in event.to_dict().items() if key != "clock"}
    assert Event.from_dict(legacy).clock == "receive"
    event, twin = corr.history("nowhere")
    assert event == twin
    legacy = {key: value for key, value in event.to_dict().items() if key != "clock"}
    assert Event.from_dict(legacy).clock == "read"
    (event,) = (e for e in corr.history("at_d") if e.cause == OVERCURRENT)
    legacy = {key: value for key, value in event.to_dict().items() if key != "clock"}
    assert Event.from_dict(legacy).clock == "box"
    with pytest.raises(TypeError):
        Event.from_dict(["box_id"])  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        Event.from_dict({"box_id": "a"})


@settings(max_examples=60, deadline=None)
@given(places=placements(), data=st.data())
def test_restore_matches_the_original(places: dict[str, Place], data: st.DataObject) -> None:
    corr = build(places)
    causes = st.sampled_from([OVERCURRENT, AlarmCause.LEAKAGE, "offline", "online"])
    for box_id in places:
        for _ in range(data.draw(st.integers(0, 4))):
            received = T0 + data.draw(st.integers(0, 600)) * S
            ahead = data.draw(st.none() | st.integers(-1800, 120))
            time = None if ahead is None else received + ahead * S
            corr.record(box_id, data.draw(causes), received=received, time=time)
    again = build(places)
    again.restore(json.loads(json.dumps(corr.export())))
    assert again.export() == corr.export()
    box_id = data.draw(st.sampled_from(sorted(places)))
    at = T0 + data.draw(st.integers(-60, 600)) * S
    for cause in (OVERCURRENT, AlarmCause.LEAKAGE):
        assert again.neighbour_alarms(box_id, cause, 500, 120, at=at) == corr.neighbour_alarms(
            box_id, cause, 500, 120, at=at
        )
    assert again.offline_neighbours(box_id, 500, 60) == corr.offline_neighbours(box_id, 500, 60)
    assert again.offline_after_alarm(box_id, 60) == corr.offline_after_alarm(box_id, 60)
    assert [again.online(b) for b in places] == [corr.online(b) for b in places]


def test_a_backlog_keeps_its_own_times_and_leaves_the_clock_alone() -> None:
    """A bridge cut off for an hour sends what it queued in one burst, then live again."""
    corr = Correlator()
    minute = timedelta(minutes=1)
    for i in range(10):  # live, the box's clock 1 s ahead
        corr.observe_clock("b", T0 + i * minute + S, T0 + i * minute)
    cut_off = T0 + 70 * minute
    for i in range(10, 70):  # the queued hour, all received within 60 ms
        offset = corr.observe_clock("b", T0 + i * minute + S, cut_off + i * US * 1000)
        assert offset == S
    assert corr.dated("b", T0 + 30 * minute + S, cut_off) == T0 + 30 * minute + S
    # A clock set back by an hour is learned all the same: its messages come at our pace.
    for i in range(70, 80):
        corr.observe_clock("b", T0 + i * minute - timedelta(hours=1), T0 + i * minute)
    assert corr.clock_offset("b") == -timedelta(hours=1)

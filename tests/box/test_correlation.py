"""The correlation engine: distances, the spatial index, history and the three queries."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
import json
import math

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.safe_power.box import correlation
from custom_components.safe_power.box.correlation import (
    EARTH_RADIUS,
    Correlator,
    Place,
    distance,
    haversine,
    same_building,
)
from custom_components.safe_power.box.model import AlarmCause
from custom_components.safe_power.box.mqtt import BoxLocation

TZ = timezone(timedelta(hours=8))
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=TZ)
S = timedelta(seconds=1)
US = timedelta(microseconds=1)
OVERCURRENT = AlarmCause.OVERCURRENT
CAMPUS = (31.2304, 121.4737)  # a building's reference point
OTHER_BUILDING = (31.2314, 121.4737)  # about 111 m north of it
# One metre of latitude in degrees, on the sphere the engine uses.
METRE = 180 / (math.pi * EARTH_RADIUS)


def local(
    x: float, y: float, floor: int | None = 0, anchor: tuple[float, float] | None = CAMPUS
) -> Place:
    lat, lon = anchor if anchor is not None else (None, None)
    return Place(latitude=lat, longitude=lon, x=x, y=y, floor=floor)


def geo(lat: float, lon: float) -> Place:
    return Place(latitude=lat, longitude=lon)


def build(places: dict[str, Place], **kwargs: object) -> Correlator:
    corr = Correlator(**kwargs)  # type: ignore[arg-type]
    for box_id, place in places.items():
        corr.place(box_id, place)
    return corr


def brute_within(
    places: dict[str, Place], box_id: str, radius: float, floor_height: float = 3.0
) -> list[tuple[str, float]]:
    here = places[box_id]
    found = []
    for other, place in places.items():
        if other == box_id:
            continue
        d = distance(here, place, floor_height)
        if d is not None and d <= radius:
            found.append((other, d))
    return sorted(found, key=lambda item: (item[1], item[0]))


# --- places and distances ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"latitude": 31.0},
        {"longitude": 121.0},
        {"x": 1.0},
        {"y": 1.0},
        {"latitude": 91.0, "longitude": 0.0},
        {"latitude": 0.0, "longitude": 180.5},
        {"latitude": math.nan, "longitude": 0.0},
        {"x": math.inf, "y": 0.0},
        {"x": 1.0, "y": 2.0, "floor": True},
        {"x": 1.0, "y": 2.0, "floor": 1.5},
    ],
)
def test_place_refuses_bad_coordinates(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Place(**kwargs)  # type: ignore[arg-type]


def test_place_from_location() -> None:
    location = BoxLocation(
        text="B2, east shaft", latitude=31.2, longitude=121.4, x=3.0, y=4.0, floor=-2
    )
    assert Place.from_location(location) == Place(31.2, 121.4, 3.0, 4.0, -2)
    assert not Place.from_location(BoxLocation(text="somewhere")).placed
    corr = Correlator()
    corr.place("b1", location)
    assert corr.place_of("b1") == Place(31.2, 121.4, 3.0, 4.0, -2)


def test_distance_in_one_building() -> None:
    assert distance(local(0, 0), local(3, 4)) == 5.0
    assert distance(local(0, 0, floor=2), local(0, 0, floor=3)) == 3.0  # one floor up
    assert distance(local(0, 0, floor=2), local(0, 0, floor=3), floor_height=4.5) == 4.5
    assert distance(local(0, 0, floor=-1), local(4, 0, floor=0)) == 5.0  # 4 m across, 3 m up
    assert distance(local(0, 0, floor=None), local(0, 0, floor=0)) == 0.0  # no floor: floor 0
    # Without any reference point, boxes with x/y share the one building of the installation.
    assert distance(local(0, 0, anchor=None), local(6, 8, anchor=None)) == 10.0


def test_same_xy_in_different_buildings_is_the_distance_between_buildings() -> None:
    a = local(5, 5, anchor=CAMPUS)
    b = local(5, 5, anchor=OTHER_BUILDING)
    assert not same_building(a, b)
    d = distance(a, b)
    assert d == haversine(*CAMPUS, *OTHER_BUILDING)
    assert d == pytest.approx(111.2, abs=0.1)


def test_reference_points_within_one_metre_are_one_building() -> None:
    close = (CAMPUS[0] + 0.6 * METRE, CAMPUS[1])
    far = (CAMPUS[0] + 1.5 * METRE, CAMPUS[1])
    assert same_building(local(0, 0), local(0, 0, anchor=close))
    assert distance(local(0, 0), local(3, 4, anchor=close)) == 5.0
    assert not same_building(local(0, 0), local(0, 0, anchor=far))
    assert distance(local(0, 0), local(30, 40, anchor=far)) == pytest.approx(1.5)


def test_mixed_and_missing_coordinates() -> None:
    here = geo(*CAMPUS)
    inside = local(30, 40)
    # A geographic box next to a building: the distance is to the reference point.
    assert distance(here, inside) == 0.0
    assert distance(inside, here) == 0.0
    floating = local(1, 1, anchor=None)
    assert distance(inside, floating) is None  # one reference point missing
    assert distance(here, floating) is None
    assert distance(here, Place()) is None
    assert distance(Place(), Place()) is None
    assert distance(floating, Place()) is None


def test_haversine_known_distance() -> None:
    # One degree of latitude on the mean sphere.
    assert haversine(0, 0, 1, 0) == pytest.approx(math.pi * EARTH_RADIUS / 180)
    # Across the antimeridian: 0.0002° of longitude at the equator, about 22 m.
    assert haversine(0, 179.9999, 0, -179.9999) == pytest.approx(22.24, abs=0.01)
    assert haversine(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS)


# --- the spatial index ------------------------------------------------------------------------


def test_within_boundary_is_inclusive_in_a_building() -> None:
    corr = build({"a": local(0, 0), "b": local(3, 4), "c": local(0, 0, floor=1)})
    assert corr.within("a", 5.0) == [("c", 3.0), ("b", 5.0)]
    assert corr.within("a", math.nextafter(5.0, 0)) == [("c", 3.0)]
    assert corr.within("a", 3.0) == [("c", 3.0)]
    assert corr.within("a", 2.999) == []
    assert corr.within("a", 0) == []


def test_within_other_floors() -> None:
    corr = build({f"f{floor}": local(0, 0, floor=floor) for floor in range(-3, 30)})
    assert [b for b, _ in corr.within("f0", 6.0)] == ["f-1", "f1", "f-2", "f2"]
    assert corr.within("f10", 3.0) == [("f11", 3.0), ("f9", 3.0)]
    tall = build({f"f{floor}": local(0, 0, floor=floor) for floor in range(30)}, floor_height=4.0)
    assert tall.within("f0", 8.0) == [("f1", 4.0), ("f2", 8.0)]


def test_within_boundary_is_inclusive_geographically() -> None:
    places = {"a": geo(*CAMPUS), "b": geo(31.2404, 121.4837), "c": geo(*OTHER_BUILDING)}
    corr = build(places)
    d = distance(places["a"], places["b"])
    assert d is not None
    assert ("b", d) in corr.within("a", d)
    assert "b" not in dict(corr.within("a", math.nextafter(d, 0)))
    assert corr.within("a", d) == brute_within(places, "a", d)


def test_within_ties_and_order() -> None:
    corr = build({"z": local(1, 0), "a": local(-1, 0), "m": local(0, 1), "q": local(0, 0)})
    assert corr.within("q", 10) == [("a", 1.0), ("m", 1.0), ("z", 1.0)]


def test_same_xy_in_another_building_is_not_a_neighbour_at_short_range() -> None:
    corr = build({"a": local(5, 5), "b": local(5, 5, anchor=OTHER_BUILDING), "c": local(5, 6)})
    assert corr.within("a", 50) == [("c", 1.0)]
    assert [b for b, _ in corr.within("a", 200)] == ["c", "b"]


def test_boxes_without_coordinates_are_never_neighbours() -> None:
    corr = build(
        {
            "nowhere": Place(),
            "geo": geo(*CAMPUS),
            "room": local(0, 0),
            "floating": local(0, 0, anchor=None),
            "floating2": local(3, 4, anchor=None),
        }
    )
    assert corr.unplaced() == ["nowhere"]
    assert corr.within("nowhere", 1e7) == []
    assert corr.within("geo", 1e7) == [("room", 0.0)]
    assert corr.within("room", 1e7) == [("geo", 0.0)]
    assert corr.within("floating", 1e7) == [("floating2", 5.0)]
    assert corr.distance("nowhere", "geo") is None


def test_within_refuses_bad_input() -> None:
    corr = build({"a": geo(*CAMPUS)})
    with pytest.raises(KeyError):
        corr.within("missing", 10)
    for radius in (-1, math.nan, math.inf):
        with pytest.raises(ValueError):
            corr.within("a", radius)


def test_within_across_the_antimeridian_and_at_the_poles() -> None:
    places = {
        "east": geo(0.0, 179.9999),
        "west": geo(0.0, -179.9999),
        "date_line": geo(0.0, 180.0),
        "date_line_west": geo(0.0, -180.0),
        "pole": geo(90.0, 0.0),
        "near_pole": geo(89.9999, 123.0),
        "near_pole2": geo(89.9999, -57.0),
    }
    corr = build(places)
    for box_id in places:
        for radius in (0.0, 11.2, 25.0, 30.0, 1e6):
            assert corr.within(box_id, radius) == brute_within(places, box_id, radius)
    east = [b for b, _ in corr.within("east", 25)]
    assert set(east[:2]) == {"date_line", "date_line_west"}
    assert east[2:] == ["west"]
    assert [b for b, _ in corr.within("near_pole", 25)] == ["pole", "near_pole2"]


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
    assert corr._buildings == {}
    assert corr._geo._bands == {}


ANCHORS = [
    CAMPUS,
    (CAMPUS[0] + 0.5 * METRE, CAMPUS[1]),  # the same building, 0.5 m off
    (CAMPUS[0] + 0.999 * METRE, CAMPUS[1]),  # just within 1 m
    (CAMPUS[0] + 1.001 * METRE, CAMPUS[1]),  # just beyond 1 m
    OTHER_BUILDING,
    (0.0, 179.9995),
    (89.9995, 10.0),
]
REGIONS = [CAMPUS, (0.0, 179.9995), (0.0, -179.9995), (89.9995, 0.0), (-45.0, 0.0)]


@st.composite
def a_place(draw: st.DrawFn) -> Place:
    kind = draw(st.sampled_from(["geo", "geo", "local", "local", "floating", "nowhere"]))
    if kind == "nowhere":
        return Place()
    if kind == "geo":
        lat0, lon0 = draw(st.sampled_from(REGIONS + ANCHORS))
        dlat = draw(st.floats(-0.003, 0.003) | st.just(0.0))
        dlon = draw(st.floats(-0.003, 0.003) | st.just(0.0))
        lon = lon0 + dlon
        lon = lon - 360 if lon > 180 else lon + 360 if lon < -180 else lon
        return geo(max(-90.0, min(90.0, lat0 + dlat)), lon)
    x = draw(st.integers(-40, 40)) / 2  # half metres: ties and exact distances
    y = draw(st.integers(-40, 40)) / 2
    floor = draw(st.none() | st.integers(-3, 8))
    anchor = None if kind == "floating" else draw(st.sampled_from(ANCHORS))
    return local(x, y, floor=floor, anchor=anchor)


def placements() -> st.SearchStrategy[dict[str, Place]]:
    return st.lists(a_place(), min_size=1, max_size=40).map(
        lambda places: {f"b{i}": place for i, place in enumerate(places)}
    )


@settings(max_examples=300, deadline=None)
@given(
    places=placements(),
    data=st.data(),
    cell_size=st.sampled_from([7.0, 100.0, 5000.0]),
    local_cell_size=st.sampled_from([1.0, 25.0]),
    floor_height=st.sampled_from([3.0, 4.2]),
)
def test_within_matches_brute_force(
    places: dict[str, Place],
    data: st.DataObject,
    cell_size: float,
    local_cell_size: float,
    floor_height: float,
) -> None:
    corr = build(
        places, cell_size=cell_size, local_cell_size=local_cell_size, floor_height=floor_height
    )
    box_id = data.draw(st.sampled_from(sorted(places)))
    others = [
        d
        for other, place in places.items()
        if other != box_id and (d := distance(places[box_id], place, floor_height)) is not None
    ]
    radius = data.draw(
        st.sampled_from(others) | st.floats(0, 3000) | st.sampled_from([0.0, 1e5, 3e7])
        if others
        else st.floats(0, 3000)
    )
    assert corr.within(box_id, radius) == brute_within(places, box_id, radius, floor_height)
    # Removing a box and placing it again changes nothing.
    corr.remove(box_id)
    corr.place(box_id, places[box_id])
    assert corr.within(box_id, radius) == brute_within(places, box_id, radius, floor_height)


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
        (60 * S + US, False),
        (-3600 * S, False),
    ],
)
def test_clock_skew_rule(skew: timedelta, uses_box_time: bool) -> None:
    corr = Correlator()
    event = corr.record("a", OVERCURRENT, received=T0, time=T0 + skew, value=120.0)
    assert event is not None
    assert event.time == (T0 + skew if uses_box_time else T0)
    assert event.clock_skewed is not uses_box_time
    assert event.box_time == T0 + skew
    assert event.received == T0


def test_no_box_time_uses_reception() -> None:
    event = Correlator().record_offline("a", received=T0)
    assert event is not None
    assert event.time == T0
    assert event.box_time is None
    assert not event.clock_skewed


def test_a_box_with_a_skewed_clock_still_lines_up() -> None:
    corr = build({"a": local(0, 0), "b": local(3, 4)})
    corr.record("a", OVERCURRENT, received=T0 + 1 * S, time=T0)
    # b's clock is an hour behind: its own timestamp would put it far outside the window.
    corr.record("b", OVERCURRENT, received=T0 + 10 * S, time=T0 - timedelta(hours=1) + 9 * S)
    found = corr.neighbour_alarms("a", OVERCURRENT, 10, 30)
    assert [(n.box_id, n.offset) for n in found.neighbours] == [("b", 10.0)]
    assert found.at == T0


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


def test_enormous_distances_and_coordinates() -> None:
    places = {
        "a": local(0, 0),
        "b": local(1e300, -1e300, floor=150),
        "c": geo(-33.9, 151.2),
        "d": local(5, 5, anchor=None),
        "e": local(-1e300, 0, anchor=None),
    }
    corr = build(places)
    for box_id in places:
        for radius in (1e7, 2.1e7, 1e12, 1e300, 1.7e308):
            assert corr.within(box_id, radius) == brute_within(places, box_id, radius)
    assert [b for b, _ in corr.within("a", 1.7e308)] == ["c", "b"]
    assert corr.within("d", 10) == []

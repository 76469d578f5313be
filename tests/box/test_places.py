"""Places, distances and the spatial index (`SpatialIndex`, and the `Correlator` built on it)."""

from __future__ import annotations

from collections.abc import Callable
import math

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.safe_power.box.correlation import Correlator
from custom_components.safe_power.box.mqtt import BoxLocation
from custom_components.safe_power.box.places import (
    EARTH_RADIUS,
    Place,
    SpatialIndex,
    distance,
    haversine,
    metres,
    same_building,
)

CAMPUS = (31.2304, 121.4737)  # a building's reference point
OTHER_BUILDING = (31.2314, 121.4737)  # about 111 m north of it
# One metre of latitude in degrees, on the sphere the engine uses.
METRE = 180 / (math.pi * EARTH_RADIUS)

type Index = SpatialIndex | Correlator
type Kind = Callable[..., Index]
# The index answers, and so does the correlator that delegates to it.
KINDS = pytest.mark.parametrize("kind", [SpatialIndex, Correlator], ids=["index", "correlator"])


def local(
    x: float, y: float, floor: int | None = 0, anchor: tuple[float, float] | None = CAMPUS
) -> Place:
    lat, lon = anchor if anchor is not None else (None, None)
    return Place(latitude=lat, longitude=lon, x=x, y=y, floor=floor)


def geo(lat: float, lon: float) -> Place:
    return Place(latitude=lat, longitude=lon)


def build(kind: Kind, places: dict[str, Place], **kwargs: object) -> Index:
    index = kind(**kwargs)
    for box_id, place in places.items():
        index.place(box_id, place)
    return index


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


@KINDS
def test_place_from_location(kind: Kind) -> None:
    location = BoxLocation(
        text="B2, east shaft", latitude=31.2, longitude=121.4, x=3.0, y=4.0, floor=-2
    )
    assert Place.from_location(location) == Place(31.2, 121.4, 3.0, 4.0, -2)
    assert not Place.from_location(BoxLocation(text="somewhere")).placed
    index = kind()
    index.place("b1", location)
    assert index.place_of("b1") == Place(31.2, 121.4, 3.0, 4.0, -2)


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


@KINDS
def test_within_boundary_is_inclusive_in_a_building(kind: Kind) -> None:
    index = build(kind, {"a": local(0, 0), "b": local(3, 4), "c": local(0, 0, floor=1)})
    assert index.within("a", 5.0) == [("c", 3.0), ("b", 5.0)]
    assert index.within("a", math.nextafter(5.0, 0)) == [("c", 3.0)]
    assert index.within("a", 3.0) == [("c", 3.0)]
    assert index.within("a", 2.999) == []
    assert index.within("a", 0) == []


@KINDS
def test_within_other_floors(kind: Kind) -> None:
    index = build(kind, {f"f{floor}": local(0, 0, floor=floor) for floor in range(-3, 30)})
    assert [b for b, _ in index.within("f0", 6.0)] == ["f-1", "f1", "f-2", "f2"]
    assert index.within("f10", 3.0) == [("f11", 3.0), ("f9", 3.0)]
    tall = build(
        kind, {f"f{floor}": local(0, 0, floor=floor) for floor in range(30)}, floor_height=4.0
    )
    assert tall.within("f0", 8.0) == [("f1", 4.0), ("f2", 8.0)]


@KINDS
def test_within_boundary_is_inclusive_geographically(kind: Kind) -> None:
    places = {"a": geo(*CAMPUS), "b": geo(31.2404, 121.4837), "c": geo(*OTHER_BUILDING)}
    index = build(kind, places)
    d = distance(places["a"], places["b"])
    assert d is not None
    assert ("b", d) in index.within("a", d)
    assert "b" not in dict(index.within("a", math.nextafter(d, 0)))
    assert index.within("a", d) == brute_within(places, "a", d)


@KINDS
def test_within_ties_and_order(kind: Kind) -> None:
    index = build(kind, {"z": local(1, 0), "a": local(-1, 0), "m": local(0, 1), "q": local(0, 0)})
    assert index.within("q", 10) == [("a", 1.0), ("m", 1.0), ("z", 1.0)]


@KINDS
def test_same_xy_in_another_building_is_not_a_neighbour_at_short_range(kind: Kind) -> None:
    index = build(
        kind, {"a": local(5, 5), "b": local(5, 5, anchor=OTHER_BUILDING), "c": local(5, 6)}
    )
    assert index.within("a", 50) == [("c", 1.0)]
    assert [b for b, _ in index.within("a", 200)] == ["c", "b"]


@KINDS
def test_boxes_without_coordinates_are_never_neighbours(kind: Kind) -> None:
    index = build(
        kind,
        {
            "nowhere": Place(),
            "geo": geo(*CAMPUS),
            "room": local(0, 0),
            "floating": local(0, 0, anchor=None),
            "floating2": local(3, 4, anchor=None),
        },
    )
    assert index.unplaced() == ["nowhere"]
    assert index.within("nowhere", 1e7) == []
    assert index.within("geo", 1e7) == [("room", 0.0)]
    assert index.within("room", 1e7) == [("geo", 0.0)]
    assert index.within("floating", 1e7) == [("floating2", 5.0)]
    assert index.distance("nowhere", "geo") is None


@KINDS
def test_within_refuses_bad_input(kind: Kind) -> None:
    index = build(kind, {"a": geo(*CAMPUS)})
    with pytest.raises(KeyError):
        index.within("missing", 10)
    for radius in (-1, math.nan, math.inf):
        with pytest.raises(ValueError):
            index.within("a", radius)


@KINDS
def test_within_across_the_antimeridian_and_at_the_poles(kind: Kind) -> None:
    places = {
        "east": geo(0.0, 179.9999),
        "west": geo(0.0, -179.9999),
        "date_line": geo(0.0, 180.0),
        "date_line_west": geo(0.0, -180.0),
        "pole": geo(90.0, 0.0),
        "near_pole": geo(89.9999, 123.0),
        "near_pole2": geo(89.9999, -57.0),
    }
    index = build(kind, places)
    for box_id in places:
        for radius in (0.0, 11.2, 25.0, 30.0, 1e6):
            assert index.within(box_id, radius) == brute_within(places, box_id, radius)
    east = [b for b, _ in index.within("east", 25)]
    assert set(east[:2]) == {"date_line", "date_line_west"}
    assert east[2:] == ["west"]
    assert [b for b, _ in index.within("near_pole", 25)] == ["pole", "near_pole2"]


def test_moving_and_removing_boxes() -> None:
    index = build(SpatialIndex, {"a": local(0, 0), "b": local(3, 4), "c": geo(*CAMPUS)})
    assert isinstance(index, SpatialIndex)
    assert index.place("b", local(30, 40)) == local(30, 40)  # moved
    assert index.within("a", 10) == [("c", 0.0)]
    index.place("b", geo(*OTHER_BUILDING))
    assert "b" in dict(index.within("a", 200))
    index.place("b", Place())
    assert index.unplaced() == ["b"]
    assert index.remove("b") == Place()
    assert "b" not in index
    assert index.unplaced() == []
    assert index.remove("b") is None  # again: ignored
    index.remove("c")
    assert index.within("a", 1e6) == []
    index.remove("a")
    assert len(index) == 0
    assert index._buildings == {}
    assert index._geo._bands == {}


def test_spatial_index_listing() -> None:
    index = build(SpatialIndex, {"g": geo(*CAMPUS), "l": local(1, 2, anchor=None), "n": Place()})
    assert isinstance(index, SpatialIndex)
    assert sorted(index.boxes) == ["g", "l", "n"]
    assert len(index) == 3
    assert "g" in index
    assert "missing" not in index
    assert index.place_of("l") == local(1, 2, anchor=None)
    assert index.place_of("missing") is None
    assert [index.geographic(b) for b in ("g", "l", "n")] == [True, False, False]
    with pytest.raises(KeyError):
        index.geographic("missing")
    with pytest.raises(KeyError):
        index.distance("g", "missing")
    assert index.distance("g", "n") is None
    # The iterator of the others within reach: unsorted, the same set as `within`.
    assert sorted(index.iter_within("g", 1e7)) == index.within("g", 1e7)
    with pytest.raises(TypeError):
        index.place("x", (31.2, 121.4))  # type: ignore[arg-type]
    assert "x" not in index


def test_the_correlator_places_boxes_in_its_index() -> None:
    corr = Correlator(floor_height=4.0, cell_size=50.0)
    assert corr.floor_height == corr.space.floor_height == 4.0
    corr.place("a", local(0, 0, floor=0))
    corr.place("b", local(0, 0, floor=2))
    assert corr.space.place_of("b") == local(0, 0, floor=2)
    assert corr.space.within("a", 10) == corr.within("a", 10) == [("b", 8.0)]
    assert corr.space.distance("a", "b") == corr.distance("a", "b") == 8.0
    corr.remove("b")
    assert "b" not in corr.space


@pytest.mark.parametrize(
    "kwargs",
    [
        {"floor_height": 0},
        {"cell_size": -1.0},
        {"local_cell_size": math.nan},
        {"cell_size": 10**400},
    ],
)
def test_spatial_index_refuses_bad_settings(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        SpatialIndex(**kwargs)  # type: ignore[arg-type]


def test_metres() -> None:
    assert metres(5, "d") == 5.0
    assert metres(0.0, "d") == 0.0
    for bad in (-1, math.nan, math.inf, True, "5", None, 10**400):
        with pytest.raises(ValueError, match="d must be"):
            metres(bad, "d")  # type: ignore[arg-type]


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


@KINDS
@settings(max_examples=300, deadline=None)
@given(
    places=placements(),
    data=st.data(),
    cell_size=st.sampled_from([7.0, 100.0, 5000.0]),
    local_cell_size=st.sampled_from([1.0, 25.0]),
    floor_height=st.sampled_from([3.0, 4.2]),
)
def test_within_matches_brute_force(
    kind: Kind,
    places: dict[str, Place],
    data: st.DataObject,
    cell_size: float,
    local_cell_size: float,
    floor_height: float,
) -> None:
    index = build(
        kind,
        places,
        cell_size=cell_size,
        local_cell_size=local_cell_size,
        floor_height=floor_height,
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
    assert index.within(box_id, radius) == brute_within(places, box_id, radius, floor_height)
    # Removing a box and placing it again changes nothing.
    index.remove(box_id)
    index.place(box_id, places[box_id])
    assert index.within(box_id, radius) == brute_within(places, box_id, radius, floor_height)


@KINDS
def test_enormous_distances_and_coordinates(kind: Kind) -> None:
    places = {
        "a": local(0, 0),
        "b": local(1e300, -1e300, floor=150),
        "c": geo(-33.9, 151.2),
        "d": local(5, 5, anchor=None),
        "e": local(-1e300, 0, anchor=None),
    }
    index = build(kind, places)
    for box_id in places:
        for radius in (1e7, 2.1e7, 1e12, 1e300, 1.7e308):
            assert index.within(box_id, radius) == brute_within(places, box_id, radius)
    assert [b for b, _ in index.within("a", 1.7e308)] == ["c", "b"]
    assert index.within("d", 10) == []

"""Where boxes are and who is near whom: places, distances and the spatial index.

Pure Python: no Home Assistant import. A `SpatialIndex` keeps the place of every box of an
installation and answers "how far apart are these two boxes" and "which boxes are within D of
this one"; the correlation engine (`correlation.Correlator`) keeps one and adds the boxes'
histories on top.

Places and distances
--------------------
A box's `Place` has geographic coordinates (latitude/longitude, WGS 84 degrees), x/y metres and
a floor inside a building, or both: then the latitude/longitude is the building's reference
point (every box of a building carries the same one) and x/y are metres from it. A missing
floor counts as floor 0. The distance between two boxes is decided pairwise:

* both have x/y, and their latitude/longitude are equal (within `SAME_BUILDING_TOLERANCE`,
  1 m) or both absent: the same building, so the straight line through the floors:
  sqrt(dx² + dy² + (dfloor × floor_height)²), floor height 3.0 m unless configured;
* otherwise, both have latitude/longitude: the great-circle (haversine) distance between them,
  on a sphere of the Earth's mean radius. This covers a geographic box next to a building (its
  distance is to the building's reference point) and two boxes in different buildings
  (whatever their x/y say: same x/y in different buildings are not the same spot);
* otherwise the distance is unknown: such a box is never anybody's neighbour. The correlation
  queries list the boxes of unknown distance that match in time separately, as "unplaced", so
  that a user still hears about an alarm of a box nobody placed.

Boundaries are inclusive: a box exactly at distance D counts.

Spatial index
-------------
Geographic points sit in a uniform grid of `cell_size` metres: rows are bands of latitude,
and each band divides longitude with its own scale (metres per degree at the band's middle
latitude), so cells stay near square from the equator to high latitudes. A query visits only
the cells that can hold a point within D (a conservative bound in latitude and, per band, in
longitude; the antimeridian wraps), then checks the exact distance. Boxes at one spot (every
box of a building) share one grid entry. Each building (reference point, or none) has its own
grid of x/y cells per floor, visited only for the floors within reach. Whenever a range of
cells is larger than the occupied cells, the occupied ones are scanned instead, so a huge D
costs at most a scan. Results are exactly those of a brute-force scan with `distance()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
import math
from typing import Final

from .mqtt import BoxLocation

EARTH_RADIUS: Final = 6_371_008.8  # m, the IUGG mean radius of the Earth
SAME_BUILDING_TOLERANCE: Final = 1.0  # m between reference points of one building
DEFAULT_FLOOR_HEIGHT: Final = 3.0  # m, storey height of an office or residential building
DEFAULT_CELL_SIZE: Final = 100.0  # m, geographic grid: about a neighbour distance
DEFAULT_LOCAL_CELL_SIZE: Final = 25.0  # m, x/y grid inside a building

_METRES_PER_DEGREE: Final = EARTH_RADIUS * math.pi / 180
_MIN_BAND_COS: Final = 1e-9  # keeps the longitude scale finite at the poles
_HUGE: Final = 1e12  # m: a reach beyond this is "everywhere" (and keeps cell maths finite)


# --- places and distances ---------------------------------------------------------------------


def finite(value: object) -> float | None:
    """Return a number (not a bool) as a finite float, else None (huge integers included)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _finite(value: float | None, name: str) -> None:
    if value is not None and finite(value) is None:
        raise ValueError(f"{name} must be a finite number")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a box is, for distances: latitude/longitude and/or x/y metres and a floor.

    Latitude and longitude go together, and so do x and y. With x/y, latitude/longitude is the
    reference point of the building the x/y are measured in (absent: the one building of the
    installation). See the module's docstring for how two places are compared.
    """

    latitude: float | None = None
    longitude: float | None = None
    x: float | None = None
    y: float | None = None
    floor: int | None = None

    def __post_init__(self) -> None:
        """Refuse incomplete or impossible coordinates."""
        for name in ("latitude", "longitude", "x", "y"):
            _finite(getattr(self, name), name)
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        if (self.x is None) != (self.y is None):
            raise ValueError("x and y go together")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise ValueError("latitude must be from -90 to 90")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise ValueError("longitude must be from -180 to 180")
        if self.floor is not None and (
            isinstance(self.floor, bool) or not isinstance(self.floor, int)
        ):
            raise ValueError("floor must be an integer")

    @classmethod
    def from_location(cls, location: BoxLocation) -> Place:
        """Return the place of a box's MQTT location (its free text plays no part)."""
        return cls(location.latitude, location.longitude, location.x, location.y, location.floor)

    @property
    def geographic(self) -> bool:
        """Return True when the place has latitude/longitude."""
        return self.latitude is not None

    @property
    def local(self) -> bool:
        """Return True when the place has x/y metres inside a building."""
        return self.x is not None

    @property
    def placed(self) -> bool:
        """Return True when the place has any coordinates at all."""
        return self.latitude is not None or self.x is not None


def _anchor(place: Place) -> tuple[float, float] | None:
    """Return a place's latitude/longitude, or None."""
    if place.latitude is None or place.longitude is None:
        return None
    return place.latitude, place.longitude


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in metres between two points given in degrees."""
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    half_dphi = math.sin((phi2 - phi1) / 2)
    half_dlambda = math.sin(math.radians(lon2 - lon1) / 2)
    h = half_dphi * half_dphi + math.cos(phi1) * math.cos(phi2) * half_dlambda * half_dlambda
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(h)))


def _local_distance(a: Place, b: Place, floor_height: float) -> float:
    # Only called for places with x/y.
    dz = ((a.floor or 0) - (b.floor or 0)) * floor_height
    return math.hypot(a.x - b.x, a.y - b.y, dz)  # type: ignore[operator]


def same_building(a: Place, b: Place) -> bool:
    """Return True when both places have x/y measured in the same building."""
    if a.x is None or b.x is None:
        return False
    here, there = _anchor(a), _anchor(b)
    if here is None or there is None:
        return here is None and there is None
    return haversine(*here, *there) <= SAME_BUILDING_TOLERANCE


def distance(a: Place, b: Place, floor_height: float = DEFAULT_FLOOR_HEIGHT) -> float | None:
    """Return the distance in metres between two places, or None when it is unknown."""
    if same_building(a, b):
        return _local_distance(a, b, floor_height)
    here, there = _anchor(a), _anchor(b)
    if here is not None and there is not None:
        return haversine(*here, *there)
    return None


# --- spatial index ----------------------------------------------------------------------------


def _merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return inclusive integer ranges, sorted and merged."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


class _Point:
    """One geographic spot and the boxes at it (geographic-only ones, and building ones)."""

    __slots__ = ("geo", "lat", "local", "lon")

    def __init__(self, lat: float, lon: float) -> None:
        self.lat = lat
        self.lon = lon
        self.geo: set[str] = set()  # boxes with latitude/longitude only
        self.local: set[str] = set()  # boxes with x/y in the building whose reference this is


@dataclass(frozen=True, slots=True)
class _Reach:
    """A geographic query: its point, and bounds padded against rounding."""

    lat: float
    lon: float
    dlat: float  # degrees of latitude within reach
    hav: float  # haversine of the angle within reach
    cos_lat: float
    everywhere: bool  # the reach spans the whole sphere


class _GeoGrid:
    """Geographic spots in cells: latitude bands, each with its own longitude scale."""

    def __init__(self, cell_size: float) -> None:
        self._cell = cell_size
        self._bands: dict[int, dict[int, dict[tuple[float, float], _Point]]] = {}
        self._scales: dict[int, float] = {}

    def _band(self, lat: float) -> int:
        return math.floor(lat * _METRES_PER_DEGREE / self._cell)

    def _scale(self, band: int) -> float:
        """Return the band's cells per degree of longitude."""
        scale = self._scales.get(band)
        if scale is None:
            middle = min(90.0, max(-90.0, (band + 0.5) * self._cell / _METRES_PER_DEGREE))
            cos = max(_MIN_BAND_COS, math.cos(math.radians(middle)))
            scale = self._scales[band] = _METRES_PER_DEGREE * cos / self._cell
        return scale

    def point(self, lat: float, lon: float, create: bool = False) -> _Point | None:
        """Return the entry of a spot, creating it if asked."""
        band = self._band(lat)
        column = math.floor(lon * self._scale(band))
        cells = self._bands.get(band)
        if cells is None:
            if not create:
                return None
            cells = self._bands[band] = {}
        cell = cells.get(column)
        if cell is None:
            if not create:
                return None
            cell = cells[column] = {}
        point = cell.get((lat, lon))
        if point is None and create:
            point = cell[lat, lon] = _Point(lat, lon)
        return point

    def discard(self, point: _Point) -> None:
        """Forget a spot once no box is at it."""
        if point.geo or point.local:
            return
        band = self._band(point.lat)
        column = math.floor(point.lon * self._scale(band))
        cells = self._bands[band]
        cell = cells[column]
        del cell[point.lat, point.lon]
        if not cell:
            del cells[column]
            if not cells:
                del self._bands[band]

    def within(self, lat: float, lon: float, radius: float) -> Iterator[tuple[_Point, float]]:
        """Yield the spots within `radius` metres of a point, with their exact distance."""
        # The pruning radius is padded a little against rounding; the exact check is not.
        angle = (radius * (1 + 1e-9) + 1e-6) / EARTH_RADIUS  # radians of arc
        half = math.sin(min(angle, math.pi) / 2)
        reach = _Reach(
            lat=lat,
            lon=lon,
            dlat=math.degrees(angle),
            hav=half * half,
            cos_lat=math.cos(math.radians(lat)),
            everywhere=angle >= math.pi,
        )
        if reach.everywhere:
            bands = list(self._bands.items())
        else:
            lo_band, hi_band = self._band(lat - reach.dlat), self._band(lat + reach.dlat)
            if hi_band - lo_band + 1 > len(self._bands):
                bands = [(b, c) for b, c in self._bands.items() if lo_band <= b <= hi_band]
            else:
                bands = [
                    (b, c)
                    for b in range(lo_band, hi_band + 1)
                    if (c := self._bands.get(b)) is not None
                ]
        for band, cells in bands:
            for cell in self._columns(band, cells, reach):
                for point in cell.values():
                    d = haversine(lat, lon, point.lat, point.lon)
                    if d <= radius:
                        yield point, d

    def _columns(
        self, band: int, cells: dict[int, dict[tuple[float, float], _Point]], reach: _Reach
    ) -> Iterator[dict[tuple[float, float], _Point]]:
        """Yield the cells of a band that can hold a spot within reach."""
        ranges = None if reach.everywhere else self._lon_ranges(band, reach)
        if ranges is None:
            yield from cells.values()
            return
        scale = self._scale(band)
        columns = _merged((math.floor(lo * scale), math.floor(hi * scale)) for lo, hi in ranges)
        if sum(hi - lo + 1 for lo, hi in columns) > len(cells):
            for column, occupied in cells.items():
                if any(lo <= column <= hi for lo, hi in columns):
                    yield occupied
            return
        for lo, hi in columns:
            for column in range(lo, hi + 1):
                cell = cells.get(column)
                if cell is not None:
                    yield cell

    def _lon_ranges(self, band: int, reach: _Reach) -> list[tuple[float, float]] | None:
        """Return the longitude ranges within reach in a band, or None for all of them.

        haversine: hav(d/R) = hav(Δφ) + cos φ1 cos φ2 hav(Δλ) ≥ cos φ1 cos φ2 hav(Δλ), so a spot
        within reach has hav(Δλ) ≤ hav(reach/R) / (cos φ1 cos φ2), with φ2 taken where its
        cosine is smallest: the band's latitude farthest from the equator that is within reach.
        """
        band_south = band * self._cell / _METRES_PER_DEGREE
        band_north = (band + 1) * self._cell / _METRES_PER_DEGREE
        south = max(band_south, reach.lat - reach.dlat)
        north = min(band_north, reach.lat + reach.dlat)
        if south > north:  # rounding at a band's edge: take the whole band
            south, north = band_south, band_north
        farthest = min(90.0, max(abs(south), abs(north)))
        denominator = reach.cos_lat * math.cos(math.radians(farthest))
        if denominator <= 0 or reach.hav >= denominator:
            return None
        dlon = math.degrees(2 * math.asin(math.sqrt(reach.hav / denominator)))
        dlon = dlon * (1 + 1e-9) + 1e-12
        if dlon >= 180:
            return None
        lo, hi = reach.lon - dlon, reach.lon + dlon
        if lo < -180:
            return [(-180.0, hi), (lo + 360, 180.0)]
        if hi > 180:
            return [(lo, 180.0), (-180.0, hi - 360)]
        return [(lo, hi)]


class _Building:
    """The boxes with x/y in one building, in cells per floor."""

    __slots__ = ("_cell", "_floors", "count")

    def __init__(self, cell_size: float) -> None:
        self._cell = cell_size
        self._floors: dict[int, dict[tuple[int, int], set[str]]] = {}
        self.count = 0

    def _key(self, place: Place) -> tuple[int, tuple[int, int]]:
        return place.floor or 0, (
            math.floor(place.x / self._cell),  # type: ignore[operator]
            math.floor(place.y / self._cell),  # type: ignore[operator]
        )

    def add(self, box_id: str, place: Place) -> None:
        floor, key = self._key(place)
        self._floors.setdefault(floor, {}).setdefault(key, set()).add(box_id)
        self.count += 1

    def remove(self, box_id: str, place: Place) -> None:
        floor, key = self._key(place)
        cells = self._floors[floor]
        cells[key].discard(box_id)
        if not cells[key]:
            del cells[key]
            if not cells:
                del self._floors[floor]
        self.count -= 1

    def within(
        self, here: Place, radius: float, places: dict[str, Place], floor_height: float
    ) -> Iterator[tuple[str, float]]:
        """Yield the boxes within `radius` of a place in this building, with their distance."""
        reach = radius * (1 + 1e-9) + 1e-6
        own_floor = here.floor or 0
        x, y = here.x, here.y
        if x is None or y is None:
            return
        everything = not reach < _HUGE  # beyond any building: no ranges to compute
        span = None if everything else math.floor(reach / floor_height)
        if span is None or 2 * span + 1 > len(self._floors):
            floors = list(self._floors.items())
        else:
            floors = [
                (f, c)
                for f in range(own_floor - span, own_floor + span + 1)
                if (c := self._floors.get(f)) is not None
            ]
        for floor, cells in floors:
            dz = abs(floor - own_floor) * floor_height
            if dz > reach:
                continue
            if everything:
                boxes: Iterable[set[str]] = cells.values()
                yield from self._check(boxes, here, radius, places, floor_height)
                continue
            flat = math.sqrt(max(0.0, reach * reach - dz * dz)) * (1 + 1e-9) + 1e-6
            x_lo, x_hi = math.floor((x - flat) / self._cell), math.floor((x + flat) / self._cell)
            y_lo, y_hi = math.floor((y - flat) / self._cell), math.floor((y + flat) / self._cell)
            if (x_hi - x_lo + 1) * (y_hi - y_lo + 1) > len(cells):
                boxes = [
                    ids
                    for (cx, cy), ids in cells.items()
                    if x_lo <= cx <= x_hi and y_lo <= cy <= y_hi
                ]
            else:
                boxes = [
                    ids
                    for cx in range(x_lo, x_hi + 1)
                    for cy in range(y_lo, y_hi + 1)
                    if (ids := cells.get((cx, cy))) is not None
                ]
            yield from self._check(boxes, here, radius, places, floor_height)

    @staticmethod
    def _check(
        boxes: Iterable[set[str]],
        here: Place,
        radius: float,
        places: dict[str, Place],
        floor_height: float,
    ) -> Iterator[tuple[str, float]]:
        """Yield the boxes of some cells that are within `radius`, with their distance."""
        for ids in boxes:
            for box_id in ids:
                d = _local_distance(here, places[box_id], floor_height)
                if d <= radius:
                    yield box_id, d


# --- the index of an installation's boxes -----------------------------------------------------


def metres(value: float, name: str) -> float:
    """Return a finite, non-negative number of metres as a float, else raise ValueError."""
    number = finite(value)
    if number is None or number < 0:
        raise ValueError(f"{name} must be a finite, non-negative number of metres")
    return number


class SpatialIndex:
    """The places of an installation's boxes, and who is within a distance of whom."""

    def __init__(
        self,
        *,
        floor_height: float = DEFAULT_FLOOR_HEIGHT,
        cell_size: float = DEFAULT_CELL_SIZE,
        local_cell_size: float = DEFAULT_LOCAL_CELL_SIZE,
    ) -> None:
        """Create an empty index; raise ValueError for a size that is not a positive number."""
        for name, value in (
            ("floor_height", floor_height),
            ("cell_size", cell_size),
            ("local_cell_size", local_cell_size),
        ):
            size = finite(value)
            if size is None or size <= 0:
                raise ValueError(f"{name} must be a positive number of metres")
        self.floor_height = float(floor_height)
        self._local_cell = float(local_cell_size)
        self._places: dict[str, Place] = {}
        self._geo = _GeoGrid(float(cell_size))
        self._buildings: dict[tuple[float, float] | None, _Building] = {}
        self._unplaced: set[str] = set()  # no coordinates at all

    def __len__(self) -> int:
        """Return the number of boxes known."""
        return len(self._places)

    def __contains__(self, box_id: object) -> bool:
        """Return True for a known box."""
        return box_id in self._places

    @property
    def boxes(self) -> list[str]:
        """Return the ids of the known boxes."""
        return list(self._places)

    def place_of(self, box_id: str) -> Place | None:
        """Return a box's place, or None for an unknown box."""
        return self._places.get(box_id)

    def geographic(self, box_id: str) -> bool:
        """Return True when a known box has latitude/longitude; raise KeyError if unknown."""
        return self._places[box_id].geographic

    def unplaced(self) -> list[str]:
        """Return the boxes without any coordinates, sorted."""
        return sorted(self._unplaced)

    def place(self, box_id: str, place: Place | BoxLocation) -> Place:
        """Add a box, or move it (a box without coordinates is known but never a neighbour).

        Return the place now kept for it. Raises TypeError for anything but a `Place` or a
        `BoxLocation`, before changing anything.
        """
        if isinstance(place, BoxLocation):
            place = Place.from_location(place)
        if not isinstance(place, Place):
            raise TypeError("place must be a Place or a BoxLocation")
        before = self._places.get(box_id)
        if before is not None:
            self._unindex(box_id, before)
        self._places[box_id] = place
        anchor = _anchor(place)
        if place.x is not None:
            building = self._buildings.get(anchor)
            if building is None:
                building = self._buildings[anchor] = _Building(self._local_cell)
            building.add(box_id, place)
        if anchor is not None:
            point = self._geo.point(*anchor, create=True)
            assert point is not None  # noqa: S101 - created above
            (point.local if place.x is not None else point.geo).add(box_id)
        if not place.placed:
            self._unplaced.add(box_id)
        return place

    def _unindex(self, box_id: str, place: Place) -> None:
        anchor = _anchor(place)
        if place.x is not None:
            building = self._buildings[anchor]
            building.remove(box_id, place)
            if not building.count:
                del self._buildings[anchor]
        if anchor is not None:
            point = self._geo.point(*anchor)
            assert point is not None  # noqa: S101 - indexed when placed
            point.local.discard(box_id)
            point.geo.discard(box_id)
            self._geo.discard(point)
        self._unplaced.discard(box_id)

    def remove(self, box_id: str) -> Place | None:
        """Forget a box; return the place it had (None: it was unknown, which is ignored)."""
        place = self._places.pop(box_id, None)
        if place is not None:
            self._unindex(box_id, place)
        return place

    def distance(self, box_a: str, box_b: str) -> float | None:
        """Return the distance in metres between two known boxes, None when unknown.

        Raises KeyError for an unknown box.
        """
        return distance(self._places[box_a], self._places[box_b], self.floor_height)

    def within(self, box_id: str, radius: float) -> list[tuple[str, float]]:
        """Return the other boxes within `radius` metres (inclusive), nearest first.

        Ties are ordered by box id. Raises KeyError for an unknown box, ValueError for a radius
        that is not a finite, non-negative number.
        """
        radius = metres(radius, "radius")
        return sorted(self.iter_within(box_id, radius), key=lambda item: (item[1], item[0]))

    def iter_within(self, box_id: str, radius: float) -> Iterator[tuple[str, float]]:
        """Yield the other boxes within `radius` metres with their distance, in no order.

        `radius` must already be a valid number of metres (see `metres`). Raises KeyError for
        an unknown box when iteration starts.
        """
        here = self._places[box_id]
        anchor = _anchor(here)
        if here.x is not None:
            if anchor is None:
                buildings = [self._buildings[None]]
            else:
                buildings = [
                    self._buildings[point.lat, point.lon]
                    for point, _ in self._geo.within(*anchor, SAME_BUILDING_TOLERANCE)
                    if point.local
                ]
            for building in buildings:
                for other, d in building.within(here, radius, self._places, self.floor_height):
                    if other != box_id:
                        yield other, d
        if anchor is not None:
            for point, d in self._geo.within(*anchor, radius):
                for other in point.geo:
                    if other != box_id:
                        yield other, d
                if here.x is None or d > SAME_BUILDING_TOLERANCE:
                    for other in point.local:
                        if other != box_id:
                            yield other, d

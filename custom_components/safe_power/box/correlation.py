"""The correlation engine: where boxes are, what they raised and when, and who is near whom.

Pure Python: no Home Assistant import. The integration keeps one `Correlator` for all boxes,
feeds it every box's place and every alarm and availability change, and answers the service
actions of the design's section 5 from it:

1. `Correlator.neighbour_alarms`: the other boxes within distance D that raised the same cause
   within time window T of a box's alarm (a supply-side fault, or a spreading fire);
2. `Correlator.offline_neighbours`: the boxes within D2 that went offline within Δ of a box,
   and the boxes within D2 that are still online (whose bound clients must be warned);
3. `Correlator.offline_after_alarm`: whether a box went offline within T2 after an alarm.

Every result is a frozen dataclass whose `as_dict()` is plain JSON (service response data).

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
* otherwise the distance is unknown: such a box is never anybody's neighbour. Queries list the
  boxes of unknown distance that match in time separately, as "unplaced", so that a user still
  hears about an alarm of a box nobody placed.

Boundaries are inclusive: a box exactly at distance D, or an alarm exactly T away, counts.

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

History and time
----------------
Every event (an alarm cause, `offline` or `online`) carries the box's own timestamp and the
time Home Assistant received it. The event's time is the box's, unless the two differ by more
than `max_skew` (60 s by default: the box's clock is wrong, or the message was stuck in a
queue), then the time of reception is used, so that boxes with skewed clocks still line up.
Memory is bounded: each box keeps at most `max_events_per_box` events (the newest by time) and
nothing older than `max_age` (7 days by default) before the newest reception. All times must
be timezone-aware: a naive datetime raises ValueError.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import math
from typing import Any, Final, Literal

from .model import AlarmCause
from .mqtt import BoxLocation

EARTH_RADIUS: Final = 6_371_008.8  # m, the IUGG mean radius of the Earth
SAME_BUILDING_TOLERANCE: Final = 1.0  # m between reference points of one building
DEFAULT_FLOOR_HEIGHT: Final = 3.0  # m, storey height of an office or residential building
DEFAULT_CELL_SIZE: Final = 100.0  # m, geographic grid: about a neighbour distance
DEFAULT_LOCAL_CELL_SIZE: Final = 25.0  # m, x/y grid inside a building
DEFAULT_MAX_SKEW: Final = timedelta(seconds=60)
DEFAULT_MAX_AGE: Final = timedelta(days=7)
DEFAULT_MAX_EVENTS_PER_BOX: Final = 256
ONLINE: Final = "online"
OFFLINE: Final = AlarmCause.OFFLINE
# A neighbour-alarm query scans the alarms of the window directly when there are at most this
# many (usual: alarms are rare), and goes through the spatial index otherwise (an alarm storm).
HISTORY_SCAN_LIMIT: Final = 256

type EventCause = AlarmCause | Literal["online"]

_METRES_PER_DEGREE: Final = EARTH_RADIUS * math.pi / 180
_MIN_BAND_COS: Final = 1e-9  # keeps the longitude scale finite at the poles
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND: Final = timedelta(microseconds=1)
_US_PER_S: Final = 1_000_000
_MAX_SECONDS: Final = 1e11  # a duration beyond 3000 years is a mistake
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


# --- events and results -----------------------------------------------------------------------


def _iso(time: datetime | None) -> str | None:
    return None if time is None else time.isoformat()


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of a box's history: an alarm cause raised, or the box going offline/online."""

    box_id: str
    cause: EventCause
    time: datetime  # the time used for correlation: the box's, or `received` if skewed
    received: datetime  # when Home Assistant received it
    box_time: datetime | None  # the box's own timestamp, if it sent one
    clock_skewed: bool  # the box's time differed from `received` by more than `max_skew`
    value: float | None = None
    threshold: float | None = None
    unit: str | None = None
    channel: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the event as plain JSON."""
        return {
            "box_id": self.box_id,
            "cause": str(self.cause),
            "time": _iso(self.time),
            "received": _iso(self.received),
            "box_time": _iso(self.box_time),
            "clock_skewed": self.clock_skewed,
            "value": self.value,
            "threshold": self.threshold,
            "unit": self.unit,
            "channel": self.channel,
        }


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A box near another one."""

    box_id: str
    distance: float  # m

    def as_dict(self) -> dict[str, Any]:
        """Return the neighbour as plain JSON."""
        return {"box_id": self.box_id, "distance": _round(self.distance, 2)}


@dataclass(frozen=True, slots=True)
class NeighbourAlarm:
    """A box that raised the same cause near in time; its alarm closest in time to the query's."""

    box_id: str
    distance: float | None  # m; None for a box whose distance is unknown ("unplaced")
    time: datetime
    offset: float  # s, its time minus the queried alarm's time (negative: it came first)
    value: float | None
    threshold: float | None
    unit: str | None
    channel: str | None
    count: int  # how many alarms of that cause it raised within the window

    def as_dict(self) -> dict[str, Any]:
        """Return the alarm as plain JSON."""
        return {
            "box_id": self.box_id,
            "distance": _round(self.distance, 2),
            "time": _iso(self.time),
            "offset": _round(self.offset, 3),
            "value": self.value,
            "threshold": self.threshold,
            "unit": self.unit,
            "channel": self.channel,
            "count": self.count,
        }


@dataclass(frozen=True, slots=True)
class NeighbourAlarms:
    """The answer to "who else near this box raised the same alarm at about the same time"."""

    box_id: str
    cause: AlarmCause
    at: datetime | None  # the queried alarm's time; None: the box never raised that cause
    distance: float  # m, the D asked for
    window: float  # s, the T asked for
    neighbours: tuple[NeighbourAlarm, ...]  # nearest first
    unplaced: tuple[NeighbourAlarm, ...]  # matching in time, distance unknown; by box id

    def as_dict(self) -> dict[str, Any]:
        """Return the answer as plain JSON."""
        return {
            "box_id": self.box_id,
            "cause": str(self.cause),
            "at": _iso(self.at),
            "distance": self.distance,
            "window": self.window,
            "neighbours": [n.as_dict() for n in self.neighbours],
            "unplaced": [n.as_dict() for n in self.unplaced],
        }


@dataclass(frozen=True, slots=True)
class OfflineNeighbour:
    """A box that went offline within Δ of another one."""

    box_id: str
    distance: float | None  # m; None for a box whose distance is unknown ("unplaced")
    offline_at: datetime
    offset: float  # s, its offline time minus the queried box's
    online: bool  # whether it is back online now

    def as_dict(self) -> dict[str, Any]:
        """Return the neighbour as plain JSON."""
        return {
            "box_id": self.box_id,
            "distance": _round(self.distance, 2),
            "offline_at": _iso(self.offline_at),
            "offset": _round(self.offset, 3),
            "online": self.online,
        }


@dataclass(frozen=True, slots=True)
class OfflineNeighbours:
    """The answer to "which boxes near this one went offline with it, and which are still on"."""

    box_id: str
    at: datetime | None  # the box's offline time; None: it never went offline
    distance: float  # m, the D2 asked for
    delta: float  # s, the Δ asked for
    offline: tuple[OfflineNeighbour, ...]  # went offline within Δ, nearest first
    online: tuple[Neighbour, ...]  # within D2 and online now (or never seen offline)
    unplaced: tuple[OfflineNeighbour, ...]  # went offline within Δ, distance unknown

    def as_dict(self) -> dict[str, Any]:
        """Return the answer as plain JSON."""
        return {
            "box_id": self.box_id,
            "at": _iso(self.at),
            "distance": self.distance,
            "delta": self.delta,
            "offline": [n.as_dict() for n in self.offline],
            "online": [n.as_dict() for n in self.online],
            "unplaced": [n.as_dict() for n in self.unplaced],
        }


@dataclass(frozen=True, slots=True)
class OfflineAfterAlarm:
    """The answer to "did this box go offline right after one of its alarms"."""

    box_id: str
    window: float  # s, the T2 asked for
    offline_at: datetime | None  # None: the box never went offline
    alarm: Event | None  # its last alarm within T2 before going offline
    gap: float | None  # s from that alarm to going offline

    @property
    def after_alarm(self) -> bool:
        """Return True when the box went offline within the window after an alarm."""
        return self.alarm is not None

    def as_dict(self) -> dict[str, Any]:
        """Return the answer as plain JSON."""
        return {
            "box_id": self.box_id,
            "window": self.window,
            "offline_at": _iso(self.offline_at),
            "after_alarm": self.after_alarm,
            "alarm": None if self.alarm is None else self.alarm.as_dict(),
            "gap": _round(self.gap, 3),
        }


# --- the correlator ---------------------------------------------------------------------------


def _aware(time: datetime, name: str) -> datetime:
    if not isinstance(time, datetime):
        raise TypeError(f"{name} must be a datetime")
    if time.tzinfo is None or time.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")
    return time


def _us(time: datetime) -> int:
    """Return a time as integer microseconds since the epoch: exact, unlike float seconds."""
    return (time - _EPOCH) // _MICROSECOND


def _span_us(value: timedelta | float, name: str) -> int:
    """Return a non-negative duration (timedelta or seconds) in microseconds."""
    if isinstance(value, timedelta):
        us = value // _MICROSECOND
    elif (seconds := finite(value)) is None or abs(seconds) > _MAX_SECONDS:
        raise ValueError(f"{name} must be a duration")
    else:
        us = round(seconds * _US_PER_S)
    if us < 0:
        raise ValueError(f"{name} must not be negative")
    return us


def _radius(value: float, name: str) -> float:
    metres = finite(value)
    if metres is None or metres < 0:
        raise ValueError(f"{name} must be a finite, non-negative number of metres")
    return metres


def _cause(cause: AlarmCause | str) -> EventCause:
    if cause == ONLINE:
        return ONLINE
    try:
        return AlarmCause(cause)
    except ValueError:
        raise ValueError(f"unknown cause {cause!r}") from None


type _Key = tuple[int, int]  # (time in µs, sequence number): unique, time-ordered
type _IndexEntry = tuple[int, int, Event]


class _History:
    """One box's events, ordered by time, and its connectivity."""

    __slots__ = ("events", "keys", "state")

    def __init__(self) -> None:
        self.keys: list[_Key] = []
        self.events: list[Event] = []
        self.state: tuple[_Key, bool] | None = None  # last connectivity event: key, online

    def window(self, lo_us: int, hi_us: int) -> Iterator[tuple[int, Event]]:
        start = bisect.bisect_left(self.keys, (lo_us, -1))
        for i in range(start, len(self.keys)):
            us = self.keys[i][0]
            if us > hi_us:
                return
            yield us, self.events[i]


class Correlator:
    """Places, histories and the correlation queries over all boxes of an installation."""

    def __init__(
        self,
        *,
        floor_height: float = DEFAULT_FLOOR_HEIGHT,
        cell_size: float = DEFAULT_CELL_SIZE,
        local_cell_size: float = DEFAULT_LOCAL_CELL_SIZE,
        max_skew: timedelta = DEFAULT_MAX_SKEW,
        max_age: timedelta = DEFAULT_MAX_AGE,
        max_events_per_box: int = DEFAULT_MAX_EVENTS_PER_BOX,
    ) -> None:
        """Create an empty correlator."""
        for name, value in (
            ("floor_height", floor_height),
            ("cell_size", cell_size),
            ("local_cell_size", local_cell_size),
        ):
            metres = finite(value)
            if metres is None or metres <= 0:
                raise ValueError(f"{name} must be a positive number of metres")
        if max_events_per_box < 1:
            raise ValueError("max_events_per_box must be at least 1")
        self.floor_height = float(floor_height)
        self.max_skew = max_skew
        self.max_age = max_age
        self.max_events_per_box = max_events_per_box
        self._local_cell = float(local_cell_size)
        self._places: dict[str, Place] = {}
        self._geo = _GeoGrid(float(cell_size))
        self._buildings: dict[tuple[float, float] | None, _Building] = {}
        self._unplaced: set[str] = set()  # no coordinates at all
        self._histories: dict[str, _History] = {}
        # Events per (box has latitude/longitude, cause), ordered by time. Split so that the
        # boxes of unknown distance from a geographic box (those without) are found directly.
        self._index: dict[tuple[bool, EventCause], list[_IndexEntry]] = {}
        self._sequence = 0
        self._newest_us: int | None = None  # the newest reception seen: the clock for max_age

    # --- places ---

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

    def unplaced(self) -> list[str]:
        """Return the boxes without any coordinates, sorted."""
        return sorted(self._unplaced)

    def place(self, box_id: str, place: Place | BoxLocation) -> None:
        """Add a box, or move it (a box without coordinates is known but never a neighbour)."""
        if isinstance(place, BoxLocation):
            place = Place.from_location(place)
        if not isinstance(place, Place):
            raise TypeError("place must be a Place or a BoxLocation")
        before = self._places.get(box_id)
        if before is not None:
            self._unindex(box_id, before)
        history = self._histories.setdefault(box_id, _History())
        if before is not None and before.geographic != place.geographic:
            # Its events move to the other part of the index.
            for key, event in zip(history.keys, history.events, strict=True):
                self._drop_from_index(key, event, before.geographic)
                entries = self._index.setdefault((place.geographic, event.cause), [])
                bisect.insort(entries, (*key, event))
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

    def remove(self, box_id: str) -> None:
        """Forget a box: its place and its whole history. Unknown boxes are ignored."""
        place = self._places.pop(box_id, None)
        if place is not None:
            self._unindex(box_id, place)
        history = self._histories.pop(box_id, None)
        if history is not None and place is not None:
            for key, event in zip(history.keys, history.events, strict=True):
                self._drop_from_index(key, event, place.geographic)

    def distance(self, box_a: str, box_b: str) -> float | None:
        """Return the distance in metres between two known boxes, None when unknown."""
        return distance(self._places[box_a], self._places[box_b], self.floor_height)

    def within(self, box_id: str, radius: float) -> list[tuple[str, float]]:
        """Return the other boxes within `radius` metres (inclusive), nearest first.

        Raises KeyError for an unknown box.
        """
        radius = _radius(radius, "radius")
        return sorted(self._within(box_id, radius), key=lambda item: (item[1], item[0]))

    def _within(self, box_id: str, radius: float) -> Iterator[tuple[str, float]]:
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

    # --- history ---

    def record(
        self,
        box_id: str,
        cause: AlarmCause | str,
        *,
        received: datetime,
        time: datetime | None = None,
        value: float | None = None,
        threshold: float | None = None,
        unit: str | None = None,
        channel: str | None = None,
    ) -> Event | None:
        """Record an alarm raised by a box, or the box going `offline` / `online`.

        `time` is the box's own timestamp (None: it sent none), `received` when Home Assistant
        received it. An unknown box is added without coordinates. Return the event, or None
        when it is too old to keep (older than `max_age`, or than every event the box keeps).
        """
        kind = _cause(cause)
        received = _aware(received, "received")
        skewed = False
        effective = received
        if time is not None:
            time = _aware(time, "time")
            if abs(time - received) > self.max_skew:
                skewed = True
            else:
                effective = time
        event = Event(
            box_id=box_id,
            cause=kind,
            time=effective,
            received=received,
            box_time=time,
            clock_skewed=skewed,
            value=finite(value),
            threshold=finite(threshold),
            unit=unit,
            channel=channel,
        )
        if box_id not in self._places:
            self.place(box_id, Place())
        received_us = _us(received)
        if self._newest_us is None or received_us > self._newest_us:
            self._newest_us = received_us
        self._expire()
        us = _us(effective)
        if us < self._newest_us - self.max_age // _MICROSECOND:
            return None
        history = self._histories[box_id]
        self._sequence += 1
        key = (us, self._sequence)
        if len(history.keys) >= self.max_events_per_box and key < history.keys[0]:
            return None
        at = bisect.bisect_right(history.keys, key)
        history.keys.insert(at, key)
        history.events.insert(at, event)
        geographic = self._places[box_id].geographic
        bisect.insort(self._index.setdefault((geographic, kind), []), (us, self._sequence, event))
        if len(history.keys) > self.max_events_per_box:
            oldest = history.keys.pop(0)
            self._drop_from_index(oldest, history.events.pop(0), geographic)
        if kind in (ONLINE, OFFLINE) and (history.state is None or key > history.state[0]):
            history.state = (key, kind == ONLINE)
        return event

    def record_offline(
        self, box_id: str, *, received: datetime, time: datetime | None = None
    ) -> Event | None:
        """Record that a box went offline (seen by Home Assistant, or its last will)."""
        return self.record(box_id, OFFLINE, received=received, time=time)

    def record_online(
        self, box_id: str, *, received: datetime, time: datetime | None = None
    ) -> Event | None:
        """Record that a box came (back) online."""
        return self.record(box_id, ONLINE, received=received, time=time)

    def _drop_from_index(self, key: _Key, event: Event, geographic: bool) -> None:
        index_key = (geographic, event.cause)
        entries = self._index[index_key]
        at = bisect.bisect_left(entries, key)
        if at < len(entries) and entries[at][:2] == key:
            del entries[at]
        if not entries:
            del self._index[index_key]

    def _expire(self) -> None:
        """Drop the events older than `max_age` before the newest reception."""
        if self._newest_us is None:
            return
        cutoff = self._newest_us - self.max_age // _MICROSECOND
        for index_key in list(self._index):
            entries = self._index[index_key]
            if entries[0][0] >= cutoff:
                continue
            stale = bisect.bisect_left(entries, (cutoff, -1))
            for us, sequence, event in entries[:stale]:
                history = self._histories[event.box_id]
                at = bisect.bisect_left(history.keys, (us, sequence))
                del history.keys[at]
                del history.events[at]
            del entries[:stale]
            if not entries:
                del self._index[index_key]

    def history(self, box_id: str) -> list[Event]:
        """Return the events kept for a box, oldest first (empty for an unknown box)."""
        history = self._histories.get(box_id)
        return [] if history is None else list(history.events)

    def online(self, box_id: str) -> bool | None:
        """Return whether a box is online by its last availability event (None: never seen)."""
        history = self._histories.get(box_id)
        return None if history is None or history.state is None else history.state[1]

    def latest(self, box_id: str, cause: AlarmCause | str) -> Event | None:
        """Return a box's latest event of a cause (by time), or None."""
        kind = _cause(cause)
        history = self._histories.get(box_id)
        if history is None:
            return None
        return next((e for e in reversed(history.events) if e.cause == kind), None)

    def _window(
        self, kind: EventCause, lo_us: int, hi_us: int, geographic: bool | None = None
    ) -> list[tuple[list[_IndexEntry], int, int]]:
        """Return (entries, start, stop) of the events of a cause in [lo, hi].

        One per part of the index: boxes with latitude/longitude (True), without (False), or
        both (None).
        """
        slices = []
        for part in (True, False) if geographic is None else (geographic,):
            entries = self._index.get((part, kind))
            if entries:
                start = bisect.bisect_left(entries, (lo_us, -1))
                stop = bisect.bisect_right(entries, (hi_us, math.inf))
                slices.append((entries, start, stop))
        return slices

    def _window_count(self, kind: EventCause, lo_us: int, hi_us: int) -> int:
        """Return how many events of a cause lie in [lo, hi]."""
        return sum(stop - start for _, start, stop in self._window(kind, lo_us, hi_us))

    def _window_boxes(
        self, kind: EventCause, lo_us: int, hi_us: int, geographic: bool | None = None
    ) -> set[str]:
        """Return the boxes with an event of a cause in [lo, hi]."""
        return {
            entries[i][2].box_id
            for entries, start, stop in self._window(kind, lo_us, hi_us, geographic)
            for i in range(start, stop)
        }

    def _closest(
        self, box_id: str, kind: EventCause, t0: int, lo_us: int, hi_us: int
    ) -> tuple[Event, int, int] | None:
        """Return a box's event of a cause closest in time to t0 within [lo, hi].

        Also its offset from t0 in µs and how many there are; ties go to the earlier one.
        """
        best: tuple[Event, int] | None = None
        count = 0
        for us, event in self._histories[box_id].window(lo_us, hi_us):
            if event.cause != kind:
                continue
            count += 1
            if best is None or abs(us - t0) < abs(best[1]):
                best = (event, us - t0)
        return None if best is None else (best[0], best[1], count)

    def _t0(
        self, box_id: str, kind: EventCause, at: datetime | None
    ) -> tuple[int, datetime] | tuple[None, None]:
        """Return the reference time of a query: `at`, or the box's latest event of a cause."""
        if at is not None:
            return _us(_aware(at, "at")), at
        latest = self.latest(box_id, kind)
        return (None, None) if latest is None else (_us(latest.time), latest.time)

    # --- queries ---

    def neighbour_alarms(
        self,
        box_id: str,
        cause: AlarmCause | str,
        distance: float,
        window: timedelta | float,
        at: datetime | None = None,
    ) -> NeighbourAlarms:
        """Return the other boxes within `distance` m that raised `cause` within `window`.

        `at` is the time of the box's alarm (default: its latest alarm of that cause); the
        window is inclusive on both sides of it. Raises KeyError for an unknown box.
        """
        kind = _cause(cause)
        if kind == ONLINE:
            raise ValueError("'online' is not an alarm cause")
        radius = _radius(distance, "distance")
        span = _span_us(window, "window")
        if box_id not in self._places:
            raise KeyError(box_id)
        t0, at = self._t0(box_id, kind, at)
        if t0 is None:
            return NeighbourAlarms(box_id, kind, None, radius, span / _US_PER_S, (), ())
        if self._window_count(kind, t0 - span, t0 + span) <= HISTORY_SCAN_LIMIT:
            near, unplaced = self._alarms_by_history(box_id, kind, radius, t0, span)
        else:
            near, unplaced = self._alarms_by_space(box_id, kind, radius, t0, span)
        return NeighbourAlarms(
            box_id=box_id,
            cause=kind,
            at=at,
            distance=radius,
            window=span / _US_PER_S,
            neighbours=tuple(sorted(near, key=lambda n: (n.distance, n.box_id))),
            unplaced=tuple(sorted(unplaced, key=lambda n: n.box_id)),
        )

    @staticmethod
    def _neighbour_alarm(
        box_id: str, d: float | None, found: tuple[Event, int, int]
    ) -> NeighbourAlarm:
        event, offset, count = found
        return NeighbourAlarm(
            box_id=box_id,
            distance=d,
            time=event.time,
            offset=offset / _US_PER_S,
            value=event.value,
            threshold=event.threshold,
            unit=event.unit,
            channel=event.channel,
            count=count,
        )

    def _alarms_by_history(
        self, box_id: str, kind: EventCause, radius: float, t0: int, span: int
    ) -> tuple[list[NeighbourAlarm], list[NeighbourAlarm]]:
        """Scan the window's alarms of that cause, then check each box's distance."""
        here = self._places[box_id]
        seen = self._window_boxes(kind, t0 - span, t0 + span) - {box_id}
        near: list[NeighbourAlarm] = []
        unplaced: list[NeighbourAlarm] = []
        for other in seen:
            d = distance(here, self._places[other], self.floor_height)
            if d is not None and d > radius:
                continue
            found = self._closest(other, kind, t0, t0 - span, t0 + span)
            if found is None:  # pragma: no cover - it is in the window
                continue
            (near if d is not None else unplaced).append(self._neighbour_alarm(other, d, found))
        return near, unplaced

    def _alarms_by_space(
        self, box_id: str, kind: EventCause, radius: float, t0: int, span: int
    ) -> tuple[list[NeighbourAlarm], list[NeighbourAlarm]]:
        """Ask the spatial index for the boxes within reach, then look at their histories."""
        near: list[NeighbourAlarm] = []
        for other, d in self._within(box_id, radius):
            found = self._closest(other, kind, t0, t0 - span, t0 + span)
            if found is not None:
                near.append(self._neighbour_alarm(other, d, found))
        return near, self._unplaced_matches(box_id, kind, t0, span, self._neighbour_alarm)

    def _unplaced_matches[M](
        self,
        box_id: str,
        kind: EventCause,
        t0: int,
        span: int,
        make: Callable[[str, float | None, tuple[Event, int, int]], M],
    ) -> list[M]:
        """Return the boxes of unknown distance with an event of that cause in the window.

        From a box with latitude/longitude, those are the boxes without (a part of the index
        of their own); from a box without, nearly every box, so the whole window is scanned.
        """
        here = self._places[box_id]
        geographic = False if here.geographic else None
        unknown = self._window_boxes(kind, t0 - span, t0 + span, geographic) - {box_id}
        matches: list[M] = []
        for other in unknown:
            if distance(here, self._places[other], self.floor_height) is not None:
                continue
            found = self._closest(other, kind, t0, t0 - span, t0 + span)
            if found is not None:
                matches.append(make(other, None, found))
        return matches

    def offline_neighbours(
        self,
        box_id: str,
        distance: float,
        delta: timedelta | float,
        at: datetime | None = None,
    ) -> OfflineNeighbours:
        """Return the boxes within `distance` m that went offline within `delta` of this box.

        `at` is the box's offline time (default: its latest). Also returns every box within
        `distance` that is online now (never seen offline counts as online), whose bound
        clients should be warned. Raises KeyError for an unknown box.
        """
        radius = _radius(distance, "distance")
        span = _span_us(delta, "delta")
        if box_id not in self._places:
            raise KeyError(box_id)
        t0, at = self._t0(box_id, OFFLINE, at)
        near = sorted(self._within(box_id, radius), key=lambda item: (item[1], item[0]))
        online = tuple(Neighbour(b, d) for b, d in near if self.online(b) is not False)
        if t0 is None:
            return OfflineNeighbours(box_id, None, radius, span / _US_PER_S, (), online, ())

        def make(other: str, d: float | None, found: tuple[Event, int, int]) -> OfflineNeighbour:
            return OfflineNeighbour(
                box_id=other,
                distance=d,
                offline_at=found[0].time,
                offset=found[1] / _US_PER_S,
                online=self.online(other) is True,
            )

        offline = []
        for other, d in near:
            found = self._closest(other, OFFLINE, t0, t0 - span, t0 + span)
            if found is not None:
                offline.append(make(other, d, found))
        unplaced = self._unplaced_matches(box_id, OFFLINE, t0, span, make)
        return OfflineNeighbours(
            box_id=box_id,
            at=at,
            distance=radius,
            delta=span / _US_PER_S,
            offline=tuple(offline),
            online=online,
            unplaced=tuple(sorted(unplaced, key=lambda n: n.box_id)),
        )

    def offline_after_alarm(
        self, box_id: str, window: timedelta | float, at: datetime | None = None
    ) -> OfflineAfterAlarm:
        """Return whether a box went offline within `window` after one of its alarms.

        `at` is the offline time (default: the box's latest). The alarm reported is the last
        one at or before going offline, at most `window` before (inclusive).
        Raises KeyError for an unknown box.
        """
        span = _span_us(window, "window")
        if box_id not in self._places:
            raise KeyError(box_id)
        t_off, at = self._t0(box_id, OFFLINE, at)
        if t_off is None:
            return OfflineAfterAlarm(box_id, span / _US_PER_S, None, None, None)
        last: tuple[int, Event] | None = None
        for us, event in self._histories[box_id].window(t_off - span, t_off):
            if event.cause not in (ONLINE, OFFLINE):
                last = (us, event)
        return OfflineAfterAlarm(
            box_id=box_id,
            window=span / _US_PER_S,
            offline_at=at,
            alarm=None if last is None else last[1],
            gap=None if last is None else (t_off - last[0]) / _US_PER_S,
        )

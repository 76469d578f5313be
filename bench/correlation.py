"""Correlation benchmark: the neighbour query of DESIGN.md section 6 (≤ 2 ms median at 10,000).

Run from the repository root::

    .venv/bin/python bench/correlation.py [--sizes 1000,10000,100000] [--queries 300]

For each installation size it builds a realistic layout and a week of alarm history, then
times, query by query, the engine (`Correlator`) and a brute-force scan in the same run:

* the layout: 60 % of the boxes in the buildings of a campus (about 120 boxes a building, on
  floors -2 to 17, x/y metres inside, buildings 150 m apart on a grid), 35 % scattered over a
  20 km × 20 km city by latitude/longitude, 3 % without coordinates, 2 % with x/y but no
  reference point;
* the history: on average 3 alarms per box over 7 days (causes weighted as a real installation
  sees them: overcurrent and leakage most), offline/online for 10 % of the boxes, and one alarm
  storm at the end (a supply fault: every box within 400 m of one building, buildings and city
  alike, raises undervoltage within a minute);
* the queries, each timed on `--queries` boxes picked at random:
  - `within`: the boxes within D = 100 m;
  - `neighbour alarms (typical)`: for a box's alarm, the boxes within D = 100 m that raised
    the same cause within T = 5 min (few alarms in the window: the engine scans them);
  - `neighbour alarms (storm)`: the same for a box of the storm (hundreds of alarms in the
    window: the engine asks the spatial index).
  The brute force computes the distance to every box and then looks at the history of those
  within D (the same per-box history lookup the engine uses), so the ratio is the index's gain.
  Both answers are compared for every query.

This is a benchmark, not a test: it prints figures and a PASS/MISS verdict against the target,
and always exits 0.
"""

from __future__ import annotations

import argparse
import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import gc
import math
import os
from pathlib import Path
import platform
import random
import statistics
import sys
import time

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # measure this checkout

from custom_components.safe_power.box.correlation import Correlator, Event
from custom_components.safe_power.box.model import AlarmCause
from custom_components.safe_power.box.places import EARTH_RADIUS, Place, distance

TARGET_MS = 2.0
TARGET_SIZE = 10_000
D = 100.0  # m
T = timedelta(minutes=5)
NOW = datetime(2025, 3, 8, 12, 0, tzinfo=UTC)
CENTRE = (31.2304, 121.4737)
BOXES_PER_BUILDING = 120
BUILDING_SPACING = 150.0  # m
CITY_SIDE = 20_000.0  # m
STORM_RADIUS = 400.0  # m around one building: the area a failing feeder supplies
METRE = 180 / (math.pi * EARTH_RADIUS)  # degrees of latitude per metre
CAUSES = (
    (AlarmCause.OVERCURRENT, 30),
    (AlarmCause.LEAKAGE, 25),
    (AlarmCause.CABLE_OVER_TEMPERATURE, 12),
    (AlarmCause.UNDERVOLTAGE, 8),
    (AlarmCause.OVERVOLTAGE, 5),
    (AlarmCause.UNBALANCE, 8),
    (AlarmCause.PHASE_LOSS, 3),
    (AlarmCause.BOX_OVER_TEMPERATURE, 4),
    (AlarmCause.SENSOR_FAULT, 3),
    (AlarmCause.CONTACTOR_TRIPPED, 2),
)


def offset(lat: float, lon: float, north: float, east: float) -> tuple[float, float]:
    """Return the point `north`/`east` metres from a point."""
    return lat + north * METRE, lon + east * METRE / math.cos(math.radians(lat))


def layout(count: int, rnd: random.Random) -> tuple[dict[str, Place], list[tuple[float, float]]]:
    """Return the places of `count` boxes and the reference points of the buildings."""
    campus = int(count * 0.60)
    city = int(count * 0.35)
    floating = int(count * 0.02)
    unplaced = count - campus - city - floating
    buildings_n = max(1, round(campus / BOXES_PER_BUILDING))
    side = math.ceil(math.sqrt(buildings_n))
    buildings = [
        offset(*CENTRE, (i // side) * BUILDING_SPACING, (i % side) * BUILDING_SPACING)
        for i in range(buildings_n)
    ]
    places: dict[str, Place] = {}
    for i in range(campus):
        lat, lon = buildings[i % buildings_n]
        places[f"campus{i}"] = Place(
            latitude=lat,
            longitude=lon,
            x=round(rnd.uniform(0, 80), 1),
            y=round(rnd.uniform(0, 40), 1),
            floor=rnd.randint(-2, 17),
        )
    for i in range(city):
        lat, lon = offset(
            *CENTRE,
            rnd.uniform(-CITY_SIDE / 2, CITY_SIDE / 2),
            rnd.uniform(-CITY_SIDE / 2, CITY_SIDE / 2),
        )
        places[f"city{i}"] = Place(latitude=lat, longitude=lon)
    for i in range(floating):
        places[f"floating{i}"] = Place(x=rnd.uniform(0, 200), y=rnd.uniform(0, 200), floor=0)
    for i in range(unplaced):
        places[f"unplaced{i}"] = Place()
    return places, buildings


@dataclass
class Installation:
    """A correlator filled with a layout and its history, and what the brute force needs."""

    corr: Correlator
    places: dict[str, Place]
    alarms: list[Event]  # the typical alarms, to query from
    storm: list[Event]  # the storm's alarms
    build_s: float
    events: int


def install(count: int, seed: int) -> Installation:
    """Build an installation of `count` boxes with a week of history."""
    rnd = random.Random(seed)
    places, buildings = layout(count, rnd)
    started = time.perf_counter()
    corr = Correlator()
    for box_id, place in places.items():
        corr.place(box_id, place)
    causes = [c for c, _ in CAUSES]
    weights = [w for _, w in CAUSES]
    week = 7 * 24 * 3600
    raw: list[tuple[datetime, str, AlarmCause | str]] = []
    for box_id in places:
        for _ in range(rnd.choice((0, 1, 2, 3, 4, 5, 6))):
            when = NOW - timedelta(seconds=rnd.uniform(600, week - 60))
            raw.append((when, box_id, rnd.choices(causes, weights)[0]))
        if rnd.random() < 0.1:
            when = NOW - timedelta(seconds=rnd.uniform(600, week - 3600))
            raw.append((when, box_id, "offline"))
            raw.append((when + timedelta(seconds=rnd.uniform(10, 3600)), box_id, "online"))
    # The storm: every box within STORM_RADIUS of one building, within a minute.
    lat, lon = buildings[len(buildings) // 2]
    centre = Place(latitude=lat, longitude=lon)
    storm_boxes = [
        b for b, p in places.items() if (d := distance(centre, p)) is not None and d <= STORM_RADIUS
    ]
    raw.extend(
        (NOW - timedelta(seconds=rnd.uniform(0, 60)), box_id, AlarmCause.UNDERVOLTAGE)
        for box_id in storm_boxes
    )
    raw.sort(key=lambda item: item[0])  # messages arrive in time order
    alarms: list[Event] = []
    storm: list[Event] = []
    storm_set = set(storm_boxes)
    for when, box_id, cause in raw:
        # Boxes' clocks are a few seconds off; the message arrives a little later.
        received = when + timedelta(seconds=rnd.uniform(0.05, 2))
        box_time = when + timedelta(seconds=rnd.gauss(0, 3))
        event = corr.record(box_id, cause, received=received, time=box_time, value=1.0)
        if event is None or cause in ("offline", "online"):
            continue
        if (
            cause is AlarmCause.UNDERVOLTAGE
            and box_id in storm_set
            and when >= NOW - timedelta(seconds=61)
        ):
            storm.append(event)
        else:
            alarms.append(event)
    return Installation(corr, places, alarms, storm, time.perf_counter() - started, len(raw))


def brute_within(inst: Installation, box_id: str, radius: float) -> list[tuple[str, float]]:
    """Return the boxes within `radius` by computing every distance."""
    here = inst.places[box_id]
    height = inst.corr.floor_height
    found = [
        (other, d)
        for other, place in inst.places.items()
        if other != box_id and (d := distance(here, place, height)) is not None and d <= radius
    ]
    found.sort(key=lambda item: (item[1], item[0]))
    return found


def brute_alarms(inst: Installation, event: Event) -> list[str]:
    """Return the boxes within D that raised the same cause within T, by a scan of all boxes."""
    t0 = event.time
    near = []
    for other, _ in brute_within(inst, event.box_id, D):
        history = inst.corr._histories[other]  # noqa: SLF001 - the same per-box lookup
        times = [e.time for e in history.events]
        lo = bisect.bisect_left(times, t0 - T)
        if any(e.cause == event.cause for e in history.events[lo:] if e.time <= t0 + T):
            near.append(other)
    return near


def engine_alarms(inst: Installation, event: Event) -> list[str]:
    """Return the engine's answer to the same question."""
    found = inst.corr.neighbour_alarms(event.box_id, event.cause, D, T, at=event.time)
    return [n.box_id for n in found.neighbours]


@dataclass(frozen=True)
class Timing:
    """Median and 95th percentile of a sample of durations in seconds."""

    median: float
    p95: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Timing:
        """Summarise a sample."""
        ordered = sorted(samples)
        return cls(
            statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        )

    def __str__(self) -> str:
        """Format as milliseconds."""
        return f"median {self.median * 1000:8.3f} ms  p95 {self.p95 * 1000:8.3f} ms"


def timed[A, R](fn: Callable[[A], R], args: Sequence[A]) -> tuple[Timing, list[R]]:
    """Time `fn` on each argument; return the timing and the answers."""
    gc.collect()
    samples = []
    answers = []
    for arg in args:
        started = time.perf_counter()
        answer = fn(arg)
        samples.append(time.perf_counter() - started)
        answers.append(answer)
    return Timing.of(samples), answers


@dataclass(frozen=True)
class Row:
    """One query at one size: engine and brute force."""

    name: str
    engine: Timing
    brute: Timing
    agree: bool
    found: float  # average answer size

    @property
    def ratio(self) -> float:
        """Return how many times faster the engine's median is."""
        return self.brute.median / self.engine.median


def measure(
    count: int, queries: int, brute_queries: int, seed: int
) -> tuple[Installation, list[Row]]:
    """Build one installation and time the three queries."""
    inst = install(count, seed)
    rnd = random.Random(seed + 1)
    placed = [b for b, p in inst.places.items() if p.placed]
    boxes = [rnd.choice(placed) for _ in range(queries)]
    typical = [rnd.choice(inst.alarms) for _ in range(queries)]
    storm = [rnd.choice(inst.storm) for _ in range(queries)] if inst.storm else []
    rows = []
    engine, answers = timed(lambda b: inst.corr.within(b, D), boxes)
    brute, expected = timed(lambda b: brute_within(inst, b, D), boxes[:brute_queries])
    rows.append(
        Row(
            "within D",
            engine,
            brute,
            answers[:brute_queries] == expected,
            statistics.fmean(len(a) for a in answers),
        )
    )
    for name, events in (
        ("neighbour alarms (typical)", typical),
        ("neighbour alarms (storm)", storm),
    ):
        if not events:
            continue
        engine, found = timed(lambda e: engine_alarms(inst, e), events)
        brute, expected_ids = timed(lambda e: brute_alarms(inst, e), events[:brute_queries])
        agree = all(
            sorted(a) == sorted(b) for a, b in zip(found[:brute_queries], expected_ids, strict=True)
        )
        rows.append(Row(name, engine, brute, agree, statistics.fmean(len(a) for a in found)))
    return inst, rows


def main() -> None:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="box counts (1000,10000,100000)"
    )
    parser.add_argument("--queries", type=int, default=300, help="timed queries per figure (300)")
    parser.add_argument(
        "--brute-queries", type=int, default=30, help="brute-force queries per figure (30)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.queries < 2 or args.brute_queries < 2 or any(s < 100 for s in sizes):
        parser.error("need queries ≥ 2, brute-queries ≥ 2 and sizes ≥ 100")
    started = time.perf_counter()
    print(
        f"bench/correlation.py: Python {platform.python_version()}, {os.cpu_count()} CPU(s); "
        f"D = {D:g} m, T = {T.total_seconds():g} s; {args.queries} engine queries, "
        f"{args.brute_queries} brute-force queries per figure"
    )
    results: dict[int, list[Row]] = {}
    for count in sizes:
        inst, rows = measure(count, args.queries, min(args.brute_queries, args.queries), args.seed)
        results[count] = rows
        storm_window = 0
        if inst.storm:
            us = (inst.storm[0].time - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(
                microseconds=1
            )
            span = T // timedelta(microseconds=1)
            # How many alarms the storm puts in a query's window.
            storm_window = inst.corr._window_count(AlarmCause.UNDERVOLTAGE, us - span, us + span)  # noqa: SLF001
        print()
        print(
            f"== {count:,} boxes: built in {inst.build_s:.2f} s ({inst.events:,} events recorded, "
            f"{sum(len(inst.corr.history(b)) for b in inst.places):,} kept); "
            f"storm {len(inst.storm)} boxes, {storm_window} alarms in its window"
        )
        for row in rows:
            print(
                f"  {row.name:<28} engine {row.engine}   brute {row.brute}   "
                f"ratio {row.ratio:7.1f}×   answers {row.found:6.1f}   "
                f"{'agree' if row.agree else 'DISAGREE'}"
            )
    print()
    print(f"---- summary ({time.perf_counter() - started:.0f} s) ----")
    header = f"  {'query':<28}" + "".join(f"{f'{n:,} boxes':>26}" for n in sizes)
    print(header + "   (engine median / brute-force median)")
    names = [row.name for row in results[sizes[0]]]
    for name in names:
        cells = []
        for n in sizes:
            cell = next((r for r in results[n] if r.name == name), None)
            cells.append(
                f"{'-':>26}"
                if cell is None
                else f"{cell.engine.median * 1000:9.3f} / {cell.brute.median * 1000:8.2f} ms"
            )
        print(f"  {name:<28}" + "".join(f"{c:>26}" for c in cells))
    if TARGET_SIZE in results:
        for row in results[TARGET_SIZE]:
            if row.name.startswith("neighbour alarms"):
                ok = row.engine.median * 1000 <= TARGET_MS
                print(
                    f"- {row.name} over {TARGET_SIZE:,} boxes: median "
                    f"{row.engine.median * 1000:.3f} ms (target ≤ {TARGET_MS:g} ms), "
                    f"{row.ratio:.0f}× faster than brute force  [{'PASS' if ok else 'MISS'}]"
                )
    disagreements = [(n, r.name) for n, rows in results.items() for r in rows if not r.agree]
    print(f"- engine and brute force agree on every compared query: {not disagreements}")


if __name__ == "__main__":
    main()

"""Report benchmark: a year of 100 boxes (issue 10), the pure part of `safe_power.report`.

Run from the repository root::

    .venv/bin/python bench/report.py [--boxes 100] [--days 365] [--alarms 2000]

What `async_make_report` does after the recorder answered, timed step by step in one run:

1. `build_report`: a year's hourly energy, hourly maximum power, daily qualification rate and
   hourly unbalance of `--boxes` boxes (what `statistics_during_period(..., "hour")` returns:
   8,760 rows per statistic per box), `--alarms` register records, the default time-of-use
   schedule, Asia/Shanghai;
2. `render_html` and `render_csv` of it, in both languages, with their sizes;
3. the same for one month and one day, for the ratio of a year to a month;
4. peak memory of the whole (tracemalloc).

The recorder's own read (SQLite, the statistics tables) is not timed here: it is Home
Assistant's, and the report reads 4 statistics per box in one query.

Target: a year of 100 boxes within 10 s on this machine (it runs in the executor: the event
loop is not held). A benchmark, not a test: it prints figures and ratios (figure ÷ target,
≤ 1 meets it) and always exits 0.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta
import math
from pathlib import Path
import random
import sys
import time
import tracemalloc
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.safe_power.box.report import (
    BoxInput,
    ReportPeriod,
    TrendInput,
    build_report,
)
from custom_components.safe_power.box.report_render import render_csv, render_html
from custom_components.safe_power.box.tariff import DEFAULT_TOU

TZ = ZoneInfo("Asia/Shanghai")
TARGET_YEAR_S = 10.0
CAUSES = ("overcurrent", "leakage", "cable_over_temperature", "undervoltage", "offline")


def _boxes(count: int, start: datetime, days: int) -> list[BoxInput]:
    rng = random.Random(1)
    hours = days * 24
    boxes = []
    for n in range(count):
        base = rng.uniform(2, 40)  # kW of the box's usual load
        energy, power, unbalance = [], [], []
        for h in range(hours):
            at = start + timedelta(hours=h)
            local = at.astimezone(TZ).hour
            load = base * (0.4 + 0.6 * max(0.0, math.sin((local - 6) / 24 * 2 * math.pi)))
            energy.append((at, load * rng.uniform(0.9, 1.1)))
            power.append((at, 1000 * load * rng.uniform(1.0, 1.4)))
            unbalance.append((at, rng.uniform(0.2, 1.5), rng.uniform(1.5, 3.0)))
        qualification = [
            ((start + timedelta(days=d)).astimezone(TZ).date(), rng.uniform(97, 100))
            for d in range(days)
        ]
        boxes.append(
            BoxInput(
                serial=f"SP{n:05d}",
                name=f"Box {n}",
                area=f"Area {n % 12}",
                location=f"Floor {n % 8}, shaft {n % 3}",
                energy_hourly=energy,
                power_hourly_max=power,
                voltage_qualification_daily=qualification,
                unbalance_hourly=unbalance,
                trend=TrendInput(
                    leakage_slope=rng.uniform(-2, 20),
                    leakage_baseline=rng.uniform(10, 200),
                    leakage_limit=300,
                    leakage_days_to_limit=rng.uniform(1, 300),
                    cable_temperature=rng.uniform(30, 60),
                    cable_limit=70,
                    cable_margin=rng.uniform(5, 40),
                    cable_slope=rng.uniform(-0.5, 1.0),
                ),
            )
        )
    return boxes


def _alarms(count: int, boxes: int, start: datetime, days: int) -> list[dict[str, Any]]:
    rng = random.Random(2)
    alarms = []
    for i in range(count):
        received = start + timedelta(seconds=rng.uniform(0, days * 86400))
        cleared = received + timedelta(minutes=rng.uniform(1, 600))
        box = rng.randrange(boxes)
        alarms.append(
            {
                "alarm_id": f"a{i}",
                "serial": f"SP{box:05d}",
                "box": f"Box {box}",
                "cause": rng.choice(CAUSES),
                "origin": "device",
                "value": 70.0,
                "threshold": 63.0,
                "unit": "A",
                "time": received.isoformat(),
                "received": received.isoformat(),
                "area": f"Area {box % 12}",
                "location": "Floor 1",
                "state": "cleared",
                "acknowledged": {
                    "at": (received + timedelta(minutes=rng.uniform(1, 30))).isoformat(),
                    "via": "app",
                    "user_id": "u1",
                    "user": "Li Wei",
                },
                "cleared": cleared.isoformat(),
                "power": [],
                "covered_by": None,
                "diagnosis": [
                    {"rule": "overload", "confidence": 0.8, "en": "An overload.", "zh": "过负荷。"}
                ],
            }
        )
    return alarms


def _timed(label: str, run: Any) -> Any:
    began = time.perf_counter()
    result = run()
    print(f"  {label:<42} {time.perf_counter() - began:8.2f} s")
    return result


def main() -> None:
    """Time the report of a year, a month and a day."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boxes", type=int, default=100)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--alarms", type=int, default=2000)
    args = parser.parse_args()
    year = ReportPeriod.for_year(2026, TZ)
    start = year.start.astimezone(UTC)
    print(
        f"report: {args.boxes} boxes, {args.days} days of hourly statistics, {args.alarms} alarms"
    )
    boxes = _timed("inputs (not part of the report)", lambda: _boxes(args.boxes, start, args.days))
    alarms = _alarms(args.alarms, args.boxes, start, args.days)
    generated = datetime(2027, 1, 1, 9, tzinfo=TZ)
    began = time.perf_counter()
    build_report(year, boxes, alarms, DEFAULT_TOU, TZ, generated=generated)
    plain = time.perf_counter() - began
    print(f"  {'build_report, the year, no tracemalloc':<42} {plain:8.2f} s")
    tracemalloc.start()
    began = time.perf_counter()
    report = _timed(
        "build_report, the year",
        lambda: build_report(year, boxes, alarms, DEFAULT_TOU, TZ, generated=generated),
    )
    html = {
        lang: _timed(f"render_html {lang}", lambda lang=lang: render_html(report, lang))
        for lang in ("en", "zh")
    }
    csv = _timed("render_csv en", lambda: render_csv(report, "en"))
    total = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  {'year, all steps (tracemalloc on)':<42} {total:8.2f} s")
    print(
        f"  html {len(html['en']) / 1024:.0f} kB (en), {len(html['zh']) / 1024:.0f} kB (zh);"
        f" csv {len(csv) / 1024:.0f} kB"
    )
    print(f"  peak memory (tracemalloc) {peak / 1e6:.0f} MB")
    month = ReportPeriod.for_month(2026, 11, TZ)
    began = time.perf_counter()
    render_html(build_report(month, boxes, alarms, DEFAULT_TOU, TZ, generated=generated), "zh")
    month_s = time.perf_counter() - began
    day = ReportPeriod.for_day(date(2026, 11, 20), TZ)
    began = time.perf_counter()
    render_html(build_report(day, boxes, alarms, DEFAULT_TOU, TZ, generated=generated), "zh")
    day_s = time.perf_counter() - began
    print(f"  {'a month (build + html)':<42} {month_s:8.2f} s")
    print(f"  {'a day (build + html)':<42} {day_s:8.2f} s")
    print(f"  year ÷ month: {plain / month_s:.1f} (a year holds 12.2 months of statistics)")
    ratio = plain / TARGET_YEAR_S
    print(f"  the year: {plain:.2f} s, target {TARGET_YEAR_S:.0f} s, ratio {ratio:.2f}")
    print("PASS" if plain <= TARGET_YEAR_S else "MISS", "(informative; exit 0)")


if __name__ == "__main__":
    main()

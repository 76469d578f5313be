"""Alarm register benchmark: DESIGN.md section 6 (100,000 alarms load ≤ 1 s; 30 days ≤ 10 ms).

Run from the repository root::

    .venv/bin/python bench/alarm_register.py [--alarms 100000] [--boxes 1000] [--quick]

It builds a realistic register, stores it in a temporary directory exactly as Home Assistant's
`Store` does for `AlarmCenter` (one document per month of reception, `safe_power.alarms.<YYYY-MM>`
= `{"alarms": [...]}`, and the index `safe_power.alarms` = `{"months": [...]}`, each wrapped in the
Store's envelope and written by `homeassistant.helpers.json.prepare_save_json`, i.e. orjson with
2-space indentation, then `write_utf8_file`), and times, in one run:

1. start-up: the index and month files read back by `homeassistant.util.json.load_json` (orjson,
   the Store's reader), `AlarmRegister.load` month by month, then `prune` (as
   `AlarmCenter.async_load` does); total and split, against ≤ 1 s;
2. queries: one box's last 30 days (`query(serials=[x], start=now - 30 d)`) on `--queries`
   different boxes, median and p95, the busiest box, and the same as the `safe_power.alarms`
   response (`limit` 100, `as_dict`); the whole fleet's active alarms by `query(states=...)`
   (the service) and by `unacknowledged()` (the sensors); one box's open alarms
   (`open_alarms(serial)` and `unacknowledged(serial)`, what the alarm center asks on each of the
   box's updates) and every box's once (a fleet-wide reconcile); one cause over the year; against
   ≤ 10 ms;
3. storage: one alarm raised, `take_dirty`, then the current month's document (`month_records`)
   serialised as the Store does and written to disk; per write, and per alarm when a burst of
   `--burst` alarms falls in one `SAVE_DELAY` window (the Store debounces);
4. memory: what the loaded register holds (tracemalloc, in a fresh process) per 1,000 alarms,
   the start-up peak, and the RSS it adds;
5. event payload: `AlarmRecord.as_dict()` per alarm (fired on every step), and the recorder's
   `json_bytes` of it.

The data: `--alarms` alarms received over the 12 months of 2026 across `--boxes` boxes (some boxes
alarm far more than others: log-normal rates), causes weighted as a real installation sees them
(overcurrent and leakage most, offline 10 %, a few gateway-unreachable and user-limit alarms),
about 5 % acknowledged from a phone with a power command, 2 diagnoses each (rule, confidence and
their English and Chinese text, as `AlarmCenter` stores them), the place (area, location, x, y,
floor), the bound phones; a few hundred alarms (0.3 %) still open in the last 3 days.

This is a benchmark, not a test: it prints figures, targets and ratios (figure ÷ target: ≤ 1
meets it) with an informative PASS/MISS, and always exits 0. `--quick` runs a fifth of the size
and scales the start-up figure to 100,000 alarms for the verdict.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import gc
import json
import math
import os
from pathlib import Path
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # measure this checkout

from homeassistant.helpers.json import json_bytes, prepare_save_json
from homeassistant.util.file import write_utf8_file
from homeassistant.util.json import load_json

from custom_components.safe_power.alarms import SAVE_DELAY, STORAGE_KEY, STORAGE_VERSION
from custom_components.safe_power.box.alarm_register import (
    GATEWAY_UNREACHABLE,
    Actor,
    AlarmRecord,
    AlarmRegister,
    AlarmState,
    Origin,
    PowerCommand,
    Via,
    month_of,
)
from custom_components.safe_power.box.model import AlarmCause

TARGET_LOAD_S = 1.0  # DESIGN.md §6: 100,000 stored alarms load at start
TARGET_QUERY_S = 0.010  # DESIGN.md §6: one box's last 30 days
TARGET_ALARMS = 100_000
BOX_BUDGET_MB = 0.6  # DESIGN.md §6 Memory: RSS per box (a reference for the register's share)
LATENCY_BUDGET_S = 0.100  # DESIGN.md §6 Alarm latency (a reference for the event payload)
START = datetime(2026, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 12, 31, 18, 0, tzinfo=UTC)
OPEN_WINDOW = timedelta(days=3)  # the still-open alarms were raised in the last 3 days
OPEN_SHARE = 0.003
ACK_POWER_SHARE = 0.05
USER_LIMIT_SHARE = 0.03
GATEWAY_SHARE = 0.001
BOXES_PER_GATEWAY = 50
CAUSES: tuple[tuple[str, float], ...] = (
    (AlarmCause.OVERCURRENT, 27),
    (AlarmCause.LEAKAGE, 22),
    (AlarmCause.CABLE_OVER_TEMPERATURE, 10),
    (AlarmCause.UNDERVOLTAGE, 7),
    (AlarmCause.OVERVOLTAGE, 4),
    (AlarmCause.UNBALANCE, 7),
    (AlarmCause.PHASE_LOSS, 3),
    (AlarmCause.BOX_OVER_TEMPERATURE, 4),
    (AlarmCause.SENSOR_FAULT, 3),
    (AlarmCause.CONTACTOR_TRIPPED, 3),
    (AlarmCause.OFFLINE, 10),
)
# cause → (unit, channels, threshold, typical excess over it); None: a cause without a reading.
READINGS: dict[str, tuple[str, tuple[str, ...], float, float] | None] = {
    AlarmCause.OVERCURRENT: ("A", ("current_a", "current_b", "current_c", "current_n"), 32.0, 6),
    AlarmCause.LEAKAGE: ("mA", ("leakage",), 30.0, 15),
    AlarmCause.CABLE_OVER_TEMPERATURE: ("°C", ("temperature_a", "temperature_b"), 70.0, 8),
    AlarmCause.BOX_OVER_TEMPERATURE: ("°C", ("box_temperature",), 60.0, 5),
    AlarmCause.OVERVOLTAGE: ("V", ("voltage_a", "voltage_b", "voltage_c"), 242.0, 6),
    AlarmCause.UNDERVOLTAGE: ("V", ("voltage_a", "voltage_b", "voltage_c"), 198.0, -15),
    AlarmCause.PHASE_LOSS: ("V", ("voltage_a", "voltage_b", "voltage_c"), 100.0, -90),
    AlarmCause.UNBALANCE: ("%", ("unbalance",), 20.0, 8),
    AlarmCause.SENSOR_FAULT: None,
    AlarmCause.CONTACTOR_TRIPPED: None,
    AlarmCause.OFFLINE: None,
}
# Diagnoses as AlarmCenter stores them: rule, confidence and the text in both languages, with
# the figures of the moment (so no two texts are the same), about as long as the real rules'.
RULES: tuple[tuple[str, str, str], ...] = (
    (
        "loose_terminal",
        (
            "The {c} cable is at {t:.0f} °C, {d:.0f} K hotter than the other conductors, but its "
            "current {a:.1f} A is close to the other phases': the heat does not come from the "
            "load. Most likely a loose terminal or poor contact on {c}: the contact resistance has "
            "grown and heats the joint. Switch off and re-tighten the {c} terminals (breaker "
            "in/out, busbar bolts); look for discolouration or burn marks and replace damaged lugs."
        ),
        (
            "{c}电缆温度{t:.0f} °C，比其他导线高{d:.0f} °C，但电流{a:.1f} A与其他相相当，发热不是负"
            "荷大引起的。多半是{c}接线端子松动、接触不良，接触电阻增大导致发热。建议停电后检查并紧"
            "固{c}端子（断路器进出线、汇流排螺栓），查看有无发黑、烧蚀，损坏的线鼻子要更换。"
        ),
    ),
    (
        "overload",
        (
            "The {c} cable is at {t:.0f} °C while it carries {a:.1f} A ({d:.0f} % above the "
            "breaker's rating for the last hour): the circuit is overloaded, the heat comes from "
            "the load. PVC-insulated cable is rated for 70 °C. Reduce or spread the load (move "
            "loads to other circuits or other times); if the load is needed, have the cable and "
            "its breaker resized."
        ),
        (
            "{c}电缆温度{t:.0f} °C，同时电流{a:.1f} A（近一小时超过断路器额定值{d:.0f} %），线路过"
            "载，发热来自负荷。PVC绝缘电缆的允许温度为70 °C。建议减少或分散负荷（移到其他回路或错开"
            "时间）；确需这么大负荷时，请更换更大截面的电缆和相应的断路器。"
        ),
    ),
    (
        "faulty_appliance",
        (
            "At {h:02d}:{m:02d} the leakage current jumped by {d:.0f} mA at the moment a load of "
            "{a:.1f} A switched on ({c}), and fell back when it switched off. The leakage belongs "
            "to that appliance: its insulation is damaged or its casing is live. Find which "
            "appliance was switched on at that time and test it; switch circuits off one by one to "
            "find it."
        ),
        (
            "{h:02d}:{m:02d}剩余电流在一台{a:.1f} A的负荷（{c}）接通时跳升{d:.0f} mA，断开后回落。"
            "漏电来自该电器：其绝缘损坏或外壳带电。请查明当时接通的是哪台电器并检测；可以逐个断开回"
            "路来查找。"
        ),
    ),
    (
        "supply_side",
        (
            "{n} boxes within 100 m saw the same {cause} within {h} minutes of this one, {d:.0f} V "
            "below the limit on average: the cause is upstream of the boxes (transformer, feeder "
            "or the utility's supply), not in this circuit. Tell the electrician on duty or the "
            "utility; check the incoming supply's voltage at the main switchboard."
        ),
        (
            "100 m内{n}台配电箱在{h}分钟内同时出现{cause}，平均比限值低{d:.0f} V：原因在配电箱上游"
            "（变压器、馈线或供电公司），不在本回路。请通知值班电工或供电公司，并在总配电柜检查进线"
            "电压。"
        ),
    ),
)
PHONES = ("pixel_8", "iphone_15", "mi_14", "huawei_p60", "honor_90", "galaxy_s24", "oppo_x7")
USERS = ("Li Wei", "Zhang Min", "Wang Fang", "Chen Jie", "Liu Yang", "Sarah Miller", "Tom Baker")


def _hex(rnd: random.Random, digits: int) -> str:
    return f"{rnd.getrandbits(4 * digits):0{digits}x}"


@dataclass(frozen=True, slots=True)
class Box:
    """A box of the installation, with what an alarm record copies from it."""

    serial: str
    title: str
    device_id: str
    entry_id: str
    place: dict[str, Any]
    targets: list[str]


@dataclass(frozen=True, slots=True)
class Plan:
    """One alarm to raise: which box, what, when, and what happens to it."""

    received: datetime
    box: Box
    cause: str
    origin: str
    open: bool


def make_boxes(count: int, rnd: random.Random) -> tuple[list[Box], list[float]]:
    """Return the boxes (50 per gateway) and how often each alarms (log-normal weights)."""
    entries = [_hex(rnd, 26).upper() for _ in range(math.ceil(count / BOXES_PER_GATEWAY))]
    boxes = []
    for i in range(count):
        building, floor = i // 120 + 1, rnd.randint(-2, 17)
        riser = rnd.choice(("east", "west", "north", "south"))
        boxes.append(
            Box(
                serial=f"SP{202400000 + i * 7919 % 99991:09d}",
                title=f"B{building} {floor}F {riser} panel {i % 7 + 1}",
                device_id=_hex(rnd, 32),
                entry_id=entries[i // BOXES_PER_GATEWAY],
                place={
                    "area_id": f"building_{building}_floor_{floor}",
                    "area": f"Building {building} · {floor}F",
                    "location": f"Building {building} {floor}F, {riser} riser, cabinet {i % 7 + 1}",
                    "x": round(rnd.uniform(0, 80), 1),
                    "y": round(rnd.uniform(0, 40), 1),
                    "floor": floor,
                },
                targets=[f"mobile_app_{p}" for p in rnd.sample(PHONES, rnd.choice((1, 1, 2, 3)))],
            )
        )
    return boxes, [rnd.lognormvariate(0, 1.0) for _ in range(count)]


def plan_alarms(
    count: int, boxes: list[Box], weights: list[float], rnd: random.Random
) -> list[Plan]:
    """Return `count` alarms over the year in order of reception; the last few hundred open."""
    causes = [c for c, _ in CAUSES]
    cause_weights = [w for _, w in CAUSES]
    span = (NOW - OPEN_WINDOW - START).total_seconds()
    n_open = max(10, round(count * OPEN_SHARE))
    n_gateway = max(1, round(count * GATEWAY_SHARE))
    plans: list[Plan] = []
    for box, cause in zip(
        rnd.choices(boxes, weights, k=count - n_open - n_gateway),
        rnd.choices(causes, cause_weights, k=count - n_open - n_gateway),
        strict=True,
    ):
        received = START + timedelta(seconds=rnd.uniform(0, span))
        origin = Origin.HOME_ASSISTANT if cause == AlarmCause.OFFLINE else Origin.DEVICE
        if origin is Origin.DEVICE and READINGS[cause] and rnd.random() < USER_LIMIT_SHARE:
            origin = Origin.USER_LIMIT
        plans.append(Plan(received, box, cause, origin, open=False))
    gateways = {b.entry_id: b for b in boxes}
    for _ in range(n_gateway):
        box = gateways[rnd.choice(sorted(gateways))]
        received = START + timedelta(seconds=rnd.uniform(0, span))
        plans.append(Plan(received, box, GATEWAY_UNREACHABLE, Origin.HOME_ASSISTANT, open=False))
    keys: set[tuple[str, str]] = set()
    while len(keys) < n_open:
        box = rnd.choices(boxes, weights)[0]
        cause = rnd.choices(causes, cause_weights)[0]
        if (box.serial, cause) in keys:
            continue
        keys.add((box.serial, cause))
        received = NOW - timedelta(seconds=rnd.uniform(60, OPEN_WINDOW.total_seconds()))
        origin = Origin.HOME_ASSISTANT if cause == AlarmCause.OFFLINE else Origin.DEVICE
        plans.append(Plan(received, box, cause, origin, open=True))
    plans.sort(key=lambda p: p.received)
    return plans


def diagnoses(cause: str, rnd: random.Random) -> list[dict[str, Any]]:
    """Return 2 diagnoses as AlarmCenter stores them (no evidence)."""
    found: list[dict[str, Any]] = []
    for rule, en, zh in rnd.sample(RULES, 2):
        figures = {
            "c": rnd.choice(("L1", "L2", "L3", "N")),
            "t": rnd.uniform(60, 110),
            "d": rnd.uniform(3, 60),
            "a": rnd.uniform(5, 80),
            "h": rnd.randint(0, 23),
            "m": rnd.randint(0, 59),
            "n": rnd.randint(2, 40),
            "cause": cause.replace("_", " "),
        }
        found.append(
            {
                "rule": rule,
                "confidence": round(rnd.uniform(0.3, 0.95), 2),
                "en": en.format(**figures),
                "zh": zh.format(**figures),
            }
        )
    found.sort(key=lambda d: -d["confidence"])
    return found


def alarm_details(plan: Plan, rnd: random.Random) -> tuple[str, datetime, dict[str, Any]]:
    """Return the serial, the alarm's time and the details AlarmCenter records when raising it."""
    box, cause, received = plan.box, plan.cause, plan.received
    clock = rnd.choices(("box", "read", "receive"), (60, 38, 2))[0]
    alarm_time = received - timedelta(seconds=rnd.uniform(0.05, 2.0) if clock != "receive" else 0)
    details: dict[str, Any] = {"clock": clock}
    if cause == GATEWAY_UNREACHABLE:
        return (
            f"gateway_{box.entry_id}",
            alarm_time,
            details | {"box": f"Gateway {box.entry_id[:4]}", "entry_id": box.entry_id},
        )
    details |= {
        "box": box.title,
        "device_id": box.device_id,
        "entry_id": box.entry_id,
        "place": dict(box.place),
        "notify_targets": list(box.targets),
        "diagnosis": diagnoses(cause, rnd),
    }
    if (reading := READINGS[cause]) is not None:
        unit, channels, threshold, excess = reading
        details |= {
            "value": round(threshold + excess * rnd.uniform(0.05, 1.5), 1),
            "threshold": threshold,
            "unit": unit,
            "channel": rnd.choice(channels),
        }
    return box.serial, alarm_time, details


def raise_planned(register: AlarmRegister, plan: Plan, rnd: random.Random) -> AlarmRecord:
    """Raise one planned alarm with everything AlarmCenter records at that moment."""
    serial, alarm_time, details = alarm_details(plan, rnd)
    record, new = register.raise_alarm(
        serial, plan.cause, origin=plan.origin, time=alarm_time, received=plan.received, **details
    )
    assert new, "the plan never raises an alarm that is still open"
    return record


def live(register: AlarmRegister, record: AlarmRecord, plan: Plan, rnd: random.Random) -> None:
    """Give a raised alarm its life: acknowledgement and power command, reminders, clearing."""
    received = plan.received
    end = NOW if plan.open else received + timedelta(minutes=min(2880, rnd.lognormvariate(2, 1.5)))
    if rnd.random() < ACK_POWER_SHARE and end - received > timedelta(minutes=1):
        at = received + (end - received) * rnd.uniform(0.05, 0.6)
        i = rnd.randrange(len(USERS))
        actor = Actor(at, Via.APP, user_id=f"{i:x}" * 32, user=USERS[i])
        register.add_power(
            record.alarm_id, PowerCommand(actor, "off", ok=rnd.random() > 0.02, error=None)
        )
        register.acknowledge(record.alarm_id, actor)
    # Reminders every 5 min and escalation at 10 and 30 min while unacknowledged.
    quiet_until = record.acknowledged.at if record.acknowledged else end
    minutes = (quiet_until - received).total_seconds() / 60
    record.level = (minutes >= 10) + (minutes >= 30)
    reminders = int(minutes // 5)
    record.notified = 1 + reminders
    record.last_notified = received + timedelta(minutes=5 * reminders)
    if not plan.open:
        reading = READINGS.get(plan.cause)
        value = None if reading is None else round(reading[2] - reading[3] * 0.2, 1)
        register.clear(record.serial, plan.cause, plan.origin, end, value)


def build(alarms: int, boxes_n: int, seed: int) -> tuple[AlarmRegister, list[Box]]:
    """Return a register that lived through the year, and its boxes."""
    rnd = random.Random(seed)
    boxes, weights = make_boxes(boxes_n, rnd)
    register = AlarmRegister(max_count=max(alarms, 100_000), id_factory=lambda: _hex(rnd, 12))
    for plan in plan_alarms(alarms, boxes, weights, rnd):
        live(register, raise_planned(register, plan, rnd), plan, rnd)
    return register, boxes


# --- storage, as Home Assistant's Store does it ---


def store_path(storage: Path, month: str | None = None) -> Path:
    """Return the file of a month's document (or of the index)."""
    return storage / (STORAGE_KEY if month is None else f"{STORAGE_KEY}.{month}")


def envelope(key: str, data: dict[str, Any]) -> dict[str, Any]:
    """Return a document as the Store writes it."""
    return {"version": STORAGE_VERSION, "minor_version": 1, "key": key, "data": data}


def serialise(key: str, data: dict[str, Any]) -> tuple[str, str | bytes]:
    """Serialise a document as the Store does (in the event loop: serialize_in_event_loop)."""
    return prepare_save_json(envelope(key, data))


def write(path: Path, prepared: tuple[str, str | bytes]) -> None:
    """Write a serialised document as the Store does (in an executor thread)."""
    mode, payload = prepared
    write_utf8_file(str(path), payload, False, mode=mode)


def save_all(storage: Path, register: AlarmRegister) -> int:
    """Store every month and the index; return the bytes written."""
    storage.mkdir(parents=True, exist_ok=True)
    register.take_dirty()
    size = 0
    for month in register.months:
        prepared = serialise(f"{STORAGE_KEY}.{month}", {"alarms": register.month_records(month)})
        write(store_path(storage, month), prepared)
        size += len(prepared[1])
    index = {m: {"count": n, "open": o} for m, (n, o) in register.month_summary().items()}
    write(store_path(storage), serialise(STORAGE_KEY, {"months": index}))
    return size


def store_data(path: Path) -> dict[str, Any]:
    """Read a stored document as the Store does and return its data."""
    document = load_json(path)
    if not isinstance(document, dict) or document.get("version") != STORAGE_VERSION:
        raise TypeError(f"not a version {STORAGE_VERSION} document: {path}")
    data = document["data"]
    if not isinstance(data, dict):
        raise TypeError(f"no data in {path}")
    return data


@dataclass(frozen=True, slots=True)
class StartUp:
    """Where one start-up's time went."""

    parse: float
    load: float
    prune: float
    gc_parse: float  # the cyclic garbage collector's time within `parse`
    gc_load: float  # ... within `load` and `prune`
    skipped: int
    files: int

    @property
    def total(self) -> float:
        """Return the whole start-up time."""
        return self.parse + self.load + self.prune


class GcClock:
    """The time the cyclic garbage collector runs, through `gc.callbacks`."""

    def __init__(self) -> None:
        """Start counting."""
        self.spent = 0.0
        self._began = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.spent += time.perf_counter() - self._began

    def stop(self) -> None:
        """Stop counting."""
        gc.callbacks.remove(self._callback)


def start_up(
    storage: Path, now: datetime, *, everything: bool = False
) -> tuple[AlarmRegister, StartUp]:
    """Restore the register as AlarmCenter.async_load does; time reading, loading, pruning.

    At start AlarmCenter loads the current and the previous month and the months with an
    alarm not cleared; the others stay on disk until a query needs them (`everything`: all,
    as the first query over the whole year does).
    """
    clock = time.perf_counter
    gc_clock = GcClock()
    started = clock()
    months = store_data(store_path(storage)).get("months")
    parse = clock() - started
    load = gc_parse = gc_load = 0.0
    skipped = files = 0
    register = AlarmRegister()
    hot = {month_of(now), month_of(now.replace(day=1) - timedelta(days=1))}
    wanted = [
        month
        for month, summary in (months if isinstance(months, dict) else {}).items()
        if everything or month in hot or summary.get("open")
    ]
    for month in sorted(wanted):
        started, gc_started = clock(), gc_clock.spent
        items = store_data(store_path(storage, month)).get("alarms")
        parsed, gc_parsed = clock(), gc_clock.spent
        skipped += register.load(items if isinstance(items, list) else [], month)
        parse += parsed - started
        load += clock() - parsed
        gc_parse += gc_parsed - gc_started
        gc_load += gc_clock.spent - gc_parsed
        files += 1
    started, gc_started = clock(), gc_clock.spent
    register.prune(now)
    register.take_dirty()  # AlarmCenter._save after the prune
    prune = clock() - started
    gc_load += gc_clock.spent - gc_started
    gc_clock.stop()
    return register, StartUp(parse, load, prune, gc_parse, gc_load, skipped, files)


# --- figures ---


@dataclass(frozen=True, slots=True)
class Timing:
    """Median and 95th percentile of a sample of durations in seconds."""

    median: float
    p95: float
    n: int

    @classmethod
    def of(cls, samples: Sequence[float]) -> Timing:
        """Summarise a sample."""
        ordered = sorted(samples)
        p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
        return cls(statistics.median(ordered), p95, len(ordered))


def repeat_timing(fn: Callable[[], object], repeat: int) -> Timing:
    """Time `fn` `repeat` times after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return Timing.of(samples)


def fmt_time(seconds: float) -> str:
    """Format a duration with a unit that suits it."""
    if seconds >= 0.1:
        return f"{seconds * 1000:,.0f} ms"
    if seconds >= 1e-3:
        return f"{seconds * 1000:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


@dataclass(slots=True)
class Table:
    """The figures, each with its target (or a reference) and the ratio to it."""

    rows: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    def add(
        self,
        name: str,
        value: str,
        *,
        ratio: float | None = None,
        target: str = "",
        verdict: bool | None = None,
    ) -> None:
        """Add a row; `verdict` None for a figure without a design target."""
        cell = "" if ratio is None else (f"{ratio:.4f}" if ratio < 0.01 else f"{ratio:.2f}")
        mark = "" if verdict is None else ("PASS" if verdict else "MISS")
        self.rows.append((name, value, target, cell, mark))

    def section(self, title: str) -> None:
        """Add a heading."""
        self.rows.append((title, "", "", "", ""))

    def print(self) -> None:
        """Print the table."""
        print(f"  {'figure':<52}{'value':>14}  {'target / reference':<28}{'ratio':>8}")
        for name, value, target, ratio, mark in self.rows:
            if not value and not target:
                print(f"  {name}")
            else:
                print(f"  {name:<52}{value:>14}  {target:<28}{ratio:>8}  {mark}")


def measure_start_up(
    storage: Path, repeat: int, *, everything: bool = False
) -> tuple[AlarmRegister, StartUp, list[StartUp]]:
    """Restore the register `repeat` times; return the last register, the median run, all runs."""
    runs = []
    register = AlarmRegister()
    for _ in range(repeat):
        del register  # the previous start-up's register goes first, as in a fresh start
        gc.collect()
        register, run = start_up(storage, NOW, everything=everything)
        runs.append(run)
    median_run = sorted(runs, key=lambda r: r.total)[(len(runs) - 1) // 2]
    return register, median_run, runs


@dataclass(frozen=True, slots=True)
class Queries:
    """The query figures."""

    box30: Timing
    box30_found: float
    busiest: Timing
    busiest_found: int
    busiest_year: int
    service: Timing
    fleet_query: Timing
    fleet_found: int
    fleet_index: Timing
    fleet_index_found: int
    box_open: Timing
    every_box_open: Timing
    cause_year: Timing
    cause_found: int


def measure_queries(register: AlarmRegister, boxes: list[Box], queries: int, seed: int) -> Queries:
    """Time the per-box, fleet and cause queries."""
    rnd = random.Random(seed + 2)
    month_ago = NOW - timedelta(days=30)
    year_ago = NOW - timedelta(days=365)
    picked = rnd.sample(boxes, min(queries, len(boxes)))
    for box in picked:  # warm-up pass
        register.query(serials=[box.serial], start=month_ago)
    gc.collect()
    samples, found = [], []
    for box in picked:
        started = time.perf_counter()
        _, total = register.query(serials=[box.serial], start=month_ago)
        samples.append(time.perf_counter() - started)
        found.append(total)
    counts = {b.serial: len(register.query(serials=[b.serial])[0]) for b in boxes}
    busiest = max(counts, key=lambda s: counts[s])
    busiest_t = repeat_timing(lambda: register.query(serials=[busiest], start=month_ago), 50)

    def service(serial: str) -> list[dict[str, Any]]:
        records, _ = register.query(serials=[serial], start=month_ago, limit=100)
        return [r.as_dict() for r in records]

    service_t = repeat_timing(lambda: service(busiest), 30)
    active = [AlarmState.ACTIVE.value]
    fleet_t = repeat_timing(lambda: register.query(states=active, limit=100), 7)
    _, fleet_found = register.query(states=active)
    index_t = repeat_timing(register.unacknowledged, 30)
    box_open = []
    for box in picked:  # what the alarm center asks of a box on every update that moves it
        started = time.perf_counter()
        register.open_alarms(box.serial)
        register.unacknowledged(box.serial)
        box_open.append(time.perf_counter() - started)
    every_box_open = repeat_timing(lambda: [register.open_alarms(b.serial) for b in boxes], 7)
    cause = [AlarmCause.LEAKAGE.value]
    cause_t = repeat_timing(lambda: register.query(causes=cause, start=year_ago, limit=100), 7)
    _, cause_found = register.query(causes=cause, start=year_ago)
    return Queries(
        box30=Timing.of(samples),
        box30_found=statistics.fmean(found),
        busiest=busiest_t,
        busiest_found=register.query(serials=[busiest], start=month_ago)[1],
        busiest_year=counts[busiest],
        service=service_t,
        fleet_query=fleet_t,
        fleet_found=fleet_found,
        fleet_index=index_t,
        fleet_index_found=len(register.unacknowledged()),
        box_open=Timing.of(box_open),
        every_box_open=every_box_open,
        cause_year=cause_t,
        cause_found=cause_found,
    )


@dataclass(frozen=True, slots=True)
class Writes:
    """The storage figures, per write of the current month."""

    month: str
    records: int
    size: int
    raise_: Timing  # raise_alarm + take_dirty
    records_t: Timing  # month_records
    serialise_t: Timing  # prepare_save_json
    file_t: Timing  # write_utf8_file
    burst: Timing  # a whole burst: raises, then one write
    burst_n: int

    @property
    def in_loop(self) -> float:
        """Return the event loop's share of one write: month_records (JSON is off the loop)."""
        return self.records_t.median

    @property
    def per_write(self) -> float:
        """Return one alarm's raise and its own write, everything included."""
        return self.raise_.median + self.in_loop + self.serialise_t.median + self.file_t.median


def measure_writes(
    register: AlarmRegister, boxes: list[Box], storage: Path, *, repeat: int, burst: int, seed: int
) -> Writes:
    """Time raising alarms in the current month and storing it as the Store does."""
    rnd = random.Random(seed + 3)
    month = month_of(NOW)
    key = f"{STORAGE_KEY}.{month}"
    path = store_path(storage, month)
    received = NOW
    cause, origin = AlarmCause.UNDERVOLTAGE.value, Origin.DEVICE
    # Boxes without that alarm open; each new one clears right after it is timed.
    free = [b for b in boxes if register.open_alarm(b.serial, cause, origin) is None]
    next_boxes = iter(rnd.sample(free, len(free)) * (2 + (repeat + burst * repeat) // len(free)))

    def one_raise() -> float:
        """Raise an alarm as AlarmCenter does (then `_save` takes the dirty months); time it."""
        nonlocal received
        received += timedelta(milliseconds=50)
        plan = Plan(received, next(next_boxes), cause, origin, open=True)
        serial, alarm_time, details = alarm_details(plan, rnd)
        started = time.perf_counter()
        register.raise_alarm(
            serial, cause, origin=origin, time=alarm_time, received=received, **details
        )
        dirty = register.take_dirty()
        elapsed = time.perf_counter() - started
        assert dirty == [month]
        register.clear(serial, cause, origin, received + timedelta(milliseconds=10))
        return elapsed

    raises, records_s, serial_s, file_s, bursts = [], [], [], [], []
    size = 0
    gc.collect()
    for _ in range(repeat + 1):  # the first round warms up
        one_raise()
        started = time.perf_counter()
        records = register.month_records(month)
        listed = time.perf_counter()
        prepared = serialise(key, {"alarms": records})
        serialised = time.perf_counter()
        write(path, prepared)
        written = time.perf_counter()
        records_s.append(listed - started)
        serial_s.append(serialised - listed)
        file_s.append(written - serialised)
        size = len(prepared[1])
    for _ in range(repeat):
        spent = [one_raise() for _ in range(burst)]
        started = time.perf_counter()
        write(path, serialise(key, {"alarms": register.month_records(month)}))
        bursts.append(sum(spent) + time.perf_counter() - started)
        raises.extend(spent)
    return Writes(
        month=month,
        records=len(register.month_records(month)),
        size=size,
        raise_=Timing.of(raises),  # the bursts' (a single one follows a write: GC noise)
        records_t=Timing.of(records_s[1:]),
        serialise_t=Timing.of(serial_s[1:]),
        file_t=Timing.of(file_s[1:]),
        burst=Timing.of(bursts),
        burst_n=burst,
    )


@dataclass(frozen=True, slots=True)
class Payload:
    """The event payload figures, per alarm."""

    as_dict: Timing
    recorder: Timing
    size: float


def measure_payload(register: AlarmRegister, count: int, seed: int) -> Payload:
    """Time `as_dict` (and the recorder's JSON of it) on records picked at random."""
    rnd = random.Random(seed + 4)
    everything = register.query()[0]
    with_power = [r for r in everything if r.power]
    picked = rnd.sample(everything, min(count, len(everything)))
    picked[: len(picked) // 20] = with_power[: len(picked) // 20]  # ~5 % with a power command
    rounds = 5
    per_dict: list[float] = []
    per_json: list[float] = []
    sizes: list[int] = []
    gc.collect()
    for _ in range(rounds):  # per-record samples would mostly time the clock: time batches
        for start in range(0, len(picked), 50):
            batch = picked[start : start + 50]
            started = time.perf_counter()
            payloads = [r.as_dict() for r in batch]
            made = time.perf_counter()
            encoded = [json_bytes(p) for p in payloads]
            done = time.perf_counter()
            per_dict.append((made - started) / len(batch))
            per_json.append((done - made) / len(batch))
            sizes.extend(len(e) for e in encoded)
    return Payload(Timing.of(per_dict), Timing.of(per_json), statistics.fmean(sizes))


# --- memory, in a fresh process ---


def rss_bytes() -> int:
    """Return this process's resident set size."""
    with Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def memory_child(storage: Path) -> None:
    """Load the register twice in this fresh process: RSS it adds, then what tracemalloc sees."""
    gc.collect()
    before = rss_bytes()
    first, _ = start_up(storage, NOW, everything=True)
    gc.collect()
    rss = rss_bytes() - before
    count = len(first)
    del first
    gc.collect()
    tracemalloc.start()
    second, _ = start_up(storage, NOW, everything=True)  # the parsed documents are gone
    gc.collect()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"count": len(second), "rss": rss, "held": held, "peak": peak}))
    assert count == len(second)


@dataclass(frozen=True, slots=True)
class Memory:
    """What the loaded register costs in memory."""

    count: int
    rss: int
    held: int
    peak: int


def measure_memory(storage: Path) -> Memory:
    """Run `memory_child` in a fresh interpreter and read its answer."""
    done = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(storage)],
        capture_output=True,
        text=True,
        check=True,
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return Memory(
        int(answer["count"]), int(answer["rss"]), int(answer["held"]), int(answer["peak"])
    )


# --- the run ---


def main() -> None:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--alarms", type=int, default=100_000, help="stored alarms (100000)")
    parser.add_argument("--boxes", type=int, default=1_000, help="boxes (1000)")
    parser.add_argument("--repeat", type=int, default=5, help="start-ups and writes timed (5)")
    parser.add_argument("--queries", type=int, default=200, help="boxes queried (200)")
    parser.add_argument("--burst", type=int, default=100, help="alarms in one save window (100)")
    parser.add_argument("--payloads", type=int, default=2_000, help="records for as_dict (2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="a fifth of the size, fewer repeats")
    parser.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child is not None:
        memory_child(args.memory_child)
        return
    if args.quick:
        args.alarms, args.boxes = args.alarms // 5, max(50, args.boxes // 5)
        args.repeat, args.queries, args.payloads = 3, min(args.queries, 100), 500
    if args.alarms < 1_000 or args.boxes < 10 or args.repeat < 1 or args.queries < 2:
        parser.error("need alarms ≥ 1000, boxes ≥ 10, repeat ≥ 1 and queries ≥ 2")
    began = time.perf_counter()
    print(
        f"bench/alarm_register.py: Python {platform.python_version()}, {os.cpu_count()} CPU(s); "
        f"{args.alarms:,} alarms over 12 months, {args.boxes:,} boxes; repeat {args.repeat}, "
        f"{args.queries} boxes queried, bursts of {args.burst}"
    )
    with tempfile.TemporaryDirectory(prefix="alarm_register_") as tmp:
        storage = Path(tmp) / ".storage"
        started = time.perf_counter()
        source, boxes = build(args.alarms, args.boxes, args.seed)
        built = time.perf_counter() - started
        stored = save_all(storage, source)
        states = [r.state for r in source.query()[0]]
        print(
            f"- built in {built:.1f} s: {len(source):,} records, "
            f"{states.count(AlarmState.ACTIVE)} active, "
            f"{states.count(AlarmState.ACKNOWLEDGED)} acknowledged, "
            f"{sum(1 for r in source.query()[0] if r.power):,} with a power command; "
            f"{len(source.months)} month files, {stored / 1e6:.1f} MB "
            f"({stored / len(source):,.0f} B a record) in {storage}"
        )
        print("- timing: start-ups, memory (a fresh process), queries, payload, writes ...")
        del source, states
        gc.collect()

        hot_register, run, runs = measure_start_up(storage, args.repeat)
        hot_count = len(hot_register)
        del hot_register
        register, year, _ = measure_start_up(storage, 1, everything=True)
        assert len(register) == args.alarms, (len(register), args.alarms)
        assert run.skipped == 0
        memory = measure_memory(storage)
        queries = measure_queries(register, boxes, args.queries, args.seed)
        payload = measure_payload(register, args.payloads, args.seed)
        writes = measure_writes(
            register, boxes, storage, repeat=args.repeat, burst=args.burst, seed=args.seed
        )

    scale = TARGET_ALARMS / args.alarms
    table = Table()
    table.section(
        f"1. start-up: {run.files} month files (this and last month, months with open "
        f"alarms) + index, {hot_count:,} of {args.alarms:,} records; median of {len(runs)} "
        f"by total; totals {', '.join(f'{r.total * 1000:.0f}' for r in runs)} ms"
    )
    table.add(
        f"start with {args.alarms:,} alarms stored: total",
        fmt_time(run.total),
        ratio=run.total * scale / TARGET_LOAD_S,
        target=f"≤ 1 s per {TARGET_ALARMS:,}" + (f" (×{scale:g})" if scale != 1 else ""),
        verdict=run.total * scale <= TARGET_LOAD_S,
    )
    for name, part in (
        ("  read + orjson parse (load_json)", run.parse),
        ("    of which cyclic GC", run.gc_parse),
        ("  AlarmRegister.load", run.load),
        ("  prune + take_dirty", run.prune),
        ("    load + prune: of which cyclic GC", run.gc_load),
    ):
        table.add(name, fmt_time(part), ratio=part * scale / TARGET_LOAD_S, target="share of 1 s")
    table.add(
        f"first query over the whole year: load all {year.files} months",
        fmt_time(year.total),
        ratio=year.total * scale / TARGET_LOAD_S,
        target="ref. 1 s (after start)",
    )
    table.section("2. queries")
    table.add(
        f"one box, last 30 days, median ({queries.box30.n} boxes, {queries.box30_found:.1f} found)",
        fmt_time(queries.box30.median),
        ratio=queries.box30.median / TARGET_QUERY_S,
        target="≤ 10 ms",
        verdict=queries.box30.median <= TARGET_QUERY_S,
    )
    table.add(
        "one box, last 30 days, p95",
        fmt_time(queries.box30.p95),
        ratio=queries.box30.p95 / TARGET_QUERY_S,
        target="≤ 10 ms",
        verdict=queries.box30.p95 <= TARGET_QUERY_S,
    )
    table.add(
        f"busiest box ({queries.busiest_year:,} a year), 30 days ({queries.busiest_found} found)",
        fmt_time(queries.busiest.median),
        ratio=queries.busiest.median / TARGET_QUERY_S,
        target="≤ 10 ms",
        verdict=queries.busiest.median <= TARGET_QUERY_S,
    )
    table.add(
        "  as the service answers it (limit 100, as_dict)",
        fmt_time(queries.service.median),
        ratio=queries.service.median / TARGET_QUERY_S,
        target="ref. 10 ms",
    )
    table.add(
        f"fleet active, query(states) ({queries.fleet_found} found)",
        fmt_time(queries.fleet_query.median),
        ratio=queries.fleet_query.median / TARGET_QUERY_S,
        target="ref. 10 ms",
    )
    table.add(
        f"fleet active, unacknowledged() ({queries.fleet_index_found} found)",
        fmt_time(queries.fleet_index.median),
        ratio=queries.fleet_index.median / TARGET_QUERY_S,
        target="ref. 10 ms",
    )
    table.add(
        "one box's open_alarms(serial) + unacknowledged(serial)",
        fmt_time(queries.box_open.median),
        ratio=queries.box_open.median / TARGET_QUERY_S,
        target="ref. 10 ms",
    )
    table.add(
        f"every box's open_alarms(serial), once each ({len(boxes):,} boxes)",
        fmt_time(queries.every_box_open.median),
        ratio=queries.every_box_open.median / TARGET_QUERY_S,
        target="ref. 10 ms",
    )
    table.add(
        f"one cause over a year, limit 100 ({queries.cause_found:,} match)",
        fmt_time(queries.cause_year.median),
        ratio=queries.cause_year.median / TARGET_QUERY_S,
        target="ref. 10 ms",
    )
    table.section(
        f"3. storage: month {writes.month}, {writes.records:,} records, "
        f"{writes.size / 1e6:.1f} MB a write (median of {args.repeat})"
    )
    loop_share = writes.in_loop / SAVE_DELAY
    for name, part in (
        ("raise_alarm + take_dirty", writes.raise_.median),
        ("month_records, cached stored forms (event loop)", writes.records_t.median),
        ("orjson, prepare_save_json (executor)", writes.serialise_t.median),
        ("write_utf8_file (executor)", writes.file_t.median),
    ):
        table.add(f"  {name}", fmt_time(part))
    table.add(
        "one write, in the event loop",
        fmt_time(writes.in_loop),
        ratio=loop_share,
        target=f"ref. loop share per {SAVE_DELAY:g} s",
    )
    table.add("one alarm with its own write, everything", fmt_time(writes.per_write))
    burst_each = writes.burst.median / writes.burst_n
    table.add(
        f"per alarm, burst of {writes.burst_n} in one window",
        fmt_time(burst_each),
        ratio=burst_each / writes.per_write,
        target="ref. one alarm, own write",
    )
    table.section(
        f"4. memory ({memory.count:,} alarms loaded in a fresh process; "
        f"{memory.count / args.boxes:.0f} a box)"
    )
    per_k = memory.held / memory.count * 1000
    per_box = memory.held / args.boxes
    table.add("register held (tracemalloc), per 1,000 alarms", f"{per_k / 1e6:.2f} MB")
    table.add(
        "  per box",
        f"{per_box / 1e6:.3f} MB",
        ratio=per_box / 1e6 / BOX_BUDGET_MB,
        target=f"ref. {BOX_BUDGET_MB} MB RSS a box",
    )
    table.add("  whole register", f"{memory.held / 1e6:.0f} MB")
    table.add("start-up peak (tracemalloc)", f"{memory.peak / 1e6:.0f} MB")
    table.add("RSS added by the load", f"{memory.rss / 1e6:.0f} MB")
    table.section(f"5. event payload (per alarm, {payload.size:,.0f} B of JSON on average)")
    table.add(
        "AlarmRecord.as_dict()",
        fmt_time(payload.as_dict.median),
        ratio=payload.as_dict.median / LATENCY_BUDGET_S,
        target="ref. 100 ms alarm latency",
    )
    table.add(
        "  + json_bytes (the recorder's copy)",
        fmt_time(payload.recorder.median),
        ratio=payload.recorder.median / LATENCY_BUDGET_S,
        target="ref. 100 ms alarm latency",
    )
    print()
    print(f"---- figures ({time.perf_counter() - began:.0f} s; ratio = figure ÷ target) ----")
    table.print()


if __name__ == "__main__":
    main()

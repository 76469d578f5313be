"""Diagnosis benchmark: what an alarm's diagnosis costs the event loop (issue 12, alarm storms).

Run from the repository root::

    .venv/bin/python bench/diagnosis.py [--boxes 500] [--repeat 40] [--baseline 8e66efc] [--quick]

`Fleet.diagnose` runs `box.diagnosis.diagnose` in the event loop on the box's history as the
fleet keeps it (`FleetBox.history()`: a week of samples every 15 min, then every 10 s for the
last 3 hours, 1,740 samples of packed values). In one run, side by side:

* **before**: `box/diagnosis.py` as it was at `--baseline` (read with `git show`, loaded as a
  module next to the current one), over samples whose values are read through the generic
  `Mapping.items` (the fleet's `Packed` before it had its own);
* **now**: this checkout's `diagnose` over `FleetBox.history()`;
* **prepared**: the same, the history `prepare`d once for all of a box's alarms, as
  `Fleet.diagnose` now does (it keeps a box's prepared history within a turn of the loop).

Figures:

1. one box, a week of history: the time of one `diagnose` per alarm cause (leakage with an
   appliance's leakage steps in the history, cable over-temperature with a loose terminal,
   overcurrent with an overload, offline), median and p95 of `--repeat` calls, before and
   after, and the ratio;
2. an alarm storm: `--boxes` boxes, each with a week of history, each diagnosed once for its
   alarm (causes mixed as above), as the alarm center does when they all alarm at once: the
   event loop's total, and each box's median and p95; then the same boxes with a second alarm
   each (a box often raises two causes at once, e.g. overcurrent and cable over-temperature).
   Each box is diagnosed by every variant in turn, so that the machine's load weighs on all;
3. whether "now" and "prepared" give the very same diagnoses (rule, confidence, wording,
   evidence) on every box of both storms, and on how many boxes "before" differs from "now"
   (and in which rules): where a rule changed since the baseline, on purpose (the usual load
   is now that of this time of day on earlier days, so an overload's "usual" differs).

The histories: `--boxes` boxes share 40 generated weeks (each box has its own `FleetBox`; the
generation of 870,000 samples would take longer than the benchmark). This is a benchmark, not a
test: it prints figures and always exits 0.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
import importlib.util
import math
import os
from pathlib import Path
import platform
import random
import statistics
import subprocess
import sys
import time
from types import ModuleType
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # measure this checkout

from custom_components.safe_power.box import diagnosis  # noqa: E402
from custom_components.safe_power.box.history import Packed  # noqa: E402
from custom_components.safe_power.box.model import AlarmCause  # noqa: E402
from custom_components.safe_power.fleet import FleetBox  # noqa: E402
from custom_components.safe_power.hub import SafePowerHub  # noqa: E402

DEFAULT_BASELINE = "8e66efc"  # the last commit before diagnose was made cheaper
DIAGNOSIS_PATH = "custom_components/safe_power/box/diagnosis.py"
WEEKS = 40
END = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SECOND, MINUTE, HOUR, DAY = (
    timedelta(seconds=1),
    timedelta(minutes=1),
    timedelta(hours=1),
    timedelta(days=1),
)
SETTINGS = {"overcurrent_threshold": 63.0, "leakage_threshold": 300.0}
# The alarm, the history that goes with it, and its share of a storm.
KINDS: tuple[tuple[str, AlarmCause, dict[str, bool], float], ...] = (
    ("leakage", AlarmCause.LEAKAGE, {"heater": True}, 0.35),
    ("cable over-temperature", AlarmCause.CABLE_OVER_TEMPERATURE, {"loose": True}, 0.25),
    ("overcurrent", AlarmCause.OVERCURRENT, {"overload": True}, 0.25),
    ("offline", AlarmCause.OFFLINE, {}, 0.15),
)


class BaselinePacked(Packed):
    """A packed sample read as the fleet read it before: `Mapping.items`, a look-up per key."""

    __slots__ = ()
    items = Mapping.items  # type: ignore[assignment]


def reading(
    t: datetime, rnd: random.Random, *, creep: float, heater: bool, loose: bool, overload: bool
) -> dict[str, float]:
    """One reading of a three-phase box whose loads follow the day."""
    hour = t.hour + t.minute / 60 + t.second / 3600
    load = 6.0 + (20.0 * math.sin((hour - 7) / 14 * math.pi) if 7 <= hour <= 21 else 0.0)
    if overload and t >= END - 3 * HOUR:
        load = 2.2 * load + 15.0
    on = heater and (18 <= hour < 19.5 or (t >= END - 3 * HOUR and 10 <= hour < 10 + 40 / 60))
    currents = {
        "a": load + rnd.gauss(0, 0.6),
        "b": 0.8 * load + (9.0 if on else 0.0) + rnd.gauss(0, 0.6),
        "c": 0.9 * load + rnd.gauss(0, 0.6),
    }
    currents["n"] = abs(currents["a"] - currents["b"]) * 0.4 + 1.5 + rnd.gauss(0, 0.2)
    ambient = 24.0 + 3.0 * math.sin((hour - 9) / 24 * 2 * math.pi)
    values = {
        f"cable_temperature_{c}": ambient + 0.012 * i * i + rnd.gauss(0, 0.3)
        for c, i in currents.items()
    }
    if loose and t >= END - 4 * HOUR:
        values["cable_temperature_a"] += 28.0
    values |= {f"current_{c}": i for c, i in currents.items()}
    values |= {f"voltage_{p}": 230.0 + rnd.gauss(0, 1.2) for p in "abc"}
    values["leakage_current"] = (
        35.0
        + creep * ((t - END) / DAY + 7)
        + 0.25 * load
        + (28.0 if on else 0.0)
        + rnd.gauss(0, 1.5)
    )
    return values


def week_box(serial: str, seed: int, flags: Mapping[str, bool]) -> FleetBox:
    """Return a box with a week of history as the fleet keeps it (1,740 samples)."""
    rnd = random.Random(seed)
    box = FleetBox(serial, cast("SafePowerHub", None), serial, serial)
    creep = rnd.choice((0.0, 0.0, 3.0, 6.0))
    fine_from = END - 3 * HOUR
    t = END - 7 * DAY
    while t < fine_from:
        box.coarse.append((t, reading(t, rnd, creep=creep, **flags)))
        t += 15 * MINUTE
    while t < END:
        sample = (t, reading(t, rnd, creep=creep, **flags))
        box.fine.append(sample)
        if (t - box.coarse[-1][0]).total_seconds() >= 900:
            box.coarse.append(sample)
        t += 10 * SECOND
    return box


def flags_of(kind: dict[str, bool]) -> dict[str, bool]:
    return {"heater": False, "loose": False, "overload": False} | kind


def load_baseline(revision: str) -> ModuleType | None:
    """Return box/diagnosis.py as it was at `revision`, beside the current one; None: no git."""
    try:
        source = subprocess.run(
            ["git", "show", f"{revision}:{DIAGNOSIS_PATH}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as err:
        print(f"no baseline ({revision}): {err}")
        return None
    name = "custom_components.safe_power.box._diagnosis_baseline"
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "custom_components.safe_power.box"
    sys.modules[name] = module
    exec(compile(source, f"{revision}:{DIAGNOSIS_PATH}", "exec"), module.__dict__)  # noqa: S102
    return module


def as_baseline(history: Sequence[tuple[datetime, Mapping[str, float]]]) -> list[Any]:
    """Return the samples with their values read as before (`Mapping.items`)."""
    return [(t, BaselinePacked(v._values)) for t, v in history]  # type: ignore[attr-defined]  # noqa: SLF001


def call(module: ModuleType, history: Sequence[Any], cause: AlarmCause) -> list[Any]:
    """Diagnose an alarm with a version of the module (its own NeighbourFacts)."""
    facts = None
    if cause is AlarmCause.OFFLINE:  # the box went offline 4 s after a leakage alarm
        facts = module.NeighbourFacts(
            offline_after=AlarmCause.LEAKAGE, offline_gap=4.0, offline_together=("b2", "b3")
        )
    return cast(
        "list[Any]", module.diagnose(history, cause=cause, neighbours=facts, settings=SETTINGS)
    )


def timings(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def p95(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def same(a: list[Any], b: list[Any]) -> bool:
    return [d.as_dict() for d in a] == [d.as_dict() for d in b]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--boxes", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="git revision for 'before'")
    parser.add_argument("--quick", action="store_true", help="100 boxes, 15 repeats")
    args = parser.parse_args()
    if args.quick:
        args.boxes, args.repeat = min(args.boxes, 100), 15
    print(
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} (other processes slow both columns alike)"
    )
    baseline = load_baseline(args.baseline)
    before = baseline
    now = diagnosis

    # 1. One box, a week.
    print(f"\n1. One box, a week of history ({args.repeat} calls each; median / p95)")
    print(f"   {'alarm':<24}{'samples':>8}  {'before':>23}  {'now':>23}  {'before/now':>10}")
    for n, (name, cause, kind, _share) in enumerate(KINDS):
        box = week_box(f"ONE{n}", 1000 + n, flags_of(kind))
        history = box.history()
        old_history = as_baseline(history)
        t_now = timings(lambda h=history, c=cause: call(now, h, c), args.repeat)
        line = f"   {name:<24}{len(history):>8}  "
        if before is not None:
            t_old = timings(lambda h=old_history, c=cause: call(before, h, c), args.repeat)
            line += f"{ms(statistics.median(t_old))} / {ms(p95(t_old))}  "
            ratio = statistics.median(t_old) / statistics.median(t_now)
        else:
            line += f"{'-':>23}  "
            ratio = math.nan
        line += f"{ms(statistics.median(t_now))} / {ms(p95(t_now))}  {ratio:>9.1f}×"
        print(line)

    # 2. A storm.
    rnd = random.Random(5)
    weeks = [week_box(f"W{i}", i, flags_of(KINDS[i % len(KINDS)][2])) for i in range(WEEKS)]
    storm: list[tuple[FleetBox, AlarmCause]] = []
    for i in range(args.boxes):
        template = weeks[i % WEEKS]
        box = FleetBox(f"SP{i:05d}", template.hub, f"SP{i:05d}", f"SP{i:05d}")
        box.fine, box.coarse = template.fine, template.coarse
        kind = KINDS[i % WEEKS % len(KINDS)]
        cause = (
            kind[1]
            if rnd.random() < 0.8
            else rnd.choices([k[1] for k in KINDS], [k[3] for k in KINDS])[0]
        )
        storm.append((box, cause))
    print(
        f"\n2. A storm: {args.boxes} boxes, a week of history each, one diagnosis per box "
        "(history() then diagnose; prepared: the history prepared once a box, as Fleet.diagnose)"
    )

    # Each box is diagnosed by every variant in turn (the order rotating), so that the load
    # of the machine weighs on all alike.
    def run_before(box: FleetBox, causes: list[AlarmCause]) -> list[Any]:
        """The code before: the history read and cleaned for every alarm."""
        assert before is not None
        found = [call(before, as_baseline(box.history()), cause) for cause in causes]
        return found[0]

    def run_now(box: FleetBox, causes: list[AlarmCause]) -> list[Any]:
        """This checkout's diagnose, the history read and cleaned for every alarm."""
        found = [call(now, box.history(), cause) for cause in causes]
        return found[0]

    def run_prepared(box: FleetBox, causes: list[AlarmCause]) -> list[Any]:
        """As Fleet.diagnose now: the box's history prepared once for its alarms."""
        history = now.prepare(box.history())
        found = [call(now, history, cause) for cause in causes]
        return found[0]

    variants: dict[str, Callable[[FleetBox, list[AlarmCause]], list[Any]]] = {}
    if before is not None:
        variants["before"] = run_before
    variants["now"] = run_now
    variants["prepared"] = run_prepared
    second = AlarmCause.CABLE_OVER_TEMPERATURE  # a box's second alarm, with its overcurrent
    differ: list[str] = []  # now and prepared must agree
    changed: dict[str, list[str]] = {}  # before and now may not: rules changed since
    for label, alarms in (("one alarm a box", 1), ("two alarms a box", 2)):
        per_box: dict[str, list[float]] = {name: [] for name in variants}
        for n, (box, cause) in enumerate(storm):
            names = list(variants)
            causes = [cause, second][:alarms]
            found: dict[str, list[Any]] = {}
            for name in names[n % len(names) :] + names[: n % len(names)]:
                started = time.perf_counter()
                found[name] = variants[name](box, causes)
                per_box[name].append(time.perf_counter() - started)
            if not same(found["now"], found["prepared"]):
                differ.append(box.serial)
            if "before" in found and not same(found["before"], found["now"]):
                was = {d.rule: d.as_dict() for d in found["before"]}
                now_is = {d.rule: d.as_dict() for d in found["now"]}
                changed[box.serial] = sorted(
                    f"{rule}{'' if rule in now_is else ' (gone)'}{'' if rule in was else ' (new)'}"
                    for rule in was.keys() | now_is.keys()
                    if was.get(rule) != now_is.get(rule)
                )
        print(f"   {label}:")
        for name, times in per_box.items():
            ratio = sum(per_box[names[0]]) / sum(times)
            print(
                f"     {name:<8} total {sum(times):7.2f} s, per box p50 "
                f"{ms(statistics.median(times))}, p95 {ms(p95(times))}   "
                f"{names[0]}/{name} {ratio:5.1f}×"
            )

    # 3. The same diagnoses: now and prepared must agree; before may differ where the rules
    # changed since the baseline (the usual load at this time of day, for one).
    print(
        f"\n3. Same diagnoses (now, prepared) on all {len(storm)} boxes, both storms: "
        f"{'yes' if not differ else 'NO: ' + ', '.join(differ[:10])}"
    )
    if before is not None:
        rules = Counter(rule for found_rules in changed.values() for rule in found_rules)
        print(
            f"   before and now differ on {len(changed)} of {len(storm)} boxes"
            + (
                f" (rules: {dict(rules)}): the rules changed since {args.baseline}"
                if changed
                else ""
            )
        )


if __name__ == "__main__":
    main()

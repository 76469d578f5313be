"""Diagnosis: from "what alarmed" to "why", in plain English and Chinese.

Pure Python: no Home Assistant import. `diagnose()` takes a box's recent readings (a time
series of canonical measurements, keys as in `model.QUANTITIES`), its current alarm cause, its
settings (alarm thresholds) and what the correlation engine found around it, and returns the
probable causes, most likely first. Each `Diagnosis` names its rule, a confidence from 0 to 1
(a ranking aid, not a probability), an explanation in English and in Chinese, and the evidence
it rests on (plain JSON).

The rules are what an electrician would think of first:

* `loose_terminal`: one conductor much hotter than the others while carrying about the same
  current: the heat comes from contact resistance, not from the load;
* `overload`: hot cables on a conductor whose current is well above its usual load or near the
  overcurrent setting, temperature following the current;
* `insulation_ageing`: the leakage baseline creeping up steadily over days;
* `faulty_appliance`: the leakage stepping up when a load switches on (and back down when it
  switches off): the leakage belongs to that appliance;
* `supply_side`: an unbalance or voltage alarm shared by neighbouring boxes: the cause is
  upstream, not in this box;
* `neutral_fault`: one phase voltage high and another low at once, in this box only: the
  neutral is loose or broken (the star point shifts);
* `nearby_heat`: over-temperature in several neighbouring boxes at once: a fire nearby or a hot
  plant room;
* `area_outage`: several neighbours went offline together with this box;
* `trip_or_fire_damage`: the box went offline right after an alarm.

Bad data never raises: samples with a naive or missing time, values that are not finite numbers
or outside the physical range of their quantity, and unknown keys are dropped, and a rule
without enough data simply does not fire.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import functools
import itertools
import math
import statistics
from typing import Any, Final, cast

from .correlation import NeighbourAlarms, OfflineAfterAlarm, OfflineNeighbours, finite
from .model import QUANTITIES, AlarmCause
from .quality import NOMINAL_PHASE_VOLTAGE, THREE_PHASE_LIMITS, voltage_unbalance
from .trend import leakage_trend

type Evidence = str | int | float | bool | list[str] | None
type Sample = tuple[datetime, dict[str, float]]

# --- thresholds -------------------------------------------------------------------------------
# Cable temperatures. PVC-insulated conductors are rated for 70 °C continuous (IEC 60364-5-52
# table 52.1, GB/T 16895.6), XLPE for 90 °C. Detectors are usually set to alarm at 55-70 °C.
CABLE_HOT: Final = 60.0  # °C: 10 K below the PVC limit, "hot" for the overload rule
LOOSE_MIN_TEMPERATURE: Final = 40.0  # °C: below this a warm terminal is noted, not a fault
# A loose terminal shows as one conductor clearly hotter than conductors carrying the same
# current. Infrared thermography practice (NETA MTS table 100.18) rates a difference of more
# than 15 °C between similar components under similar load a "major discrepancy, repair
# immediately" (4-15 °C: "probable deficiency"), and more than 40 °C over ambient "major". A
# detector's sensor sits on the cable a little away from the joint and sees less than the
# joint's own rise, so 15 K on the cable is a conservative trigger.
LOOSE_DELTA: Final = 15.0  # K over the median of the other conductors
LOOSE_DELTA_MAJOR: Final = 40.0  # K: confidence saturates here
# "About the same current": within 20 % (+2 A for light loads) of the other conductors.
SIMILAR_CURRENT_RATIO: Final = 1.2
SIMILAR_CURRENT_MARGIN: Final = 2.0  # A
# High current: near the detector's overcurrent setting, or well above the conductor's usual
# load in the history (`_usual`), which is what a circuit's cable was sized for in practice.
HIGH_CURRENT_OF_SETTING: Final = 0.9
HIGH_CURRENT_OF_USUAL: Final = 1.5
MIN_SAMPLES_FOR_USUAL: Final = 6
# The usual load is the load at this time of day on earlier days (a shop's noon is not its
# night), the median over the time those samples cover, not over the samples: the fleet keeps
# the last 3 hours every 10 s after a week every 15 minutes, so counted by samples those 3
# hours (1,080 samples) would outweigh the week (672), and an overload of the last hours would
# be its own "usual". A sample counts for the time to the next one, at most USUAL_SAMPLE_SPAN
# (a gap in the readings is not the last value's time). With less than USUAL_DAYS earlier days
# at this time, the median over the whole history's time.
USUAL_SAMPLE_SPAN: Final = timedelta(minutes=15)
USUAL_WINDOW: Final = timedelta(hours=1)  # either side of this time of day
USUAL_EARLIER: Final = timedelta(hours=20)  # "an earlier day": at least this long before
USUAL_DAYS: Final = 2
TRACKING_CORRELATION: Final = 0.7  # Pearson r of I² against temperature: heating by the load
PEAK_SHARE: Final = 0.9  # "at the top of the load seen": within 10 % of the history's highest
RECENT_SAMPLES: Final = 12  # how far back persistence of a finding is judged
# Leakage (residual current). GB 50116 suggests alarm settings of 300-500 mA for electrical-fire
# monitoring; a personal-protection RCD trips at 30 mA (GB/T 6829, IEC 61008). A healthy
# circuit's leakage is steady within a few mA from day to day, so a steady rise of 5 mA a day
# (35 mA a week), 20 mA in all, is no drift of measurement (engineering judgement).
INSULATION_MIN_SLOPE: Final = 5.0  # mA per day
INSULATION_FAST_SLOPE: Final = 20.0  # mA per day: confidence rises
INSULATION_MIN_RISE: Final = 20.0  # mA over the span
INSULATION_MIN_R2: Final = 0.6  # a steady creep, not scatter
INSULATION_MAX_JUMP_SHARE: Final = 0.5  # a single jump of more than half the rise is a step
# A leakage step of 20 mA, two thirds of an RCD's 30 mA, when a load of 1 A or more (about
# 220 W) switches: the appliance itself leaks. Steps are medians of 3 samples either side, so a
# single spike is no step.
LEAK_STEP: Final = 20.0  # mA
CURRENT_STEP: Final = 1.0  # A
STEP_SAMPLES: Final = 3
# Voltage unbalance: GB/T 15543-2008 allows 2 % normally (4 % for short periods).
VOLTAGE_UNBALANCE_LIMIT: Final = 2.0  # %
AREA_OUTAGE_MIN_NEIGHBOURS: Final = 2  # "several": this box and at least two neighbours

_PHASES: Final = ("a", "b", "c")
_PHASE_CURRENTS: Final = tuple(f"current_{p}" for p in _PHASES)
_CONDUCTORS: Final = ("a", "b", "c", "n")
_TEMPERATURE_CAUSES: Final = frozenset(
    {AlarmCause.CABLE_OVER_TEMPERATURE, AlarmCause.BOX_OVER_TEMPERATURE}
)
_VOLTAGE_CAUSES: Final = frozenset(
    {
        AlarmCause.OVERVOLTAGE,
        AlarmCause.UNDERVOLTAGE,
        AlarmCause.PHASE_LOSS,
        AlarmCause.SUPPLY_OUTAGE,
    }
)
_CAUSE_EN: Final = {
    AlarmCause.OVERCURRENT: "overcurrent",
    AlarmCause.CABLE_OVER_TEMPERATURE: "cable over-temperature",
    AlarmCause.BOX_OVER_TEMPERATURE: "box over-temperature",
    AlarmCause.LEAKAGE: "leakage",
    AlarmCause.OVERVOLTAGE: "overvoltage",
    AlarmCause.UNDERVOLTAGE: "undervoltage",
    AlarmCause.PHASE_LOSS: "phase loss",
    AlarmCause.SUPPLY_OUTAGE: "supply outage",
    AlarmCause.UNBALANCE: "unbalance",
    AlarmCause.SENSOR_FAULT: "sensor fault",
    AlarmCause.CONTACTOR_TRIPPED: "contactor tripped",
    AlarmCause.OFFLINE: "offline",
}
_CAUSE_ZH: Final = {  # as in translations/zh-Hans.json
    AlarmCause.OVERCURRENT: "过流",
    AlarmCause.CABLE_OVER_TEMPERATURE: "线缆超温",
    AlarmCause.BOX_OVER_TEMPERATURE: "箱体超温",
    AlarmCause.LEAKAGE: "漏电",
    AlarmCause.OVERVOLTAGE: "过压",
    AlarmCause.UNDERVOLTAGE: "欠压",
    AlarmCause.PHASE_LOSS: "缺相",
    AlarmCause.SUPPLY_OUTAGE: "失压",
    AlarmCause.UNBALANCE: "三相不平衡",
    AlarmCause.SENSOR_FAULT: "传感器故障",
    AlarmCause.CONTACTOR_TRIPPED: "接触器跳闸",
    AlarmCause.OFFLINE: "离线",
}


def _a(word: str) -> str:
    """Return the word with its indefinite article ("an overcurrent", "a leakage")."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _conductor_en(conductor: str) -> str:
    return "neutral" if conductor == "n" else f"phase {conductor.upper()}"


def _conductor_zh(conductor: str) -> str:
    return "零线(N)" if conductor == "n" else f"{conductor.upper()}相"


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """A probable cause: which rule found it, how sure it is, why, and on what evidence."""

    rule: str
    confidence: float  # 0..1, for ranking
    en: str
    zh: str
    evidence: dict[str, Evidence] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the diagnosis as plain JSON."""
        return {
            "rule": self.rule,
            "confidence": self.confidence,
            "en": self.en,
            "zh": self.zh,
            "evidence": dict(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class NeighbourFacts:
    """What the correlation engine found around a box, as the diagnosis rules need it."""

    cause: AlarmCause | None = None  # the cause the neighbour query asked about
    same_cause: tuple[str, ...] = ()  # neighbours that raised it within the window
    unbalanced: tuple[str, ...] = ()  # neighbours with an unbalance alarm (or reading) now
    offline_together: tuple[str, ...] = ()  # neighbours offline within Δ of this box
    online_nearby: int = 0  # neighbours within reach still online
    offline_after: AlarmCause | None = None  # the alarm this box went offline right after
    offline_gap: float | None = None  # s from that alarm to going offline

    @classmethod
    def from_correlation(
        cls,
        *,
        neighbour_alarms: NeighbourAlarms | None = None,
        offline_neighbours: OfflineNeighbours | None = None,
        offline_after_alarm: OfflineAfterAlarm | None = None,
        unbalanced: Iterable[str] = (),
    ) -> NeighbourFacts:
        """Return the facts from the answers of the correlation engine's queries."""
        cause = None if neighbour_alarms is None else neighbour_alarms.cause
        same = (
            () if neighbour_alarms is None else tuple(n.box_id for n in neighbour_alarms.neighbours)
        )
        shared_unbalance = list(unbalanced)
        if cause is AlarmCause.UNBALANCE:
            shared_unbalance.extend(same)
        after = None
        gap = None
        if offline_after_alarm is not None and offline_after_alarm.alarm is not None:
            alarm_cause = offline_after_alarm.alarm.cause
            after = alarm_cause if isinstance(alarm_cause, AlarmCause) else None
            gap = offline_after_alarm.gap
        return cls(
            cause=cause,
            same_cause=same,
            unbalanced=tuple(dict.fromkeys(shared_unbalance)),
            offline_together=(
                ()
                if offline_neighbours is None
                else tuple(n.box_id for n in offline_neighbours.offline)
            ),
            online_nearby=0 if offline_neighbours is None else len(offline_neighbours.online),
            offline_after=after,
            offline_gap=gap,
        )


# --- helpers ----------------------------------------------------------------------------------


# Each quantity's accepted range: for a float, `Quantity.accept` is this range check (the
# bounds are finite, so NaN and the infinities fail it), written out for the hot loop below.
_RANGES: Final = {key: (q.minimum, q.maximum) for key, q in QUANTITIES.items()}
assert all(map(math.isfinite, itertools.chain(*_RANGES.values())))  # noqa: S101


def _clean_values(pairs: Iterable[tuple[object, object]]) -> dict[str, float]:
    """Return a sample's known quantities with a plausible finite value, in the given order."""
    clean: dict[str, float] = {}
    for key, value in pairs:
        if not isinstance(key, str):
            continue
        quantity = QUANTITIES.get(key)
        number = finite(value)
        if quantity is not None and number is not None and quantity.accept(number):
            clean[key] = number
    return clean


def _clean(history: Iterable[object] | None) -> list[Sample]:
    """Return the usable samples, oldest first: aware times, plausible finite values.

    A week of a box is some 1,700 samples of a dozen values, so the common case (a mapping
    of str to float) is a range check in one comprehension; a sample where anything else
    was dropped is checked again value by value (`_clean_values`), with the same result.
    """
    samples: list[Sample] = []
    if history is None:
        return samples
    try:
        items = list(history)
    except TypeError:
        return samples
    ranges = _RANGES.get
    for item in items:
        if not isinstance(item, tuple | list) or len(item) != 2:
            continue
        time, values = item
        if not isinstance(time, datetime) or time.utcoffset() is None:
            continue
        if type(values) is not dict and not isinstance(values, Mapping):
            continue
        pairs = list(values.items())
        clean = {
            key: value
            for key, value in pairs
            if type(key) is str
            and type(value) is float
            and (bounds := ranges(key)) is not None
            and bounds[0] <= value <= bounds[1]
        }
        if len(clean) != len(pairs):
            clean = _clean_values(pairs)
        samples.append((time, clean))
    samples.sort(key=lambda sample: sample[0])
    return samples


def _settings(settings: Mapping[str, float] | None) -> dict[str, float]:
    if not isinstance(settings, Mapping):
        return {}
    return {
        key: number
        for key, value in settings.items()
        if isinstance(key, str) and (number := finite(value)) is not None and number > 0
    }


def _cause(cause: object) -> AlarmCause | None:
    if isinstance(cause, AlarmCause):
        return cause
    if isinstance(cause, str):
        try:
            return AlarmCause(cause)
        except ValueError:
            return None
    return None


def _median(values: Sequence[float]) -> float | None:
    present = [v for v in values if not math.isnan(v)]
    return statistics.median(present) if present else None


def _spans(times: Sequence[datetime]) -> list[float]:
    """Return the seconds each sample stands for: to the next one, at most USUAL_SAMPLE_SPAN.

    The newest stands for as long as the one before it.
    """
    cap = USUAL_SAMPLE_SPAN.total_seconds()
    spans = [min((b - a).total_seconds(), cap) for a, b in itertools.pairwise(times)]
    return [*spans, spans[-1] if spans else cap]


def _usual(times: Sequence[datetime], values: Sequence[float]) -> float:
    """Return a quantity's usual value: at this time of day on earlier days, else overall.

    "This time" is the newest sample's; both are medians over time (`_spans`).
    """
    spans = _spans(times)
    now = times[-1]
    day = 86400.0

    def apart(when: datetime) -> float:  # seconds between two times of day
        gap = abs((now - when).total_seconds()) % day
        return min(gap, day - gap)

    window, earlier = USUAL_WINDOW.total_seconds(), now - USUAL_EARLIER
    same = [
        (when, value, span)
        for when, value, span in zip(times, values, spans, strict=True)
        if when <= earlier and apart(when) <= window
    ]
    days = {round((now - when).total_seconds() / day) for when, _, _ in same}
    if len(days) >= USUAL_DAYS and len(same) >= MIN_SAMPLES_FOR_USUAL:
        return _time_median([v for _, v, _ in same], [w for _, _, w in same])
    return _time_median(values, spans)


def _time_median(values: Sequence[float], weights: Sequence[float]) -> float:
    """Return the median of values each counted for its weight.

    With equal weights it is `statistics.median`: where the cumulative weight is exactly half,
    the mean of the values either side.
    """
    order = sorted(range(len(values)), key=values.__getitem__)
    half = sum(weights) / 2
    total = 0.0
    for n, i in enumerate(order):
        total += weights[i]
        if total > half:
            return values[i]
        if total == half and n + 1 < len(order):
            return (values[i] + values[order[n + 1]]) / 2
    return values[order[-1]]


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 3 or len(xs) != len(ys):
        return None
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError:  # a constant series
        return None


def _clamp(confidence: float) -> float:
    return round(min(0.95, max(0.05, confidence)), 2)


def _fmt_time(time: datetime) -> str:
    return time.strftime("%Y-%m-%d %H:%M")


class Prepared:
    """A box's history cleaned once, and what the rules work out of it, for several diagnoses.

    A box often raises two alarms at once (overcurrent and cable over-temperature): `prepare`
    its history once and pass the result to `diagnose` for each alarm. The figures the rules
    take from the history whatever the alarm (the leakage trend, the appliance steps, each
    conductor's load history) are worked out on first use and kept here.
    """

    __slots__ = ("_memo", "samples")

    def __init__(self, samples: list[Sample]) -> None:
        """Keep cleaned samples (see `prepare`)."""
        self.samples = samples
        self._memo: dict[object, Any] = {}

    def remember[T](self, key: object, compute: Callable[[], T]) -> T:
        """Return what `compute` gives, worked out once per history."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast("T", self._memo[key])


def prepare(history: Iterable[object] | None) -> Prepared:
    """Return a box's history ready for `diagnose`: the usable samples, oldest first."""
    return Prepared(_clean(history))


@dataclass(frozen=True, slots=True)
class _Context:
    history: Prepared
    cause: AlarmCause | None
    facts: NeighbourFacts | None
    settings: dict[str, float]

    @property
    def samples(self) -> list[Sample]:
        """Return the usable samples, oldest first."""
        return self.history.samples

    def latest_with(self, *keys: str, at_least: int | None = None) -> Sample | None:
        """Return the newest sample with the keys (or at least that many of them)."""
        need = len(keys) if at_least is None else at_least
        for sample in reversed(self.samples):
            if sum(key in sample[1] for key in keys) >= need:
                return sample
        return None


# --- rules ------------------------------------------------------------------------------------


def _hot_conductor(values: Mapping[str, float]) -> tuple[str, float, float] | None:
    """Return (conductor, temperature, excess over the median of the others), if 2+ known."""
    temperatures = {
        c: values[f"cable_temperature_{c}"]
        for c in _CONDUCTORS
        if f"cable_temperature_{c}" in values
    }
    if len(temperatures) < 2:
        return None
    hot = max(temperatures, key=lambda c: temperatures[c])
    others = [t for c, t in temperatures.items() if c != hot]
    return hot, temperatures[hot], temperatures[hot] - statistics.median(others)


def _currents(values: Mapping[str, float], hot: str) -> tuple[float | None, float | None]:
    """Return the hot conductor's current and the median current of the other conductors."""
    own = values.get(f"current_{hot}")
    others = [
        values[f"current_{c}"]
        for c in _CONDUCTORS
        if c != hot and f"current_{c}" in values and f"cable_temperature_{c}" in values
    ]
    return own, (statistics.median(others) if others else None)


def _loose_in(values: Mapping[str, float], settings: Mapping[str, float]) -> bool | None:
    """Return whether a sample shows a loose terminal; None when the temperatures are missing."""
    found = _hot_conductor(values)
    if found is None:
        return None
    hot, temperature, excess = found
    if temperature < LOOSE_MIN_TEMPERATURE or excess < LOOSE_DELTA:
        return False
    own, others = _currents(values, hot)
    if own is None or others is None:
        return True  # cannot rule the load out; judged with less confidence
    limit = settings.get("overcurrent_threshold")
    if limit is not None and own >= HIGH_CURRENT_OF_SETTING * limit:
        return False
    return own <= SIMILAR_CURRENT_RATIO * others + SIMILAR_CURRENT_MARGIN


def _persistence(ctx: _Context, check: Callable[[Mapping[str, float]], bool | None]) -> float:
    """Return the share of recent samples (with the data) where a finding holds."""
    verdicts = [
        v for _, values in ctx.samples[-RECENT_SAMPLES:] if (v := check(values)) is not None
    ]
    return sum(verdicts) / len(verdicts) if verdicts else 0.0


def _loose_terminal(ctx: _Context) -> Diagnosis | None:
    sample = ctx.latest_with(*(f"cable_temperature_{c}" for c in _CONDUCTORS), at_least=2)
    if sample is None or not _loose_in(sample[1], ctx.settings):
        return None
    values = sample[1]
    found = _hot_conductor(values)
    assert found is not None  # noqa: S101 - _loose_in checked it
    hot, temperature, excess = found
    own, others = _currents(values, hot)
    persistence = _persistence(ctx, lambda v: _loose_in(v, ctx.settings))
    confidence = (
        0.5
        + 0.25 * min(1.0, (excess - LOOSE_DELTA) / (LOOSE_DELTA_MAJOR - LOOSE_DELTA))
        + 0.15 * persistence
        + (0.05 if ctx.cause in _TEMPERATURE_CAUSES else 0.0)
        - (0.15 if own is None or others is None else 0.0)
    )
    en_c, zh_c = _conductor_en(hot), _conductor_zh(hot)
    if own is not None and others is not None:
        en_load = (
            f"while it carries {own:.1f} A, about the same as the others ({others:.1f} A), "
            "so the load does not explain the heat"
        )
        zh_load = f"但{zh_c}电流{own:.1f} A，与其他相（{others:.1f} A）相当，发热不是负荷大引起的"
    else:
        en_load = "and the box does not report the currents that would rule out the load"
        zh_load = "本箱没有上报电流，暂不能完全排除负荷原因"
    return Diagnosis(
        rule="loose_terminal",
        confidence=_clamp(confidence),
        en=(
            f"The {en_c} cable is at {temperature:.0f} °C, {excess:.0f} K hotter than the other "
            f"conductors, {en_load}. Most likely a loose terminal or poor contact on {en_c}: the "
            "contact resistance has grown and heats the joint. Switch off and re-tighten the "
            f"{en_c} terminals (breaker in/out, busbar bolts); look for discolouration or burn "
            "marks and replace damaged lugs."
        ),
        zh=(
            f"{zh_c}电缆温度{temperature:.0f} °C，比其他导线高{excess:.0f} °C，{zh_load}。"
            f"多半是{zh_c}接线端子松动、接触不良，接触电阻增大导致发热。"
            f"建议停电后检查并紧固{zh_c}端子（断路器进出线、汇流排螺栓），"
            "查看有无发黑、烧蚀，损坏的线鼻子要更换。"
        ),
        evidence={
            "conductor": hot,
            "temperature": round(temperature, 1),
            "excess": round(excess, 1),
            "current": None if own is None else round(own, 2),
            "others_current": None if others is None else round(others, 2),
            "persistence": round(persistence, 2),
            "time": sample[0].isoformat(),
        },
    )


def _load_history(
    ctx: _Context, i_key: str, t_key: str
) -> tuple[float | None, float | None, float | None]:
    """Return a conductor's usual current, how its temperature follows the load, its peak.

    The usual current is `_usual` (at this time of day on earlier days), the following
    Pearson's r of I² against the temperature (both None with fewer than MIN_SAMPLES_FOR_USUAL
    samples), the peak the highest current (None without any).
    """
    timed = [
        (when, values[i_key], values[t_key])
        for when, values in ctx.samples
        if i_key in values and t_key in values
    ]
    pairs = [(i, t) for _, i, t in timed]
    if len(pairs) < MIN_SAMPLES_FOR_USUAL:
        return None, None, max((i for i, _ in pairs), default=None)
    usual = _usual([when for when, _, _ in timed], [i for i, _ in pairs])
    tracking = _pearson([i * i for i, _ in pairs], [t for _, t in pairs])
    return usual, tracking, max(i for i, _ in pairs)


def _overload(ctx: _Context) -> Diagnosis | None:
    limit = ctx.settings.get("overcurrent_threshold")
    best: Diagnosis | None = None
    for phase in _CONDUCTORS:
        t_key, i_key = f"cable_temperature_{phase}", f"current_{phase}"
        sample = ctx.latest_with(t_key, i_key)
        if sample is None:
            continue
        temperature, current = sample[1][t_key], sample[1][i_key]
        hot = temperature >= CABLE_HOT or (
            ctx.cause is AlarmCause.CABLE_OVER_TEMPERATURE
            and not _loose_in(sample[1], ctx.settings)
        )
        if not hot or current <= 0:
            continue
        usual, tracking, peak = ctx.history.remember(
            ("load", phase), functools.partial(_load_history, ctx, i_key, t_key)
        )
        near_setting = limit is not None and current >= HIGH_CURRENT_OF_SETTING * limit
        above_usual = usual is not None and usual > 0 and current >= HIGH_CURRENT_OF_USUAL * usual
        said = ctx.cause is AlarmCause.OVERCURRENT
        follows = tracking is not None and tracking >= TRACKING_CORRELATION
        # Heating that follows the load, at the top of the load seen: the load heats the cable.
        at_peak = follows and peak is not None and current >= PEAK_SHARE * peak
        if not (near_setting or above_usual or said or at_peak):
            continue
        confidence = (
            0.55
            + (0.2 if near_setting or said else 0.0)
            + (0.15 if follows else 0.0)
            + (
                0.05
                if ctx.cause in {AlarmCause.OVERCURRENT, AlarmCause.CABLE_OVER_TEMPERATURE}
                else 0.0
            )
        )
        en_c, zh_c = _conductor_en(phase), _conductor_zh(phase)
        reasons_en = []
        reasons_zh = []
        if limit is not None and near_setting:
            reasons_en.append(f"{current / limit:.0%} of the overcurrent setting ({limit:.0f} A)")
            reasons_zh.append(f"达到过流整定值（{limit:.0f} A）的{current / limit:.0%}")
        if above_usual and usual is not None:
            reasons_en.append(f"{current / usual:.1f}× its usual {usual:.1f} A")
            reasons_zh.append(f"是平时（{usual:.1f} A）的{current / usual:.1f}倍")
        if at_peak and not reasons_en:
            reasons_en.append("the highest load in the history")
            reasons_zh.append("是近期最大负荷")
        if said and not reasons_en:
            reasons_en.append("the detector reports overcurrent")
            reasons_zh.append("探测器报过流")
        track_en = " and the temperature rises and falls with the current" if follows else ""
        track_zh = "，温度随电流升降" if track_en else ""
        diagnosis = Diagnosis(
            rule="overload",
            confidence=_clamp(confidence),
            en=(
                f"The {en_c} cable is at {temperature:.0f} °C while it carries {current:.1f} A "
                f"({'; '.join(reasons_en)}){track_en}: the circuit is overloaded, the heat comes "
                "from the load. PVC-insulated cable is rated for 70 °C. Reduce or spread the "
                "load (move loads to other circuits or other times); if the load is needed, have "
                "the cable and its breaker resized."
            ),
            zh=(
                f"{zh_c}电缆温度{temperature:.0f} °C，电流{current:.1f} A"
                f"（{'，'.join(reasons_zh)}）{track_zh}，属于过负荷发热。"
                "PVC绝缘电缆长期允许工作温度为70 °C。"
                "建议核对负荷，分流或错峰用电；确需这么大负荷的，应更换截面更大的电缆和相应的断路器。"
            ),
            evidence={
                "conductor": phase,
                "temperature": round(temperature, 1),
                "current": round(current, 2),
                "usual_current": None if usual is None else round(usual, 2),
                "overcurrent_threshold": limit,
                "tracking": None if tracking is None else round(tracking, 2),
                "time": sample[0].isoformat(),
            },
        )
        if best is None or diagnosis.confidence > best.confidence:
            best = diagnosis
    return best


def _insulation_ageing(ctx: _Context) -> Diagnosis | None:
    trend = ctx.history.remember("leakage_trend", lambda: leakage_trend(ctx.samples))
    if trend is None:
        return None
    slope, r2, span_days, rise = trend.slope, trend.r2, trend.days, trend.rise
    if slope < INSULATION_MIN_SLOPE or rise < INSULATION_MIN_RISE or r2 < INSULATION_MIN_R2:
        return None
    if trend.largest_jump > INSULATION_MAX_JUMP_SHARE * rise:
        return None  # one jump, not a creep: see the faulty appliance rule
    now_level, per_ampere = trend.baseline, trend.per_ampere
    first_level = trend.start_baseline
    limit = ctx.settings.get("leakage_threshold")
    days_left = trend.days_to(limit) if limit is not None and limit > now_level else None
    confidence = (
        0.45
        + 0.3 * r2
        + (0.1 if slope >= INSULATION_FAST_SLOPE else 0.0)
        + (0.05 if ctx.cause is AlarmCause.LEAKAGE else 0.0)
    )
    en_left = (
        f" At this rate it reaches the alarm setting ({limit:.0f} mA) "
        f"in about {days_left:.0f} days."
        if days_left is not None and limit is not None
        else ""
    )
    zh_left = (
        f"按目前的速度，大约{days_left:.0f}天后会达到报警值（{limit:.0f} mA）。"
        if days_left is not None and limit is not None
        else ""
    )
    return Diagnosis(
        rule="insulation_ageing",
        confidence=_clamp(confidence),
        en=(
            f"The leakage current's baseline has crept up steadily from {first_level:.0f} mA to "
            f"{now_level:.0f} mA over {span_days:.1f} days (about {slope:.0f} mA a day), a slow "
            f"rise rather than a jump: typical of ageing or damp insulation.{en_left} Measure "
            "the insulation resistance circuit by circuit with an insulation tester (megger), "
            "starting with old, damp or underground runs."
        ),
        zh=(
            f"剩余电流（漏电流）的底值在{span_days:.1f}天内从{first_level:.0f} mA逐渐升到"
            f"{now_level:.0f} mA（约每天升{slope:.0f} mA），是缓慢上升而不是突变，"
            f"常见于线路绝缘老化或受潮。{zh_left}"
            "建议用兆欧表分回路测量绝缘电阻，重点检查老旧、潮湿和埋地敷设的线路。"
        ),
        evidence={
            "slope": round(slope, 1),
            "r2": round(r2, 2),
            "days": round(span_days, 1),
            "start_baseline": round(first_level, 1),
            "baseline": round(now_level, 1),
            "leakage_threshold": limit,
            "days_to_threshold": None if days_left is None else round(days_left, 1),
            "leakage_per_ampere": round(per_ampere, 3),
        },
    )


def _steps(series: Sequence[float], threshold: float) -> list[tuple[int, float]]:
    """Return (index, size) where the series steps by at least `threshold`.

    The size at an index is the median of the samples from it on minus those before it, up to
    STEP_SAMPLES samples either side, NaN ignored; a single spike moves no median.
    """
    n = len(series)
    if STEP_SAMPLES == 3 and n >= 4 and not any(math.isnan(x) for x in series):
        return _steps_of_three(series, threshold)
    if all(math.isnan(x) for x in series):
        return []  # a phase the box does not have
    raw: list[tuple[int, float]] = []
    for i in range(1, n):
        before = _median(series[max(0, i - STEP_SAMPLES) : i])
        after = _median(series[i : i + STEP_SAMPLES])
        if before is None or after is None:
            continue
        if abs(after - before) >= threshold:
            raw.append((i, after - before))
    return raw


def _steps_of_three(series: Sequence[float], threshold: float) -> list[tuple[int, float]]:
    """Return what `_steps` does for a series without NaN, medians of 3 by comparisons.

    A week of a box is some 1,700 samples in each of four series: `statistics.median` on
    two slices per sample was most of a diagnosis. The median of three is the one neither
    the smallest nor the largest, of two their mean (as `statistics.median` takes it), so
    the sizes are the very same numbers.
    """
    s = list(series)
    n = len(s)
    # medians[j]: the median of s[j : j + 3] (the last two windows are cut short).
    medians = [max(min(a, b), min(max(a, b), c)) for a, b, c in zip(s, s[1:], s[2:], strict=False)]
    medians += [statistics.median(s[n - 2 :]), s[n - 1]]
    # Before index i (1 ≤ i < n): the median of s[max(0, i - 3) : i].
    before = [s[0], statistics.median(s[:2]), *medians[: n - 3]]
    return [
        (i, d)
        for i, (a, b) in enumerate(zip(medians[1:], before, strict=True), 1)
        if abs(d := a - b) >= threshold
    ]


def _step_events(series: Sequence[float], threshold: float) -> list[tuple[int, float, range]]:
    """Return (index, size, indices spanned) of each step of at least `threshold`.

    A clean step shows at up to STEP_SAMPLES consecutive indices: they are merged into one,
    placed at the largest jump between neighbouring samples, and its span reaches one sample
    either side (so that two series stepping a sample apart still line up).
    """
    events: list[tuple[int, float, range]] = []
    group: list[tuple[int, float]] = []

    def close() -> None:
        if not group:
            return
        sign = 1 if group[0][1] > 0 else -1
        size = max((d for _, d in group), key=lambda d: d * sign)
        # The step itself: the largest jump between neighbouring samples within the group.
        first, last = group[0][0], group[-1][0]
        jumps = [
            (i, series[i] - series[i - 1])
            for i in range(first, last + 1)
            if not math.isnan(series[i]) and not math.isnan(series[i - 1])
        ]
        index = max(jumps, key=lambda j: j[1] * sign)[0] if jumps else first
        events.append((index, size, range(first - 1, last + 2)))
        group.clear()

    # Only the sizes of at least `threshold` come back: one below it closed the group before,
    # as a gap between indices now does.
    for i, d in _steps(series, threshold):
        if group and (group[-1][0] != i - 1 or (group[-1][1] > 0) != (d > 0)):
            close()
        group.append((i, d))
    close()
    return events


@dataclass(frozen=True, slots=True)
class _ApplianceStep:
    """The largest leakage step up that came with a load switching on, and how often."""

    time: datetime
    leak_from: float
    leak_to: float
    current_step: float
    phase: str
    returned: bool  # the leakage fell back when the load switched off
    occurrences: int


def _appliance_step(ctx: _Context) -> _ApplianceStep | None:
    rows = [
        (t, v)
        for t, v in ctx.samples
        if "leakage_current" in v and any(key in v for key in _PHASE_CURRENTS)
    ]
    if len(rows) < 4:
        return None
    leakage = [v["leakage_current"] for _, v in rows]
    leakage_steps = _step_events(leakage, LEAK_STEP)
    if not any(size > 0 for _, size, _ in leakage_steps):
        return None  # nothing stepped up: the loads' steps need not be looked for
    currents = {p: [v.get(f"current_{p}", math.nan) for _, v in rows] for p in _PHASES}
    # Each phase's current steps by index (one step per index, in order).
    current_steps = {
        p: {c_index: c_size for c_index, c_size, _ in _step_events(s, CURRENT_STEP)}
        for p, s in currents.items()
    }
    # index, leakage step, phase, index of its current step
    ons: list[tuple[int, float, str, int]] = []
    offs: list[tuple[int, float, str, int]] = []
    for index, size, span in leakage_steps:
        matches = [
            (phase, c_index, c_size)
            for phase, steps in current_steps.items()
            for c_index in span
            if (c_size := steps.get(c_index)) is not None and (c_size > 0) == (size > 0)
        ]
        if not matches:
            continue
        phase, c_index, _ = max(matches, key=lambda m: abs(m[2]))
        (ons if size > 0 else offs).append((index, size, phase, c_index))
    if not ons:
        return None
    index, _, phase, c_index = max(ons, key=lambda e: e[1])
    # The figures the message names are those of the samples either side of each step.
    leak_from, leak_to = leakage[index - 1], leakage[index]
    amps = currents[phase]
    current_step = amps[c_index] - amps[c_index - 1]
    reversed_ = any(o[0] > index and -o[1] >= LEAK_STEP for o in offs)
    return _ApplianceStep(
        rows[index][0], leak_from, leak_to, current_step, phase, reversed_, len(ons)
    )


def _faulty_appliance(ctx: _Context) -> Diagnosis | None:
    step = ctx.history.remember("appliance_step", lambda: _appliance_step(ctx))
    if step is None:
        return None
    when, leak_from, leak_to = step.time, step.leak_from, step.leak_to
    size, current_step, phase = leak_to - leak_from, step.current_step, step.phase
    reversed_, occurrences = step.returned, step.occurrences
    confidence = (
        0.55
        + (0.15 if reversed_ else 0.0)
        + (0.1 if occurrences >= 2 else 0.0)
        + (0.05 if ctx.cause is AlarmCause.LEAKAGE else 0.0)
    )
    en_c, zh_c = _conductor_en(phase), _conductor_zh(phase)
    en_back = " and fell back when it switched off" if reversed_ else ""
    zh_back = "，负荷断开后漏电流又回落" if reversed_ else ""
    en_again = f" This happened {occurrences} times." if occurrences >= 2 else ""
    zh_again = f"这种情况出现了{occurrences}次。" if occurrences >= 2 else ""
    return Diagnosis(
        rule="faulty_appliance",
        confidence=_clamp(confidence),
        en=(
            f"At {_fmt_time(when)} the leakage current jumped by {size:.0f} mA (from "
            f"{leak_from:.0f} to {leak_to:.0f} mA) at the moment a load of {current_step:.1f} A "
            f"switched on ({en_c}){en_back}.{en_again} The leakage "
            "belongs to that appliance: its insulation is damaged or its casing is live. Find "
            "which appliance was switched on at that time and test it; switch circuits off one "
            "by one to find it."
        ),
        zh=(
            f"{_fmt_time(when)}，{zh_c}负荷电流突增{current_step:.1f} A的同时，"
            f"剩余电流由{leak_from:.0f} mA跳升至{leak_to:.0f} mA（增加{size:.0f} mA）"
            f"{zh_back}。{zh_again}"
            "说明是这台用电设备本身漏电（内部绝缘损坏或外壳带电）。"
            "建议查一下这个时间开了哪台设备，单独检测；也可以逐个断开回路排查。"
        ),
        evidence={
            "time": when.isoformat(),
            "leakage_step": round(size, 1),
            "leakage_before": round(leak_from, 1),
            "leakage_after": round(leak_to, 1),
            "current_step": round(current_step, 2),
            "conductor": phase,
            "returned": reversed_,
            "occurrences": occurrences,
        },
    )


def _supply_side(ctx: _Context) -> Diagnosis | None:
    facts = ctx.facts
    if facts is None:
        return None
    sample = ctx.latest_with("voltage_a", "voltage_b", "voltage_c")
    unbalance = None if sample is None else voltage_unbalance(sample[1])
    if ctx.cause in _VOLTAGE_CAUSES and facts.cause is ctx.cause and facts.same_cause:
        shared = facts.same_cause
        cause = ctx.cause
        assert cause is not None  # noqa: S101 - a voltage cause
        en_what = f"{_CAUSE_EN[cause]} alarm"
        zh_what = f"{_CAUSE_ZH[cause]}报警"
        en_check = "the supply voltage at the transformer and the upstream switchboard"
        zh_check = "变压器出口电压和上级配电柜"
    else:
        own = ctx.cause is AlarmCause.UNBALANCE or (
            unbalance is not None and unbalance >= VOLTAGE_UNBALANCE_LIMIT
        )
        if not own or not facts.unbalanced:
            return None
        shared = facts.unbalanced
        en_what = "unbalance"
        zh_what = "三相不平衡"
        en_check = "how single-phase loads are spread over the phases upstream, and the neutral"
        zh_check = "上级线路三相负荷分配和上级零线"
    n = len(shared)
    confidence = (
        0.5
        + 0.1 * min(n, 4)
        + (0.05 if unbalance is not None and unbalance >= VOLTAGE_UNBALANCE_LIMIT else 0.0)
    )
    en_u = f" (voltage unbalance here {unbalance:.1f} %)" if unbalance is not None else ""
    zh_u = f"（本箱电压不平衡度{unbalance:.1f}%）" if unbalance is not None else ""
    return Diagnosis(
        rule="supply_side",
        confidence=_clamp(confidence),
        en=(
            f"{n} neighbouring box{'es' if n != 1 else ''} show the same {en_what}{en_u}: the "
            "cause is upstream on the supply side, not inside this box. Ask whoever runs the "
            f"supply to check {en_check}."
        ),
        zh=(
            f"附近{n}个配电箱同时出现{zh_what}{zh_u}，问题多半在上级供电侧，不是本箱内部故障。"
            f"建议联系供电或配电运维人员，检查{zh_check}。"
        ),
        evidence={
            "neighbours": list(shared),
            "voltage_unbalance": unbalance,
            "cause": None if ctx.cause is None else str(ctx.cause),
        },
    )


def _neutral_fault(ctx: _Context) -> Diagnosis | None:
    sample = ctx.latest_with("voltage_a", "voltage_b", "voltage_c")
    if sample is None:
        return None
    voltages = {p: sample[1][f"voltage_{p}"] for p in _PHASES}
    low = NOMINAL_PHASE_VOLTAGE * (1 + THREE_PHASE_LIMITS[0])
    high = NOMINAL_PHASE_VOLTAGE * (1 + THREE_PHASE_LIMITS[1])
    highest = max(voltages, key=lambda p: voltages[p])
    lowest = min(voltages, key=lambda p: voltages[p])
    if voltages[highest] <= high or voltages[lowest] >= low or voltages[lowest] <= 0:
        return None
    if ctx.facts is not None and ctx.facts.unbalanced:
        return None  # shared by neighbours: the supply side rule speaks
    confidence = 0.55 + (0.1 if ctx.facts is not None else 0.0)
    unbalance = voltage_unbalance(sample[1])
    hi_v, lo_v = voltages[highest], voltages[lowest]
    return Diagnosis(
        rule="neutral_fault",
        confidence=_clamp(confidence),
        en=(
            f"Phase {highest.upper()} is at {hi_v:.0f} V while phase {lowest.upper()} is at "
            f"{lo_v:.0f} V at the same time: the star point has shifted, which is what a loose "
            "or broken neutral does. This is dangerous: appliances on the high phase can burn "
            "out and the neutral joint itself heats up. Check and re-tighten the neutral "
            "terminals and the neutral bar of this box and of its feeder."
        ),
        zh=(
            f"{highest.upper()}相电压{hi_v:.0f} V、{lowest.upper()}相电压只有{lo_v:.0f} V，"
            "一相偏高一相偏低同时出现，是中性点偏移，多半是零线松动或断零。"
            "这很危险：电压偏高那一相上的电器容易烧坏，零线接头本身也会发热。"
            "建议尽快检查并紧固本箱及进线的零线端子和零排。"
        ),
        evidence={
            "high_phase": highest,
            "high_voltage": round(hi_v, 1),
            "low_phase": lowest,
            "low_voltage": round(lo_v, 1),
            "voltage_unbalance": unbalance,
            "time": sample[0].isoformat(),
        },
    )


def _nearby_heat(ctx: _Context) -> Diagnosis | None:
    facts = ctx.facts
    if (
        facts is None
        or ctx.cause not in _TEMPERATURE_CAUSES
        or facts.cause is None
        or facts.cause not in _TEMPERATURE_CAUSES
        or not facts.same_cause
    ):
        return None
    n = len(facts.same_cause)
    return Diagnosis(
        rule="nearby_heat",
        confidence=_clamp(0.5 + 0.1 * min(n, 4)),
        en=(
            f"{n} neighbouring box{'es' if n != 1 else ''} report over-temperature at the same "
            "time: heat from outside the boxes, a fire nearby or a hot room (failed "
            "ventilation). Check the area in person now."
        ),
        zh=(
            f"附近{n}个配电箱同时报超温，热量多半来自箱外：附近可能着火，或者配电间通风失效、"
            "环境温度过高。请立即派人到现场查看。"
        ),
        evidence={"neighbours": list(facts.same_cause), "cause": str(facts.cause)},
    )


def _area_outage(ctx: _Context) -> Diagnosis | None:
    facts = ctx.facts
    if facts is None or len(facts.offline_together) < AREA_OUTAGE_MIN_NEIGHBOURS:
        return None
    n = len(facts.offline_together)
    online = facts.online_nearby
    en_online = (
        f" {online} box{'es' if online != 1 else ''} nearby are still online." if online else ""
    )
    zh_online = f"附近还有{online}个配电箱在线。" if online else ""
    return Diagnosis(
        rule="area_outage",
        confidence=_clamp(0.5 + 0.1 * min(n, 4)),
        en=(
            f"{n} neighbouring boxes went offline together with this one: most likely a power "
            "cut in the area or an upstream breaker that tripped (or a shared gateway or network "
            f"line that failed).{en_online} Check the upstream switchboard and the mains supply."
        ),
        zh=(
            f"附近{n}个配电箱和本箱几乎同时离线，多半是区域停电或上级开关跳闸"
            f"（也可能是共用的网关或通信线路故障）。{zh_online}"
            "建议确认上级配电柜开关状态和市电供电情况。"
        ),
        evidence={"neighbours": list(facts.offline_together), "still_online": online},
    )


def _trip_or_fire_damage(ctx: _Context) -> Diagnosis | None:
    facts = ctx.facts
    if facts is None or facts.offline_after is None:
        return None
    cause = facts.offline_after
    gap = facts.offline_gap
    serious = cause in _TEMPERATURE_CAUSES or cause in {AlarmCause.LEAKAGE, AlarmCause.OVERCURRENT}
    outage = len(facts.offline_together) >= AREA_OUTAGE_MIN_NEIGHBOURS
    confidence = (0.7 if serious else 0.55) - (0.2 if outage else 0.0)
    en_gap = f"{gap:.0f} s" if gap is not None else "shortly"
    zh_gap = f"{gap:.0f}秒" if gap is not None else "不久"
    if cause in _TEMPERATURE_CAUSES:
        en_why = (
            "The supply may have been cut by a protective device, but after an over-temperature "
            "alarm fire damage to the box or its cables cannot be ruled out."
        )
        zh_why = "可能是保护动作断了电，但超温报警之后，不能排除箱内或线路已经烧毁。"
    else:
        en_why = (
            "Most likely a protective device (breaker or residual-current device) tripped and "
            "cut the detector's supply; fire damage cannot be ruled out."
        )
        zh_why = "多半是断路器或漏电保护器动作跳闸，断开了探测器电源；也不能排除线路已烧毁。"
    return Diagnosis(
        rule="trip_or_fire_damage",
        confidence=_clamp(confidence),
        en=(
            f"The box went offline {en_gap} after {_a(_CAUSE_EN[cause])} alarm. {en_why} Send "
            "someone to look before switching back on: no smoke, no smell of burning, no "
            "scorch marks."
        ),
        zh=(
            f"本箱报{_CAUSE_ZH[cause]}后{zh_gap}就离线了。{zh_why}"
            "请尽快派人到现场查看，确认无烟、无焦糊味、无烧痕后再合闸送电。"
        ),
        evidence={"cause": str(cause), "gap": None if gap is None else round(gap, 1)},
    )


_RULES: Final = (
    _loose_terminal,
    _overload,
    _insulation_ageing,
    _faulty_appliance,
    _supply_side,
    _neutral_fault,
    _nearby_heat,
    _area_outage,
    _trip_or_fire_damage,
)


def diagnose(
    history: Iterable[tuple[datetime, Mapping[str, float]]] | Prepared | None,
    *,
    cause: AlarmCause | str | None = None,
    neighbours: NeighbourFacts | None = None,
    settings: Mapping[str, float] | None = None,
) -> list[Diagnosis]:
    """Return the probable causes behind a box's state, most likely first.

    `history` is the box's recent readings, (time, values) with the canonical measurement
    keys, in any order; `cause` its current or latest alarm cause; `neighbours` what the
    correlation engine found around it; `settings` its alarm thresholds (`overcurrent_threshold`,
    `leakage_threshold`...). Missing or bad data makes fewer diagnoses, never an exception.
    A history `prepare`d once serves several diagnoses (a box's alarms raised together).
    """
    ctx = _Context(
        history=history if isinstance(history, Prepared) else prepare(history),
        cause=_cause(cause),
        facts=neighbours if isinstance(neighbours, NeighbourFacts) else None,
        settings=_settings(settings),
    )
    found = [d for rule in _RULES if (d := rule(ctx)) is not None]
    return sorted(found, key=lambda d: (-d.confidence, d.rule))

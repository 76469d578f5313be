"""The management report's figures: from known series and alarms, from empty and bad data.

The HTML and CSV written from them are tested in test_report_render; the empty report and
the boxes without statistics are followed through to their HTML and CSV here.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
import io
import json
import math
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from custom_components.safe_power.box.report import (
    BoxInput,
    Report,
    ReportPeriod,
    TrendInput,
    build_report,
)
from custom_components.safe_power.box.report_render import render_csv, render_html
from custom_components.safe_power.box.tariff import DEFAULT_TOU, Period

TZ = ZoneInfo("Asia/Shanghai")
PERIOD = ReportPeriod.for_month(2026, 11, TZ)
START = PERIOD.start.astimezone(UTC)  # 2026-10-31 16:00 UTC
GENERATED = datetime(2026, 12, 2, 1, tzinfo=UTC)
MIN = timedelta(minutes=1)


def _local(day: int, hour: int) -> datetime:
    """Return the UTC start of a local (Shanghai) hour in November 2026."""
    return datetime(2026, 11, day, hour, tzinfo=TZ).astimezone(UTC)


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat()


def _box_a() -> BoxInput:
    hours = [START + timedelta(hours=i) for i in range(30 * 24)]
    power = [(h, 12340.0 if h == _local(3, 14) else 5000.0) for h in hours]
    qualification = [(date(2026, 11, d), 100.0) for d in range(1, 31)]
    qualification[4] = (date(2026, 11, 5), 97.0)
    qualification[5] = (date(2026, 11, 6), 99.0)
    unbalance = [
        (_local(1, h), 2.5, 3.2) if h in (10, 11, 12) else (_local(1, h), 1.0, 1.5)
        for h in range(24)
    ]
    return BoxInput(
        serial="SP1",
        name="Workshop main",
        area="Workshop",
        location="north wall",
        energy_hourly=[(h, 1.0) for h in hours]
        + [
            (_local(2, 9), math.nan),
            (_local(2, 10), -1500.0),  # a meter reset, not consumption
            (datetime(2026, 12, 1, 0, tzinfo=TZ), 1.0),  # December, outside the period
        ],
        power_hourly_max=power,
        voltage_qualification_daily=qualification,
        unbalance_hourly=unbalance,
        trend=TrendInput(
            leakage_slope=0.8,
            leakage_baseline=12.0,
            leakage_limit=30.0,
            leakage_days_to_limit=120.0,
            cable_temperature=45.0,
            cable_limit=65.0,
            cable_margin=20.0,
            cable_slope=0.5,
        ),
    )


def _box_b() -> BoxInput:
    peak_hours = [_local(d, h) for d in range(1, 11) for h in (8, 9)]
    return BoxInput(
        serial="SP2",
        name="Office",
        area="Office",
        energy_hourly=[(h, 2.0) for h in peak_hours],
        power_hourly_max=[(h, 3000.0) for h in peak_hours] + [(_local(3, 14), 2000.0)],
        voltage_qualification_daily=[(date(2026, 11, d), 99.0) for d in range(1, 11)]
        + [(date(2026, 11, 11), math.nan)],
        trend=TrendInput(
            leakage_slope=2.0,
            leakage_baseline=20.0,
            leakage_limit=30.0,
            leakage_days_to_limit=10.0,
            cable_temperature=30.0,
            cable_limit=65.0,
            cable_margin=35.0,
            cable_slope=None,
        ),
    )


def _diag(rule: str, confidence: float) -> dict[str, Any]:
    return {"rule": rule, "confidence": confidence, "en": f"{rule} text", "zh": f"{rule} 说明"}


def _alarm(
    alarm_id: str, serial: str, cause: str, received: datetime, **extra: Any
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "alarm_id": alarm_id,
        "serial": serial,
        "box": {"SP1": "Workshop main", "SP2": "Office"}[serial],
        "cause": cause,
        "origin": "device",
        "value": None,
        "threshold": None,
        "unit": None,
        "time": _iso(received),
        "received": _iso(received),
        "area": {"SP1": "Workshop", "SP2": "Office"}[serial],
        "location": None,
        "state": "active",
        "acknowledged": None,
        "cleared": None,
        "power": [],
        "diagnosis": [],
        "covered_by": None,
    }
    record.update(extra)
    return record


T1 = _local(10, 10)  # a1: overcurrent on SP1
T2 = _local(20, 8)  # a2: leakage on SP1
T3 = _local(25, 8)  # a3: undervoltage on SP2, still open
T4 = T3 + MIN  # a4: a user's limit on SP2, covered by a3


def _alarms() -> list[Any]:
    return [
        _alarm(
            "a1",
            "SP1",
            "overcurrent",
            T1,
            value=72.5,
            threshold=63.0,
            unit="A",
            state="cleared",
            acknowledged={
                "at": _iso(T1 + 3 * MIN),
                "via": "app",
                "user_id": "u1",
                "user": "Wang Wei",
            },
            cleared=_iso(T1 + 30 * MIN),
            power=[
                {
                    "at": _iso(T1 + 4 * MIN),
                    "via": "app",
                    "user": "Li Na",
                    "command": "off",
                    "ok": False,
                    "error": "no read-back",
                },
                {
                    "at": _iso(T1 + 5 * MIN),
                    "via": "app",
                    "user": "Li Na",
                    "command": "off",
                    "ok": True,
                    "error": None,
                },
                {
                    "at": _iso(T1 + 40 * MIN),
                    "via": "app",
                    "user": "Li Na",
                    "command": "on",
                    "ok": True,
                    "error": None,
                },
            ],
            diagnosis=[_diag("overload", 0.8), _diag("loose_terminal", 0.4)],
        ),
        _alarm(
            "a2",
            "SP1",
            "leakage",
            T2,
            state="cleared",
            acknowledged={
                "at": _iso(T2 + 10 * MIN),
                "via": "dashboard",
                "user_id": "u3",
                "user": "Zhang San",
            },
            cleared=_iso(T2 + 60 * MIN),
            diagnosis=[_diag("insulation_ageing", 0.9)],
        ),
        _alarm(
            "a3",
            "SP2",
            "undervoltage",
            T3,
            diagnosis=[_diag("supply_side", 0.7), _diag("overload", 0.3)],
        ),
        _alarm(
            "a4",
            "SP2",
            "undervoltage",
            T4,
            origin="user_limit",
            covered_by="a3",
            state="acknowledged",
            acknowledged={"at": _iso(T4 + MIN), "via": "app", "user_id": "u9", "user": "Quick Guy"},
            diagnosis=[_diag("supply_side", 0.95)],
        ),
        # Unusable: no reception time; an unreadable one; not a record at all.
        {k: v for k, v in _alarm("bad1", "SP1", "overcurrent", T1).items() if k != "received"},
        _alarm("bad2", "SP1", "overcurrent", T1) | {"received": "yesterday"},
        "not a record",
        # Received in October: outside the period.
        _alarm("old", "SP1", "overcurrent", datetime(2026, 10, 20, tzinfo=UTC)),
    ]


def sample_report() -> Report:
    """Return the report of two boxes and four alarms in November 2026 (the fixtures' data)."""
    return build_report(
        PERIOD, [_box_a(), _box_b()], _alarms(), DEFAULT_TOU, TZ, generated=GENERATED
    )


@pytest.fixture(name="report")
def _report() -> Report:
    return sample_report()


def test_energy_totals_and_split(report: Report) -> None:
    energy = report.energy
    a, b = energy.boxes
    assert (a.energy, b.energy, energy.energy) == (720.0, 40.0, 760.0)
    assert a.by_period == {Period.PEAK: 240.0, Period.FLAT: 240.0, Period.VALLEY: 240.0}
    assert b.by_period == {Period.PEAK: 40.0, Period.FLAT: 0.0, Period.VALLEY: 0.0}
    assert energy.by_period == {Period.PEAK: 280.0, Period.FLAT: 240.0, Period.VALLEY: 240.0}
    assert a.hours == 720
    assert energy.granularity == "day"
    assert len(energy.rows) == 30
    first, eleventh = energy.rows[0], energy.rows[10]
    assert (first.label, first.energy, first.by_period[Period.PEAK]) == ("2026-11-01", 28.0, 12.0)
    assert (eleventh.energy, eleventh.by_period[Period.PEAK]) == (24.0, 8.0)
    assert b.rows[10].energy is None  # no statistics that day: not 0 kWh
    assert report.summary.energy == 760.0


def test_daily_maximum_demand_and_its_hour(report: Report) -> None:
    a, b = report.energy.boxes
    assert a.max_demand is not None
    assert (a.max_demand.kw, a.max_demand.at) == (12.34, datetime(2026, 11, 3, 14, tzinfo=TZ))
    assert a.rows[0].max_demand is not None
    assert a.rows[0].max_demand.kw == 5.0
    assert b.max_demand is not None
    assert (b.max_demand.kw, b.max_demand.at) == (3.0, datetime(2026, 11, 1, 8, tzinfo=TZ))
    # All boxes: the boxes' maxima of the same hour added up.
    total = report.energy.max_demand
    assert total is not None
    assert (total.kw, total.at) == (14.34, datetime(2026, 11, 3, 14, tzinfo=TZ))
    day1 = report.energy.rows[0].max_demand
    assert day1 is not None
    assert (day1.kw, day1.at.hour) == (8.0, 8)


def test_supply_quality(report: Report) -> None:
    a, b = report.quality.boxes
    assert a.qualification_mean == 99.87  # (28 × 100 + 97 + 99) / 30
    assert a.qualification_worst is not None
    assert (a.qualification_worst.day, a.qualification_worst.rate) == (date(2026, 11, 5), 97.0)
    assert a.qualification_days == 30
    assert (b.qualification_mean, b.qualification_days) == (99.0, 10)
    assert report.quality.qualification_mean == 99.65  # 40 box-days: (2996 + 990) / 40
    worst = report.quality.worst
    assert worst is not None
    assert (worst.serial, worst.day, worst.rate) == ("SP1", date(2026, 11, 5), 97.0)
    unbalance = a.unbalance
    assert unbalance is not None
    assert unbalance.mean == 1.19  # (21 × 1.0 + 3 × 2.5) / 24
    assert (unbalance.max, unbalance.max_at) == (3.2, datetime(2026, 11, 1, 10, tzinfo=TZ))
    assert (unbalance.hours, unbalance.hours_above) == (24, 3)
    assert b.unbalance is None  # single-phase


def test_alarm_counts_durations_and_responses(report: Report) -> None:
    alarms = report.alarms
    assert [r.alarm_id for r in alarms.rows] == ["a1", "a2", "a3", "a4"]
    assert (alarms.total, alarms.open, alarms.covered, alarms.unacknowledged) == (3, 1, 1, 1)
    assert [(c.key, c.count) for c in alarms.by_cause] == [
        ("leakage", 1),
        ("overcurrent", 1),
        ("undervoltage", 1),
    ]
    assert [(c.key, c.name, c.count) for c in alarms.by_box] == [
        ("SP1", "Workshop main", 2),
        ("SP2", "Office", 1),
    ]
    assert [(c.name, c.count) for c in alarms.by_area] == [("Workshop", 2), ("Office", 1)]
    a1, a2, a3, a4 = alarms.rows
    assert (a1.duration, a1.still_open) == (30 * 60, False)
    assert (a1.acknowledge_response, a1.acknowledged_by) == (180, "Wang Wei")
    # The failed command at +4 min is not a power off; the first good one is at +5 min.
    assert (a1.power_off_response, a1.power_off_by, a1.power_off_box) == (300, "Li Na", None)
    assert a2.duration == 3600
    # Still open: timed to the period's end (the report was made after it).
    assert a3.still_open
    assert a3.duration == (PERIOD.end - T3).total_seconds() == 5 * 86400 + 16 * 3600
    assert a3.acknowledge_response is None
    assert a4.covered_by == "a3"
    # Responses: a1 3 min, a2 10 min; the covered a4's 1 min is not counted.
    assert (alarms.acknowledge.count, alarms.acknowledge.median, alarms.acknowledge.max) == (
        2,
        390,
        600,
    )
    assert (alarms.power_off.count, alarms.power_off.median, alarms.power_off.max) == (1, 300, 300)
    assert [(r.name, r.acknowledged, r.powered_off) for r in alarms.responders] == [
        ("Li Na", 0, 1),
        ("Wang Wei", 1, 0),
        ("Zhang San", 1, 0),
    ]
    assert report.summary.worst_box is not None
    assert (report.summary.worst_box.serial, report.summary.worst_box.alarms) == ("SP1", 2)


def test_open_alarm_is_timed_to_when_the_report_was_made() -> None:
    made = T3 + timedelta(hours=2)  # during the month
    report = build_report(PERIOD, [], _alarms(), DEFAULT_TOU, TZ, generated=made)
    assert report.alarms.rows[2].duration == 2 * 3600


def test_fault_causes_and_advice(report: Report) -> None:
    causes = [(c.rule, c.count) for c in report.fault_causes]
    # supply_side once: a4's copy is covered and not counted.
    assert causes == [
        ("overload", 2),
        ("insulation_ageing", 1),
        ("loose_terminal", 1),
        ("supply_side", 1),
    ]
    overload = report.fault_causes[0]
    assert (overload.en, overload.zh) == ("overload text", "overload 说明")  # 0.8 beats 0.3
    advice = {a.serial: (a.rule, a.confidence, a.alarm_id) for a in report.advice}
    assert advice == {"SP1": ("insulation_ageing", 0.9, "a2"), "SP2": ("supply_side", 0.7, "a3")}


def test_trends_most_urgent_first(report: Report) -> None:
    assert [t.serial for t in report.trends] == ["SP2", "SP1"]
    sp2, sp1 = report.trends
    assert (sp2.urgency, sp2.cable_days_to_limit) == (10.0, None)
    # SP1: leakage in 120 days, but the cable in 20 K / 0.5 K/day = 40 days.
    assert (sp1.cable_days_to_limit, sp1.urgency) == (40.0, 40.0)


def test_bad_values_are_counted_not_raised(report: Report) -> None:
    assert report.skipped == {
        "energy": 2,
        "power": 0,
        "qualification": 1,
        "unbalance": 0,
        "trend": 0,
        "alarms": 3,
        "alarm_fields": 0,
        "outside_period": 2,  # December's energy and October's alarm
    }


def test_broken_parts_of_an_alarm_are_left_out() -> None:
    record = _alarm(
        "x",
        "SP1",
        "overcurrent",
        T1,
        acknowledged={"at": "soon", "user": "Wang Wei"},
        power=["off", {"at": None, "command": "off", "ok": True}],
        diagnosis=[{"rule": "overload"}, _diag("overload", math.nan), _diag("overload", 0.5)],
        value=math.inf,
    )
    report = build_report(PERIOD, [], [record], DEFAULT_TOU, TZ, generated=GENERATED)
    (row,) = report.alarms.rows
    assert (row.acknowledged_at, row.power_off_at, row.value) == (None, None, None)
    assert [(c.rule, c.count) for c in report.fault_causes] == [("overload", 1)]
    assert report.skipped["alarm_fields"] == 5


def test_an_inherited_acknowledgement_counts_as_immediate() -> None:
    # A user's limit let go when the detector's alarm over it cleared takes over that alarm's
    # acknowledgement, which came before the limit was raised.
    record = _alarm(
        "u1",
        "SP2",
        "unbalance",
        T3,
        origin="user_limit",
        acknowledged={"at": _iso(T3 - 5 * MIN), "via": "app", "user": "Wang Wei"},
    )
    report = build_report(PERIOD, [], [record], DEFAULT_TOU, TZ, generated=GENERATED)
    assert report.alarms.rows[0].acknowledge_response == 0
    assert report.alarms.acknowledge.median == 0
    assert report.skipped["alarm_fields"] == 0


def test_the_generation_time_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        build_report(PERIOD, [], [], DEFAULT_TOU, TZ, generated=datetime(2026, 12, 2))  # noqa: DTZ001


def test_as_dict_is_plain_json(report: Report) -> None:
    data = json.loads(json.dumps(report.as_dict()))
    assert data["energy"]["energy"] == 760.0
    assert data["energy"]["by_period"] == {"peak": 280.0, "flat": 240.0, "valley": 240.0}
    assert data["energy"]["max_demand"] == {"kw": 14.34, "at": "2026-11-03T14:00:00+08:00"}
    assert data["period"]["kind"] == "month"
    assert data["alarms"]["rows"][0]["raised"] == "2026-11-10T10:00:00+08:00"
    assert data["summary"]["has_data"] is True


def test_year_and_long_custom_periods_have_monthly_rows() -> None:
    year = ReportPeriod.for_year(2026, TZ)
    box = BoxInput("SP1", "A", energy_hourly=[(_local(1, 9), 5.0), (_local(30, 23), 1.0)])
    report = build_report(year, [box], [], DEFAULT_TOU, TZ, generated=GENERATED)
    assert report.energy.granularity == "month"
    assert [r.label for r in report.energy.rows][:2] == ["2026-01", "2026-02"]
    assert len(report.energy.rows) == 12
    november = report.energy.rows[10]
    assert (november.energy, november.by_period) == (
        6.0,
        {Period.PEAK: 5.0, Period.FLAT: 0.0, Period.VALLEY: 1.0},
    )
    custom = ReportPeriod(PERIOD.start, PERIOD.start + timedelta(days=70), "custom", "70 days")
    assert build_report(custom, [], [], DEFAULT_TOU, TZ).energy.granularity == "month"
    short = ReportPeriod(PERIOD.start, PERIOD.start + timedelta(days=62), "custom", "62 days")
    assert len(build_report(short, [], [], DEFAULT_TOU, TZ).energy.rows) == 62


def test_a_bad_period_is_refused() -> None:
    with pytest.raises(ValueError, match="after it starts"):
        ReportPeriod(PERIOD.end, PERIOD.start, "custom", "x")
    with pytest.raises(ValueError, match="timezone-aware"):
        ReportPeriod(datetime(2026, 11, 1), datetime(2026, 12, 1), "month", "x")  # noqa: DTZ001
    with pytest.raises(ValueError, match="unknown report kind"):
        ReportPeriod(PERIOD.start, PERIOD.end, "week", "x")


def test_an_empty_report_says_so() -> None:
    report = build_report(PERIOD, [], [], DEFAULT_TOU, TZ, generated=GENERATED)
    assert not report.summary.has_data
    assert report.energy.energy is None
    assert report.alarms.acknowledge.median is None
    assert set(report.skipped.values()) == {0}
    json.dumps(report.as_dict())
    assert "No data for this period" in render_html(report, "en")
    assert "本期无数据" in render_html(report, "zh")
    rows = list(csv.reader(io.StringIO(render_csv(report, "en"))))
    assert [r[0] for r in rows if r] == [
        "Alarm list",
        "Alarm ID",
        "Energy by distribution box",
        "Distribution box",
    ]


def test_boxes_without_statistics_still_report() -> None:
    boxes = [BoxInput("SP1", "A"), BoxInput("SP2", "B", area="Hall")]
    report = build_report(PERIOD, boxes, [], DEFAULT_TOU, TZ, generated=GENERATED)
    assert not report.summary.has_data
    assert (report.scope.boxes, report.scope.areas) == (2, ("Hall",))
    assert [b.energy for b in report.energy.boxes] == [None, None]
    doc = render_html(report, "en")
    assert "No data for this period" in doc
    assert "2 distribution boxes" in doc

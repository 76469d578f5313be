"""The management report written out: the HTML document and the CSV text, in English and Chinese.

The figures come from test_report's data; the figures themselves are tested there.
"""

from __future__ import annotations

import csv
import io

import pytest

from custom_components.safe_power.box.report import BoxInput, Report, TrendInput, build_report
from custom_components.safe_power.box.report_render import render_csv, render_html
from custom_components.safe_power.box.tariff import DEFAULT_TOU
from tests.box.test_report import PERIOD, T1, TZ, _alarm, _local, sample_report


@pytest.fixture(name="report")
def _report() -> Report:
    return sample_report()


def test_html_holds_the_figures(report: Report) -> None:
    doc = render_html(report, "en")
    assert doc.startswith("<!DOCTYPE html>")
    assert "@page { size: A4; margin: 15mm }" in doc
    assert "break-inside: avoid" in doc
    assert "<thead>" in doc
    for figure in (
        "760.0",  # energy
        "280.0",  # peak
        "14.34",  # max demand, all boxes
        "2026-11-03 14:00",
        "99.65",  # qualification, all boxes
        "99.87",
        "1.19",  # unbalance mean
        "3 (1 still open; 1 more covered by another alarm, not counted)",
        "Wang Wei",
        "Li Na",
        "6 min 30 s",  # median acknowledgement
        "Residual current",
        "Overload",
        "Insulation ageing or damp",
        "insulation_ageing text",
        "Workshop main: 2",
    ):
        assert figure in doc, figure
    assert "5 d 16 h" in doc  # a3's duration, still open
    assert "still open" in doc
    # Self-contained: nothing fetched, nothing run.
    for forbidden in ("<script", "src=", "href=", "url(", "@import"):
        assert forbidden not in doc


def test_html_escapes_text() -> None:
    box = BoxInput(
        "SP9",
        "<script>alert(1)</script>",
        area="R&D",
        energy_hourly=[(_local(1, 9), 1.0)],
        trend=TrendInput(leakage_days_to_limit=3.0),
    )
    doc = render_html(build_report(PERIOD, [box], [], DEFAULT_TOU, TZ), "en")
    assert "<script>" not in doc
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "R&amp;D" in doc


def test_chinese_html_reads_as_an_electrician_writes(report: Report) -> None:
    doc = render_html(report, "zh-Hans")
    assert '<html lang="zh-CN">' in doc
    for term in (
        "安全用电报告",
        "配电箱",
        "剩余电流",
        "过流（过载）",
        "欠压",
        "最大需量",
        "电压合格率",
        "三相电压不平衡度",
        "峰 (kWh)",
        "平 (kWh)",
        "谷 (kWh)",
        "响应时间",
        "确认人",
        "分闸人",
        "报警处置与响应时间",
        "仍未解除",
        "6分30秒",
        "5天16小时",
        "insulation_ageing 说明",
        "绝缘老化或受潮",
        "760.0",
    ):
        assert term in doc, term
    for english in ("Residual current", "Overload", "Acknowledged by", "insulation_ageing text"):
        assert english not in doc, english


def test_csv_has_the_alarm_list_and_the_energy_by_box(report: Report) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(report, "en"))))
    assert rows[0] == ["Alarm list"]
    header = rows[1]
    alarms = [dict(zip(header, r, strict=True)) for r in rows[2:6]]
    assert [a["Alarm ID"] for a in alarms] == ["a1", "a2", "a3", "a4"]
    a1 = alarms[0]
    assert a1["Raised"] == "2026-11-10 10:00:00"
    assert a1["Cause"] == "Overload"
    assert (a1["Value"], a1["Setting"], a1["Unit"]) == ("72.5", "63.0", "A")
    assert (a1["Acknowledged by"], a1["Acknowledge response (min)"]) == ("Wang Wei", "3.0")
    assert (a1["Powered off by"], a1["Power-off response (min)"]) == ("Li Na", "5.0")
    assert a1["Duration (min)"] == "30.0"
    assert alarms[2]["Still open"] == "yes"
    assert alarms[3]["Covered by"] == "a3"
    assert rows[6] == []
    assert rows[7] == ["Energy by distribution box"]
    energy = [dict(zip(rows[8], r, strict=True)) for r in rows[9:]]
    assert [(e["Distribution box"], e["Total (kWh)"], e["Peak (kWh)"]) for e in energy] == [
        ("Workshop main", "720.00", "240.00"),
        ("Office", "40.00", "40.00"),
        ("All boxes", "760.00", "280.00"),
    ]
    assert energy[2]["Max demand (kW)"] == "14.34"


def test_chinese_csv_and_formula_text_defused() -> None:
    box = BoxInput("SP1", '=HYPERLINK("x")', energy_hourly=[(_local(1, 9), 1.0)])
    record = _alarm("a1", "SP1", "leakage", T1) | {"box": "+cmd"}
    text = render_csv(build_report(PERIOD, [box], [record], DEFAULT_TOU, TZ), "zh")
    assert not text.startswith("\ufeff")  # the caller adds the BOM
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["报警明细"]
    assert rows[1][:3] == ["报警编号", "报警时间", "配电箱"]
    assert rows[2][2] == "'+cmd"
    assert rows[2][6] == "剩余电流"
    assert rows[4] == ["各配电箱用电量"]
    assert rows[6][0] == '\'=HYPERLINK("x")'

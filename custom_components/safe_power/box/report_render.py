"""The report written out: one printable A4 HTML document, and a CSV text for Excel.

Pure Python: no Home Assistant import. Takes the `Report` that `report.build_report`
computed, and the words of `report_words`:

* `render_html` for one self-contained, printable A4 document (inline CSS, no scripts, nothing
  fetched);
* `render_csv` for the alarm list and the energy by box as one CSV text, for Excel. The caller
  writes it with a UTF-8 byte order mark (``encoding="utf-8-sig"``): without it Excel reads
  the Chinese as mojibake. This module does not add it, so the text stays plain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
import csv
from datetime import UTC, datetime
import html
import io
from typing import Final

from .report import AlarmRow, Count, Demand, Report
from .report_words import (
    NO_DATA,
    ORIGIN,
    SKIPPED_NAMES,
    TEXT,
    cause_name,
    duration_text,
    lang_of,
    number_text,
    rule_name,
    time_text,
    who_text,
)
from .tariff import PERIOD_NAMES, Period

# --- HTML -------------------------------------------------------------------------------------


class _Markup(str):
    """Text that is HTML already, built here from escaped parts."""

    __slots__ = ()


type _Cell = str | _Markup


def _e(text: object) -> str:
    """Return text escaped for HTML."""
    return html.escape(str(text), quote=True)


def _html_cell(cell: _Cell) -> str:
    """Return a cell's HTML: markup as is, anything else escaped."""
    return cell if isinstance(cell, _Markup) else _e(cell)


def _table(
    headers: Sequence[str],
    rows: Iterable[Sequence[_Cell]],
    numeric: Iterable[int] = (),
    *,
    total: Sequence[_Cell] | None = None,
    css: str = "",
    times: Iterable[int] = (),
) -> str:
    """Return a table; its head repeats on every printed page, rows are never split.

    `numeric` columns are right-aligned, `times` columns (dates, times) kept on one line.
    """
    classes = dict.fromkeys(numeric, "num") | dict.fromkeys(times, "t")

    def cls(i: int) -> str:
        return f' class="{classes[i]}"' if i in classes else ""

    head = "".join(f"<th{cls(i)}>{_e(h)}</th>" for i, h in enumerate(headers))
    body = [
        "<tr>" + "".join(f"<td{cls(i)}>{_html_cell(c)}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    ]
    if total is not None:
        cells = "".join(f"<td{cls(i)}>{_html_cell(c)}</td>" for i, c in enumerate(total))
        body.append(f'<tr class="total">{cells}</tr>')
    css_attr = f' class="{css}"' if css else ""
    return f"<table{css_attr}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section(title: str, body: str) -> str:
    """Return a report section with its heading."""
    return f"<section><h2>{_e(title)}</h2>{body}</section>"


def _note(text: str) -> str:
    """Return an explanatory note under a table."""
    return f'<p class="note">{_e(text)}</p>'


def _empty(lang: str) -> str:
    """Return the no-data paragraph."""
    return f'<p class="empty">{_e(NO_DATA[lang])}</p>'


_CSS: Final = """
@page { size: A4; margin: 15mm }
* { box-sizing: border-box }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "Helvetica Neue", Arial, sans-serif; font-size: 10pt; line-height: 1.4; color: #111;
  margin: 0 }
@media screen { body { max-width: 210mm; margin: 10mm auto; padding: 0 12mm } }
h1 { font-size: 18pt; margin: 0 0 6pt }
h2 { font-size: 13pt; margin: 16pt 0 6pt; padding-bottom: 2pt; border-bottom: 1pt solid #444;
  break-after: avoid; page-break-after: avoid }
h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; page-break-after: avoid }
table { border-collapse: collapse; width: 100%; margin: 0 0 6pt }
thead { display: table-header-group }
tr { break-inside: avoid; page-break-inside: avoid }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top }
th { background: #e8e8e8; font-weight: bold }
.num { text-align: right; font-variant-numeric: tabular-nums }
td.num, td.t { white-space: nowrap }
tr.total td { font-weight: bold; border-top: 1.2pt solid #444 }
table.small { font-size: 8.5pt }
table.narrow { width: auto; min-width: 45% }
table.meta { width: auto }
table.meta th, table.meta td { border: none; background: none; padding: 1pt 12pt 1pt 0 }
.summary { border: 1.2pt solid #444; padding: 6pt 10pt; margin: 12pt 0; break-inside: avoid;
  page-break-inside: avoid }
.summary h2 { border: none; margin-top: 2pt }
.summary dl { display: grid; grid-template-columns: max-content 1fr; gap: 3pt 12pt; margin: 0 }
.summary dt { font-weight: bold }
.summary dd { margin: 0 }
.note { font-size: 8.5pt; color: #333; margin: 2pt 0 8pt }
.empty { color: #555 }
.flag { font-weight: bold; white-space: nowrap }
.sub { color: #444; white-space: nowrap }
"""


def _title_html(report: Report, lang: str) -> str:
    """Return the title block: title, period, when generated, time zone, scope."""
    t = TEXT[lang]
    period = report.period
    tz = report.generated.tzinfo or UTC
    span = f"{time_text(period.start.astimezone(tz))} – {time_text(period.end.astimezone(tz))}"
    scope = t["scope_boxes"].format(boxes=report.scope.boxes)
    if report.scope.areas:
        areas = (", " if lang == "en" else "、").join(report.scope.areas)
        scope += ("; " if lang == "en" else "；") + t["scope_areas"].format(areas=areas)
    rows = [
        (t["period"], f"{period.label} ({span})" if lang == "en" else f"{period.label}（{span}）"),
        (t["generated"], time_text(report.generated)),
        (t["timezone"], report.timezone),
        (t["scope"], scope),
    ]
    meta = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    return f'<header><h1>{_e(t["title"])}</h1><table class="meta">{meta}</table></header>'


def _schedule_text(report: Report, lang: str) -> str:
    """Return the time-of-use schedule as "00:00 Valley, 07:00 Flat, ..."."""
    names = PERIOD_NAMES[lang]
    sep = ", " if lang == "en" else "，"
    return sep.join(f"{start} {names[period]}" for start, period in report.energy.schedule)


def _split_text(by_period: Mapping[Period, float], lang: str) -> str:
    """Return "Peak 1.0 · Flat 2.0 · Valley 3.0" for a split."""
    names = PERIOD_NAMES[lang]
    return (" · " if lang == "en" else "，").join(
        f"{names[p]} {number_text(v, lang)}" for p, v in by_period.items()
    )


def _summary_html(report: Report, lang: str) -> str:
    """Return the summary box: the figures a manager reads first."""
    t, s = TEXT[lang], report.summary
    items: list[tuple[str, str]] = []
    if s.energy is not None:
        split = _split_text(s.by_period, lang)
        items.append(
            (
                t["energy"],
                f"{number_text(s.energy, lang)} kWh ({split})"
                if lang == "en"
                else f"{number_text(s.energy, lang)} kWh（{split}）",
            )
        )
    if s.max_demand is not None:
        demand = f"{number_text(s.max_demand.kw, lang, 2)} kW"
        sep = ", " if lang == "en" else "，"
        demand += sep + time_text(s.max_demand.at)
        if report.scope.boxes > 1:
            demand += t["sum_demand_all"]
        items.append((t["max_demand"], demand))
    if s.qualification_mean is not None:
        text = t["sum_qual"].format(mean=number_text(s.qualification_mean, lang, 2))
        if (worst := report.quality.worst) is not None:
            text += t["sum_worst_day"].format(
                day=worst.day.isoformat(), box=worst.name, rate=number_text(worst.rate, lang, 2)
            )
        items.append((t["qualification"], text))
    covered = t["sum_covered"].format(covered=s.covered_alarms) if s.covered_alarms else ""
    alarms = t["sum_alarms"].format(total=s.alarms, open=s.open_alarms, covered=covered)
    items.append((t["alarms"], alarms))
    ack = report.alarms.acknowledge
    if ack.count:
        items.append(
            (
                t["responses"],
                t["sum_ack"].format(
                    median=duration_text(ack.median, lang), max=duration_text(ack.max, lang)
                ),
            )
        )
    if s.worst_box is not None:
        items.append(
            (
                t["worst_box"],
                t["sum_worst_box"].format(box=s.worst_box.name, count=s.worst_box.alarms),
            )
        )
    if not s.has_data:
        return f'<section class="summary"><h2>{_e(t["summary"])}</h2>{_empty(lang)}</section>'
    body = "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in items) + "</dl>"
    return f'<section class="summary"><h2>{_e(t["summary"])}</h2>{body}</section>'


def _energy_cells(
    by_period: Mapping[Period, float],
    energy: float | None,
    demand: Demand | None,
    periods: Sequence[Period],
    lang: str,
) -> list[str]:
    """Return the split, total and demand cells of an energy row."""
    return [
        *(number_text(by_period.get(p), lang) if energy is not None else "—" for p in periods),
        number_text(energy, lang),
        "—" if demand is None else number_text(demand.kw, lang, 2),
        "—" if demand is None else time_text(demand.at),
    ]


def _energy_html(report: Report, lang: str) -> str:
    """Return the energy sections: by box, then by day or month."""
    t, section = TEXT[lang], report.energy
    names = PERIOD_NAMES[lang]
    split_heads = [f"{names[p]} (kWh)" for p in section.periods]
    heads = [*split_heads, t["total_kwh"], t["demand_kw"], t["at"]]
    n = len(section.periods)
    numeric = range(2, 2 + n + 2)
    note = _note(t["energy_note"].format(schedule=_schedule_text(report, lang)))
    if not section.boxes:
        by_box = _empty(lang)
    else:
        rows = [
            [
                b.name,
                b.area or "",
                *_energy_cells(b.by_period, b.energy, b.max_demand, section.periods, lang),
            ]
            for b in section.boxes
        ]
        total = [
            t["all_boxes"],
            "",
            *_energy_cells(
                section.by_period, section.energy, section.max_demand, section.periods, lang
            ),
        ]
        at = (2 + n + 2,)
        by_box = _table([t["box"], t["area"], *heads], rows, numeric, total=total, times=at) + note
    monthly = section.granularity == "month"
    if section.energy is None and section.max_demand is None:
        by_time = _empty(lang)
    else:
        rows = [
            [r.label, *_energy_cells(r.by_period, r.energy, r.max_demand, section.periods, lang)]
            for r in section.rows
        ]
        by_time = _table(
            [t["month" if monthly else "day"], *heads],
            rows,
            range(1, 1 + n + 2),
            times=(0, 1 + n + 2),
        )
    return _section(t["sec_energy_box"], by_box) + _section(
        t["sec_energy_month" if monthly else "sec_energy_day"], by_time
    )


def _quality_html(report: Report, lang: str) -> str:
    """Return the supply quality section."""
    t, quality = TEXT[lang], report.quality
    limit = number_text(quality.unbalance_limit, lang, 0)
    rated = [b for b in quality.boxes if b.qualification_days]
    unbalanced = [(b, b.unbalance) for b in quality.boxes if b.unbalance is not None]
    if not rated and not unbalanced:
        return _section(t["sec_quality"], _empty(lang))
    parts = [f"<h3>{_e(t['qualification'])}</h3>"]
    if rated:
        rows = [
            [
                b.name,
                number_text(b.qualification_mean, lang, 2),
                "—" if b.qualification_worst is None else b.qualification_worst.day.isoformat(),
                "—"
                if b.qualification_worst is None
                else number_text(b.qualification_worst.rate, lang, 2),
                str(b.qualification_days),
            ]
            for b in rated
        ]
        heads = [t["box"], t["mean_pct"], t["qual_worst"], t["qual_worst_rate"], t["days"]]
        parts.append(_table(heads, rows, (1, 3, 4), times=(2,)) + _note(t["qual_note"]))
    else:
        parts.append(_empty(lang))
    parts.append(f"<h3>{_e(t['unbalance'])}</h3>")
    if unbalanced:
        rows = [
            [
                b.name,
                number_text(u.mean, lang, 2),
                number_text(u.max, lang, 2),
                time_text(u.max_at),
                str(u.hours),
                str(u.hours_above),
            ]
            for b, u in unbalanced
        ]
        heads = [
            t["box"],
            t["mean_pct"],
            t["max_pct"],
            t["unb_max_at"],
            t["hours"],
            t["unb_above"].format(limit=limit),
        ]
        parts.append(
            _table(heads, rows, (1, 2, 4, 5), times=(3,)) + _note(t["unb_note"].format(limit=limit))
        )
    else:
        parts.append(_empty(lang))
    return _section(t["sec_quality"], "".join(parts))


def _count_table(
    counts: Sequence[Count], head: str, name: Callable[[Count], str], lang: str
) -> str:
    """Return a small table of alarm counts."""
    t = TEXT[lang]
    rows = [[name(c), str(c.count)] for c in counts]
    return _table([head, t["count"]], rows, (1,), css="narrow")


def _alarms_html(report: Report, lang: str) -> str:
    """Return the alarm counts, the response times and who responded."""
    t, alarms = TEXT[lang], report.alarms
    if not alarms.rows:
        return _section(t["sec_alarms"], _empty(lang))
    parts = [
        f"<h3>{_e(t['by_cause'])}</h3>",
        _count_table(alarms.by_cause, t["cause"], lambda c: cause_name(c.key, lang), lang),
        f"<h3>{_e(t['by_box'])}</h3>",
        _count_table(alarms.by_box, t["box"], lambda c: c.name, lang),
        f"<h3>{_e(t['by_area'])}</h3>",
        _count_table(alarms.by_area, t["area"], lambda c: c.name or t["no_area"], lang),
    ]
    stats = [(t["ack"], alarms.acknowledge), (t["power_off"], alarms.power_off)]
    response = _table(
        [t["response"], t["count"], t["median"], t["longest"]],
        [
            [label, str(s.count), duration_text(s.median, lang), duration_text(s.max, lang)]
            for label, s in stats
        ],
        (1, 2, 3),
        css="narrow",
    )
    response += _note(t["unacked"].format(n=alarms.unacknowledged))
    if alarms.covered:
        response += _note(t["covered_note"].format(n=alarms.covered))
    if alarms.responders:
        response += f"<h3>{_e(t['responders'])}</h3>" + _table(
            [t["person"], t["acks"], t["offs"]],
            [[r.name, str(r.acknowledged), str(r.powered_off)] for r in alarms.responders],
            (1, 2),
            css="narrow",
        )
    return _section(t["sec_alarms"], "".join(parts)) + _section(t["sec_response"], response)


def _value_text(row: AlarmRow, lang: str) -> str:
    """Return "35.5 / 30 mA": the reading and the setting."""
    if row.value is None and row.threshold is None:
        return "—"
    unit = f" {row.unit}" if row.unit else ""
    return f"{number_text(row.value, lang)} / {number_text(row.threshold, lang)}{unit}"


def _answer(who: str, at: datetime | None, response: int | None, lang: str) -> _Cell:
    """Return who acted and, under it, how long after the alarm: "Wang Wei / 3 min"."""
    if at is None:
        return "—"
    return _Markup(f'{_e(who)}<br><span class="sub">{_e(duration_text(response, lang))}</span>')


def _alarm_list_html(report: Report, lang: str) -> str:
    """Return the alarm list with durations, who responded and how fast."""
    t = TEXT[lang]
    rows: list[list[_Cell]] = []
    for r in report.alarms.rows:
        cause: _Cell = cause_name(r.cause, lang)
        if r.covered_by is not None:
            cause = _Markup(f'{_e(cause)}<br><span class="flag">{_e(t["covered"])}</span>')
        duration: _Cell = duration_text(r.duration, lang)
        if r.still_open:
            duration = _Markup(f'{_e(duration)}<br><span class="flag">{_e(t["still_open"])}</span>')
        acknowledged = _answer(
            who_text(r.acknowledged_by, r.acknowledged_via, lang),
            r.acknowledged_at,
            r.acknowledge_response,
            lang,
        )
        off_by = who_text(r.power_off_by, None, lang)
        if r.power_off_box:
            off_by += f" ({r.power_off_box})" if lang == "en" else f"（{r.power_off_box}）"
        powered_off = _answer(off_by, r.power_off_at, r.power_off_response, lang)
        rows.append(
            [
                time_text(r.raised),
                r.box,
                r.area or "",
                cause,
                _value_text(r, lang),
                duration,
                acknowledged,
                powered_off,
            ]
        )
    if not rows:
        return _section(t["sec_alarm_list"], _empty(lang))
    heads = [
        t["raised"],
        t["box"],
        t["area"],
        t["cause"],
        t["value"],
        t["duration"],
        t["ack_col"],
        t["off_col"],
    ]
    return _section(t["sec_alarm_list"], _table(heads, rows, (4, 5), css="small", times=(0,)))


def _causes_html(report: Report, lang: str) -> str:
    """Return the fault cause analysis and the maintenance advice."""
    t = TEXT[lang]
    if report.fault_causes:
        causes = _table(
            [t["rule"], t["count"], t["example"]],
            [
                [rule_name(c.rule, lang), str(c.count), c.en if lang == "en" else c.zh]
                for c in report.fault_causes
            ],
            (1,),
        ) + _note(t["causes_note"])
    else:
        causes = _empty(lang)
    if report.advice:
        advice = _table(
            [t["box"], t["rule"], t["confidence"], t["advice"]],
            [
                [
                    a.box,
                    rule_name(a.rule, lang),
                    f"{a.confidence * 100:.0f}%",
                    a.en if lang == "en" else a.zh,
                ]
                for a in report.advice
            ],
            (2,),
        )
    else:
        advice = _empty(lang)
    return _section(t["sec_causes"], causes) + _section(t["sec_advice"], advice)


def _trends_html(report: Report, lang: str) -> str:
    """Return the trends, most urgent first."""
    t = TEXT[lang]
    if not report.trends:
        return _section(t["sec_trends"], _empty(lang))
    rows = [
        [
            r.name,
            number_text(r.leakage_baseline, lang),
            number_text(r.leakage_slope, lang, 2),
            number_text(r.leakage_limit, lang),
            number_text(r.leakage_days_to_limit, lang, 0),
            number_text(r.cable_temperature, lang),
            number_text(r.cable_limit, lang),
            number_text(r.cable_margin, lang),
            number_text(r.cable_slope, lang, 2),
            number_text(r.cable_days_to_limit, lang, 0),
        ]
        for r in report.trends
    ]
    heads = [
        t["box"],
        t["leak_base"],
        t["leak_slope"],
        t["setting_ma"],
        t["days_to"],
        t["cable"],
        t["setting_c"],
        t["margin"],
        t["cable_slope"],
        t["days_to"],
    ]
    table = _table(heads, rows, range(1, 10), css="small")
    return _section(t["sec_trends"], table + _note(t["trend_note"]))


def _skipped_html(report: Report, lang: str) -> str:
    """Return a note of what was left out as unusable, nothing when all was usable."""
    items = [
        f"{SKIPPED_NAMES[lang][kind]} {n}"
        if lang == "en"
        else f"{SKIPPED_NAMES[lang][kind]} {n} 条"
        for kind, n in report.skipped.items()
        if n
    ]
    if not items:
        return ""
    joined = (", " if lang == "en" else "、").join(items)
    return _note(TEXT[lang]["skipped_note"].format(items=joined))


def render_html(report: Report, language: str) -> str:
    """Return the report as one self-contained, printable A4 HTML document.

    Inline CSS only: no scripts, no fonts or images fetched. Every text is escaped. Table
    heads repeat on each printed page and rows are not split across pages. `language`: "en",
    or "zh" (any "zh-…" tag) for Chinese.
    """
    lang = lang_of(language)
    t = TEXT[lang]
    body = "".join(
        (
            _title_html(report, lang),
            _summary_html(report, lang),
            _energy_html(report, lang),
            _quality_html(report, lang),
            _alarms_html(report, lang),
            _alarm_list_html(report, lang),
            _causes_html(report, lang),
            _trends_html(report, lang),
            _skipped_html(report, lang),
        )
    )
    title = f"{t['title']} – {report.period.label}"
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">'
        f'<head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{_CSS}</style></head><body>{body}</body></html>\n"
    )


# --- CSV --------------------------------------------------------------------------------------


def _csv_text(value: str | None) -> str:
    """Return text for a CSV cell, defused so Excel does not run it as a formula."""
    if not value:
        return ""
    return f"'{value}" if value[0] in "=+-@\t\r" else value


def _csv_number(value: float | None, digits: int | None = None) -> str:
    """Return a number for a CSV cell: no thousands separators, a dot, empty for none."""
    if value is None:
        return ""
    return str(value) if digits is None else f"{value:.{digits}f}"


def _csv_time(value: datetime | None) -> str:
    """Return a local time for a CSV cell, as Excel reads it."""
    return "" if value is None else f"{value:%Y-%m-%d %H:%M:%S}"


def _minutes(seconds: int | None) -> str:
    """Return seconds as minutes with one decimal, empty for none."""
    return "" if seconds is None else f"{seconds / 60:.1f}"


def render_csv(report: Report, language: str) -> str:
    """Return the alarm list and the energy by box as one CSV text.

    Two sections, each a title row, a header row and its rows, separated by a blank line.
    Times are local, durations in minutes, numbers without thousands separators. Text that
    Excel would take for a formula is prefixed with an apostrophe. No byte order mark: the
    caller writes the file as UTF-8 with BOM (``encoding="utf-8-sig"``) so Excel reads Chinese.
    """
    lang = lang_of(language)
    t = TEXT[lang]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([t["sec_alarm_list"]])
    writer.writerow(
        [
            t["alarm_id"],
            t["raised"],
            t["box"],
            t["serial"],
            t["area"],
            t["location"],
            t["cause"],
            t["origin"],
            t["measured"],
            t["setting"],
            t["unit"],
            t["cleared"],
            t["duration_min"],
            t["open_col"],
            t["covered_by"],
            t["ack_by"],
            t["ack_at"],
            t["ack_min"],
            t["off_by"],
            t["off_at"],
            t["off_min"],
            t["off_box"],
        ]
    )
    for r in report.alarms.rows:
        writer.writerow(
            [
                _csv_text(r.alarm_id),
                _csv_time(r.raised),
                _csv_text(r.box),
                _csv_text(r.serial),
                _csv_text(r.area),
                _csv_text(r.location),
                _csv_text(cause_name(r.cause, lang)),
                _csv_text(ORIGIN[lang].get(r.origin or "", r.origin)),
                _csv_number(r.value),
                _csv_number(r.threshold),
                _csv_text(r.unit),
                _csv_time(r.cleared),
                _minutes(r.duration),
                t["yes"] if r.still_open else t["no"],
                _csv_text(r.covered_by),
                _csv_text(r.acknowledged_by or r.acknowledged_via),
                _csv_time(r.acknowledged_at),
                _minutes(r.acknowledge_response),
                _csv_text(r.power_off_by),
                _csv_time(r.power_off_at),
                _minutes(r.power_off_response),
                _csv_text(r.power_off_box),
            ]
        )
    writer.writerow([])
    section = report.energy
    names = PERIOD_NAMES[lang]
    writer.writerow([t["sec_energy_box"]])
    writer.writerow(
        [
            t["box"],
            t["serial"],
            t["area"],
            *(f"{names[p]} (kWh)" for p in section.periods),
            t["total_kwh"],
            t["demand_kw"],
            t["demand_at"],
        ]
    )
    totals = [
        (b.name, b.serial, b.area, b.by_period, b.energy, b.max_demand) for b in section.boxes
    ]
    if section.boxes:
        totals.append(
            (t["all_boxes"], "", None, section.by_period, section.energy, section.max_demand)
        )
    for name, serial, area, by_period, energy, demand in totals:
        writer.writerow(
            [
                _csv_text(name),
                _csv_text(serial),
                _csv_text(area),
                *(_csv_number(by_period.get(p), 2) for p in section.periods),
                _csv_number(energy, 2),
                _csv_number(None if demand is None else demand.kw, 2),
                _csv_time(None if demand is None else demand.at),
            ]
        )
    return out.getvalue()

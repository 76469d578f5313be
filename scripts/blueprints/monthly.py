"""The monthly report blueprint (generator): last month's report, sent on the first.

On the first day of each month, at the chosen time, the automation makes last month's report
with `safe_power.report` (saved as a printable A4 page and a CSV) and sends its summary with
the link to the page: energy with its peak/flat/valley split, the maximum demand, the voltage
qualification rate, the alarms and the box with the most of them.
"""

from __future__ import annotations

from common import BOXES_INPUT, NOTIFY_INPUTS, digest, inputs

DESCRIPTION = r"""
Management's monthly report: on the first of each month, at the chosen time, it makes last
month's Safe Power report (safe_power.report: energy with its peak, flat and valley split, the
daily maximum demand, voltage qualification rate and unbalance, the alarms with their durations,
response times and who responded, fault causes with advice, and the early-warning trends),
saved as a printable A4 page and a CSV, and sends its summary with a link to the page (valid
for a week) to the recipients below. Boxes: empty for all.
"""

WHEN_INPUTS = r"""
when_section:
  name: When
  icon: mdi:calendar-month
  input:
    at:
      name: Time of day
      description: The time on the first of the month when last month's report is made.
      default: "08:00:00"
      selector:
        time: {}
"""

BODY = r"""
triggers:
  - trigger: time
    at: !input at

conditions:
  - condition: template
    value_template: "{{ now().day == 1 }}"

variables:
  digest_tag: safe_power_monthly_report
  @@DIGEST_VARIABLES@@

actions:
  - action: safe_power.report
    data: >-
      {{ dict({'period': 'month', 'date': (now() - timedelta(days=1)).date() | string,
               'language': lang, 'save': true}, **({'device_id': boxes} if boxes else {})) }}
    response_variable: report
  - variables:
      msg: >-
        {%- set zh = lang == 'zh' -%}
        {%- set s = report.summary -%}
        {%- set split = s.by_period -%}
        {%- macro kwh(x) -%}{{ ((x | float(0)) | round(1)) }}{%- endmacro -%}
        {%- if zh -%}
          {%- set title = '📊 安全用电月报 · ' ~ report.period.label -%}
          {%- set lines = ['用电量 ' ~ kwh(s.energy) ~ ' kWh（峰 ' ~ kwh(split.get('peak')) ~ '，平 ' ~ kwh(split.get('flat')) ~ '，谷 ' ~ kwh(split.get('valley')) ~ '）'] -%}
          {%- if s.max_demand -%}{%- set lines = lines + ['最大需量 ' ~ s.max_demand.kw ~ ' kW（' ~ as_timestamp(s.max_demand.at) | timestamp_custom('%m-%d %H:%M') ~ '）'] -%}{%- endif -%}
          {%- if s.qualification_mean is not none -%}{%- set lines = lines + ['电压合格率 ' ~ s.qualification_mean ~ '%'] -%}{%- endif -%}
          {%- set lines = lines + ['报警 ' ~ s.alarms ~ ' 次，未恢复 ' ~ s.open_alarms ~ ' 次'] -%}
          {%- if s.worst_box and s.worst_box.alarms -%}{%- set lines = lines + ['报警最多：' ~ s.worst_box.name ~ '（' ~ s.worst_box.alarms ~ ' 次）'] -%}{%- endif -%}
          {%- set link = '完整报表（A4 可打印）：' -%}
        {%- else -%}
          {%- set title = '📊 Safe Power monthly report · ' ~ report.period.label -%}
          {%- set lines = ['Energy ' ~ kwh(s.energy) ~ ' kWh (peak ' ~ kwh(split.get('peak')) ~ ', flat ' ~ kwh(split.get('flat')) ~ ', valley ' ~ kwh(split.get('valley')) ~ ')'] -%}
          {%- if s.max_demand -%}{%- set lines = lines + ['Maximum demand ' ~ s.max_demand.kw ~ ' kW (' ~ as_timestamp(s.max_demand.at) | timestamp_custom('%m-%d %H:%M') ~ ')'] -%}{%- endif -%}
          {%- if s.qualification_mean is not none -%}{%- set lines = lines + ['Voltage qualification rate ' ~ s.qualification_mean ~ ' %'] -%}{%- endif -%}
          {%- set lines = lines + [s.alarms ~ ' alarms, ' ~ s.open_alarms ~ ' still open'] -%}
          {%- if s.worst_box and s.worst_box.alarms -%}{%- set lines = lines + ['Most alarms: ' ~ s.worst_box.name ~ ' (' ~ s.worst_box.alarms ~ ')'] -%}{%- endif -%}
          {%- set link = 'The full report (prints on A4): ' -%}
        {%- endif -%}
        {%- set url = (report.get('files') or {}).get('html', '') -%}
        {{ {'title': title, 'message': (lines | join('\n')) ~ ('\n' ~ link ~ url if url else ''), 'url': url} }}
  @@DIGEST_SEND@@
"""


def _without_bound_clients(block: str) -> str:
    """Return the recipients' inputs but the boxes' bound clients (a tenant gets no report)."""
    start = block.index("    bound_clients:")
    return block[:start] + block[block.index("    notify_entities:") :]


def render() -> str:
    """Return the monthly report blueprint."""
    return digest(
        title="monthly report",
        file="monthly_report",
        description=DESCRIPTION,
        inputs_block=inputs(BOXES_INPUT, WHEN_INPUTS, _without_bound_clients(NOTIFY_INPUTS)),
        body=BODY,
    )

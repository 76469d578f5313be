"""The early-warning blueprint: leakage or cable temperature heading for the setting (generator).

Not an alarm: nothing has tripped yet. Once a day (and when asked) the automation asks
`safe_power.early_warnings` which boxes reach their detector's setting within the chosen
number of days at their present trend, and sends one digest: each box with where it is, the
reading, the trend per day and the days left. Each box's bound clients hear of their own box.
"""

from __future__ import annotations

from common import BOXES_INPUT, NOTIFY_INPUTS, digest, inputs

DESCRIPTION = r"""
An early warning, before any alarm: once a day it asks the Safe Power integration
(safe_power.early_warnings) which boxes' leakage (residual current) or cable temperature is
heading for the detector's setting, and how many days remain at the present trend (the
leakage baseline, with the load's share taken off, over up to a week of history). If any box
reaches its setting within "within days", one digest names each box, where it is, the reading,
the trend per day and the days left, with advice: a leakage creeping up is typical of ageing or
damp insulation; a cable running hotter day after day, of a loose terminal or a growing load.
Each box's bound clients hear of their own box. A box needs two days of history before it can
be judged.
"""

WARNING_INPUTS = r"""
warning_section:
  name: When
  icon: mdi:calendar-alert
  input:
    at:
      name: Time of day
      description: When the daily check runs.
      default: "08:00:00"
      selector:
        time: {}
    within_days:
      name: Within days
      description: Warn about boxes that reach a setting within this many days at their trend.
      default: 14
      selector:
        number:
          min: 1
          max: 365
          unit_of_measurement: d
          mode: box
"""

BODY = r"""
triggers:
  - trigger: time
    at: !input at

variables:
  within_days: !input within_days
  bound_clients: !input bound_clients
  digest_tag: safe_power_early_warning
  @@DIGEST_VARIABLES@@

actions:
  - action: safe_power.early_warnings
    data: >-
      {{ dict({'within_days': within_days | float}, **({'device_id': boxes} if boxes else {})) }}
    response_variable: found
  - variables:
      warned: "{{ found.boxes }}"
      lines: >-
        {%- set zh = lang == 'zh' -%}
        {%- macro n(x, d=0) -%}{{ ((x | float(0)) | round(d)) if d else ((x | float(0)) | round(0) | int) }}{%- endmacro -%}
        {%- set ns = namespace(out=[]) -%}
        {%- for w in warned -%}
          {%- set where = [w.get('building'), w.area, w.location] | select | join(' · ') -%}
          {%- set parts = namespace(p=[]) -%}
          {%- set l = w.leakage -%}
          {%- if l and l.days_to_limit is not none -%}
            {%- set parts.p = parts.p + [('剩余电流 ' ~ n(l.baseline) ~ ' mA，每天上升 ' ~ n(l.trend, 1) ~ ' mA，约 ' ~ n(l.days_to_limit, 1) ~ ' 天后达到报警值 ' ~ n(l.limit) ~ ' mA（绝缘可能老化或受潮）') if zh
                else ('leakage ' ~ n(l.baseline) ~ ' mA, rising ' ~ n(l.trend, 1) ~ ' mA a day: the ' ~ n(l.limit) ~ ' mA setting in about ' ~ n(l.days_to_limit, 1) ~ ' days (ageing or damp insulation)')] -%}
          {%- endif -%}
          {%- set c = w.cable -%}
          {%- if c and c.days_to_limit is not none -%}
            {%- set parts.p = parts.p + [('线缆温度最高 ' ~ n(c.hottest, 1) ~ ' °C，每天峰值升高 ' ~ n(c.trend, 1) ~ ' °C，约 ' ~ n(c.days_to_limit, 1) ~ ' 天后达到报警值 ' ~ n(c.limit) ~ ' °C（端子可能松动或负荷增大）') if zh
                else ('cable at ' ~ n(c.hottest, 1) ~ ' °C, daily peak up ' ~ n(c.trend, 1) ~ ' K a day: the ' ~ n(c.limit) ~ ' °C setting in about ' ~ n(c.days_to_limit, 1) ~ ' days (a loose terminal or a growing load)')] -%}
          {%- endif -%}
          {%- set ns.out = ns.out + [{'device_id': w.device_id, 'name': w.name,
              'text': w.name ~ ((('（' ~ where ~ '）') if zh else (' (' ~ where ~ ')')) if where else '')
                      ~ ('：' if zh else ': ') ~ parts.p | join('；' if zh else '; ')}] -%}
        {%- endfor -%}
        {{ ns.out }}
      msg: >-
        {%- set zh = lang == 'zh' -%}
        {%- set count = warned | count -%}
        {%- if zh -%}
          {%- set title = '⚠️ 早期预警：' ~ count ~ ' 个配电箱将在 ' ~ (within_days | int) ~ ' 天内达到报警值' -%}
          {%- set advice = '请安排电工检查：分回路测量绝缘电阻，紧固发热相的端子，核对负荷。' -%}
        {%- else -%}
          {%- set title = '⚠️ Early warning: ' ~ count ~ ' box' ~ ('es' if count != 1 else '') ~ ' heading for a setting within ' ~ (within_days | int) ~ ' days' -%}
          {%- set advice = 'Have an electrician look before it alarms: measure the insulation circuit by circuit, re-tighten the terminals of the hot conductor, check the load.' -%}
        {%- endif -%}
        {{ {'title': title, 'message': (lines | map(attribute='text') | join('\n')) ~ '\n' ~ advice} }}
  - condition: template
    value_template: "{{ warned | count > 0 }}"
  @@DIGEST_SEND@@
  # Each box's bound clients: their own box only.
  - repeat:
      for_each: "{{ lines if bound_clients else [] }}"
      sequence:
        - variables:
            box_text: "{{ repeat.item.text }}"
            location_sensor: >-
              {{ device_entities(repeat.item.device_id) | select('match', '^sensor[.].+_location$')
                 | first | default('') }}
            targets: "{{ (state_attr(location_sensor, 'notify_targets') or []) if location_sensor else [] }}"
            entity_ids: "{{ states.notify | map(attribute='entity_id') | list }}"
        - if: "{{ targets | select('in', entity_ids) | list | count > 0 }}"
          then:
            - action: notify.send_message
              continue_on_error: true
              target:
                entity_id: "{{ targets | select('in', entity_ids) | list }}"
              data:
                title: "{{ msg.title }}"
                message: "{{ box_text }}"
        - repeat:
            for_each: "{{ targets | reject('in', entity_ids) | list }}"
            sequence:
              - action: "{{ repeat.item }}"
                continue_on_error: true
                data:
                  title: "{{ msg.title }}"
                  message: "{{ box_text }}"
"""


def render() -> str:
    """Return the early warning blueprint."""
    return digest(
        title="early warning",
        file="early_warning",
        description=DESCRIPTION,
        inputs_block=inputs(BOXES_INPUT, WARNING_INPUTS, NOTIFY_INPUTS),
        body=BODY,
    )

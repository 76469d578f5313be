"""The correlation blueprints: neighbour alarms and offline (generator, not shipped)."""

from __future__ import annotations

from common import (
    ALARM_MESSAGE,
    ALERT_INPUTS,
    ALERT_OFF,
    BOXES_INPUT,
    BUTTONS,
    COMMON_VARIABLES,
    ESCALATION_INPUTS,
    ESCALATION_VARIABLES,
    EVENT_CONDITION,
    EXTRA_INPUTS,
    FOLLOW_UP_INPUTS,
    FOLLOW_UP_MESSAGE,
    MACROS,
    NOTIFY_INPUTS,
    ON_LEVEL2,
    ON_RAISED,
    RAW,
    RECIPIENTS,
    SCOPE,
    SEND,
    SEND_ACTIONS,
    TYPES,
    VOICE_INPUTS,
    fill,
    inputs,
    seconds,
)

HEAD = r"""blueprint:
  name: Safe Power – @@TITLE@@
  description: >-
    @@DESCRIPTION@@
  domain: automation
  author: Safe Power
  source_url: @@RAW@@@@FILE@@.yaml
  homeassistant:
    min_version: "2026.10.0"
  input:
    @@INPUTS@@

mode: parallel
max: 1000
max_exceeded: warning
"""

# -----------------------------------------------------------------------------------------------
NEIGHBOUR_DESCRIPTION = r"""
When a box raises an alarm and other boxes within a distance raised the same alarm within a
time window (safe_power.neighbour_alarms), sends a second, stronger notification naming every
box involved: several neighbours with the same alarm point to a supply-side fault or a
spreading fire. Alarms received late (older than the correlation window on arrival) are not
correlated.


Use it next to the cause blueprints (overload, leakage...), which notify each alarm with its
reminders and escalation. This one sends the stronger notification once, with "Power off" and
"Acknowledge" for the alarm, and replaces it with the follow-up when the alarm is
acknowledged, its power is cut, or it clears.
"""

CORRELATION_INPUTS = r"""
correlation_section:
  name: Correlation
  icon: mdi:map-marker-radius
  input:
    causes:
      name: Alarm causes
      description: The causes to correlate.
      default:
        - overcurrent
        - cable_over_temperature
        - box_over_temperature
        - leakage
        - overvoltage
        - undervoltage
        - phase_loss
        - supply_outage
        - unbalance
      selector:
        select:
          multiple: true
          options:
            - label: Overload (overcurrent)
              value: overcurrent
            - label: Cable over-temperature
              value: cable_over_temperature
            - label: Box over-temperature
              value: box_over_temperature
            - label: Leakage current
              value: leakage
            - label: Overvoltage
              value: overvoltage
            - label: Undervoltage
              value: undervoltage
            - label: Phase loss
              value: phase_loss
            - label: Supply outage
              value: supply_outage
            - label: Phase unbalance
              value: unbalance
            - label: Sensor fault
              value: sensor_fault
            - label: Contactor tripped
              value: contactor_tripped
    distance:
      name: Distance
      description: Other boxes within this distance count as neighbours.
      default: 50
      selector:
        number:
          min: 1
          max: 100000
          step: 1
          unit_of_measurement: m
          mode: box
    window:
      name: Time window
      description: Neighbours' alarms within this time of the box's alarm count.
      default:
        hours: 0
        minutes: 10
        seconds: 0
      selector:
        duration: {}
    min_neighbours:
      name: At least this many neighbours
      default: 1
      selector:
        number:
          min: 1
          max: 50
          step: 1
          mode: box
"""

NEIGHBOURS = r"""
triggers:
  - trigger: event
    event_type: safe_power_alarm

variables:
  causes: !input causes
  types: [raised, acknowledged, power_result, cleared]
  distance: !input distance
  window: !input window
  min_neighbours: !input min_neighbours
  window_s: >-
    @@WINDOW_S@@
  use_device_alarm: true
  user_limits: {}
  level1_notify_entities: []
  level1_notify_actions: []
  @@COMMON_VARIABLES@@

conditions:
  @@EVENT_CONDITION@@
  - condition: template
    value_template: >-
      {{ not trigger.event.data.get('late', false) and trigger.event.data.get('device_id') is not none }}

actions:
  - variables:
      e: "{{ trigger.event.data }}"
      kind: "{{ e.type }}"
      level: 0
      to_level1: false
  - action: safe_power.neighbour_alarms
    data:
      device_id: "{{ e.device_id }}"
      cause: "{{ e.cause }}"
      distance: "{{ distance }}"
      window: "{{ window_s }}"
    response_variable: found
  - condition: template
    value_template: "{{ (found.count | int(0)) >= (min_neighbours | int) }}"
  - variables:
      msg: >-
        @@MACROS@@
        @@BUTTONS@@
        {%- set tag = 'safe_power_neighbours_' ~ e.alarm_id -%}
        {%- if kind == 'raised' -%}
          @@NEIGHBOUR_MESSAGE@@
        {%- else -%}
          @@FOLLOW_UP_MESSAGE@@
        {%- endif -%}
      skip: "{{ kind == 'cleared' and all_clear == 'none' }}"
  @@RECIPIENTS@@
  @@SEND@@
  @@ON_RAISED@@
  @@ALERT_OFF@@
  @@SEND_ACTIONS@@
"""

NEIGHBOUR_MESSAGE = r"""
{%- set zh = lang == 'zh' -%}
{%- set s = '：' if zh else ': ' -%}
{%- set cause = L.causes.get(e.cause, e.cause) -%}
{%- set n = found.neighbours | count -%}
{%- set win = num((window_s / 60) | round(1)) -%}
{%- set ns = namespace(lines=[]) -%}
{%- for nb in found.neighbours -%}
  {%- set u = nb.get('unit') or '' -%}
  {%- set reading = '' -%}
  {%- if nb.get('value') is not none -%}
    {%- set reading = val(nb.value, u) ~ (('，限值 ' if zh else ', limit ') ~ val(nb.threshold, u)
        if nb.get('threshold') is not none else '') ~ ('，' if zh else ', ') -%}
  {%- endif -%}
  {%- if zh -%}
    {%- set line = nb.name ~ '（相距 ' ~ num(nb.get('distance')) ~ ' 米）' ~ s ~ reading ~ '时间 ' ~ when(nb.get('time')) -%}
  {%- else -%}
    {%- set line = nb.name ~ ' (' ~ num(nb.get('distance')) ~ ' m away)' ~ s ~ reading ~ 'at ' ~ when(nb.get('time')) -%}
  {%- endif -%}
  {%- set ns.lines = ns.lines + [line ~ '\n' ~ L.area ~ s ~ (nb.get('area') or L.not_set) ~ ' · '
      ~ L.location ~ s ~ (nb.get('location') or L.not_set)] -%}
{%- endfor -%}
{%- if zh -%}
  {%- set title = '🔥 附近 ' ~ (n + 1) ~ ' 个配电箱同时' ~ cause ~ ' · ' ~ e.box -%}
  {%- set head = e.box ~ ' 及 ' ~ num(distance | float) ~ ' 米内另外 ' ~ n ~ ' 个配电箱在 ' ~ win
      ~ ' 分钟内均发生' ~ cause ~ '报警，可能是供电侧故障或火势蔓延，请立即到现场检查。' -%}
  {%- set spoken = L.warning ~ '：' ~ e.box ~ ' 及附近 ' ~ n ~ ' 个配电箱同时' ~ cause ~ '，请立即到现场检查。' -%}
{%- else -%}
  {%- set title = '🔥 ' ~ cause ~ ' at ' ~ (n + 1) ~ ' boxes nearby · ' ~ e.box -%}
  {%- set head = cause ~ ' at ' ~ e.box ~ ' and at ' ~ n ~ ' other box' ~ ('es' if n != 1 else '')
      ~ ' within ' ~ num(distance | float) ~ ' m in ' ~ win
      ~ ' min: a supply-side fault or a spreading fire. Check on site now.' -%}
  {%- set spoken = L.warning ~ '. ' ~ cause ~ ' at ' ~ e.box ~ ' and ' ~ n ~ ' neighbouring box'
      ~ ('es' if n != 1 else '') ~ '. Check on site now.' -%}
{%- endif -%}
{{ {'tag': tag, 'title': title,
    'message': head ~ '\n' ~ e.box ~ s ~ measure(e) ~ '\n' ~ where(e) ~ '\n' ~ (ns.lines | join('\n')),
    'spoken': spoken, 'loud': true, 'voice': true, 'remove': false, 'actions': buttons} }}
"""

# -----------------------------------------------------------------------------------------------
OFFLINE_DESCRIPTION = r"""
Notifies a box that stopped answering (the integration's offline alarm). Urgently when it went
offline shortly after one of its alarms (safe_power.offline_after_alarm: the fire may have
reached the wiring or the detector). When nearby boxes went offline at the same time
(safe_power.offline_neighbours: an area power cut or a fire on a shared feeder) the alarm says
so, and the bound clients of the nearby boxes still online are warned, each with a "Power off"
button for their own box (answered by this automation for an hour).


A gateway or broker that cannot be reached is not an offline box: see the device fault
blueprint. The integration times reminders and escalation and answers the buttons of the
offline alarm; each run of this automation handles one event and ends.
"""

OFFLINE_INPUTS = r"""
offline_section:
  name: Offline after an alarm
  icon: mdi:lan-disconnect
  description: >-
    When a box counts as offline is the integration's option ("offline after failed polls"
    for a gateway; MQTT boxes after their last will and a few seconds).
  input:
    after_alarm_window:
      name: Offline after an alarm within
      description: An alarm this long before going offline makes it an urgent alarm.
      default:
        hours: 0
        minutes: 5
        seconds: 0
      selector:
        duration: {}
neighbours_section:
  name: Neighbours
  icon: mdi:map-marker-radius
  input:
    distance:
      name: Distance
      description: Boxes within this distance are the box's neighbours.
      default: 100
      selector:
        number:
          min: 1
          max: 100000
          step: 1
          unit_of_measurement: m
          mode: box
    delta:
      name: Went offline within
      description: Neighbours that went offline within this time of the box count as "together".
      default:
        hours: 0
        minutes: 2
        seconds: 0
      selector:
        duration: {}
    min_offline:
      name: At least this many neighbours offline
      default: 1
      selector:
        number:
          min: 1
          max: 50
          step: 1
          mode: box
    warn_neighbours:
      name: Warn the clients of the neighbours still online
      description: >-
        When the box went offline together with its neighbours, the bound clients of each
        neighbour still online get a warning with "Power off" for their own box (for an hour;
        bound notify entities get the text).
      default: true
      selector:
        boolean: {}
"""

OFFLINE = r"""
triggers:
  - trigger: event
    event_type: safe_power_alarm

variables:
  causes: [offline]
  types: @@TYPES@@
  after_alarm_window: !input after_alarm_window
  distance: !input distance
  delta: !input delta
  min_offline: !input min_offline
  warn_neighbours: !input warn_neighbours
  after_s: >-
    @@AFTER_S@@
  delta_s: >-
    @@DELTA_S@@
  use_device_alarm: true
  user_limits: {}
  @@COMMON_VARIABLES@@
  @@ESCALATION_VARIABLES@@

conditions:
  @@EVENT_CONDITION@@

actions:
  - choose:
      # A warned neighbour's "Power off" (SAFE_POWER_OFF_DEVICE_<device id>_<alarm id>),
      # answered by the integration: `target` names the box that was switched.
      - conditions: "{{ trigger.event.data.type == 'power_result' and trigger.event.data.get('target') is mapping }}"
        sequence:
          @@NEARBY_OFF@@
    default:
      @@NOTIFY@@
"""

OFFLINE_NOTIFY = r"""
- variables:
    e: "{{ trigger.event.data }}"
    kind: "{{ e.type }}"
    level: "{{ e.level | int(0) }}"
    to_level1: "{{ level >= 1 }}"
- action: safe_power.offline_after_alarm
  continue_on_error: true
  data:
    device_id: "{{ e.device_id }}"
    window: "{{ after_s }}"
  response_variable: after
- action: safe_power.offline_neighbours
  continue_on_error: true
  data:
    device_id: "{{ e.device_id }}"
    distance: "{{ distance }}"
    delta: "{{ delta_s }}"
  response_variable: around
- variables:
    after_info: "{{ after if after is defined and after is mapping else {} }}"
    nb: "{{ around if around is defined and around is mapping else {} }}"
    correlated: "{{ (nb.get('count_offline', 0) | int(0)) >= (min_offline | int) }}"
    to_warn: >-
      {{ (nb.get('online', []) | selectattr('notify_targets') | list)
         if kind == 'raised' and correlated and warn_neighbours else [] }}
- variables:
    msg: >-
      @@MACROS@@
      @@BUTTONS@@
      {%- set tag = 'safe_power_' ~ e.alarm_id -%}
      {%- if kind in ['raised', 'reminder', 'escalated'] -%}
        @@OFFLINE_MESSAGE@@
        @@ALARM_MESSAGE@@
      {%- else -%}
        @@FOLLOW_UP_MESSAGE@@
      {%- endif -%}
    skip: "{{ kind == 'cleared' and all_clear == 'none' }}"
@@RECIPIENTS@@
@@SEND@@
- repeat:
    for_each: "{{ to_warn }}"
    sequence:
      @@WARN@@
@@ON_RAISED@@
@@ON_LEVEL2@@
@@ALERT_OFF@@
@@SEND_ACTIONS@@
"""

# Sets icon, name, body and spoken for ALARM_MESSAGE.
OFFLINE_MESSAGE = r"""
{%- set zh = lang == 'zh' -%}
{%- set s = '：' if zh else ': ' -%}
{%- set al = after_info.get('alarm') -%}
{%- if after_info.get('after_alarm') and al is mapping -%}
  {%- set icon = '🔥' -%}
  {%- set name = '报警后离线' if zh else 'Offline after an alarm' -%}
  {%- set short = L.short.get(al.cause, al.cause) -%}
  {%- set u = al.get('unit') or '' -%}
  {%- set gap = num(after_info.get('gap')) -%}
  {%- if zh -%}
    {%- set first = e.box ~ ' 在' ~ short ~ '报警（'
        ~ ((val(al.value, u) ~ (('，限值 ' ~ val(al.threshold, u)) if al.get('threshold') is not none else '') ~ '，') if al.get('value') is not none else '')
        ~ when(al.get('time')) ~ '）后 ' ~ gap ~ ' 秒离线，线路或探测器可能已被烧毁，请立即到现场检查！' -%}
    {%- set spoken = L.warning ~ '：' ~ e.box ~ ' 在' ~ short ~ '报警后离线，请立即到现场检查。' -%}
  {%- else -%}
    {%- set first = e.box ~ ' went offline ' ~ gap ~ ' s after its ' ~ short ~ ' alarm ('
        ~ ((val(al.value, u) ~ ((', limit ' ~ val(al.threshold, u)) if al.get('threshold') is not none else '') ~ ', ') if al.get('value') is not none else '')
        ~ 'at ' ~ when(al.get('time')) ~ '): the fire may have damaged the wiring or the detector. Check on site now!' -%}
    {%- set spoken = L.warning ~ '. ' ~ e.box ~ ' went offline after its ' ~ short ~ ' alarm. Check on site now.' -%}
  {%- endif -%}
{%- else -%}
  {%- set icon = '📴' -%}
  {%- set name = L.causes.offline -%}
  {%- set first = what(e) -%}
  {%- set spoken = (e.box ~ ' 自 ' ~ hm(e.time) ~ ' 起离线。') if zh else (e.box ~ ' has been offline since ' ~ hm(e.time) ~ '.') -%}
{%- endif -%}
{%- set corr = '' -%}
{%- if correlated -%}
  {%- set offl = nb.get('offline', []) -%}
  {%- set still = nb.get('online', []) | map(attribute='name') | list -%}
  {%- set ns = namespace(l=[]) -%}
  {%- for o in offl -%}
    {%- set where_o = [o.get('area'), o.get('location')] | select | join(' · ') -%}
    {%- if zh -%}
      {%- set ns.l = ns.l + [o.name ~ '（相距 ' ~ num(o.get('distance')) ~ ' 米，' ~ when(o.get('offline_at')) ~ ' 离线）' ~ (('，' ~ where_o) if where_o else '')] -%}
    {%- else -%}
      {%- set ns.l = ns.l + [o.name ~ ' (' ~ num(o.get('distance')) ~ ' m, offline at ' ~ when(o.get('offline_at')) ~ ')' ~ ((', ' ~ where_o) if where_o else '')] -%}
    {%- endif -%}
  {%- endfor -%}
  {%- set warned = kind == 'raised' and warn_neighbours and to_warn | count > 0 -%}
  {%- if zh -%}
    {%- set corr = '\n' ~ num(distance | float) ~ ' 米内另有 ' ~ (offl | count) ~ ' 个配电箱在 '
        ~ num((delta_s / 60) | round(1)) ~ ' 分钟内相继离线，可能是区域停电，或火灾损坏了共用线路：\n' ~ (ns.l | join('\n'))
        ~ (('\n附近仍在线：' ~ (still | join('、')) ~ ('（已通知其用户）' if warned else '')) if still else '') -%}
  {%- else -%}
    {%- set corr = '\n' ~ (offl | count) ~ ' other box' ~ ('es' if offl | count != 1 else '') ~ ' within '
        ~ num(distance | float) ~ ' m went offline within ' ~ num((delta_s / 60) | round(1))
        ~ ' min: an area power cut, or a fire on a shared feeder:\n' ~ (ns.l | join('\n'))
        ~ (('\nStill online nearby: ' ~ (still | join(', ')) ~ (' (their users have been warned)' if warned else '')) if still else '') -%}
  {%- endif -%}
{%- endif -%}
{%- set body = first ~ '\n' ~ where(e) ~ corr -%}
"""

# One still-online neighbour `repeat.item` warned through its bound clients.
WARN = r"""
- variables:
    w: "{{ repeat.item }}"
    notify_entity_ids: "{{ states.notify | map(attribute='entity_id') | list }}"
    w_entities: "{{ w.notify_targets | select('in', notify_entity_ids) | list }}"
    w_actions: "{{ w.notify_targets | reject('in', notify_entity_ids) | list }}"
    warning: >-
      @@MACROS@@
      {%- set zh = lang == 'zh' -%}
      {%- set names = [e.box] + (nb.get('offline', []) | map(attribute='name') | list) -%}
      {%- if zh -%}
        {%- set title = '⚠️ 附近配电箱离线 · ' ~ w.name -%}
        {%- set message = w.name ~ '（' ~ (w.get('area') or L.not_set) ~ ' · ' ~ (w.get('location') or L.not_set)
            ~ '）仍在线，但 ' ~ num(distance | float) ~ ' 米内有 ' ~ (names | count) ~ ' 个配电箱在 '
            ~ hm(e.time) ~ ' 前后同时离线：' ~ (names | join('、')) ~ '（' ~ w.name ~ ' 距 ' ~ e.box ~ ' '
            ~ num(w.get('distance')) ~ ' 米）。如发现冒烟、焦味或起火，请立即切断 ' ~ w.name ~ ' 的电源。' -%}
      {%- else -%}
        {%- set title = '⚠️ Boxes near ' ~ w.name ~ ' went offline' -%}
        {%- set message = w.name ~ ' (' ~ (w.get('area') or L.not_set) ~ ' · ' ~ (w.get('location') or L.not_set)
            ~ ') is still online, but ' ~ (names | count) ~ ' boxes within ' ~ num(distance | float)
            ~ ' m went offline together around ' ~ hm(e.time) ~ ': ' ~ (names | join(', ')) ~ ' ('
            ~ w.name ~ ' is ' ~ num(w.get('distance')) ~ ' m from ' ~ e.box
            ~ '). If you see smoke or fire, cut the power of ' ~ w.name ~ ' now.' -%}
      {%- endif -%}
      {{ {'title': title, 'message': message,
          'data': {'tag': 'safe_power_nearby_' ~ w.device_id, 'group': 'safe_power',
                   'channel': 'Safe Power alarms', 'importance': 'high', 'priority': 'high', 'ttl': 0,
                   'push': {'interruption-level': 'time-sensitive'},
                   'actions': [{'action': 'SAFE_POWER_OFF_DEVICE_' ~ w.device_id ~ '_' ~ e.alarm_id,
                                'title': L.power_off ~ ' · ' ~ w.name,
                                'destructive': true, 'authenticationRequired': true}]}} }}
- if: "{{ w_entities | count > 0 }}"
  then:
    - action: notify.send_message
      continue_on_error: true
      target:
        entity_id: "{{ w_entities }}"
      data:
        title: "{{ warning.title }}"
        message: "{{ warning.message }}"
- repeat:
    for_each: "{{ w_actions }}"
    sequence:
      - action: "{{ repeat.item }}"
        continue_on_error: true
        data: "{{ warning }}"
"""

# The integration's answer to a warned neighbour's "Power off": tell that box's clients and
# the phones. `e.target` is the box that was switched, `e.result` the command and read-back.
NEARBY_OFF = r"""
- variables:
    alarm: "{{ trigger.event.data }}"
    r: "{{ alarm.result or {} }}"
    ok: "{{ r.get('ok', false) }}"
    who: "{{ r.get('user') or '' }}"
    box_name: "{{ alarm.target.box }}"
    e: "{{ {'notify_targets': alarm.target.get('notify_targets') or []} }}"
    level: 0
    to_level1: false
    msg: >-
      @@MACROS@@
      {%- set zh = lang == 'zh' -%}
      {%- set err = (r.get('error') or ('原因不明' if zh else 'no reason given')) | regex_replace('[.。]+$', '') -%}
      {%- if ok -%}
        {%- set title = ('🔌 ' ~ ((who ~ ' ') if who else '') ~ '已分闸断电 · ' ~ box_name) if zh
            else ('🔌 Power cut' ~ ((' by ' ~ who) if who else '') ~ ' · ' ~ box_name) -%}
        {%- set message = (box_name ~ ' 已分闸断电，接触器断开已回读确认（' ~ hm(r.get('at')) ~ '）。排除险情后方可合闸送电。') if zh
            else ('The contactor of ' ~ box_name ~ ' is open, confirmed by read-back (' ~ hm(r.get('at')) ~ '). Switch it back on only once it is safe.') -%}
        {%- set loud = false -%}
      {%- elif err == 'expired' -%}
        {%- set title = ('ℹ️ 警告已过期，未分闸 · ' ~ box_name) if zh else ('ℹ️ Warning over, power not cut · ' ~ box_name) -%}
        {%- set message = (alarm.box ~ ' 已于 ' ~ hm(alarm.cleared) ~ ' 恢复，这条警告已过期，' ~ box_name ~ ' 未分闸。如仍需断电，请在配电箱页面操作。') if zh
            else (alarm.box ~ ' came back at ' ~ hm(alarm.cleared) ~ ', so this warning is over and ' ~ box_name ~ ' was not switched off. To cut it anyway, use its contactor switch.') -%}
        {%- set loud = false -%}
      {%- else -%}
        {%- set title = ('❌ 分闸失败：' ~ err ~ ' · ' ~ box_name) if zh else ('❌ Power off failed: ' ~ err ~ ' · ' ~ box_name) -%}
        {%- set message = (box_name ~ ' 分闸失败：' ~ err ~ '。请立即到现场断电！') if zh
            else ('Could not cut the power of ' ~ box_name ~ ': ' ~ err ~ '. Cut it on site now!') -%}
        {%- set loud = true -%}
      {%- endif -%}
      {{ {'tag': 'safe_power_nearby_' ~ alarm.target.device_id, 'title': title, 'message': message,
          'spoken': '', 'loud': loud, 'voice': false, 'remove': false, 'actions': []} }}
    skip: false
@@RECIPIENTS@@
@@SEND@@
@@SEND_ACTIONS@@
"""


def _render_neighbours() -> str:
    head = fill(
        HEAD,
        DESCRIPTION=NEIGHBOUR_DESCRIPTION,
        INPUTS=inputs(
            BOXES_INPUT,
            CORRELATION_INPUTS,
            NOTIFY_INPUTS,
            FOLLOW_UP_INPUTS,
            VOICE_INPUTS,
            ALERT_INPUTS,
            EXTRA_INPUTS,
        ),
    )
    body = fill(
        NEIGHBOURS,
        WINDOW_S=seconds("window"),
        COMMON_VARIABLES=COMMON_VARIABLES,
        EVENT_CONDITION=fill(EVENT_CONDITION, SCOPE=SCOPE),
        MACROS=MACROS,
        BUTTONS=BUTTONS,
        NEIGHBOUR_MESSAGE=NEIGHBOUR_MESSAGE,
        FOLLOW_UP_MESSAGE=FOLLOW_UP_MESSAGE,
        RECIPIENTS=RECIPIENTS,
        SEND=SEND,
        SEND_ACTIONS=SEND_ACTIONS,
        ON_RAISED=ON_RAISED,
        ALERT_OFF=fill(ALERT_OFF, SCOPE=SCOPE),
    )
    return _finish(head + body, "neighbour alarms", "neighbour_correlation")


def _render_offline() -> str:
    head = fill(
        HEAD,
        DESCRIPTION=OFFLINE_DESCRIPTION,
        INPUTS=inputs(
            BOXES_INPUT,
            OFFLINE_INPUTS,
            NOTIFY_INPUTS,
            ESCALATION_INPUTS,
            FOLLOW_UP_INPUTS,
            VOICE_INPUTS,
            ALERT_INPUTS,
            EXTRA_INPUTS,
        ),
    )
    notify = fill(
        OFFLINE_NOTIFY,
        MACROS=MACROS,
        BUTTONS=BUTTONS,
        OFFLINE_MESSAGE=OFFLINE_MESSAGE,
        ALARM_MESSAGE=ALARM_MESSAGE,
        FOLLOW_UP_MESSAGE=FOLLOW_UP_MESSAGE,
        RECIPIENTS=RECIPIENTS,
        SEND=SEND,
        SEND_ACTIONS=SEND_ACTIONS,
        WARN=fill(WARN, MACROS=MACROS),
        ON_RAISED=ON_RAISED,
        ON_LEVEL2=ON_LEVEL2,
        ALERT_OFF=fill(ALERT_OFF, SCOPE=SCOPE),
    )
    body = fill(
        OFFLINE,
        AFTER_S=seconds("after_alarm_window"),
        DELTA_S=seconds("delta"),
        COMMON_VARIABLES=COMMON_VARIABLES,
        ESCALATION_VARIABLES=ESCALATION_VARIABLES,
        EVENT_CONDITION=fill(EVENT_CONDITION, SCOPE=SCOPE),
        NEARBY_OFF=fill(
            NEARBY_OFF, MACROS=MACROS, RECIPIENTS=RECIPIENTS, SEND=SEND, SEND_ACTIONS=SEND_ACTIONS
        ),
        NOTIFY=notify,
    )
    return _finish(head + body, "box offline", "offline")


def _finish(text: str, title: str, name: str) -> str:
    text = text.replace("@@TITLE@@", title).replace("@@RAW@@", RAW).replace("@@FILE@@", name)
    text = text.replace("@@TYPES@@", "[" + ", ".join(TYPES) + "]")
    text = "\n".join(line.rstrip() for line in text.split("\n")).rstrip("\n") + "\n"
    assert "@@" not in text, (name, [line for line in text.splitlines() if "@@" in line])
    return text


def render_all() -> dict[str, str]:
    """Return the neighbour and offline blueprints by name."""
    return {"neighbour_correlation": _render_neighbours(), "offline": _render_offline()}

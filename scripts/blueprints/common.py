"""Shared parts of the Safe Power blueprints (generator, not shipped).

The blueprints are policy, not state: the integration's alarm register owns every alarm and
fires a `safe_power_alarm` event for each step of its life (docs/alarms.md). A blueprint run
handles one event and ends: it formats the message, sends it to whoever should hear it at the
alarm's escalation level, and switches sirens. Nothing waits, so nothing is lost when
automations reload or Home Assistant restarts.

Blocks here are written at indentation 0 and placed with `indent()`.
"""

from __future__ import annotations

import textwrap

RAW = "https://github.com/safe-power/safe-power/blob/main/blueprints/automation/safe_power/"

# Every cause of the alarm register (docs/alarms.md), in the order the texts list them.
ALL_CAUSES = (
    "overcurrent",
    "cable_over_temperature",
    "box_over_temperature",
    "leakage",
    "overvoltage",
    "undervoltage",
    "phase_loss",
    "supply_outage",
    "unbalance",
    "sensor_fault",
    "contactor_tripped",
    "offline",
    "gateway_unreachable",
)
# The alarm types a blueprint hears.
TYPES = ("raised", "reminder", "escalated", "acknowledged", "power_result", "cleared")


def indent(text: str, spaces: int) -> str:
    """Return a block shifted right (blank lines stay empty), without a trailing newline."""
    return textwrap.indent(textwrap.dedent(text).strip("\n"), " " * spaces)


def wrap(text: str, spaces: int, placed: int = 0) -> str:
    """Return a paragraph for a folded YAML scalar at `spaces` in a block placed at `placed`.

    Lines end before column 100 once the block is indented by `placed`.
    """
    return textwrap.fill(text, width=100 - spaces - placed, subsequent_indent=" " * spaces)


DURATION_S = r"""
{%- set r = @@VAR@@ -%}
{%- if r is mapping -%}
  {{ ((r.get('days', 0) | float(0)) * 86400 + (r.get('hours', 0) | float(0)) * 3600
      + (r.get('minutes', 0) | float(0)) * 60 + (r.get('seconds', 0) | float(0))) | int }}
{%- elif r is number -%}
  {{ r | int }}
{%- else -%}
  {{ (as_timedelta(r | string) or as_timedelta('0')).total_seconds() | int }}
{%- endif -%}
"""


def seconds(var: str) -> str:
    """Return a template turning a duration input into seconds."""
    return DURATION_S.replace("@@VAR@@", var)


# ---------------------------------------------------------------------------------------------
# Inputs

BOXES_INPUT = r"""
boxes_section:
  name: Boxes
  icon: mdi:home-lightning-bolt
  input:
    boxes:
      name: Distribution boxes
      description: >-
        The Safe Power boxes whose alarms this automation handles. Leave it empty for every
        box, including boxes added later.
      default: []
      selector:
        device:
          multiple: true
          filter:
            - integration: safe_power
"""

NOTIFY_INPUTS = r"""
notify_section:
  name: Who hears it
  icon: mdi:cellphone-message
  description: >-
    The first recipients of every alarm (escalation level 0). Phones with the Home Assistant
    Companion app get actionable notifications through their legacy notify action
    (notify.mobile_app_ and the device's name); the other targets get the text. Follow-ups
    (acknowledged, power cut, all clear) replace the alarm on the phones.
  input:
    mobile_devices:
      name: Phones (Companion app)
      description: >-
        Mobile app devices; each gets an actionable notification with "Power off" (the
        integration opens the box's contactor and confirms it by read-back) and "Acknowledge".
        The integration answers these buttons itself, also after a restart.
      default: []
      selector:
        device:
          multiple: true
          filter:
            - integration: mobile_app
    bound_clients:
      name: Also notify each box's bound clients
      description: >-
        The notify targets bound to the box in its Safe Power settings get the same
        notification: a notify action (for example the tenant's phone,
        notify.mobile_app_tenant) with the same buttons, a notify entity (for example
        notify.electricians) its title and message.
      default: true
      selector:
        boolean: {}
    notify_entities:
      name: Notify entities
      description: >-
        Notify entities (notify.send_message), for example an e-mail or SMS entity. Text only.
      default: []
      selector:
        entity:
          multiple: true
          filter:
            - domain: notify
    notify_actions:
      name: Other notify actions
      description: >-
        Full names of legacy notify actions, one per line, for example
        notify.sms_duty_electrician. They get title and message, last in each run: a name
        that does not exist stops the run there (see the automation's trace), so check the
        spelling.
      default: []
      selector:
        text:
          multiple: true
    persistent:
      name: Persistent notification in Home Assistant
      default: true
      selector:
        boolean: {}
    language:
      name: Message language
      default: en
      selector:
        select:
          mode: dropdown
          options:
            - label: English
              value: en
            - label: 简体中文
              value: zh
"""

ESCALATION_INPUTS = r"""
escalation_section:
  name: Escalation
  icon: mdi:account-arrow-up
  collapsed: true
  description: >-
    An alarm nobody acknowledges is escalated by the Safe Power integration: level 1 after
    "escalate after" (10 min by default), level 2 after "escalate again after" (30 min); it
    also sends reminders every "reminder interval" (5 min). These times are the options of the
    gateway or MQTT box in Settings, Devices and services, Safe Power, Configure.
  input:
    level1_notify_entities:
      name: Level 1 notify entities
      description: >-
        From level 1 on, these notify entities get the alarm too (with its reminders and
        follow-ups), for example the duty electrician's SMS entity.
      default: []
      selector:
        entity:
          multiple: true
          filter:
            - domain: notify
    level1_notify_actions:
      name: Level 1 notify actions
      description: >-
        From level 1 on, these legacy notify actions get title and message too, for example
        notify.sms_site_manager. Like the other notify actions they are sent last.
      default: []
      selector:
        text:
          multiple: true
    level2_actions:
      name: Level 2 actions
      description: >-
        Run once when an alarm reaches level 2, for example a script that phones the
        manager. They see the variables alarm (the event's data), title, message and spoken.
        Start a long script with script.turn_on so that the run does not wait for it.
      default: []
      selector:
        action: {}
"""

FOLLOW_UP_INPUTS = r"""
follow_up_section:
  name: When it clears
  icon: mdi:check-circle-outline
  collapsed: true
  input:
    all_clear:
      name: All clear
      description: >-
        When the condition ends: send a quiet all-clear that replaces the alarm notification,
        remove the alarm notification from the phones (clear_notification) and from Home
        Assistant, or do nothing.
      default: message
      selector:
        select:
          options:
            - label: Quiet all-clear message
              value: message
            - label: Remove the notification
              value: remove
            - label: Nothing
              value: none
"""

VOICE_INPUTS = r"""
voice_section:
  name: Voice
  icon: mdi:bullhorn
  collapsed: true
  input:
    tts_entity:
      name: Text-to-speech engine
      description: >-
        The tts entity that speaks alarms and reminders on the media players below
        (tts.speak).
      default: ""
      selector:
        entity:
          filter:
            - domain: tts
    media_players:
      name: Speakers
      default: []
      selector:
        entity:
          multiple: true
          filter:
            - domain: media_player
    satellites:
      name: Voice satellites
      description: >-
        Assist satellites that announce alarms and reminders (assist_satellite.announce).
      default: []
      selector:
        entity:
          multiple: true
          filter:
            - domain: assist_satellite
"""

ALERT_INPUTS = r"""
alert_section:
  name: Sirens and lights
  icon: mdi:alarm-light
  collapsed: true
  input:
    alert_entities:
      name: Turn on
      description: >-
        Sirens, lights or switches turned on when an alarm is raised and off again when no
        alarm this automation handles is left unacknowledged.
      default: []
      selector:
        entity:
          multiple: true
          filter:
            - domain:
                - siren
                - light
                - switch
                - input_boolean
"""

EXTRA_INPUTS = r"""
extra_section:
  name: Extra actions
  icon: mdi:script-text
  collapsed: true
  input:
    extra_actions:
      name: Extra actions
      description: >-
        Run once when an alarm is raised. They see the variables alarm (the safe_power_alarm
        event's data: alarm_id, cause, value, threshold, limit, unit, time, box, area,
        location, device_id, diagnosis...), title, message and spoken.
      default: []
      selector:
        action: {}
"""


def inputs(*blocks: str) -> str:
    """Return the input sections of `blueprint: input:`."""
    return "\n".join(indent(b, 0) for b in blocks)


# ---------------------------------------------------------------------------------------------
# Variables every blueprint has: the inputs above and the texts of both languages.

# The Companion app's legacy notify action of each phone: notify.mobile_app_<its name>.
MOBILE_SERVICES = r"""
mobile_services: >-
  {%- set ns = namespace(out=[]) -%}
  {%- for d in mobile_devices -%}
    {%- set n = device_attr(d, 'name') -%}
    {%- if n -%}{%- set ns.out = ns.out + ['notify.mobile_app_' ~ (n | slugify)] -%}{%- endif -%}
  {%- endfor -%}
  {{ ns.out }}
"""

COMMON_VARIABLES = r"""
boxes: !input boxes
lang: !input language
mobile_devices: !input mobile_devices
bound_clients: !input bound_clients
notify_entities: !input notify_entities
notify_actions: !input notify_actions
persistent: !input persistent
tts_entity: !input tts_entity
media_players: !input media_players
satellites: !input satellites
alert_entities: !input alert_entities
all_clear: !input all_clear
@@MOBILE_SERVICES@@
texts:
  en:
    causes:
      overcurrent: Overload
      cable_over_temperature: Cable over-temperature
      box_over_temperature: Box over-temperature
      leakage: Leakage current too high
      overvoltage: Overvoltage
      undervoltage: Undervoltage
      phase_loss: Phase loss
      supply_outage: Supply outage
      unbalance: Phase unbalance
      sensor_fault: Sensor fault
      contactor_tripped: Contactor tripped
      offline: Box offline
      gateway_unreachable: Gateway unreachable
    short:
      overcurrent: overload
      cable_over_temperature: cable over-temperature
      box_over_temperature: box over-temperature
      leakage: leakage
      overvoltage: overvoltage
      undervoltage: undervoltage
      phase_loss: phase loss
      supply_outage: supply outage
      unbalance: unbalance
      sensor_fault: sensor fault
      contactor_tripped: contactor trip
      offline: offline
      gateway_unreachable: gateway outage
    channels:
      current_a: Phase A current
      current_b: Phase B current
      current_c: Phase C current
      current_n: Neutral current
      leakage_current: Leakage current
      cable_temperature_a: Phase A cable temperature
      cable_temperature_b: Phase B cable temperature
      cable_temperature_c: Phase C cable temperature
      cable_temperature_n: Neutral cable temperature
      box_temperature: Box temperature
      voltage_a: Phase A voltage
      voltage_b: Phase B voltage
      voltage_c: Phase C voltage
      current_unbalance: Current unbalance
      voltage_unbalance: Voltage unbalance
    circuit_leakage: "Circuit {n} leakage current"
    probe_temperature: "Temperature {n}"
    readings:
      overcurrent: Current
      cable_over_temperature: Cable temperature
      box_over_temperature: Box temperature
      leakage: Leakage current
      overvoltage: Voltage
      undervoltage: Voltage
      phase_loss: Voltage
      supply_outage: Voltage
      unbalance: Unbalance
    spoken_units:
      A: amperes
      mA: milliamperes
      "°C": degrees Celsius
      V: volts
      "%": percent
    sources:
      device: detector alarm
      home_assistant: read from the voltages
      user_limit: your limit
    above: above the limit
    below: below the limit
    box: Box
    gateway: Gateway
    area: Area
    location: Location
    time: Time
    not_set: not set
    likely: Likely cause
    power_off: Power off
    ack: Acknowledge
    reminder: "Reminder: "
    escalated: "Escalated: "
    all_clear: All clear
    warning: Warning
  zh:
    causes:
      overcurrent: 过流
      cable_over_temperature: 线缆超温
      box_over_temperature: 箱内超温
      leakage: 剩余电流超限
      overvoltage: 过压
      undervoltage: 欠压
      phase_loss: 缺相
      supply_outage: 失压（停电）
      unbalance: 三相不平衡
      sensor_fault: 传感器故障
      contactor_tripped: 接触器跳闸
      offline: 配电箱离线
      gateway_unreachable: 网关通信中断
    short:
      overcurrent: 过流
      cable_over_temperature: 线缆超温
      box_over_temperature: 箱内超温
      leakage: 剩余电流
      overvoltage: 过压
      undervoltage: 欠压
      phase_loss: 缺相
      supply_outage: 失压
      unbalance: 三相不平衡
      sensor_fault: 传感器故障
      contactor_tripped: 接触器跳闸
      offline: 离线
      gateway_unreachable: 网关通信中断
    channels:
      current_a: A相电流
      current_b: B相电流
      current_c: C相电流
      current_n: N线电流
      leakage_current: 剩余电流
      cable_temperature_a: A相线缆温度
      cable_temperature_b: B相线缆温度
      cable_temperature_c: C相线缆温度
      cable_temperature_n: N线线缆温度
      box_temperature: 箱内温度
      voltage_a: A相电压
      voltage_b: B相电压
      voltage_c: C相电压
      current_unbalance: 电流不平衡度
      voltage_unbalance: 电压不平衡度
    circuit_leakage: "第{n}路剩余电流"
    probe_temperature: "第{n}路温度"
    readings:
      overcurrent: 电流
      cable_over_temperature: 线缆温度
      box_over_temperature: 箱内温度
      leakage: 剩余电流
      overvoltage: 电压
      undervoltage: 电压
      phase_loss: 电压
      supply_outage: 电压
      unbalance: 不平衡度
    spoken_units:
      A: 安
      mA: 毫安
      "°C": 摄氏度
      V: 伏
      "%": "%"
    sources:
      device: 探测器报警
      home_assistant: 由电压判定
      user_limit: 自设限值
    above: 超过限值
    below: 低于限值
    box: 配电箱
    gateway: 网关
    area: 区域
    location: 位置
    time: 时间
    not_set: 未设置
    likely: 可能原因
    power_off: 分闸断电
    ack: 确认
    reminder: 提醒：
    escalated: 升级报警：
    all_clear: 报警解除
    warning: 警告
L: "{{ texts[lang] if lang in texts else texts.en }}"
"""
COMMON_VARIABLES = COMMON_VARIABLES.replace("@@MOBILE_SERVICES@@", MOBILE_SERVICES.strip("\n"))

# The digests (early warning, monthly report): not on the register's events; one message
# `msg` {title, message, url?} to the phones and notify actions (tagged `digest_tag`), the
# notify entities and a persistent notification.
DIGEST_VARIABLES = r"""
boxes: !input boxes
lang: !input language
mobile_devices: !input mobile_devices
notify_entities: !input notify_entities
notify_actions: !input notify_actions
persistent: !input persistent
"""
DIGEST_VARIABLES += MOBILE_SERVICES.strip("\n") + "\n"

DIGEST_HEAD = r"""blueprint:
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

mode: single
max_exceeded: silent
"""

DIGEST_SEND = r"""
- repeat:
    for_each: "{{ mobile_services + notify_actions }}"
    sequence:
      - action: "{{ repeat.item }}"
        continue_on_error: true
        data:
          title: "{{ msg.title }}"
          message: "{{ msg.message }}"
          data: >-
            {{ dict({'tag': digest_tag, 'group': 'safe_power'},
                    **({'url': msg.url, 'clickAction': msg.url} if msg.get('url') else {})) }}
- if: "{{ notify_entities | count > 0 }}"
  then:
    - action: notify.send_message
      continue_on_error: true
      target:
        entity_id: "{{ notify_entities }}"
      data:
        title: "{{ msg.title }}"
        message: "{{ msg.message }}"
- if: "{{ persistent }}"
  then:
    - action: persistent_notification.create
      continue_on_error: true
      data:
        notification_id: "{{ digest_tag }}"
        title: "{{ msg.title }}"
        message: "{{ msg.message }}"
"""

ESCALATION_VARIABLES = r"""
level1_notify_entities: !input level1_notify_entities
level1_notify_actions: !input level1_notify_actions
"""

# ---------------------------------------------------------------------------------------------
# Jinja macros. `r` is an alarm record: the data of a `safe_power_alarm` event or an item of
# `safe_power.alarms` (docs/alarms.md). Templates that use them start with MACROS.

MACROS = r"""
{%- macro num(x) -%}
  {%- if x is number -%}
    {%- set s = '%.1f' | format(x) -%}{{ s[:-2] if s.endswith('.0') else s }}
  {%- elif x is none -%}?
  {%- else -%}{{ x }}
  {%- endif -%}
{%- endmacro -%}
{%- macro val(x, u) -%}{{ num(x) ~ ((' ' ~ u) if u else '') }}{%- endmacro -%}
{%- macro at(t, f) -%}
  {%- set ts = as_timestamp(t, none) -%}
  {{- (ts | timestamp_custom(f)) if ts is not none else '?' -}}
{%- endmacro -%}
{%- macro when(t) -%}{{ at(t, '%Y-%m-%d %H:%M:%S') }}{%- endmacro -%}
{%- macro hm(t) -%}{{ at(t, '%H:%M') }}{%- endmacro -%}
{%- macro mins(a, b) -%}
  {{- ((as_timestamp(b, 0) - as_timestamp(a, 0)) / 60) | round(0) | int -}}
{%- endmacro -%}
{%- macro chan(r) -%}
  {%- set c = r.channel or '' -%}
  {%- if c.startswith('leakage_current_') -%}{{ L.circuit_leakage | replace('{n}', c[16:]) }}
  {%- elif c.startswith('temperature_') -%}{{ L.probe_temperature | replace('{n}', c[12:]) }}
  {%- else -%}{{ L.channels.get(r.channel) or L.readings.get(r.cause, '') }}{%- endif -%}
{%- endmacro -%}
{%- macro measure(r) -%}
  {%- set zh = lang == 'zh' -%}
  {%- set u = r.unit or '' -%}
  {%- set src = L.sources.get(r.origin, '') -%}
  {%- if r.value is none -%}
    {{- L.causes.get(r.cause, r.cause) -}}
  {%- else -%}
    {{- chan(r) ~ ' ' ~ val(r.value, u) -}}
    {%- if r.limit in ['above', 'below'] -%}
      {{- ('，' if zh else ', ') ~ (L.above if r.limit == 'above' else L.below) -}}
      {%- if r.threshold is not none -%}{{- (' ' if zh else ' of ') ~ val(r.threshold, u) -}}{%- endif -%}
    {%- endif -%}
  {%- endif -%}
  {{- ((('（' ~ src ~ '）') if zh else (' (' ~ src ~ ')')) if src else '') ~ ('。' if zh else '.') -}}
{%- endmacro -%}
{%- macro what(r) -%}
  {%- set zh = lang == 'zh' -%}
  {%- if r.cause == 'offline' -%}
    {{- (r.box ~ ' 自 ' ~ hm(r.time) ~ ' 起离线，请检查配电箱电源及通信线路（网关、总线或网络）。') if zh
        else (r.box ~ ' has been offline since ' ~ hm(r.time) ~ ". Check the box's supply and its connection (gateway, bus or network).") -}}
  {%- elif r.cause == 'gateway_unreachable' -%}
    {{- ('网关 ' ~ r.box ~ ' 自 ' ~ hm(r.time) ~ ' 起通信中断，其下配电箱均无法监测。请检查网关及其网络和电源。') if zh
        else ('Gateway ' ~ r.box ~ ' cannot be reached since ' ~ hm(r.time) ~ ': the boxes behind it are not monitored. Check the gateway, its network and its supply.') -}}
  {%- elif r.cause == 'supply_outage' and r.threshold is not none -%}
    {%- set lim = val(r.threshold, r.unit or 'V') -%}
    {{- (r.box ~ ' 自 ' ~ hm(r.time) ~ ' 起失压（停电）：各相电压均低于限值 ' ~ lim ~ '，探测器仍在线。请检查上级开关和供电。') if zh
        else (r.box ~ ' has lost its supply since ' ~ hm(r.time) ~ ': every phase reads below the limit of ' ~ lim ~ ' while the detector still answers. Check the upstream switch and the supply.') -}}
  {%- elif r.cause == 'sensor_fault' -%}
    {{- (r.box ~ ' 的探测器报传感器故障：读数可能失准，可能漏报警，请尽快检修。') if zh
        else ('The detector of ' ~ r.box ~ ' reports a sensor fault: its readings may be wrong and alarms may be missed. Have it checked.') -}}
  {%- elif r.cause == 'contactor_tripped' -%}
    {{- (r.box ~ ' 的接触器已跳闸（分闸），该配电箱已断电。请查明原因后再合闸送电。') if zh
        else ('The contactor of ' ~ r.box ~ ' has tripped: the box has no power. Find the cause before switching it back on.') -}}
  {%- else -%}
    {{- measure(r) -}}
  {%- endif -%}
{%- endmacro -%}
{%- macro place(r) -%}
  {%- set s = '：' if lang == 'zh' else ': ' -%}
  {%- if r.cause == 'gateway_unreachable' -%}
    {{- L.gateway ~ s ~ r.box -}}
  {%- else -%}
    {{- L.box ~ s ~ r.box ~ '\n' ~ L.area ~ s ~ (r.area or L.not_set) ~ '\n' ~ L.location ~ s ~ (([r.get('site'), r.get('building'), r.location] | select | join(' · ')) or L.not_set) -}}
  {%- endif -%}
{%- endmacro -%}
{%- macro where(r) -%}
  {%- set zh = lang == 'zh' -%}
  {%- set s = '：' if zh else ': ' -%}
  {{- place(r) ~ '\n' ~ L.time ~ s ~ when(r.time) -}}
  {%- if r.late -%}
    {{- '\n' ~ (('报警发生于 ' ~ hm(r.time) ~ '，延迟收到（' ~ hm(r.received) ~ '）。') if zh
        else ('Raised at ' ~ hm(r.time) ~ ', received late (' ~ hm(r.received) ~ ').')) -}}
  {%- endif -%}
  {%- set d = (r.diagnosis or []) | select('mapping') | list -%}
  {%- if d -%}
    {{- '\n' ~ L.likely ~ s ~ (d[0].zh if zh else d[0].en) -}}
    {%- if d[0].confidence is number -%}
      {{- ('（可能性 ' if zh else ' (') ~ ((d[0].confidence * 100) | round | int) ~ ('%）' if zh else '%)') -}}
    {%- endif -%}
  {%- endif -%}
{%- endmacro -%}
{%- macro say(r) -%}
  {%- set u = L.spoken_units.get(r.unit, r.unit or '') -%}
  {%- set c = L.causes.get(r.cause, r.cause) -%}
  {%- set reading = r.value is not none and r.limit is not none -%}
  {%- if lang == 'zh' -%}
    {{- L.warning ~ '：' ~ r.box ~ c ~ (('，区域：' ~ r.area) if r.area else '') ~ '。' -}}
    {%- if reading -%}
      {{- chan(r) ~ ' ' ~ num(r.value) ~ ' ' ~ u ~ (('，限值 ' ~ num(r.threshold) ~ ' ' ~ u) if r.threshold is not none else '') ~ '。' -}}
    {%- endif -%}
  {%- else -%}
    {{- L.warning ~ '. ' ~ c ~ ' at ' ~ r.box ~ ((', area ' ~ r.area) if r.area else '') ~ '.' -}}
    {%- if reading -%}
      {{- ' ' ~ chan(r) ~ ' ' ~ num(r.value) ~ ' ' ~ u ~ ((', limit ' ~ num(r.threshold) ~ ' ' ~ u) if r.threshold is not none else '') ~ '.' -}}
    {%- endif -%}
  {%- endif -%}
{%- endmacro -%}
"""

SCOPE = r"""
{%- macro in_scope(r) -%}
  {%- set ns = namespace(ok=boxes | count == 0 or r.device_id in boxes) -%}
  {%- if not ns.ok and r.device_id is none -%}
    {%- for d in boxes if r.entry_id is none or r.entry_id in (device_attr(d, 'config_entries') or []) -%}
      {%- set ns.ok = true -%}
    {%- endfor -%}
  {%- endif -%}
  {{- 'yes' if ns.ok else '' -}}
{%- endmacro -%}
"""

# The alarm types of an alarm's life and which event data is in scope (cause, box).
EVENT_CONDITION = r"""
- condition: template
  value_template: >-
    @@SCOPE@@
    {%- set e = trigger.event.data -%}
    {{ e.get('type') in types and e.get('cause') in causes and in_scope(e) == 'yes'
       and (use_device_alarm or e.get('origin') != 'device') }}
"""

# ---------------------------------------------------------------------------------------------
# Message of an alarm step: `e` is the event's data, `kind` its type, `level` the escalation
# level; `tag` and `buttons` are set before. The result is a dict: tag, title, message,
# spoken, loud (an alarm, not a follow-up), voice (speak it), remove (clear_notification),
# actions (the phone's buttons).

BUTTONS = r"""
{%- set buttons = ([{'action': 'SAFE_POWER_OFF_' ~ e.alarm_id, 'title': L.power_off,
                     'destructive': true, 'authenticationRequired': true}]
                   if e.cause not in ['offline', 'gateway_unreachable'] else [])
                  + [{'action': 'SAFE_POWER_ACK_' ~ e.alarm_id, 'title': L.ack}] -%}
"""

# Raised, reminder, escalated: `title_of(prefix)` and `head` may be overridden by setting
# `icon`, `name`, `body` before (offline after an alarm, neighbours).
ALARM_MESSAGE = r"""
{%- set zh = lang == 'zh' -%}
{%- if kind == 'escalated' -%}
  {%- set m = mins(e.received, now().isoformat()) -%}
  {%- set title = '🚨 ' ~ L.escalated ~ name ~ ' · ' ~ e.box -%}
  {%- set head = (('已 ' ~ m ~ ' 分钟无人确认（第 ' ~ level ~ ' 级升级）。') if zh
      else ('Not acknowledged for ' ~ m ~ ' min (escalation level ' ~ level ~ ').')) ~ '\n' -%}
{%- else -%}
  {%- set title = icon ~ ' ' ~ (L.reminder if kind == 'reminder' else '') ~ name ~ ' · ' ~ e.box -%}
  {%- set head = '' -%}
{%- endif -%}
{{ {'tag': tag, 'title': title, 'message': head ~ body, 'spoken': spoken ~ '', 'loud': true,
    'voice': true, 'remove': false, 'actions': buttons} }}
"""

FOLLOW_UP_MESSAGE = r"""
{%- set zh = lang == 'zh' -%}
{%- set short = L.short.get(e.cause, e.cause) -%}
{%- if kind == 'acknowledged' -%}
  {%- set a = e.acknowledged or {} -%}
  {%- set who = a.get('user') -%}
  {%- if zh -%}
    {%- set title = '✅ ' ~ ((who ~ ' 已确认') if who else '已确认') ~ ' · ' ~ e.box -%}
    {%- set line = e.box ~ ' 的' ~ short ~ '报警已' ~ (('由 ' ~ who ~ ' ') if who else '') ~ '于 ' ~ hm(a.get('at')) ~ ' 确认。' -%}
  {%- else -%}
    {%- set title = '✅ Acknowledged' ~ ((' by ' ~ who) if who else '') ~ ' · ' ~ e.box -%}
    {%- set line = L.causes.get(e.cause, e.cause) ~ ' at ' ~ e.box ~ ' acknowledged' ~ ((' by ' ~ who) if who else '') ~ ' at ' ~ hm(a.get('at')) ~ '.' -%}
  {%- endif -%}
  {{ {'tag': tag, 'title': title, 'message': line ~ '\n' ~ what(e) ~ '\n' ~ where(e), 'spoken': '',
      'loud': false, 'voice': false, 'remove': false, 'actions': []} }}
{%- elif kind == 'power_result' -%}
  {%- set r = e.result or {} -%}
  {%- set who = r.get('user') -%}
  {%- if r.get('ok') -%}
    {%- if zh -%}
      {%- set title = '🔌 ' ~ ((who ~ ' ') if who else '') ~ '已分闸断电 · ' ~ e.box -%}
      {%- set line = e.box ~ ' 已分闸断电，接触器断开已回读确认（' ~ hm(r.get('at')) ~ '）。排除故障后方可合闸送电。' -%}
    {%- else -%}
      {%- set title = '🔌 Power cut' ~ ((' by ' ~ who) if who else '') ~ ' · ' ~ e.box -%}
      {%- set line = 'The contactor of ' ~ e.box ~ ' is open, confirmed by read-back (' ~ hm(r.get('at')) ~ '). Switch it back on only once the cause is fixed.' -%}
    {%- endif -%}
    {{ {'tag': tag, 'title': title, 'message': line ~ '\n' ~ what(e) ~ '\n' ~ where(e), 'spoken': '',
        'loud': false, 'voice': false, 'remove': false, 'actions': []} }}
  {%- else -%}
    {%- set err = (r.get('error') or ('原因不明' if zh else 'no reason given')) | regex_replace('[.。]+$', '') -%}
    {%- if zh -%}
      {%- set title = '❌ 分闸失败：' ~ err ~ ' · ' ~ e.box -%}
      {%- set line = e.box ~ ' 分闸失败：' ~ err ~ '。请立即到现场断电！' -%}
    {%- else -%}
      {%- set title = '❌ Power off failed: ' ~ err ~ ' · ' ~ e.box -%}
      {%- set line = 'Could not cut the power of ' ~ e.box ~ ': ' ~ err ~ '. Cut it on site now!' -%}
    {%- endif -%}
    {{ {'tag': tag, 'title': title, 'message': line ~ '\n' ~ what(e) ~ '\n' ~ where(e), 'spoken': '',
        'loud': true, 'voice': false, 'remove': false, 'actions': buttons} }}
  {%- endif -%}
{%- else -%}
  {%- set cut = e.device_id is not none and device_entities(e.device_id) | select('match', '^switch[.]')
        | select('is_state', 'off') | list | count > 0 -%}
  {%- set m = mins(e.time, e.cleared) -%}
  {%- if e.cause == 'offline' -%}
    {%- set line = (e.box ~ ' 已恢复在线（' ~ hm(e.cleared) ~ '），离线 ' ~ m ~ ' 分钟。') if zh
        else (e.box ~ ' is back online (' ~ hm(e.cleared) ~ ') after ' ~ m ~ ' min offline.') -%}
  {%- elif e.cause == 'gateway_unreachable' -%}
    {%- set line = ('网关 ' ~ e.box ~ ' 通信已恢复（' ~ hm(e.cleared) ~ '），中断 ' ~ m ~ ' 分钟。') if zh
        else ('Gateway ' ~ e.box ~ ' answers again (' ~ hm(e.cleared) ~ ') after ' ~ m ~ ' min.') -%}
  {%- else -%}
    {%- set now_line = e.cleared_value is not none and e.cause not in ['sensor_fault', 'contactor_tripped'] -%}
    {%- if zh -%}
      {%- set line = e.box ~ ' 的' ~ short ~ '报警已于 ' ~ hm(e.cleared) ~ ' 解除'
          ~ (('，' ~ chan(e) ~ '现为 ' ~ val(e.cleared_value, e.unit)) if now_line else '') ~ '。' -%}
    {%- else -%}
      {%- set line = L.causes.get(e.cause, e.cause) ~ ' at ' ~ e.box ~ ' has cleared at ' ~ hm(e.cleared)
          ~ (('; ' ~ chan(e) ~ ' now ' ~ val(e.cleared_value, e.unit)) if now_line else '') ~ '.' -%}
    {%- endif -%}
  {%- endif -%}
  {%- if cut -%}
    {%- set line = line ~ '\n' ~ ('该配电箱仍处于分闸状态，排除故障后方可合闸送电。' if zh
        else 'The power is still off: switch it back on once the cause is fixed.') -%}
  {%- endif -%}
  {{ {'tag': tag, 'title': '✅ ' ~ L.all_clear ~ ' · ' ~ e.box, 'message': line ~ '\n' ~ place(e),
      'spoken': '', 'loud': false, 'voice': false, 'remove': all_clear == 'remove', 'actions': []} }}
{%- endif -%}
"""

# ---------------------------------------------------------------------------------------------
# Sends `msg` to the recipients of the alarm's level: phones and bound clients that are
# notify actions (with the buttons), notify entities (bound or chosen, once each), level-1
# entities from level 1 on, the persistent notification, voice. A removal sends
# clear_notification to the phones and dismisses the persistent notification. `skip` (an
# all-clear nobody wants) sends nothing.
#
# The notify actions typed in by name come last in a run (SEND_ACTIONS): a misspelled one
# stops the run there (Home Assistant does not continue after an unknown action), and then
# nothing else is lost.

RECIPIENTS = r"""
- variables:
    notify_entity_ids: "{{ states.notify | map(attribute='entity_id') | list }}"
    clients: "{{ (e.notify_targets or []) if bound_clients else [] }}"
    app_targets: >-
      {{ (mobile_services + (clients | reject('in', notify_entity_ids) | list)) | unique | list }}
    text_entities: >-
      {{ (notify_entities + (clients | select('in', notify_entity_ids) | list)
          + (level1_notify_entities if to_level1 else [])) | unique | list }}
    text_actions: >-
      {{ (notify_actions + (level1_notify_actions if to_level1 else []))
         | reject('in', app_targets) | unique | list }}
    app_data: >-
      {%- set d = {'tag': msg.tag, 'group': 'safe_power'} -%}
      {%- if msg.loud -%}
        {%- set d = dict(d, channel='Safe Power alarms', importance='high', priority='high',
                         ttl=0, push={'interruption-level': 'time-sensitive'}) -%}
      {%- else -%}
        {%- set d = dict(d, channel='Safe Power', importance='low',
                         push={'interruption-level': 'passive'}) -%}
      {%- endif -%}
      {{ dict(d, actions=msg.actions) if msg.actions else d }}
"""

SEND = r"""
- if: "{{ skip }}"
  then: []
  else:
    - if: "{{ msg.remove }}"
      then:
        - repeat:
            for_each: "{{ app_targets | select('match', 'notify[.]mobile_app_') | list }}"
            sequence:
              - action: "{{ repeat.item }}"
                continue_on_error: true
                data:
                  message: clear_notification
                  data:
                    tag: "{{ msg.tag }}"
        - if: "{{ persistent }}"
          then:
            - action: persistent_notification.dismiss
              continue_on_error: true
              data:
                notification_id: "{{ msg.tag }}"
      else:
        - repeat:
            for_each: "{{ app_targets }}"
            sequence:
              - action: "{{ repeat.item }}"
                continue_on_error: true
                data:
                  title: "{{ msg.title }}"
                  message: "{{ msg.message }}"
                  data: "{{ app_data }}"
        - if: "{{ text_entities | count > 0 }}"
          then:
            - action: notify.send_message
              continue_on_error: true
              target:
                entity_id: "{{ text_entities }}"
              data:
                title: "{{ msg.title }}"
                message: "{{ msg.message }}"
        - if: "{{ persistent }}"
          then:
            - action: persistent_notification.create
              continue_on_error: true
              data:
                notification_id: "{{ msg.tag }}"
                title: "{{ msg.title }}"
                message: "{{ msg.message }}"
        - if: "{{ msg.voice and tts_entity not in ['', none] and media_players | count > 0 }}"
          then:
            - action: tts.speak
              continue_on_error: true
              target:
                entity_id: "{{ tts_entity }}"
              data:
                media_player_entity_id: "{{ media_players }}"
                message: "{{ msg.spoken }}"
        - if: "{{ msg.voice and satellites | count > 0 }}"
          then:
            - action: assist_satellite.announce
              continue_on_error: true
              target:
                entity_id: "{{ satellites }}"
              data:
                message: "{{ msg.spoken }}"
"""

SEND_ACTIONS = r"""
- repeat:
    for_each: "{{ [] if skip or msg.remove else text_actions }}"
    sequence:
      - action: "{{ repeat.item }}"
        continue_on_error: true
        data:
          title: "{{ msg.title }}"
          message: "{{ msg.message }}"
"""

# Sirens on when an alarm is raised; the extra actions once per alarm.
ON_RAISED = r"""
- if: "{{ kind == 'raised' and e.state == 'active' and alert_entities | count > 0 }}"
  then:
    - action: homeassistant.turn_on
      continue_on_error: true
      target:
        entity_id: "{{ alert_entities }}"
- if: "{{ kind == 'raised' }}"
  then:
    - variables:
        alarm: "{{ e }}"
        title: "{{ msg.title }}"
        message: "{{ msg.message }}"
        spoken: "{{ msg.spoken }}"
    - sequence: !input extra_actions
      continue_on_error: true
"""

ON_LEVEL2 = r"""
- if: "{{ kind == 'escalated' and level >= 2 }}"
  then:
    - variables:
        alarm: "{{ e }}"
        title: "{{ msg.title }}"
        message: "{{ msg.message }}"
        spoken: "{{ msg.spoken }}"
    - sequence: !input level2_actions
      continue_on_error: true
"""


# Sirens off once no alarm this automation handles is left unacknowledged (a user's own
# limit covered by the detector's alarm does not count: it was never announced).
def unheard(r: str) -> str:
    """Return a Jinja test: alarm `r` is a user's limit the detector's alarm covers.

    Covered: raised while the detector's alarm of its cause was open (the register names that
    alarm in `covered_by`). Once that alarm clears, it is still unheard of until its first
    reminder (`uncovered` set, only the `raised` event counted).
    """
    return (
        f"(use_device_alarm and {r}.origin == 'user_limit' and ({r}.get('covered_by') is not none"
        f" or ({r}.get('uncovered') is not none and ({r}.notifications.count | int(0)) <= 1)))"
    )


ALERT_OFF = r"""
- if: >-
    {{ alert_entities | count > 0 and (kind in ['acknowledged', 'cleared']
       or (kind == 'power_result' and (e.result or {}).get('ok', false))) }}
  then:
    - action: safe_power.alarms
      data:
        limit: 1000
      response_variable: register
    - variables:
        still_active: >-
          @@SCOPE@@
          {%- set recs = register.alarms -%}
          {%- set ns = namespace(n=0) -%}
          {%- for r in recs if r.state == 'active' and r.cause in causes and in_scope(r) == 'yes'
                and not @@UNHEARD@@ -%}
            {%- set ns.n = ns.n + 1 -%}
          {%- endfor -%}
          {{ ns.n }}
    - if: "{{ still_active | int == 0 }}"
      then:
        - action: homeassistant.turn_off
          continue_on_error: true
          target:
            entity_id: "{{ alert_entities }}"
""".replace("@@UNHEARD@@", unheard("r"))


def fill(text: str, **blocks: str) -> str:
    """Replace each `@@NAME@@` line in text with its block, indented like the marker."""
    out: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("@@") and stripped.endswith("@@") and stripped[2:-2] in blocks:
            spaces = len(line) - len(line.lstrip(" "))
            block = blocks[stripped[2:-2]]
            out.append(indent(block, spaces) if block.strip() else "")
            continue
        out.append(line)
    return "\n".join(out)


def digest(*, title: str, file: str, description: str, inputs_block: str, body: str) -> str:
    """Return a digest blueprint: its head, and its body with the shared variables and sending."""
    head = fill(DIGEST_HEAD, DESCRIPTION=description.strip(), INPUTS=inputs_block)
    text = head + fill(body, DIGEST_VARIABLES=DIGEST_VARIABLES, DIGEST_SEND=DIGEST_SEND)
    text = text.replace("@@TITLE@@", title).replace("@@FILE@@", file).replace("@@RAW@@", RAW)
    assert "@@" not in text, [line for line in text.splitlines() if "@@" in line]
    return "\n".join(line.rstrip() for line in text.split("\n")).rstrip("\n") + "\n"

"""The threshold blueprints: overload, over-temperature, leakage (generator, not shipped)."""

from common import (
    ALERT_OFF,
    COMMON_VARIABLES,
    MEASURE,
    NOTIFY_INPUTS,
    NUM,
    PARSE_ACTION,
    POWER_OFF,
    RAW,
    SEND,
    SPOKEN_MEASURE,
    WHEN,
    WHERE,
)

HEADER = r"""blueprint:
  name: Safe Power – @@TITLE@@
  description: >-
    @@DESCRIPTION@@


    Each box that alarms gets its own notification saying what (cause, value, limit), where
    (box, area, location) and when, with the probable cause when the integration has one.
    Phones get "Power off" (safe_power.power_off: the contactor is opened and confirmed by
    read-back) and "Acknowledge" (stops the repeats). The notification repeats until it is
    acknowledged or the condition has cleared; clearing sends an all-clear.
  domain: automation
  author: Safe Power
  source_url: @@RAW@@@@FILE@@.yaml
  homeassistant:
    min_version: "2026.10.0"
  input:
    boxes_section:
      name: Boxes
      icon: mdi:home-lightning-bolt
      input:
        boxes:
          name: Distribution boxes
          description: The Safe Power boxes to watch.
          selector:
            device:
              multiple: true
              filter:
                - integration: safe_power
    limit_section:
      name: Your limit
      icon: @@ICON@@
      description: >-
        @@LIMIT_HELP@@
      input:
        limit:
          name: @@LIMIT_NAME@@
          description: @@LIMIT_DESCRIPTION@@
          default: @@LIMIT_DEFAULT@@
          selector:
            number:
              min: @@LIMIT_MIN@@
              max: @@LIMIT_MAX@@
              step: @@LIMIT_STEP@@
              unit_of_measurement: "@@UNIT@@"
              mode: box
        duration:
          name: For at least
          description: How long the reading must stay above your limit before the alarm.
          default:
            hours: 0
            minutes: @@DUR_MIN@@
            seconds: @@DUR_SEC@@
          selector:
            duration: {}
        device_alarm:
          name: Also on the detector's own alarm
          description: >-
            Also alert at once when the detector itself raises @@DEVICE_CAUSES_TEXT@@
            (an "alarm" event of the box's alarm log), at the detector's own limit.
          default: true
          selector:
            boolean: {}
"""

BODY = r"""
mode: parallel
max: 25
max_exceeded: warning

trigger_variables:
  boxes: !input boxes
  limit: !input limit
  sensor_pattern: '@@SENSOR_PATTERN@@'

triggers:
  # The detector's own alarm: one run per box and alarm.
  - trigger: event.received
    id: device_alarm
    target:
      device_id: !input boxes
    options:
      event_type:
        - alarm
  # Your limit: any box above it for the duration. One run covers every box above your limit
  # until none is; a box that crosses it later joins the run after the same duration.
  - trigger: template
    id: user_limit
    value_template: >-
      {{ boxes | map('device_entities') | flatten | select('match', sensor_pattern)
         | map('states') | select('is_number') | map('float') | select('gt', limit | float)
         | list | count > 0 }}
    for: !input duration

variables:
  kind: @@KIND@@
  causes: @@CAUSES@@
  user_cause: @@USER_CAUSE@@
  unit: "@@UNIT@@"
  sensor_pattern: '@@SENSOR_PATTERN@@'
  suffix_pattern: '@@SUFFIX_PATTERN@@'
  channel_of: @@CHANNEL_OF@@
  limit: !input limit
  duration: !input duration
  use_device_alarm: !input device_alarm
  dur_s: >-
    {%- set r = duration -%}
    {%- if r is mapping -%}
      {{ ((r.get('days', 0) | float(0)) * 86400 + (r.get('hours', 0) | float(0)) * 3600
          + (r.get('minutes', 0) | float(0)) * 60 + (r.get('seconds', 0) | float(0))) | int }}
    {%- elif r is number -%}
      {{ r | int }}
    {%- else -%}
      {{ (as_timedelta(r | string) or as_timedelta('0')).total_seconds() | int }}
    {%- endif -%}
@@COMMON_VARIABLES@@
conditions:
  - condition: template
    value_template: >-
      {{ trigger.id == 'user_limit'
         or (use_device_alarm and trigger.to_state is not none
             and trigger.to_state.attributes.get('cause') in causes) }}

actions:
  - variables:
      ctx: "{{ context.id }}"
      user_run: "{{ trigger.id == 'user_limit' }}"
      # The run's boxes and what each one reported (the alarm record).
      records: >-
        {%- if trigger.id == 'device_alarm' -%}
          {%- set a = trigger.to_state.attributes -%}
          {%- set d = a.get('device_id') or device_id(trigger.entity_id) -%}
          {{ {d: {'device_id': d,
                  'name': a.get('box') or device_attr(d, 'name_by_user') or device_attr(d, 'name'),
                  'area': a.get('area'), 'location': a.get('location'),
                  'cause': a.get('cause'), 'channel': a.get('channel'),
                  'value': a.get('value'), 'threshold': a.get('threshold'),
                  'unit': a.get('unit'), 'time': a.get('time'), 'source': 'device',
                  'diagnosis': a.get('diagnosis') or [], 'clients': a.get('notify_targets') or []}} }}
        {%- else -%}
          {{ {} }}
        {%- endif -%}
      run_boxes: "{{ records.keys() | list }}"
      notified: []
      acked: []
      cut: []
      pending: {}
      next_at: 0
      alert_on: false
      outbox: []
      done: false
      first: true
      tapped: ''
  - repeat:
      sequence:
        # 1. What is true now: boxes above your limit, detector alarms, connectivity.
        - variables:
            tapped: ''
            now_ts: "{{ now().timestamp() }}"
            # Boxes whose detector already alarms for this cause: the detector's run tells.
            muted: >-
              {%- set ns = namespace(out=[]) -%}
              {%- for d in (boxes if user_run and use_device_alarm else []) -%}
                {%- for c in causes -%}
                  {%- if device_entities(d) | select('match', '^binary_sensor[.].+_' ~ c ~ '$')
                        | select('is_state', 'on') | list | count > 0 -%}
                    {%- set ns.out = ns.out + [d] -%}
                  {%- endif -%}
                {%- endfor -%}
              {%- endfor -%}
              {{ ns.out | unique | list }}
            over_all: >-
              {%- set ns = namespace(items=[]) -%}
              {%- for d in (boxes if user_run else []) -%}
                {%- set top = namespace(v=none, e=none) -%}
                {%- for e in device_entities(d) | select('match', sensor_pattern) -%}
                  {%- set s = states(e) -%}
                  {%- if is_number(s) and s | float > limit | float and (top.v is none or s | float > top.v) -%}
                    {%- set top.v = s | float -%}{%- set top.e = e -%}
                  {%- endif -%}
                {%- endfor -%}
                {%- if top.e is not none -%}
                  {%- set old = records.get(d, {}) -%}
                  {%- set suffix = top.e | regex_findall_index(suffix_pattern) -%}
                  {%- set ev = device_entities(d) | select('match', '^event[.]') | first | default('') -%}
                  {%- set loc_entity = device_entities(d) | select('match', '^sensor[.].+_location$') | first | default('') -%}
                  {%- set loc = states(loc_entity) if loc_entity and states(loc_entity) not in ['unknown', 'unavailable', ''] else none -%}
                  {#- The box's bound clients: on its location sensor, or on its alarm log's last event. -#}
                  {%- set clients = (state_attr(loc_entity, 'notify_targets') if loc_entity else none)
                        or (state_attr(ev, 'notify_targets') if ev else none) or [] -%}
                  {%- set ns.items = ns.items + [(d, {'device_id': d,
                        'name': device_attr(d, 'name_by_user') or device_attr(d, 'name'),
                        'area': area_name(d), 'location': loc, 'cause': user_cause,
                        'channel': channel_of.get(suffix, suffix), 'value': top.v,
                        'threshold': limit | float, 'unit': unit,
                        'time': old.get('time') or now().isoformat(), 'source': 'user',
                        'diagnosis': [], 'clients': clients})] -%}
                {%- endif -%}
              {%- endfor -%}
              {{ dict(ns.items) }}
            over: >-
              {%- set ns = namespace(items=[]) -%}
              {%- for d, r in over_all.items() if d not in muted -%}
                {%- set ns.items = ns.items + [(d, r)] -%}
              {%- endfor -%}
              {{ dict(ns.items) }}
            alarm_on: >-
              {%- set ns = namespace(out=[]) -%}
              {%- for d in run_boxes if not user_run -%}
                {%- set pat = '^binary_sensor[.].+_' ~ records[d].cause ~ '$' -%}
                {%- set bs = device_entities(d) | select('match', pat) | list -%}
                {%- set log = device_entities(d) | select('match', '^event[.]') | first | default('') -%}
                {#- The run starts inside the alarm log's state write, before the box's other
                    entities are written: at first the detector alarm is taken as active. -#}
                {%- if first or bs | select('is_state', 'on') | list | count > 0
                      or (bs | count == 0 and not (state_attr(log, 'event_type') == 'cleared'
                          and state_attr(log, 'cause') == records[d].cause)) -%}
                  {%- set ns.out = ns.out + [d] -%}
                {%- endif -%}
              {%- endfor -%}
              {{ ns.out }}
            offline: >-
              {%- set ns = namespace(out=[]) -%}
              {%- for d in run_boxes -%}
                {%- if device_entities(d) | select('match', '^binary_sensor[.].+_connectivity$')
                      | select('is_state', 'off') | list | count > 0 -%}
                  {%- set ns.out = ns.out + [d] -%}
                {%- endif -%}
              {%- endfor -%}
              {{ ns.out }}
            # Boxes above your limit long enough join the run (all of them at its start).
            joined: >-
              {%- set ns = namespace(out=[]) -%}
              {%- for d in over if d not in run_boxes -%}
                {%- if first or (d in pending and now_ts - pending[d] >= dur_s) -%}
                  {%- set ns.out = ns.out + [d] -%}
                {%- endif -%}
              {%- endfor -%}
              {{ ns.out }}
            run_boxes: "{{ run_boxes + joined }}"
            pending: >-
              {%- set ns = namespace(items=[]) -%}
              {%- for d in over if d not in run_boxes -%}
                {%- set ns.items = ns.items + [(d, pending.get(d, now_ts))] -%}
              {%- endfor -%}
              {{ dict(ns.items) }}
            records: >-
              {%- set ns = namespace(items=[]) -%}
              {%- for d in run_boxes -%}
                {%- set ns.items = ns.items + [(d, over[d] if d in over else records[d])] -%}
              {%- endfor -%}
              {{ dict(ns.items) }}
            active: >-
              {{ run_boxes | select('in', (over.keys() | list) + alarm_on + offline) | list }}
            ended: "{{ run_boxes | reject('in', active) | list }}"
            due: "{{ now_ts >= next_at }}"
            to_notify: >-
              {{ (active | reject('in', acked) | list if due else []) + joined | reject('in', acked) | list }}
        # 2. The messages: all-clear for boxes that cleared, alarms due now.
        - variables:
            outbox: |-
              {{- NUM -}}{{- WHEN -}}@@WHERE@@@@MEASURE@@@@SPOKEN@@
              {%- set ns = namespace(out=[]) -%}
              {%- for d in ended if d in notified and d not in muted -%}
                {%- set r = records[d] -%}
                {%- set cause = L.causes.get(r.cause, r.cause) -%}
                {%- if lang == 'zh' -%}
                  {%- set msg = r.name ~ ' 的' ~ cause ~ '报警已解除（' ~ when(now().isoformat()) ~ '）。'
                      ~ ('\n电源仍处于切断状态，请排除故障后再恢复供电。' if d in cut else '') -%}
                  {%- set spoken = r.name ~ ' 的' ~ cause ~ '报警已解除。' -%}
                {%- else -%}
                  {%- set msg = cause ~ ' at ' ~ r.name ~ ' has cleared (' ~ when(now().isoformat()) ~ ').'
                      ~ ('\nThe power is still off: restore it once the cause is fixed.' if d in cut else '') -%}
                  {%- set spoken = cause ~ ' at ' ~ r.name ~ ' has cleared.' -%}
                {%- endif -%}
                {%- set ns.out = ns.out + [{'tag': 'safe_power_' ~ kind ~ '_' ~ r.source ~ '_' ~ d,
                      'title': '✅ ' ~ L.all_clear ~ ' · ' ~ r.name,
                      'message': msg ~ '\n' ~ L.area ~ ('：' if lang == 'zh' else ': ') ~ (r.area or L.not_set)
                                 ~ '\n' ~ L.location ~ ('：' if lang == 'zh' else ': ') ~ (r.location or L.not_set),
                      'spoken': spoken, 'kind': 'clear', 'clients': r.clients, 'actions': []}] -%}
              {%- endfor -%}
              {%- for d in to_notify | unique -%}
                {%- set r = records[d] -%}
                {%- set again = d in notified -%}
                {%- set msg = measure(r) ~ '\n' ~ where(r) ~ likely(r)
                      ~ ('\n' ~ L.offline_now if d in offline else '') -%}
                {%- set ns.out = ns.out + [{'tag': 'safe_power_' ~ kind ~ '_' ~ r.source ~ '_' ~ d,
                      'title': '⚠️ ' ~ (L.reminder if again else '') ~ L.causes.get(r.cause, r.cause) ~ ' · ' ~ r.name,
                      'message': msg, 'spoken': say(r), 'kind': 'alarm', 'new': not again,
                      'clients': r.clients, 'alarm': r,
                      'actions': [{'action': 'SAFEPOWER_OFF_' ~ ctx ~ '_' ~ d, 'title': L.power_off,
                                   'destructive': true, 'authenticationRequired': true},
                                  {'action': 'SAFEPOWER_ACK_' ~ ctx ~ '_' ~ d, 'title': L.ack}]}] -%}
              {%- endfor -%}
              {{ outbox + ns.out }}
            notified: "{{ (notified | reject('in', ended) | list) + to_notify | unique | list }}"
            acked: "{{ acked | reject('in', ended) | list }}"
            run_boxes: "{{ active }}"
            next_at: >-
              {{ (now_ts + interval_s if interval_s > 0 else 1e12) if due and to_notify | count > 0 else next_at }}
            done: "{{ active | count == 0 and over_all | count == 0 }}"
            first: false
@@SEND@@
@@ALERT_OFF_ACKED@@
        # 3. Wait for a tap, a change (a box clears, goes offline, crosses your limit) or the
        #    next repeat.
        - if: "{{ not done }}"
          then:
            - variables:
                signature: >-
                  {%- set ns = namespace(over=[], on=[], off=[]) -%}
                  {%- for d in (boxes if user_run else []) -%}
                    {%- for e in device_entities(d) | select('match', sensor_pattern) -%}
                      {%- if is_number(states(e)) and states(e) | float > limit | float -%}
                        {%- set ns.over = ns.over + [d] -%}
                      {%- endif -%}
                    {%- endfor -%}
                    {%- for c in (causes if use_device_alarm else []) -%}
                      {%- if device_entities(d) | select('match', '^binary_sensor[.].+_' ~ c ~ '$')
                            | select('is_state', 'on') | list | count > 0 -%}
                        {%- set ns.over = ns.over + ['muted:' ~ d] -%}
                      {%- endif -%}
                    {%- endfor -%}
                  {%- endfor -%}
                  {%- for d in run_boxes -%}
                    {%- if not user_run -%}
                      {%- set bs = device_entities(d) | select('match', '^binary_sensor[.].+_' ~ records[d].cause ~ '$') | list -%}
                      {%- set log = device_entities(d) | select('match', '^event[.]') | first | default('') -%}
                      {%- set ns.on = ns.on + [d ~ ':' ~ (bs | select('is_state', 'on') | list | count)
                            ~ ':' ~ (states(log) if bs | count == 0 and log else '')] -%}
                    {%- endif -%}
                    {%- if device_entities(d) | select('match', '^binary_sensor[.].+_connectivity$')
                          | select('is_state', 'off') | list | count > 0 -%}
                      {%- set ns.off = ns.off + [d] -%}
                    {%- endif -%}
                  {%- endfor -%}
                  {{ (ns.over | unique | sort | join(',')) ~ '|' ~ (ns.on | sort | join(','))
                     ~ '|' ~ (ns.off | sort | join(',')) }}
                timeout_s: >-
                  {%- set ns = namespace(t=[3600]) -%}
                  {%- if interval_s > 0 and active | reject('in', acked) | list | count > 0 -%}
                    {%- set ns.t = ns.t + [next_at - now_ts] -%}
                  {%- endif -%}
                  {%- for d, since in pending.items() -%}
                    {%- set ns.t = ns.t + [since + dur_s - now_ts] -%}
                  {%- endfor -%}
                  {{ [ns.t | min, 1] | max }}
            - wait_for_trigger:
                - trigger: event
                  event_type: mobile_app_notification_action
                - trigger: template
                  value_template: >-
                    {%- set ns = namespace(over=[], on=[], off=[]) -%}
                    {%- for d in (boxes if user_run else []) -%}
                      {%- for e in device_entities(d) | select('match', sensor_pattern) -%}
                        {%- if is_number(states(e)) and states(e) | float > limit | float -%}
                          {%- set ns.over = ns.over + [d] -%}
                        {%- endif -%}
                      {%- endfor -%}
                      {%- for c in (causes if use_device_alarm else []) -%}
                        {%- if device_entities(d) | select('match', '^binary_sensor[.].+_' ~ c ~ '$')
                              | select('is_state', 'on') | list | count > 0 -%}
                          {%- set ns.over = ns.over + ['muted:' ~ d] -%}
                        {%- endif -%}
                      {%- endfor -%}
                    {%- endfor -%}
                    {%- for d in run_boxes -%}
                      {%- if not user_run -%}
                        {%- set bs = device_entities(d) | select('match', '^binary_sensor[.].+_' ~ records[d].cause ~ '$') | list -%}
                        {%- set log = device_entities(d) | select('match', '^event[.]') | first | default('') -%}
                        {%- set ns.on = ns.on + [d ~ ':' ~ (bs | select('is_state', 'on') | list | count)
                              ~ ':' ~ (states(log) if bs | count == 0 and log else '')] -%}
                      {%- endif -%}
                      {%- if device_entities(d) | select('match', '^binary_sensor[.].+_connectivity$')
                            | select('is_state', 'off') | list | count > 0 -%}
                        {%- set ns.off = ns.off + [d] -%}
                      {%- endif -%}
                    {%- endfor -%}
                    {{ ((ns.over | unique | sort | join(',')) ~ '|' ~ (ns.on | sort | join(','))
                       ~ '|' ~ (ns.off | sort | join(','))) != signature }}
              timeout: "{{ timeout_s }}"
              continue_on_timeout: true
            - variables:
                tapped: >-
                  {{ (wait.trigger.event.data.get('action', '') | string)
                     if wait.trigger and wait.trigger.event is defined else '' }}
        # 4. A tap on one of our notifications: Acknowledge (any run's, for a box of this run)
        #    stops the repeats for that box; Power off (this run's) cuts it and acknowledges.
        - if: "{{ not done and tapped != '' }}"
          then:
@@PARSE_ACTION@@
            - if: "{{ verb in ['ACK', 'OFF'] and act_dev in run_boxes }}"
              then:
                - variables:
                    acked: "{{ (acked + [act_dev]) | unique | list }}"
@@POWER_OFF@@
@@ALERT_OFF_ACKED2@@
      until: "{{ done and outbox | count == 0 }}"
@@ALERT_OFF_END@@
"""

SPECS = {
    "overload": dict(
        TITLE="overload",
        DESCRIPTION=(
            "Alerts when any phase current of a box stays above your limit for a while, and "
            "(optionally) when the detector raises its own overcurrent alarm."
        ),
        ICON="mdi:current-ac",
        LIMIT_HELP=(
            "Set it below the detector's limit for an early warning, for example 80 % of the "
            "rated current of the box's main breaker."
        ),
        LIMIT_NAME="Phase current limit",
        LIMIT_DESCRIPTION="Alarm when any phase current is above this.",
        LIMIT_DEFAULT="63",
        LIMIT_MIN="1",
        LIMIT_MAX="6300",
        LIMIT_STEP="0.5",
        UNIT="A",
        DUR_MIN="1",
        DUR_SEC="0",
        DEVICE_CAUSES_TEXT="an overcurrent alarm",
        KIND="overload",
        CAUSES="[overcurrent]",
        USER_CAUSE="overcurrent",
        SENSOR_PATTERN="^sensor[.].+_phase_[abc]_current$",
        SUFFIX_PATTERN="(phase_[abc]_current)$",
        CHANNEL_OF=(
            "{phase_a_current: current_a, phase_b_current: current_b, phase_c_current: current_c}"
        ),
    ),
    "over_temperature": dict(
        TITLE="over-temperature",
        DESCRIPTION=(
            "Alerts when any cable temperature of a box (phases and neutral) stays above your "
            "limit for a while, and (optionally) when the detector raises its own cable or box "
            "over-temperature alarm."
        ),
        ICON="mdi:thermometer-alert",
        LIMIT_HELP=(
            "70 °C is the limit of PVC-insulated conductors; use 90 °C for XLPE. A lower value "
            "warns earlier."
        ),
        LIMIT_NAME="Cable temperature limit",
        LIMIT_DESCRIPTION="Alarm when any cable temperature is above this.",
        LIMIT_DEFAULT="70",
        LIMIT_MIN="30",
        LIMIT_MAX="200",
        LIMIT_STEP="1",
        UNIT="°C",
        DUR_MIN="1",
        DUR_SEC="0",
        DEVICE_CAUSES_TEXT="a cable or box over-temperature alarm",
        KIND="over_temperature",
        CAUSES="[cable_over_temperature, box_over_temperature]",
        USER_CAUSE="cable_over_temperature",
        SENSOR_PATTERN="^sensor[.].+_(phase_[abc]|neutral)_cable_temperature$",
        SUFFIX_PATTERN="((?:phase_[abc]|neutral)_cable_temperature)$",
        CHANNEL_OF=(
            "{phase_a_cable_temperature: cable_temperature_a, "
            "phase_b_cable_temperature: cable_temperature_b, "
            "phase_c_cable_temperature: cable_temperature_c, "
            "neutral_cable_temperature: cable_temperature_n}"
        ),
    ),
    "leakage": dict(
        TITLE="leakage current",
        DESCRIPTION=(
            "Alerts when the leakage (residual) current of a box stays above your limit for a "
            "while, and (optionally) when the detector raises its own leakage alarm."
        ),
        ICON="mdi:flash-alert",
        LIMIT_HELP=(
            "GB 50116 suggests alarm settings of 300-500 mA for electrical-fire monitoring; "
            "300 mA is the usual one."
        ),
        LIMIT_NAME="Leakage current limit",
        LIMIT_DESCRIPTION="Alarm when the leakage current is above this.",
        LIMIT_DEFAULT="300",
        LIMIT_MIN="10",
        LIMIT_MAX="3000",
        LIMIT_STEP="10",
        UNIT="mA",
        DUR_MIN="0",
        DUR_SEC="30",
        DEVICE_CAUSES_TEXT="a leakage alarm",
        KIND="leakage",
        CAUSES="[leakage]",
        USER_CAUSE="leakage",
        SENSOR_PATTERN="^sensor[.].+_leakage_current$",
        SUFFIX_PATTERN="(leakage_current)$",
        CHANNEL_OF="{leakage_current: leakage_current}",
    ),
}


def _wrap(text: str, indent: int) -> str:
    import textwrap

    return textwrap.fill(text, width=100 - indent, subsequent_indent=" " * indent)


def render(name: str) -> str:
    spec = dict(SPECS[name])
    spec["DESCRIPTION"] = _wrap(spec["DESCRIPTION"], 4)
    spec["LIMIT_HELP"] = _wrap(
        "Your own limit, independent of the limit set in the detector. " + spec["LIMIT_HELP"], 8
    )
    text = HEADER + NOTIFY_INPUTS + BODY
    text = text.replace("@@COMMON_VARIABLES@@", COMMON_VARIABLES.rstrip("\n"))
    text = text.replace("@@SEND@@", SEND)
    text = text.replace(
        "@@ALERT_OFF_ACKED@@",
        ALERT_OFF.replace("@@QUIET@@", "active | reject('in', acked) | list | count == 0"),
    )
    text = text.replace(
        "@@ALERT_OFF_ACKED2@@",
        ALERT_OFF.replace("@@QUIET@@", "active | reject('in', acked) | list | count == 0").replace(
            "\n        ", "\n            "
        ),
    )
    text = text.replace(
        "@@ALERT_OFF_END@@",
        ALERT_OFF.replace("@@QUIET@@", "true").replace("\n        ", "\n  "),
    )
    text = text.replace("@@PARSE_ACTION@@", PARSE_ACTION.lstrip("\n"))
    text = text.replace(
        "@@POWER_OFF@@",
        POWER_OFF.lstrip("\n")
        .replace("@@OFF_SCOPE@@", "run_boxes")
        .replace("@@OFF_CLIENTS@@", "records[act_dev].clients")
        .replace("@@OFF_AUDIENCE@@", "'all'"),
    )
    text = text.replace("@@WHERE@@", WHERE).replace("@@MEASURE@@", MEASURE)
    text = text.replace("@@SPOKEN@@", SPOKEN_MEASURE)
    text = text.replace("{{- NUM -}}", NUM).replace("{{- WHEN -}}", WHEN)
    for key, value in spec.items():
        text = text.replace(f"@@{key}@@", value)
    text = text.replace("@@RAW@@", RAW).replace("@@FILE@@", name)
    assert "@@" not in text, [l for l in text.splitlines() if "@@" in l]
    return text

"""The correlation blueprints: neighbour alarms and offline (generator, not shipped)."""

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
    WHEN,
    WHERE,
)

BOXES_INPUT = r"""    boxes_section:
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
"""

DURATION_S = r"""    {%- set r = @@VAR@@ -%}
    {%- if r is mapping -%}
      {{ ((r.get('days', 0) | float(0)) * 86400 + (r.get('hours', 0) | float(0)) * 3600
          + (r.get('minutes', 0) | float(0)) * 60 + (r.get('seconds', 0) | float(0))) | int }}
    {%- elif r is number -%}
      {{ r | int }}
    {%- else -%}
      {{ (as_timedelta(r | string) or as_timedelta('0')).total_seconds() | int }}
    {%- endif -%}"""


def seconds(var: str) -> str:
    return DURATION_S.replace("@@VAR@@", var)


# The record of the box whose alarm log fired (see common.py).
RECORD = r'''      rec: >-
        {%- set a = trigger.to_state.attributes -%}
        {%- set d = a.get('device_id') or device_id(trigger.entity_id) -%}
        {{ {'device_id': d,
            'name': a.get('box') or device_attr(d, 'name_by_user') or device_attr(d, 'name'),
            'area': a.get('area'), 'location': a.get('location'),
            'cause': a.get('cause'), 'channel': a.get('channel'),
            'value': a.get('value'), 'threshold': a.get('threshold'),
            'unit': a.get('unit'), 'time': a.get('time'), 'source': 'device',
            'diagnosis': a.get('diagnosis') or [], 'clients': a.get('notify_targets') or []} }}
      d: "{{ rec.device_id }}"'''

# -----------------------------------------------------------------------------------------------
NEIGHBOURS = r"""blueprint:
  name: Safe Power – neighbour alarms
  description: >-
    When a box raises an alarm and other boxes within a distance raised the same alarm within a
    time window (safe_power.neighbour_alarms), sends a second, stronger notification naming every
    box involved: several neighbours with the same alarm point to a supply-side fault or a
    spreading fire.


    Phones get "Power off all" (every box involved), "Power off" (the box that alarmed last) and
    "Acknowledge". The notification repeats until it is acknowledged or every box involved has
    cleared; clearing sends an all-clear.
  domain: automation
  author: Safe Power
  source_url: @@RAW@@neighbour_correlation.yaml
  homeassistant:
    min_version: "2026.10.0"
  input:
@@BOXES@@    correlation_section:
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
@@NOTIFY_INPUTS@@
mode: parallel
max: 25
max_exceeded: warning

triggers:
  - trigger: event.received
    target:
      device_id: !input boxes
    options:
      event_type:
        - alarm

variables:
  kind: neighbours
  causes: !input causes
  distance: !input distance
  window: !input window
  min_neighbours: !input min_neighbours
  window_s: >-
@@WINDOW_S@@
@@COMMON_VARIABLES@@
conditions:
  - condition: template
    value_template: >-
      {{ trigger.to_state is not none and trigger.to_state.attributes.get('cause') in causes }}

actions:
  - variables:
      ctx: "{{ context.id }}"
@@RECORD@@
  - action: safe_power.neighbour_alarms
    data:
      device_id: "{{ d }}"
      cause: "{{ rec.cause }}"
      distance: "{{ distance }}"
      window: "{{ window_s }}"
    response_variable: found
  - condition: template
    value_template: "{{ (found.neighbours | default([]) | count) >= (min_neighbours | int) }}"
  - variables:
      neighbours: "{{ found.neighbours }}"
      involved: "{{ [d] + (neighbours | map(attribute='device_id') | list) }}"
      acked: false
      cut: []
      next_at: 0
      alert_on: false
      outbox: []
      done: false
      first: true
      tapped: ''
  - repeat:
      sequence:
        # 1. Which of the boxes involved still have the alarm.
        - variables:
            tapped: ''
            now_ts: "{{ now().timestamp() }}"
            active: >-
              {%- set ns = namespace(out=[]) -%}
              {%- for b in involved -%}
                {%- set bs = device_entities(b) | select('match', '^binary_sensor[.].+_' ~ rec.cause ~ '$') | list -%}
                {#- The run starts inside the alarm log's state write: at first the box's own
                    alarm is taken as active. -#}
                {%- if (first and b == d) or bs | select('is_state', 'on') | list | count > 0
                      or (bs | count == 0 and b == d and not (state_attr(trigger.entity_id, 'event_type') == 'cleared'
                          and state_attr(trigger.entity_id, 'cause') == rec.cause)) -%}
                  {%- set ns.out = ns.out + [b] -%}
                {%- endif -%}
              {%- endfor -%}
              {{ ns.out }}
            done: "{{ active | count == 0 }}"
            due: "{{ not acked and now_ts >= next_at }}"
        # 2. The message: the alarm naming every box, or the all-clear.
        - variables:
            outbox: |-
              {{- NUM -}}{{- WHEN -}}@@WHERE@@@@MEASURE@@
              {%- set cause = L.causes.get(rec.cause, rec.cause) -%}
              {%- set sep = '：' if lang == 'zh' else ': ' -%}
              {%- set n = neighbours | count -%}
              {%- set tag = 'safe_power_neighbours_' ~ rec.cause ~ '_' ~ d -%}
              {%- if done -%}
                {%- if lang == 'zh' -%}
                  {%- set msg = rec.name ~ ' 及附近 ' ~ n ~ ' 个配电箱的' ~ cause ~ '报警均已解除（' ~ when(now().isoformat()) ~ '）。' -%}
                {%- else -%}
                  {%- set msg = cause ~ ' has cleared at ' ~ rec.name ~ ' and its ' ~ n ~ ' neighbour' ~ ('s' if n != 1 else '') ~ ' (' ~ when(now().isoformat()) ~ ').' -%}
                {%- endif -%}
                {%- if cut -%}
                  {%- set msg = msg ~ ('\n电源仍处于切断状态，请排除故障后再恢复供电。' if lang == 'zh' else '\nThe power is still off where it was cut: restore it once the cause is fixed.') -%}
                {%- endif -%}
                {%- set ns = namespace(lines=[]) -%}
                {%- for b in [rec] + neighbours -%}
                  {%- set ns.lines = ns.lines + [b.name ~ sep ~ L.area ~ ' ' ~ (b.get('area') or L.not_set) ~ ' · ' ~ L.location ~ ' ' ~ (b.get('location') or L.not_set)] -%}
                {%- endfor -%}
                {{ outbox + [{'tag': tag, 'title': '✅ ' ~ L.all_clear ~ ' · ' ~ rec.name, 'message': msg ~ '\n' ~ (ns.lines | join('\n')),
                              'spoken': msg.split('\n')[0], 'kind': 'clear', 'clients': rec.clients, 'actions': []}] }}
              {%- elif due -%}
                {%- set ns = namespace(lines=[]) -%}
                {%- for nb in neighbours -%}
                  {%- set u = nb.get('unit') or '' -%}
                  {%- if lang == 'zh' -%}
                    {%- set line = nb.name ~ '（相距 ' ~ num(nb.get('distance')) ~ ' 米）' ~ sep
                        ~ (num(nb.get('value')) ~ ' ' ~ u ~ '，阈值 ' ~ num(nb.get('threshold')) ~ ' ' ~ u ~ '，' if nb.get('value') is not none else '')
                        ~ '时间 ' ~ when(nb.get('time')) ~ '\n' ~ L.area ~ sep ~ (nb.get('area') or L.not_set)
                        ~ ' · ' ~ L.location ~ sep ~ (nb.get('location') or L.not_set) -%}
                  {%- else -%}
                    {%- set line = nb.name ~ ' (' ~ num(nb.get('distance')) ~ ' m away)' ~ sep
                        ~ (num(nb.get('value')) ~ ' ' ~ u ~ ', limit ' ~ num(nb.get('threshold')) ~ ' ' ~ u ~ ', ' if nb.get('value') is not none else '')
                        ~ 'at ' ~ when(nb.get('time')) ~ '\n' ~ L.area ~ sep ~ (nb.get('area') or L.not_set)
                        ~ ' · ' ~ L.location ~ sep ~ (nb.get('location') or L.not_set) -%}
                  {%- endif -%}
                  {%- set ns.lines = ns.lines + [line] -%}
                {%- endfor -%}
                {%- set win = (window_s / 60) | round(1) -%}
                {%- if lang == 'zh' -%}
                  {%- set head = rec.name ~ ' 及 ' ~ num(distance | float) ~ ' 米内另外 ' ~ n ~ ' 个配电箱在 ' ~ num(win) ~ ' 分钟内均发生' ~ cause ~ '报警，可能是供电侧故障或火势蔓延，请立即到现场检查。' -%}
                  {%- set title = '🔥 ' ~ (L.reminder if not first else '') ~ '附近 ' ~ (n + 1) ~ ' 个配电箱同时' ~ cause ~ ' · ' ~ rec.name -%}
                  {%- set spoken = L.warning ~ '：' ~ rec.name ~ ' 及附近 ' ~ n ~ ' 个配电箱同时' ~ cause ~ '，请立即检查。' -%}
                {%- else -%}
                  {%- set head = cause ~ ' at ' ~ rec.name ~ ' and at ' ~ n ~ ' other box' ~ ('es' if n != 1 else '') ~ ' within ' ~ num(distance | float) ~ ' m in ' ~ num(win) ~ ' min: a supply-side fault or a spreading fire. Check on site now.' -%}
                  {%- set title = '🔥 ' ~ (L.reminder if not first else '') ~ cause ~ ' at ' ~ (n + 1) ~ ' boxes nearby · ' ~ rec.name -%}
                  {%- set spoken = L.warning ~ '. ' ~ cause ~ ' at ' ~ rec.name ~ ' and ' ~ n ~ ' neighbouring box' ~ ('es' if n != 1 else '') ~ '. Check on site now.' -%}
                {%- endif -%}
                {%- set msg = head ~ '\n' ~ rec.name ~ sep ~ measure(rec) ~ '\n' ~ where(rec) ~ '\n' ~ (ns.lines | join('\n')) ~ likely(rec) -%}
                {{ outbox + [{'tag': tag, 'title': title, 'message': msg, 'spoken': spoken, 'kind': 'alarm',
                              'new': first, 'clients': rec.clients, 'alarm': rec,
                              'actions': [{'action': 'SAFEPOWER_OFFALL_' ~ ctx ~ '_' ~ d,
                                           'title': ('全部断电（' ~ (n + 1) ~ ' 个）') if lang == 'zh' else ('Power off all (' ~ (n + 1) ~ ')'),
                                           'destructive': true, 'authenticationRequired': true},
                                          {'action': 'SAFEPOWER_OFF_' ~ ctx ~ '_' ~ d, 'title': L.power_off ~ ' · ' ~ rec.name,
                                           'destructive': true, 'authenticationRequired': true},
                                          {'action': 'SAFEPOWER_ACK_' ~ ctx ~ '_' ~ d, 'title': L.ack}]}] }}
              {%- else -%}
                {{ outbox }}
              {%- endif -%}
            next_at: "{{ (now_ts + interval_s if interval_s > 0 else 1e12) if due else next_at }}"
            first: false
@@SEND@@
@@ALERT_OFF_1@@
        # 3. Wait for a tap, a box clearing or the next repeat.
        - if: "{{ not done }}"
          then:
            - variables:
                signature: >-
                  {%- set ns = namespace(out=[]) -%}
                  {%- for b in involved -%}
                    {%- set ns.out = ns.out + [b ~ ':' ~ (device_entities(b) | select('match', '^binary_sensor[.].+_' ~ rec.cause ~ '$') | select('is_state', 'on') | list | count)] -%}
                  {%- endfor -%}
                  {{ ns.out | join(',') ~ '|' ~ states(trigger.entity_id) }}
                timeout_s: "{{ [[next_at - now_ts, 3600] | min, 1] | max if not acked else 3600 }}"
            - wait_for_trigger:
                - trigger: event
                  event_type: mobile_app_notification_action
                - trigger: template
                  value_template: >-
                    {%- set ns = namespace(out=[]) -%}
                    {%- for b in involved -%}
                      {%- set ns.out = ns.out + [b ~ ':' ~ (device_entities(b) | select('match', '^binary_sensor[.].+_' ~ rec.cause ~ '$') | select('is_state', 'on') | list | count)] -%}
                    {%- endfor -%}
                    {{ (ns.out | join(',') ~ '|' ~ states(trigger.entity_id)) != signature }}
              timeout: "{{ timeout_s }}"
              continue_on_timeout: true
            - variables:
                tapped: >-
                  {{ (wait.trigger.event.data.get('action', '') | string)
                     if wait.trigger and wait.trigger.event is defined else '' }}
        # 4. A tap: Acknowledge (for this box, from any run) stops the repeats; Power off cuts
        #    this box, Power off all every box involved (this run's keys only).
        - if: "{{ not done and tapped != '' }}"
          then:
@@PARSE_ACTION@@
            - if: "{{ verb in ['ACK', 'OFF', 'OFFALL'] and act_dev == d }}"
              then:
                - variables:
                    acked: true
            - if: "{{ verb in ['OFF', 'OFFALL'] and act_ctx == ctx and act_dev == d }}"
              then:
                - variables:
                    targets_off: "{{ involved if verb == 'OFFALL' else [d] }}"
                - action: safe_power.power_off
                  continue_on_error: true
                  data:
                    device_id: "{{ targets_off }}"
                - variables:
                    report: >-
                      {%- set ns = namespace(ok=[], bad=[]) -%}
                      {%- for b in targets_off -%}
                        {%- set nm = device_attr(b, 'name_by_user') or device_attr(b, 'name') -%}
                        {%- if device_entities(b) | select('match', '^switch[.]') | map('states') | first | default('unknown') == 'off' -%}
                          {%- set ns.ok = ns.ok + [nm] -%}
                        {%- else -%}
                          {%- set ns.bad = ns.bad + [nm] -%}
                        {%- endif -%}
                      {%- endfor -%}
                      {{ {'ok': ns.ok, 'bad': ns.bad} }}
                    cut: >-
                      {{ (cut + (targets_off | select('in', involved) | list)) | unique | list
                         if report.ok | count > 0 else cut }}
                    outbox: >-
                      {%- set ok = report.bad | count == 0 -%}
                      {%- if lang == 'zh' -%}
                        {%- set msg = ('已切断电源：' ~ (report.ok | join('、')) ~ '，接触器已断开并回读确认。' if report.ok else '')
                              ~ ('\n断电失败：' ~ (report.bad | join('、')) ~ '，接触器未确认断开，请立即到现场断电！' if report.bad else '') -%}
                      {%- else -%}
                        {%- set msg = ('Power cut at ' ~ (report.ok | join(', ')) ~ ': contactor open, confirmed by read-back.' if report.ok else '')
                              ~ ('\nPower off FAILED at ' ~ (report.bad | join(', ')) ~ ': the contactor did not confirm. Cut it on site now!' if report.bad else '') -%}
                      {%- endif -%}
                      {{ outbox + [{'tag': 'safe_power_neighbours_power_' ~ d,
                                    'title': ('🔌 ' ~ L.power_cut if ok else '❌ ' ~ L.power_failed) ~ ' · ' ~ rec.name,
                                    'message': msg | trim, 'spoken': '', 'kind': 'info',
                                    'clients': rec.clients, 'actions': []}] }}
@@ALERT_OFF_2@@
      until: "{{ done and outbox | count == 0 }}"
@@ALERT_OFF_END@@
"""

# -----------------------------------------------------------------------------------------------
OFFLINE = r"""blueprint:
  name: Safe Power – box offline
  description: >-
    Alerts when a box stops answering. At once, and urgently, when it went offline shortly after
    one of its alarms (safe_power.offline_after_alarm: the fire may have reached the wiring or the
    detector). Otherwise after it has stayed offline for a while, saying whether nearby boxes went
    offline at the same time (safe_power.offline_neighbours: an area power cut or a fire on a
    shared feeder) and, if so, warning the bound clients of the nearby boxes that are still
    online, each with a "Power off" button for their own box.


    The notification repeats until it is acknowledged or the box is back online; its return sends
    an all-clear.
  domain: automation
  author: Safe Power
  source_url: @@RAW@@offline.yaml
  homeassistant:
    min_version: "2026.10.0"
  input:
@@BOXES@@    offline_section:
      name: Offline
      icon: mdi:lan-disconnect
      input:
        offline_for:
          name: Offline for at least
          description: >-
            Alert when a box has been offline this long (a box that went offline right after an
            alarm is reported at once).
          default:
            hours: 0
            minutes: 1
            seconds: 0
          selector:
            duration: {}
        after_alarm_window:
          name: Offline after an alarm within
          description: An alarm this long before going offline makes it an urgent alert.
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
            Their bound clients get a warning with "Power off" for their own box and
            "Acknowledge", and an all-clear when the box is back.
          default: true
          selector:
            boolean: {}
@@NOTIFY_INPUTS@@
mode: parallel
max: 25
max_exceeded: warning

triggers:
  - trigger: event.received
    target:
      device_id: !input boxes
    options:
      event_type:
        - alarm

variables:
  kind: offline
  offline_for: !input offline_for
  after_alarm_window: !input after_alarm_window
  distance: !input distance
  delta: !input delta
  min_offline: !input min_offline
  warn_neighbours: !input warn_neighbours
  offline_for_s: >-
@@OFFLINE_FOR_S@@
  after_s: >-
@@AFTER_S@@
  delta_s: >-
@@DELTA_S@@
@@COMMON_VARIABLES@@
conditions:
  - condition: template
    value_template: >-
      {{ trigger.to_state is not none and trigger.to_state.attributes.get('cause') == 'offline' }}

actions:
  - variables:
      ctx: "{{ context.id }}"
@@RECORD@@
      log: "{{ trigger.entity_id }}"
      since: "{{ rec.time or now().isoformat() }}"
  - action: safe_power.offline_after_alarm
    data:
      device_id: "{{ d }}"
      window: "{{ after_s }}"
    response_variable: after
  - variables:
      after_alarm: "{{ after.get('after_alarm', false) and after.get('alarm') is mapping }}"
      nb: {}
      warned: []
      acked: false
      cut: []
      next_at: 0
      alert_on: false
      outbox: []
      done: false
      first: true
      tapped: ''
      phase: "{{ 'alert' if after_alarm else 'grace' }}"
      grace_until: "{{ now().timestamp() + offline_for_s }}"
  - repeat:
      sequence:
        - variables:
            tapped: ''
            now_ts: "{{ now().timestamp() }}"
            back: >-
              {{ state_attr(log, 'event_type') == 'cleared' and state_attr(log, 'cause') == 'offline' }}
            done: "{{ back }}"
            check_neighbours: "{{ not back and nb == {} and now_ts >= grace_until }}"
        # 1. Still offline after the grace time: who else went offline around it.
        - if: "{{ check_neighbours }}"
          then:
            - action: safe_power.offline_neighbours
              data:
                device_id: "{{ d }}"
                distance: "{{ distance }}"
                delta: "{{ delta_s }}"
              response_variable: found
            - variables:
                nb: "{{ found }}"
                phase: alert
                next_at: >-
                  {{ 0 if not after_alarm or (found.get('offline', []) | count) >= (min_offline | int)
                     else next_at }}
        - variables:
            correlated: "{{ nb != {} and (nb.get('offline', []) | count) >= (min_offline | int) }}"
            due: "{{ phase == 'alert' and not acked and not done and now_ts >= next_at }}"
            # The neighbours still online to warn (once), each to its own bound clients.
            to_warn: >-
              {{ (nb.get('online', []) | selectattr('notify_targets') | rejectattr('device_id', 'in', warned) | list)
                 if correlated and warn_neighbours and not done else [] }}
        # 2. The messages.
        - variables:
            outbox: |-
              {{- NUM -}}{{- WHEN -}}@@WHERE@@@@MEASURE@@
              {%- set sep = '：' if lang == 'zh' else ': ' -%}
              {%- set ns = namespace(out=outbox) -%}
              {%- set mins = (((now_ts - as_timestamp(since, now_ts)) / 60) | round(0) | int) -%}
              {%- set offl = nb.get('offline', []) -%}
              {%- set onl = nb.get('online', []) -%}
              {%- if done and phase == 'alert' -%}
                {%- set msg = (rec.name ~ ' 已恢复在线（' ~ when(now().isoformat()) ~ '）。') if lang == 'zh'
                      else (rec.name ~ ' is back online (' ~ when(now().isoformat()) ~ ').') -%}
                {%- set ns.out = ns.out + [{'tag': 'safe_power_offline_' ~ d, 'title': '✅ ' ~ L.all_clear ~ ' · ' ~ rec.name,
                      'message': msg ~ '\n' ~ L.area ~ sep ~ (rec.area or L.not_set) ~ '\n' ~ L.location ~ sep ~ (rec.location or L.not_set),
                      'spoken': msg, 'kind': 'clear', 'clients': rec.clients, 'actions': []}] -%}
                {%- for w in onl if w.device_id in warned -%}
                  {%- set ns.out = ns.out + [{'tag': 'safe_power_offline_warning_' ~ w.device_id,
                        'title': '✅ ' ~ L.all_clear ~ ' · ' ~ w.name, 'message': msg, 'spoken': '',
                        'kind': 'clear', 'audience': 'clients', 'clients': w.notify_targets, 'actions': []}] -%}
                {%- endfor -%}
              {%- elif due -%}
                {%- if after_alarm -%}
                  {%- set al = after.alarm -%}
                  {%- set acause = L.short.get(al.cause, al.cause) -%}
                  {%- set u = al.get('unit') or '' -%}
                  {%- set gap = num(after.get('gap')) -%}
                  {%- if lang == 'zh' -%}
                    {%- set title = '🔥 ' ~ (L.reminder if not first else '') ~ '报警后离线 · ' ~ rec.name -%}
                    {%- set head = rec.name ~ ' 在' ~ acause ~ '报警'
                          ~ ('（' ~ num(al.get('value')) ~ ' ' ~ u ~ '，阈值 ' ~ num(al.get('threshold')) ~ ' ' ~ u ~ '，' ~ when(al.get('time')) ~ '）' if al.get('value') is not none else '（' ~ when(al.get('time')) ~ '）')
                          ~ '后 ' ~ gap ~ ' 秒离线，线路或探测器可能已被烧毁，请立即到现场检查！' -%}
                    {%- set spoken = L.warning ~ '：' ~ rec.name ~ ' 在' ~ acause ~ '报警后离线，请立即到现场检查。' -%}
                  {%- else -%}
                    {%- set title = '🔥 ' ~ (L.reminder if not first else '') ~ 'Offline after an alarm · ' ~ rec.name -%}
                    {%- set head = rec.name ~ ' went offline ' ~ gap ~ ' s after its ' ~ acause ~ ' alarm'
                          ~ (' (' ~ num(al.get('value')) ~ ' ' ~ u ~ ', limit ' ~ num(al.get('threshold')) ~ ' ' ~ u ~ ', at ' ~ when(al.get('time')) ~ ')' if al.get('value') is not none else ' (at ' ~ when(al.get('time')) ~ ')')
                          ~ ': the fire may have damaged the wiring or the detector. Check on site now!' -%}
                    {%- set spoken = L.warning ~ '. ' ~ rec.name ~ ' went offline after its ' ~ acause ~ ' alarm. Check on site now.' -%}
                  {%- endif -%}
                {%- else -%}
                  {%- if lang == 'zh' -%}
                    {%- set title = '📴 ' ~ (L.reminder if not first else '') ~ L.causes.offline ~ ' · ' ~ rec.name -%}
                    {%- set head = rec.name ~ ' 自 ' ~ when(since) ~ ' 起无响应，已离线 ' ~ mins ~ ' 分钟（告警阈值 ' ~ num((offline_for_s / 60) | round(1)) ~ ' 分钟）。请检查网关、通信总线和配电箱供电。' -%}
                    {%- set spoken = rec.name ~ ' 已离线 ' ~ mins ~ ' 分钟。' -%}
                  {%- else -%}
                    {%- set title = '📴 ' ~ (L.reminder if not first else '') ~ L.causes.offline ~ ' · ' ~ rec.name -%}
                    {%- set head = rec.name ~ ' has not answered since ' ~ when(since) ~ ': offline for ' ~ mins ~ ' min (alert after ' ~ num((offline_for_s / 60) | round(1)) ~ ' min). Check the gateway, the bus and the box\'s supply.' -%}
                    {%- set spoken = rec.name ~ ' has been offline for ' ~ mins ~ ' minutes.' -%}
                  {%- endif -%}
                {%- endif -%}
                {%- set corr = '' -%}
                {%- if correlated -%}
                  {%- set ns2 = namespace(l=[]) -%}
                  {%- for o in offl -%}
                    {%- set ns2.l = ns2.l + [o.name ~ (('（相距 ' ~ num(o.get('distance')) ~ ' 米，' ~ when(o.get('offline_at')) ~ ' 离线）') if lang == 'zh' else (' (' ~ num(o.get('distance')) ~ ' m, offline at ' ~ when(o.get('offline_at')) ~ ')'))
                          ~ (('，' if lang == 'zh' else ', ') ~ (o.get('area') or '') ~ (' · ' ~ o.location if o.get('location') else '') if o.get('area') or o.get('location') else '')] -%}
                  {%- endfor -%}
                  {%- set still = onl | map(attribute='name') | list -%}
                  {%- if lang == 'zh' -%}
                    {%- set corr = '\n' ~ num(distance | float) ~ ' 米内另有 ' ~ (offl | count) ~ ' 个配电箱在 ' ~ num((delta_s / 60) | round(1)) ~ ' 分钟内相继离线，可能是区域停电，或火灾损坏了共用线路：\n' ~ (ns2.l | join('\n'))
                          ~ ('\n附近仍在线：' ~ (still | join('、')) ~ ('（已通知其用户）' if warn_neighbours else '') if still else '') -%}
                  {%- else -%}
                    {%- set corr = '\n' ~ (offl | count) ~ ' other box' ~ ('es' if offl | count != 1 else '') ~ ' within ' ~ num(distance | float) ~ ' m went offline within ' ~ num((delta_s / 60) | round(1)) ~ ' min: an area power cut, or a fire on a shared feeder:\n' ~ (ns2.l | join('\n'))
                          ~ ('\nStill online nearby: ' ~ (still | join(', ')) ~ (' (their users have been warned)' if warn_neighbours else '') if still else '') -%}
                  {%- endif -%}
                {%- endif -%}
                {%- set msg = head ~ '\n' ~ where(dict(rec, time=since)) ~ corr ~ likely(rec) -%}
                {%- set ns.out = ns.out + [{'tag': 'safe_power_offline_' ~ d, 'title': title, 'message': msg,
                      'spoken': spoken, 'kind': 'alarm', 'new': first, 'clients': rec.clients,
                      'alarm': dict(rec, cause='offline', offline_at=since, after_alarm=after_alarm),
                      'actions': [{'action': 'SAFEPOWER_ACK_' ~ ctx ~ '_' ~ d, 'title': L.ack}]}] -%}
              {%- endif -%}
              {%- for w in to_warn -%}
                {%- set names = nb.get('offline', []) | map(attribute='name') | list -%}
                {%- if lang == 'zh' -%}
                  {%- set title = '⚠️ 附近配电箱离线 · ' ~ w.name -%}
                  {%- set msg = w.name ~ '（' ~ (w.get('area') or L.not_set) ~ ' · ' ~ (w.get('location') or L.not_set) ~ '）仍在线，但 '
                        ~ num(distance | float) ~ ' 米内有 ' ~ ((names | count) + 1) ~ ' 个配电箱在 ' ~ when(since) ~ ' 前后同时离线：'
                        ~ ([rec.name] + names) | join('、') ~ '（' ~ w.name ~ ' 距 ' ~ rec.name ~ ' ' ~ num(w.get('distance')) ~ ' 米）。如发现冒烟、焦味或起火，请立即切断 ' ~ w.name ~ ' 的电源。' -%}
                {%- else -%}
                  {%- set title = '⚠️ Boxes near ' ~ w.name ~ ' went offline' -%}
                  {%- set msg = w.name ~ ' (' ~ (w.get('area') or L.not_set) ~ ' · ' ~ (w.get('location') or L.not_set) ~ ') is still online, but '
                        ~ ((names | count) + 1) ~ ' boxes within ' ~ num(distance | float) ~ ' m went offline together around ' ~ when(since) ~ ': '
                        ~ ([rec.name] + names) | join(', ') ~ ' (' ~ w.name ~ ' is ' ~ num(w.get('distance')) ~ ' m from ' ~ rec.name ~ '). If you see smoke or fire, cut the power of ' ~ w.name ~ ' now.' -%}
                {%- endif -%}
                {%- set ns.out = ns.out + [{'tag': 'safe_power_offline_warning_' ~ w.device_id, 'title': title,
                      'message': msg, 'spoken': '', 'kind': 'alarm', 'audience': 'clients',
                      'clients': w.notify_targets,
                      'actions': [{'action': 'SAFEPOWER_OFF_' ~ ctx ~ '_' ~ w.device_id, 'title': L.power_off ~ ' · ' ~ w.name,
                                   'destructive': true, 'authenticationRequired': true},
                                  {'action': 'SAFEPOWER_ACK_' ~ ctx ~ '_' ~ w.device_id, 'title': L.ack}]}] -%}
              {%- endfor -%}
              {{ ns.out }}
            warned: "{{ warned + (to_warn | map(attribute='device_id') | list) }}"
            next_at: "{{ (now_ts + interval_s if interval_s > 0 else 1e12) if due else next_at }}"
            first: "{{ first and not due }}"
@@SEND@@
@@ALERT_OFF_1@@
        # 3. Wait for a tap, the box's return, the end of the grace time or the next repeat.
        - if: "{{ not done }}"
          then:
            - variables:
                timeout_s: >-
                  {%- set ns = namespace(t=[3600]) -%}
                  {%- if nb == {} -%}{%- set ns.t = ns.t + [grace_until - now_ts] -%}{%- endif -%}
                  {%- if phase == 'alert' and not acked and interval_s > 0 -%}{%- set ns.t = ns.t + [next_at - now_ts] -%}{%- endif -%}
                  {{ [ns.t | min, 1] | max }}
            - wait_for_trigger:
                - trigger: event
                  event_type: mobile_app_notification_action
                - trigger: template
                  value_template: >-
                    {{ state_attr(log, 'event_type') == 'cleared' and state_attr(log, 'cause') == 'offline' }}
              timeout: "{{ timeout_s }}"
              continue_on_timeout: true
            - variables:
                tapped: >-
                  {{ (wait.trigger.event.data.get('action', '') | string)
                     if wait.trigger and wait.trigger.event is defined else '' }}
        # 4. A tap: Acknowledge stops the repeats; Power off (this run's, from a warned
        #    neighbour's client) cuts that neighbour's supply.
        - if: "{{ not done and tapped != '' }}"
          then:
@@PARSE_ACTION@@
            - if: "{{ verb == 'ACK' and act_dev == d }}"
              then:
                - variables:
                    acked: true
@@POWER_OFF@@
@@ALERT_OFF_2@@
        - if: "{{ done and phase == 'grace' }}"
          then:
            - stop: Back online within the grace time
      until: "{{ done and outbox | count == 0 }}"
@@ALERT_OFF_END@@
"""


def _common(text: str) -> str:
    text = text.replace("@@BOXES@@", BOXES_INPUT)
    text = text.replace("@@NOTIFY_INPUTS@@", NOTIFY_INPUTS.rstrip("\n"))
    text = text.replace("@@COMMON_VARIABLES@@", COMMON_VARIABLES.rstrip("\n"))
    text = text.replace("@@RECORD@@", RECORD)
    text = text.replace("@@SEND@@", SEND)
    text = text.replace("@@PARSE_ACTION@@", PARSE_ACTION.lstrip("\n"))
    text = text.replace("@@WHERE@@", WHERE).replace("@@MEASURE@@", MEASURE)
    text = text.replace("{{- NUM -}}", NUM).replace("{{- WHEN -}}", WHEN)
    text = text.replace("@@RAW@@", RAW)
    return text


def render_all() -> dict[str, str]:
    neighbours = _common(NEIGHBOURS)
    neighbours = neighbours.replace("@@WINDOW_S@@", seconds("window"))
    neighbours = neighbours.replace(
        "@@ALERT_OFF_1@@", ALERT_OFF.replace("@@QUIET@@", "acked or done")
    )
    neighbours = neighbours.replace(
        "@@ALERT_OFF_2@@",
        ALERT_OFF.replace("@@QUIET@@", "acked").replace("\n        ", "\n            "),
    )
    neighbours = neighbours.replace(
        "@@ALERT_OFF_END@@", ALERT_OFF.replace("@@QUIET@@", "true").replace("\n        ", "\n  ")
    )

    offline = _common(OFFLINE)
    offline = offline.replace("@@OFFLINE_FOR_S@@", seconds("offline_for"))
    offline = offline.replace("@@AFTER_S@@", seconds("after_alarm_window"))
    offline = offline.replace("@@DELTA_S@@", seconds("delta"))
    offline = offline.replace("@@ALERT_OFF_1@@", ALERT_OFF.replace("@@QUIET@@", "acked or done"))
    offline = offline.replace(
        "@@ALERT_OFF_2@@",
        ALERT_OFF.replace("@@QUIET@@", "acked").replace("\n        ", "\n            "),
    )
    offline = offline.replace(
        "@@ALERT_OFF_END@@", ALERT_OFF.replace("@@QUIET@@", "true").replace("\n        ", "\n  ")
    )
    offline = offline.replace(
        "@@POWER_OFF@@",
        POWER_OFF.lstrip("\n")
        .replace("@@OFF_SCOPE@@", "warned")
        .replace("@@KIND@@", "offline")
        .replace(
            "@@OFF_CLIENTS@@",
            "(nb.get('online', []) | selectattr('device_id', 'eq', act_dev) | map(attribute='notify_targets') | first | default([]))",
        )
        .replace("@@OFF_AUDIENCE@@", "'all'"),
    )
    for name, text in (("neighbour_correlation", neighbours), ("offline", offline)):
        assert "@@" not in text, (name, [l for l in text.splitlines() if "@@" in l])
    return {"neighbour_correlation": neighbours, "offline": offline}

"""Shared text blocks of the Safe Power blueprints (generator, not shipped)."""

RAW = "https://github.com/safe-power/safe-power/blob/main/blueprints/automation/safe_power/"

# ---------------------------------------------------------------------------------------------
# Inputs shared by every blueprint (notifications, voice, sirens, extra actions).
NOTIFY_INPUTS = r"""
    notify_section:
      name: Notifications
      icon: mdi:cellphone-message
      description: >-
        Who hears about it. Phones with the Home Assistant Companion app get actionable
        notifications (Power off, Acknowledge) through the legacy notify.mobile_app_<device>
        action; the other targets get the text.
      input:
        mobile_devices:
          name: Phones (Companion app)
          description: >-
            Mobile app devices; each gets an actionable notification with "Power off" (cuts
            that box's supply through safe_power.power_off, with read-back) and "Acknowledge"
            (stops the repeats).
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
          description: Notify entities (notify.send_message), for example an SMS or e-mail entity. Text only.
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
            notify.sms_duty_electrician. They get title and message. A name that does not
            exist stops the alert (see the automation's trace), so check the spelling.
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
        repeat_interval:
          name: Repeat every
          description: >-
            Send the notification again at this interval until it is acknowledged or the
            condition has cleared. 0 sends it once.
          default:
            hours: 0
            minutes: 5
            seconds: 0
          selector:
            duration: {}
    voice_section:
      name: Voice
      icon: mdi:bullhorn
      collapsed: true
      input:
        tts_entity:
          name: Text-to-speech engine
          description: The tts entity that speaks on the media players below (tts.speak).
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
          description: Assist satellites that announce the alarm (assist_satellite.announce).
          default: []
          selector:
            entity:
              multiple: true
              filter:
                - domain: assist_satellite
    alert_section:
      name: Sirens and lights
      icon: mdi:alarm-light
      collapsed: true
      input:
        alert_entities:
          name: Turn on
          description: >-
            Sirens, lights or switches turned on with the alarm and off again when every box is
            acknowledged or clear.
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
    extra_section:
      name: Extra actions
      icon: mdi:script-text
      collapsed: true
      input:
        extra_actions:
          name: Extra actions
          description: >-
            Run once for every box that starts alarming (calls, SMS gateways, scripts). They see
            the variables alarm (cause, value, threshold, unit, time, name, area, location,
            device_id, channel, source, diagnosis), title and message.
          default: []
          selector:
            action: {}
"""

# ---------------------------------------------------------------------------------------------
# Automation variables shared by every blueprint: inputs, texts of both languages.
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
  repeat_interval: !input repeat_interval
  interval_s: >-
    {%- set r = repeat_interval -%}
    {%- if r is mapping -%}
      {{ ((r.get('days', 0) | float(0)) * 86400 + (r.get('hours', 0) | float(0)) * 3600
          + (r.get('minutes', 0) | float(0)) * 60 + (r.get('seconds', 0) | float(0))) | int }}
    {%- elif r is number -%}
      {{ r | int }}
    {%- else -%}
      {{ (as_timedelta(r | string) or as_timedelta('0')).total_seconds() | int }}
    {%- endif -%}
  mobile_services: >-
    {%- set ns = namespace(out=[]) -%}
    {%- for d in mobile_devices -%}
      {%- set n = device_attr(d, 'name') -%}
      {%- if n -%}{%- set ns.out = ns.out + ['notify.mobile_app_' ~ (n | slugify)] -%}{%- endif -%}
    {%- endfor -%}
    {{ ns.out }}
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
        unbalance: Phase unbalance
        sensor_fault: Sensor fault
        contactor_tripped: Contactor tripped
        offline: Box offline
      short:
        overcurrent: overload
        cable_over_temperature: cable over-temperature
        box_over_temperature: box over-temperature
        leakage: leakage
        overvoltage: overvoltage
        undervoltage: undervoltage
        phase_loss: phase loss
        unbalance: unbalance
        sensor_fault: sensor fault
        contactor_tripped: contactor trip
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
      spoken_units:
        A: amperes
        mA: milliamperes
        "°C": degrees Celsius
        V: volts
      device: detector alarm
      user: your limit
      box: Box
      area: Area
      location: Location
      time: Time
      not_set: not set
      likely: Likely cause
      power_off: Power off
      ack: Acknowledge
      reminder: "Reminder: "
      all_clear: All clear
      power_cut: Power cut
      power_failed: Power off failed
      offline_now: "The box is offline now: the last reading is shown."
      warning: Warning
    zh:
      causes:
        overcurrent: 过载
        cable_over_temperature: 线缆温度过高
        box_over_temperature: 箱体温度过高
        leakage: 剩余电流（漏电）超限
        overvoltage: 过压
        undervoltage: 欠压
        phase_loss: 缺相
        unbalance: 三相不平衡
        sensor_fault: 传感器故障
        contactor_tripped: 接触器跳闸
        offline: 配电箱离线
      short:
        overcurrent: 过载
        cable_over_temperature: 线缆超温
        box_over_temperature: 箱体超温
        leakage: 漏电
        overvoltage: 过压
        undervoltage: 欠压
        phase_loss: 缺相
        unbalance: 三相不平衡
        sensor_fault: 传感器故障
        contactor_tripped: 接触器跳闸
      channels:
        current_a: A相电流
        current_b: B相电流
        current_c: C相电流
        current_n: 中性线电流
        leakage_current: 剩余电流
        cable_temperature_a: A相线缆温度
        cable_temperature_b: B相线缆温度
        cable_temperature_c: C相线缆温度
        cable_temperature_n: 中性线线缆温度
        box_temperature: 箱内温度
        voltage_a: A相电压
        voltage_b: B相电压
        voltage_c: C相电压
        current_unbalance: 电流不平衡度
        voltage_unbalance: 电压不平衡度
      spoken_units:
        A: 安
        mA: 毫安
        "°C": 摄氏度
        V: 伏
      device: 探测器报警
      user: 自设阈值
      box: 配电箱
      area: 区域
      location: 位置
      time: 时间
      not_set: 未设置
      likely: 可能原因
      power_off: 切断电源
      ack: 确认
      reminder: 再次提醒：
      all_clear: 已恢复正常
      power_cut: 已切断电源
      power_failed: 断电失败
      offline_now: 配电箱当前离线，显示的是最后一次读数。
      warning: 警告
  L: "{{ texts[lang] if lang in texts else texts.en }}"
"""

# ---------------------------------------------------------------------------------------------
# Jinja pieces. `r` is an alarm record: device_id, name, area, location, cause, channel, value,
# threshold, unit, time, source (device|user), diagnosis, clients.
NUM = (
    "{%- macro num(x) -%}{%- if x is number -%}{%- set s = '%.1f' | format(x) -%}"
    "{{ s[:-2] if s.endswith('.0') else s }}{%- elif x is none -%}?{%- else -%}{{ x }}"
    "{%- endif -%}{%- endmacro -%}"
)
WHEN = (
    "{%- macro when(t) -%}{{ as_timestamp(t, now().timestamp()) | "
    "timestamp_custom('%Y-%m-%d %H:%M:%S') }}{%- endmacro -%}"
)
# The lines every alarm message carries: where and when, then the likely cause.
WHERE = r"""
              {%- macro where(r) -%}
              {{ L.box }}{{ '：' if lang == 'zh' else ': ' }}{{ r.name }}
              {{ L.area }}{{ '：' if lang == 'zh' else ': ' }}{{ r.area or L.not_set }}
              {{ L.location }}{{ '：' if lang == 'zh' else ': ' }}{{ r.location or L.not_set }}
              {{ L.time }}{{ '：' if lang == 'zh' else ': ' }}{{ when(r.time) }}
              {%- endmacro -%}
              {%- macro likely(r) -%}
              {%- for d in (r.diagnosis or [])[:2] if d is mapping -%}
              {{ '\n' }}{{ L.likely }}{{ '：' if lang == 'zh' else ': ' }}{{ d.zh if lang == 'zh' else d.en }}
              {%- if d.confidence is number -%}
              {{ '（可能性 ' if lang == 'zh' else ' (' }}{{ (d.confidence * 100) | round | int }}%{{ '）' if lang == 'zh' else ')' }}
              {%- endif -%}
              {%- endfor -%}
              {%- endmacro -%}"""
# One alarm line: "Phase A current 94.5 A, above the limit of 63 A (detector alarm)."
MEASURE = r"""
              {%- macro measure(r) -%}
              {%- set chan = L.channels.get(r.channel, r.channel or '') -%}
              {%- set u = r.unit or '' -%}
              {%- set src = L.device if r.source == 'device' else L.user -%}
              {%- if r.value is none -%}
              {{ L.causes.get(r.cause, r.cause) }}{{ '（' ~ src ~ '）。' if lang == 'zh' else ' (' ~ src ~ ').' }}
              {%- elif lang == 'zh' -%}
              {{ chan }} {{ num(r.value) }} {{ u }}，超过阈值 {{ num(r.threshold) }} {{ u }}（{{ src }}）。
              {%- else -%}
              {{ chan }} {{ num(r.value) }} {{ u }}, above the limit of {{ num(r.threshold) }} {{ u }} ({{ src }}).
              {%- endif -%}
              {%- endmacro -%}"""
SPOKEN_MEASURE = r"""
              {%- macro say(r) -%}
              {%- set chan = L.channels.get(r.channel, r.channel or '') -%}
              {%- set u = L.spoken_units.get(r.unit, r.unit or '') -%}
              {%- if lang == 'zh' -%}
              {{ L.warning }}：{{ r.name }}{{ L.causes.get(r.cause, r.cause) }}{{ '，区域：' ~ r.area if r.area else '' }}。
              {%- if r.value is not none -%}{{ chan }} {{ num(r.value) }} {{ u }}，阈值 {{ num(r.threshold) }} {{ u }}。{%- endif -%}
              {%- else -%}
              {{ L.warning }}. {{ L.causes.get(r.cause, r.cause) }} at {{ r.name }}{{ ', area ' ~ r.area if r.area else '' }}.
              {%- if r.value is not none %} {{ chan }} {{ num(r.value) }} {{ u }}, limit {{ num(r.threshold) }} {{ u }}.{%- endif -%}
              {%- endif -%}
              {%- endmacro -%}"""

# ---------------------------------------------------------------------------------------------
# Sends every message of `outbox`: phones and bound clients that are notify actions
# (actionable), bound clients that are notify entities and the notify entities input (title and
# message), other notify actions, the persistent notification, voice; sirens on with the first
# alarm; extra actions once for every box that starts alarming.
# An outbox item: tag, title, message, spoken, kind (alarm|clear|info), clients, actions, alarm.
SEND = r"""
        - repeat:
            for_each: "{{ outbox }}"
            sequence:
              - variables:
                  item: "{{ repeat.item }}"
                  everyone: "{{ item.get('audience', 'all') == 'all' }}"
                  recipients: >-
                    {{ ((mobile_services if everyone else [])
                        + ((item.clients or []) if bound_clients or not everyone else []))
                       | unique | list }}
                  # A bound client is a notify action (notify.mobile_app_x: the buttons come
                  # along) or a notify entity (title and message through notify.send_message;
                  # once only when it is among the notify entities below as well).
                  notify_entity_ids: "{{ states.notify | map(attribute='entity_id') | list }}"
                  targets: "{{ recipients | reject('in', notify_entity_ids) | list }}"
                  client_entities: >-
                    {{ recipients | select('in', notify_entity_ids)
                       | reject('in', notify_entities if everyone else []) | list }}
              - if: "{{ client_entities | count > 0 }}"
                then:
                  - action: notify.send_message
                    continue_on_error: true
                    target:
                      entity_id: "{{ client_entities }}"
                    data:
                      title: "{{ item.title }}"
                      message: "{{ item.message }}"
              - repeat:
                  for_each: "{{ targets }}"
                  sequence:
                    - action: "{{ repeat.item }}"
                      continue_on_error: true
                      data:
                        title: "{{ item.title }}"
                        message: "{{ item.message }}"
                        data: >-
                          {%- set d = {'tag': item.tag, 'group': 'safe_power',
                                       'channel': 'Safe Power alarms' if item.kind == 'alarm' else 'Safe Power',
                                       'importance': 'high', 'priority': 'high', 'ttl': 0,
                                       'push': {'interruption-level': 'time-sensitive' if item.kind == 'alarm' else 'active'}} -%}
                          {%- if item.actions -%}
                            {{ dict(d, actions=item.actions) }}
                          {%- else -%}
                            {{ d }}
                          {%- endif -%}
              - if: "{{ everyone and notify_entities | count > 0 }}"
                then:
                  - action: notify.send_message
                    continue_on_error: true
                    target:
                      entity_id: "{{ notify_entities }}"
                    data:
                      title: "{{ item.title }}"
                      message: "{{ item.message }}"
              - repeat:
                  for_each: "{{ notify_actions if everyone else [] }}"
                  sequence:
                    - action: "{{ repeat.item }}"
                      continue_on_error: true
                      data:
                        title: "{{ item.title }}"
                        message: "{{ item.message }}"
              - if: "{{ everyone and persistent }}"
                then:
                  - action: persistent_notification.create
                    continue_on_error: true
                    data:
                      notification_id: "{{ item.tag }}"
                      title: "{{ item.title }}"
                      message: "{{ item.message }}"
              - if: "{{ everyone and (item.spoken or '') != '' and tts_entity not in ['', none] and media_players | count > 0 }}"
                then:
                  - action: tts.speak
                    continue_on_error: true
                    target:
                      entity_id: "{{ tts_entity }}"
                    data:
                      media_player_entity_id: "{{ media_players }}"
                      message: "{{ item.spoken }}"
              - if: "{{ everyone and (item.spoken or '') != '' and satellites | count > 0 }}"
                then:
                  - action: assist_satellite.announce
                    continue_on_error: true
                    target:
                      entity_id: "{{ satellites }}"
                    data:
                      message: "{{ item.spoken }}"
              - if: "{{ everyone and item.kind == 'alarm' and alert_entities | count > 0 and not alert_on }}"
                then:
                  - action: homeassistant.turn_on
                    continue_on_error: true
                    target:
                      entity_id: "{{ alert_entities }}"
                  - variables:
                      alert_on: true
              - if: "{{ everyone and item.kind == 'alarm' and item.get('new', false) }}"
                then:
                  - variables:
                      alarm: "{{ item.alarm }}"
                      title: "{{ item.title }}"
                      message: "{{ item.message }}"
                  - sequence: !input extra_actions
                    continue_on_error: true
        - variables:
            outbox: []"""

ALERT_OFF = r"""
        - if: "{{ alert_on and (@@QUIET@@) }}"
          then:
            - action: homeassistant.turn_off
              continue_on_error: true
              target:
                entity_id: "{{ alert_entities }}"
            - variables:
                alert_on: false"""

# The power-off handling after a tap: `act_dev` must be one of this run's boxes and the key
# this run's; the result is read back from the box's contactor switch.
POWER_OFF = r"""
            - if: "{{ verb == 'OFF' and act_ctx == ctx and act_dev in @@OFF_SCOPE@@ }}"
              then:
                - action: safe_power.power_off
                  continue_on_error: true
                  data:
                    device_id: "{{ act_dev }}"
                - variables:
                    contactor: >-
                      {{ device_entities(act_dev) | select('match', '^switch[.]') | map('states')
                         | first | default('unknown') }}
                    cut: "{{ (cut + [act_dev]) | unique | list if contactor == 'off' else cut }}"
                    box_name: >-
                      {{ device_attr(act_dev, 'name_by_user') or device_attr(act_dev, 'name') }}
                    box_area: "{{ area_name(act_dev) }}"
                    outbox: >-
                      {%- set ok = contactor == 'off' -%}
                      {%- if lang == 'zh' -%}
                        {%- set title = ('🔌 ' ~ L.power_cut if ok else '❌ ' ~ L.power_failed) ~ ' · ' ~ box_name -%}
                        {%- set msg = ('已切断 ' ~ box_name ~ ' 的电源：接触器已断开，已回读确认。') if ok
                              else (box_name ~ ' 断电失败：接触器未确认断开，请立即到现场断电！') -%}
                      {%- else -%}
                        {%- set title = ('🔌 ' ~ L.power_cut if ok else '❌ ' ~ L.power_failed) ~ ' · ' ~ box_name -%}
                        {%- set msg = ('The contactor of ' ~ box_name ~ ' is open, confirmed by read-back.') if ok
                              else ('Could not cut the power at ' ~ box_name ~ ': the contactor did not confirm. Cut it on site now!') -%}
                      {%- endif -%}
                      {{ outbox + [{'tag': 'safe_power_@@KIND@@_power_' ~ act_dev, 'title': title,
                                    'message': msg ~ ('\n' ~ L.area ~ ('：' if lang == 'zh' else ': ') ~ box_area if box_area else ''),
                                    'spoken': '', 'kind': 'info', 'audience': @@OFF_AUDIENCE@@,
                                    'clients': @@OFF_CLIENTS@@, 'actions': []}] }}"""

# Parses a tapped action: SAFEPOWER_<VERB>_<run context id>_<device id>.
PARSE_ACTION = r'''
            - variables:
                act: "{{ tapped }}"
                parts: "{{ act.split('_') }}"
                verb: "{{ parts[1] if parts | count == 4 and parts[0] == 'SAFEPOWER' else '' }}"
                act_ctx: "{{ parts[2] if verb else '' }}"
                act_dev: "{{ parts[3] if verb else '' }}"'''

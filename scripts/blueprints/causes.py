"""The cause blueprints: overload, over-temperature, leakage, supply, device fault (generator).

Each one notifies the alarm register's events of its causes (the detector's own alarms and the
user's own limits), and the first four keep the user's own limits: a numeric_state trigger on
the chosen sensors for the duration reports the alarm to the integration
(`safe_power.report_alarm`), which raises it like a detector's alarm (origin `user_limit`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    indent,
    inputs,
    unheard,
    wrap,
)


@dataclass(frozen=True)
class Limit:
    """A user's own limit: sensors compared with a number for a duration."""

    key: str  # trigger ids limit_on:<key> / limit_off:<key>
    cause: str
    sensors: str  # the entity input
    limit: str  # the number input
    unit: str
    channels: dict[str, str]  # entity id ending -> measurement key
    above: bool = True  # alarm above the limit (else below it)


@dataclass(frozen=True)
class Spec:
    """One cause blueprint."""

    title: str
    description: str
    causes: tuple[str, ...]
    limit_inputs: str = ""  # the "Your limit" input section, none without limits
    limits: tuple[Limit, ...] = field(default=())


PHASE_CURRENTS = {
    "phase_a_current": "current_a",
    "phase_b_current": "current_b",
    "phase_c_current": "current_c",
    "neutral_current": "current_n",
}
CABLE_TEMPERATURES = {
    "phase_a_cable_temperature": "cable_temperature_a",
    "phase_b_cable_temperature": "cable_temperature_b",
    "phase_c_cable_temperature": "cable_temperature_c",
    "neutral_cable_temperature": "cable_temperature_n",
}
VOLTAGES = {
    "phase_a_voltage": "voltage_a",
    "phase_b_voltage": "voltage_b",
    "phase_c_voltage": "voltage_c",
}
UNBALANCES = {"voltage_unbalance": "voltage_unbalance", "current_unbalance": "current_unbalance"}

DURATION_INPUT = r"""
duration:
  name: For at least
  description: >-
    How long a reading must stay beyond your limit before the alarm is raised, and back
    within it before the alarm clears.
  default:
    hours: 0
    minutes: @@MIN@@
    seconds: @@SEC@@
  selector:
    duration: {}
device_alarm:
  name: Also the detector's own alarms
  description: >-
    Also notify the alarms the detector raises itself (at the limits set in the detector).
    While the detector alarms a cause for a box, your limit for it sends no second alert.
  default: true
  selector:
    boolean: {}
"""


def _limit_section(icon: str, help_text: str, fields: str, minutes: int, secs: int) -> str:
    duration = DURATION_INPUT.replace("@@MIN@@", str(minutes)).replace("@@SEC@@", str(secs))
    return (
        "limit_section:\n"
        "  name: Your limit\n"
        f"  icon: {icon}\n"
        "  description: >-\n"
        f"    {wrap(help_text, 4, placed=4)}\n"
        "  input:\n" + indent(fields, 4) + "\n" + indent(duration, 4) + "\n"
    )


def _single_limit(
    *,
    sensors_name: str,
    sensors_help: str,
    device_class: str,
    limit_name: str,
    limit_help: str,
    default: str,
    minimum: str,
    maximum: str,
    step: str,
    unit: str,
) -> str:
    return f"""
sensors:
  name: {sensors_name}
  description: >-
    {wrap(sensors_help, 4, placed=8)}
  default: []
  selector:
    entity:
      multiple: true
      filter:
        - integration: safe_power
          domain: sensor
          device_class: {device_class}
limit:
  name: {limit_name}
  description: {limit_help}
  default: {default}
  selector:
    number:
      min: {minimum}
      max: {maximum}
      step: {step}
      unit_of_measurement: "{unit}"
      mode: box
"""


OWN_LIMIT = (
    "Your own limit, independent of the limit set in the detector: set it lower for an early "
    "warning. The integration raises it as an alarm of the box (safe_power.report_alarm) and "
    "handles it like the detector's: reminders, escalation, buttons. "
)

SPECS: dict[str, Spec] = {
    "overload": Spec(
        title="overload",
        description=(
            "Notifies overcurrent alarms of Safe Power boxes: the detector's own, and a phase "
            "current above your own limit for a while."
        ),
        causes=("overcurrent",),
        limit_inputs=_limit_section(
            "mdi:current-ac",
            OWN_LIMIT + "For example 80 % of the rated current of the box's main breaker.",
            _single_limit(
                sensors_name="Phase current sensors",
                sensors_help=(
                    "The phase current sensors your limit applies to (the boxes' …_phase_a_current "
                    "… sensors). Leave it empty to use the detector's alarms only."
                ),
                device_class="current",
                limit_name="Phase current limit",
                limit_help="Alarm when a phase current is above this.",
                default="63",
                minimum="1",
                maximum="6300",
                step="0.5",
                unit="A",
            ),
            1,
            0,
        ),
        limits=(
            Limit(
                "overcurrent", "overcurrent", "sensors", "limit", "A", PHASE_CURRENTS, above=True
            ),
        ),
    ),
    "over_temperature": Spec(
        title="over-temperature",
        description=(
            "Notifies cable and box over-temperature alarms of Safe Power boxes: the "
            "detector's own, and a cable temperature above your own limit for a while."
        ),
        causes=("cable_over_temperature", "box_over_temperature"),
        limit_inputs=_limit_section(
            "mdi:thermometer-alert",
            OWN_LIMIT + "70 °C is the limit of PVC-insulated conductors; use 90 °C for XLPE.",
            _single_limit(
                sensors_name="Cable temperature sensors",
                sensors_help=(
                    "The cable temperature sensors your limit applies to (the boxes' "
                    "…_phase_a_cable_temperature … …_neutral_cable_temperature sensors, not the "
                    "box temperature). Leave it empty to use the detector's alarms only."
                ),
                device_class="temperature",
                limit_name="Cable temperature limit",
                limit_help="Alarm when a cable temperature is above this.",
                default="70",
                minimum="30",
                maximum="200",
                step="1",
                unit="°C",
            ),
            1,
            0,
        ),
        limits=(
            Limit(
                "cable_over_temperature",
                "cable_over_temperature",
                "sensors",
                "limit",
                "°C",
                CABLE_TEMPERATURES,
                above=True,
            ),
        ),
    ),
    "leakage": Spec(
        title="leakage current",
        description=(
            "Notifies leakage (residual current) alarms of Safe Power boxes: the detector's "
            "own, and a leakage current above your own limit for a while."
        ),
        causes=("leakage",),
        limit_inputs=_limit_section(
            "mdi:flash-alert",
            OWN_LIMIT
            + "GB 50116 suggests alarm settings of 300-500 mA for electrical-fire monitoring.",
            _single_limit(
                sensors_name="Leakage current sensors",
                sensors_help=(
                    "The leakage current sensors your limit applies to (the boxes' "
                    "…_leakage_current sensors, in mA). Leave it empty to use the detector's "
                    "alarms only."
                ),
                device_class="current",
                limit_name="Leakage current limit",
                limit_help="Alarm when the leakage current is above this.",
                default="300",
                minimum="10",
                maximum="3000",
                step="10",
                unit="mA",
            ),
            0,
            30,
        ),
        limits=(
            Limit(
                "leakage",
                "leakage",
                "sensors",
                "limit",
                "mA",
                {"leakage_current": "leakage_current"},
                above=True,
            ),
        ),
    ),
    "supply": Spec(
        title="supply",
        description=(
            "Notifies supply alarms of Safe Power boxes: phase loss, supply outage, "
            "overvoltage, undervoltage and unbalance (the detector's own, or read from its "
            "voltages), and a voltage or unbalance beyond your own limits for a while."
        ),
        causes=("phase_loss", "supply_outage", "overvoltage", "undervoltage", "unbalance"),
        limit_inputs=_limit_section(
            "mdi:sine-wave",
            OWN_LIMIT + "A limit of 0 is off.",
            r"""
voltage_sensors:
  name: Voltage sensors
  description: >-
    The phase voltage sensors your voltage limits apply to (the boxes' …_phase_a_voltage …
    sensors). Leave it empty to use the detector's alarms only.
  default: []
  selector:
    entity:
      multiple: true
      filter:
        - integration: safe_power
          domain: sensor
          device_class: voltage
overvoltage_limit:
  name: Overvoltage limit
  description: Alarm when a phase voltage is above this (230 V + 10 % = 253 V).
  default: 253
  selector:
    number:
      min: 0
      max: 1000
      step: 1
      unit_of_measurement: V
      mode: box
undervoltage_limit:
  name: Undervoltage limit
  description: Alarm when a phase voltage is below this (230 V - 10 % = 207 V).
  default: 207
  selector:
    number:
      min: 0
      max: 1000
      step: 1
      unit_of_measurement: V
      mode: box
unbalance_sensors:
  name: Unbalance sensors
  description: >-
    The voltage or current unbalance sensors your unbalance limit applies to (the three-phase
    boxes' …_voltage_unbalance and …_current_unbalance sensors).
  default: []
  selector:
    entity:
      multiple: true
      filter:
        - integration: safe_power
          domain: sensor
unbalance_limit:
  name: Unbalance limit
  description: >-
    Alarm when an unbalance is above this. GB/T 15543 allows 2 % voltage unbalance (4 % for
    short times); current unbalance is a matter of load distribution, often 15-20 %.
  default: 4
  selector:
    number:
      min: 0
      max: 100
      step: 0.5
      unit_of_measurement: "%"
      mode: box
""",
            1,
            0,
        ),
        limits=(
            Limit(
                "overvoltage",
                "overvoltage",
                "voltage_sensors",
                "overvoltage_limit",
                "V",
                VOLTAGES,
                above=True,
            ),
            Limit(
                "undervoltage",
                "undervoltage",
                "voltage_sensors",
                "undervoltage_limit",
                "V",
                VOLTAGES,
                above=False,
            ),
            Limit(
                "unbalance",
                "unbalance",
                "unbalance_sensors",
                "unbalance_limit",
                "%",
                UNBALANCES,
                above=True,
            ),
        ),
    ),
    "device_fault": Spec(
        title="device fault",
        description=(
            "Notifies faults that leave a Safe Power box unwatched or without power: a sensor "
            "fault of the detector, a tripped contactor, and a gateway (or MQTT broker) that "
            "cannot be reached. A gateway outage is its own alarm: the boxes behind it are "
            "neither offline nor cleared, and no area outage is concluded from it."
        ),
        causes=("sensor_fault", "contactor_tripped", "gateway_unreachable"),
    ),
}

HEADER = r"""blueprint:
  name: Safe Power – @@TITLE@@
  description: >-
    @@DESCRIPTION@@


    The integration owns every alarm (its alarm register): it times reminders and escalation
    and answers the phones' "Power off" and "Acknowledge" buttons itself. This automation only
    decides who hears what: each run handles one safe_power_alarm event (raised, reminder,
    escalated, acknowledged, power_result, cleared) and ends, so a restart or an automation
    reload loses nothing. Every alarm says what (cause, value, limit), when and where (box,
    area, location), with the probable cause when the integration has one.
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

triggers:
  - trigger: event
    id: alarm
    event_type: safe_power_alarm
  @@LIMIT_TRIGGERS@@

variables:
  causes: @@CAUSES@@
  types: @@TYPES@@
  @@OWN_VARIABLES@@
  @@COMMON_VARIABLES@@
  @@ESCALATION_VARIABLES@@

conditions:
  - condition: or
    conditions:
      - "{{ trigger.id != 'alarm' }}"
      @@EVENT_CONDITION@@

actions:
  @@ACTIONS@@
"""

# A user's limit crossed (or back within) for the duration: report it to the integration.
REPORT = r"""
- variables:
    own: "{{ user_limits[trigger.id.split(':')[1]] }}"
    raise_it: "{{ trigger.id.startswith('limit_on:') }}"
    sensor: "{{ trigger.entity_id }}"
    box: "{{ device_id(sensor) }}"
- condition: template
  value_template: >-
    {{ box is not none and own.limit | float(0) > 0 and (boxes | count == 0 or box in boxes) }}
- if: "{{ raise_it }}"
  then:
    - action: safe_power.report_alarm
      data: >-
        {%- set ns = namespace(channel=none) -%}
        {%- for ending, key in own.channels.items() if sensor.endswith('_' ~ ending) -%}
          {%- set ns.channel = key -%}
        {%- endfor -%}
        {%- set data = {'device_id': box, 'cause': own.cause, 'active': true,
                        'value': trigger.to_state.state | float, 'threshold': own.limit | float,
                        'unit': own.unit} -%}
        {{ dict(data, channel=ns.channel) if ns.channel else data }}
  else:
    # Back within only when every chosen sensor of the box is.
    - condition: template
      value_template: >-
        {%- set ns = namespace(out=0) -%}
        {%- for s in own.sensors if device_id(s) == box and is_number(states(s)) -%}
          {%- set v = states(s) | float -%}
          {%- if ((v > own.limit | float) if own.above else (v < own.limit | float)) -%}
            {%- set ns.out = ns.out + 1 -%}
          {%- endif -%}
        {%- endfor -%}
        {{ ns.out == 0 }}
    - action: safe_power.report_alarm
      data:
        device_id: "{{ box }}"
        cause: "{{ own.cause }}"
        active: false
        value: "{{ trigger.to_state.state | float }}"
"""

NOTIFY = r"""
- variables:
    e: "{{ trigger.event.data }}"
    kind: "{{ e.type }}"
    level: "{{ e.level | int(0) }}"
    to_level1: "{{ level >= 1 }}"
@@COVERED@@
- variables:
    msg: >-
      @@MACROS@@
      @@BUTTONS@@
      {%- set tag = 'safe_power_' ~ e.alarm_id -%}
      {%- if kind in ['raised', 'reminder', 'escalated'] -%}
        {%- set icon = {'offline': '📴', 'gateway_unreachable': '📡', 'sensor_fault': '🛠️',
                        'contactor_tripped': '⚡'}.get(e.cause, '⚠️') -%}
        {%- set name = L.causes.get(e.cause, e.cause) -%}
        {%- set body = what(e) ~ '\n' ~ where(e) -%}
        {%- set spoken = say(e) -%}
        @@ALARM_MESSAGE@@
      {%- else -%}
        @@FOLLOW_UP_MESSAGE@@
      {%- endif -%}
    skip: "{{ kind == 'cleared' and all_clear == 'none' }}"
@@RECIPIENTS@@
@@SEND@@
@@ON_RAISED@@
@@ON_LEVEL2@@
@@ALERT_OFF@@
@@SEND_ACTIONS@@
"""

# A user's limit raised while the detector's alarm of the cause was open is covered by it (the
# register says which): not announced while covered, nor its all-clear or acknowledgement if
# it was never announced (it cleared before its first reminder after that alarm ended).
COVERED = r"""
- if: "{{ @@UNHEARD@@ }}"
  then:
    - stop: The detector's own alarm of this cause covers it
""".replace("@@UNHEARD@@", unheard("e"))


def _flow(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(items) + "]"


def _limit_triggers(spec: Spec) -> str:
    out: list[str] = []
    for lim in spec.limits:
        on, off = ("above", "below") if lim.above else ("below", "above")
        for trigger_id, side in ((f"limit_on:{lim.key}", on), (f"limit_off:{lim.key}", off)):
            out.append(
                f"- trigger: numeric_state\n"
                f"  id: {trigger_id}\n"
                f"  entity_id: !input {lim.sensors}\n"
                f"  {side}: !input {lim.limit}\n"
                f"  for: !input duration"
            )
    return "\n".join(out)


def _own_variables(spec: Spec) -> str:
    if not spec.limits:
        return "use_device_alarm: true\nuser_limits: {}"
    lines = ["use_device_alarm: !input device_alarm", "user_limits:"]
    for lim in spec.limits:
        channels = ", ".join(f"{k}: {v}" for k, v in lim.channels.items())
        unit = f'"{lim.unit}"' if lim.unit in ("%", "°C") else lim.unit
        lines += [
            f"  {lim.key}:",
            f"    cause: {lim.cause}",
            f"    sensors: !input {lim.sensors}",
            f"    limit: !input {lim.limit}",
            f"    above: {'true' if lim.above else 'false'}",
            f"    unit: {unit}",
            f"    channels: {{{channels}}}",
        ]
    return "\n".join(lines)


def render(name: str) -> str:
    """Return the blueprint `name` of SPECS."""
    spec = SPECS[name]
    sections = [BOXES_INPUT]
    if spec.limit_inputs:
        sections.append(spec.limit_inputs)
    sections += [
        NOTIFY_INPUTS,
        ESCALATION_INPUTS,
        FOLLOW_UP_INPUTS,
        VOICE_INPUTS,
        ALERT_INPUTS,
        EXTRA_INPUTS,
    ]
    notify = fill(
        NOTIFY,
        COVERED=COVERED if spec.limits else "",
        MACROS=MACROS,
        BUTTONS=BUTTONS,
        ALARM_MESSAGE=ALARM_MESSAGE,
        FOLLOW_UP_MESSAGE=FOLLOW_UP_MESSAGE,
        RECIPIENTS=RECIPIENTS,
        SEND=SEND,
        SEND_ACTIONS=SEND_ACTIONS,
        ON_RAISED=ON_RAISED,
        ON_LEVEL2=ON_LEVEL2,
        ALERT_OFF=fill(ALERT_OFF, SCOPE=SCOPE),
    )
    if spec.limits:
        actions = (
            "- choose:\n"
            "    - conditions: \"{{ trigger.id != 'alarm' }}\"\n"
            "      sequence:\n" + indent(REPORT, 8) + "\n"
            "  default:\n" + indent(notify, 4)
        )
    else:
        actions = notify
    text = fill(
        HEADER,
        INPUTS=inputs(*sections),
        LIMIT_TRIGGERS=_limit_triggers(spec),
        OWN_VARIABLES=_own_variables(spec),
        COMMON_VARIABLES=COMMON_VARIABLES,
        ESCALATION_VARIABLES=ESCALATION_VARIABLES,
        EVENT_CONDITION=fill(EVENT_CONDITION, SCOPE=SCOPE),
        ACTIONS=actions,
    )
    text = (
        text.replace("@@TITLE@@", spec.title)
        .replace("@@DESCRIPTION@@", wrap(spec.description, 4))
        .replace("@@CAUSES@@", _flow(spec.causes))
        .replace("@@TYPES@@", _flow(TYPES))
        .replace("@@RAW@@", RAW)
        .replace("@@FILE@@", name)
    )
    text = "\n".join(line.rstrip() for line in text.split("\n")).rstrip("\n") + "\n"
    assert "@@" not in text, [line for line in text.splitlines() if "@@" in line]
    return text

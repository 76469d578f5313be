"""The MQTT contract, schema version 1: topics, every validation rule, encoders, the document."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
import json
from pathlib import Path
import re
from types import MappingProxyType
from typing import Any

import pytest

from custom_components.safe_power.box import mqtt
from custom_components.safe_power.box.model import (
    LEAKAGE_CHANNELS,
    MAX_CHANNELS,
    QUANTITIES,
    TEMPERATURE_CHANNELS,
    AlarmCause,
    BoxIdentity,
    BoxReading,
    channel_of,
)
from custom_components.safe_power.box.mqtt import (
    DEFAULT_PREFIX,
    DEVICE_CAUSES,
    MAX_PAYLOAD,
    QOS,
    RETAIN,
    SCHEMA_VERSION,
    AlarmMessage,
    BoxConfig,
    BoxLocation,
    Capabilities,
    Command,
    PayloadError,
    StateMessage,
    Topic,
    encode_alarm,
    encode_availability,
    encode_command,
    encode_config,
    encode_state,
    new_command_id,
    parse_alarm,
    parse_availability,
    parse_command,
    parse_command_settings,
    parse_config,
    parse_state,
    parse_topic,
    subscription,
    topic,
    valid_box_id,
    valid_prefix,
)
from custom_components.safe_power.box.profile import SETTING_KEYS

DOC = Path(__file__).parents[2] / "docs" / "mqtt.md"
BOX = "SP24A0001"
T0 = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def _config(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema": 1,
        "box_id": BOX,
        "manufacturer": "Safe Power",
        "model": "SP-400-3P",
        "serial": BOX,
        "firmware": "1.4.2",
        "phases": 3,
        "capabilities": {
            "measurements": list(QUANTITIES),
            "alarms": [c.value for c in DEVICE_CAUSES],
            "contactor": True,
            "commands": [c.value for c in Command],
            "settings": sorted(SETTING_KEYS),
        },
        "location": {
            "text": "B2 floor, east shaft",
            "latitude": 31.2,
            "longitude": 121.4,
            "x": 12.5,
            "y": 40.0,
            "floor": -2,
        },
    }
    doc.update(changes)
    return {k: v for k, v in doc.items() if v is not _ABSENT}


def _state(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema": 1,
        "time": "2026-11-21T12:00:00Z",
        "values": {"voltage_a": 230.1, "current_a": 12.5, "leakage_current": 449.6},
        "alarms": ["leakage"],
        "contactor": "closed",
        "settings": {"leakage_threshold": 300},
    }
    doc.update(changes)
    return {k: v for k, v in doc.items() if v is not _ABSENT}


def _alarm(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema": 1,
        "time": "2026-11-21T12:00:00Z",
        "cause": "leakage",
        "state": "raised",
        "value": 449.6,
        "threshold": 300,
        "channel": "leakage_current",
    }
    doc.update(changes)
    return {k: v for k, v in doc.items() if v is not _ABSENT}


def _command(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"schema": 1, "command": "contactor_open", "id": "c-1"}
    doc.update(changes)
    return {k: v for k, v in doc.items() if v is not _ABSENT}


_ABSENT: Any = object()


def _j(doc: Any) -> str:
    return json.dumps(doc)


def _error(parse: Callable[[str], object], doc: Any) -> str:
    with pytest.raises(PayloadError) as err:
        parse(doc if isinstance(doc, str) else _j(doc))
    return str(err.value)


def _reading(**kwargs: Any) -> BoxReading:
    for key in ("values", "settings"):
        if key in kwargs:
            kwargs[key] = MappingProxyType(kwargs[key])
    return BoxReading(**kwargs)


JSON_PARSERS: dict[str, Callable[[str | bytes], object]] = {
    "config": lambda p: parse_config(p, BOX),
    "state": parse_state,
    "alarm": parse_alarm,
    "command": parse_command,
}
VALID: dict[str, Callable[..., dict[str, Any]]] = {
    "config": _config,
    "state": _state,
    "alarm": _alarm,
    "command": _command,
}


# --- topics -----------------------------------------------------------------------------------


def test_boxes_of_one_model_share_their_capabilities(monkeypatch: pytest.MonkeyPatch) -> None:
    """Equal capabilities are one object, holding the integration's own key strings."""
    monkeypatch.setattr(mqtt, "_SHARED_CAPABILITIES", {})

    def _parsed(box_id: str, **changes: Any) -> mqtt.BoxConfig:
        config = parse_config(json.dumps(_config(box_id=box_id, **changes)), box_id)
        assert config is not None
        return config

    one = _parsed("SP24A0001", serial="SP24A0001")
    two = _parsed("SP24A0002", serial="SP24A0002")
    assert one.identity.serial != two.identity.serial
    assert one.capabilities is two.capabilities
    key = next(iter(one.capabilities.measurements))
    assert key is next(k for k in QUANTITIES if k == key)  # not a copy from the payload
    # Another model's capabilities are its own, equal to what was parsed.
    caps = _config()["capabilities"] | {"measurements": ["voltage_a"], "contactor": False}
    other = _parsed("SP24A0003", capabilities=caps)
    assert other.capabilities is not one.capabilities
    assert other.capabilities.measurements == {"voltage_a"}
    assert other.capabilities.contactor is False
    # Beyond the bound, a box keeps its own object, still equal.
    monkeypatch.setattr(mqtt, "MAX_SHARED_CAPABILITIES", 2)
    settings = _config()["capabilities"] | {"settings": ["leakage_threshold"]}
    third = _parsed("SP24A0004", capabilities=settings)
    again = _parsed("SP24A0005", capabilities=settings)
    assert third.capabilities == again.capabilities
    assert third.capabilities is not again.capabilities
    assert len(mqtt._SHARED_CAPABILITIES) == 2


def test_topics_of_a_box() -> None:
    assert topic(DEFAULT_PREFIX, BOX, Topic.CONFIG) == "safe_power/SP24A0001/config"
    assert topic("site1/safe_power", "box-1_a", Topic.SET) == "site1/safe_power/box-1_a/set"
    assert subscription(DEFAULT_PREFIX, Topic.CONFIG) == "safe_power/+/config"
    for kind in Topic:
        assert parse_topic(topic(DEFAULT_PREFIX, BOX, kind), DEFAULT_PREFIX) == (BOX, kind)
        assert parse_topic(topic("a/b", BOX, kind), "a/b") == (BOX, kind)


@pytest.mark.parametrize(
    "name",
    [
        "safe_power2/SP1/state",  # another prefix that merely starts alike
        "other/SP1/state",
        "safe_power/SP1/status",  # unknown kind
        "safe_power/SP1/state/extra",  # extra level
        "safe_power/SP1",
        "safe_power/state",
        "safe_power//state",  # empty box id
        "safe_power/SP 1/state",
        "safe_power/SP+1/state",
        "safe_power/é/state",
        f"safe_power/{'x' * 65}/state",
        "/safe_power/SP1/state",
        "SAFE_POWER/SP1/state",
        "",
    ],
)
def test_topics_that_do_not_fit_are_none(name: str) -> None:
    assert parse_topic(name, DEFAULT_PREFIX) is None


def test_parse_topic_with_an_invalid_prefix_is_none() -> None:
    assert parse_topic("safe_power/SP1/state", "safe_power/") is None
    assert parse_topic("+/SP1/state", "+") is None


@pytest.mark.parametrize(
    ("box_id", "valid"),
    [
        ("SP24A0001", True),
        ("a", True),
        ("box_1-A", True),
        ("x" * 64, True),
        ("x" * 65, False),
        ("", False),
        ("a b", False),
        ("a/b", False),
        ("a+", False),
        ("a#", False),
        ("box.1", False),
        ("箱1", False),
        ("ａ", False),  # full-width letter
        ("a\n", False),
    ],
)
def test_valid_box_id(box_id: str, valid: bool) -> None:
    assert valid_box_id(box_id) is valid


@pytest.mark.parametrize(
    ("prefix", "valid"),
    [
        ("safe_power", True),
        ("site/1", True),
        ("", False),
        ("a/", False),
        ("/a", False),
        ("a//b", False),
        ("a/+", False),
        ("#", False),
    ],
)
def test_valid_prefix(prefix: str, valid: bool) -> None:
    assert valid_prefix(prefix) is valid


def test_topic_refuses_invalid_parts() -> None:
    with pytest.raises(ValueError, match="box id"):
        topic(DEFAULT_PREFIX, "a/b", Topic.STATE)
    with pytest.raises(ValueError, match="prefix"):
        topic("a/+", BOX, Topic.STATE)
    with pytest.raises(ValueError, match="prefix"):
        subscription("", Topic.STATE)


def test_qos_and_retain_per_topic() -> None:
    assert dict(QOS) == {
        Topic.CONFIG: 1,
        Topic.STATE: 0,
        Topic.ALARM: 1,
        Topic.AVAILABILITY: 1,
        Topic.SET: 1,
    }
    assert {t for t, retained in RETAIN.items() if retained} == {Topic.CONFIG, Topic.AVAILABILITY}


# --- every payload ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", JSON_PARSERS)
def test_the_valid_examples_parse(kind: str) -> None:
    assert JSON_PARSERS[kind](_j(VALID[kind]())) is not None
    assert JSON_PARSERS[kind](_j(VALID[kind]()).encode()) is not None


@pytest.mark.parametrize("kind", JSON_PARSERS)
def test_a_payload_over_the_limit_is_refused_before_parsing(kind: str) -> None:
    parse = JSON_PARSERS[kind]
    text = _j(VALID[kind]())
    at_limit = text + " " * (MAX_PAYLOAD - len(text))
    assert parse(at_limit) is not None
    assert parse(at_limit.encode()) is not None
    over = "{" + " " * MAX_PAYLOAD  # not even JSON: the size is checked first
    assert _error(parse, over) == f"payload: larger than {MAX_PAYLOAD} bytes"
    with pytest.raises(PayloadError, match="larger than"):
        parse(over.encode())
    # the limit counts bytes, not characters
    chinese = text[:-1] + ',"note":"' + "东" * (MAX_PAYLOAD // 3) + '"}'
    assert len(chinese) < MAX_PAYLOAD < len(chinese.encode())
    assert _error(parse, chinese) == f"payload: larger than {MAX_PAYLOAD} bytes"


@pytest.mark.parametrize("kind", JSON_PARSERS)
def test_payload_level_errors(kind: str) -> None:
    parse = JSON_PARSERS[kind]
    good = _j(VALID[kind]()).encode()
    with pytest.raises(PayloadError) as err:
        parse(good[:5] + b"\xff\xfe" + good[5:])
    assert str(err.value) == "payload: not valid UTF-8 (byte 5)"
    assert _error(parse, "\ud800") == "payload: not valid UTF-8 (lone surrogate)"
    assert _error(parse, good.decode()[:-3]).startswith("payload: not valid JSON (")
    assert _error(parse, "{'schema': 1}").startswith("payload: not valid JSON (")
    assert _error(parse, "1" * 5000).startswith("payload: not valid JSON (")
    assert _error(parse, "[" * 8000 + "]" * 8000) == "payload: must be a JSON object"
    assert _error(parse, "null") == "payload: must be a JSON object"
    assert _error(parse, "[1]") == "payload: must be a JSON object"
    assert _error(parse, '"online"') == "payload: must be a JSON object"


@pytest.mark.parametrize("kind", JSON_PARSERS)
@pytest.mark.parametrize(
    ("schema", "message"),
    [
        (_ABSENT, "schema: missing (must be 1)"),
        (2, "schema: version 2 is not supported (1 is)"),
        (0, "schema: version 0 is not supported (1 is)"),
        (10**100, "schema: version out of range is not supported (1 is)"),
        ("1", "schema: must be the integer 1"),
        (1.0, "schema: must be the integer 1"),
        (True, "schema: must be the integer 1"),
        (None, "schema: must be the integer 1"),
    ],
)
def test_schema_version(kind: str, schema: Any, message: str) -> None:
    assert _error(JSON_PARSERS[kind], VALID[kind](schema=schema)) == message


@pytest.mark.parametrize("kind", JSON_PARSERS)
def test_unknown_top_level_fields_are_ignored(kind: str) -> None:
    parse = JSON_PARSERS[kind]
    extra = VALID[kind](future={"anything": [1, None, "x"]}, unit="V", values2=None)
    assert parse(_j(extra)) == parse(_j(VALID[kind]()))


# --- config -----------------------------------------------------------------------------------


def test_config_of_a_three_phase_box() -> None:
    config = parse_config(_j(_config()), BOX)
    assert config == BoxConfig(
        box_id=BOX,
        identity=BoxIdentity("Safe Power", "SP-400-3P", BOX, "1.4.2", 3),
        capabilities=Capabilities(
            measurements=frozenset(QUANTITIES),
            alarms=DEVICE_CAUSES,
            contactor=True,
            commands=frozenset(Command),
            settings=SETTING_KEYS,
            channel_alarms=frozenset((*LEAKAGE_CHANNELS, *TEMPERATURE_CHANNELS)),
        ),
        location=BoxLocation("B2 floor, east shaft", 31.2, 121.4, 12.5, 40.0, -2),
    )


def test_config_of_a_single_phase_box_drops_phases_b_and_c() -> None:
    config = parse_config(_j(_config(phases=1)), BOX)
    assert config is not None
    assert config.identity.phases == 1
    assert config.capabilities.measurements == {
        "voltage_a",
        "current_a",
        "current_n",
        "leakage_current",
        "cable_temperature_a",
        "cable_temperature_n",
        "box_temperature",
        "active_power",
        "active_power_a",
        "power_factor",
        "frequency",
        "energy",
        *LEAKAGE_CHANNELS,  # a channel has no phase
        *TEMPERATURE_CHANNELS,
    }


@pytest.mark.parametrize("payload", ["", b""])
def test_an_empty_config_means_the_box_is_gone(payload: str | bytes) -> None:
    assert parse_config(payload, BOX) is None


def test_config_box_id_must_match_the_topic() -> None:
    assert (
        _error(lambda p: parse_config(p, "OTHER"), _config())
        == "box_id: 'SP24A0001' does not match the topic's 'OTHER'"
    )
    assert _error(JSON_PARSERS["config"], _config(box_id=_ABSENT)) == "box_id: missing"
    assert _error(JSON_PARSERS["config"], _config(box_id=7)) == "box_id: must be a string"
    assert (
        _error(lambda p: parse_config(p, "a/b"), _config())
        == "box_id: the topic's box id 'a/b' is not valid"
    )


@pytest.mark.parametrize("phases", [2, 0, "3", 3.0, True, None, _ABSENT, [3]])
def test_config_phases_must_be_1_or_3(phases: Any) -> None:
    assert _error(JSON_PARSERS["config"], _config(phases=phases)) == "phases: must be 1 or 3"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("serial", _ABSENT, "serial: missing"),
        ("serial", "", "serial: must not be empty"),
        ("serial", "   ", "serial: must not be empty"),
        ("serial", "x" * 65, "serial: longer than 64 characters"),
        ("serial", 12345, "serial: must be a string"),
        ("serial", None, "serial: missing"),
        ("serial", "SP\n1", "serial: must not contain control characters"),
        ("model", _ABSENT, "model: missing"),
        ("model", "", "model: must not be empty"),
        ("model", "m" * 65, "model: longer than 64 characters"),
        ("manufacturer", _ABSENT, "manufacturer: missing"),
        ("manufacturer", "", "manufacturer: must not be empty"),
        ("firmware", 142, "firmware: must be a string"),
        ("firmware", "f" * 65, "firmware: longer than 64 characters"),
        ("capabilities", _ABSENT, "capabilities: missing"),
        ("capabilities", [], "capabilities: must be an object"),
    ],
)
def test_config_identity_errors(field: str, value: Any, message: str) -> None:
    assert _error(JSON_PARSERS["config"], _config(**{field: value})) == message


@pytest.mark.parametrize("firmware", ["", None, _ABSENT])
def test_config_firmware_may_be_empty_or_absent(firmware: Any) -> None:
    config = parse_config(_j(_config(firmware=firmware)), BOX)
    assert config is not None
    assert config.identity.firmware == ""


def test_config_identity_texts_may_be_unicode() -> None:
    config = parse_config(_j(_config(manufacturer="安电科技", model="SP-400 型")), BOX)
    assert config is not None
    assert config.identity.manufacturer == "安电科技"
    assert config.identity.model == "SP-400 型"


def test_config_capabilities_ignore_unknown_words() -> None:
    caps = {
        "measurements": ["voltage_a", "humidity", "leakage_current", "voltage_a"],
        "alarms": ["leakage", "offline", "flood"],
        "contactor": True,
        "commands": ["contactor_open", "reboot"],
        "settings": ["leakage_threshold", "humidity_threshold"],
        "future": {"x": 1},
    }
    config = parse_config(_j(_config(capabilities=caps)), BOX)
    assert config is not None
    assert config.capabilities == Capabilities(
        measurements=frozenset({"voltage_a", "leakage_current"}),
        alarms=frozenset({AlarmCause.LEAKAGE}),
        contactor=True,
        commands=frozenset({Command.CONTACTOR_OPEN}),
        settings=frozenset({"leakage_threshold"}),
    )


def test_config_capabilities_defaults() -> None:
    config = parse_config(_j(_config(capabilities={"measurements": []})), BOX)
    assert config is not None
    assert config.capabilities == Capabilities(
        frozenset(), frozenset(), contactor=False, commands=frozenset(), settings=frozenset()
    )
    nulls: dict[str, Any] = {"measurements": [], "alarms": None, "contactor": None}
    nulls["commands"] = None
    assert parse_config(_j(_config(capabilities=nulls)), BOX) == config


@pytest.mark.parametrize(
    ("caps", "message"),
    [
        ({}, "capabilities.measurements: missing"),
        ({"measurements": "voltage_a"}, "capabilities.measurements: must be a list"),
        ({"measurements": ["voltage_a", 7]}, "capabilities.measurements[1]: must be a string"),
        ({"measurements": [], "alarms": {}}, "capabilities.alarms: must be a list"),
        ({"measurements": [], "alarms": [None]}, "capabilities.alarms[0]: must be a string"),
        ({"measurements": [], "contactor": "yes"}, "capabilities.contactor: must be true or false"),
        ({"measurements": [], "contactor": 1}, "capabilities.contactor: must be true or false"),
        ({"measurements": [], "commands": [["x"]]}, "capabilities.commands[0]: must be a string"),
        ({"measurements": [], "settings": 3}, "capabilities.settings: must be a list"),
    ],
)
def test_config_capabilities_errors(caps: Any, message: str) -> None:
    assert _error(JSON_PARSERS["config"], _config(capabilities=caps)) == message


@pytest.mark.parametrize("location", [_ABSENT, None, {}])
def test_config_location_is_optional(location: Any) -> None:
    config = parse_config(_j(_config(location=location)), BOX)
    assert config is not None
    assert config.location == BoxLocation()


def test_config_location_parts_are_optional() -> None:
    config = parse_config(_j(_config(location={"text": "东区配电间 3 号箱", "floor": 0})), BOX)
    assert config is not None
    assert config.location == BoxLocation(text="东区配电间 3 号箱", floor=0)
    config = parse_config(_j(_config(location={"latitude": -90, "longitude": 180})), BOX)
    assert config is not None
    assert config.location == BoxLocation(latitude=-90.0, longitude=180.0)
    names = {"site": "北院区", "building": "3 号楼", "text": "B1 配电间"}
    config = parse_config(_j(_config(location=names)), BOX)
    assert config is not None
    assert config.location == BoxLocation(text="B1 配电间", site="北院区", building="3 号楼")
    assert parse_config(encode_config(config), BOX) == config


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("B2", "location: must be an object"),
        ({"text": 5}, "location.text: must be a string"),
        ({"text": "x" * 201}, "location.text: longer than 200 characters"),
        ({"text": ""}, "location.text: must not be empty"),
        ({"text": "a\tb"}, "location.text: must not contain control characters"),
        ({"building": "x" * 101}, "location.building: longer than 100 characters"),
        ({"building": 3}, "location.building: must be a string"),
        ({"site": " "}, "location.site: must not be empty"),
        ({"latitude": 90.5, "longitude": 0}, "location.latitude: must be from -90 to 90"),
        ({"latitude": "31.2", "longitude": 0}, "location.latitude: must be a number"),
        ({"latitude": 0, "longitude": -181}, "location.longitude: must be from -180 to 180"),
        ({"latitude": 0, "longitude": True}, "location.longitude: must be a number"),
        ({"latitude": 31.2}, "location.latitude: and location.longitude go together"),
        ({"longitude": 121.4}, "location.latitude: and location.longitude go together"),
        ({"x": 1.0}, "location.x: and location.y go together"),
        ({"x": "NaN", "y": 1}, "location.x: must be a number"),
        ({"floor": 2.0}, "location.floor: must be an integer from -20 to 200"),
        ({"floor": -21}, "location.floor: must be an integer from -20 to 200"),
        ({"floor": 201}, "location.floor: must be an integer from -20 to 200"),
        ({"floor": True}, "location.floor: must be an integer from -20 to 200"),
    ],
)
def test_config_location_errors(location: Any, message: str) -> None:
    assert _error(JSON_PARSERS["config"], _config(location=location)) == message


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_config_location_refuses_non_finite_numbers(number: str) -> None:
    text = _j(_config(location={"x": 1.5, "y": 2.5})).replace("1.5", number)
    assert _error(JSON_PARSERS["config"], text) == "location.x: not a finite number"


# --- state ------------------------------------------------------------------------------------


def test_state_example() -> None:
    message = parse_state(_j(_state(ack="c-1")))
    assert message == StateMessage(
        time=T0,
        reading=_reading(
            values={"voltage_a": 230.1, "current_a": 12.5, "leakage_current": 449.6},
            alarms=frozenset({AlarmCause.LEAKAGE}),
            contactor_closed=True,
            settings={"leakage_threshold": 300.0},
        ),
        dropped=(),
        ack="c-1",
    )


def test_state_values_may_be_partial_and_null_means_not_present() -> None:
    message = parse_state(_j(_state(values={"voltage_a": 230, "current_a": None})))
    assert dict(message.reading.values) == {"voltage_a": 230.0}
    assert message.dropped == ()
    assert parse_state(_j(_state(values={}))).reading.values == {}


def test_state_values_do_not_carry_over_from_the_previous_reading() -> None:
    previous = _reading(values={"voltage_a": 230.0, "current_a": 10.0})
    message = parse_state(_j(_state(values={"current_a": 11.0})), previous)
    assert dict(message.reading.values) == {"current_a": 11.0}


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("voltage_a", "500.1"),
        ("voltage_a", "-0.5"),
        ("current_a", "6300.001"),
        ("cable_temperature_a", "300.0"),
        ("cable_temperature_a", "-41"),
        ("frequency", "0"),
        ("power_factor", "1.5"),
        ("energy", "1e11"),
        ("voltage_a", "NaN"),
        ("voltage_a", "Infinity"),
        ("voltage_a", "-Infinity"),
        ("voltage_a", "1e400"),
        ("voltage_a", "1" + "0" * 400),
        ("voltage_a", "-" + "9" * 4000),
    ],
)
def test_state_implausible_values_are_dropped_and_the_rest_kept(key: str, raw: str) -> None:
    text = (
        '{"schema":1,"time":"2026-11-21T12:00:00Z",'
        f'"values":{{"leakage_current":12.5,"{key}":{raw},"box_temperature":31}}}}'
    )
    message = parse_state(text)
    assert dict(message.reading.values) == {"leakage_current": 12.5, "box_temperature": 31.0}
    assert message.dropped == (key,)


def test_state_values_at_the_limits_are_kept() -> None:
    values = {key: q.minimum for key, q in QUANTITIES.items()}
    assert dict(parse_state(_j(_state(values=values))).reading.values) == values
    values = {key: q.maximum for key, q in QUANTITIES.items()}
    assert dict(parse_state(_j(_state(values=values))).reading.values) == values


@pytest.mark.parametrize("value", ["230.1", "", True, False, [230.1], {"v": 230.1}])
def test_state_value_of_the_wrong_type_rejects_the_message(value: Any) -> None:
    payload = _state(values={"current_a": 12.5, "voltage_a": value})
    assert _error(parse_state, payload) == "values.voltage_a: must be a number"


def test_state_unknown_measurements_are_ignored_not_kept_not_dropped() -> None:
    values = {"voltage_a": 230.0, "humidity": 45, "future_thing": "x", "Voltage_A": [1]}
    message = parse_state(_j(_state(values=values)))
    assert dict(message.reading.values) == {"voltage_a": 230.0}
    assert message.dropped == ()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (_ABSENT, "values: missing"),
        (None, "values: must be an object"),
        ([], "values: must be an object"),
    ],
)
def test_state_values_are_required(values: Any, message: str) -> None:
    assert _error(parse_state, _state(values=values)) == message


def test_state_alarms() -> None:
    previous = _reading(alarms=frozenset({AlarmCause.OVERCURRENT}))
    assert parse_state(_j(_state(alarms=[])), previous).reading.alarms == frozenset()
    both = _state(alarms=["leakage", "overcurrent", "leakage"])
    assert parse_state(_j(both)).reading.alarms == {AlarmCause.LEAKAGE, AlarmCause.OVERCURRENT}
    for omitted in (_ABSENT, None):
        assert parse_state(_j(_state(alarms=omitted)), previous).reading.alarms == {
            AlarmCause.OVERCURRENT
        }
        assert parse_state(_j(_state(alarms=omitted))).reading.alarms == frozenset()


@pytest.mark.parametrize(
    ("alarms", "message"),
    [
        (["fire"], "alarms[0]: unknown alarm cause 'fire'"),
        (["leakage", "offline"], "alarms[1]: 'offline' is not a device alarm"),
        (["Leakage"], "alarms[0]: unknown alarm cause 'Leakage'"),
        ([3], "alarms[0]: must be a string"),
        ("leakage", "alarms: must be a list"),
        ({"leakage": True}, "alarms: must be a list"),
    ],
)
def test_state_alarm_errors(alarms: Any, message: str) -> None:
    assert _error(parse_state, _state(alarms=alarms)) == message


def test_state_contactor() -> None:
    closed = _reading(contactor_closed=True)
    opened = _reading(contactor_closed=False)
    assert parse_state(_j(_state(contactor="closed")), opened).reading.contactor_closed is True
    assert parse_state(_j(_state(contactor="open")), closed).reading.contactor_closed is False
    for omitted in (_ABSENT, None):
        assert parse_state(_j(_state(contactor=omitted)), closed).reading.contactor_closed is True
        assert parse_state(_j(_state(contactor=omitted)), opened).reading.contactor_closed is False
        assert parse_state(_j(_state(contactor=omitted))).reading.contactor_closed is None


@pytest.mark.parametrize("contactor", ["on", "Closed", True, 1, []])
def test_state_contactor_errors(contactor: Any) -> None:
    message = "contactor: must be 'closed', 'open' or null"
    assert _error(parse_state, _state(contactor=contactor)) == message


def test_state_settings() -> None:
    previous = _reading(settings={"leakage_threshold": 500.0, "overcurrent_threshold": 120.0})
    for omitted in (_ABSENT, None):
        message = parse_state(_j(_state(settings=omitted)), previous)
        assert message.reading.settings == previous.settings
        assert parse_state(_j(_state(settings=omitted))).reading.settings == {}
    settings = {"leakage_threshold": 300, "box_temperature_threshold": None, "humidity_max": "x"}
    message = parse_state(_j(_state(settings=settings)), previous)
    assert dict(message.reading.settings) == {"leakage_threshold": 300.0}
    assert parse_state(_j(_state(settings={})), previous).reading.settings == {}


def test_state_settings_outside_their_range_are_dropped() -> None:
    """−5 mA and 1e308 mA are no leakage settings: dropped, the last good one stays."""
    previous = _reading(settings={"leakage_threshold": 300.0})
    for wrong in (-5, 1e308, 5):  # below 10 mA too
        message = parse_state(_j(_state(settings={"leakage_threshold": wrong})), previous)
        assert dict(message.reading.settings) == {"leakage_threshold": 300.0}
        assert message.dropped == ("settings.leakage_threshold",)
    fresh = parse_state(
        _j(_state(settings={"overvoltage_threshold": 1000, "leakage_threshold": 30}))
    )
    assert dict(fresh.reading.settings) == {"leakage_threshold": 30.0}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"leakage_threshold": "300"}, "settings.leakage_threshold: must be a number"),
        ({"leakage_threshold": True}, "settings.leakage_threshold: must be a number"),
        ({"leakage_threshold": float("nan")}, "settings.leakage_threshold: not a finite number"),
        ([300], "settings: must be an object"),
    ],
)
def test_state_settings_errors(settings: Any, message: str) -> None:
    assert _error(parse_state, _state(settings=settings)) == message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-21T12:00:00Z", T0),
        ("2026-11-21T20:00:00+08:00", T0),
        ("2026-11-21T07:00:00-05:00", T0),
        ("2026-11-21T12:00:00.250Z", T0 + timedelta(milliseconds=250)),
        ("2026-11-21T12:00:00+00:00", T0),
        ("2099-01-01T00:00:00Z", datetime(2099, 1, 1, tzinfo=UTC)),  # the future is not checked
        ("2000-01-01T00:00:00Z", datetime(2000, 1, 1, tzinfo=UTC)),
    ],
)
def test_state_time_is_utc(text: str, expected: datetime) -> None:
    time = parse_state(_j(_state(time=text))).time
    assert time == expected
    assert time.tzinfo is UTC


@pytest.mark.parametrize(
    ("time", "message"),
    [
        (_ABSENT, "time: missing"),
        (1763726400, "time: must be an ISO 8601 string"),
        (None, "time: must be an ISO 8601 string"),
        ("2026-11-21T12:00:00", "time: must have a time zone ('Z' or an offset such as +08:00)"),
        ("2026-11-21", "time: must have a time zone ('Z' or an offset such as +08:00)"),
        ("yesterday", "time: not an ISO 8601 time"),
        ("2026-13-01T00:00:00Z", "time: not an ISO 8601 time"),
        ("2026-11-21T12:00:00+25:00", "time: not an ISO 8601 time"),
        ("٢٠٢٦-11-21T12:00:00Z", "time: not an ISO 8601 time"),
        ("1999-12-31T23:59:59Z", "time: before the year 2000"),
        ("2000-01-01T00:30:00+01:00", "time: before the year 2000"),
        ("1970-01-01T00:00:00Z", "time: before the year 2000"),
        ("9999-12-31T23:59:59-12:00", "time: out of range"),
        ("2026-11-21T12:00:00Z" + " " * 60, "time: not an ISO 8601 time"),
    ],
)
def test_state_time_errors(time: Any, message: str) -> None:
    assert _error(parse_state, _state(time=time)) == message


def test_state_ack() -> None:
    assert parse_state(_j(_state(ack="0b7c9e6a"))).ack == "0b7c9e6a"
    assert parse_state(_j(_state(ack=None))).ack is None
    assert parse_state(_j(_state())).ack is None
    assert _error(parse_state, _state(ack="")) == "ack: must not be empty"
    assert _error(parse_state, _state(ack="x" * 65)) == "ack: longer than 64 characters"
    assert _error(parse_state, _state(ack=17)) == "ack: must be a string"


# --- alarm ------------------------------------------------------------------------------------


def test_alarm_example() -> None:
    assert parse_alarm(_j(_alarm())) == AlarmMessage(
        time=T0,
        cause=AlarmCause.LEAKAGE,
        raised=True,
        value=449.6,
        threshold=300.0,
        channel="leakage_current",
    )
    cleared = parse_alarm(_j(_alarm(state="cleared", value=_ABSENT, threshold=None)))
    assert cleared == AlarmMessage(T0, AlarmCause.LEAKAGE, False, None, None, "leakage_current")


def test_alarm_value_threshold_channel_are_optional() -> None:
    minimal = _alarm(cause="sensor_fault", value=_ABSENT, threshold=_ABSENT, channel=_ABSENT)
    assert parse_alarm(_j(minimal)) == AlarmMessage(
        T0, AlarmCause.SENSOR_FAULT, True, None, None, None
    )


@pytest.mark.parametrize(
    ("changes", "value", "threshold", "channel"),
    [
        ({"value": 9e9}, None, 300.0, "leakage_current"),  # implausible for the channel
        ({"threshold": -5}, 449.6, None, "leakage_current"),
        ({"channel": "humidity"}, 449.6, 300.0, None),  # unknown channel: none
        ({"channel": None, "value": 9e9}, None, 300.0, None),  # judged by the cause's quantity
        ({"channel": "voltage_a", "value": 449.6}, 449.6, 300.0, "voltage_a"),
        ({"channel": "voltage_a", "value": 520}, None, 300.0, "voltage_a"),
        ({"cause": "unbalance", "channel": None, "value": 9e9}, 9e9, 300.0, None),
    ],
)
def test_alarm_implausible_numbers_become_none(
    changes: dict[str, Any], value: float | None, threshold: float | None, channel: str | None
) -> None:
    message = parse_alarm(_j(_alarm(**changes)))
    assert (message.value, message.threshold, message.channel) == (value, threshold, channel)


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", "1e999", "9" * 400])
def test_alarm_non_finite_value_becomes_none(raw: str) -> None:
    text = _j(_alarm(value=12345.5)).replace("12345.5", raw)
    assert parse_alarm(text).value is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cause": _ABSENT}, "cause: missing"),
        ({"cause": "offline"}, "cause: 'offline' is not a device alarm"),
        ({"cause": "fire"}, "cause: unknown alarm cause 'fire'"),
        ({"cause": None}, "cause: must be a string"),
        ({"state": "active"}, "state: must be 'raised' or 'cleared'"),
        ({"state": _ABSENT}, "state: must be 'raised' or 'cleared'"),
        ({"state": True}, "state: must be 'raised' or 'cleared'"),
        ({"value": "449.6"}, "value: must be a number or null"),
        ({"threshold": [300]}, "threshold: must be a number or null"),
        ({"value": False}, "value: must be a number or null"),
        ({"channel": 3}, "channel: must be a measurement key or null"),
        (
            {"time": "2026-11-21 12:00"},
            "time: must have a time zone ('Z' or an offset such as +08:00)",
        ),
    ],
)
def test_alarm_errors(changes: dict[str, Any], message: str) -> None:
    assert _error(parse_alarm, _alarm(**changes)) == message


# --- availability and commands ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "online"),
    [
        ("online", True),
        ("offline", False),
        (b"online", True),
        (b"offline\n", False),
        (" online ", True),
    ],
)
def test_availability(payload: str | bytes, online: bool) -> None:
    assert parse_availability(payload) is online


@pytest.mark.parametrize("payload", ["", "ONLINE", "on", '"online"', "1", b"\xffonline"])
def test_availability_errors(payload: str | bytes) -> None:
    with pytest.raises(
        PayloadError, match=r"^(availability: must be 'online' or 'offline'|payload)"
    ):
        parse_availability(payload)


def test_availability_error_text() -> None:
    with pytest.raises(PayloadError) as err:
        parse_availability("up")
    assert str(err.value) == "availability: must be 'online' or 'offline'"
    assert encode_availability(online=True) == "online"
    assert encode_availability(online=False) == "offline"


@pytest.mark.parametrize("command", list(Command))
def test_commands_round_trip(command: Command) -> None:
    if command is Command.SETTINGS:
        payload = encode_command(command, "abc-1", {"leakage_threshold": 300.0})
        assert payload == (
            '{"schema":1,"command":"settings","id":"abc-1","settings":{"leakage_threshold":300.0}}'
        )
        assert parse_command_settings(payload) == {"leakage_threshold": 300.0}
        with pytest.raises(ValueError, match="settings go with the settings command"):
            encode_command(command, "abc-1")
    else:
        payload = encode_command(command, "abc-1")
        assert payload == f'{{"schema":1,"command":"{command.value}","id":"abc-1"}}'
        with pytest.raises(ValueError, match="settings go with the settings command"):
            encode_command(command, "abc-1", {"leakage_threshold": 300.0})
    assert parse_command(payload) == (command, "abc-1")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"command": "explode"}, "command: unknown command 'explode'"),
        ({"command": "CONTACTOR_OPEN"}, "command: unknown command 'CONTACTOR_OPEN'"),
        ({"command": _ABSENT}, "command: missing"),
        ({"command": 1}, "command: must be a string"),
        ({"id": _ABSENT}, "id: missing"),
        ({"id": ""}, "id: must not be empty"),
        ({"id": 7}, "id: must be a string"),
        ({"id": "x" * 65}, "id: longer than 64 characters"),
        ({"id": "a\u0000b"}, "id: must not contain control characters"),
    ],
)
def test_command_errors(changes: dict[str, Any], message: str) -> None:
    assert _error(parse_command, _command(**changes)) == message


def test_new_command_ids_are_unique_and_valid() -> None:
    ids = {new_command_id() for _ in range(100)}
    assert len(ids) == 100
    for command_id in ids:
        assert parse_command(encode_command(Command.SELF_TEST, command_id))[1] == command_id


# --- encoders ---------------------------------------------------------------------------------


def test_encode_state_is_compact_ordered_and_round_trips() -> None:
    reading = _reading(
        values={"leakage_current": 449.6, "voltage_a": 230.1, "energy": 123456.78},
        alarms=frozenset({AlarmCause.LEAKAGE, AlarmCause.OVERCURRENT}),
        contactor_closed=False,
        settings={"overcurrent_threshold": 120.0, "leakage_threshold": 300.0},
    )
    payload = encode_state(T0, reading, ack="c-9")
    assert payload == (
        '{"schema":1,"time":"2026-11-21T12:00:00Z",'
        '"values":{"voltage_a":230.1,"leakage_current":449.6,"energy":123456.78},'
        '"alarms":["overcurrent","leakage"],"contactor":"open",'
        '"settings":{"leakage_threshold":300.0,"overcurrent_threshold":120.0},"ack":"c-9"}'
    )
    assert parse_state(payload) == StateMessage(T0, reading, (), "c-9")
    assert parse_state(encode_state(T0, BoxReading())) == StateMessage(T0, BoxReading(), (), None)


def test_encode_keeps_offsets_and_round_trips_them() -> None:
    shanghai = T0.astimezone(timezone(timedelta(hours=8)))
    payload = encode_state(shanghai, BoxReading())
    assert '"time":"2026-11-21T20:00:00+08:00"' in payload
    assert parse_state(payload).time == T0


@pytest.mark.parametrize(
    ("time", "reading", "ack", "match"),
    [
        (datetime(2026, 11, 21, 12), BoxReading(), None, "timezone-aware"),  # noqa: DTZ001
        (datetime(1999, 1, 1, tzinfo=UTC), BoxReading(), None, "before the year 2000"),
        (
            T0,
            _reading(values={"voltage_a": 900.0}),
            None,
            r"out of their physical range.*voltage_a",
        ),
        (T0, _reading(values={"voltage_a": float("nan")}), None, "voltage_a"),
        (T0, _reading(values={"humidity": 40.0}), None, "does not survive"),
        (T0, _reading(settings={"humidity": 40.0}), None, "does not survive"),
        (T0, _reading(settings={"leakage_threshold": float("inf")}), None, "state"),
        (T0, BoxReading(), "", "ack: must not be empty"),
    ],
)
def test_encode_state_refuses_what_the_parser_would(
    time: datetime, reading: BoxReading, ack: str | None, match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        encode_state(time, reading, ack)


def test_encode_config_round_trips_both_kinds_of_box() -> None:
    for phases in (1, 3):
        config = parse_config(_j(_config(phases=phases)), BOX)
        assert config is not None
        payload = encode_config(config)
        assert " " not in payload.replace("Safe Power", "").replace("B2 floor, east shaft", "")
        assert parse_config(payload, BOX) == config
    bare = BoxConfig(
        "b1",
        BoxIdentity("M", "X", "S", "", 1),
        Capabilities(frozenset(), frozenset(), False, frozenset(), frozenset()),
        BoxLocation(),
    )
    assert encode_config(bare) == (
        '{"schema":1,"box_id":"b1","manufacturer":"M","model":"X","serial":"S","firmware":"",'
        '"phases":1,"capabilities":{"measurements":[],"alarms":[],"contactor":false,'
        '"commands":[],"settings":[]}}'
    )
    assert parse_config(encode_config(bare), "b1") == bare


def test_encode_config_refuses_what_the_parser_would() -> None:
    config = parse_config(_j(_config()), BOX)
    assert config is not None
    cases = [
        (BoxConfig("a/b", config.identity, config.capabilities, config.location), "box_id"),
        (
            BoxConfig(BOX, BoxIdentity("M", "X", "S", "", 2), config.capabilities, config.location),
            "phases: must be 1 or 3",
        ),
        (
            BoxConfig(BOX, BoxIdentity("M", "X", "S", "", 1), config.capabilities, config.location),
            "does not survive",  # measurements of phases B and C on a single-phase box
        ),
        (
            BoxConfig(BOX, config.identity, config.capabilities, BoxLocation(latitude=1.0)),
            "go together",
        ),
        (
            BoxConfig(BOX, config.identity, config.capabilities, BoxLocation(x=float("nan"), y=1)),
            "x",
        ),
    ]
    for bad, match in cases:
        with pytest.raises(ValueError, match=match):
            encode_config(bad)


def test_encode_alarm_round_trips_and_refuses_implausible_values() -> None:
    message = AlarmMessage(
        T0, AlarmCause.CABLE_OVER_TEMPERATURE, True, 92.5, 70.0, "cable_temperature_b"
    )
    payload = encode_alarm(message)
    assert payload == (
        '{"schema":1,"time":"2026-11-21T12:00:00Z","cause":"cable_over_temperature",'
        '"state":"raised","value":92.5,"threshold":70.0,"channel":"cable_temperature_b"}'
    )
    assert parse_alarm(payload) == message
    minimal = AlarmMessage(T0, AlarmCause.CONTACTOR_TRIPPED, False, None, None, None)
    assert encode_alarm(minimal) == (
        '{"schema":1,"time":"2026-11-21T12:00:00Z","cause":"contactor_tripped","state":"cleared"}'
    )
    assert parse_alarm(encode_alarm(minimal)) == minimal
    for bad in (
        AlarmMessage(T0, AlarmCause.OFFLINE, True, None, None, None),
        AlarmMessage(T0, AlarmCause.LEAKAGE, True, 1e12, None, "leakage_current"),
        AlarmMessage(T0, AlarmCause.LEAKAGE, True, None, None, "humidity"),
        AlarmMessage(T0.replace(tzinfo=None), AlarmCause.LEAKAGE, True, None, None, None),
    ):
        with pytest.raises(ValueError):
            encode_alarm(bad)


def test_encode_command_refuses_a_bad_id() -> None:
    with pytest.raises(ValueError, match="id: must not be empty"):
        encode_command(Command.CONTACTOR_OPEN, "")
    with pytest.raises(ValueError, match="longer than 64"):
        encode_command(Command.CONTACTOR_OPEN, "x" * 65)


def test_encoders_write_unicode_as_is() -> None:
    config = parse_config(_j(_config(location={"text": "B2 层 东侧竖井"})), BOX)
    assert config is not None
    assert '"text":"B2 层 东侧竖井"' in encode_config(config)


def test_schema_version_constant() -> None:
    assert SCHEMA_VERSION == 1


# --- the document -----------------------------------------------------------------------------


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _examples() -> list[tuple[str, str]]:
    """Return (topic, payload) of every example introduced by "Topic `...`" in the document."""
    text = _doc()
    pattern = re.compile(
        r"^Topic `([^`]+)`[^\n]*(?:\n[^\n]+)*\n\n```(?:json|text)\n(.*?)\n```",
        re.MULTILINE | re.DOTALL,
    )
    examples = pattern.findall(text)
    assert len(examples) == text.count("\nTopic `") > 0  # no example left unchecked
    return examples


def test_document_examples_follow_the_contract() -> None:
    examples = _examples()
    kinds = {parse_topic(name, DEFAULT_PREFIX) for name, _ in examples}
    assert None not in kinds
    seen: dict[tuple[str, Topic], int] = {}
    for name, payload in examples:
        parsed = parse_topic(name, DEFAULT_PREFIX)
        assert parsed is not None, name
        box_id, kind = parsed
        seen[parsed] = seen.get(parsed, 0) + 1
        if kind is Topic.CONFIG:
            config = parse_config(payload, box_id)
            assert config is not None
            sent = json.loads(payload)["capabilities"]
            assert len(config.capabilities.measurements) == len(sent["measurements"])
            assert len(config.capabilities.alarms) == len(sent["alarms"])
        elif kind is Topic.STATE:
            state = parse_state(payload)
            assert state.dropped == ()
            sent = json.loads(payload)["values"]
            assert set(state.reading.values) == {k for k, v in sent.items() if v is not None}
        elif kind is Topic.ALARM:
            parse_alarm(payload)
        elif kind is Topic.AVAILABILITY:
            parse_availability(payload)
        else:
            parse_command(payload)
    boxes = {box_id for box_id, _ in seen}
    assert len(boxes) >= 2  # a single-phase and a three-phase box
    for box_id in boxes:
        assert {kind for b, kind in seen if b == box_id} == set(Topic), box_id


def test_document_examples_cover_both_kinds_of_box_and_an_acknowledgement() -> None:
    phases = set()
    acks = set()
    commands = {}
    for name, payload in _examples():
        parsed = parse_topic(name, DEFAULT_PREFIX)
        assert parsed is not None
        if parsed[1] is Topic.CONFIG:
            config = parse_config(payload, parsed[0])
            assert config is not None
            phases.add(config.identity.phases)
        elif parsed[1] is Topic.STATE and (ack := parse_state(payload).ack):
            acks.add((parsed[0], ack))
        elif parsed[1] is Topic.SET:
            commands[parsed[0]] = parse_command(payload)[1]
    assert phases == {1, 3}
    assert set(commands.items()) <= acks


def _number(value: float) -> str:
    """Write a limit as the document does: "−5 000 000"."""
    text = f"{abs(int(value)):,}".replace(",", " ")
    return f"−{text}" if value < 0 else text


def test_document_lists_every_measurement_cause_command_and_setting() -> None:
    text = _doc()
    for key, quantity in QUANTITIES.items():
        unit = quantity.unit.value or "–"
        limits = f"{_number(quantity.minimum)} … {_number(quantity.maximum)}"
        if channel := channel_of(key):  # one row per kind of channel: `x_1` … `x_16`
            first, last = f"{channel[0]}1", f"{channel[0]}{MAX_CHANNELS}"
            key = f"{first}` … `{last}"  # noqa: PLW2901
        row = rf"^\| `{re.escape(key)}` \| [^|\n]+ \| {re.escape(unit)} \| {limits} \|"
        assert re.search(row, text, re.MULTILINE), key
    for cause in AlarmCause:
        assert f"`{cause.value}`" in text, cause
    for command in Command:
        assert f"`{command.value}`" in text, command
    for key in SETTING_KEYS:
        assert f"`{key}`" in text, key
    assert "safe_power/+/config" in text
    assert str(MAX_PAYLOAD) in text or f"{MAX_PAYLOAD:,}" in text


def test_deep_nesting_inside_a_field_is_a_wrong_type() -> None:
    deep = "[" * 5000 + "]" * 5000
    text = _j(_state(values={"voltage_a": 7})).replace('"voltage_a": 7', f'"voltage_a": {deep}')
    assert deep in text
    assert _error(parse_state, text) == "values.voltage_a: must be a number"


def test_bytes_like_payloads_are_accepted() -> None:
    payload = _j(_command()).encode()
    assert parse_command(bytearray(payload)) == (Command.CONTACTOR_OPEN, "c-1")  # type: ignore[arg-type]
    assert parse_command(memoryview(payload)) == (Command.CONTACTOR_OPEN, "c-1")  # type: ignore[arg-type]
    with pytest.raises(PayloadError, match="payload: must be bytes or text"):
        parse_command(17)  # type: ignore[arg-type]


def test_duplicate_keys_take_the_last_value() -> None:
    text = '{"schema":1,"command":"self_test","command":"alarm_reset","id":"a"}'
    assert parse_command(text) == (Command.ALARM_RESET, "a")


def test_a_state_says_which_channels_alarm() -> None:
    values = {"voltage_a": 230.1, "leakage_current_1": 12.0, "leakage_current_2": 341.0}
    state = parse_state(_j(_state(values=values, alarms=[], channel_alarms=["leakage_current_2"])))
    # The channel raises its cause even where `alarms` forgot it.
    assert state.reading.alarms == {AlarmCause.LEAKAGE}
    assert state.reading.channel_alarms == {"leakage_current_2"}
    detail = state.reading.alarm_detail(AlarmCause.LEAKAGE)
    assert (detail.channel, detail.value) == ("leakage_current_2", 341.0)
    # Round trip, and without the list: none (the list is complete, like `alarms`).
    again = parse_state(encode_state(state.time, state.reading))
    assert again.reading == state.reading
    assert parse_state(_j(_state(values=values))).reading.channel_alarms == frozenset()
    assert _error(parse_state, _state(channel_alarms=["circuit_2"])) == (
        "channel_alarms[0]: must be a channel key such as 'leakage_current_3' or 'temperature_1'"
    )
    assert _error(parse_state, _state(channel_alarms="leakage_current_2")).startswith(
        "channel_alarms: "
    )


def test_the_worst_alarming_channel_describes_the_alarm() -> None:
    """Circuit 5 reads more but only circuit 2 alarms (its own limit): circuit 2 is named."""
    reading = BoxReading(
        values=MappingProxyType({"leakage_current_2": 310.0, "leakage_current_5": 290.0}),
        alarms=frozenset({AlarmCause.LEAKAGE}),
        channel_alarms=frozenset({"leakage_current_2"}),
    )
    assert reading.alarm_detail(AlarmCause.LEAKAGE).channel == "leakage_current_2"
    quiet = BoxReading(
        values=MappingProxyType({"leakage_current_2": 310.0, "leakage_current_5": 520.0}),
        alarms=frozenset({AlarmCause.LEAKAGE}),
        channel_alarms=frozenset({"leakage_current_2"}),
    )
    assert quiet.alarm_detail(AlarmCause.LEAKAGE).channel == "leakage_current_2"

"""Property tests of the MQTT contract: thousands of random and mutated payloads on every topic.

Whatever arrives, every parser either returns a valid message or raises PayloadError; nothing
implausible becomes a reading and nothing invalid becomes a device. Every accepted message can
be encoded again and reads back equal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
import json
import math
from types import MappingProxyType
from typing import Any

from hypothesis import HealthCheck, event, given, settings, strategies as st

from custom_components.safe_power.box.model import QUANTITIES, AlarmCause, BoxReading
from custom_components.safe_power.box.mqtt import (
    DEFAULT_PREFIX,
    DEVICE_CAUSES,
    MAX_COMMAND_ID,
    MAX_PAYLOAD,
    AlarmMessage,
    BoxConfig,
    Command,
    PayloadError,
    StateMessage,
    Topic,
    encode_alarm,
    encode_command,
    encode_config,
    encode_state,
    parse_alarm,
    parse_availability,
    parse_command,
    parse_command_settings,
    parse_config,
    parse_state,
    parse_topic,
    topic,
    valid_box_id,
)
from custom_components.safe_power.box.profile import SETTING_KEYS, SETTING_RANGES, setting_accepted
from tests.mqtt_payloads import VALID_DOCS, json_values, mutated

BOX = "SP24A0001"
PREVIOUS = BoxReading(
    values=MappingProxyType({"voltage_a": 230.0}),
    alarms=frozenset({AlarmCause.OVERCURRENT}),
    contactor_closed=True,
    settings=MappingProxyType({"leakage_threshold": 300.0}),
)
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- invariants -------------------------------------------------------------------------------


def _check_config(config: BoxConfig | None, payload: bytes | str) -> None:
    if config is None:
        assert len(payload) == 0
        return
    assert config.box_id == BOX
    assert valid_box_id(config.box_id)
    identity = config.identity
    assert identity.phases in (1, 3)
    for text in (identity.manufacturer, identity.model, identity.serial):
        assert text.strip()
        assert len(text) <= 64
    caps = config.capabilities
    assert all(QUANTITIES[k].applies(identity.phases) for k in caps.measurements)
    assert caps.alarms <= DEVICE_CAUSES
    assert caps.settings <= SETTING_KEYS
    assert all(isinstance(c, Command) for c in caps.commands)
    loc = config.location
    assert loc.latitude is None or -90 <= loc.latitude <= 90
    assert loc.longitude is None or -180 <= loc.longitude <= 180
    assert (loc.latitude is None) == (loc.longitude is None)
    assert (loc.x is None) == (loc.y is None)
    for number in (loc.x, loc.y):
        assert number is None or math.isfinite(number)
    assert loc.floor is None or -20 <= loc.floor <= 200
    assert parse_config(encode_config(config), BOX) == config


def _check_time(time: datetime) -> None:
    assert time.tzinfo is UTC
    assert time.year >= 2000


def _check_state(message: StateMessage) -> None:
    _check_time(message.time)
    reading = message.reading
    for key, value in reading.values.items():
        assert QUANTITIES[key].accept(value), (key, value)
    for key in message.dropped:  # a measurement, or a setting outside its range
        assert key in QUANTITIES or key.removeprefix("settings.") in SETTING_KEYS, key
    assert not set(message.dropped) & set(reading.values)
    assert reading.alarms <= DEVICE_CAUSES
    assert set(reading.settings) <= SETTING_KEYS
    for key, setting in reading.settings.items():
        assert setting_accepted(SETTING_RANGES, key, setting), (key, setting)
    assert reading.contactor_closed in (True, False, None)
    assert message.ack is None or 0 < len(message.ack) <= MAX_COMMAND_ID
    payload = encode_state(message.time, reading, message.ack)
    assert parse_state(payload) == StateMessage(message.time, reading, (), message.ack)


def _check_alarm(message: AlarmMessage) -> None:
    _check_time(message.time)
    assert message.cause in DEVICE_CAUSES
    assert message.channel is None or message.channel in QUANTITIES
    for number in (message.value, message.threshold):
        assert number is None or math.isfinite(number)
        if number is not None and message.channel is not None:
            assert QUANTITIES[message.channel].accept(number)
    assert parse_alarm(encode_alarm(message)) == message


def _check_command(command: tuple[Command, str], payload: bytes | str) -> None:
    assert isinstance(command[0], Command)
    assert 0 < len(command[1]) <= MAX_COMMAND_ID
    if command[0] is Command.SETTINGS:
        try:
            written = parse_command_settings(payload)
        except PayloadError:
            return  # a settings command without valid settings: refused by the box
        for key, value in written.items():
            assert setting_accepted(SETTING_RANGES, key, value)
        assert parse_command(encode_command(*command, written)) == command
    else:
        assert parse_command(encode_command(*command)) == command


def _feed(payload: bytes | str, kind: Topic | None = None) -> int:
    """Give one payload to every parser; return how many accepted it.

    With a kind, the outcome of that topic's parser is recorded as a Hypothesis event (shown by
    `--hypothesis-show-statistics`): accepted, or the field its error names.
    """
    accepted = 0
    checks: list[tuple[Topic, Callable[[], Any], Callable[[Any], None]]] = [
        (Topic.CONFIG, lambda: parse_config(payload, BOX), lambda r: _check_config(r, payload)),
        (Topic.STATE, lambda: parse_state(payload), _check_state),
        (Topic.STATE, lambda: parse_state(payload, PREVIOUS), _check_state),
        (Topic.ALARM, lambda: parse_alarm(payload), _check_alarm),
        (Topic.SET, lambda: parse_command(payload), lambda r: _check_command(r, payload)),
        (Topic.AVAILABILITY, lambda: parse_availability(payload), lambda _: None),
    ]
    for topic_kind, parse, check in checks:
        try:
            result = parse()
        except PayloadError as err:
            if topic_kind is kind:
                event(f"rejected: {str(err).split(':', 1)[0].split('[', 1)[0]}")
            continue
        if topic_kind is kind:
            event("accepted")
        check(result)
        accepted += 1
    return accepted


# --- properties -------------------------------------------------------------------------------


@settings(FUZZ, max_examples=1500)
@given(st.data())
def test_mutated_configs(data: st.DataObject) -> None:
    _feed(data.draw(mutated(Topic.CONFIG)), Topic.CONFIG)


@settings(FUZZ, max_examples=2000)
@given(st.data())
def test_mutated_states(data: st.DataObject) -> None:
    _feed(data.draw(mutated(Topic.STATE)), Topic.STATE)


@settings(FUZZ, max_examples=1500)
@given(st.data())
def test_mutated_alarms(data: st.DataObject) -> None:
    _feed(data.draw(mutated(Topic.ALARM)), Topic.ALARM)


@settings(FUZZ, max_examples=1000)
@given(st.data())
def test_mutated_commands(data: st.DataObject) -> None:
    _feed(data.draw(mutated(Topic.SET)), Topic.SET)


@settings(FUZZ, max_examples=1500)
@given(json_values)
def test_random_json_values(value: Any) -> None:
    _feed(json.dumps(value))
    if isinstance(value, dict):
        _feed(json.dumps({"schema": 1, **value}))


@settings(FUZZ, max_examples=1000)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "schema",
                "time",
                "values",
                "alarms",
                "contactor",
                "settings",
                "ack",
                "box_id",
                "phases",
                "capabilities",
                "location",
                "cause",
                "state",
                "value",
                "threshold",
                "channel",
                "command",
                "id",
                "serial",
                "model",
                "manufacturer",
            ]
        ),
        json_values,
    )
)
def test_random_objects_with_the_contract_s_field_names(doc: dict[str, Any]) -> None:
    doc["schema"] = 1
    _feed(json.dumps(doc))


@settings(FUZZ, max_examples=1000)
@given(st.binary(max_size=200) | st.text(max_size=200))
def test_random_bytes_and_text(payload: bytes | str) -> None:
    _feed(payload)


@settings(FUZZ, max_examples=300)
@given(st.integers(MAX_PAYLOAD - 50, MAX_PAYLOAD + 50), st.sampled_from(["a", "é", "东", "😀"]))
def test_payloads_around_the_size_limit(size: int, char: str) -> None:
    doc = '{"schema":1,"command":"self_test","id":"x","pad":"'
    text = doc + char * ((size - len(doc.encode()) - 2) // len(char.encode())) + '"}'
    accepted = _feed(text) + _feed(text.encode())
    assert (accepted > 0) == (len(text.encode()) <= MAX_PAYLOAD)


@settings(FUZZ, max_examples=500)
@given(st.sampled_from(list(VALID_DOCS)), st.data())
def test_valid_documents_are_accepted_and_round_trip(kind: Topic, data: st.DataObject) -> None:
    payload = json.dumps(data.draw(VALID_DOCS[kind]), ensure_ascii=False)
    if kind is Topic.CONFIG:
        _check_config(parse_config(payload, BOX), payload)
    elif kind is Topic.STATE:
        message = parse_state(payload)
        assert message.dropped == ()
        _check_state(message)
    elif kind is Topic.ALARM:
        _check_alarm(parse_alarm(payload))
    else:
        _check_command(parse_command(payload), payload)


@settings(FUZZ, max_examples=500)
@given(st.text(max_size=80), st.sampled_from([DEFAULT_PREFIX, "a/b"]))
def test_random_topics(name: str, prefix: str) -> None:
    parsed = parse_topic(name, prefix)
    if parsed is not None:
        assert valid_box_id(parsed[0])
        assert topic(prefix, *parsed) == name
    for kind in Topic:
        box = name.strip("/") or "x"
        if valid_box_id(box):
            assert parse_topic(topic(prefix, box, kind), prefix) == (box, kind)

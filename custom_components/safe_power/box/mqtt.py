"""The MQTT contract, schema version 1: topics, payload parsers and encoders.

This module is the only place that reads or writes Safe Power MQTT payloads: Home Assistant,
the box simulator and the Modbus-to-MQTT bridge all go through it, and `docs/mqtt.md` describes
exactly what it does. Pure Python: no Home Assistant and no paho import.

Parsers take the raw payload (bytes or text) and either return a frozen message or raise
`PayloadError`, whose text names the offending field ("values.voltage_a: must be a number").
They never raise anything else, whatever the payload. Encoders produce compact JSON that the
parsers read back to an equal message, and raise `ValueError` for a message the parsers would
refuse, so nothing invalid is ever published.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
import json
import math
import re
from types import MappingProxyType
from typing import Any, Final, TypeIs
import unicodedata
import uuid

from .model import (
    CAUSE_MEASUREMENTS,
    QUANTITIES,
    AlarmCause,
    BoxIdentity,
    BoxReading,
    accept_values,
    channel_cause,
)
from .profile import SETTING_KEYS, SETTING_RANGES, setting_accepted

SCHEMA_VERSION: Final = 1
DEFAULT_PREFIX: Final = "safe_power"
MAX_PAYLOAD: Final = 16_384  # bytes; larger payloads are rejected before JSON parsing
MAX_COMMAND_ID: Final = 64  # characters of a command id (and of the `ack` that echoes it)
MAX_IDENTITY_TEXT: Final = 64  # characters of manufacturer, model, serial, firmware
MAX_LOCATION_TEXT: Final = 200  # characters of the free-text location
MAX_PLACE_NAME: Final = 100  # characters of a site's or a building's name
MAX_TIME_TEXT: Final = 64  # characters of a timestamp
MIN_YEAR: Final = 2000  # earlier timestamps come from a box whose clock was never set
FLOOR_RANGE: Final = (-20, 200)
PHASES: Final = (1, 3)
ONLINE: Final = "online"
OFFLINE: Final = "offline"

_BOX_ID: Final = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Characters a text field must not hold: controls (line feeds, tabs...), format characters
# (bidirectional overrides, zero-width marks), surrogates, line and paragraph separators.
_CONTROL_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


type Payload = bytes | bytearray | str  # as paho and Home Assistant deliver it


class PayloadError(ValueError):
    """A payload does not follow the contract; str(err) says exactly what is wrong."""


class Topic(StrEnum):
    """The last level of a box's topics."""

    CONFIG = "config"
    STATE = "state"
    ALARM = "alarm"
    AVAILABILITY = "availability"
    SET = "set"


class Command(StrEnum):
    """Commands Home Assistant sends to a box on `/set`."""

    CONTACTOR_OPEN = "contactor_open"  # power off
    CONTACTOR_CLOSE = "contactor_close"  # power on
    ALARM_RESET = "alarm_reset"
    SELF_TEST = "self_test"
    SETTINGS = "settings"  # write alarm settings: `settings` holds them


# QoS and retain flag of every topic, for whoever publishes or subscribes.
QOS: Final[MappingProxyType[Topic, int]] = MappingProxyType(
    {Topic.CONFIG: 1, Topic.STATE: 0, Topic.ALARM: 1, Topic.AVAILABILITY: 1, Topic.SET: 1}
)
RETAIN: Final[MappingProxyType[Topic, bool]] = MappingProxyType(
    {
        Topic.CONFIG: True,
        Topic.STATE: False,
        Topic.ALARM: False,
        Topic.AVAILABILITY: True,
        Topic.SET: False,
    }
)

# Causes a box may report; `offline` is seen by Home Assistant, never sent by a box.
DEVICE_CAUSES: Final = frozenset(c for c in AlarmCause if c is not AlarmCause.OFFLINE)

_CAUSE_ORDER: Final = {cause: i for i, cause in enumerate(AlarmCause)}
_COMMAND_ORDER: Final = {command: i for i, command in enumerate(Command)}
_QUANTITY_ORDER: Final = {key: i for i, key in enumerate(QUANTITIES)}


# --- topics -----------------------------------------------------------------------------------


def valid_box_id(box_id: str) -> bool:
    """Return True for a box id of 1-64 letters, digits, `_` or `-` (ASCII)."""
    return isinstance(box_id, str) and _BOX_ID.fullmatch(box_id) is not None


def valid_prefix(prefix: str) -> bool:
    """Return True for a topic prefix: one or more non-empty levels without wildcards."""
    return (
        isinstance(prefix, str)
        and bool(prefix)
        and not any(c in prefix for c in "+#\0")
        and all(prefix.split("/"))
    )


def topic(prefix: str, box_id: str, kind: Topic) -> str:
    """Return the topic of one of a box's messages: `<prefix>/<box_id>/<kind>`."""
    if not valid_prefix(prefix):
        raise ValueError(f"invalid topic prefix {prefix!r}")
    if not valid_box_id(box_id):
        raise ValueError(f"invalid box id {box_id!r}")
    return f"{prefix}/{box_id}/{Topic(kind).value}"


def subscription(prefix: str, kind: Topic) -> str:
    """Return the topic filter for one kind of message of every box: `<prefix>/+/<kind>`."""
    if not valid_prefix(prefix):
        raise ValueError(f"invalid topic prefix {prefix!r}")
    return f"{prefix}/+/{Topic(kind).value}"


def parse_topic(topic: str, prefix: str) -> tuple[str, Topic] | None:
    """Return (box id, kind) of a topic, or None when it is not one of the contract's topics."""
    if not isinstance(topic, str) or not valid_prefix(prefix):
        return None
    head = prefix + "/"
    if not topic.startswith(head):
        return None
    parts = topic[len(head) :].split("/")
    if len(parts) != 2 or not valid_box_id(parts[0]):
        return None
    try:
        kind = Topic(parts[1])
    except ValueError:
        return None
    return parts[0], kind


def new_command_id() -> str:
    """Return a fresh, unique command id."""
    return uuid.uuid4().hex


# --- messages ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BoxLocation:
    """Where a box is: site, building, free text, coordinates, or x/y metres on a floor."""

    text: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    x: float | None = None
    y: float | None = None
    floor: int | None = None
    site: str | None = None
    building: str | None = None


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a box measures, which alarms it raises, and what it can be told to do."""

    measurements: frozenset[str]
    alarms: frozenset[AlarmCause]
    contactor: bool
    commands: frozenset[Command]
    settings: frozenset[str]
    # The channels (measurement keys) of a multi-circuit detector that have an alarm of their own.
    channel_alarms: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class BoxConfig:
    """A box's retained `/config`: who it is, what it can do, where it is."""

    box_id: str
    identity: BoxIdentity
    capabilities: Capabilities
    location: BoxLocation


@dataclass(frozen=True, slots=True)
class StateMessage:
    """A `/state`: the box's reading, the keys dropped as implausible, the acknowledged command."""

    time: datetime
    reading: BoxReading
    dropped: tuple[str, ...]
    ack: str | None


@dataclass(frozen=True, slots=True)
class AlarmMessage:
    """An `/alarm`: one alarm log entry, raised or cleared."""

    time: datetime
    cause: AlarmCause
    raised: bool
    value: float | None
    threshold: float | None
    channel: str | None


# --- parsing helpers --------------------------------------------------------------------------


def _fail(where: str, message: str) -> PayloadError:
    return PayloadError(f"{where}: {message}")


def _text_of(payload: Payload) -> str:
    """Return the payload as text, refusing oversized and non-UTF-8 payloads."""
    if isinstance(payload, str):
        if len(payload) > MAX_PAYLOAD:  # a character is at least one byte
            raise _fail("payload", f"larger than {MAX_PAYLOAD} bytes")
        try:
            size = len(payload.encode("utf-8"))
        except UnicodeEncodeError:
            raise _fail("payload", "not valid UTF-8 (lone surrogate)") from None
        if size > MAX_PAYLOAD:
            raise _fail("payload", f"larger than {MAX_PAYLOAD} bytes")
        return payload
    if not isinstance(payload, bytes | bytearray | memoryview):
        raise _fail("payload", "must be bytes or text")
    data = bytes(payload)
    if len(data) > MAX_PAYLOAD:
        raise _fail("payload", f"larger than {MAX_PAYLOAD} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _fail("payload", f"not valid UTF-8 (byte {err.start})") from None


def _document(payload: Payload) -> dict[str, Any]:
    """Return the JSON object of a payload after checking its size, encoding and schema."""
    text = _text_of(payload)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise _fail(
            "payload", f"not valid JSON ({err.msg} at line {err.lineno} column {err.colno})"
        ) from None
    except (ValueError, RecursionError) as err:  # e.g. an integer of more than 4300 digits
        raise _fail("payload", f"not valid JSON ({err})") from None
    if not isinstance(doc, dict):
        raise _fail("payload", "must be a JSON object")
    if "schema" not in doc:
        raise _fail("schema", f"missing (must be {SCHEMA_VERSION})")
    schema = doc["schema"]
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise _fail("schema", f"must be the integer {SCHEMA_VERSION}")
    if schema != SCHEMA_VERSION:
        shown = schema if abs(schema) < 10**12 else "out of range"
        raise _fail("schema", f"version {shown} is not supported ({SCHEMA_VERSION} is)")
    return doc


def _is_number(value: object) -> TypeIs[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _float(value: float) -> float:
    """Return a JSON number as a float; integers too large for a float become infinite."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _number(value: object, where: str) -> float:
    """Return a finite number, or fail naming the field."""
    if not _is_number(value):
        raise _fail(where, "must be a number")
    number = _float(value)
    if not math.isfinite(number):
        raise _fail(where, "not a finite number")
    return number


def _text(value: object, where: str, max_length: int, *, empty: bool = False) -> str:
    """Return a printable string of at most max_length characters, or fail naming the field."""
    if value is None:
        raise _fail(where, "missing")
    if not isinstance(value, str):
        raise _fail(where, "must be a string")
    if not empty and not value.strip():
        raise _fail(where, "must not be empty")
    if len(value) > max_length:
        raise _fail(where, f"longer than {max_length} characters")
    if not value.isprintable() and any(
        unicodedata.category(c) in _CONTROL_CATEGORIES for c in value
    ):
        raise _fail(where, "must not contain control characters")
    return value


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "must be an object")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(where, "must be a list")
    return value


def _optional(doc: Mapping[str, Any], key: str, *, default: object) -> object:
    """Return a field, or the default when it is absent or null."""
    value = doc.get(key)
    return default if value is None else value


def _strings(value: object, where: str) -> list[str]:
    """Return a list of strings (unknown words are the caller's to ignore)."""
    items = _list(value, where)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise _fail(f"{where}[{i}]", "must be a string")
    return items


def _time(doc: Mapping[str, Any], where: str = "time") -> datetime:
    """Return the timestamp of a message as an aware datetime in UTC."""
    if where not in doc:
        raise _fail(where, "missing")
    value = doc[where]
    if not isinstance(value, str):
        raise _fail(where, "must be an ISO 8601 string")
    if len(value) > MAX_TIME_TEXT or not value.isascii():
        raise _fail(where, "not an ISO 8601 time")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _fail(where, "not an ISO 8601 time") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise _fail(where, "must have a time zone ('Z' or an offset such as +08:00)")
    try:
        utc = parsed.astimezone(UTC)
    except OverflowError:
        raise _fail(where, "out of range") from None
    if utc.year < MIN_YEAR:
        raise _fail(where, f"before the year {MIN_YEAR}")
    return utc


def _command_id(value: object, where: str) -> str:
    """Return a command id: 1-64 printable characters."""
    return _text(value, where, MAX_COMMAND_ID)


# --- parsers ----------------------------------------------------------------------------------


def parse_config(payload: Payload, box_id: str) -> BoxConfig | None:
    """Return a box's config, or None for an empty payload (the box was removed).

    `box_id` is the one from the topic; the payload must carry the same.
    """
    if isinstance(payload, str | bytes | bytearray | memoryview) and len(payload) == 0:
        return None
    doc = _document(payload)
    if not valid_box_id(box_id):
        raise _fail("box_id", f"the topic's box id {box_id!r} is not valid")
    if "box_id" not in doc:
        raise _fail("box_id", "missing")
    sent = doc["box_id"]
    if not isinstance(sent, str):
        raise _fail("box_id", "must be a string")
    if sent != box_id:
        shown = sent if len(sent) <= 64 else sent[:64] + "…"
        raise _fail("box_id", f"{shown!r} does not match the topic's {box_id!r}")

    phases = doc.get("phases")
    if isinstance(phases, bool) or not isinstance(phases, int) or phases not in PHASES:
        raise _fail("phases", "must be 1 or 3")
    manufacturer = _text(doc.get("manufacturer"), "manufacturer", MAX_IDENTITY_TEXT)
    model = _text(doc.get("model"), "model", MAX_IDENTITY_TEXT)
    serial = _text(doc.get("serial"), "serial", MAX_IDENTITY_TEXT)
    firmware = doc.get("firmware")
    identity = BoxIdentity(
        manufacturer=manufacturer,
        model=model,
        serial=serial,
        firmware=""
        if firmware is None
        else _text(firmware, "firmware", MAX_IDENTITY_TEXT, empty=True),
        phases=phases,
    )
    if "capabilities" not in doc:
        raise _fail("capabilities", "missing")
    capabilities = _capabilities(doc["capabilities"], phases)
    location = _location(doc.get("location"))
    return BoxConfig(box_id, identity, capabilities, location)


# Boxes of one model report the same capabilities: they share one object, whose sets hold the
# integration's own key strings, instead of keeping the parsed document's copies each (about
# 10 kB an MQTT box, bench/memory_probe.py --transport mqtt). Capabilities are immutable.
MAX_SHARED_CAPABILITIES: Final = 256  # distinct sets shared; a box beyond them keeps its own
_SHARED_CAPABILITIES: Final[dict[Capabilities, Capabilities]] = {}
_KEYS: Final = MappingProxyType({key: key for key in (*QUANTITIES, *SETTING_KEYS)})


def _shared(capabilities: Capabilities) -> Capabilities:
    """Return the one object of these capabilities (kept for up to MAX_SHARED_CAPABILITIES)."""
    if (shared := _SHARED_CAPABILITIES.get(capabilities)) is not None:
        return shared
    if len(_SHARED_CAPABILITIES) < MAX_SHARED_CAPABILITIES:
        _SHARED_CAPABILITIES[capabilities] = capabilities
    return capabilities


def _capabilities(value: object, phases: int) -> Capabilities:
    doc = _object(value, "capabilities")
    if "measurements" not in doc:
        raise _fail("capabilities.measurements", "missing")
    measurements = frozenset(
        _KEYS[key]
        for key in _strings(doc["measurements"], "capabilities.measurements")
        if key in QUANTITIES and QUANTITIES[key].applies(phases)
    )
    alarms = frozenset(
        AlarmCause(word)
        for word in _strings(_optional(doc, "alarms", default=[]), "capabilities.alarms")
        if word in DEVICE_CAUSES
    )
    contactor = _optional(doc, "contactor", default=False)
    if not isinstance(contactor, bool):
        raise _fail("capabilities.contactor", "must be true or false")
    commands = frozenset(
        Command(word)
        for word in _strings(_optional(doc, "commands", default=[]), "capabilities.commands")
        if word in _COMMAND_ORDER
    )
    settings = frozenset(
        _KEYS[key]
        for key in _strings(_optional(doc, "settings", default=[]), "capabilities.settings")
        if key in SETTING_KEYS
    )
    # A multi-circuit box's channels alarm on their own where it raises their cause.
    channels = frozenset(k for k in measurements if channel_cause(k) in alarms)
    return _shared(Capabilities(measurements, alarms, contactor, commands, settings, channels))


def _location(value: object) -> BoxLocation:
    if value is None:
        return BoxLocation()
    doc = _object(value, "location")
    texts: dict[str, str | None] = {}
    for key, most in (
        ("text", MAX_LOCATION_TEXT),
        ("site", MAX_PLACE_NAME),
        ("building", MAX_PLACE_NAME),
    ):
        raw_text = doc.get(key)
        texts[key] = None if raw_text is None else _text(raw_text, f"location.{key}", most)
    coords: dict[str, float | None] = {}
    for key, lo, hi in (
        ("latitude", -90.0, 90.0),
        ("longitude", -180.0, 180.0),
        ("x", -math.inf, math.inf),
        ("y", -math.inf, math.inf),
    ):
        raw = doc.get(key)
        if raw is None:
            coords[key] = None
            continue
        number = _number(raw, f"location.{key}")
        if not lo <= number <= hi:
            raise _fail(f"location.{key}", f"must be from {lo:g} to {hi:g}")
        coords[key] = number
    for first, second in (("latitude", "longitude"), ("x", "y")):
        if (coords[first] is None) != (coords[second] is None):
            raise _fail(f"location.{first}", f"and location.{second} go together")
    floor = doc.get("floor")
    if floor is not None and (
        isinstance(floor, bool)
        or not isinstance(floor, int)
        or not FLOOR_RANGE[0] <= floor <= FLOOR_RANGE[1]
    ):
        raise _fail(
            "location.floor", f"must be an integer from {FLOOR_RANGE[0]} to {FLOOR_RANGE[1]}"
        )
    return BoxLocation(
        **texts,
        latitude=coords["latitude"],
        longitude=coords["longitude"],
        x=coords["x"],
        y=coords["y"],
        floor=floor,
    )


def parse_state(payload: Payload, previous: BoxReading | None = None) -> StateMessage:
    """Return a box's state.

    The values are those of this message only: a state is a complete snapshot of what the box
    measures. `previous` supplies the alarms, contactor and settings when the message omits them.
    """
    doc = _document(payload)
    time = _time(doc)

    if "values" not in doc:
        raise _fail("values", "missing")
    raw: dict[str, float | None] = {}
    for key, value in _object(doc["values"], "values").items():
        if key not in QUANTITIES or value is None:
            continue  # unknown keys are ignored, null means "not present"
        kind = type(value)  # exact types: a bool is not a number here
        if kind is float:
            raw[key] = value
        elif kind is int:
            raw[key] = _float(value)
        else:
            raise _fail(f"values.{key}", "must be a number")
    values, dropped = accept_values(raw)

    alarms_raw = doc.get("alarms")
    channels_raw = doc.get("channel_alarms")
    if alarms_raw is None:
        alarms = previous.alarms if previous is not None else frozenset()
        channels = previous.channel_alarms if previous is not None else frozenset()
    else:
        alarms = frozenset(
            _cause(word, f"alarms[{i}]") for i, word in enumerate(_list(alarms_raw, "alarms"))
        )
        channels = frozenset()
        if channels_raw is not None:
            channels = frozenset(
                _channel(word, f"channel_alarms[{i}]")
                for i, word in enumerate(_list(channels_raw, "channel_alarms"))
            )
        # A channel in alarm raises its cause, whether or not `alarms` lists it.
        alarms |= {cause for key in channels if (cause := channel_cause(key)) is not None}

    contactor_raw = doc.get("contactor")
    contactor: bool | None
    if contactor_raw is None:
        contactor = previous.contactor_closed if previous is not None else None
    elif contactor_raw == "closed":
        contactor = True
    elif contactor_raw == "open":
        contactor = False
    else:
        raise _fail("contactor", "must be 'closed', 'open' or null")

    settings_raw = doc.get("settings")
    settings: MappingProxyType[str, float]
    if settings_raw is None:
        settings = previous.settings if previous is not None else MappingProxyType({})
    else:
        kept = dict(previous.settings) if previous is not None else {}
        received: dict[str, float] = {}
        for key, value in _object(settings_raw, "settings").items():
            if key not in SETTING_KEYS or value is None:
                continue
            number = _number(value, f"settings.{key}")
            if setting_accepted(SETTING_RANGES, key, number):
                received[key] = number
            else:  # outside its range: dropped, the last good one stays
                dropped.append(f"settings.{key}")
                if key in kept:
                    received[key] = kept[key]
        settings = MappingProxyType(received)

    ack_raw = doc.get("ack")
    ack = None if ack_raw is None else _command_id(ack_raw, "ack")
    reading = BoxReading(
        values=MappingProxyType(values),
        alarms=alarms,
        contactor_closed=contactor,
        settings=settings,
        channel_alarms=channels,
    )
    return StateMessage(time, reading, tuple(dropped), ack)


def _channel(word: object, where: str) -> str:
    """Return a channel key of a multi-circuit detector (`leakage_current_3`, `temperature_1`)."""
    if not isinstance(word, str) or channel_cause(word) is None:
        raise _fail(where, "must be a channel key such as 'leakage_current_3' or 'temperature_1'")
    return word


def _cause(word: object, where: str) -> AlarmCause:
    """Return a device alarm cause; `offline` and unknown words fail."""
    if not isinstance(word, str):
        raise _fail(where, "must be a string")
    if word == AlarmCause.OFFLINE:
        raise _fail(where, "'offline' is not a device alarm")
    if word not in DEVICE_CAUSES:
        shown = word if len(word) <= 64 else word[:64] + "…"
        raise _fail(where, f"unknown alarm cause {shown!r}")
    return AlarmCause(word)


def parse_alarm(payload: Payload) -> AlarmMessage:
    """Return one alarm log entry.

    A value or threshold that is not finite, or implausible for the channel's quantity (or, with
    no channel, for every measurement of the cause), is set to None.
    """
    doc = _document(payload)
    time = _time(doc)
    if "cause" not in doc:
        raise _fail("cause", "missing")
    cause = _cause(doc["cause"], "cause")
    state = doc.get("state")
    if state not in ("raised", "cleared"):
        raise _fail("state", "must be 'raised' or 'cleared'")

    channel_raw = doc.get("channel")
    if channel_raw is not None and not isinstance(channel_raw, str):
        raise _fail("channel", "must be a measurement key or null")
    channel = channel_raw if channel_raw in QUANTITIES else None
    quantities = (
        (QUANTITIES[channel],)
        if channel is not None
        else tuple(QUANTITIES[k] for k in CAUSE_MEASUREMENTS.get(cause, ()))
    )

    def plausible(key: str) -> float | None:
        value = doc.get(key)
        if value is None:
            return None
        if not _is_number(value):
            raise _fail(key, "must be a number or null")
        number = _float(value)
        if not math.isfinite(number):
            return None
        if quantities and not any(q.accept(number) for q in quantities):
            return None
        return number

    return AlarmMessage(
        time=time,
        cause=cause,
        raised=state == "raised",
        value=plausible("value"),
        threshold=plausible("threshold"),
        channel=channel,
    )


def parse_availability(payload: Payload) -> bool:
    """Return True for `online`, False for `offline` (surrounding white space is ignored)."""
    word = _text_of(payload).strip()
    if word == ONLINE:
        return True
    if word == OFFLINE:
        return False
    raise _fail("availability", "must be 'online' or 'offline'")


def parse_command(payload: Payload) -> tuple[Command, str]:
    """Return (command, id) of a `/set` payload; an unknown command fails."""
    doc = _document(payload)
    if "command" not in doc:
        raise _fail("command", "missing")
    word = doc["command"]
    if not isinstance(word, str):
        raise _fail("command", "must be a string")
    if word not in _COMMAND_ORDER:
        shown = word if len(word) <= 64 else word[:64] + "…"
        raise _fail("command", f"unknown command {shown!r}")
    if "id" not in doc:
        raise _fail("id", "missing")
    return Command(word), _command_id(doc["id"], "id")


def parse_command_settings(payload: Payload) -> dict[str, float]:
    """Return the settings a `settings` command writes (each key known, each in its range)."""
    doc = _document(payload)
    settings = _object(doc.get("settings"), "settings")
    if not settings:
        raise _fail("settings", "must not be empty")
    written: dict[str, float] = {}
    for key, value in settings.items():
        if key not in SETTING_KEYS:
            raise _fail(f"settings.{key}", "unknown setting")
        number = _number(value, f"settings.{key}")
        if not setting_accepted(SETTING_RANGES, key, number):
            low, high = SETTING_RANGES[key]
            raise _fail(f"settings.{key}", f"must be from {low:g} to {high:g}")
        written[key] = number
    return written


# --- encoders ---------------------------------------------------------------------------------


def _dumps(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)


def _iso(time: datetime, where: str) -> str:
    if not isinstance(time, datetime) or time.tzinfo is None or time.utcoffset() is None:
        raise ValueError(f"{where}: must be a timezone-aware datetime")
    text = time.isoformat()
    if time.utcoffset() == timedelta(0):
        text = text.removesuffix("+00:00") + "Z"
    return text


def _checked[T](encoded: str, parsed: T, wanted: T, what: str) -> str:
    if len(encoded.encode()) > MAX_PAYLOAD:
        raise ValueError(f"{what}: larger than {MAX_PAYLOAD} bytes")
    if parsed != wanted:
        raise ValueError(f"{what}: does not survive its own schema: {wanted!r} reads as {parsed!r}")
    return encoded


def encode_config(config: BoxConfig) -> str:
    """Return the retained `/config` payload of a box."""
    identity = config.identity
    caps = config.capabilities
    loc = config.location
    location = {
        key: value
        for key, value in (
            ("text", loc.text),
            ("site", loc.site),
            ("building", loc.building),
            ("latitude", loc.latitude),
            ("longitude", loc.longitude),
            ("x", loc.x),
            ("y", loc.y),
            ("floor", loc.floor),
        )
        if value is not None
    }
    doc: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "box_id": config.box_id,
        "manufacturer": identity.manufacturer,
        "model": identity.model,
        "serial": identity.serial,
        "firmware": identity.firmware,
        "phases": identity.phases,
        "capabilities": {
            "measurements": sorted(caps.measurements, key=lambda k: _QUANTITY_ORDER.get(k, -1)),
            "alarms": [str(c) for c in sorted(caps.alarms, key=lambda c: _CAUSE_ORDER.get(c, -1))],
            "contactor": caps.contactor,
            "commands": [
                str(c) for c in sorted(caps.commands, key=lambda c: _COMMAND_ORDER.get(c, -1))
            ],
            "settings": sorted(caps.settings),
        },
    }
    if location:
        doc["location"] = location
    encoded = _encode(doc, "config")
    try:
        parsed = parse_config(encoded, config.box_id)
    except PayloadError as err:
        raise ValueError(f"config: {err}") from None
    return _checked(encoded, parsed, config, "config")


def _encode(doc: Mapping[str, Any], what: str) -> str:
    try:
        return _dumps(doc)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{what}: {err}") from None


def encode_state(time: datetime, reading: BoxReading, ack: str | None = None) -> str:
    """Return a `/state` payload: the complete reading, and the acknowledged command's id."""
    doc: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "time": _iso(time, "time"),
        "values": {
            key: reading.values[key]
            for key in sorted(reading.values, key=lambda k: _QUANTITY_ORDER.get(k, -1))
        },
        "alarms": [str(c) for c in sorted(reading.alarms, key=lambda c: _CAUSE_ORDER.get(c, -1))],
    }
    if reading.contactor_closed is not None:
        doc["contactor"] = "closed" if reading.contactor_closed else "open"
    doc["settings"] = {key: reading.settings[key] for key in sorted(reading.settings)}
    if reading.channel_alarms:
        doc["channel_alarms"] = sorted(
            reading.channel_alarms, key=lambda k: _QUANTITY_ORDER.get(k, -1)
        )
    if ack is not None:
        doc["ack"] = ack
    encoded = _encode(doc, "state")
    try:
        parsed = parse_state(encoded)
    except PayloadError as err:
        raise ValueError(f"state: {err}") from None
    if parsed.dropped:
        raise ValueError(f"state: values out of their physical range: {list(parsed.dropped)}")
    return _checked(encoded, parsed, StateMessage(time, reading, (), ack), "state")


def encode_alarm(message: AlarmMessage) -> str:
    """Return an `/alarm` payload: one alarm log entry."""
    doc: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "time": _iso(message.time, "time"),
        "cause": str(message.cause),
        "state": "raised" if message.raised else "cleared",
    }
    optional = {
        "value": message.value,
        "threshold": message.threshold,
        "channel": message.channel,
    }
    doc.update({key: value for key, value in optional.items() if value is not None})
    encoded = _encode(doc, "alarm")
    try:
        parsed = parse_alarm(encoded)
    except PayloadError as err:
        raise ValueError(f"alarm: {err}") from None
    return _checked(encoded, parsed, message, "alarm")


def encode_availability(online: bool) -> str:
    """Return the `/availability` payload: `online` or `offline`."""
    return ONLINE if online else OFFLINE


def encode_command(
    command: Command, command_id: str, settings: Mapping[str, float] | None = None
) -> str:
    """Return a `/set` payload (`settings` with the `settings` command only)."""
    try:
        word = Command(command)
        _command_id(command_id, "id")
    except PayloadError as err:
        raise ValueError(f"command: {err}") from None
    if (word is Command.SETTINGS) != bool(settings):
        raise ValueError("command: settings go with the settings command, and only there")
    doc: dict[str, Any] = {"schema": SCHEMA_VERSION, "command": word.value, "id": command_id}
    if settings:
        doc["settings"] = dict(settings)
    return _dumps(doc)

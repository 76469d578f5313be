"""Hypothesis strategies for MQTT payloads: valid documents of every topic and their mutations.

Shared by the contract's property tests (tests/box) and the Home Assistant ones
(tests/integration): the same payloads go through the parsers and through the live hub.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
import json
import math
from typing import Any

from hypothesis import strategies as st

from custom_components.safe_power.box.model import QUANTITIES, AlarmCause
from custom_components.safe_power.box.mqtt import (
    DEVICE_CAUSES,
    MAX_COMMAND_ID,
    Command,
    Topic,
)
from custom_components.safe_power.box.profile import SETTING_KEYS, SETTING_RANGES

BOX = "SP24A0001"

# --- strategies: valid documents --------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)
identity_text = st.text(
    st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=64
).filter(str.strip)
command_ids = st.text(
    st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=MAX_COMMAND_ID
)
times = st.datetimes(
    min_value=datetime(2000, 1, 2),  # noqa: DTZ001 - hypothesis wants naive bounds
    max_value=datetime(9998, 12, 31),  # noqa: DTZ001
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5))]),
)


def _value(key: str) -> st.SearchStrategy[float]:
    quantity = QUANTITIES[key]
    return st.floats(quantity.minimum, quantity.maximum) | st.integers(
        int(quantity.minimum), int(quantity.maximum)
    ).map(float)


@st.composite
def config_docs(draw: st.DrawFn) -> dict[str, Any]:
    phases = draw(st.sampled_from([1, 3]))
    location: dict[str, Any] = {}
    if draw(st.booleans()):
        location["text"] = draw(identity_text)
    if draw(st.booleans()):
        location["latitude"] = draw(st.floats(-90, 90))
        location["longitude"] = draw(st.floats(-180, 180))
    if draw(st.booleans()):
        location["x"] = draw(finite)
        location["y"] = draw(finite)
    if draw(st.booleans()):
        location["floor"] = draw(st.integers(-20, 200))
    doc: dict[str, Any] = {
        "schema": 1,
        "box_id": BOX,
        "manufacturer": draw(identity_text),
        "model": draw(identity_text),
        "serial": draw(identity_text),
        "firmware": draw(st.text(st.characters(categories=("L", "N", "P")), max_size=10)),
        "phases": phases,
        "capabilities": {
            # all keys: those of phases B and C are dropped for a single-phase box; unknown
            # words (and `offline` among the alarms) are ignored
            "measurements": draw(st.lists(st.sampled_from([*QUANTITIES, "humidity"]))),
            "alarms": draw(st.lists(st.sampled_from([*sorted(AlarmCause), "fire"]))),
            "contactor": draw(st.booleans()),
            "commands": draw(st.lists(st.sampled_from([*Command, "reboot"]))),
            "settings": draw(st.lists(st.sampled_from([*sorted(SETTING_KEYS), "x_threshold"]))),
        },
    }
    empty_location = draw(st.booleans())
    if location or empty_location:
        doc["location"] = location
    return doc


@st.composite
def state_docs(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(list(QUANTITIES)), unique=True))
    doc: dict[str, Any] = {
        "schema": 1,
        "time": draw(times).isoformat(),
        "values": {key: draw(_value(key) | st.none()) for key in keys},
    }
    if draw(st.booleans()):
        doc["alarms"] = draw(st.lists(st.sampled_from(sorted(DEVICE_CAUSES)), max_size=4))
    if draw(st.booleans()):
        doc["contactor"] = draw(st.sampled_from(["closed", "open", None]))
    if draw(st.booleans()):
        keys = draw(st.lists(st.sampled_from(sorted(SETTING_KEYS)), unique=True))
        doc["settings"] = {
            key: draw(st.floats(*SETTING_RANGES[key], allow_nan=False)) for key in keys
        }
    if draw(st.booleans()):
        doc["ack"] = draw(command_ids)
    return doc


@st.composite
def alarm_docs(draw: st.DrawFn) -> dict[str, Any]:
    cause = draw(st.sampled_from(sorted(DEVICE_CAUSES)))
    doc: dict[str, Any] = {
        "schema": 1,
        "time": draw(times).isoformat().replace("+00:00", "Z"),
        "cause": cause,
        "state": draw(st.sampled_from(["raised", "cleared"])),
    }
    channel = draw(st.sampled_from(list(QUANTITIES)))
    if draw(st.booleans()):
        doc["channel"] = channel
    for key in ("value", "threshold"):
        if draw(st.booleans()):
            doc[key] = draw(_value(channel))
    return doc


command_docs = st.fixed_dictionaries(
    {
        "schema": st.just(1),
        "command": st.sampled_from([c.value for c in Command]),
        "id": command_ids,
    }
)

VALID_DOCS: dict[Topic, st.SearchStrategy[dict[str, Any]]] = {
    Topic.CONFIG: config_docs(),
    Topic.STATE: state_docs(),
    Topic.ALARM: alarm_docs(),
    Topic.SET: command_docs,
}

# --- strategies: mutations --------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["closed", "open", "raised", "leakage", "offline", "voltage_a", "1", ""])
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_DEEP = "\x00deep\x00"
_HUGE_STRING = "\x00huge\x00"
special_values = st.sampled_from(
    [
        math.nan,
        math.inf,
        -math.inf,
        10**30,
        -(10**30),
        10**400,
        1e308,
        -0.0,
        True,
        False,
        None,
        "",
        "NaN",
        "230.1",
        [],
        {},
        [230.1],
        {"value": 230.1},
        _DEEP,
        _HUGE_STRING,
        "\ud800",  # a lone surrogate
        "a\nb",
        "x" * 300,
    ]
)
replacements = special_values | json_values


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path of every value inside a document (dict keys and list indexes)."""
    found = [prefix] if prefix else []
    if isinstance(doc, dict):
        for key, value in doc.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            found.extend(_paths(value, (*prefix, index)))
    return found


def _containers(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if isinstance(doc, dict) else []
    if isinstance(doc, dict):
        for key, value in doc.items():
            found.extend(_containers(value, (*prefix, key)))
    return found


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


def _serialise(doc: Any, deep: int) -> str:
    text = json.dumps(doc, ensure_ascii=False)
    text = text.replace(json.dumps(_DEEP), "[" * deep + "]" * deep)
    return text.replace(json.dumps(_HUGE_STRING), json.dumps("é" * 9000))


@st.composite
def mutated(draw: st.DrawFn, kind: Topic) -> bytes | str:
    """A valid document of that kind with one mutation, sent as text or bytes."""
    doc = json.loads(json.dumps(draw(VALID_DOCS[kind])))
    operation = draw(
        st.sampled_from(
            ["replace", "replace", "replace", "delete", "add", "none", "truncate", "bytes"]
        )
    )
    if operation in ("replace", "delete"):
        # the schema field is mutated by "add" and by the random objects below, rarely here:
        # most mutations must reach the validation behind it
        path = draw(st.sampled_from([p for p in _paths(doc) if p != ("schema",)]))
        parent = _at(doc, path[:-1])
        if operation == "delete":
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(replacements)
    elif operation == "add":
        where = _at(doc, draw(st.sampled_from(_containers(doc))))
        known = ["values", "alarms", "settings", "ack", "location", "contactor", "x"]
        key = draw(st.sampled_from([*known, *QUANTITIES, "schema"]) | st.text(max_size=8))
        where[key] = draw(replacements)
    text = _serialise(doc, draw(st.integers(1, 6000)))
    data = text.encode("utf-8", "surrogatepass")
    if operation == "truncate":
        data = data[: draw(st.integers(0, max(0, len(data) - 1)))]
    elif operation == "bytes":
        at = draw(st.integers(0, len(data)))
        junk = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\xe4\xb8"]))
        data = data[:at] + junk + data[at:]
    if operation in ("truncate", "bytes") or draw(st.booleans()):
        return data
    return text  # as text, lone surrogates included

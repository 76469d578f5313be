"""Every blueprint is valid for Home Assistant, substitutes its inputs and loads as automation."""

from __future__ import annotations

from pathlib import Path
import re
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util import yaml as yaml_util
from homeassistant.util.yaml import Input
import pytest

from custom_components.safe_power.box.alarm_register import CAUSES

from .conftest import BLUEPRINTS, NAMES, REPO, load_blueprint, substitute, use_blueprint

RAW = "https://github.com/safe-power/safe-power/blob/main/blueprints/automation/safe_power/"
IMPORT = "https://my.home-assistant.io/create-link/?redirect=blueprint_import&blueprint_url="
BOX = "0123456789abcdef0123456789abcdef"
PHONE = "fedcba9876543210fedcba9876543210"

# Every input the blueprints share, set to something other than its default.
COMMON_INPUTS: dict[str, Any] = {
    "mobile_devices": [PHONE],
    "bound_clients": False,
    "notify_entities": ["notify.sms_gateway"],
    "notify_actions": ["notify.sms_duty_electrician"],
    "persistent": False,
    "language": "zh",
    "all_clear": "remove",
    "tts_entity": "tts.piper",
    "media_players": ["media_player.hall"],
    "satellites": ["assist_satellite.kitchen"],
    "alert_entities": ["siren.hall"],
    "extra_actions": [{"action": "script.call_electrician"}],
}
# The escalation recipients: every blueprint but the neighbour one (a second notification of
# an alarm the cause blueprints escalate).
ESCALATION_INPUTS: dict[str, Any] = {
    "level1_notify_entities": ["notify.sms_site_manager"],
    "level1_notify_actions": ["notify.sms_duty_electrician"],
    "level2_actions": [{"action": "script.phone_the_manager"}],
}
SPECIFIC_INPUTS: dict[str, dict[str, Any]] = {
    "overload": {
        "sensors": ["sensor.kitchen_box_phase_a_current"],
        "limit": 50,
        "duration": {"seconds": 30},
        "device_alarm": False,
    },
    "over_temperature": {
        "sensors": ["sensor.kitchen_box_phase_a_cable_temperature"],
        "limit": 90,
        "duration": {"minutes": 2},
        "device_alarm": True,
    },
    "leakage": {
        "sensors": ["sensor.kitchen_box_leakage_current"],
        "limit": 500,
        "duration": {"seconds": 10},
        "device_alarm": True,
    },
    "supply": {
        "voltage_sensors": ["sensor.kitchen_box_phase_a_voltage"],
        "overvoltage_limit": 250,
        "undervoltage_limit": 200,
        "unbalance_sensors": ["sensor.b2_east_shaft_box_3_voltage_unbalance"],
        "unbalance_limit": 3,
        "duration": {"seconds": 20},
        "device_alarm": False,
    },
    "device_fault": {},
    "neighbour_correlation": {
        "causes": ["leakage"],
        "distance": 200,
        "window": {"minutes": 30},
        "min_neighbours": 2,
    },
    "offline": {
        "after_alarm_window": {"minutes": 10},
        "distance": 500,
        "delta": {"minutes": 1},
        "min_offline": 2,
        "warn_neighbours": False,
    },
}
LIMITS = ("overload", "over_temperature", "leakage", "supply")


def _all_inputs(name: str) -> dict[str, Any]:
    escalation = {} if name == "neighbour_correlation" else ESCALATION_INPUTS
    return {"boxes": [BOX], **COMMON_INPUTS, **escalation, **SPECIFIC_INPUTS[name]}


def _inputs(name: str) -> dict[str, dict[str, Any]]:
    """Return a blueprint's inputs by key, flattening its sections."""
    out: dict[str, dict[str, Any]] = {}
    for section in load_blueprint(name).metadata["input"].values():
        assert "input" in section, "every input sits in a section"
        assert section.get("name")
        out.update(section["input"])
    assert out.keys() == load_blueprint(name).inputs.keys()
    return out


def _inputs_used(node: Any) -> set[str]:
    """Return the names of every `!input` in a blueprint's body."""
    if isinstance(node, Input):
        return {node.name}
    if isinstance(node, dict):
        return set().union(*(_inputs_used(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_inputs_used(v) for v in node)) if node else set()
    return set()


@pytest.mark.parametrize("name", NAMES)
def test_valid_for_home_assistant(name: str) -> None:
    bp = load_blueprint(name)  # raises InvalidBlueprint
    assert bp.validate() is None  # min_version against the running Home Assistant
    meta = bp.metadata
    assert meta["domain"] == "automation"
    assert meta["homeassistant"] == {"min_version": "2026.10.0"}
    assert meta["source_url"] == f"{RAW}{name}.yaml"
    assert meta["name"].startswith("Safe Power – ")


@pytest.mark.parametrize("name", NAMES)
def test_inputs(name: str) -> None:
    inputs = _inputs(name)
    assert inputs["boxes"]["selector"] == {
        "device": {"multiple": True, "filter": [{"integration": "safe_power"}]}
    }
    assert inputs["mobile_devices"]["selector"]["device"]["filter"] == [
        {"integration": "mobile_app"}
    ]
    assert inputs["boxes"]["default"] == []  # empty: every box
    assert inputs["language"]["default"] == "en"
    assert [o["value"] for o in inputs["language"]["selector"]["select"]["options"]] == [
        "en",
        "zh",
    ]
    # Nothing is required; every input has a name and a selector and is used.
    assert [key for key, spec in inputs.items() if "default" not in spec] == []
    for key, spec in inputs.items():
        assert spec.get("name"), key
        assert spec.get("selector"), key
    data = yaml_util.load_yaml_dict(BLUEPRINTS / f"{name}.yaml")
    body = {k: v for k, v in data.items() if k != "blueprint"}
    assert _inputs_used(body) == set(inputs)
    assert set(inputs) == set(_all_inputs(name))
    # Selectors and texts a frontend shows as they are: lowercase keys, nothing like markup.
    text = (BLUEPRINTS / f"{name}.yaml").read_text(encoding="utf-8")
    header = text.split("\nmode:")[0]
    assert not re.search(r"<[A-Za-z/][^>]*>", header)

    def lowercase_keys(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                assert key == key.lower(), key
                lowercase_keys(value)
        elif isinstance(node, list):
            for value in node:
                lowercase_keys(value)

    for spec in inputs.values():
        lowercase_keys(spec["selector"])


@pytest.mark.parametrize("name", NAMES)
def test_substitutes_defaults_and_every_input(name: str) -> None:
    minimal = substitute(name, {})
    # Short runs, as many at once as alarms come: 100 boxes alarming together all get theirs.
    assert minimal["mode"] == "parallel"
    assert minimal["max"] >= 100
    assert minimal["variables"]["boxes"] == []
    assert minimal["variables"]["lang"] == "en"
    assert minimal["triggers"][0] == {
        "trigger": "event",
        "event_type": "safe_power_alarm",
        **({"id": "alarm"} if "id" in minimal["triggers"][0] else {}),
    }

    full = substitute(name, _all_inputs(name))
    variables = full["variables"]
    for key in ("mobile_devices", "notify_entities", "notify_actions", "media_players"):
        assert variables[key] == COMMON_INPUTS[key]
    assert variables["lang"] == "zh"
    for key, value in SPECIFIC_INPUTS[name].items():
        if key in variables:
            assert variables[key] == value, key
    if name in LIMITS:
        limits = [t for t in full["triggers"] if t["trigger"] == "numeric_state"]
        assert limits
        assert all(t["for"] == SPECIFIC_INPUTS[name]["duration"] for t in limits)
        assert {str(t.get("above", t.get("below"))) for t in limits} <= {
            str(v) for k, v in SPECIFIC_INPUTS[name].items() if k.endswith("limit")
        }


@pytest.mark.parametrize("name", NAMES)
def test_texts_in_both_languages(name: str) -> None:
    texts = substitute(name, {"boxes": [BOX]})["variables"]["texts"]

    def keys(node: Any, prefix: str = "") -> set[str]:
        if not isinstance(node, dict):
            return {prefix}
        return set().union(*(keys(v, f"{prefix}.{k}") for k, v in node.items()))

    assert keys(texts["en"]) == keys(texts["zh"])
    # Every cause of the alarm register has its name in both languages.
    assert set(texts["en"]["causes"]) == set(CAUSES)
    # Chinese is Chinese, with the electrician's words.
    assert texts["zh"]["causes"]["overcurrent"] == "过流"
    assert texts["zh"]["causes"]["leakage"] == "剩余电流超限"
    assert texts["zh"]["power_off"] == "分闸断电"
    assert texts["zh"]["below"] == "低于限值"


@pytest.mark.parametrize("name", NAMES)
def test_short_runs_on_the_registers_events(name: str) -> None:
    """Policy, not state: nothing waits, the phone buttons are the integration's."""
    text = (BLUEPRINTS / f"{name}.yaml").read_text(encoding="utf-8")
    for waiting in ("wait_for_trigger", "wait_template", "delay:", "until:", "while:"):
        assert waiting not in text, waiting
    assert "'SAFE_POWER_OFF_' ~ e.alarm_id" in text
    assert "'SAFE_POWER_ACK_' ~ e.alarm_id" in text
    assert "'safe_power_' ~ e.alarm_id" in text or "'safe_power_neighbours_' ~ e.alarm_id" in text


@pytest.mark.parametrize("name", NAMES)
async def test_loads_as_automation(hass: HomeAssistant, name: str) -> None:
    """Home Assistant validates triggers, conditions and actions when the automation loads."""
    entity_id = await use_blueprint(hass, name, _all_inputs(name))
    assert hass.states.get(entity_id).state == "on"


def test_documented() -> None:
    """docs/blueprints.md names every input with its default and links every blueprint."""
    doc = (REPO / "docs" / "blueprints.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"]({IMPORT}{RAW}{name}.yaml)" in doc, name
        for key in _inputs(name):
            assert f"`{key}`" in doc, (name, key)
    assert Path(REPO / "blueprints" / "automation" / "safe_power").is_dir()

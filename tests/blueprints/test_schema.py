"""Every blueprint is valid for Home Assistant, substitutes its inputs and loads as automation."""

from __future__ import annotations

from pathlib import Path
import re
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util import yaml as yaml_util
from homeassistant.util.yaml import Input
import pytest

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
    "repeat_interval": {"hours": 0, "minutes": 10, "seconds": 0},
    "tts_entity": "tts.piper",
    "media_players": ["media_player.hall"],
    "satellites": ["assist_satellite.kitchen"],
    "alert_entities": ["siren.hall"],
    "extra_actions": [{"action": "script.call_electrician"}],
}
SPECIFIC_INPUTS: dict[str, dict[str, Any]] = {
    "overload": {"limit": 50, "duration": {"seconds": 30}, "device_alarm": False},
    "over_temperature": {"limit": 90, "duration": {"minutes": 2}, "device_alarm": True},
    "leakage": {"limit": 500, "duration": {"seconds": 10}, "device_alarm": True},
    "neighbour_correlation": {
        "causes": ["leakage"],
        "distance": 200,
        "window": {"minutes": 30},
        "min_neighbours": 2,
    },
    "offline": {
        "offline_for": {"minutes": 5},
        "after_alarm_window": {"minutes": 10},
        "distance": 500,
        "delta": {"minutes": 1},
        "min_offline": 2,
        "warn_neighbours": False,
    },
}


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
    assert inputs["language"]["default"] == "en"
    assert [o["value"] for o in inputs["language"]["selector"]["select"]["options"]] == [
        "en",
        "zh",
    ]
    # Only the boxes are required; every input has a name and a selector and is used.
    assert [key for key, spec in inputs.items() if "default" not in spec] == ["boxes"]
    for key, spec in inputs.items():
        assert spec.get("name"), key
        assert spec.get("selector"), key
    data = yaml_util.load_yaml_dict(BLUEPRINTS / f"{name}.yaml")
    body = {k: v for k, v in data.items() if k != "blueprint"}
    assert _inputs_used(body) == set(inputs)
    assert set(inputs) >= set(COMMON_INPUTS) | set(SPECIFIC_INPUTS[name])


@pytest.mark.parametrize("name", NAMES)
def test_substitutes_defaults_and_every_input(name: str) -> None:
    minimal = substitute(name, {"boxes": [BOX]})
    assert minimal["mode"] == "parallel"
    assert minimal["variables"]["boxes"] == [BOX]
    assert minimal["variables"]["lang"] == "en"
    assert minimal["triggers"][0]["target"] == {"device_id": [BOX]}
    assert minimal["triggers"][0]["trigger"] == "event.received"

    full = substitute(name, {"boxes": [BOX], **COMMON_INPUTS, **SPECIFIC_INPUTS[name]})
    variables = full["variables"]
    for key in ("mobile_devices", "notify_entities", "notify_actions", "media_players"):
        assert variables[key] == COMMON_INPUTS[key]
    assert variables["lang"] == "zh"
    for key, value in SPECIFIC_INPUTS[name].items():
        if key in variables:
            assert variables[key] == value, key
    if name in ("overload", "over_temperature", "leakage"):
        assert full["triggers"][1]["for"] == SPECIFIC_INPUTS[name]["duration"]
        assert full["trigger_variables"]["limit"] == SPECIFIC_INPUTS[name]["limit"]


@pytest.mark.parametrize("name", NAMES)
def test_texts_in_both_languages(name: str) -> None:
    texts = substitute(name, {"boxes": [BOX]})["variables"]["texts"]

    def keys(node: Any, prefix: str = "") -> set[str]:
        if not isinstance(node, dict):
            return {prefix}
        return set().union(*(keys(v, f"{prefix}.{k}") for k, v in node.items()))

    assert keys(texts["en"]) == keys(texts["zh"])
    # Chinese is Chinese, with the electrician's words.
    assert texts["zh"]["causes"]["overcurrent"] == "过载"
    assert texts["zh"]["causes"]["cable_over_temperature"] == "线缆温度过高"
    assert texts["zh"]["causes"]["leakage"] == "剩余电流（漏电）超限"
    assert texts["zh"]["power_cut"] == "已切断电源"


@pytest.mark.parametrize("name", NAMES)
def test_action_keys_are_unique_per_run(name: str) -> None:
    text = (BLUEPRINTS / f"{name}.yaml").read_text(encoding="utf-8")
    assert 'ctx: "{{ context.id }}"' in text
    keys = re.findall(r"'action': 'SAFEPOWER_(\w+)_' ~ ctx ~ '_' ~ \w+", text)
    assert keys
    assert set(keys) <= {"OFF", "OFFALL", "ACK"}
    assert "event_type: mobile_app_notification_action" in text
    assert "action: safe_power.power_off" in text


@pytest.mark.parametrize("name", NAMES)
async def test_loads_as_automation(hass: HomeAssistant, name: str) -> None:
    """Home Assistant validates triggers, conditions and actions when the automation loads."""
    entity_id = await use_blueprint(
        hass, name, {"boxes": [BOX], **COMMON_INPUTS, **SPECIFIC_INPUTS[name]}
    )
    assert hass.states.get(entity_id).state == "on"


def test_documented() -> None:
    """docs/blueprints.md names every input with its default and links every blueprint."""
    doc = (REPO / "docs" / "blueprints.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"]({IMPORT}{RAW}{name}.yaml)" in doc, name
        for key in _inputs(name):
            assert f"`{key}`" in doc, (name, key)
    assert Path(REPO / "blueprints" / "automation" / "safe_power").is_dir()

"""Translations: en.json mirrors strings.json, zh-Hans is complete, the code's keys all exist.

Plain file checks: no Home Assistant instance, no sockets.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
import json
from pathlib import Path
import re
from typing import Any

import yaml

from custom_components.safe_power.box.model import AlarmCause

INTEGRATION = Path(__file__).parent.parent / "custom_components" / "safe_power"
STRINGS = INTEGRATION / "strings.json"
EN = INTEGRATION / "translations" / "en.json"
ZH = INTEGRATION / "translations" / "zh-Hans.json"

PLACEHOLDER = re.compile(r"\{(\w+)\}")

# Values a translation may keep in English: product names and protocol names.
UNTRANSLATED_OK = frozenset({"Modbus TCP", "Modbus RTU over TCP", "MQTT"})

# Exceptions whose `translation_key` is looked up under "exceptions".
EXCEPTION_CLASSES = frozenset(
    {
        "HomeAssistantError",
        "ServiceValidationError",
        "UpdateFailed",
        "ConfigEntryNotReady",
        "ConfigEntryError",
        "ConfigEntryAuthFailed",
    }
)

# How each f-string translation key of the code expands ("{}" stands for the f-string's field).
ALARM_CAUSES = sorted(cause.value for cause in AlarmCause if cause is not AlarmCause.OFFLINE)
FSTRING_KEYS = {"alarm_{}": [f"alarm_{cause}" for cause in ALARM_CAUSES]}


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _leaves(tree: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Yield (dotted path, value) for every non-dict value, and for every empty dict."""
    for key, value in tree.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and value:
            yield from _leaves(value, path)
        else:
            yield path, value


def _strings() -> dict[str, Any]:
    return dict(_leaves(_load(STRINGS)))


def _zh() -> dict[str, Any]:
    return dict(_leaves(_load(ZH)))


def _zh_texts() -> dict[str, str]:
    """Return the zh-Hans values that are strings (the key test reports any that are not)."""
    return {path: value for path, value in _zh().items() if isinstance(value, str)}


def test_en_is_a_copy_of_strings() -> None:
    """translations/en.json is what Home Assistant shows; strings.json is what we edit."""
    assert _load(EN) == _load(STRINGS), "translations/en.json differs from strings.json: copy it"


def test_zh_hans_has_the_same_keys() -> None:
    english, chinese = _strings(), _zh()
    missing = sorted(english.keys() - chinese.keys())
    extra = sorted(chinese.keys() - english.keys())
    assert (missing, extra) == ([], []), f"zh-Hans missing: {missing}; zh-Hans extra: {extra}"
    wrong_type = [path for path, value in chinese.items() if not isinstance(value, str)]
    assert not wrong_type, f"zh-Hans values that are not strings: {wrong_type}"


def test_zh_hans_keeps_every_placeholder() -> None:
    english, chinese = _strings(), _zh_texts()
    wrong = {
        path: (sorted(PLACEHOLDER.findall(source)), sorted(PLACEHOLDER.findall(chinese[path])))
        for path, source in english.items()
        if isinstance(source, str)
        and path in chinese
        and sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(chinese[path]))
    }
    assert not wrong, f"placeholders differ (English, zh-Hans): {wrong}"


def test_zh_hans_is_translated() -> None:
    english, chinese = _strings(), _zh_texts()
    untranslated = [
        path
        for path, value in chinese.items()
        if re.fullmatch(r"[A-Za-z ]+", value)
        and value == english.get(path)
        and value not in UNTRANSLATED_OK
    ]
    assert not untranslated, f"zh-Hans values still in English: {untranslated}"


def test_zh_hans_uses_full_width_punctuation() -> None:
    """After a Chinese character, punctuation is full-width: ，。：；（） not ,.:;()."""
    half_width = re.compile(r"[\u4e00-\u9fff][,.:;!?()]")
    wrong = {path: value for path, value in _zh_texts().items() if half_width.search(value)}
    assert not wrong, f"half-width punctuation after Chinese text: {wrong}"


# --- The code's translation keys -----------------------------------------------------------


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _assigned_strings(module: ast.Module, name: str) -> set[str]:
    """Return the string literals a module assigns to a local name (`key = "a" if x else "b"`)."""
    found: set[str] = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            found.update(
                const.value
                for const in ast.walk(node.value)
                if isinstance(const, ast.Constant) and isinstance(const.value, str)
            )
    return found


def _fstring_pattern(node: ast.JoinedStr) -> str:
    return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)


def _code_keys() -> Iterator[tuple[str, str, str, ast.Call]]:
    """Yield (file, called name, key or f-string pattern, call) per `translation_key=`.

    A variable key of an exception is resolved to the literals assigned to that variable.
    """
    for path in sorted(INTEGRATION.glob("*.py")):
        module = ast.parse(path.read_text(encoding="utf-8"), filename=path.name)
        for call in ast.walk(module):
            if not isinstance(call, ast.Call):
                continue
            for keyword in call.keywords:
                if keyword.arg != "translation_key":
                    continue
                value = keyword.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    yield path.name, _call_name(call), value.value, call
                elif isinstance(value, ast.JoinedStr):
                    yield path.name, _call_name(call), _fstring_pattern(value), call
                elif isinstance(value, ast.Name) and _call_name(call) in EXCEPTION_CLASSES:
                    for key in sorted(_assigned_strings(module, value.id)):
                        yield path.name, _call_name(call), key, call


def _placeholders_passed(call: ast.Call) -> set[str] | None:
    """Return the keys of a literal `translation_placeholders={...}`, None if not literal."""
    for keyword in call.keywords:
        if keyword.arg == "translation_placeholders":
            if not isinstance(keyword.value, ast.Dict):
                return None
            keys = {k.value for k in keyword.value.keys if isinstance(k, ast.Constant)}
            return keys if len(keys) == len(keyword.value.keys) else None
    return set()


def _sensor_keys() -> set[str]:
    """Return the sensors' translation keys, or nothing if the platform cannot be imported."""
    try:
        from custom_components.safe_power.sensor import LOCATION, SENSORS  # noqa: PLC0415
    except ImportError:
        return set()
    return {d.translation_key for d in (*SENSORS, LOCATION) if d.translation_key}


def test_the_code_finds_translation_keys() -> None:
    """Guard the parser itself: if it finds nothing, the checks below check nothing."""
    keys = {key for _, _, key, _ in _code_keys()}
    assert {"alarm_{}", "alarm_reset", "cannot_connect", "command_timeout"} <= keys


def test_entity_translation_keys_exist() -> None:
    entity = _load(STRINGS)["entity"]
    missing: list[str] = []
    for file, called, key, _ in _code_keys():
        if not called.endswith("Description"):
            continue
        platform = file.removesuffix(".py")
        if "{}" in key:
            assert key in FSTRING_KEYS, f"{file}: add an expansion of f-string key {key!r}"
            expanded = FSTRING_KEYS[key]
        else:
            expanded = [key]
        missing += [f"entity.{platform}.{k}" for k in expanded if k not in entity.get(platform, {})]
    missing += [f"entity.sensor.{k}" for k in sorted(_sensor_keys() - entity["sensor"].keys())]
    assert not missing, f"translation keys used in the code but not in strings.json: {missing}"


def test_alarm_log_translates_every_cause() -> None:
    causes = _load(STRINGS)["entity"]["event"]["alarm_log"]["state_attributes"]["cause"]["state"]
    wanted = {cause.value for cause in AlarmCause}
    assert set(causes) == wanted, (
        f"alarm log causes missing: {sorted(wanted - set(causes))}, "
        f"unknown: {sorted(set(causes) - wanted)}"
    )


def test_exception_translation_keys_exist() -> None:
    exceptions = _load(STRINGS)["exceptions"]
    missing: list[str] = []
    wrong_placeholders: dict[str, tuple[list[str], list[str]]] = {}
    for file, called, key, call in _code_keys():
        if called not in EXCEPTION_CLASSES:
            continue
        if key not in exceptions:
            missing.append(f"{file}: {key}")
            continue
        passed = _placeholders_passed(call)
        wanted = set(PLACEHOLDER.findall(exceptions[key]["message"]))
        if passed is not None and not wanted <= passed:
            wrong_placeholders[f"{file}: {key}"] = (sorted(passed), sorted(wanted))
    assert not missing, f"exception keys missing under 'exceptions' in strings.json: {missing}"
    assert not wrong_placeholders, (
        f"messages use placeholders the code does not pass (passed, in message): "
        f"{wrong_placeholders}"
    )


def test_issue_translation_keys_exist() -> None:
    issues = _load(STRINGS)["issues"]
    for file, called, key, call in _code_keys():
        if called != "async_create_issue":
            continue
        assert key in issues, f"{file}: issue {key!r} missing under 'issues' in strings.json"
        passed = _placeholders_passed(call)
        wanted = set(PLACEHOLDER.findall(json.dumps(issues[key])))
        if passed is not None:
            assert wanted <= passed, (
                f"{file}: issue {key!r} uses {wanted}, the code passes {passed}"
            )


def test_services_match_services_yaml() -> None:
    services = yaml.safe_load((INTEGRATION / "services.yaml").read_text(encoding="utf-8"))
    translated = _load(STRINGS)["services"]
    assert set(translated) == set(services), (
        f"services in services.yaml: {sorted(services)}, in strings.json: {sorted(translated)}"
    )
    for service, spec in services.items():
        fields = set((spec or {}).get("fields", {}))
        named = set(translated[service].get("fields", {}))
        assert named == fields, f"{service}: fields in services.yaml {fields}, strings.json {named}"


# --- What hassfest rejects -----------------------------------------------------------------

# hassfest's rule for translation keys (selector options, entity states): lowercase, digits,
# "-" and "_", no leading, trailing or doubled separator.
TRANSLATION_KEY = re.compile(r"^(?!.+[_-]{2})(?![_-])[a-z0-9-_]+(?<![_-])$")
PLACEHOLDER_IN_SINGLE_QUOTES = re.compile(r"'\{\w+\}'")
# Stricter than Home Assistant's `<[a-z].*?>`: also `<前缀>`, which reads as a tag all the same.
ANGLE_BRACKETS = re.compile(r"<[^<>\s][^<>]*>")


def _all_texts() -> Iterator[tuple[str, str, str]]:
    """Yield (file, dotted path, value) for every string of the three translation files."""
    for path in (STRINGS, EN, ZH):
        for key, value in _leaves(_load(path)):
            if isinstance(value, str):
                yield path.name, key, value


def test_no_html_and_clean_values() -> None:
    """Home Assistant's own check (`cv.string_with_no_html`), as hassfest applies it."""
    from homeassistant.helpers.config_validation import string_with_no_html  # noqa: PLC0415

    wrong: dict[str, str] = {}
    for file, key, value in _all_texts():
        try:
            string_with_no_html(value)
        except Exception:  # noqa: BLE001 - Invalid of voluptuous or probatio
            wrong[f"{file}: {key}"] = "looks like HTML (write `a/b`, not `<a>/<b>`)"
        if ANGLE_BRACKETS.search(value):
            wrong[f"{file}: {key}"] = "text in angle brackets (write `a/b`, not `<a>/<b>`)"
        if value != value.strip():
            wrong[f"{file}: {key}"] = "leading or trailing whitespace"
        if PLACEHOLDER_IN_SINGLE_QUOTES.search(value):
            wrong[f"{file}: {key}"] = "placeholder in single quotes"
    assert not wrong, wrong


def test_option_and_state_keys_are_translation_keys() -> None:
    wrong: list[str] = []
    for path in (STRINGS, ZH):
        tree = _load(path)
        for selector, spec in tree.get("selector", {}).items():
            wrong += [
                f"{path.name}: selector.{selector}.options.{k}"
                for k in spec.get("options", {})
                if not TRANSLATION_KEY.match(k)
            ]
        for platform, entities in tree.get("entity", {}).items():
            for name, spec in entities.items():
                states = dict(spec.get("state", {}))
                for attribute, attr_spec in spec.get("state_attributes", {}).items():
                    states |= {f"{attribute}.{k}": v for k, v in attr_spec.get("state", {}).items()}
                wrong += [
                    f"{path.name}: entity.{platform}.{name}.state.{k}"
                    for k in states
                    if not TRANSLATION_KEY.match(k.rsplit(".", 1)[-1])
                ]
    assert not wrong, f"not valid translation keys: {wrong}"


def _flows(tree: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name in ("config", "options"):
        if name in tree:
            yield name, tree[name]
    for subentry, flow in tree.get("config_subentries", {}).items():
        yield f"config_subentries.{subentry}", flow


def test_data_descriptions_describe_fields() -> None:
    wrong = [
        f"{flow_name}.step.{step_id}.data_description.{key}"
        for flow_name, flow in _flows(_load(STRINGS))
        for step_id, step in flow.get("step", {}).items()
        for key in step.get("data_description", {})
        if key not in step.get("data", {})
    ]
    assert not wrong, f"data_description keys without a data label: {wrong}"


def test_every_service_has_an_icon() -> None:
    services = yaml.safe_load((INTEGRATION / "services.yaml").read_text(encoding="utf-8"))
    icons = _load(INTEGRATION / "icons.json").get("services", {})
    missing = sorted(set(services) - set(icons))
    assert not missing, f"services without an icon in icons.json: {missing}"
    wrong = {
        s: spec for s, spec in icons.items() if not str(spec.get("service")).startswith("mdi:")
    }
    assert not wrong, f"service icons must be {{'service': 'mdi:…'}}: {wrong}"

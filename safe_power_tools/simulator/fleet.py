"""Fleet files: which boxes a simulated gateway serves, and where they are.

A fleet file is JSON: `{"schema": 1, "building": "...", "boxes": [{...}, ...]}`. Each box needs
`unit_id` and `serial`; the other keys are optional `SimulatedBox` arguments (`phases`, `name`,
`floor`, `building` (default: the fleet's), `location`, `x`, `y`, `load`, `trip_on_alarm`,
`has_neutral_sensors`, `model`, `firmware`, `energy`, `seed`, `profile` (the id of a shipped
profile, default the reference box's: "safe_power_multi_circuit" makes a multi-circuit
detector), and `settings`, a partial map of thresholds). `scripts/develop`
and `scripts/dev_bootstrap.py` read the same file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from custom_components.safe_power.box.profile import load_profiles

from .box import DEFAULT_DELAYS, DEFAULT_SETTINGS, SimulatedBox

FLEETS_DIR: Final = Path(__file__).parent / "fleets"
FLEET_SCHEMA: Final = 1
_OPTIONAL: Final = {
    "phases": int,
    "name": str,
    "floor": int,
    "building": str,
    "location": str,
    "x": float,
    "y": float,
    "load": float,
    "trip_on_alarm": bool,
    "has_neutral_sensors": bool,
    "model": str,
    "firmware": str,
    "energy": float,
    "seed": int,
}


class FleetError(ValueError):
    """A fleet file is broken; the message names the file and the offending key."""


def fleet_path(spec: str | Path) -> Path:
    """Return the file of a fleet given by name ("default") or by path."""
    path = Path(spec)
    if path.suffix == ".json" or path.exists():
        return path
    return FLEETS_DIR / f"{spec}.json"


def _is(value: Any, kind: type) -> bool:
    if isinstance(value, bool):
        return kind is bool
    return isinstance(value, int | float) if kind is float else isinstance(value, kind)


def _box(doc: Any, where: str) -> SimulatedBox:
    if not isinstance(doc, dict):
        raise FleetError(f"{where}: must be an object")
    if unknown := set(doc) - {"unit_id", "serial", "settings", "profile", *_OPTIONAL}:
        raise FleetError(f"{where}: unknown keys {sorted(unknown)}")
    kwargs: dict[str, Any] = {}
    for key, kind in {"unit_id": int, "serial": str, **_OPTIONAL}.items():
        if key not in doc:
            continue
        value = doc[key]
        if not _is(value, kind):
            raise FleetError(f"{where}.{key}: must be of type {kind.__name__}")
        kwargs[key] = float(value) if kind is float else value
    if "unit_id" not in kwargs or "serial" not in kwargs:
        raise FleetError(f"{where}: needs unit_id and serial")
    settings: dict[str, float | None] = {**DEFAULT_SETTINGS, **DEFAULT_DELAYS}
    settings_doc = doc.get("settings", {})
    if not isinstance(settings_doc, dict):
        raise FleetError(f"{where}.settings: must be an object")
    for key, value in settings_doc.items():
        if key not in settings or not (value is None or _is(value, float)):
            raise FleetError(f"{where}.settings.{key}: unknown setting or not a number")
        settings[key] = value
    if "profile" in doc:
        profiles = load_profiles()
        if doc["profile"] not in profiles:
            raise FleetError(f"{where}.profile: must be one of {sorted(profiles)}")
        kwargs["profile"] = profiles[doc["profile"]]
    try:
        return SimulatedBox(**kwargs, settings=settings)
    except ValueError as err:
        raise FleetError(f"{where}: {err}") from err


def load_fleet(spec: str | Path = "default") -> list[SimulatedBox]:
    """Read a fleet file (by name or path) and return its boxes; FleetError names the problem."""
    path = fleet_path(spec)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise FleetError(f"{path}: {err}") from err
    if not isinstance(doc, dict) or doc.get("schema") != FLEET_SCHEMA:
        raise FleetError(f"{path}: schema must be {FLEET_SCHEMA}")
    boxes_doc = doc.get("boxes")
    if not isinstance(boxes_doc, list) or not boxes_doc:
        raise FleetError(f"{path}: boxes must be a non-empty list")
    building = doc.get("building", "")
    if not isinstance(building, str):
        raise FleetError(f"{path}: building must be a string")
    boxes = [
        _box(
            {"building": building} | item if isinstance(item, dict) else item,
            f"{path.name}: boxes[{i}]",
        )
        for i, item in enumerate(boxes_doc)
    ]
    units = [box.unit_id for box in boxes]
    serials = [box.serial for box in boxes]
    if len(set(units)) != len(units) or len(set(serials)) != len(serials):
        raise FleetError(f"{path}: unit ids and serials must be unique")
    return boxes

"""The compiled image decoder gives exactly what decoding field by field gives."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings, strategies as st

from custom_components.safe_power.box.model import QUANTITIES, accept_values
from custom_components.safe_power.box.profile import (
    PROFILES_DIR,
    Profile,
    RegisterImage,
    parse_profile,
)

REFERENCE = parse_profile(
    json.loads((PROFILES_DIR / "safe_power_reference.json").read_text("utf-8")),
    "safe_power_reference.json",
)


def _little_endian_variant() -> Profile:
    """The reference map with every 32-bit value in little word order, and a float."""
    doc = json.loads((PROFILES_DIR / "safe_power_reference.json").read_text("utf-8"))
    doc["word_order"] = "little"
    doc["measurements"]["frequency"] = {
        "table": "input",
        "address": 131,
        "type": "uint16",
        "scale": 0.01,
        "missing": 65535,
    }
    doc["measurements"]["energy"] = {"table": "input", "address": 132, "type": "float32"}
    doc["measurements"]["active_power"] = {
        "table": "input",
        "address": 122,
        "type": "float32",
        "word_order": "big",
    }
    return parse_profile(doc, Path("variant.json").name)


def _field_by_field(profile: Profile, image: RegisterImage, phases: int) -> tuple[dict, list]:
    raw = {
        key: fld.decode(regs)
        for key, fld in profile.measurements.items()
        if QUANTITIES[key].applies(phases) and (regs := image.get(fld)) is not None
    }
    return accept_values(raw)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(
        st.one_of(
            st.integers(0, 0xFFFF),
            st.sampled_from([0, 0xFFFF, 0x7FFF, 0x8000, 0x7FC0, 0x7F80, 0xFF80]),
        ),
        min_size=34,
        max_size=34,
    ),
    phases=st.sampled_from([1, 3]),
    little=st.booleans(),
)
def test_compiled_decoder_matches_field_by_field(
    words: list[int], phases: int, little: bool
) -> None:
    profile = _little_endian_variant() if little else REFERENCE
    plan = profile.telemetry_plan()
    image = RegisterImage(plan)
    image.add(plan[0], words)
    decoded = profile.decoder(image.blocks, phases).decode(image)
    values, dropped = _field_by_field(profile, image, phases)
    assert decoded.values == values
    assert sorted(decoded.dropped) == sorted(dropped)
    alarm_regs = image.get(profile.alarms.field)
    assert decoded.alarms == set(profile.alarms.decode(alarm_regs))


def test_compiled_decoder_gives_the_registers_decimals() -> None:
    """Voltage A holds 2326 at 0.1 V: 232.6 V, not 232.60000000000002."""
    plan = REFERENCE.telemetry_plan()
    image = RegisterImage(plan)
    words = [0] * plan[0].count
    words[REFERENCE.measurements["voltage_a"].address - plan[0].address] = 2326
    image.add(plan[0], words)
    assert REFERENCE.decoder(image.blocks, 3).decode(image).values["voltage_a"] == 232.6


def test_decoder_is_cached_per_plan_and_phases() -> None:
    plan = REFERENCE.telemetry_plan()
    assert REFERENCE.telemetry_plan() is plan
    assert REFERENCE.decoder(plan, 3) is REFERENCE.decoder(plan, 3)
    assert REFERENCE.decoder(plan, 3) is REFERENCE.decoder(tuple(plan), 3)
    assert REFERENCE.decoder(plan, 1) is not REFERENCE.decoder(plan, 3)

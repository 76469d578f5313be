"""The compiled image decoder gives exactly what decoding field by field gives."""

from __future__ import annotations

import json
import math
from pathlib import Path
import random

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.safe_power.box.model import QUANTITIES, accept_values
from custom_components.safe_power.box.profile import (
    PROFILES_DIR,
    DataType,
    Field,
    Profile,
    RegisterImage,
    accepted_run,
    exact_divisor,
    parse_profile,
    scaled,
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


@pytest.mark.parametrize(("scale", "digits"), [(1.0, 0), (0.1, 1), (0.01, 2), (0.001, 3)])
def test_exact_divisor_gives_what_rounding_gives(scale: float, digits: int) -> None:
    """Every 16-bit register, signed or not, and 32-bit ones at random and at the ends."""
    divisor = exact_divisor(scale, digits)
    assert divisor == 10**digits
    rng = random.Random(digits)
    numbers = [
        *range(-0x8000, 0x10000),
        *(rng.randrange(-(2**31), 2**32) for _ in range(20000)),
        -(2**31),
        2**31 - 1,
        2**32 - 1,
    ]
    for number in numbers:
        assert number / divisor == scaled(number, scale, digits), number


@pytest.mark.parametrize(
    ("scale", "digits"), [(0.25, 2), (0.5, 1), (2.0, 0), (10.0, 0), (0.1, None), (1.0, None)]
)
def test_other_scales_and_floats_have_no_exact_divisor(scale: float, digits: int | None) -> None:
    assert exact_divisor(scale, digits) is None


def test_accepted_run_is_what_the_limits_accept() -> None:
    # uint16 at 0.1 V within 0-500 V, 0xFFFF "not present": 0-5000.
    assert accepted_run("H", 10, 0.0, 500.0, 65535) == (0, 5000)
    # The marker at the end of the run is left out of it ...
    assert accepted_run("H", 10, 0.0, math.inf, 65535) == (0, 65534)
    assert accepted_run("h", 10, -math.inf, math.inf, -32768) == (-32767, 32767)
    # ... one inside it leaves no run (each number is then checked as it comes).
    assert accepted_run("H", 10, 0.0, math.inf, 100) == (1, 0)
    # Limits between two raw numbers: only those whose value is within them.
    assert accepted_run("h", 100, -0.015, 0.015, None) == (-1, 1)
    assert accepted_run("I", 1, 5.5, 7.5, None) == (6, 7)
    # Nothing accepted, no divisor, floats: no run.
    assert accepted_run("H", 1, 70000.0, math.inf, None) == (1, 0)
    assert accepted_run("H", None, 0.0, 500.0, None) == (1, 0)
    assert accepted_run("f", None, 0.0, 500.0, None) == (1, 0)


def _raw_range(fld: Field) -> tuple[int, int]:
    bits = 16 * fld.width
    if fld.type in (DataType.INT16, DataType.INT32):
        return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    return 0, 2**bits - 1


@pytest.mark.parametrize("little", [False, True])
@pytest.mark.parametrize("phases", [1, 3])
def test_compiled_decoder_matches_field_by_field_at_the_edges(little: bool, phases: int) -> None:
    """Each field at and around the ends of its accepted run, its marker and its type's ends."""
    profile = _little_endian_variant() if little else REFERENCE
    plan = profile.telemetry_plan()
    block = plan[0]
    base = [0] * block.count
    for key, fld in profile.measurements.items():  # every value present and plausible
        if fld.type is DataType.FLOAT32:
            value = 1.0
        else:
            first, last = _raw_range(fld)
            low, high = QUANTITIES[key].minimum, QUANTITIES[key].maximum
            if math.isfinite(low):
                first = max(first, math.ceil(low / fld.scale))
            if math.isfinite(high):
                last = min(last, math.floor(high / fld.scale))
            value = (first + last) // 2 * fld.scale
        start = fld.address - block.address
        base[start : start + fld.width] = fld.encode(value)
    decoder = profile.decoder(plan, phases)
    order = list(decoder.decode(RegisterImage(plan, [base])).values)
    assert len(order) == len(_field_by_field(profile, RegisterImage(plan, [base]), phases)[0])
    for key, fld in profile.measurements.items():
        if not block.covers(fld) or fld.type is DataType.FLOAT32:
            continue
        bits = 16 * fld.width
        first, last = _raw_range(fld)
        quantity = QUANTITIES[key]
        edges = {first, last, first + 1, last - 1, 0, -1, 1}
        for limit in (quantity.minimum, quantity.maximum):
            if math.isfinite(limit):
                raw = round(limit / fld.scale)
                edges.update(range(raw - 2, raw + 3))
        if fld.missing is not None:
            edges.update({fld.missing - 1, fld.missing, fld.missing + 1})
        for number in sorted(n for n in edges if first <= n <= last):
            words = list(base)
            start = fld.address - block.address
            words[start : start + fld.width] = fld.encode(number * fld.scale)
            if fld.unsigned(words[start : start + fld.width]) != number % 2**bits:
                continue  # encode rounds: not this raw number
            image = RegisterImage(plan, [words])
            decoded = decoder.decode(image)
            values, dropped = _field_by_field(profile, image, phases)
            assert decoded.values == values, (key, number)
            assert sorted(decoded.dropped) == sorted(dropped), (key, number)
            # A value left out leaves the others in their order.
            assert list(decoded.values) == [k for k in order if k in values], (key, number)


def test_a_complete_image_is_made_at_once() -> None:
    plan = REFERENCE.telemetry_plan()
    words = list(range(plan[0].count))
    image = RegisterImage(plan, [words])
    assert image.blocks is plan
    assert image.registers == [words]
    assert image.get(REFERENCE.alarms.field) == [0]
    with pytest.raises(ValueError, match="one list of registers per block"):
        RegisterImage(plan, [])


def test_telemetry_with_settings_is_one_plan() -> None:
    """Planned once: decoders are cached by the plan's identity, which must not grow."""
    plan = REFERENCE.telemetry_settings_plan()
    assert plan is REFERENCE.telemetry_settings_plan()
    assert plan == (*REFERENCE.telemetry_plan(), *REFERENCE.settings_plan())

"""Device profiles: data types, block planning, register images, loading and validation."""

from __future__ import annotations

import json
import math
from pathlib import Path
import random
import re
import struct
from typing import Any

import pytest

from custom_components.safe_power.box.model import (
    CAUSE_SETTING,
    QUANTITIES,
    AlarmCause,
    accept_values,
    channel_cause,
)
from custom_components.safe_power.box.profile import (
    DELAY_KEYS,
    MAX_READ_REGISTERS,
    PROFILES_DIR,
    SETTING_KEYS,
    SETTING_RANGES,
    THRESHOLD_KEYS,
    Block,
    DataType,
    Field,
    ProfileError,
    RegisterImage,
    Table,
    load_profile,
    load_profiles,
    parse_profile,
    plan_blocks,
)

REFERENCE = PROFILES_DIR / "safe_power_reference.json"


def _doc(**extra: Any) -> dict[str, Any]:
    """Return a minimal valid profile document, with top-level keys replaced by `extra`."""
    doc: dict[str, Any] = {
        "schema": 1,
        "id": "test_box",
        "manufacturer": "Maker",
        "model": "Model 1",
        "measurements": {"voltage_a": {"table": "input", "address": 0, "scale": 0.1}},
    }
    doc.update(extra)
    return doc


def _u16(address: int, table: Table = Table.INPUT) -> Field:
    return Field(table, address, DataType.UINT16)


def _u32(address: int, table: Table = Table.INPUT) -> Field:
    return Field(table, address, DataType.UINT32)


# --- data types -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dtype", "order", "scale", "value", "registers"),
    [
        (DataType.UINT16, "big", 0.1, 230.5, [2305]),
        (DataType.UINT16, "big", 1.0, 65534, [0xFFFE]),
        (DataType.INT16, "big", 0.1, -12.5, [0xFF83]),
        (DataType.INT16, "big", 1.0, 32766, [0x7FFE]),
        (DataType.INT16, "big", 0.001, -0.5, [0xFE0C]),
        (DataType.UINT32, "big", 1.0, 70000, [0x0001, 0x1170]),
        (DataType.UINT32, "little", 1.0, 70000, [0x1170, 0x0001]),
        (DataType.UINT32, "big", 0.001, 125.432, [0x0001, 0xE9F8]),
        (DataType.UINT32, "big", 0.01, 123456.78, [0x00BC, 0x614E]),
        (DataType.INT32, "big", 1.0, -2, [0xFFFF, 0xFFFE]),
        (DataType.INT32, "little", 1.0, -2, [0xFFFE, 0xFFFF]),
        (DataType.INT32, "big", 1.0, 68450, [0x0001, 0x0B62]),
        (DataType.INT32, "little", 10.0, -1_000_000, [0x7960, 0xFFFE]),
        (DataType.FLOAT32, "big", 1.0, 1.5, [0x3FC0, 0x0000]),
        (DataType.FLOAT32, "little", 1.0, 1.5, [0x0000, 0x3FC0]),
        (DataType.FLOAT32, "big", 0.1, -40.0, [0xC3C8, 0x0000]),
    ],
)
def test_numeric_types_encode_and_decode_round_trip(
    dtype: DataType, order: str, scale: float, value: float, registers: list[int]
) -> None:
    fld = Field(Table.INPUT, 0, dtype, scale, word_order=order)
    assert fld.encode(value) == registers
    assert fld.decode(registers) == pytest.approx(value)
    assert fld.decode(fld.encode(value)) == pytest.approx(value)
    assert len(registers) == fld.width


def test_word_order_swaps_only_the_words_not_the_bytes() -> None:
    big = Field(Table.INPUT, 0, DataType.UINT32)
    little = Field(Table.INPUT, 0, DataType.UINT32, word_order="little")
    assert big.raw([0x1234, 0x5678]) == 0x12345678
    assert little.raw([0x5678, 0x1234]) == 0x12345678
    assert little.raw([0x1234, 0x5678]) == 0x56781234


def test_raw_is_unscaled_and_signed() -> None:
    fld = Field(Table.INPUT, 0, DataType.INT16, 0.1)
    assert fld.raw([0xFFC9]) == -55
    assert fld.decode([0xFFC9]) == pytest.approx(-5.5)
    assert fld.unsigned([0xFFC9]) == 0xFFC9


@pytest.mark.parametrize(
    ("dtype", "width"),
    [
        (DataType.UINT16, 1),
        (DataType.INT16, 1),
        (DataType.UINT32, 2),
        (DataType.INT32, 2),
        (DataType.FLOAT32, 2),
    ],
)
def test_width_follows_the_type(dtype: DataType, width: int) -> None:
    assert Field(Table.INPUT, 0, dtype).width == width
    # count only matters for strings
    assert Field(Table.INPUT, 0, dtype, count=8).width == width


def test_string_round_trip_two_bytes_per_register_high_byte_first() -> None:
    fld = Field(Table.INPUT, 2, DataType.STRING, count=4)
    registers = fld.encode("SP-1")
    assert registers == [0x5350, 0x2D31, 0x0000, 0x0000]
    assert fld.width == 4
    assert fld.decode_string(registers) == "SP-1"


def test_string_odd_length_and_utf8() -> None:
    fld = Field(Table.INPUT, 0, DataType.STRING, count=4)
    assert fld.encode("1.2.0") == [0x312E, 0x322E, 0x3000, 0x0000]
    assert fld.decode_string(fld.encode("1.2.0")) == "1.2.0"
    assert fld.encode("配电") == [0xE985, 0x8DE7, 0x94B5, 0x0000]  # UTF-8, 6 bytes
    assert fld.decode_string(fld.encode("配电")) == "配电"
    # 9 bytes do not fit in 8: the cut character decodes as a replacement, never an error
    assert fld.decode_string(fld.encode("配电箱")) == "配电\ufffd"


def test_string_is_truncated_to_count_and_stops_at_nul() -> None:
    fld = Field(Table.INPUT, 0, DataType.STRING, count=2)
    assert fld.encode("ABCDEFG") == [0x4142, 0x4344]
    assert fld.decode_string([0x4142, 0x0043]) == "AB"
    assert fld.decode_string([0x0000, 0x4142]) == ""
    assert fld.encode(None) == [0, 0]


def test_string_field_refuses_numeric_decode() -> None:
    fld = Field(Table.INPUT, 0, DataType.STRING, count=2)
    with pytest.raises(TypeError):
        fld.decode([0x4142, 0])


@pytest.mark.parametrize(
    ("dtype", "missing", "registers", "order"),
    [
        (DataType.UINT16, 0xFFFF, [0xFFFF], "big"),
        (DataType.INT16, 0x7FFF, [0x7FFF], "big"),
        (DataType.UINT32, 0xFFFFFFFF, [0xFFFF, 0xFFFF], "big"),
        (DataType.INT32, 0x7FFFFFFF, [0x7FFF, 0xFFFF], "big"),
        (DataType.INT32, 0x7FFFFFFF, [0xFFFF, 0x7FFF], "little"),
        (DataType.UINT32, 0xFFFFFFFF, [0xFFFF, 0xFFFF], "little"),
        # markers are written as unsigned register contents, also for signed types
        (DataType.INT16, 0x8000, [0x8000], "big"),
        (DataType.INT32, 0x80000000, [0x8000, 0x0000], "big"),
        (DataType.INT32, 0x80000000, [0x0000, 0x8000], "little"),
    ],
)
def test_not_present_marker_decodes_to_none_and_encodes_back(
    dtype: DataType, missing: int, registers: list[int], order: str
) -> None:
    fld = Field(Table.INPUT, 0, dtype, 0.1, missing=missing, word_order=order)
    assert fld.decode(registers) is None
    assert fld.encode(None) == registers


def test_values_next_to_the_marker_are_real_values() -> None:
    u16 = Field(Table.INPUT, 0, DataType.UINT16, 0.1, missing=0xFFFF)
    i16 = Field(Table.INPUT, 0, DataType.INT16, 0.1, missing=0x7FFF)
    i32 = Field(Table.INPUT, 0, DataType.INT32, missing=0x7FFFFFFF)
    assert u16.decode([0xFFFE]) == pytest.approx(6553.4)
    assert i16.decode([0x7FFE]) == pytest.approx(3276.6)
    assert i16.decode([0xFFFF]) == pytest.approx(-0.1)
    assert i32.decode([0x7FFF, 0xFFFE]) == 0x7FFFFFFE


def test_without_a_marker_the_marker_value_is_a_number() -> None:
    fld = Field(Table.INPUT, 0, DataType.UINT16, 0.1)
    assert fld.decode([0xFFFF]) == pytest.approx(6553.5)
    with pytest.raises(ValueError, match=r"not present"):
        fld.encode(None)


@pytest.mark.parametrize(
    "registers",
    [
        [0x7FC0, 0x0000],  # quiet NaN
        [0xFFC0, 0x0001],  # negative NaN with payload
        [0x7F80, 0x0000],  # +inf
        [0xFF80, 0x0000],  # -inf
    ],
)
def test_nan_and_infinite_floats_decode_to_none(registers: list[int]) -> None:
    fld = Field(Table.INPUT, 0, DataType.FLOAT32)
    assert fld.decode(registers) is None


def test_float_round_trip_keeps_float_precision() -> None:
    """A float32 holds about 7 significant digits: the value, not the double's noise."""
    fld = Field(Table.INPUT, 0, DataType.FLOAT32)
    registers = fld.encode(230.1)
    assert struct.unpack(">f", struct.pack(">f", 230.1))[0] == 230.10000610351562
    assert fld.decode(registers) == 230.1
    assert fld.decode(fld.encode(0.001234567)) == 0.001234567


def test_scaled_integers_carry_no_binary_noise() -> None:
    """2326 × 0.1 is 232.60000000000002 in binary: decoded as 232.6, as the register means."""
    assert 2326 * 0.1 == 232.60000000000002
    assert Field(Table.INPUT, 0, DataType.UINT16, scale=0.1).decode([2326]) == 232.6
    assert Field(Table.INPUT, 0, DataType.UINT32, scale=0.01).decode([0, 12345]) == 123.45
    assert Field(Table.INPUT, 0, DataType.INT16, scale=0.25).decode([0xFFFF]) == -0.25
    assert Field(Table.INPUT, 0, DataType.UINT16, scale=10).decode([7]) == 70


# --- block planning ---------------------------------------------------------------------------


def test_contiguous_fields_merge_into_one_read() -> None:
    fields = [_u16(0), _u32(1), _u16(3)]
    assert plan_blocks(fields) == [Block(Table.INPUT, 0, 4)]


def test_max_gap_decides_whether_a_hole_is_read_through() -> None:
    fields = [_u16(0), _u16(3)]  # registers 1 and 2 are a hole of two
    assert plan_blocks(fields, max_gap=0) == [Block(Table.INPUT, 0, 1), Block(Table.INPUT, 3, 1)]
    assert plan_blocks(fields, max_gap=1) == [Block(Table.INPUT, 0, 1), Block(Table.INPUT, 3, 1)]
    assert plan_blocks(fields, max_gap=2) == [Block(Table.INPUT, 0, 4)]


def test_a_read_never_exceeds_125_registers() -> None:
    assert MAX_READ_REGISTERS == 125
    assert plan_blocks([_u16(0), _u16(124)], max_gap=200) == [Block(Table.INPUT, 0, 125)]
    assert plan_blocks([_u16(0), _u16(125)], max_gap=200) == [
        Block(Table.INPUT, 0, 1),
        Block(Table.INPUT, 125, 1),
    ]
    run = [_u16(a) for a in range(126)]  # contiguous: 125 + 1
    assert plan_blocks(run) == [Block(Table.INPUT, 0, 125), Block(Table.INPUT, 125, 1)]


def test_a_32_bit_value_is_never_split_across_reads() -> None:
    fields = [_u32(2 * i) for i in range(64)]  # 128 contiguous registers
    blocks = plan_blocks(fields)
    assert blocks == [Block(Table.INPUT, 0, 124), Block(Table.INPUT, 124, 4)]
    for fld in fields:
        assert sum(block.covers(fld) for block in blocks) == 1


def test_long_runs_split_and_every_field_is_covered() -> None:
    fields = [_u16(a) for a in range(0, 400, 3)]
    blocks = plan_blocks(fields, max_gap=2)
    assert all(block.count <= MAX_READ_REGISTERS for block in blocks)
    assert len(blocks) == math.ceil(400 / MAX_READ_REGISTERS)
    for fld in fields:
        assert any(block.covers(fld) for block in blocks)


def test_tables_are_never_merged() -> None:
    fields = [_u16(0, Table.HOLDING), _u16(0, Table.INPUT), _u16(1, Table.INPUT)]
    assert plan_blocks(fields, max_gap=10) == [
        Block(Table.HOLDING, 0, 1),
        Block(Table.INPUT, 0, 2),
    ]
    interleaved = [_u16(5, Table.HOLDING), _u16(6, Table.INPUT), _u16(7, Table.HOLDING)]
    blocks = plan_blocks(interleaved, max_gap=10)
    assert blocks == [Block(Table.HOLDING, 5, 3), Block(Table.INPUT, 6, 1)]


def test_planning_does_not_depend_on_field_order() -> None:
    fields = [
        _u16(0),
        _u32(1),
        _u16(10),
        _u16(200),
        _u16(3, Table.HOLDING),
        _u32(4, Table.HOLDING),
        Field(Table.INPUT, 30, DataType.STRING, count=8),
        _u16(140),
    ]
    expected = plan_blocks(fields, max_gap=8)
    rng = random.Random(1234)
    for _ in range(20):
        shuffled = fields[:]
        rng.shuffle(shuffled)
        assert plan_blocks(shuffled, max_gap=8) == expected


def test_duplicate_and_nested_fields_are_read_once() -> None:
    string = Field(Table.INPUT, 2, DataType.STRING, count=8)
    assert plan_blocks([_u16(0), _u16(0)]) == [Block(Table.INPUT, 0, 1)]
    assert plan_blocks([string, _u16(4)]) == [Block(Table.INPUT, 2, 8)]
    assert plan_blocks([]) == []


def test_block_covers_only_whole_fields_of_its_table() -> None:
    block = Block(Table.INPUT, 100, 4)
    assert block.covers(_u16(100))
    assert block.covers(_u32(102))
    assert not block.covers(_u32(103))  # runs past the end
    assert not block.covers(_u16(99))
    assert not block.covers(_u16(100, Table.HOLDING))


# --- register image ---------------------------------------------------------------------------


def test_register_image_looks_fields_up_across_blocks() -> None:
    image = RegisterImage()
    image.add(Block(Table.INPUT, 100, 4), [1, 2, 3, 4])
    image.add(Block(Table.HOLDING, 210, 2), [7, 8])
    assert image.get(_u16(100)) == [1]
    assert image.get(_u32(101)) == [2, 3]
    assert image.get(_u16(103)) == [4]
    assert image.get(_u16(211, Table.HOLDING)) == [8]
    assert image.get(_u32(103)) is None  # half of it was not read
    assert image.get(_u16(101, Table.HOLDING)) is None  # other table
    assert image.get(_u16(104)) is None
    assert RegisterImage().get(_u16(0)) is None


# --- the reference profile --------------------------------------------------------------------


def test_reference_profile_loads_and_reads_in_one_request_per_lane() -> None:
    profile = load_profile(REFERENCE)
    assert profile.id == "safe_power_reference"
    assert profile.telemetry_plan() == (Block(Table.INPUT, 100, 34),)
    assert profile.status_plan() == (Block(Table.INPUT, 100, 2),)
    assert profile.settings_plan() == (Block(Table.HOLDING, 210, 6),)
    assert profile.identity_plan() == [Block(Table.INPUT, 0, 23)]
    assert profile.phases == 3


def test_reference_profile_identity_alarms_and_commands() -> None:
    profile = load_profile(REFERENCE)
    assert profile.signature is not None
    sig_field, sig_value = profile.signature
    assert (sig_field.table, sig_field.address, sig_value) == (Table.INPUT, 0, 0x5350)
    assert sig_value.to_bytes(2, "big") == b"SP"
    spans = {k: (f.address, f.width, f.type) for k, f in profile.identity.items()}
    assert spans == {
        "model": (2, 8, DataType.STRING),
        "serial": (10, 8, DataType.STRING),
        "firmware": (18, 4, DataType.STRING),
        "phases": (22, 1, DataType.UINT16),
    }
    assert profile.alarms is not None
    assert profile.alarms.field.address == 100
    # The reference detector flags every cause but these: the outage is read from its voltages.
    assert set(profile.alarms.bits) == {c.value for c in AlarmCause} - {"offline", "supply_outage"}
    assert profile.alarms.bits["overcurrent"] == 0
    assert profile.alarms.bits["contactor_tripped"] == 9
    assert profile.contactor is not None
    assert (profile.contactor[0].address, profile.contactor[1]) == (101, 0)
    assert profile.commands is not None
    commands = profile.commands
    assert (commands.field.table, commands.field.address) == (Table.HOLDING, 200)
    assert (commands.contactor_open, commands.contactor_close) == (1, 2)
    assert (commands.alarm_reset, commands.self_test) == (3, 4)
    assert set(profile.settings) == THRESHOLD_KEYS  # the reference map has no delays


# The worked example of docs/register-map.md: input registers 100..133 of one telemetry read.
WORKED_EXAMPLE = [
    0x0009, 0x0001,  # 100 alarms: overcurrent + leakage; 101 status: contactor closed
    0x0901, 0x08FA, 0x0908,  # 102..104 phase voltages
    0x0F99, 0x0F8D, 0x0FA4,  # 105..107 line voltages
    0x0001, 0xE9F8, 0x0001, 0x81CD, 0x0001, 0x8B50, 0x0000, 0x30D4,  # 108..115 currents
    0x146E,  # 116 leakage
    0x01E6, 0x01C4, 0x01CC, 0x7FFF, 0xFFC9,  # 117..121 temperatures
    0x0001, 0x0B62, 0x0000, 0x59E2, 0x0000, 0x55BE, 0x0000, 0x5BC2,  # 122..129 power
    0x03C2, 0x1389,  # 130 power factor, 131 frequency
    0x00BC, 0x614E,  # 132..133 energy
]  # fmt: skip


def test_worked_example_of_the_register_map_document() -> None:
    profile = load_profile(REFERENCE)
    image = RegisterImage()
    (block,) = profile.telemetry_plan()
    assert len(WORKED_EXAMPLE) == block.count
    image.add(block, WORKED_EXAMPLE)
    raw = {}
    for key, fld in profile.measurements.items():
        registers = image.get(fld)
        assert registers is not None
        raw[key] = fld.decode(registers)
    values, dropped = accept_values(raw)
    assert dropped == []
    assert raw["cable_temperature_n"] is None
    assert "cable_temperature_n" not in values
    expected = {
        "voltage_a": 230.5,
        "voltage_b": 229.8,
        "voltage_c": 231.2,
        "line_voltage_ab": 399.3,
        "line_voltage_bc": 398.1,
        "line_voltage_ca": 400.4,
        "current_a": 125.432,
        "current_b": 98.765,
        "current_c": 101.2,
        "current_n": 12.5,
        "leakage_current": 523.0,
        "cable_temperature_a": 48.6,
        "cable_temperature_b": 45.2,
        "cable_temperature_c": 46.0,
        "box_temperature": -5.5,
        "active_power": 68450,
        "active_power_a": 23010,
        "active_power_b": 21950,
        "active_power_c": 23490,
        "power_factor": 0.962,
        "frequency": 50.01,
        "energy": 123456.78,
    }
    assert values == pytest.approx(expected)
    assert profile.alarms is not None
    alarm_regs = image.get(profile.alarms.field)
    assert alarm_regs is not None
    assert profile.alarms.decode(alarm_regs) == {"overcurrent", "leakage"}
    assert profile.contactor is not None
    status = image.get(profile.contactor[0])
    assert status is not None
    assert status[0] >> profile.contactor[1] & 1 == 1


def test_worked_example_identity_and_settings() -> None:
    profile = load_profile(REFERENCE)
    assert profile.identity["model"].encode("SP-400") == [0x5350, 0x2D34, 0x3030, 0, 0, 0, 0, 0]
    assert profile.identity["firmware"].encode("1.2.0") == [0x312E, 0x322E, 0x3000, 0x0000]
    registers = {
        "overcurrent_threshold": 1200,
        "cable_temperature_threshold": 700,
        "box_temperature_threshold": 600,
        "leakage_threshold": 500,
        "overvoltage_threshold": 2530,
        "undervoltage_threshold": 1980,
    }
    assert profile.settings["overcurrent_threshold"].address == 210
    assert profile.settings["undervoltage_threshold"].address == 215
    decoded = {k: fld.decode([registers[k]]) for k, fld in profile.settings.items()}
    assert decoded == pytest.approx(
        {
            "overcurrent_threshold": 120.0,
            "cable_temperature_threshold": 70.0,
            "box_temperature_threshold": 60.0,
            "leakage_threshold": 500.0,
            "overvoltage_threshold": 253.0,
            "undervoltage_threshold": 198.0,
        }
    )
    assert profile.settings["cable_temperature_threshold"].decode([0x7FFF]) is None


def test_every_cause_setting_is_a_profile_setting_key() -> None:
    assert set(CAUSE_SETTING.values()) == THRESHOLD_KEYS
    assert THRESHOLD_KEYS | DELAY_KEYS == SETTING_KEYS == set(SETTING_RANGES)


def test_a_profile_may_have_alarm_delays() -> None:
    """Seconds, read and written like a threshold; out of range dropped."""
    settings = {"leakage_delay": {"table": "holding", "address": 7, "scale": 0.1, "max": 60}}
    profile = parse_profile(_doc(settings=settings), "x.json")
    assert profile.setting_range("leakage_delay") == (0.0, 60.0)
    plan = profile.settings_plan()
    image = RegisterImage(plan)
    image.add(plan[0], [25])
    assert profile.decoder(plan, 3).decode(image).settings == {"leakage_delay": 2.5}
    image = RegisterImage(plan)
    image.add(plan[0], [900])  # 90 s: beyond this detector's 60 s
    assert profile.decoder(plan, 3).decode(image).settings == {}


def test_shipped_profiles_all_load_and_are_named_by_file() -> None:
    profiles = load_profiles()
    assert "safe_power_reference" in profiles
    for stem, profile in profiles.items():
        assert profile.id == stem
        assert (PROFILES_DIR / f"{stem}.json").is_file()
        for block in [*profile.telemetry_plan(), *profile.settings_plan()]:
            assert block.count <= MAX_READ_REGISTERS


def test_acrel_asj_profile_follows_its_cited_table() -> None:
    path = PROFILES_DIR / "acrel_asj.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    assert "manualshive.com" in document["source"]
    profile = load_profile(path)
    leakage = profile.measurements["leakage_current"]
    assert (leakage.table, leakage.address, leakage.type, leakage.scale) == (
        Table.HOLDING,
        0x0000,
        DataType.UINT16,
        1.0,
    )
    assert profile.settings["leakage_threshold"].address == 0x0008
    assert profile.alarms is not None
    assert profile.alarms.field.address == 0x001B
    assert profile.alarms.decode([0b010]) == {"leakage"}
    assert profile.alarms.decode([0b100]) == {"sensor_fault"}
    assert profile.alarms.decode([0b001]) == frozenset()  # pre-alarm: no cause
    assert profile.commands is None
    assert profile.phases == 1


# --- parsing ----------------------------------------------------------------------------------


def test_field_defaults_and_inherited_word_order() -> None:
    profile = parse_profile(
        _doc(
            word_order="little",
            measurements={
                "voltage_a": {"address": 5},
                "energy": {"address": 6, "type": "uint32"},
                "active_power": {"address": 8, "type": "int32", "word_order": "big"},
            },
        )
    )
    voltage = profile.measurements["voltage_a"]
    assert (voltage.table, voltage.type, voltage.scale, voltage.missing) == (
        Table.INPUT,
        DataType.UINT16,
        1.0,
        None,
    )
    assert profile.measurements["energy"].word_order == "little"
    assert profile.measurements["active_power"].word_order == "big"
    assert profile.max_gap == 0
    assert profile.signature is None
    assert profile.alarms is None
    assert profile.contactor is None
    assert profile.commands is None
    assert profile.phases == 1


def test_unknown_top_level_keys_are_ignored() -> None:
    profile = parse_profile(_doc(source="a manual", notes=["one", "two"]))
    assert profile.id == "test_box"


def test_field_unit_key_is_accepted_as_documentation() -> None:
    profile = parse_profile(_doc(measurements={"voltage_a": {"address": 0, "unit": "V"}}))
    assert profile.measurements["voltage_a"].address == 0


def test_alarm_bits_decode_to_their_names() -> None:
    profile = parse_profile(
        _doc(
            alarms={
                "address": 50,
                "type": "uint32",
                "bits": {"overcurrent": 0, "leakage": 17, "sensor_fault": 31},
            }
        )
    )
    assert profile.alarms is not None
    assert profile.alarms.decode([0x0002, 0x0001]) == {"overcurrent", "leakage"}
    assert profile.alarms.decode([0x8000, 0x0000]) == {"sensor_fault"}
    assert profile.alarms.decode([0x0000, 0x0000]) == frozenset()


def _set(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Set a dotted path in a document; a value of ... deletes the key."""
    *parents, last = path.split(".")
    node = doc
    for key in parents:
        node = node.setdefault(key, {})
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return doc


_CONTACTOR = {"table": "input", "address": 1, "closed_bit": 0}
_COMMANDS = {"table": "holding", "address": 200, "contactor_open": 1, "contactor_close": 2}


@pytest.mark.parametrize(
    ("path", "value", "key"),
    [
        ("schema", ..., "schema"),
        ("schema", 2, "schema"),
        ("id", ..., "profile.id"),
        ("manufacturer", "  ", "profile.manufacturer"),
        ("word_order", "middle", "word_order"),
        ("max_gap", 65, "max_gap"),
        ("max_gap", True, "max_gap"),
        ("measurements", ..., "measurements"),
        ("measurements", {}, "measurements"),
        ("measurements.voltage_a.type", "uint8", "measurements.voltage_a.type"),
        (
            "measurements.voltage_a",
            {"address": 0, "type": "string", "count": 2},
            "measurements.voltage_a.type",
        ),
        ("measurements.voltage_a.table", "coils", "measurements.voltage_a.table"),
        ("measurements.voltage_a.address", 65536, "measurements.voltage_a.address"),
        ("measurements.voltage_a.address", -1, "measurements.voltage_a.address"),
        ("measurements.voltage_a.address", "0", "measurements.voltage_a.address"),
        ("measurements.voltage_a.address", ..., "measurements.voltage_a.address"),
        ("measurements.voltage_a.scale", 0, "measurements.voltage_a.scale"),
        ("measurements.voltage_a.scale", "0.1", "measurements.voltage_a.scale"),
        ("measurements.voltage_a.missing", 65536, "measurements.voltage_a.missing"),
        ("measurements.voltage_a.missing", -1, "measurements.voltage_a.missing"),
        ("measurements.voltage_a.word_order", "swap", "measurements.voltage_a.word_order"),
        ("measurements.voltage_a.adress", 3, "measurements.voltage_a"),
        ("measurements.voltage_x", {"address": 1}, "measurements.voltage_x"),
        ("measurements.voltage_a", [0], "measurements.voltage_a"),
        ("identity.vendor", {"address": 0}, "identity.vendor"),
        ("identity.model", {"address": 2, "type": "string"}, "identity.model.count"),
        ("settings.trip_delay", {"address": 5}, "settings.trip_delay"),
        ("signature", {"address": 0}, "signature.equals"),
        ("alarms", {"address": 9, "bits": {"fire": 0}}, "alarms.bits.fire"),
        ("alarms", {"address": 9, "bits": {"offline": 0}}, "alarms.bits.offline"),
        ("alarms", {"address": 9, "bits": {"leakage": 16}}, "alarms.bits.leakage"),
        ("alarms", {"address": 9, "bits": {"leakage": 1, "overcurrent": 1}}, "alarms.bits"),
        ("alarms", {"address": 9}, "alarms.bits"),
        ("alarms", {"address": 9, "type": "int16", "bits": {}}, "alarms.type"),
        ("contactor", {"address": 1}, "contactor.closed_bit"),
        ("contactor", {"address": 1, "type": "uint32", "closed_bit": 32}, "contactor.closed_bit"),
        ("commands", _COMMANDS, "commands"),
    ],
)
def test_validation_errors_name_the_key(path: str, value: Any, key: str) -> None:
    doc = _set(_doc(), path, value)
    with pytest.raises(ProfileError) as err:
        parse_profile(doc, "x.json")
    assert str(err.value).startswith(f"x.json: {key}: ")


def test_unknown_field_keys_are_listed() -> None:
    doc = _doc(measurements={"voltage_a": {"address": 0, "adress": 3, "sacle": 1}})
    with pytest.raises(ProfileError) as err:
        parse_profile(doc, "x.json")
    assert str(err.value) == "x.json: measurements.voltage_a: unknown keys ['adress', 'sacle']"


@pytest.mark.parametrize(
    ("commands", "key"),
    [
        ({**_COMMANDS, "table": "input"}, "commands"),
        ({**_COMMANDS, "type": "uint32"}, "commands"),
        ({**_COMMANDS, "contactor_open": None}, "commands.contactor_open"),
        ({**_COMMANDS, "contactor_close": 65536}, "commands.contactor_close"),
        ({**_COMMANDS, "alarm_reset": -1}, "commands.alarm_reset"),
        ({**_COMMANDS, "self_test": "4"}, "commands.self_test"),
    ],
)
def test_command_errors_name_the_key(commands: dict[str, Any], key: str) -> None:
    doc = _doc(contactor=_CONTACTOR, commands=commands)
    with pytest.raises(ProfileError) as err:
        parse_profile(doc, "x.json")
    assert str(err.value).startswith(f"x.json: {key}: ")


def test_commands_need_a_contactor_read_back() -> None:
    with pytest.raises(ProfileError, match=r"contactor"):
        parse_profile(_doc(commands=_COMMANDS), "x.json")
    profile = parse_profile(_doc(contactor=_CONTACTOR, commands=_COMMANDS))
    assert profile.commands is not None
    assert profile.commands.alarm_reset is None
    assert profile.commands.self_test is None


def test_two_names_on_one_bit_is_refused() -> None:
    doc = _doc(alarms={"address": 9, "bits": {"leakage": 3, "overvoltage": 3}})
    with pytest.raises(ProfileError, match=r"share one bit"):
        parse_profile(doc, "x.json")


def test_document_must_be_an_object() -> None:
    with pytest.raises(ProfileError, match=r"x\.json: profile: must be an object"):
        parse_profile([], "x.json")


def test_every_measurement_key_is_accepted() -> None:
    measurements = {key: {"address": i} for i, key in enumerate(QUANTITIES)}
    profile = parse_profile(_doc(measurements=measurements))
    assert set(profile.measurements) == set(QUANTITIES)
    assert profile.phases == 3


def test_address_range_depends_on_width() -> None:
    ok = parse_profile(_doc(measurements={"energy": {"address": 65534, "type": "uint32"}}))
    assert ok.measurements["energy"].address == 65534
    with pytest.raises(ProfileError, match=r"measurements\.energy\.address"):
        parse_profile(_doc(measurements={"energy": {"address": 65535, "type": "uint32"}}))


def test_missing_marker_range_depends_on_width() -> None:
    doc = _doc(measurements={"energy": {"address": 0, "type": "uint32", "missing": 0xFFFFFFFF}})
    assert parse_profile(doc).measurements["energy"].missing == 0xFFFFFFFF
    doc = _doc(measurements={"energy": {"address": 0, "type": "uint32", "missing": 1 << 32}})
    with pytest.raises(ProfileError, match=r"measurements\.energy\.missing"):
        parse_profile(doc)


def test_a_profile_sets_its_settings_ranges() -> None:
    settings = {
        "leakage_threshold": {"table": "holding", "address": 5, "min": 20, "max": 1000},
        "overcurrent_threshold": {"table": "holding", "address": 6},
    }
    profile = parse_profile(_doc(settings=settings), "x.json")
    assert profile.setting_range("leakage_threshold") == (20.0, 1000.0)
    assert profile.setting_range("overcurrent_threshold") == SETTING_RANGES["overcurrent_threshold"]
    # Read outside its range: dropped, as an implausible measurement is.
    plan = profile.settings_plan()
    image = RegisterImage(plan)
    words = [0] * plan[0].count
    words[5 - plan[0].address], words[6 - plan[0].address] = 1500, 63
    image.add(plan[0], words)
    decoded = profile.decoder(plan, 3).decode(image)
    assert decoded.settings == {"overcurrent_threshold": 63.0}
    assert "leakage_threshold" in decoded.dropped
    for bad, message in (
        ({"min": "20"}, "settings.leakage_threshold.min: must be a number"),
        ({"max": math.inf}, "settings.leakage_threshold.max: must be finite"),
        ({"min": 500, "max": 100}, "settings.leakage_threshold: min must be below max"),
    ):
        doc = _doc(settings={"leakage_threshold": {"address": 5, **bad}})
        with pytest.raises(ProfileError, match=re.escape(message)):
            parse_profile(doc, "x.json")


def test_string_settings_are_refused() -> None:
    doc = _doc(settings={"leakage_threshold": {"address": 5, "type": "string", "count": 2}})
    with pytest.raises(ProfileError, match=r"settings\.leakage_threshold\.type"):
        parse_profile(doc, "x.json")


def test_non_finite_scale_is_refused() -> None:
    doc = _doc(measurements={"voltage_a": {"address": 0, "scale": math.nan}})
    with pytest.raises(ProfileError, match=r"measurements\.voltage_a\.scale"):
        parse_profile(doc, "x.json")


def test_string_signature_is_refused() -> None:
    doc = _doc(signature={"address": 0, "type": "string", "count": 1, "equals": 1})
    with pytest.raises(ProfileError, match=r"signature\.type"):
        parse_profile(doc, "x.json")


# --- files ------------------------------------------------------------------------------------


def _write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def test_load_profile_requires_id_equal_to_file_name(tmp_path: Path) -> None:
    path = _write(tmp_path / "other_name.json", _doc())
    with pytest.raises(ProfileError, match=r"other_name\.json: id 'test_box' must equal"):
        load_profile(path)


def test_broken_json_reports_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "schema": 1,\n  "id": "broken",,\n}\n', encoding="utf-8")
    with pytest.raises(ProfileError, match=r"^broken\.json: line 3: "):
        load_profile(path)


def test_unreadable_file_is_a_profile_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"model": "\xff"}')
    with pytest.raises(ProfileError, match=r"^latin\.json: cannot be read"):
        load_profile(path)


def test_validation_error_in_a_file_names_the_file(tmp_path: Path) -> None:
    doc = _doc(id="bad_type", measurements={"voltage_a": {"address": 0, "type": "u16"}})
    path = _write(tmp_path / "bad_type.json", doc)
    with pytest.raises(ProfileError, match=r"^bad_type\.json: measurements\.voltage_a\.type"):
        load_profile(path)


def test_load_profiles_reads_every_json_file_of_a_folder(tmp_path: Path) -> None:
    _write(tmp_path / "box_one.json", _doc(id="box_one"))
    _write(tmp_path / "box_two.json", _doc(id="box_two", model="Two"))
    (tmp_path / "readme.txt").write_text("not a profile", encoding="utf-8")
    profiles = load_profiles(tmp_path)
    assert sorted(profiles) == ["box_one", "box_two"]
    assert profiles["box_two"].model == "Two"
    assert load_profiles(tmp_path / "empty_or_missing") == {}


def test_load_profiles_raises_on_a_broken_file(tmp_path: Path) -> None:
    _write(tmp_path / "box_one.json", _doc(id="box_one"))
    (tmp_path / "box_two.json").write_text("{", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"box_two\.json"):
        load_profiles(tmp_path)


def test_reference_file_round_trips_through_parse_profile() -> None:
    document = json.loads(REFERENCE.read_text(encoding="utf-8"))
    direct = parse_profile(document, REFERENCE.name)
    assert direct == load_profile(REFERENCE)


def test_a_multi_circuit_detector_has_an_alarm_bit_per_channel() -> None:
    """A channel's bit raises its cause; a bit for a channel it does not measure is an error."""
    measurements = {
        "leakage_current_1": {"address": 10},
        "leakage_current_2": {"address": 11},
        "temperature_1": {"address": 12, "type": "int16", "scale": 0.1},
    }
    alarms = {
        "table": "input",
        "address": 0,
        "bits": {
            "leakage_current_1": 0,
            "leakage_current_2": 1,
            "temperature_1": 2,
            "overcurrent": 3,
        },
    }
    doc = _doc(measurements=measurements, alarms=alarms, max_gap=16)  # one read: 0-12
    profile = parse_profile(doc, "x.json")
    plan = profile.telemetry_plan()
    image = RegisterImage(plan)
    words = [0] * plan[0].count
    words[0] = 0b0010  # circuit 2 leaks
    words[10], words[11], words[12] = 12, 340, 315
    image.add(plan[0], words)
    decoded = profile.decoder(plan, 3).decode(image)
    assert decoded.alarms == {AlarmCause.LEAKAGE}
    assert decoded.channel_alarms == {"leakage_current_2"}
    words[0] = 0b0100  # probe 1 over its limit
    image = RegisterImage(plan)
    image.add(plan[0], words)
    decoded = profile.decoder(plan, 3).decode(image)
    assert decoded.alarms == {AlarmCause.CABLE_OVER_TEMPERATURE}
    assert decoded.channel_alarms == {"temperature_1"}

    bad = _doc(measurements=measurements, alarms={**alarms, "bits": {"leakage_current_5": 0}})
    with pytest.raises(ProfileError, match=r"alarms\.bits\.leakage_current_5: is a channel"):
        parse_profile(bad, "x.json")


def test_the_multi_circuit_reference_profile() -> None:
    profile = load_profiles()["safe_power_multi_circuit"]
    assert profile.signature is not None
    assert profile.signature[1] == 0x534D  # "SM", not the SP-400's "SP"
    assert profile.alarms is not None
    channels = {k for k in profile.alarms.bits if channel_cause(k) is not None}
    assert channels == {f"leakage_current_{n}" for n in range(1, 9)} | {
        f"temperature_{n}" for n in range(1, 5)
    }
    assert profile.setting_range("leakage_delay") == (0.0, 60.0)
    assert profile.contactor is None  # a monitor
    assert profile.commands is None

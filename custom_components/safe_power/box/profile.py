"""Device profiles: register maps as data files, validated on load, planned into block reads.

A profile maps a detector's Modbus registers onto the canonical measurements of `model`.
Profiles are JSON files in `profiles/`; an installer adds a model by adding a file, no code.
Pure Python: no Home Assistant or pymodbus import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
import json
import math
from pathlib import Path
import struct
from types import MappingProxyType
from typing import Any, Final, NamedTuple

from .model import (
    LEAKAGE_CHANNELS,
    QUANTITIES,
    TEMPERATURE_CHANNELS,
    AlarmCause,
    BoxReading,
    channel_cause,
)

MAX_READ_REGISTERS: Final = 125  # Modbus limit for one read of holding/input registers
PROFILES_DIR: Final = Path(__file__).parent / "profiles"
PROFILE_SCHEMA_VERSION: Final = 1
# The detector's alarm thresholds (each belongs to a cause: model.CAUSE_SETTING) ...
THRESHOLD_KEYS: Final = frozenset(
    {
        "overcurrent_threshold",
        "cable_temperature_threshold",
        "box_temperature_threshold",
        "leakage_threshold",
        "overvoltage_threshold",
        "undervoltage_threshold",
    }
)
# ... and its alarm delays, where it has them: how long a condition must hold before it alarms.
DELAY_KEYS: Final = frozenset({"overcurrent_delay", "leakage_delay", "temperature_delay"})
SETTING_KEYS: Final = THRESHOLD_KEYS | DELAY_KEYS


# The range a detector's alarm setting may take unless its profile says otherwise (`min`/`max`):
# wide enough for every 0.4 kV detector, narrow enough to refuse a slip (−5 mA, 1e308 mA). A
# setting read outside its range is dropped like an implausible measurement; one written
# outside it is refused before it reaches the box.
SETTING_RANGES: Final[MappingProxyType[str, tuple[float, float]]] = MappingProxyType(
    {
        "overcurrent_threshold": (1.0, 6300.0),  # A: up to the largest 0.4 kV feeder
        "leakage_threshold": (10.0, 3000.0),  # mA: detectors alarm from 20 mA; 3 A the widest
        "cable_temperature_threshold": (40.0, 150.0),  # °C
        "box_temperature_threshold": (40.0, 150.0),  # °C
        "overvoltage_threshold": (220.0, 320.0),  # V, phase voltage
        "undervoltage_threshold": (100.0, 230.0),  # V, phase voltage
        # s: 0 alarms at once; ten minutes is the longest an overload relay would wait.
        "overcurrent_delay": (0.0, 600.0),
        "leakage_delay": (0.0, 600.0),
        "temperature_delay": (0.0, 600.0),  # cable and box temperature
    }
)


def setting_accepted(ranges: Mapping[str, tuple[float, float]], key: str, value: float) -> bool:
    """Return True when a setting's value is a finite number inside its range."""
    low, high = ranges.get(key, SETTING_RANGES[key])
    return math.isfinite(value) and low <= value <= high


class ProfileError(ValueError):
    """A profile file is broken; the message names the file and the offending key."""


class Table(StrEnum):
    """The two register tables a profile reads."""

    HOLDING = "holding"
    INPUT = "input"


class DataType(StrEnum):
    """Register data types; 32-bit types span two registers."""

    UINT16 = "uint16"
    INT16 = "int16"
    UINT32 = "uint32"
    INT32 = "int32"
    FLOAT32 = "float32"
    STRING = "string"


_WIDTH: Final = {
    DataType.UINT16: 1,
    DataType.INT16: 1,
    DataType.UINT32: 2,
    DataType.INT32: 2,
    DataType.FLOAT32: 2,
}
_STRUCT: Final = {
    DataType.UINT16: ">H",
    DataType.INT16: ">h",
    DataType.UINT32: ">I",
    DataType.INT32: ">i",
    DataType.FLOAT32: ">f",
}


@dataclass(frozen=True, slots=True)
class Field:
    """One value in a register table."""

    table: Table
    address: int
    type: DataType = DataType.UINT16
    scale: float = 1.0
    count: int = 1  # registers; only strings set it, other types derive it
    missing: int | None = None  # raw value meaning "not present" (e.g. 0xFFFF)
    word_order: str = "big"  # "big": high word first

    @property
    def width(self) -> int:
        """Return how many registers the field spans."""
        return self.count if self.type is DataType.STRING else _WIDTH[self.type]

    def raw(self, registers: list[int]) -> int | float:
        """Return the unscaled number held by the registers."""
        regs = registers if self.word_order == "big" else registers[::-1]
        data = b"".join(r.to_bytes(2, "big") for r in regs)
        value: int | float = struct.unpack(_STRUCT[self.type], data)[0]
        return value

    def decode(self, registers: list[int]) -> float | None:
        """Return the scaled value, or None for the "not present" marker or a NaN."""
        if self.type is DataType.STRING:
            raise TypeError("use decode_string for string fields")
        raw = self.raw(registers)
        if self.missing is not None and self.unsigned(registers) == self.missing:
            return None
        if isinstance(raw, float) and not math.isfinite(raw):
            return None
        return scaled(raw, self.scale, self.digits)

    @property
    def digits(self) -> int | None:
        """Return the decimals of a scaled integer (None for floats: see `scaled`)."""
        return None if self.type is DataType.FLOAT32 else decimals(self.scale)

    def decode_string(self, registers: list[int]) -> str:
        """Return the text of a string field (two ASCII/UTF-8 bytes per register)."""
        data = b"".join(r.to_bytes(2, "big") for r in registers)
        return data.split(b"\0", 1)[0].decode("utf-8", "replace").strip()

    def encode(self, value: float | str | None) -> list[int]:
        """Return the registers that hold a value (the inverse of decode)."""
        if self.type is DataType.STRING:
            data = str(value or "").encode()[: self.count * 2].ljust(self.count * 2, b"\0")
            return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
        if value is None:
            if self.missing is None:
                raise ValueError("this field has no 'not present' marker")
            data = self.missing.to_bytes(self.width * 2, "big")
        elif self.type is DataType.FLOAT32:
            data = struct.pack(">f", float(value) / self.scale)
        else:
            data = struct.pack(_STRUCT[self.type], round(float(value) / self.scale))
        regs = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
        return regs if self.word_order == "big" else regs[::-1]

    def unsigned(self, registers: list[int]) -> int:
        """Return the registers as one unsigned number (for markers and bit words)."""
        regs = registers if self.word_order == "big" else registers[::-1]
        return int.from_bytes(b"".join(r.to_bytes(2, "big") for r in regs), "big")


@dataclass(frozen=True, slots=True)
class BitField:
    """Named bits inside one field (alarm and status words)."""

    field: Field
    bits: MappingProxyType[str, int]

    def decode(self, registers: list[int]) -> frozenset[str]:
        """Return the names of the bits that are set."""
        word = self.field.unsigned(registers)
        return frozenset(name for name, bit in self.bits.items() if word >> bit & 1)


@dataclass(frozen=True, slots=True)
class Commands:
    """The command register and the values written to it."""

    field: Field
    contactor_open: int
    contactor_close: int
    alarm_reset: int | None
    self_test: int | None


@dataclass(frozen=True, slots=True)
class Block:
    """One read request: a run of registers in one table."""

    table: Table
    address: int
    count: int

    def covers(self, fld: Field) -> bool:
        """Return True when the field lies inside the block."""
        return (
            fld.table is self.table
            and self.address <= fld.address
            and fld.address + fld.width <= self.address + self.count
        )


@dataclass(frozen=True, slots=True)
class Profile:
    """A validated device profile."""

    id: str
    manufacturer: str
    model: str
    signature: tuple[Field, int] | None
    identity: MappingProxyType[str, Field]
    alarms: BitField | None
    contactor: tuple[Field, int] | None  # field, bit set when the contactor is closed
    measurements: MappingProxyType[str, Field]
    settings: MappingProxyType[str, Field]
    commands: Commands | None
    max_gap: int
    # The profile's own ranges of settings (`min`/`max`); the others: SETTING_RANGES.
    setting_ranges: MappingProxyType[str, tuple[float, float]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    # Worked out once: plans by name, decoders by plan and phases (and by the plan's identity).
    _plans: dict[str, tuple[Block, ...]] = field(default_factory=dict, compare=False, repr=False)
    _decoders: dict[tuple[tuple[Block, ...], int], ImageDecoder] = field(
        default_factory=dict, compare=False, repr=False
    )
    _decoders_by_id: dict[tuple[int, int], tuple[tuple[Block, ...], ImageDecoder]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def setting_range(self, key: str) -> tuple[float, float]:
        """Return the range a setting may take on this detector."""
        return self.setting_ranges.get(key, SETTING_RANGES[key])

    @property
    def status_fields(self) -> list[Field]:
        """Return the fields of the fast (alarm/status) lane."""
        fields = [self.alarms.field] if self.alarms else []
        if self.contactor:
            fields.append(self.contactor[0])
        return fields

    @property
    def phases(self) -> int:
        """Return 3 when the profile has phase B or C voltages, else 1."""
        return 3 if {"voltage_b", "voltage_c"} & self.measurements.keys() else 1

    def status_plan(self) -> tuple[Block, ...]:
        """Return the reads of the fast lane (planned once)."""
        if (plan := self._plans.get("status")) is not None:  # every sweep: the short way
            return plan
        return self._plan("status", lambda: self.status_fields)

    def telemetry_plan(self) -> tuple[Block, ...]:
        """Return the reads of a telemetry poll, the status lane included (planned once)."""
        if (plan := self._plans.get("telemetry")) is not None:  # every poll: the short way
            return plan
        return self._plan("telemetry", lambda: [*self.status_fields, *self.measurements.values()])

    def settings_plan(self) -> tuple[Block, ...]:
        """Return the reads of the settings (thresholds) (planned once)."""
        return self._plan("settings", self.settings.values)

    def telemetry_settings_plan(self) -> tuple[Block, ...]:
        """Return the reads of a telemetry poll followed by those of the settings (once).

        The same tuple every time: decoders are cached by the identity of their plan.
        """
        plan = self._plans.get("telemetry+settings")
        if plan is None:
            plan = self._plans["telemetry+settings"] = (
                *self.telemetry_plan(),
                *self.settings_plan(),
            )
        return plan

    def _plan(self, name: str, fields: Callable[[], Iterable[Field]]) -> tuple[Block, ...]:
        """Return a cached plan; `fields` are only gathered the first time."""
        plan = self._plans.get(name)
        if plan is None:
            plan = self._plans[name] = tuple(plan_blocks(fields(), self.max_gap))
        return plan

    def decoder(self, blocks: tuple[Block, ...], phases: int) -> ImageDecoder:
        """Return the decoder of images read with these blocks (built once per plan).

        Looked up by the identity of the plan first (the plans above are cached tuples, and
        hashing a plan costs more than decoding half a block), then by value.
        """
        fast = (id(blocks), phases)
        hit = self._decoders_by_id.get(fast)
        if hit is not None and hit[0] is blocks:
            return hit[1]
        key = (blocks, phases)
        decoder = self._decoders.get(key)
        if decoder is None:
            decoder = self._decoders[key] = ImageDecoder(self, blocks, phases)
        self._decoders_by_id[fast] = (blocks, decoder)
        return decoder

    def identity_plan(self) -> list[Block]:
        """Return the reads of the identity block (signature included)."""
        fields = list(self.identity.values())
        if self.signature:
            fields.append(self.signature[0])
        return plan_blocks(fields, self.max_gap)


def plan_blocks(fields: Iterable[Field], max_gap: int = 0) -> list[Block]:
    """Merge fields into as few reads as possible.

    Fields of one table are merged when the hole between them is at most `max_gap`
    registers and the read stays within the Modbus limit of 125 registers.
    """
    blocks: list[Block] = []
    ordered = sorted(set(fields), key=lambda f: (f.table, f.address))
    for fld in ordered:
        end = fld.address + fld.width
        if blocks:
            last = blocks[-1]
            last_end = last.address + last.count
            if (
                last.table is fld.table
                and fld.address <= last_end + max_gap
                and max(end, last_end) - last.address <= MAX_READ_REGISTERS
            ):
                blocks[-1] = Block(last.table, last.address, max(end, last_end) - last.address)
                continue
        blocks.append(Block(fld.table, fld.address, fld.width))
    return blocks


class RegisterImage:
    """Registers read in one poll, looked up by field."""

    __slots__ = ("_blocks", "_plan", "_registers")

    def __init__(
        self, plan: tuple[Block, ...] | None = None, registers: list[list[int]] | None = None
    ) -> None:
        """Start empty; `plan` names the blocks that will be added, in order.

        With `registers` (those of every block of the plan, in order) the image is complete.
        """
        self._plan = plan
        self._blocks: tuple[Block, ...]
        self._registers: list[list[int]]
        if plan is None or registers is None:
            self._blocks, self._registers = (), []
        elif len(registers) == len(plan):
            self._blocks, self._registers = plan, registers
        else:
            raise ValueError("one list of registers per block of the plan")

    def add(self, block: Block, registers: list[int]) -> None:
        """Store the registers returned for a block read."""
        self._blocks = (*self._blocks, block)
        self._registers.append(registers)
        if self._plan is not None and self._blocks == self._plan:
            self._blocks = self._plan  # the very object: decoders are cached by identity

    @property
    def blocks(self) -> tuple[Block, ...]:
        """Return the blocks read, in order."""
        return self._blocks

    @property
    def registers(self) -> list[list[int]]:
        """Return the registers of each block, in order."""
        return self._registers

    def get(self, fld: Field) -> list[int] | None:
        """Return the registers of a field, or None when no read covered it."""
        for block, regs in zip(self._blocks, self._registers, strict=True):
            if block.covers(fld):
                start = fld.address - block.address
                return regs[start : start + fld.width]
        return None


# What `ImageDecoder._decode` finds: the fields of a DecodedImage, in order.
type _Parts = tuple[
    dict[str, float],
    list[str],
    frozenset[AlarmCause] | None,
    int | None,
    dict[str, float | None],
    frozenset[str] | None,
]


class DecodedImage(NamedTuple):
    """The content of one image: accepted values, and None where a part was not read."""

    values: dict[str, float]  # plausible values only
    dropped: list[str]  # measurements present but implausible (out of range, NaN)
    alarms: frozenset[AlarmCause] | None
    contactor_word: int | None
    settings: dict[str, float | None]
    channel_alarms: frozenset[str] | None = None  # channels in alarm (their causes in alarms)


def decimals(scale: float) -> int:
    """Return the decimal places of an integer times `scale`: 0.1 → 1, 0.25 → 2, 10 → 0."""
    exponent = Decimal(repr(scale)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def scaled(number: float, scale: float, digits: int | None) -> float:
    """Return a register's number times its scale, without binary noise.

    An integer register times 0.1 is 232.60000000000002 in binary floating point: it is
    rounded to the scale's decimals (232.6). A float32 register holds about 7 significant
    digits; the rest of its double is noise, dropped the same way.
    """
    value = number * scale
    return round(value, digits) if digits is not None else float(f"{value:.7g}")


def exact_divisor(scale: float, digits: int | None) -> int | None:
    """Return 10**digits when `scaled` of any 32-bit integer equals it divided by that.

    So it is for the scales 1, 0.1, 0.01 ... (`digits` its decimals): an integer times the
    scale is within a few units in the last place of the decimal value, far less than half a
    unit of its last decimal, so `round` brings it back to the double nearest to that decimal
    value, which is what a true division by 10**digits gives at once (about ten times
    faster than `round` with decimals, which goes through a decimal string). None for other
    scales and for floats.
    """
    if digits is None:
        return None
    divisor: int = 10**digits
    return divisor if scale == 1 / divisor else None


# The integers each integer struct code unpacks to.
_RAW_RANGE: Final = {
    "H": (0, 0xFFFF),
    "h": (-0x8000, 0x7FFF),
    "I": (0, 0xFFFFFFFF),
    "i": (-0x80000000, 0x7FFFFFFF),
}
_NO_RUN: Final = (1, 0)  # no integer is at least 1 and at most 0


def accepted_run(
    code: str, divisor: int | None, lo: float, hi: float, missing: float | None
) -> tuple[int, int]:
    """Return the raw integers from which a field's value is accepted as it is, first and last.

    Those whose value, the integer divided by `divisor`, lies within [`lo`, `hi`], the "not
    present" marker left out. True division is correctly rounded, so the value grows with the
    integer and they are one run, found by bisection with the very comparison the decoder
    makes. `_NO_RUN` (none) when there is no divisor, for floats, and when the marker lies
    inside the run.
    """
    if divisor is None or code not in _RAW_RANGE:
        return _NO_RUN
    first, last = _RAW_RANGE[code]
    raws = range(first, last + 1)
    start = _first_passing(raws, lambda n: lo <= n / divisor)
    stop = _first_passing(raws, lambda n: not n / divisor <= hi)
    if start >= stop:
        return _NO_RUN
    low, high = raws[start], raws[stop - 1]
    if missing is not None and low <= missing <= high:
        if missing == high:
            high -= 1
        elif missing == low:
            low += 1
        else:
            return _NO_RUN
    return (low, high) if low <= high else _NO_RUN


def _first_passing(raws: range, test: Callable[[int], bool]) -> int:
    """Return the index of the first integer that passes `test` (`len(raws)`: none does).

    `test` fails up to some integer and passes from it on.
    """
    low, high = 0, len(raws)
    while low < high:
        middle = (low + high) // 2
        if test(raws[middle]):
            high = middle
        else:
            low = middle + 1
    return low


# One numeric item of a block, in address order (the block's struct unpacks one number per
# item): key, the run of raw integers accepted as they are (`accepted_run`), and the exact
# divisor or None (`exact_divisor`). For the other raw numbers (`_BlockLayout.others`): scale,
# raw "not present" value or None, minimum, maximum, decimals. Limits are the Quantity's
# (model.py).
type _Item = tuple[str, int, int, int | None]
type _Other = tuple[float, float | None, float, float, int | None]


class _BlockLayout:
    """All numeric fields of one block, read by a single struct call."""

    __slots__ = ("items", "others", "pack", "template", "unpack")

    def __init__(self, fields: list[tuple[str, Field]], block: Block) -> None:
        """Lay the fields out in address order; holes become pad bytes."""
        fmt, cursor = ">", block.address
        items: list[_Item] = []
        self.others: dict[str, _Other] = {}
        for key, fld in sorted(fields, key=lambda kf: kf[1].address):
            if fld.address > cursor:
                fmt += f"{(fld.address - cursor) * 2}x"
            code = _STRUCT[fld.type][1]
            fmt += code
            missing: float | None = None
            if fld.missing is not None:
                missing = struct.unpack(">" + code, fld.missing.to_bytes(fld.width * 2, "big"))[0]
            quantity = QUANTITIES.get(key)
            lo, hi = (quantity.minimum, quantity.maximum) if quantity else (-math.inf, math.inf)
            lo, hi = float(lo), float(hi)
            digits = fld.digits
            divisor = exact_divisor(fld.scale, digits)
            low, high = accepted_run(code, divisor, lo, hi, missing)
            items.append((key, low, high, divisor))
            self.others[key] = (fld.scale, missing, lo, hi, digits)
            cursor = fld.address + fld.width
        fmt += f"{(block.address + block.count - cursor) * 2}x"
        self.pack = struct.Struct(f">{block.count}H").pack
        self.unpack = struct.Struct(fmt).unpack
        self.items = tuple(items)
        # Every key in its place beforehand: decoding fills values in and takes out the few
        # that are not accepted, which keeps the order and costs less than inserting them.
        self.template = dict.fromkeys((item[0] for item in items), 0.0)


class ImageDecoder:
    """Decodes images read with one plan: each block is unpacked by one precompiled struct call.

    Polling decodes the same plan for every box on every cycle; working out formats, offsets,
    markers and limits once keeps the per-box work close to that of a bare Modbus loop.
    Fields in little word order, or overlapping others, are read one by one.
    """

    __slots__ = (
        "_alarms",
        "_closed_bit",
        "_contactor",
        "_layouts",
        "_ranges",
        "_settings",
        "_single",
        "_words",
    )

    def __init__(self, profile: Profile, blocks: tuple[Block, ...], phases: int) -> None:
        """Locate every field of the profile that these blocks cover."""
        per_block: list[list[tuple[str, Field]]] = [[] for _ in blocks]
        self._single: list[tuple[str, Field, int]] = []  # read one by one
        # alarm word -> causes, channels in alarm (few distinct words)
        self._words: dict[int, tuple[frozenset[AlarmCause], frozenset[str]]] = {}
        wanted = [
            (key, fld)
            for key, fld in profile.measurements.items()
            if QUANTITIES[key].applies(phases)
        ]
        for key, fld in wanted:
            index = _covering(blocks, fld)
            if index is None:
                continue
            taken = per_block[index]
            overlaps = any(
                fld.address < o.address + o.width and o.address < fld.address + fld.width
                for _, o in taken
            )
            if (fld.word_order == "little" and fld.width > 1) or overlaps:
                self._single.append((key, fld, index))
            else:
                taken.append((key, fld))
        self._layouts = [
            (index, _BlockLayout(fields, blocks[index]))
            for index, fields in enumerate(per_block)
            if fields
        ]
        self._ranges = profile.setting_ranges
        self._settings = [
            (key, fld, index)
            for key, fld in profile.settings.items()
            if (index := _covering(blocks, fld)) is not None
        ]
        # The alarm bits and the contactor word: field, block index, offset in the block, width.
        self._alarms: tuple[BitField, int, int, int] | None = None
        if profile.alarms and (spot := _spot(blocks, profile.alarms.field)) is not None:
            self._alarms = (profile.alarms, *spot)
        self._contactor: tuple[Field, int, int, int] | None = None
        self._closed_bit = 0
        if profile.contactor and (spot := _spot(blocks, profile.contactor[0])) is not None:
            self._contactor = (profile.contactor[0], *spot)
            self._closed_bit = profile.contactor[1]

    def decode(self, image: RegisterImage) -> DecodedImage:
        """Decode an image read with this decoder's blocks."""
        return DecodedImage(*self._decode(image))

    def reading(
        self, image: RegisterImage, previous: BoxReading | None
    ) -> tuple[BoxReading, list[str]]:
        """Turn an image into a reading; parts not read this time come from `previous`.

        Returns the reading and the measurement keys whose values were dropped as implausible
        (`modbus.decode_reading`).
        """
        values, dropped, alarms, word, settings, channels = self._decode(image)
        prev = previous or BoxReading()
        # A status-only read keeps the last telemetry; readings are never changed, so the last
        # reading's mappings are shared rather than copied (likewise the settings).
        shown = MappingProxyType(values) if values else prev.values
        if alarms is None:
            alarms, channels = prev.alarms, prev.channel_alarms
        elif channels is None:
            channels = frozenset()
        contactor = prev.contactor_closed if word is None else bool(word >> self._closed_bit & 1)
        kept = prev.settings
        if settings:
            merged = dict(kept)
            for key, value in settings.items():
                if value is None:
                    merged.pop(key, None)
                else:
                    merged[key] = value
            kept = MappingProxyType(merged)
        # Positional: a frozen dataclass's keywords cost a quarter of its (dear) construction.
        return BoxReading(shown, alarms, contactor, kept, channels), dropped

    def _decode(self, image: RegisterImage) -> _Parts:
        registers = image.registers
        values: dict[str, float] = {}
        dropped: list[str] = []
        for index, layout in self._layouts:
            values.update(layout.template)
            raw = layout.unpack(layout.pack(*registers[index]))
            # One number per item, by construction: no need for zip's check of the lengths.
            for (key, low, high, divisor), number in zip(layout.items, raw, strict=False):
                if low <= number <= high:  # the usual case: a value within its limits
                    values[key] = number / divisor
                    continue
                scale, missing, lo, hi, digits = layout.others[key]
                if number != missing:
                    value = number / divisor if divisor else scaled(number, scale, digits)
                    if lo <= value <= hi:
                        values[key] = value
                        continue
                    if math.isfinite(value):  # a NaN/inf float means "not present", as in Field
                        dropped.append(key)
                del values[key]
        for key, fld, index in self._single:
            single = fld.decode(_registers_of(image, index, fld))
            if single is None:
                continue
            if QUANTITIES[key].accept(single):
                values[key] = single
            else:
                dropped.append(key)
        settings: dict[str, float | None] = {}
        for key, fld, index in self._settings:
            setting = fld.decode(_registers_of(image, index, fld))
            if setting is None or setting_accepted(self._ranges, key, setting):
                settings[key] = setting
            else:
                dropped.append(key)  # outside its range: the last good one stays
        alarms: frozenset[AlarmCause] | None = None
        channels: frozenset[str] | None = None
        if self._alarms is not None:
            bits, index, start, width = self._alarms
            regs = registers[index]
            word = regs[start] if width == 1 else bits.field.unsigned(regs[start : start + width])
            known = self._words.get(word)
            if known is None:
                known = self._words[word] = alarm_names(bits.decode(regs[start : start + width]))
            alarms, channels = known
        contactor: int | None = None
        if self._contactor is not None:
            fld, index, start, width = self._contactor
            regs = registers[index]
            contactor = regs[start] if width == 1 else fld.unsigned(regs[start : start + width])
        return values, dropped, alarms, contactor, settings, channels


def alarm_names(names: frozenset[str]) -> tuple[frozenset[AlarmCause], frozenset[str]]:
    """Split the set bits into causes and channels; a channel in alarm raises its cause."""
    channels = frozenset(name for name in names if channel_cause(name) is not None)
    causes = {AlarmCause(name) for name in names - channels}
    causes.update(cause for name in channels if (cause := channel_cause(name)) is not None)
    return frozenset(causes), channels


def _covering(blocks: tuple[Block, ...], fld: Field) -> int | None:
    return next((i for i, block in enumerate(blocks) if block.covers(fld)), None)


def _spot(blocks: tuple[Block, ...], fld: Field) -> tuple[int, int, int] | None:
    """Return the block that covers a field, the field's offset in it and its width."""
    index = _covering(blocks, fld)
    return None if index is None else (index, fld.address - blocks[index].address, fld.width)


def _registers_of(image: RegisterImage, index: int, fld: Field) -> list[int]:
    block = image.blocks[index]
    start = fld.address - block.address
    return image.registers[index][start : start + fld.width]


# --- loading and validation ---------------------------------------------------------------


class _Reader:
    """Reads one profile document and names the offending key in every error."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> ProfileError:
        return ProfileError(f"{self.source}: {where}: {message}")

    def obj(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be an object")
        return value

    def text(self, doc: Mapping[str, Any], key: str, where: str) -> str:
        value = doc.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}", "must be a non-empty string")
        return value

    def setting_range(self, key: str, low: Any, high: Any) -> tuple[float, float]:
        """Return a setting's own range: `min` and `max`, defaults SETTING_RANGES's."""
        default_low, default_high = SETTING_RANGES[key]
        bounds = []
        for name, value, default in (("min", low, default_low), ("max", high, default_high)):
            if value is None:
                bounds.append(default)
            elif isinstance(value, bool) or not isinstance(value, int | float):
                raise self.fail(f"settings.{key}.{name}", "must be a number")
            elif not math.isfinite(value):
                raise self.fail(f"settings.{key}.{name}", "must be finite")
            else:
                bounds.append(float(value))
        if bounds[0] >= bounds[1]:
            raise self.fail(f"settings.{key}", "min must be below max")
        return bounds[0], bounds[1]

    def integer(self, value: Any, where: str, lo: int, hi: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise self.fail(where, f"must be an integer from {lo} to {hi}")
        return value

    def field(self, value: Any, where: str, word_order: str) -> Field:
        doc = self.obj(value, where)
        known = {"table", "address", "type", "scale", "count", "missing", "word_order", "unit"}
        if unknown := set(doc) - known:
            raise self.fail(where, f"unknown keys {sorted(unknown)}")
        try:
            table = Table(doc.get("table", "input"))
        except ValueError:
            raise self.fail(f"{where}.table", "must be 'holding' or 'input'") from None
        try:
            dtype = DataType(doc.get("type", "uint16"))
        except ValueError:
            names = ", ".join(t.value for t in DataType)
            raise self.fail(f"{where}.type", f"must be one of {names}") from None
        scale = doc.get("scale", 1)
        if (
            isinstance(scale, bool)
            or not isinstance(scale, int | float)
            or scale == 0
            or not math.isfinite(scale)
        ):
            raise self.fail(f"{where}.scale", "must be a non-zero number")
        count = 1
        if dtype is DataType.STRING:
            count = self.integer(doc.get("count"), f"{where}.count", 1, MAX_READ_REGISTERS)
        order = doc.get("word_order", word_order)
        if order not in ("big", "little"):
            raise self.fail(f"{where}.word_order", "must be 'big' or 'little'")
        width = count if dtype is DataType.STRING else _WIDTH[dtype]
        address = self.integer(doc.get("address"), f"{where}.address", 0, 65536 - width)
        missing = doc.get("missing")
        if missing is not None:
            missing = self.integer(missing, f"{where}.missing", 0, (1 << (16 * width)) - 1)
        return Field(table, address, dtype, float(scale), count, missing, order)

    def bits(self, value: Any, where: str, names: Iterable[str], width: int) -> dict[str, int]:
        doc = self.obj(value, where)
        allowed = set(names)
        out: dict[str, int] = {}
        for name, bit in doc.items():
            if name not in allowed:
                raise self.fail(f"{where}.{name}", f"is not one of {sorted(allowed)}")
            out[name] = self.integer(bit, f"{where}.{name}", 0, 16 * width - 1)
        if len(set(out.values())) != len(out):
            raise self.fail(where, "two names share one bit")
        return out


def parse_profile(document: Any, source: str = "<profile>") -> Profile:
    """Validate a profile document (parsed JSON) and return the profile."""
    r = _Reader(source)
    doc = r.obj(document, "profile")
    if doc.get("schema") != PROFILE_SCHEMA_VERSION:
        raise r.fail("schema", f"must be {PROFILE_SCHEMA_VERSION}")
    word_order = doc.get("word_order", "big")
    if word_order not in ("big", "little"):
        raise r.fail("word_order", "must be 'big' or 'little'")
    max_gap = r.integer(doc.get("max_gap", 0), "max_gap", 0, 64)

    signature: tuple[Field, int] | None = None
    if "signature" in doc:
        sig = dict(r.obj(doc["signature"], "signature"))
        expected = sig.pop("equals", None)
        fld = r.field(sig, "signature", word_order)
        if fld.type not in (DataType.UINT16, DataType.UINT32):
            raise r.fail("signature.type", "must be uint16 or uint32")
        signature = (fld, r.integer(expected, "signature.equals", 0, 0xFFFFFFFF))

    identity_doc = r.obj(doc.get("identity", {}), "identity")
    identity = {}
    for key, spec in identity_doc.items():
        if key not in ("model", "serial", "firmware", "phases"):
            raise r.fail(f"identity.{key}", "must be model, serial, firmware or phases")
        identity[key] = r.field(spec, f"identity.{key}", word_order)

    alarms: BitField | None = None
    if "alarms" in doc:
        spec = dict(r.obj(doc["alarms"], "alarms"))
        bits_doc = spec.pop("bits", None)
        fld = r.field(spec, "alarms", word_order)
        if fld.type not in (DataType.UINT16, DataType.UINT32):
            raise r.fail("alarms.type", "must be uint16 or uint32")
        # A cause's bit, or a channel's own (a multi-circuit detector's circuit 3 leakage).
        causes = [c.value for c in AlarmCause if c is not AlarmCause.OFFLINE]
        names = [*causes, *LEAKAGE_CHANNELS, *TEMPERATURE_CHANNELS]
        bits = r.bits(bits_doc, "alarms.bits", names, fld.width)
        alarms = BitField(fld, MappingProxyType(bits))

    contactor: tuple[Field, int] | None = None
    if "contactor" in doc:
        spec = dict(r.obj(doc["contactor"], "contactor"))
        bit = spec.pop("closed_bit", None)
        fld = r.field(spec, "contactor", word_order)
        contactor = (fld, r.integer(bit, "contactor.closed_bit", 0, 16 * fld.width - 1))

    measurements_doc = r.obj(doc.get("measurements"), "measurements")
    measurements: dict[str, Field] = {}
    for key, spec in measurements_doc.items():
        if key not in QUANTITIES:
            raise r.fail(f"measurements.{key}", "is not a known measurement")
        fld = r.field(spec, f"measurements.{key}", word_order)
        if fld.type is DataType.STRING:
            raise r.fail(f"measurements.{key}.type", "cannot be a string")
        measurements[key] = fld
    if not measurements:
        raise r.fail("measurements", "must name at least one measurement")
    for name in alarms.bits if alarms else ():
        if channel_cause(name) is not None and name not in measurements:
            raise r.fail(f"alarms.bits.{name}", "is a channel the profile does not measure")

    settings: dict[str, Field] = {}
    ranges: dict[str, tuple[float, float]] = {}
    for key, spec in r.obj(doc.get("settings", {}), "settings").items():
        if key not in SETTING_KEYS:
            raise r.fail(f"settings.{key}", f"must be one of {sorted(SETTING_KEYS)}")
        own = dict(r.obj(spec, f"settings.{key}"))
        low, high = own.pop("min", None), own.pop("max", None)
        if low is not None or high is not None:
            ranges[key] = r.setting_range(key, low, high)
        fld = r.field(own, f"settings.{key}", word_order)
        if fld.type is DataType.STRING:
            raise r.fail(f"settings.{key}.type", "cannot be a string")
        settings[key] = fld

    commands: Commands | None = None
    if "commands" in doc:
        spec = dict(r.obj(doc["commands"], "commands"))
        values = {
            key: spec.pop(key, None)
            for key in ("contactor_open", "contactor_close", "alarm_reset", "self_test")
        }
        fld = r.field(spec, "commands", word_order)
        if fld.table is not Table.HOLDING or fld.width != 1:
            raise r.fail("commands", "must be one holding register")
        if contactor is None:
            raise r.fail("commands", "needs a 'contactor' read-back")
        commands = Commands(
            fld,
            r.integer(values["contactor_open"], "commands.contactor_open", 0, 0xFFFF),
            r.integer(values["contactor_close"], "commands.contactor_close", 0, 0xFFFF),
            None
            if values["alarm_reset"] is None
            else r.integer(values["alarm_reset"], "commands.alarm_reset", 0, 0xFFFF),
            None
            if values["self_test"] is None
            else r.integer(values["self_test"], "commands.self_test", 0, 0xFFFF),
        )

    return Profile(
        id=r.text(doc, "id", "profile"),
        manufacturer=r.text(doc, "manufacturer", "profile"),
        model=r.text(doc, "model", "profile"),
        signature=signature,
        identity=MappingProxyType(identity),
        alarms=alarms,
        contactor=contactor,
        measurements=MappingProxyType(measurements),
        settings=MappingProxyType(settings),
        commands=commands,
        max_gap=max_gap,
        setting_ranges=MappingProxyType(ranges),
    )


def load_profile(path: Path) -> Profile:
    """Read and validate one profile file."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise ProfileError(f"{path.name}: cannot be read: {err}") from err
    except json.JSONDecodeError as err:
        raise ProfileError(f"{path.name}: line {err.lineno}: {err.msg}") from err
    profile = parse_profile(document, path.name)
    if profile.id != path.stem:
        raise ProfileError(f"{path.name}: id '{profile.id}' must equal the file name")
    return profile


def load_profiles(directory: Path = PROFILES_DIR) -> dict[str, Profile]:
    """Load every profile in a folder; a broken file raises ProfileError naming it."""
    return {p.stem: load_profile(p) for p in sorted(directory.glob("*.json"))}

"""The box model: canonical measurements, their units and physical limits, alarm causes.

Pure Python: no Home Assistant import. Every transport (Modbus profiles, MQTT payloads) maps
its data onto these keys, and every value passes `accept()` before anyone sees it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
import math
from types import MappingProxyType
from typing import Final


class Unit(StrEnum):
    """Units used by the canonical measurements (strings equal Home Assistant's)."""

    VOLT = "V"
    AMPERE = "A"
    MILLIAMPERE = "mA"
    CELSIUS = "°C"
    WATT = "W"
    HERTZ = "Hz"
    KILOWATT_HOUR = "kWh"
    PERCENT = "%"
    NONE = ""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A canonical measurement: its unit and the range a real box can physically report."""

    key: str
    unit: Unit
    minimum: float
    maximum: float
    phase: str | None = None  # "A", "B", "C", "N" or None for box-wide values

    def accept(self, value: float) -> bool:
        """Return True when the value is a finite number inside the physical range."""
        return math.isfinite(value) and self.minimum <= value <= self.maximum

    def applies(self, phases: int) -> bool:
        """Return True when a box with that many phases has this measurement."""
        return phases == 3 or self.phase in (None, "A", "N")


def _phases(prefix: str, unit: Unit, lo: float, hi: float, phases: Iterable[str]) -> list[Quantity]:
    return [Quantity(f"{prefix}_{p.lower()}", unit, lo, hi, p) for p in phases]


# Multi-circuit detectors (组合式电气火灾监控探测器) measure several circuits: a residual current
# transformer per outgoing circuit and temperature probes on their cables or terminals. Each
# channel is a measurement of its own, numbered as the detector numbers it (1 … 16).
MAX_CHANNELS: Final = 16
LEAKAGE_CHANNEL: Final = "leakage_current_"
TEMPERATURE_CHANNEL: Final = "temperature_"
LEAKAGE_CHANNELS: Final = tuple(f"{LEAKAGE_CHANNEL}{n}" for n in range(1, MAX_CHANNELS + 1))
TEMPERATURE_CHANNELS: Final = tuple(f"{TEMPERATURE_CHANNEL}{n}" for n in range(1, MAX_CHANNELS + 1))


def channel_of(key: str) -> tuple[str, int] | None:
    """Return (prefix, number) of a channel measurement key, None for any other key."""
    for prefix in (LEAKAGE_CHANNEL, TEMPERATURE_CHANNEL):
        if key.startswith(prefix) and key.removeprefix(prefix).isdigit():
            number = int(key.removeprefix(prefix))
            if 1 <= number <= MAX_CHANNELS:
                return prefix, number
    return None


# Limits are physical plausibility bounds for a 0.4 kV distribution box, not alarm thresholds:
# a value outside them is a decoding or sensor error and is dropped.
_QUANTITIES: Final = (
    *_phases("voltage", Unit.VOLT, 0, 500, "ABC"),
    *_phases("line_voltage", Unit.VOLT, 0, 866, ("AB", "BC", "CA")),
    *_phases("current", Unit.AMPERE, 0, 6300, "ABCN"),
    Quantity("leakage_current", Unit.MILLIAMPERE, 0, 30000),
    *(Quantity(key, Unit.MILLIAMPERE, 0, 30000) for key in LEAKAGE_CHANNELS),
    *(Quantity(key, Unit.CELSIUS, -40, 200) for key in TEMPERATURE_CHANNELS),
    *_phases("cable_temperature", Unit.CELSIUS, -40, 200, "ABCN"),
    Quantity("box_temperature", Unit.CELSIUS, -40, 150),
    Quantity("active_power", Unit.WATT, -5_000_000, 5_000_000),
    *_phases("active_power", Unit.WATT, -2_000_000, 2_000_000, "ABC"),
    Quantity("power_factor", Unit.NONE, -1, 1),
    Quantity("frequency", Unit.HERTZ, 40, 70),
    Quantity("energy", Unit.KILOWATT_HOUR, 0, 1e10),
)

QUANTITIES: Final[MappingProxyType[str, Quantity]] = MappingProxyType(
    {q.key: q for q in _QUANTITIES}
)
QUANTITY_ORDER: Final[MappingProxyType[str, int]] = MappingProxyType(
    {key: i for i, key in enumerate(QUANTITIES)}
)


class AlarmCause(StrEnum):
    """Why a box alarms. Values are stable: they are translation keys and MQTT words."""

    OVERCURRENT = "overcurrent"
    CABLE_OVER_TEMPERATURE = "cable_over_temperature"
    BOX_OVER_TEMPERATURE = "box_over_temperature"
    LEAKAGE = "leakage"
    OVERVOLTAGE = "overvoltage"
    UNDERVOLTAGE = "undervoltage"
    PHASE_LOSS = "phase_loss"
    SUPPLY_OUTAGE = "supply_outage"
    UNBALANCE = "unbalance"
    SENSOR_FAULT = "sensor_fault"
    CONTACTOR_TRIPPED = "contactor_tripped"
    OFFLINE = "offline"


# Which measurements describe each cause: the value and channel an alarm log entry reports.
CAUSE_MEASUREMENTS: Final[MappingProxyType[AlarmCause, tuple[str, ...]]] = MappingProxyType(
    {
        AlarmCause.OVERCURRENT: ("current_a", "current_b", "current_c", "current_n"),
        AlarmCause.CABLE_OVER_TEMPERATURE: (
            "cable_temperature_a",
            "cable_temperature_b",
            "cable_temperature_c",
            "cable_temperature_n",
            *TEMPERATURE_CHANNELS,
        ),
        AlarmCause.BOX_OVER_TEMPERATURE: ("box_temperature",),
        AlarmCause.LEAKAGE: ("leakage_current", *LEAKAGE_CHANNELS),
        AlarmCause.OVERVOLTAGE: ("voltage_a", "voltage_b", "voltage_c"),
        AlarmCause.UNDERVOLTAGE: ("voltage_a", "voltage_b", "voltage_c"),
        AlarmCause.PHASE_LOSS: ("voltage_a", "voltage_b", "voltage_c"),
        AlarmCause.SUPPLY_OUTAGE: ("voltage_a", "voltage_b", "voltage_c"),
    }
)


def channel_cause(key: str) -> AlarmCause | None:
    """Return the cause a channel's own alarm is of (leakage, cable over-temperature)."""
    channel = channel_of(key)
    if channel is None:
        return None
    return (
        AlarmCause.LEAKAGE if channel[0] == LEAKAGE_CHANNEL else AlarmCause.CABLE_OVER_TEMPERATURE
    )


# The setting (threshold) that belongs to each cause, where the detector has one.
CAUSE_SETTING: Final[MappingProxyType[AlarmCause, str]] = MappingProxyType(
    {
        AlarmCause.OVERCURRENT: "overcurrent_threshold",
        AlarmCause.CABLE_OVER_TEMPERATURE: "cable_temperature_threshold",
        AlarmCause.BOX_OVER_TEMPERATURE: "box_temperature_threshold",
        AlarmCause.LEAKAGE: "leakage_threshold",
        AlarmCause.OVERVOLTAGE: "overvoltage_threshold",
        AlarmCause.UNDERVOLTAGE: "undervoltage_threshold",
    }
)

# Causes where the lowest reading is the one that matters; for the others, the highest.
_LOW_IS_WORSE: Final = frozenset(
    {AlarmCause.UNDERVOLTAGE, AlarmCause.PHASE_LOSS, AlarmCause.SUPPLY_OUTAGE}
)


@dataclass(frozen=True, slots=True)
class BoxIdentity:
    """What a box says about itself."""

    manufacturer: str
    model: str
    serial: str
    firmware: str
    phases: int


@dataclass(frozen=True, slots=True)
class AlarmDetail:
    """What, for one alarm cause: the reading that explains it and the threshold it crossed."""

    cause: AlarmCause
    value: float | None
    threshold: float | None
    channel: str | None  # the phase or measurement key the value was read from
    unit: str | None
    time: datetime | None = None  # when the box says it raised the alarm, if it says so


@dataclass(frozen=True, slots=True)
class BoxReading:
    """One consistent picture of a box: accepted values, active alarms and the contactor."""

    values: MappingProxyType[str, float] = field(default_factory=lambda: MappingProxyType({}))
    alarms: frozenset[AlarmCause] = frozenset()
    contactor_closed: bool | None = None
    settings: MappingProxyType[str, float] = field(default_factory=lambda: MappingProxyType({}))
    # The channels of a multi-circuit detector in alarm (their measurement keys); their causes
    # are in `alarms` too.
    channel_alarms: frozenset[str] = frozenset()

    def alarm_detail(self, cause: AlarmCause) -> AlarmDetail:
        """Return the value, threshold and channel that describe an alarm cause.

        Of a multi-circuit detector, the channels in alarm are the ones that describe it.
        """
        keys = [k for k in CAUSE_MEASUREMENTS.get(cause, ()) if k in self.values]
        if alarming := [k for k in keys if k in self.channel_alarms]:
            keys = alarming
        channel: str | None = None
        value: float | None = None
        if keys:
            pick = min if cause in _LOW_IS_WORSE else max
            channel = pick(keys, key=lambda k: self.values[k])
            value = self.values[channel]
        setting = CAUSE_SETTING.get(cause)
        threshold = self.settings.get(setting) if setting else None
        unit = QUANTITIES[channel].unit.value if channel else None
        return AlarmDetail(cause, value, threshold, channel, unit)


def accept_values(raw: dict[str, float | None]) -> tuple[dict[str, float], list[str]]:
    """Split raw decoded values into accepted ones and the keys that were dropped.

    A value is dropped when it is missing (the "not present" marker decoded to None), not
    finite, or outside the physical range of its quantity. Unknown keys are dropped too.
    """
    accepted: dict[str, float] = {}
    dropped: list[str] = []
    for key, value in raw.items():
        quantity = QUANTITIES.get(key)
        if quantity is None:
            dropped.append(key)
            continue
        if value is None:
            continue
        if not quantity.accept(value):
            dropped.append(key)
            continue
        accepted[key] = value
    return accepted, dropped

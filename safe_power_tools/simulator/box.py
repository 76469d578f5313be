"""One simulated distribution box: its physics, its detector's alarm logic and its registers.

The box is a deterministic model: `tick(dt)` advances it by `dt` seconds and the only
randomness (small measurement noise) comes from a `random.Random` seeded per box. Registers are
encoded through the box's device profile (by default the reference profile), never from
addresses written here.

Physics, kept simple on purpose:
- Phase voltages are about 230 V. They are measured on the supply side of the contactor, so
  they stay when the contactor is open. Line voltages follow from the phase voltages at 120°.
- With the contactor closed each phase carries `load` amperes (times a fixed per-phase factor
  of 0.9-1.1). The neutral carries the phasor sum. With the contactor open every current, every
  power and the leakage current are 0.
- Cable temperatures approach 25 °C + 40 K x (I / 63 A)² with a time constant of 30 s; the box
  temperature approaches 28 °C + 10 K x (mean I / 63 A)² with one of 120 s.
- Active power is V x I x pf per phase (pf about 0.95); energy (kWh) integrates the total power
  over the ticks and never decreases.

The detector's alarm logic (one bit per `AlarmCause` in the alarm word):
- A cause is active while its condition holds; thresholds are the box's settings (a setting of
  None disables the check). Phase loss: a phase voltage below 50 V on a three-phase box (that
  phase is then not also reported as undervoltage). Unbalance: on a three-phase box with a mean
  current above 5 A, the largest deviation from the mean above 50 % of the mean.
- A raised bit stays set for at least `alarm_hold` seconds of ticks (default 4 s: twice the
  integration's fast lane, as docs/register-map.md asks), then clears by itself once the
  condition is gone. `contactor_tripped` latches until an alarm reset.
- `trip_on_alarm`: an active overcurrent or leakage condition opens the contactor at once and
  latches `contactor_tripped`.

Commands (the profile's command register): open, close, alarm reset (clears the latch, a
running self-test and the hold of conditions that are gone; it does not close the contactor)
and self-test. A self-test shows a test leakage of 1.2 x the leakage threshold from the command
until the next tick (or an alarm reset), like the test key of a residual-current device: it
raises the leakage alarm and trips a `trip_on_alarm` box.
"""

from __future__ import annotations

import cmath
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
import itertools
import math
import random
import struct
from typing import Any, Final

from custom_components.safe_power.box.model import (
    CAUSE_MEASUREMENTS,
    CAUSE_SETTING,
    LEAKAGE_CHANNEL,
    AlarmCause,
    channel_cause,
    channel_of,
)
from custom_components.safe_power.box.profile import DataType, Field, Profile, Table, load_profiles

REFERENCE_PROFILE: Final = "safe_power_reference"
# Registers a profile's map defines but the profile file does not describe: the reference map's
# version register (docs/register-map.md, section 3.1).
EXTRA_REGISTERS: Final[dict[str, dict[tuple[Table, int], int]]] = {
    REFERENCE_PROFILE: {(Table.INPUT, 1): 1},
    "safe_power_multi_circuit": {(Table.INPUT, 1): 1},
}

DEFAULT_SETTINGS: Final[dict[str, float]] = {
    "overcurrent_threshold": 63.0,  # A
    "cable_temperature_threshold": 70.0,  # °C, PVC
    "box_temperature_threshold": 60.0,  # °C
    "leakage_threshold": 300.0,  # mA
    "overvoltage_threshold": 253.0,  # V, 230 V + 10 %
    "undervoltage_threshold": 198.0,  # V, 230 V - 14 %
}
# Alarm delays, kept and applied by a detector whose profile has them (the multi-circuit one).
DEFAULT_DELAYS: Final[dict[str, float]] = {
    "overcurrent_delay": 10.0,  # s
    "leakage_delay": 3.0,  # s
    "temperature_delay": 10.0,  # s
}

NOMINAL_VOLTAGE: Final = 230.0  # V
NOMINAL_FREQUENCY: Final = 50.0  # Hz
AMBIENT: Final = 25.0  # °C
RATED_CURRENT: Final = 63.0  # A, the cable's current for a rise of CABLE_RISE
CABLE_RISE: Final = 40.0  # K at the rated current
CABLE_TAU: Final = 30.0  # s
BOX_TAU: Final = 120.0  # s
PHASE_LOSS_VOLTAGE: Final = 50.0  # V: a phase below this has lost its supply
UNBALANCE_LIMIT: Final = 50.0  # %
UNBALANCE_MIN_CURRENT: Final = 5.0  # A
OVERLOAD_FACTOR: Final = 1.5  # x the overcurrent threshold
HOT_PHASE_RISE: Final = 60.0  # K on top of phase A's cable temperature: a loose terminal
LEAKAGE_RAMP_SECONDS: Final = 60.0
LEAKAGE_RAMP_TOP: Final = 1.5  # x the leakage threshold, reached after LEAKAGE_RAMP_SECONDS
SELF_TEST_LEAKAGE: Final = 1.2  # x the leakage threshold
TRIP_CAUSES: Final = frozenset({AlarmCause.OVERCURRENT, AlarmCause.LEAKAGE})
# Causes raised when one of their measurements is above their setting (model.CAUSE_*).
# The alarm delay setting of each cause, applied where the detector's profile has it.
_DELAY_OF: Final[dict[AlarmCause, str]] = {
    AlarmCause.OVERCURRENT: "overcurrent_delay",
    AlarmCause.LEAKAGE: "leakage_delay",
    AlarmCause.CABLE_OVER_TEMPERATURE: "temperature_delay",
    AlarmCause.BOX_OVER_TEMPERATURE: "temperature_delay",
}
_ABOVE_THRESHOLD: Final = (
    AlarmCause.OVERCURRENT,
    AlarmCause.CABLE_OVER_TEMPERATURE,
    AlarmCause.BOX_OVER_TEMPERATURE,
    AlarmCause.LEAKAGE,
    AlarmCause.OVERVOLTAGE,
)

# What the `garbage` fault puts on the wire instead of the real readings: "not present" markers
# and physically impossible values. Float fields of a profile are sent as NaN.
GARBAGE: Final[dict[str, float | None]] = {
    "voltage_a": None,
    "leakage_current": None,
    "cable_temperature_a": 3000.0,
    "box_temperature": -300.0,
    "current_b": 4_000_000.0,
    "power_factor": 30.0,
    "frequency": 0.0,
}

_ENCODE_ERRORS: Final = (struct.error, ValueError, OverflowError)  # a tuple: 3.13 syntax
_PHASES: Final = ("a", "b", "c")
_STATUS_KEYS: Final = (
    *(f"voltage_{p}" for p in "abc"),
    *(f"current_{p}" for p in "abcn"),
    "leakage_current",
    *(f"cable_temperature_{p}" for p in "abcn"),
    "box_temperature",
    "active_power",
    "energy",
)
_ROTATION: Final = (1, cmath.exp(-2j * math.pi / 3), cmath.exp(2j * math.pi / 3))


class Scenario(StrEnum):
    """What the box's supply and loads are doing."""

    NORMAL = "normal"
    OVERLOAD = "overload"  # every phase current at 1.5 x the overcurrent threshold
    HOT_PHASE = "hot_phase"  # phase A's cable heats up at normal current: a loose terminal
    LEAKAGE_RAMP = "leakage_ramp"  # leakage climbs to 1.5 x its threshold over 60 s
    PHASE_LOSS = "phase_loss"  # phase C voltage 0, so no current on C: unbalance follows (3P only)
    # Every phase voltage 0 while the detector answers (it has its own supply): no current.
    OUTAGE = "outage"


class Fault(StrEnum):
    """How the box misbehaves on the wire (one at a time)."""

    OFFLINE = "offline"  # never answers: requests time out
    SLOW = "slow"  # answers after `slow_delay` seconds
    EXCEPTION = "exception"  # answers every request with Modbus exception `exception_code`
    GARBAGE = "garbage"  # answers with markers and impossible values (see GARBAGE)
    STUCK_CONTACTOR = "stuck_contactor"  # accepts commands, but the contactor never moves


RECOVER: Final = "recover"  # back to the normal scenario, answering normally
SCENARIO_NAMES: Final = (*[s.value for s in Scenario], Fault.OFFLINE.value, RECOVER)


@cache
def reference_profile() -> Profile:
    """Return the reference box's profile (loaded once)."""
    return load_profiles()[REFERENCE_PROFILE]


def encode(fld: Field, value: float | str | None) -> list[int]:
    """Encode a value through a field; a value the type cannot hold becomes its marker."""
    try:
        return fld.encode(value)
    except _ENCODE_ERRORS:
        if fld.missing is not None:
            return fld.encode(None)
        return [0xFFFF] * fld.width


@dataclass(eq=False)
class SimulatedBox:
    """One box: identity, live values, settings, alarms, contactor, scenario and fault mode."""

    unit_id: int
    serial: str
    phases: int = 3
    model: str = ""  # default "SP-400-3P" or "SP-400-1P"
    firmware: str = "1.4.2"
    has_neutral_sensors: bool = True
    trip_on_alarm: bool = False
    load: float | None = None  # A per phase in normal operation; default 20 (3P) or 12 (1P)
    energy: float = 1000.0  # kWh on the meter
    seed: int | None = None  # default: the unit id
    alarm_hold: float = 4.0  # s a raised alarm bit stays set at least
    name: str = ""
    location: str = ""
    building: str = ""
    floor: int | None = None
    x: float | None = None
    y: float | None = None
    settings: dict[str, float | None] = field(
        default_factory=lambda: {**DEFAULT_SETTINGS, **DEFAULT_DELAYS}
    )
    profile: Profile = field(default_factory=reference_profile)

    scenario: Scenario = field(default=Scenario.NORMAL, init=False)
    # Alarm bits set on the wire whatever the readings say: a detector wired or set up wrong.
    stray_alarms: frozenset[AlarmCause] = field(default=frozenset(), init=False)
    fault: Fault | None = field(default=None, init=False)
    slow_delay: float = field(default=2.0, init=False)  # s, for Fault.SLOW
    exception_code: int = field(default=4, init=False)  # for Fault.EXCEPTION
    contactor_closed: bool = field(default=True, init=False)
    values: dict[str, float | None] = field(default_factory=dict, init=False)
    alarms: frozenset[AlarmCause] = field(default=frozenset(), init=False)
    # A multi-circuit detector's channels in alarm (their measurement keys).
    channel_alarms: frozenset[str] = field(default=frozenset(), init=False)
    elapsed: float = field(default=0.0, init=False)  # s of ticks since the box was made

    _rng: random.Random = field(init=False, repr=False)
    _factors: tuple[float, ...] = field(init=False, repr=False)
    _leakage_base: float = field(init=False, repr=False)
    _temps: dict[str, float] = field(default_factory=dict, init=False, repr=False)
    _held: dict[AlarmCause, float] = field(default_factory=dict, init=False, repr=False)
    _held_channels: dict[str, float] = field(default_factory=dict, init=False, repr=False)
    # Since when each condition (cause or channel) has held, for the alarm delays.
    _since: dict[str, float] = field(default_factory=dict, init=False, repr=False)
    # A multi-circuit detector's channels (its profile's) and each leakage channel's base.
    _channels: tuple[str, ...] = field(default=(), init=False, repr=False)
    _channel_base: dict[str, float] = field(default_factory=dict, init=False, repr=False)
    _tripped: bool = field(default=False, init=False, repr=False)
    _self_test: bool = field(default=False, init=False, repr=False)
    _ramp: float = field(default=0.0, init=False, repr=False)
    _power: float = field(default=0.0, init=False, repr=False)

    def __post_init__(self) -> None:
        """Check the identity against the profile and take the first sample."""
        if self.phases not in (1, 3):
            raise ValueError("phases must be 1 or 3")
        if not 1 <= self.unit_id <= 247:
            raise ValueError("unit_id must be 1-247")
        self.model = self.model or f"SP-400-{self.phases}P"
        for key in ("serial", "model", "firmware"):
            fld = self.profile.identity.get(key)
            if fld is not None and len(str(getattr(self, key)).encode()) > 2 * fld.count:
                raise ValueError(f"{key} is longer than {2 * fld.count} bytes")
        if self.load is None:
            self.load = 20.0 if self.phases == 3 else 12.0
        seed = self.unit_id if self.seed is None else self.seed
        self._rng = random.Random(seed)  # noqa: S311  (noise, not cryptography)
        self._factors = tuple(self._rng.uniform(0.9, 1.1) for _ in range(self.phases))
        self._leakage_base = self._rng.uniform(5.0, 25.0)
        self._channels = tuple(k for k in self.profile.measurements if channel_of(k))
        for key in self._channels:  # drawn after the others: a reference box's noise is unchanged
            if key.startswith(LEAKAGE_CHANNEL):
                self._channel_base[key] = self._rng.uniform(2.0, 15.0)
        self._update(0.0)

    # --- what a human or a test changes -------------------------------------------------

    def set_scenario(self, name: str) -> None:
        """Switch to a scenario (it shows from the next tick on).

        Besides the `Scenario` names, "offline" sets the offline fault and "recover" returns
        to the normal scenario and clears any fault.
        """
        if name == RECOVER:
            self.scenario, self.fault = Scenario.NORMAL, None
        elif name == Fault.OFFLINE:
            self.fault = Fault.OFFLINE
        else:
            scenario = Scenario(name)
            if scenario is Scenario.PHASE_LOSS and self.phases != 3:
                raise ValueError("a single-phase box has no phase C to lose")
            self.scenario = scenario
        if self.scenario is not Scenario.LEAKAGE_RAMP:
            self._ramp = 0.0

    def set_fault(
        self, fault: Fault | str | None, *, delay: float | None = None, code: int | None = None
    ) -> None:
        """Set the wire fault mode (None: answer normally).

        `delay` is the answer delay of `slow` in seconds; `code` is the exception code of
        `exception` (1-255).
        """
        self.fault = None if fault is None else Fault(fault)
        if delay is not None:
            if delay < 0:
                raise ValueError("delay must not be negative")
            self.slow_delay = delay
        if code is not None:
            if not 1 <= code <= 255:
                raise ValueError("code must be 1-255")
            self.exception_code = code

    def tick(self, dt: float) -> None:
        """Advance the physics by `dt` seconds and take a new sample."""
        if dt < 0:
            raise ValueError("dt must not be negative")
        self._self_test = False
        self._update(dt)

    def command(self, value: int) -> None:
        """Execute a value written to the command register (ValueError if unknown)."""
        cmds = self.profile.commands
        if cmds is None:
            raise ValueError("this profile has no command register")
        if value == cmds.contactor_open:
            self._move_contactor(closed=False)
        elif value == cmds.contactor_close:
            self._move_contactor(closed=True)
        elif value == cmds.alarm_reset:
            self._tripped = self._self_test = False
            self._held.clear()
        elif value == cmds.self_test:
            self._self_test = True
        else:
            raise ValueError(f"unknown command {value}")
        self._update(0.0)

    def write_holding(self, address: int, registers: Sequence[int]) -> None:
        """Apply a client's write to holding registers: settings and the command register.

        Raises ValueError (and changes nothing) when the command value is unknown.
        """
        end = address + len(registers)
        cmds = self.profile.commands
        command: int | None = None
        if cmds is not None and address <= cmds.field.address < end:
            command = registers[cmds.field.address - address]
            known = (cmds.contactor_open, cmds.contactor_close, cmds.alarm_reset, cmds.self_test)
            if command not in known:
                raise ValueError(f"unknown command {command}")
        for key, fld in self.profile.settings.items():
            inside = address <= fld.address and fld.address + fld.width <= end
            if fld.table is Table.HOLDING and inside:
                start = fld.address - address
                self.settings[key] = fld.decode(list(registers[start : start + fld.width]))
        if command is not None:
            self.command(command)
        else:
            self._update(0.0)

    # --- the model ------------------------------------------------------------------------

    def _move_contactor(self, *, closed: bool) -> None:
        if self.fault is not Fault.STUCK_CONTACTOR:
            self.contactor_closed = closed

    def _setting(self, key: str) -> float:
        value = self.settings.get(key)
        return DEFAULT_SETTINGS[key] if value is None else value

    def _update(self, dt: float) -> None:
        """Advance by dt (0 for a fresh sample after a command) and run the detector logic."""
        self.elapsed += dt
        self.energy += max(self._power, 0.0) * dt / 3_600_000
        if self.scenario is Scenario.LEAKAGE_RAMP:
            self._ramp += dt
        self._measure(dt)
        active = self._evaluate()
        if (
            self.trip_on_alarm
            and self.contactor_closed
            and active & TRIP_CAUSES
            and self.fault is not Fault.STUCK_CONTACTOR
        ):
            self.contactor_closed = False
            self._tripped = True
            self._measure(0.0)
            self._evaluate()

    def _measure(self, dt: float) -> None:
        rng, three = self._rng, self.phases == 3
        phases = _PHASES[: self.phases]
        volts: dict[str, float] = {}
        amps: dict[str, float] = {}
        overload = OVERLOAD_FACTOR * self._setting("overcurrent_threshold")
        for p, factor in zip(phases, self._factors, strict=True):
            volts[p] = NOMINAL_VOLTAGE + rng.uniform(-1.5, 1.5)
            if (self.scenario is Scenario.PHASE_LOSS and p == "c") or (
                self.scenario is Scenario.OUTAGE
            ):
                volts[p] = 0.0
            normal = float(self.load or 0.0) * factor
            base = overload if self.scenario is Scenario.OVERLOAD else normal
            amps[p] = base * (1 + rng.uniform(-0.01, 0.01))
            if not self.contactor_closed or volts[p] < PHASE_LOSS_VOLTAGE:
                amps[p] = 0.0
        if three:
            neutral = abs(sum(amps[p] * r for p, r in zip(phases, _ROTATION, strict=True)))
        else:
            neutral = amps["a"]
        total_amps = sum(amps.values())
        pf = 0.95 + rng.uniform(-0.005, 0.005) if total_amps else 1.0
        power = {p: volts[p] * amps[p] * pf for p in phases}
        self._power = sum(power.values())

        leak_threshold = self._setting("leakage_threshold")
        leakage = self._leakage_base + rng.uniform(-0.5, 0.5)
        if self.scenario is Scenario.LEAKAGE_RAMP:
            share = min(self._ramp / LEAKAGE_RAMP_SECONDS, 1.0)
            leakage += (LEAKAGE_RAMP_TOP * leak_threshold - self._leakage_base) * share
        if not self.contactor_closed:
            leakage = 0.0
        if self._self_test:
            leakage = SELF_TEST_LEAKAGE * leak_threshold

        def rise(current: float) -> float:
            return CABLE_RISE * (current / RATED_CURRENT) ** 2

        targets = {f"cable_temperature_{p}": AMBIENT + rise(amps[p]) for p in phases}
        targets["cable_temperature_n"] = AMBIENT + rise(neutral)
        if self.scenario is Scenario.HOT_PHASE:
            targets["cable_temperature_a"] += HOT_PHASE_RISE
        channel_leakage: dict[str, float] = {}
        for key in self._channels:  # circuit 1 is the one that leaks, probe 1 the hot one
            number = int(key.rsplit("_", 1)[1])
            if key.startswith(LEAKAGE_CHANNEL):
                base = self._channel_base[key]
                leak = base + rng.uniform(-0.3, 0.3)
                if self.scenario is Scenario.LEAKAGE_RAMP and number == 1:
                    share = min(self._ramp / LEAKAGE_RAMP_SECONDS, 1.0)
                    leak += (LEAKAGE_RAMP_TOP * leak_threshold - base) * share
                channel_leakage[key] = leak if self.contactor_closed else 0.0
            else:
                phase = phases[(number - 1) % len(phases)]
                targets[key] = AMBIENT + rise(amps[phase])
                if self.scenario is Scenario.HOT_PHASE and number == 1:
                    targets[key] += HOT_PHASE_RISE
        mean = total_amps / len(amps)
        targets["box_temperature"] = AMBIENT + 3.0 + 10.0 * (mean / RATED_CURRENT) ** 2
        for key, target in targets.items():
            tau = BOX_TAU if key == "box_temperature" else CABLE_TAU
            now = self._temps.get(key, target)
            self._temps[key] = now + (target - now) * (1 - math.exp(-dt / tau))

        values: dict[str, float | None] = {}
        for p in phases:
            values[f"voltage_{p}"] = volts[p]
            values[f"current_{p}"] = amps[p]
            values[f"active_power_{p}"] = power[p]
        if three:
            for p, q in (("a", "b"), ("b", "c"), ("c", "a")):
                values[f"line_voltage_{p}{q}"] = math.sqrt(
                    volts[p] ** 2 + volts[q] ** 2 + volts[p] * volts[q]
                )
        values["current_n"] = neutral if self.has_neutral_sensors else None
        values["leakage_current"] = leakage
        values.update(channel_leakage)
        for key, temp in self._temps.items():
            values[key] = temp + rng.uniform(-0.05, 0.05)
        if not self.has_neutral_sensors:
            values["cable_temperature_n"] = None
        values["active_power"] = self._power
        values["power_factor"] = pf
        values["frequency"] = NOMINAL_FREQUENCY + rng.uniform(-0.02, 0.02)
        values["energy"] = self.energy
        self.values = values

    def _evaluate(self) -> frozenset[AlarmCause]:
        """Set `alarms` from the values; return the causes whose condition holds now."""
        v, three = self.values, self.phases == 3

        def present(*keys: str) -> list[float]:
            return [x for k in keys if (x := v.get(k)) is not None]

        def above(setting: str, *keys: str) -> bool:
            limit = self.settings.get(setting)
            return limit is not None and any(x > limit for x in present(*keys))

        active: set[AlarmCause] = set()
        for cause in _ABOVE_THRESHOLD:
            if above(CAUSE_SETTING[cause], *CAUSE_MEASUREMENTS[cause]):
                active.add(cause)
        volts = present("voltage_a", "voltage_b", "voltage_c")
        live = [x for x in volts if x >= PHASE_LOSS_VOLTAGE] if three else volts
        under = self.settings.get("undervoltage_threshold")
        if under is not None and any(x < under for x in live):
            active.add(AlarmCause.UNDERVOLTAGE)
        if three and len(live) < len(volts):
            active.add(AlarmCause.PHASE_LOSS)
        amps = present("current_a", "current_b", "current_c")
        mean = sum(amps) / len(amps)
        spread = max(abs(x - mean) for x in amps)
        if three and mean > UNBALANCE_MIN_CURRENT and spread / mean * 100 > UNBALANCE_LIMIT:
            active.add(AlarmCause.UNBALANCE)
        for gone in set(AlarmCause) - active:
            self._since.pop(gone.value, None)
        active = {c for c in active if self._held_long_enough(c.value, _DELAY_OF.get(c))}

        for cause in active:
            self._held[cause] = self.elapsed + self.alarm_hold
        self._held = {c: until for c, until in self._held.items() if until > self.elapsed}
        alarms = active | self._held.keys()
        # A multi-circuit detector's channels: each above its cause's threshold alarms itself.
        for key in self._channels:
            of = channel_cause(key)
            over = of is not None and above(CAUSE_SETTING[of], key)
            if over and of is not None and self._held_long_enough(key, _DELAY_OF.get(of)):
                self._held_channels[key] = self.elapsed + self.alarm_hold
            elif not over:
                self._since.pop(key, None)
        self._held_channels = {
            k: until for k, until in self._held_channels.items() if until > self.elapsed
        }
        self.channel_alarms = frozenset(self._held_channels)
        if self._tripped:
            alarms.add(AlarmCause.CONTACTOR_TRIPPED)
        self.alarms = frozenset(alarms)
        return frozenset(active)

    def _held_long_enough(self, name: str, delay_key: str | None) -> bool:
        """Return True once a condition (true now) has held for its alarm delay, if it has one.

        Only a detector whose profile has the delay setting applies it; `name` is a cause or a
        channel. A condition that is no longer true is forgotten by the caller.
        """
        delay = None
        if delay_key is not None and delay_key in self.profile.settings:
            delay = self.settings.get(delay_key)
        since = self._since.setdefault(name, self.elapsed)
        return not delay or self.elapsed - since >= delay

    # --- what the wire shows ----------------------------------------------------------------

    def registers(self) -> dict[Table, dict[int, int]]:
        """Return every register the box serves, by table and address, encoded via the profile.

        Holes of up to the profile's `max_gap` registers between fields are filled with 0 (or
        the map's extra registers), so every block the integration reads answers whole.
        """
        regs: dict[Table, dict[int, int]] = {Table.INPUT: {}, Table.HOLDING: {}}

        def put(fld: Field, value: float | str | None) -> None:
            for i, word in enumerate(encode(fld, value)):
                regs[fld.table][fld.address + i] = word

        p = self.profile
        if p.signature is not None:
            put(*p.signature)
        identity: dict[str, str | int] = {
            "model": self.model,
            "serial": self.serial,
            "firmware": self.firmware,
            "phases": self.phases,
        }
        for key, fld in p.identity.items():
            put(fld, identity[key])
        if p.alarms is not None:
            shown = {*self.alarms, *self.stray_alarms, *self.channel_alarms}
            word = sum(1 << bit for name, bit in p.alarms.bits.items() if name in shown)
            put(p.alarms.field, word)
        if p.contactor is not None:
            fld, bit = p.contactor
            put(fld, (1 << bit) if self.contactor_closed else 0)
        for key, fld in p.measurements.items():
            value = self.values.get(key)
            if self.fault is Fault.GARBAGE:
                value = math.nan if fld.type is DataType.FLOAT32 else GARBAGE.get(key, value)
            put(fld, value)
        for key, fld in p.settings.items():
            put(fld, self.settings.get(key))
        if p.commands is not None:
            put(p.commands.field, 0)
        for (table, address), word in EXTRA_REGISTERS.get(p.id, {}).items():
            regs[table][address] = word
        for words in regs.values():
            for a, b in itertools.pairwise(sorted(words)):
                if 1 < b - a <= p.max_gap + 1:
                    words.update(dict.fromkeys(range(a + 1, b), 0))
        return regs

    @property
    def responding(self) -> bool:
        """Return False while the box does not answer at all."""
        return self.fault is not Fault.OFFLINE

    def status(self) -> dict[str, Any]:
        """Return a JSON-friendly summary for humans (the `ctl status` command)."""
        return {
            "unit_id": self.unit_id,
            "serial": self.serial,
            "name": self.name,
            "phases": self.phases,
            "scenario": self.scenario.value,
            "fault": self.fault.value if self.fault else None,
            "contactor": "closed" if self.contactor_closed else "open",
            "alarms": sorted(c.value for c in self.alarms),
            "values": {
                k: round(x, 2)
                for k in (*_STATUS_KEYS, *self._channels)
                if (x := self.values.get(k)) is not None
            },
            "channel_alarms": sorted(self.channel_alarms),
        }

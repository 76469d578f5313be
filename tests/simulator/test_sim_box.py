"""The simulated box: physics, detector alarm logic and register encoding, by ticks (no sockets)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from sim_helpers import val

from custom_components.safe_power.box.model import QUANTITIES, AlarmCause, accept_values, channel_of
from custom_components.safe_power.box.profile import Field, Profile, Table, load_profiles
from safe_power_tools.simulator.__main__ import format_status
from safe_power_tools.simulator.box import (
    DEFAULT_SETTINGS,
    GARBAGE,
    Fault,
    Scenario,
    SimulatedBox,
)
from safe_power_tools.simulator.fleet import FleetError, load_fleet

A = AlarmCause


def regs_of(box: SimulatedBox, fld: Field) -> list[int]:
    table = box.registers()[fld.table]
    return [table[fld.address + i] for i in range(fld.width)]


def decoded(box: SimulatedBox) -> dict[str, float | None]:
    """Every measurement, decoded from the box's registers through the profile."""
    return {key: fld.decode(regs_of(box, fld)) for key, fld in box.profile.measurements.items()}


def alarm_names(box: SimulatedBox) -> frozenset[str]:
    assert box.profile.alarms is not None
    return box.profile.alarms.decode(regs_of(box, box.profile.alarms.field))


def contactor_closed(box: SimulatedBox) -> bool:
    assert box.profile.contactor is not None
    fld, bit = box.profile.contactor
    return bool(fld.unsigned(regs_of(box, fld)) >> bit & 1)


def run(box: SimulatedBox, seconds: float, step: float = 1.0) -> None:
    for _ in range(round(seconds / step)):
        box.tick(step)


def test_identity_and_layout(profile: Profile) -> None:
    box = SimulatedBox(unit_id=7, serial="SP24A0007", phases=3)
    regs = box.registers()
    assert profile.signature is not None
    sig, expected = profile.signature
    assert sig.raw(regs_of(box, sig)) == expected
    assert regs[Table.INPUT][1] == 1  # map version
    ident = profile.identity
    assert ident["serial"].decode_string(regs_of(box, ident["serial"])) == "SP24A0007"
    assert ident["model"].decode_string(regs_of(box, ident["model"])) == "SP-400-3P"
    assert ident["firmware"].decode_string(regs_of(box, ident["firmware"])) == "1.4.2"
    assert ident["phases"].decode(regs_of(box, ident["phases"])) == 3
    # Every block the integration reads answers whole, and nothing else is served.
    for plan in (profile.identity_plan(), profile.telemetry_plan(), profile.settings_plan()):
        for block in plan:
            assert all(
                a in regs[block.table] for a in range(block.address, block.address + block.count)
            )
    assert sorted(regs[Table.INPUT]) == [*range(23), *range(100, 134)]
    assert sorted(regs[Table.HOLDING]) == [200, *range(210, 216)]
    assert regs[Table.HOLDING][200] == 0
    assert SimulatedBox(unit_id=1, serial="x", phases=1).model == "SP-400-1P"


def test_invalid_identity() -> None:
    with pytest.raises(ValueError, match="phases"):
        SimulatedBox(unit_id=1, serial="x", phases=2)
    with pytest.raises(ValueError, match="unit_id"):
        SimulatedBox(unit_id=0, serial="x")
    with pytest.raises(ValueError, match="serial"):
        SimulatedBox(unit_id=1, serial="S" * 17)


@pytest.mark.parametrize("phases", [1, 3])
def test_registers_round_trip(phases: int) -> None:
    box = SimulatedBox(unit_id=1, serial="SP24A0001", phases=phases, seed=5)
    run(box, 10)
    for key, value in decoded(box).items():
        fld = box.profile.measurements[key]
        expected = box.values.get(key)
        if expected is None:
            assert value is None, key
            assert not QUANTITIES[key].applies(phases), key
        else:
            assert value == pytest.approx(expected, abs=abs(fld.scale) / 2 + 1e-9), key
    accepted, dropped = accept_values(decoded(box))
    assert not dropped
    # Every measurement of the reference map (a multi-circuit detector's channels are not in it).
    assert accepted.keys() == {
        k for k, q in QUANTITIES.items() if q.applies(phases) and channel_of(k) is None
    }
    settings = box.profile.settings
    assert {k: f.decode(regs_of(box, f)) for k, f in settings.items()} == pytest.approx(
        DEFAULT_SETTINGS
    )
    assert contactor_closed(box)
    assert alarm_names(box) == frozenset()


def test_normal_values_are_plausible() -> None:
    box = SimulatedBox(unit_id=3, serial="SP3", phases=3, load=20.0)
    run(box, 30)
    v = {k: x for k, x in box.values.items() if x is not None}
    for p in "abc":
        assert 228 <= v[f"voltage_{p}"] <= 232
        assert 17 <= v[f"current_{p}"] <= 23
        power = v[f"voltage_{p}"] * v[f"current_{p}"] * v["power_factor"]
        assert v[f"active_power_{p}"] == pytest.approx(power)
    assert v["line_voltage_ab"] == pytest.approx(230 * math.sqrt(3), rel=0.01)
    assert v["active_power"] == pytest.approx(sum(v[f"active_power_{p}"] for p in "abc"))
    assert 0.94 <= v["power_factor"] <= 0.96
    assert 49.97 <= v["frequency"] <= 50.03
    assert v["current_n"] < 5
    assert 5 <= v["leakage_current"] <= 26
    assert 25 < v["cable_temperature_a"] < 40
    assert box.alarms == frozenset()


def test_deterministic_by_seed() -> None:
    one, two, other = (SimulatedBox(unit_id=1, serial="a", seed=s) for s in (9, 9, 10))
    for box in (one, two, other):
        run(box, 5)
    assert one.values == two.values
    assert one.registers() == two.registers()
    assert one.values != other.values


def test_energy_accumulates_and_never_decreases() -> None:
    box = SimulatedBox(unit_id=1, serial="a", energy=500.0)
    readings = []
    for _ in range(120):
        power = val(box, "active_power")
        box.tick(30.0)
        readings.append(box.energy)
        assert power is not None
    assert readings == sorted(readings)
    assert readings[-1] > 500.0
    # About P x t: 3600 s at roughly 13.8 kW.
    assert readings[-1] - 500.0 == pytest.approx(val(box, "active_power") / 1000, rel=0.05)
    box.command(1)  # open: no power, no energy
    before = box.energy
    run(box, 60)
    assert box.energy == pytest.approx(before)
    energy_fld = box.profile.measurements["energy"]
    assert energy_fld.decode(regs_of(box, energy_fld)) == pytest.approx(box.energy, abs=0.005)


def test_overload_and_recover() -> None:
    box = SimulatedBox(unit_id=1, serial="a", phases=3)
    box.set_scenario("overload")
    box.tick(1.0)
    assert val(box, "current_a") == pytest.approx(1.5 * 63, rel=0.02)
    assert A.OVERCURRENT in box.alarms
    assert "overcurrent" in alarm_names(box)
    assert A.UNBALANCE not in box.alarms  # every phase is overloaded alike
    run(box, 120)  # the cables heat up with the current
    assert A.CABLE_OVER_TEMPERATURE in box.alarms
    box.set_scenario("recover")
    box.tick(1.0)
    assert A.OVERCURRENT in box.alarms  # held for alarm_hold (4 s) after the condition ends
    run(box, 4)
    assert A.OVERCURRENT not in box.alarms
    run(box, 300)
    assert box.alarms == frozenset()
    assert box.contactor_closed  # this box does not trip


def test_hot_phase_at_normal_current() -> None:
    box = SimulatedBox(unit_id=1, serial="a", phases=3)
    box.set_scenario(Scenario.HOT_PHASE)
    run(box, 20)
    assert box.alarms == frozenset()  # still warming up
    run(box, 40)
    assert val(box, "cable_temperature_a") > 70
    assert val(box, "cable_temperature_b") < 40
    assert val(box, "current_a") < 30
    assert box.alarms == {A.CABLE_OVER_TEMPERATURE}


def test_leakage_ramp() -> None:
    box = SimulatedBox(unit_id=1, serial="a", phases=1)
    box.set_scenario("leakage_ramp")
    seen = []
    for _ in range(60):
        box.tick(1.0)
        seen.append(val(box, "leakage_current"))
    assert seen == sorted(seen)
    crossed = next(i for i, x in enumerate(seen) if x > 300)
    assert 30 <= crossed <= 50
    assert seen[-1] == pytest.approx(450, rel=0.01)
    assert A.LEAKAGE in box.alarms
    assert box.contactor_closed
    leak = box.profile.measurements["leakage_current"]
    assert leak.decode(regs_of(box, leak)) == pytest.approx(seen[-1], abs=0.05)


def test_phase_loss() -> None:
    box = SimulatedBox(unit_id=1, serial="a", phases=3)
    box.set_scenario("phase_loss")
    box.tick(1.0)
    assert val(box, "voltage_c") == 0
    assert val(box, "current_c") == 0
    assert val(box, "line_voltage_ab") == pytest.approx(230 * math.sqrt(3), rel=0.01)
    assert val(box, "line_voltage_bc") == pytest.approx(230, rel=0.01)
    assert box.alarms == {A.PHASE_LOSS, A.UNBALANCE}  # C carries no current; no undervoltage
    single = SimulatedBox(unit_id=2, serial="b", phases=1)
    with pytest.raises(ValueError, match="single-phase"):
        single.set_scenario("phase_loss")


def test_voltage_alarms_follow_the_settings() -> None:
    box = SimulatedBox(unit_id=1, serial="a", phases=3)
    box.settings["overvoltage_threshold"] = 220.0
    box.tick(1.0)
    assert A.OVERVOLTAGE in box.alarms
    box.settings["overvoltage_threshold"] = None  # no threshold: no check
    box.settings["undervoltage_threshold"] = 240.0
    run(box, 5)
    assert box.alarms == {A.UNDERVOLTAGE}
    threshold = box.profile.settings["overvoltage_threshold"]
    assert threshold.decode(regs_of(box, threshold)) is None  # the "not present" marker


def test_unbalance() -> None:
    box = SimulatedBox(unit_id=1, serial="a", phases=3, load=20.0)
    box._factors = (2.0, 0.5, 0.5)
    box.tick(1.0)
    assert A.UNBALANCE in box.alarms
    light = SimulatedBox(unit_id=2, serial="b", phases=3, load=2.0)  # mean below 5 A
    light._factors = (2.0, 0.5, 0.5)
    light.tick(1.0)
    assert A.UNBALANCE not in light.alarms


def test_contactor_commands() -> None:
    box = SimulatedBox(unit_id=1, serial="a", phases=3)
    box.command(1)  # open
    assert not box.contactor_closed
    assert not contactor_closed(box)
    assert val(box, "current_a") == 0
    assert val(box, "active_power") == 0
    assert val(box, "leakage_current") == 0
    assert val(box, "voltage_a") > 200  # supply side
    box.command(2)  # close
    assert box.contactor_closed
    assert val(box, "current_a") > 10
    with pytest.raises(ValueError, match="unknown command"):
        box.command(99)


def test_trip_on_alarm_latches_until_reset() -> None:
    box = SimulatedBox(unit_id=2, serial="b", phases=3, trip_on_alarm=True)
    box.set_scenario("overload")
    box.tick(1.0)
    assert not box.contactor_closed
    assert val(box, "current_a") == 0
    assert box.alarms == {A.OVERCURRENT, A.CONTACTOR_TRIPPED}
    box.set_scenario("recover")
    run(box, 10)
    assert box.alarms == {A.CONTACTOR_TRIPPED}  # the cause cleared, the trip is latched
    assert alarm_names(box) == {"contactor_tripped"}
    box.command(3)  # alarm reset
    assert box.alarms == frozenset()
    assert not box.contactor_closed  # a reset does not close
    box.command(2)
    assert box.contactor_closed
    # Closing onto a fault trips again at once.
    box.set_scenario("overload")
    box.tick(1.0)
    box.command(3)
    box.command(2)
    assert not box.contactor_closed
    assert A.CONTACTOR_TRIPPED in box.alarms


def test_self_test() -> None:
    box = SimulatedBox(unit_id=1, serial="a", phases=1)
    box.command(4)
    assert val(box, "leakage_current") == pytest.approx(360)
    assert A.LEAKAGE in box.alarms
    box.tick(1.0)
    assert val(box, "leakage_current") < 30
    assert A.LEAKAGE in box.alarms  # held
    run(box, 4)
    assert box.alarms == frozenset()
    tripping = SimulatedBox(unit_id=2, serial="b", phases=3, trip_on_alarm=True)
    tripping.command(4)  # like the test key of a residual-current device
    assert not tripping.contactor_closed
    assert A.CONTACTOR_TRIPPED in tripping.alarms


def test_stuck_contactor() -> None:
    box = SimulatedBox(unit_id=2, serial="b", phases=3, trip_on_alarm=True)
    box.set_fault("stuck_contactor")
    box.command(1)
    assert box.contactor_closed
    box.set_scenario("overload")
    box.tick(1.0)
    assert box.contactor_closed  # welded: not even a trip opens it
    assert A.CONTACTOR_TRIPPED not in box.alarms
    box.set_scenario("recover")
    box.command(1)
    assert not box.contactor_closed


def test_garbage_is_rejected_and_raises_no_alarm() -> None:
    box = SimulatedBox(unit_id=3, serial="c", phases=3)
    box.tick(1.0)
    box.set_fault(Fault.GARBAGE)
    values = decoded(box)
    for key, bad in GARBAGE.items():
        if bad is None:
            assert values[key] is None, key
        else:
            assert values[key] == pytest.approx(bad), key
    accepted, dropped = accept_values(values)
    assert set(dropped) == {k for k, bad in GARBAGE.items() if bad is not None}
    assert "voltage_b" in accepted
    assert box.alarms == frozenset()  # the detector's own readings are fine
    assert alarm_names(box) == frozenset()
    box.set_scenario("recover")
    assert decoded(box)["voltage_a"] == pytest.approx(val(box, "voltage_a"), abs=0.05)


def test_missing_neutral_sensors() -> None:
    box = SimulatedBox(unit_id=1, serial="a", phases=3, has_neutral_sensors=False)
    values = decoded(box)
    assert values["current_n"] is None
    assert values["cable_temperature_n"] is None
    assert values["cable_temperature_a"] is not None


def test_write_holding_settings_and_commands(profile: Profile) -> None:
    box = SimulatedBox(unit_id=1, serial="a", phases=3)
    fld = profile.settings["leakage_threshold"]
    box.write_holding(fld.address, fld.encode(10.0))
    assert box.settings["leakage_threshold"] == 10.0
    assert A.LEAKAGE in box.alarms
    assert profile.commands is not None
    with pytest.raises(ValueError, match="unknown command"):
        box.write_holding(profile.commands.field.address, [77])
    box.write_holding(profile.commands.field.address, [profile.commands.contactor_open])
    assert not box.contactor_closed


def test_scenario_and_fault_names() -> None:
    box = SimulatedBox(unit_id=1, serial="a")
    box.set_scenario("offline")
    assert box.fault is Fault.OFFLINE
    assert not box.responding
    box.set_scenario("overload")
    box.set_scenario("recover")
    assert box.fault is None
    assert box.scenario is Scenario.NORMAL
    box.set_fault("slow", delay=0.25)
    assert box.slow_delay == 0.25
    box.set_fault("exception", code=6)
    assert box.exception_code == 6
    with pytest.raises(ValueError):
        box.set_scenario("meltdown")
    with pytest.raises(ValueError):
        box.set_fault("exception", code=0)
    assert box.status()["scenario"] == "normal"
    assert box.status()["fault"] == "exception"


def test_default_fleet() -> None:
    boxes = load_fleet("default")
    assert len(boxes) >= 6
    assert [b.unit_id for b in boxes] == list(range(1, len(boxes) + 1))
    assert len({b.serial for b in boxes}) == len(boxes)
    assert {b.phases for b in boxes} == {1, 3}
    assert len({b.floor for b in boxes}) == 2
    assert any(b.trip_on_alarm for b in boxes)
    assert all(b.name and b.location and b.x is not None and b.y is not None for b in boxes)
    assert all(len(b.serial) <= 16 for b in boxes)
    # The fleet's building, unless a box names its own.
    assert {b.building for b in boxes} == {"Main building", "Car park"}


def test_bad_fleets(tmp_path: Path) -> None:
    def fleet(doc: object) -> Path:
        path = tmp_path / "fleet.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        return path

    good = {"unit_id": 1, "serial": "a"}
    assert load_fleet(fleet({"schema": 1, "boxes": [good]}))[0].phases == 3
    multi = {**good, "profile": "safe_power_multi_circuit"}
    assert load_fleet(fleet({"schema": 1, "boxes": [multi]}))[0].profile.id == multi["profile"]
    cases = [
        ({"schema": 2, "boxes": [good]}, "schema"),
        ({"schema": 1, "boxes": []}, "non-empty"),
        ({"schema": 1, "boxes": [{"unit_id": 1}]}, "needs unit_id and serial"),
        ({"schema": 1, "boxes": [{**good, "colour": "red"}]}, "unknown keys"),
        ({"schema": 1, "boxes": [{**good, "phases": "3"}]}, "phases"),
        ({"schema": 1, "boxes": [{**good, "phases": 2}]}, "phases"),
        ({"schema": 1, "boxes": [good, good]}, "unique"),
        ({"schema": 1, "boxes": [{**good, "settings": {"x": 1}}]}, "settings.x"),
        ({"schema": 1, "building": 3, "boxes": [good]}, "building must be a string"),
        ({"schema": 1, "boxes": [{**good, "profile": "nope"}]}, "profile: must be one of"),
    ]
    for doc, message in cases:
        with pytest.raises(FleetError, match=message):
            load_fleet(fleet(doc))
    with pytest.raises(FleetError):
        load_fleet(tmp_path / "missing.json")


def test_a_multi_circuit_detector_alarms_per_circuit() -> None:
    """Circuit 1 leaks in leakage_ramp: its bit (0) and only its bit is set, with its value."""
    box = SimulatedBox(
        unit_id=7,
        serial="SM24C0007",
        model="SP-800-8L4T",
        profile=load_profiles()["safe_power_multi_circuit"],
    )
    box.set_scenario("leakage_ramp")
    run(box, 60)
    assert box.channel_alarms == {"leakage_current_1"}
    assert AlarmCause.LEAKAGE in box.alarms
    regs = box.registers()[Table.INPUT]
    assert regs[0] == 0x534D
    assert (regs[100], regs[101]) == (0, 0b1)  # uint32, high word first
    assert regs[111] == round((box.values["leakage_current_1"] or 0) * 10)
    assert all(regs[111 + n] < 200 for n in range(1, 8))  # the other circuits: under 20 mA
    # `ctl 7 status` lists the circuits and probes, the one in alarm marked.
    status = box.status()
    assert status["channel_alarms"] == ["leakage_current_1"]
    lines = format_status(status).splitlines()
    assert lines[2].startswith("    circuits 1:")
    assert "!" in lines[2].split()[1]
    assert lines[3].startswith("    probes   1:")


def test_a_detector_with_an_alarm_delay_waits_for_it() -> None:
    """The condition must hold for the delay (its profile has one): 3 s for the leakage."""
    box = SimulatedBox(
        unit_id=7, serial="SM24C0007", profile=load_profiles()["safe_power_multi_circuit"]
    )
    box.settings["leakage_threshold"] = 1.0  # every circuit (2-15 mA) is above it at once
    box.tick(1.0)
    assert box.channel_alarms == frozenset()  # held 0 s of 3
    run(box, 3)
    assert len(box.channel_alarms) == 8
    assert AlarmCause.LEAKAGE in box.alarms

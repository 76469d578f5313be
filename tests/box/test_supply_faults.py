"""Power faults read from a box's voltages (box/supply_faults.py), against hand-worked cases."""

from __future__ import annotations

import pytest

from custom_components.safe_power.box.model import AlarmCause, AlarmDetail
from custom_components.safe_power.box.supply_faults import (
    derivable,
    lost_phases,
    supply_faults,
)

THREE = ("voltage_a", "voltage_b", "voltage_c")
BOTH = frozenset({AlarmCause.PHASE_LOSS, AlarmCause.SUPPLY_OUTAGE})


def _faults(
    volts: tuple[float, ...],
    *,
    nominal: float = 220.0,
    lost_before: tuple[str, ...] = (),
    causes: frozenset[AlarmCause] = BOTH,
    contactor_closed: bool | None = True,
) -> dict[AlarmCause, AlarmDetail]:
    values = dict(zip(THREE, volts, strict=False))
    phases = 3 if len(volts) == 3 else 1
    lost = lost_phases(values, phases=phases, nominal=nominal, lost_before=lost_before)
    return supply_faults(
        values,
        lost,
        phases=phases,
        nominal=nominal,
        causes=causes,
        contactor_closed=contactor_closed,
    )


def test_what_is_derived_depends_on_the_voltages_and_the_detector() -> None:
    assert derivable(THREE, (), 3) == BOTH
    # the detector flags phase loss itself: only the outage is read from the voltages
    assert derivable(THREE, (AlarmCause.PHASE_LOSS,), 3) == {AlarmCause.SUPPLY_OUTAGE}
    # a single-phase box has no phase to lose, only its supply
    assert derivable(("voltage_a",), (), 1) == {AlarmCause.SUPPLY_OUTAGE}
    # a box that does not measure every phase voltage says nothing about its supply
    assert derivable(("voltage_a", "voltage_b"), (), 3) == frozenset()
    assert derivable(("leakage_current",), (), 1) == frozenset()


def test_one_phase_lost_is_a_phase_loss_with_its_voltage_and_the_limit() -> None:
    assert _faults((229.8, 230.4, 0.0)) == {
        AlarmCause.PHASE_LOSS: AlarmDetail(AlarmCause.PHASE_LOSS, 0.0, 110.0, "voltage_c", "V")
    }
    # back-fed through the loads, a lost phase floats well above 0 V: still lost below 50 %
    detail = _faults((229.8, 230.4, 96.0))[AlarmCause.PHASE_LOSS]
    assert (detail.value, detail.threshold, detail.channel) == (96.0, 110.0, "voltage_c")
    # two lost: the lower one is named
    assert _faults((60.0, 230.0, 40.0))[AlarmCause.PHASE_LOSS].channel == "voltage_c"
    # a deep undervoltage is not a loss
    assert _faults((176.0, 230.0, 230.0)) == {}


def test_every_phase_lost_is_an_outage() -> None:
    assert _faults((0.0, 0.4, 0.0)) == {
        AlarmCause.SUPPLY_OUTAGE: AlarmDetail(
            AlarmCause.SUPPLY_OUTAGE, 0.0, 110.0, "voltage_a", "V"
        )
    }
    assert AlarmCause.SUPPLY_OUTAGE in _faults((3.0,))  # single-phase
    assert _faults((3.0,), causes=frozenset()) == {}
    # 230 V nominal: the limit is 115 V
    assert _faults((100.0, 100.0, 100.0), nominal=230.0)[AlarmCause.SUPPLY_OUTAGE].threshold == (
        115.0
    )


def test_a_cause_the_detector_flags_is_not_derived() -> None:
    only_outage = frozenset({AlarmCause.SUPPLY_OUTAGE})
    assert _faults((230.0, 230.0, 0.0), causes=only_outage) == {}
    assert AlarmCause.SUPPLY_OUTAGE in _faults((0.0, 0.0, 0.0), causes=only_outage)


@pytest.mark.parametrize(
    ("volts", "before", "lost"),
    [
        ((230.0, 230.0, 120.0), (), set()),  # above 50 %: not lost
        ((230.0, 230.0, 120.0), ("voltage_c",), {"voltage_c"}),  # lost until 70 % (154 V)
        ((230.0, 230.0, 154.0), ("voltage_c",), set()),  # back at 70 %
        ((230.0, 230.0, 109.9), (), {"voltage_c"}),
    ],
)
def test_a_lost_phase_is_back_at_seventy_percent(
    volts: tuple[float, float, float], before: tuple[str, ...], lost: set[str]
) -> None:
    values = dict(zip(THREE, volts, strict=True))
    assert lost_phases(values, phases=3, nominal=220.0, lost_before=before) == lost


def test_nothing_while_the_contactor_is_open_or_unknown_phases_are_missing() -> None:
    # the box's own contactor is open: its voltages may be read after it
    assert _faults((0.0, 0.0, 0.0), contactor_closed=False) == {}
    # ... but two live phases show they are read on the supply side
    assert AlarmCause.PHASE_LOSS in _faults((230.0, 230.0, 0.0), contactor_closed=False)
    # a box without a contactor (None) still tells
    assert AlarmCause.SUPPLY_OUTAGE in _faults((0.0, 0.0, 0.0), contactor_closed=None)
    # a phase voltage missing from this reading (dropped as implausible): the others decide
    values = {"voltage_a": 0.0, "voltage_b": 0.0}
    lost = lost_phases(values, phases=3, nominal=220.0)
    assert set(
        supply_faults(values, lost, phases=3, nominal=220.0, causes=BOTH, contactor_closed=True)
    ) == {AlarmCause.SUPPLY_OUTAGE}

"""Power faults worked out from a box's voltages, where its detector does not flag them.

Pure Python: no Home Assistant import.

- **Phase loss** (缺相): a three-phase box with one or two phase voltages below half the
  nominal voltage while another phase is live. A lost phase does not always read 0 V: loads
  between phases back-feed it, and it commonly floats at 20-50 % of nominal.
- **Supply outage** (失压): every phase voltage below half the nominal voltage while the
  detector still answers (it has its own supply, or is fed from before the box's switch).
- A phase counts as back once it reaches 70 % of nominal (the hysteresis of an undervoltage
  relay), so a phase hovering around the limit does not open and close an alarm per reading.
- No outage is derived while the box's own contactor is known to be open: its voltages may be
  measured after the contactor, where 0 V on every phase says nothing about the supply. A phase
  loss still is: the phases still live show the voltages are measured on the supply side.
- **Phase sequence** cannot be derived: the magnitudes of the three phase or line voltages are
  the same for A-B-C and A-C-B rotation; only phase angles (which no supported box reports)
  would tell.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Final

from .model import AlarmCause, AlarmDetail, Unit

LOST_BELOW: Final = 0.5  # × nominal: a phase below this has lost its supply
BACK_AT: Final = 0.7  # × nominal: a lost phase counts as back from this on
PHASE_VOLTAGES: Final = ("voltage_a", "voltage_b", "voltage_c")
DERIVED_CAUSES: Final = frozenset({AlarmCause.PHASE_LOSS, AlarmCause.SUPPLY_OUTAGE})


def phase_voltages(phases: int) -> tuple[str, ...]:
    """Return the phase-voltage keys a box with that many phases has."""
    return PHASE_VOLTAGES if phases == 3 else PHASE_VOLTAGES[:1]


def derivable(
    measurements: Collection[str], flagged: Collection[AlarmCause], phases: int
) -> frozenset[AlarmCause]:
    """Return the faults to derive for a box: those its voltages show and it does not flag.

    Every phase voltage of the box must be among its measurements; a detector that flags a
    cause itself is the authority on it.
    """
    if not all(key in measurements for key in phase_voltages(phases)):
        return frozenset()
    causes = {AlarmCause.SUPPLY_OUTAGE}
    if phases == 3:
        causes.add(AlarmCause.PHASE_LOSS)
    return frozenset(causes - set(flagged))


def lost_phases(
    values: Mapping[str, float],
    *,
    phases: int,
    nominal: float,
    lost_before: Collection[str] = (),
) -> frozenset[str]:
    """Return the phase-voltage keys that have lost their supply (hysteresis: `lost_before`)."""
    lost: set[str] = set()
    for key in phase_voltages(phases):
        if (volts := values.get(key)) is None:
            continue
        ratio = BACK_AT if key in lost_before else LOST_BELOW
        if volts < nominal * ratio:
            lost.add(key)
    return frozenset(lost)


def supply_faults(
    values: Mapping[str, float],
    lost: Collection[str],
    *,
    phases: int,
    nominal: float,
    causes: Collection[AlarmCause],
    contactor_closed: bool | None,
) -> dict[AlarmCause, AlarmDetail]:
    """Return the derived faults of a reading, each with its lowest voltage and the limit.

    `lost` is `lost_phases()` of the same reading. Every phase of the box lost is an outage,
    some of a three-phase box a phase loss; `causes` (see `derivable`) says which to report.
    """
    if not lost:
        return {}
    keys = [key for key in phase_voltages(phases) if key in values]
    cause = AlarmCause.SUPPLY_OUTAGE if len(lost) == len(keys) else AlarmCause.PHASE_LOSS
    if cause not in causes or (cause is AlarmCause.SUPPLY_OUTAGE and contactor_closed is False):
        return {}
    # In phase order, so that a tie names the same phase every time (A before B before C).
    lowest = min((key for key in keys if key in lost), key=lambda key: values[key])
    limit = round(nominal * LOST_BELOW, 1)
    return {cause: AlarmDetail(cause, values[lowest], limit, lowest, Unit.VOLT.value)}

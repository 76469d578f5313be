"""The energy shown never goes backwards; a confirmed replacement takes the lower reading."""

from __future__ import annotations

from custom_components.safe_power.box.energy import EnergyCheck, EnergyGuard


def test_a_lower_reading_is_held_until_the_meter_reads_on() -> None:
    guard = EnergyGuard()
    assert guard.check(1000.0) is EnergyCheck.SHOWN
    assert guard.check(1000.0) is EnergyCheck.SHOWN  # standing still is no step back
    assert guard.check(1000.5) is EnergyCheck.SHOWN
    assert guard.check(12.0) is EnergyCheck.WENT_BACKWARDS  # a bad read
    assert (guard.shown, guard.lower) == (1000.5, 12.0)
    assert guard.check(999.9) is EnergyCheck.STILL_BACKWARDS
    assert guard.shown == 1000.5
    assert guard.check(1000.6) is EnergyCheck.BACK
    assert (guard.shown, guard.lower) == (1000.6, None)


def test_a_replaced_meter_is_taken_once_confirmed() -> None:
    guard = EnergyGuard()
    assert guard.accept() is False  # nothing lower to take
    guard.check(1000.0)
    guard.check(3.0)
    guard.check(3.2)  # the new meter counts on
    assert guard.accept() is True
    assert (guard.shown, guard.lower) == (3.2, None)
    assert guard.check(3.3) is EnergyCheck.SHOWN


def test_a_restart_starts_from_the_reading_shown_before() -> None:
    guard = EnergyGuard()
    guard.restore(1000.0)
    assert guard.check(990.0) is EnergyCheck.WENT_BACKWARDS  # lower than before the restart
    assert guard.shown == 1000.0
    later = EnergyGuard()
    later.check(1005.0)  # read before the restored state came back
    later.restore(1000.0)
    assert later.shown == 1005.0

"""Wire time of Modbus RTU on a serial bus (box/bus.py), against hand-worked figures."""

from __future__ import annotations

import pytest

from custom_components.safe_power.box.bus import (
    EWMA_WEIGHT,
    MAX_ALARM_INTERVAL,
    BusLoad,
    PlannedRead,
    SerialBus,
    bus_share,
    read_response_pdu,
    sustainable_intervals,
    utilisation,
)

BUS_9600 = SerialBus(9600)  # 8N1: 10 bits a character, 1.0417 ms


def test_characters_and_gaps() -> None:
    assert BUS_9600.char_time == pytest.approx(10 / 9600)
    assert BUS_9600.gap == pytest.approx(3.5 * 10 / 9600)
    even = SerialBus(19200, "E", 1)  # 11 bits
    assert even.char_time == pytest.approx(11 / 19200)
    assert even.gap == pytest.approx(3.5 * 11 / 19200)  # 19200 itself: still 3.5 characters
    assert SerialBus(38400).gap == pytest.approx(0.00175)  # above 19200: fixed 1.75 ms
    assert SerialBus(9600, "N", 2).char_time == pytest.approx(11 / 9600)


def test_the_reference_boxs_reads_at_9600_baud() -> None:
    """The alarm lane (2 registers) and a telemetry read (34): 24 and 88 character times."""
    assert read_response_pdu(2) == 6
    # 8-byte request + 9-byte reply + two 3.5-character gaps = 24 characters = 25.0 ms
    assert BUS_9600.read_time(2) == pytest.approx(0.025)
    # 8 + 73 + 7 = 88 characters = 91.67 ms
    assert BUS_9600.read_time(34) == pytest.approx(88 / 960)


def test_a_box_every_15_s_holds_the_bus_254_ms() -> None:
    """6.5 alarm-lane reads and one telemetry read per 15 s: 254 ms, 1.69 % of the bus."""
    plan = [PlannedRead(2, 15 / 6.5), PlannedRead(34, 15.0)]
    assert utilisation(BUS_9600, plan) * 15 == pytest.approx(6.5 * 0.025 + 88 / 960)
    assert utilisation(BUS_9600, plan) == pytest.approx(0.016944, abs=1e-6)
    assert int(1 / utilisation(BUS_9600, plan)) == 59  # boxes before the wire alone is full


def test_measured_load_utilisation_and_estimates() -> None:
    """Busy time over the last window; a plan's estimate follows its successful reads."""
    load = BusLoad(window=10.0)
    assert load.utilisation(0.0) is None
    assert load.estimate("status") is None
    load.transaction("status", end=1.0, seconds=0.5, ok=True)
    assert load.utilisation(2.0) == pytest.approx(0.5 / 1.5)  # since the first transaction
    assert load.estimate("status") == pytest.approx(0.5)
    load.transaction("status", end=2.0, seconds=0.1, ok=True)
    assert load.estimate("status") == pytest.approx(0.5 + EWMA_WEIGHT * (0.1 - 0.5))
    load.transaction("status", end=3.0, seconds=1.0, ok=False)  # a timeout: busy, no estimate
    assert load.estimate("status") == pytest.approx(0.4)
    assert load.utilisation(3.0) == pytest.approx(1.6 / 2.5)
    # Ten seconds after the second, the first two have left the window.
    assert load.utilisation(12.5) == pytest.approx(1.0 / 10.0)
    assert load.utilisation(30.0) == pytest.approx(0.0)


def test_alarm_sweep_period_is_the_longest_in_the_window() -> None:
    load = BusLoad(window=10.0)
    load.sweep(0.0)
    assert load.sweep_period() is None
    for start in (2.0, 4.0, 7.5, 9.5):
        load.sweep(start)
    assert load.sweep_period() == pytest.approx(3.5)
    for start in (11.5, 13.5, 15.5, 17.5, 19.5):
        load.sweep(start)
    # 7.5 s is more than a window back, and so is the 3.5 s gap that ended there.
    assert load.sweep_period() == pytest.approx(2.0)


def test_the_interval_a_bus_keeps() -> None:
    """64 reference boxes at 9600 baud: the sweep and the telemetry of the figures above."""
    sweep, telemetry = 64 * BUS_9600.read_time(2), 64 * BUS_9600.read_time(34)
    assert bus_share(sweep, telemetry, 2, 15) == pytest.approx(1.19, abs=0.01)  # over the top
    # 0.8 - 0.391 leaves 0.409 of the bus for sweeps of 1.6 s: one every 4 s.
    assert sustainable_intervals(sweep, telemetry, 15) == (4, 15)
    # 32 boxes keep 2 s: 0.8 / 2 + 2.93 / 15 = 0.6.
    assert sustainable_intervals(sweep / 2, telemetry / 2, 15) == (2, 15)
    # Telemetry every 5 s would take the whole bus: it goes to 15 s (40 % of the bus).
    assert sustainable_intervals(sweep, telemetry, 5) == (4, 15)
    # A bus that cannot keep even a minute: the longest the options offer.
    assert sustainable_intervals(100.0, 0.0, 15) == (MAX_ALARM_INTERVAL, 15)
    assert sustainable_intervals(0.01, 0.0, 15) == (1, 15)

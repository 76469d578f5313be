"""Wire time of Modbus RTU on a serial bus (box/bus.py), against hand-worked figures."""

from __future__ import annotations

import pytest

from custom_components.safe_power.box.bus import (
    PlannedRead,
    SerialBus,
    read_response_pdu,
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

"""How long Modbus RTU transactions hold a serial bus (RS-485), and what a poll plan costs it.

Pure Python: no Home Assistant import. Figures follow "MODBUS over serial line specification and
implementation guide V1.02" (modbus.org), section 2.5: a character is 1 start bit, 8 data bits,
a parity bit (or none) and 1 or 2 stop bits; frames are separated by at least 3.5 character
times, fixed at 1.75 ms above 19200 baud. An RTU frame (ADU) is the PDU with the unit address
before it and a 2-byte CRC after it. The device's own reply delay is not on the wire and is not
counted here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

FAST_BAUD: Final = 19200  # above it, the inter-frame gap is a fixed 1.75 ms
FAST_GAP: Final = 0.00175  # s
ADDRESS_AND_CRC: Final = 3  # bytes an RTU frame adds to the PDU
READ_REQUEST_PDU: Final = 5  # function code, start address (2), count (2)


def read_response_pdu(registers: int) -> int:
    """Return the PDU bytes of a read reply (function code 03/04): code, byte count, data."""
    return 2 + 2 * registers


@dataclass(frozen=True, slots=True)
class SerialBus:
    """A serial line's framing: baud rate, parity ("N", "E", "O") and stop bits."""

    baud: int
    parity: str = "N"
    stopbits: int = 1

    @property
    def char_time(self) -> float:
        """Return the seconds one character takes on the wire."""
        bits = 1 + 8 + (0 if self.parity == "N" else 1) + self.stopbits
        return bits / self.baud

    @property
    def gap(self) -> float:
        """Return the silent interval (t3.5) before each frame, in seconds."""
        return FAST_GAP if self.baud > FAST_BAUD else 3.5 * self.char_time

    def frame_time(self, pdu_bytes: int) -> float:
        """Return the seconds one RTU frame holds the bus, its leading gap included."""
        return self.gap + (pdu_bytes + ADDRESS_AND_CRC) * self.char_time

    def transaction_time(self, request_pdu: int, response_pdu: int) -> float:
        """Return the seconds a request and its reply hold the bus."""
        return self.frame_time(request_pdu) + self.frame_time(response_pdu)

    def read_time(self, registers: int) -> float:
        """Return the seconds one read of `registers` registers holds the bus."""
        return self.transaction_time(READ_REQUEST_PDU, read_response_pdu(registers))


@dataclass(frozen=True, slots=True)
class PlannedRead:
    """A read a poll plan repeats: how many registers, how often (seconds between them)."""

    registers: int
    every: float


def utilisation(bus: SerialBus, reads: Iterable[PlannedRead]) -> float:
    """Return the share of the bus's time a poll plan holds it (1.0: the bus is full)."""
    return sum(bus.read_time(read.registers) / read.every for read in reads)

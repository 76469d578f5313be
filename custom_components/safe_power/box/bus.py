"""How long Modbus transactions hold a bus: on paper for RS-485, and as measured on any bus.

`SerialBus` works a serial line's wire time out on paper; `BusLoad` measures what any bus (serial
or a TCP gateway's) carried; `sustainable_alarm_interval` says what alarm interval a bus keeps.
Pure Python: no Home Assistant import. Figures follow "MODBUS over serial line specification and
implementation guide V1.02" (modbus.org), section 2.5: a character is 1 start bit, 8 data bits,
a parity bit (or none) and 1 or 2 stop bits; frames are separated by at least 3.5 character
times, fixed at 1.75 ms above 19200 baud. An RTU frame (ADU) is the PDU with the unit address
before it and a 2-byte CRC after it. The device's own reply delay is not on the wire and is not
counted here.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
import math
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


EWMA_WEIGHT: Final = 0.25  # of the newest transaction in a plan's running estimate
LOAD_WINDOW: Final = 60.0  # s of history behind the utilisation and the alarm-lane period


class BusLoad:
    """What one gateway's bus has carried lately, as the poller measured it.

    Each transaction is timed on the poller's clock (`transaction`): its time counts towards
    the utilisation whatever the outcome (a timeout holds the bus as long as a reply would), and
    a successful one refines the running estimate of its plan (`estimate`), which is how the
    poller knows, before asking, whether a read still fits before the next alarm sweep. That
    holds for any transport: on a serial line it is the wire time with the boxes' reply delays,
    behind a TCP gateway the round trip. Each alarm sweep's start is noted (`sweep`): the time
    from one to the next is how often every box's alarm bits are read.
    """

    def __init__(self, window: float = LOAD_WINDOW) -> None:
        """Start with nothing measured."""
        self.window = window
        self._estimates: dict[object, float] = {}
        self._busy: deque[tuple[float, float]] = deque()  # (end, seconds) of each transaction
        self._busy_total = 0.0
        self._sweeps: deque[float] = deque()  # start of each alarm sweep
        self._since: float | None = None  # the first transaction

    def transaction(self, key: object, end: float, seconds: float, *, ok: bool) -> None:
        """Account a transaction of plan `key` that ended at `end` and held the bus `seconds`."""
        if self._since is None:
            self._since = end - seconds
        self._busy.append((end, seconds))
        self._busy_total += seconds
        self._forget(end)
        if ok:
            estimates = self._estimates
            old = estimates.get(key)
            estimates[key] = seconds if old is None else old + EWMA_WEIGHT * (seconds - old)

    def estimate(self, key: object) -> float | None:
        """Return how long a transaction of this plan is expected to take (None: never timed)."""
        return self._estimates.get(key)

    def sweep(self, start: float) -> None:
        """Note that an alarm sweep started at `start`."""
        self._sweeps.append(start)
        self._forget(start)

    def _forget(self, now: float) -> None:
        horizon = now - self.window
        busy, sweeps = self._busy, self._sweeps
        while busy and busy[0][0] < horizon:
            self._busy_total -= busy.popleft()[1]
        # Keep one sweep before the window: the period running into it.
        while len(sweeps) > 2 and sweeps[1] < horizon:
            sweeps.popleft()

    def utilisation(self, now: float) -> float | None:
        """Return the share of the last window the bus was held (None: nothing sent yet).

        Before a whole window has passed, the share of the time since the first transaction.
        """
        if self._since is None:
            return None
        self._forget(now)
        span = min(self.window, now - self._since)
        if span <= 0:
            return None
        return min(max(self._busy_total, 0.0) / span, 1.0)

    def sweep_period(self) -> float | None:
        """Return the longest time between two alarm sweeps in the window (None: not two yet)."""
        sweeps = self._sweeps
        if len(sweeps) < 2:
            return None
        return max(b - a for a, b in pairwise(sweeps))


TELEMETRY_SHARE: Final = 0.4  # of the bus telemetry may take when its interval must grow
MAX_ALARM_INTERVAL: Final = 60  # s: the longest alarm interval the options offer


def bus_share(
    sweep: float, telemetry: float, alarm_interval: float, telemetry_interval: float
) -> float:
    """Return the share of a bus's time the two lanes need: 1.0 fills it.

    `sweep`: seconds one alarm sweep over every box holds the bus, every `alarm_interval`;
    `telemetry`: seconds one telemetry read of every box holds it, every `telemetry_interval`.
    """
    return sweep / alarm_interval + telemetry / telemetry_interval


def sustainable_intervals(
    sweep: float, telemetry: float, telemetry_interval: float, headroom: float = 0.8
) -> tuple[int, int]:
    """Return the shortest whole-second alarm interval a bus keeps, and the telemetry interval.

    The bus keeps the intervals when `bus_share` stays within `headroom` (the rest is for
    commands, settings, retries and the unexpected). The telemetry interval stays as it is
    unless telemetry alone leaves the alarm lane no room; it then grows until telemetry takes
    `TELEMETRY_SHARE` of the bus. The alarm interval is capped at `MAX_ALARM_INTERVAL`: a bus
    that needs more carries too many boxes.
    """
    room = headroom - telemetry / telemetry_interval
    if room <= 0:
        telemetry_interval = math.ceil(telemetry / TELEMETRY_SHARE)
        room = headroom - telemetry / telemetry_interval
    alarm = max(1, math.ceil(sweep / room - 1e-9))
    return min(alarm, MAX_ALARM_INTERVAL), math.ceil(telemetry_interval)

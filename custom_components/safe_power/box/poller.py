"""Who on a gateway is asked what, and when: the alarm lane first, telemetry in what is left.

`BoxPoller` reads the boxes behind one gateway with the fewest requests their profiles allow.
Every alarm tick reads each box's status (the alarm bits and the contactor: the smallest read
that carries them) one after the other: the alarm sweep. Telemetry (every measurement, the
status again) is due per box every telemetry interval and is read in the time left before the
next sweep, one box at a time, each read only if its measured duration still fits: a telemetry
read never holds up a sweep by more than the one transaction in flight, and a bus too slow for
all of it reads telemetry late, not alarms. A dead or slow box does not stall the others: a lost
reply is asked again at the next tick, and only a box that failed several ticks in a row counts
as offline and is backed off. Pure Python: no Home Assistant import.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
import time
from typing import Final

from .bus import BusLoad
from .modbus import (
    BoxExceptionError,
    BoxTimeoutError,
    GatewayError,
    ModbusGateway,
    ReadbackError,
    decode_reading,
)
from .model import BoxReading
from .mqtt import Command
from .profile import Block, Profile, RegisterImage, Table

BACKOFF_FIRST: Final = 10.0  # s before a box declared offline is asked again
BACKOFF_MAX: Final = 300.0
# Consecutive failed polls before a box counts as offline: one lost reply on a busy RS-485
# bus must not make a box unavailable (nor raise an offline alarm).
OFFLINE_AFTER_FAILURES: Final = 3
READBACK_ATTEMPTS: Final = 5
READBACK_DELAY: Final = 0.2  # s between read-backs after a contactor command
_MAX_DOUBLINGS: Final = 32  # far beyond BACKOFF_MAX / BACKOFF_FIRST
# The kinds of read, timed apart per profile (`BusLoad` keys: (profile id, kind)).
STATUS: Final = "status"
TELEMETRY: Final = "telemetry"
TELEMETRY_SETTINGS: Final = "telemetry+settings"


@dataclass(slots=True)
class BoxLink:
    """What the poller knows about one box: its address, profile, reading and health.

    A box is in one of three states:
    - online (`online`): it answered, and has failed fewer polls in a row than the poller's
      `offline_after_failures` since. While it fails it keeps its last reading (its entities
      stay available) and `last_error` says why the last poll failed.
    - not answered yet (neither `online` nor `offline`): a box that has not answered since
      start-up and has not failed enough polls to count as offline. It has nothing to show.
    - offline (`offline`): it failed `offline_after_failures` polls in a row; it is asked again
      only when its back-off (`retry_at`) has run out.
    """

    unit: int
    profile: Profile
    phases: int
    reading: BoxReading | None = None
    online: bool = False
    failures: int = 0  # consecutive failed polls
    retry_at: float = 0.0  # while offline: when the box is asked again (the poller's clock)
    last_error: str | None = None
    settings_read_at: float | None = None
    dropped: list[str] = field(default_factory=list)
    offline_since: float | None = None  # when the poller declared the box offline
    silent_since: float | None = None  # the first failed poll of the failures in a row
    telemetry_due: float = 0.0  # when its next telemetry read is due (the poller's clock)
    fresh: bool = False  # its telemetry was read at the latest tick or poll

    @property
    def offline(self) -> bool:
        """Return True once the box has failed enough polls in a row to count as offline."""
        return self.offline_since is not None

    def backing_off(self, now: float) -> bool:
        """Return True while an offline box is being left alone."""
        return self.offline_since is not None and now < self.retry_at


class BoxPoller:
    """Polls every box of one gateway; a dead or slow box is backed off, not retried.

    A failed poll (timeout, exception reply, short answer) is not retried at once: the box is
    asked again at the next poll. After `offline_after_failures` failed polls in a row the box
    counts as offline and is backed off (BACKOFF_FIRST, doubling up to BACKOFF_MAX). A dead box
    therefore costs the others `offline_after_failures` timeouts once, then one timeout per
    back-off period.

    Two clocks: `now`, passed to each call, is the caller's (wall time in Home Assistant, a
    frozen one in tests) and decides what is due and when a box is asked again; `clock` times
    the bus (`load`): how long each transaction took and whether the next one still fits
    before a deadline.
    """

    def __init__(
        self,
        gateway: ModbusGateway,
        boxes: Iterable[BoxLink],
        *,
        settings_interval: float = 3600.0,
        offline_after_failures: int = OFFLINE_AFTER_FAILURES,
        telemetry_interval: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Keep the boxes by unit id."""
        if offline_after_failures < 1:
            raise ValueError("offline_after_failures must be at least 1")
        self.gateway = gateway
        self.boxes = {box.unit: box for box in boxes}
        self.settings_interval = settings_interval
        self.offline_after_failures = offline_after_failures
        self.telemetry_interval = telemetry_interval
        self.clock = clock
        self.load = BusLoad()
        # Told at once when a box's alarms moved, before the sweep goes on to the next box.
        self.on_alarm: Callable[[BoxLink], None] | None = None

    async def poll(self, now: float, *, telemetry: bool) -> tuple[int, int]:
        """Read every box that is not backing off: the status lane, or everything.

        `now` is a monotonic-like clock in seconds (the caller's, so tests can freeze it).
        A GatewayConnectionError (the gateway itself is gone) propagates to the caller.
        Return how many boxes were asked and how many answered.
        """
        asked = answered = 0
        for box in self.boxes.values():
            box.fresh = False
            if box.offline_since is not None and now < box.retry_at:  # box.backing_off(now)
                continue
            asked += 1
            await self.poll_box(box, now, telemetry=telemetry)
            answered += box.failures == 0
        return asked, answered

    async def tick(self, now: float, *, deadline: float) -> tuple[int, int]:
        """One alarm tick: the alarm sweep, then the telemetry that fits before `deadline`.

        `deadline` is on the poller's `clock`: when the next sweep is due. Return how many
        boxes the sweep asked and how many answered; `fresh` marks the boxes whose telemetry
        was read.
        """
        self.load.sweep(self.clock())
        asked, answered = await self.poll(now, telemetry=False)
        await self.fill(now, deadline=deadline)
        return asked, answered

    async def fill(self, now: float, *, deadline: float) -> int:
        """Read the telemetry that is due, earliest first, while each read fits before `deadline`.

        A read fits when its plan's measured duration (`load`) ends by the deadline; a plan never
        timed yet fits when nothing else was read in this fill. At least one read is made when
        any is due, so that a bus too slow for the configured intervals still moves its
        telemetry on, at one transaction's cost to the next sweep. Only boxes that answered
        their status are asked. Return how many were read.
        """
        due = sorted(
            (
                box
                for box in self.boxes.values()
                if box.telemetry_due <= now and box.failures == 0 and box.online
            ),
            key=lambda box: box.telemetry_due,
        )
        read = 0
        for box in due:
            kind, _ = self._telemetry_plan(box, now)
            expected = self.load.estimate((box.profile.id, kind))
            start = self.clock()
            if read and (expected is None or start + expected > deadline):
                break
            await self.poll_box(box, now, telemetry=True)
            read += 1
        return read

    def demand(self) -> tuple[float, float] | None:
        """Return the bus time of one alarm sweep and of one telemetry read of every box.

        As measured (`load`); boxes declared offline are left out (they cost one timeout per
        back-off period). None while a plan in use has not been timed yet.
        """
        sweep = telemetry = 0.0
        for box in self.boxes.values():
            if box.offline:
                continue
            status = self.load.estimate((box.profile.id, STATUS))
            full = self.load.estimate((box.profile.id, TELEMETRY))
            if full is None:  # only read with its settings so far: a little more than it
                full = self.load.estimate((box.profile.id, TELEMETRY_SETTINGS))
            if status is None or full is None:
                return None
            sweep += status
            telemetry += full
        return sweep, telemetry

    def _telemetry_plan(self, box: BoxLink, now: float) -> tuple[str, tuple[Block, ...]]:
        """Return a box's telemetry read, with its settings when they are due (hourly)."""
        profile = box.profile
        read_at = box.settings_read_at
        if (read_at is None or now - read_at >= self.settings_interval) and profile.settings:
            return TELEMETRY_SETTINGS, profile.telemetry_settings_plan()
        return TELEMETRY, profile.telemetry_plan()

    async def _read(self, box: BoxLink, kind: str, plan: tuple[Block, ...]) -> RegisterImage:
        """Read a plan, timed on the bus's load whatever the outcome."""
        read, unit, clock = self.gateway.read, box.unit, self.clock
        start = clock()
        ok = False
        try:
            # What `gateway.read_image` does, without its coroutine in every request's chain.
            image = RegisterImage(plan, [await read(unit, block) for block in plan])
            ok = True
        finally:
            end = clock()
            self.load.transaction((box.profile.id, kind), end, end - start, ok=ok)
        return image

    async def poll_box(self, box: BoxLink, now: float, *, telemetry: bool) -> None:
        """Read one box and update its link (a box-level error: see `record_failure`).

        A status read carries the alarm bits and the contactor only; a telemetry read every
        measurement as well, and the settings when they are due.
        """
        profile = box.profile
        kind, plan = (
            self._telemetry_plan(box, now) if telemetry else (STATUS, profile.status_plan())
        )
        try:
            image = await self._read(box, kind, plan)
        except (BoxTimeoutError, BoxExceptionError) as err:
            self.record_failure(box, now, str(err) or type(err).__name__)
            if telemetry and box.online:
                box.telemetry_due = now + self.telemetry_interval  # not again at every tick
            return
        previous = box.reading
        decoder = profile.decoder(plan, box.phases)  # what decode_reading does
        box.reading, box.dropped = decoder.reading(image, previous)
        moved = (
            not telemetry
            and previous is not None
            and (
                box.reading.alarms != previous.alarms
                or box.reading.channel_alarms != previous.channel_alarms
            )
        )
        if telemetry:
            box.fresh = True
            box.telemetry_due = now + self.telemetry_interval
            if kind == TELEMETRY_SETTINGS:
                box.settings_read_at = now
        elif moved and profile.measurements:
            # An alarm raised or cleared on the fast lane: read the values now, so the alarm
            # log reports the reading of that moment, not the one of the last telemetry poll.
            try:
                image = await self._read(box, TELEMETRY, profile.telemetry_plan())
            except BoxTimeoutError, BoxExceptionError:
                pass
            else:
                box.reading, box.dropped = decode_reading(profile, image, previous, box.phases)
                box.fresh = True
        box.online, box.failures, box.last_error = True, 0, None
        box.offline_since, box.silent_since, box.retry_at = None, None, 0.0
        if moved and self.on_alarm is not None:
            self.on_alarm(box)

    def record_failure(self, box: BoxLink, now: float, error: str) -> None:
        """Account one failed poll of a box.

        Below `offline_after_failures` failures in a row the box keeps its state and its last
        reading and is asked again at the next poll. The failure that reaches it declares the
        box offline and starts a back-off of BACKOFF_FIRST; every further failure doubles it,
        up to BACKOFF_MAX.
        """
        box.failures += 1
        box.last_error = error
        if box.silent_since is None:
            box.silent_since = now
        if box.offline_since is None:
            if box.failures < self.offline_after_failures:
                return
            box.offline_since = now
            box.online = False
        # The exponent is capped: a box dead for days must not overflow the float.
        doublings = min(max(box.failures - self.offline_after_failures, 0), _MAX_DOUBLINGS)
        box.retry_at = now + min(BACKOFF_FIRST * 2**doublings, BACKOFF_MAX)

    async def command(self, unit: int, command: Command) -> None:
        """Write a command that needs no read-back (alarm reset, self-test)."""
        commands = self.boxes[unit].profile.commands
        value = {
            Command.ALARM_RESET: commands.alarm_reset if commands else None,
            Command.SELF_TEST: commands.self_test if commands else None,
        }.get(command)
        if commands is None or value is None:
            raise GatewayError(f"this box does not take the command {command}")
        await self.gateway.write(unit, commands.field.address, value)

    async def write_setting(self, unit: int, key: str, value: float) -> BoxReading:
        """Write one of a box's alarm settings and confirm it by reading the settings back.

        One register with function code 06, two with 16. The value is written as the register
        holds it (rounded to its scale); the read-back must show exactly that.
        """
        box = self.boxes[unit]
        fld = box.profile.settings.get(key)
        if fld is None or fld.table is not Table.HOLDING:
            raise GatewayError(f"this box has no writable setting {key}")
        low, high = box.profile.setting_range(key)
        if not low <= value <= high:
            raise GatewayError(f"{key} must be from {low:g} to {high:g}")
        registers = fld.encode(value)
        expected = fld.decode(registers)
        one = registers[0] if len(registers) == 1 else registers  # 06 for one, 16 for more
        await self.gateway.write(unit, fld.address, one)
        image = await self.gateway.read_image(unit, box.profile.settings_plan())
        box.reading, _ = decode_reading(box.profile, image, box.reading, box.phases)
        if box.reading.settings.get(key) != expected:
            raise ReadbackError(f"{key} read back as {box.reading.settings.get(key)}")
        return box.reading

    async def set_contactor(self, unit: int, *, closed: bool) -> BoxReading:
        """Open or close a box's contactor and confirm it by reading the status back."""
        box = self.boxes[unit]
        commands = box.profile.commands
        if commands is None:
            raise GatewayError("this box has no contactor control")
        value = commands.contactor_close if closed else commands.contactor_open
        await self.gateway.write(unit, commands.field.address, value)
        for attempt in range(READBACK_ATTEMPTS):
            image = await self.gateway.read_image(unit, box.profile.status_plan())
            box.reading, _ = decode_reading(box.profile, image, box.reading, box.phases)
            if box.reading.contactor_closed is closed:
                return box.reading
            if attempt < READBACK_ATTEMPTS - 1:
                await asyncio.sleep(READBACK_DELAY)
        raise ReadbackError("contactor read-back does not match the command")

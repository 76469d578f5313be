"""The Modbus side of a gateway: one bus, one request at a time, per-box back-off.

`ModbusGateway` wraps a pymodbus client (TCP, RTU over TCP, or serial RTU). `BoxPoller` reads
the boxes behind it with the fewest requests their profiles allow and keeps a dead or slow box
from stalling the others: a lost reply is asked again at the next poll, and only a box that
failed several polls in a row counts as offline and is backed off. Pure Python: no Home
Assistant import.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
import logging
from types import MappingProxyType
from typing import Final

from pymodbus import FramerType, ModbusException
from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient
from pymodbus.exceptions import ConnectionException

from .model import QUANTITIES, AlarmCause, BoxIdentity, BoxReading
from .mqtt import Capabilities, Command
from .profile import Block, DataType, Profile, RegisterImage, Table, alarm_names

_LOGGER = logging.getLogger(__name__)

DEFAULT_TIMEOUT: Final = 1.0  # s per request; one dead box costs this much per back-off period
BACKOFF_FIRST: Final = 10.0  # s before a box declared offline is asked again
BACKOFF_MAX: Final = 300.0
# Consecutive failed polls before a box counts as offline: one lost reply on a busy RS-485
# bus must not make a box unavailable (nor raise an offline alarm).
OFFLINE_AFTER_FAILURES: Final = 3
READBACK_ATTEMPTS: Final = 5
READBACK_DELAY: Final = 0.2  # s between read-backs after a contactor command


PYMODBUS_LOGGER: Final = "pymodbus.logging"
# What pymodbus logs per request it retries or gives up on and per reconnection attempt. The
# poller logs a box going away and coming back once each (and a gateway likewise), so these
# lines only repeat that, every few seconds while a box is away.
_RETRY_CHATTER: Final = (
    "No response received",
    "ERROR: No response received",
    "Not connected, trying to connect",
    "Failed to connect",
    "Cancel send, because not connected",
    "ERROR: request ask for ",  # a slow box's answer, after its request timed out
)


class _QuietRetries(logging.Filter):
    """Drop pymodbus's retry and reconnection lines, unless its debug log is on."""

    def filter(self, record: logging.LogRecord) -> bool:
        if logging.getLogger(PYMODBUS_LOGGER).isEnabledFor(logging.DEBUG):
            return True
        return not record.getMessage().startswith(_RETRY_CHATTER)


def quiet_pymodbus() -> None:
    """Filter pymodbus's per-retry log lines (once per process)."""
    logger = logging.getLogger(PYMODBUS_LOGGER)
    if not any(isinstance(f, _QuietRetries) for f in logger.filters):
        logger.addFilter(_QuietRetries())


class Transport(StrEnum):
    """How Home Assistant reaches the gateway."""

    TCP = "tcp"
    RTU_OVER_TCP = "rtu_over_tcp"
    SERIAL = "serial"


class GatewayError(Exception):
    """Base of every error this module raises."""


class GatewayConnectionError(GatewayError):
    """The gateway (TCP endpoint or serial port) cannot be reached."""


class BoxTimeoutError(GatewayError):
    """The box did not answer in time."""


class BoxExceptionError(GatewayError):
    """The box answered with a Modbus exception code."""

    def __init__(self, code: int) -> None:
        """Keep the exception code."""
        super().__init__(f"Modbus exception code {code}")
        self.code = code


class ReadbackError(GatewayError):
    """A command was accepted but the read-back shows another state (or setting)."""


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    """Where the gateway is and how to speak to it."""

    transport: Transport
    host: str | None = None
    port: int = 502
    serial_port: str | None = None
    baudrate: int = 9600
    parity: str = "N"
    stopbits: int = 1
    bytesize: int = 8
    timeout: float = DEFAULT_TIMEOUT

    @property
    def label(self) -> str:
        """Return a human-readable address of the gateway."""
        if self.transport is Transport.SERIAL:
            return f"{self.serial_port}"
        return f"{self.host}:{self.port}"


_MAX_DOUBLINGS: Final = 32  # far beyond BACKOFF_MAX / BACKOFF_FIRST


def _raise_if_cancelled() -> None:
    """Re-raise a cancellation pymodbus turned into an I/O error (Home Assistant stopping)."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


class ModbusGateway:
    """One pymodbus client; every request holds the bus lock, so requests never overlap."""

    def __init__(self, config: GatewayConfig) -> None:
        """Create the client; nothing is opened before `connect`."""
        quiet_pymodbus()
        self.config = config
        self._lock = asyncio.Lock()
        self.requests = 0  # requests sent, for diagnostics and benchmarks
        self._client: AsyncModbusTcpClient | AsyncModbusSerialClient
        if config.transport is Transport.SERIAL:
            self._client = AsyncModbusSerialClient(
                str(config.serial_port),
                framer=FramerType.RTU,
                baudrate=config.baudrate,
                parity=config.parity,
                stopbits=config.stopbits,
                bytesize=config.bytesize,
                timeout=config.timeout,
                retries=0,
                reconnect_delay=0,
            )
        else:
            framer = FramerType.RTU if config.transport is Transport.RTU_OVER_TCP else None
            self._client = AsyncModbusTcpClient(
                str(config.host),
                port=config.port,
                framer=framer or FramerType.SOCKET,
                timeout=config.timeout,
                retries=0,
                reconnect_delay=0,
            )

    @property
    def connected(self) -> bool:
        """Return True while the transport is open."""
        return bool(self._client.connected)

    async def connect(self) -> None:
        """Open the transport, or raise GatewayConnectionError."""
        if self._client.connected:
            return
        try:
            ok = await self._client.connect()
        except (OSError, ModbusException) as err:  # serial port missing, permission...
            raise GatewayConnectionError(str(err)) from err
        if not ok:
            raise GatewayConnectionError(f"cannot connect to {self.config.label}")

    def close(self) -> None:
        """Close the transport."""
        self._client.close()

    async def read(self, unit: int, block: Block) -> list[int]:
        """Read one block of registers from one box."""
        async with self._lock:
            await self.connect()
            self.requests += 1
            try:
                if block.table is Table.INPUT:
                    rr = await self._client.read_input_registers(
                        block.address, count=block.count, device_id=unit
                    )
                else:
                    rr = await self._client.read_holding_registers(
                        block.address, count=block.count, device_id=unit
                    )
            except ConnectionException as err:
                self._client.close()
                raise GatewayConnectionError(str(err)) from err
            except ModbusException as err:  # no answer in time (ModbusIOException)
                _raise_if_cancelled()
                raise BoxTimeoutError(str(err)) from err
            if rr.isError():
                raise BoxExceptionError(int(getattr(rr, "exception_code", 0)))
            registers = list(rr.registers)
            if len(registers) != block.count:  # a short or garbled answer
                raise BoxExceptionError(0)
            return registers

    async def write(self, unit: int, address: int, value: int | list[int]) -> None:
        """Write holding registers: one value with function code 06, several with 16."""
        async with self._lock:
            await self.connect()
            self.requests += 1
            try:
                if isinstance(value, int):
                    rr = await self._client.write_register(address, value, device_id=unit)
                else:
                    rr = await self._client.write_registers(address, value, device_id=unit)
            except ConnectionException as err:
                self._client.close()
                raise GatewayConnectionError(str(err)) from err
            except ModbusException as err:
                _raise_if_cancelled()
                raise BoxTimeoutError(str(err)) from err
            if rr.isError():
                raise BoxExceptionError(int(getattr(rr, "exception_code", 0)))

    async def read_image(self, unit: int, blocks: Iterable[Block]) -> RegisterImage:
        """Read several blocks of one box into a register image."""
        plan = tuple(blocks)
        image = RegisterImage(plan)
        for block in plan:
            image.add(block, await self.read(unit, block))
        return image

    async def identify(
        self, unit: int, profiles: Mapping[str, Profile]
    ) -> tuple[Profile, BoxIdentity] | None:
        """Return the profile and identity of the box at a unit id, or None if none fits.

        Profiles with a signature register are tried first; a box that answers none of them
        is not a box this integration knows. A timeout ends the search at this unit id (one
        timeout per empty address); an exception reply moves on to the next profile.
        """
        for profile in sorted(profiles.values(), key=lambda p: p.signature is None):
            # Without a signature, only a box that answers the profile's whole telemetry
            # plan fits: something must have been read from the wire.
            plan = profile.identity_plan() if profile.signature else profile.telemetry_plan()
            try:
                image = await self.read_image(unit, plan)
            except BoxTimeoutError:
                return None  # nothing answers at this unit id: no other profile will fare better
            except BoxExceptionError:
                continue  # something answers, but not with these registers
            if profile.signature is not None:
                fld, expected = profile.signature
                regs = image.get(fld)
                if regs is None or fld.raw(regs) != expected:
                    continue
            fallback = f"{profile.id}-{self.config.label}-{unit}"
            return profile, decode_identity(profile, image, fallback)
        return None

    async def scan(
        self, units: Iterable[int], profiles: Mapping[str, Profile]
    ) -> dict[int, tuple[Profile, BoxIdentity]]:
        """Identify every box in a range of unit ids."""
        found: dict[int, tuple[Profile, BoxIdentity]] = {}
        for unit in units:
            if (result := await self.identify(unit, profiles)) is not None:
                found[unit] = result
        return found


def profile_capabilities(
    profile: Profile, phases: int, present: Iterable[str] | None = None
) -> Capabilities:
    """Describe what a box on this profile has, in the transport-neutral terms of the contract.

    `present` (the measurements the box reported, not-present markers excluded) narrows the
    profile's measurements once the box has answered.
    """
    measurements = {k for k in profile.measurements if QUANTITIES[k].applies(phases)}
    if present is not None:
        measurements &= set(present)
    commands: set[Command] = set()
    if profile.commands is not None:
        commands = {Command.CONTACTOR_OPEN, Command.CONTACTOR_CLOSE}
        if profile.commands.alarm_reset is not None:
            commands.add(Command.ALARM_RESET)
        if profile.commands.self_test is not None:
            commands.add(Command.SELF_TEST)
    if any(fld.table is Table.HOLDING for fld in profile.settings.values()):
        commands.add(Command.SETTINGS)  # its settings are holding registers: writable
    names = frozenset(profile.alarms.bits) if profile.alarms else frozenset()
    causes, channels = alarm_names(names)
    alarms = set(causes)
    if phases == 1:
        alarms -= {AlarmCause.PHASE_LOSS, AlarmCause.UNBALANCE}
    return Capabilities(
        measurements=frozenset(measurements),
        alarms=frozenset(alarms),
        contactor=profile.commands is not None and profile.contactor is not None,
        commands=frozenset(commands),
        settings=frozenset(profile.settings),
        channel_alarms=channels & measurements,
    )


def decode_identity(profile: Profile, image: RegisterImage, fallback_serial: str) -> BoxIdentity:
    """Decode the identity block; missing parts fall back to the profile's data."""

    def text(key: str) -> str | None:
        fld = profile.identity.get(key)
        if fld is None or (regs := image.get(fld)) is None:
            return None
        if fld.type is DataType.STRING:
            return fld.decode_string(regs) or None
        value = fld.decode(regs)
        return None if value is None else f"{value:g}"

    phases = profile.phases
    if (raw_phases := text("phases")) in ("1", "3"):
        phases = int(str(raw_phases))
    return BoxIdentity(
        manufacturer=profile.manufacturer,
        model=text("model") or profile.model,
        serial=text("serial") or fallback_serial,
        firmware=text("firmware") or "",
        phases=phases,
    )


def decode_reading(
    profile: Profile, image: RegisterImage, previous: BoxReading | None, phases: int
) -> tuple[BoxReading, list[str]]:
    """Turn a register image into a reading; parts not read this time come from `previous`.

    Returns the reading and the measurement keys whose values were dropped as implausible.
    """
    decoded = profile.decoder(image.blocks, phases).decode(image)
    values, dropped = decoded.values, decoded.dropped
    prev = previous or BoxReading()
    if not decoded.values:  # a status-only read: keep the last telemetry
        values = dict(prev.values)

    alarms, channel_alarms = prev.alarms, prev.channel_alarms
    if decoded.alarms is not None:
        alarms = decoded.alarms
        channel_alarms = decoded.channel_alarms or frozenset()
    contactor = prev.contactor_closed
    if decoded.contactor_word is not None and profile.contactor:
        contactor = bool(decoded.contactor_word >> profile.contactor[1] & 1)

    settings = dict(prev.settings)
    for key, value in decoded.settings.items():
        if value is None:
            settings.pop(key, None)
        else:
            settings[key] = value
    reading = BoxReading(
        values=MappingProxyType(values),
        alarms=alarms,
        contactor_closed=contactor,
        settings=MappingProxyType(settings),
        channel_alarms=channel_alarms,
    )
    return reading, dropped


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
    """

    def __init__(
        self,
        gateway: ModbusGateway,
        boxes: Iterable[BoxLink],
        *,
        settings_interval: float = 3600.0,
        offline_after_failures: int = OFFLINE_AFTER_FAILURES,
    ) -> None:
        """Keep the boxes by unit id."""
        if offline_after_failures < 1:
            raise ValueError("offline_after_failures must be at least 1")
        self.gateway = gateway
        self.boxes = {box.unit: box for box in boxes}
        self.settings_interval = settings_interval
        self.offline_after_failures = offline_after_failures

    async def poll(self, now: float, *, telemetry: bool) -> tuple[int, int]:
        """Read every box that is not backing off: the status lane, or everything.

        `now` is a monotonic-like clock in seconds (the caller's, so tests can freeze it).
        A GatewayConnectionError (the gateway itself is gone) propagates to the caller.
        Return how many boxes were asked and how many answered.
        """
        asked = answered = 0
        for box in self.boxes.values():
            if box.backing_off(now):
                continue
            asked += 1
            await self.poll_box(box, now, telemetry=telemetry)
            answered += box.failures == 0
        return asked, answered

    async def poll_box(self, box: BoxLink, now: float, *, telemetry: bool) -> None:
        """Read one box and update its link (a box-level error: see `record_failure`)."""
        profile = box.profile
        plan = profile.telemetry_plan() if telemetry else profile.status_plan()
        read_settings = profile.settings and (
            box.settings_read_at is None or now - box.settings_read_at >= self.settings_interval
        )
        if read_settings:
            plan = (*plan, *profile.settings_plan())
        try:
            image = await self.gateway.read_image(box.unit, plan)
        except (BoxTimeoutError, BoxExceptionError) as err:
            self.record_failure(box, now, str(err) or type(err).__name__)
            return
        previous = box.reading
        box.reading, box.dropped = decode_reading(profile, image, previous, box.phases)
        if (
            not telemetry
            and previous is not None
            and (
                box.reading.alarms != previous.alarms
                or box.reading.channel_alarms != previous.channel_alarms
            )
            and profile.measurements
        ):
            # An alarm raised or cleared on the fast lane: read the values now, so the alarm
            # log reports the reading of that moment, not the one of the last telemetry poll.
            try:
                image = await self.gateway.read_image(box.unit, profile.telemetry_plan())
            except BoxTimeoutError, BoxExceptionError:
                pass
            else:
                box.reading, box.dropped = decode_reading(profile, image, previous, box.phases)
        if read_settings:
            box.settings_read_at = now
        box.online, box.failures, box.last_error = True, 0, None
        box.offline_since, box.silent_since, box.retry_at = None, None, 0.0

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

"""The Modbus side of a gateway: one bus, one request at a time, and what its registers mean.

`ModbusGateway` wraps a pymodbus client (TCP, RTU over TCP, or serial RTU); `decode_reading`
and `decode_identity` turn a register image into a box's reading and identity. Who is asked
what, and when, is the poller's (`poller.py`). Pure Python: no Home Assistant import.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
import logging
from typing import Final

from pymodbus import FramerType, ModbusException
from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient
from pymodbus.exceptions import ConnectionException

from .model import QUANTITIES, AlarmCause, BoxIdentity, BoxReading
from .mqtt import Capabilities, Command
from .profile import Block, DataType, Profile, RegisterImage, Table, alarm_names

_LOGGER = logging.getLogger(__name__)

DEFAULT_TIMEOUT: Final = 1.0  # s per request; one dead box costs this much per back-off period


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
        # What `async with self._lock` does, without its two extra coroutines per request.
        await self._lock.acquire()
        try:
            if not self._client.connected:
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
            registers: list[int] = rr.registers  # a new list of each reply's own
            if len(registers) != block.count:  # a short or garbled answer
                raise BoxExceptionError(0)
            return registers
        finally:
            self._lock.release()

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
        return RegisterImage(plan, [await self.read(unit, block) for block in plan])

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
    return profile.decoder(image.blocks, phases).reading(image, previous)

"""A simulated Modbus gateway: one pymodbus TCP server, one `SimDevice` per box.

Each box gets separate holding and input tables laid out from its profile (the runs of
registers `SimulatedBox.registers()` returns), so only addresses the map defines answer; others
get exception 02. Coils and discrete inputs answer exception 01. A unit id without a box gets
exception 0x0B ("gateway target device failed to respond"), as TCP-to-RS-485 gateways do.

The wire faults (offline, slow, exception) act per request in `SimulatedGateway.answer`, before
the datastore. The `SimDevice` action hook runs for the simulator's own pushes too, and twice per
write (store, then echo), so it only applies writes: commands and settings.

What was measured with pymodbus 3.13.1 and `AsyncModbusTcpClient(timeout=0.3, retries=0,
reconnect_delay=0)` on 127.0.0.1 (tests/simulator/test_sim_faults.py checks each point):
- pymodbus' own request handler stamps a reply with the transaction id and unit id of the
  *latest* request on the connection (`last_pdu` at send time, `server/requesthandler.py`).
  A box sleeping 0.5 s in the `SimDevice` action hook therefore had its late reply taken by the
  client as the answer to the next request, for another unit id: unit 2 was read as
  [100, 101], unit 1's registers. The handler below keeps each request's own ids, so a late
  reply carries the ids of the request that timed out and the client drops it ("ERROR: request
  ask for transaction_id=... Skipping" or "received pdu without a corresponding request").
  With RTU framing there is no transaction id: a late reply is only dropped when the client
  now waits for another unit id, as on a real RS-485 bus.
- Requests are answered concurrently per connection (one task each), so a slow or silent box
  does not delay answers for other unit ids; the integration serialises its requests itself.
- An offline box never answers: the request raises `ModbusIOException` after the client's
  timeout (0.30-0.31 s for timeout=0.3), and a request to another unit id right after is
  answered correctly in about 1 ms. After `retries + 3` consecutive timeouts on one
  connection the pymodbus client closes it by itself.
- `stop()` closes the listener and every client connection; `start()` again binds the same
  port at once (pymodbus listens with SO_REUSEADDR).
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Coroutine, Iterable
import functools
import logging
from typing import Any, Final

from pymodbus import FramerType
from pymodbus.constants import ExcCodes
from pymodbus.pdu import ExceptionResponse, ModbusPDU
from pymodbus.server import ModbusTcpServer
from pymodbus.server.requesthandler import ServerRequestHandler
from pymodbus.simulator import DataType, SimData, SimDevice

from custom_components.safe_power.box.bus import SerialBus
from custom_components.safe_power.box.profile import Table

from .box import Fault, SimulatedBox

_LOGGER = logging.getLogger(__name__)

_FUNCTION_CODE: Final = {Table.INPUT: 4, Table.HOLDING: 3}  # for server.async_setValues
_BIT_FUNCTIONS: Final = frozenset({1, 2, 5, 15})  # coils and discrete inputs


def _pdu_bytes(pdu: ModbusPDU) -> int:
    """Return a PDU's size on the wire: its function code and its data."""
    return 1 + len(pdu.encode())


def register_runs(table: dict[int, int]) -> list[tuple[int, list[int]]]:
    """Split a table (address -> register) into runs of consecutive addresses."""
    runs: list[tuple[int, list[int]]] = []
    for address in sorted(table):
        if runs and address == runs[-1][0] + len(runs[-1][1]):
            runs[-1][1].append(table[address])
        else:
            runs.append((address, [table[address]]))
    return runs


class _RequestHandler(ServerRequestHandler):
    """pymodbus' connection handler, but each reply carries the ids of its own request."""

    server: _Server

    def __init__(self, owner: _Server) -> None:
        super().__init__(  # type: ignore[no-untyped-call]
            owner, owner.trace_packet, owner.trace_pdu, owner.trace_connect
        )
        self.queue: collections.deque[tuple[ModbusPDU, Any]] = collections.deque()

    def callback_data(self, data: bytes, addr: tuple[str, int] | None = None) -> int:
        """Decode a request; the parent schedules `handle_later` when one is complete."""
        used: int = super().callback_data(data, addr)
        if self.last_pdu:
            self.queue.append((self.last_pdu, self.last_addr))
        return used

    def handle_later(self) -> None:
        """Answer the oldest request of this connection in its own task."""
        if self.queue:
            pdu, addr = self.queue.popleft()
            self.server.gateway.spawn(self._answer(pdu, addr))

    async def _answer(self, pdu: ModbusPDU, addr: tuple[str, int] | None) -> None:
        reply = await self.server.gateway.answer(pdu)
        if reply is None:
            return
        reply.transaction_id = pdu.transaction_id
        reply.dev_id = pdu.dev_id
        self.server_send(reply, addr)  # type: ignore[no-untyped-call]


class _Server(ModbusTcpServer):
    """A pymodbus TCP server that hands its connections to `_RequestHandler`."""

    def __init__(self, gateway: SimulatedGateway, devices: list[SimDevice], **kwargs: Any) -> None:
        super().__init__(devices, **kwargs)
        self.gateway = gateway

    def callback_new_connection(self) -> _RequestHandler:
        return _RequestHandler(self)


class SimulatedGateway:
    """A Modbus TCP gateway (or RTU-over-TCP converter) with simulated boxes behind it.

    Typical test use::

        gateway = SimulatedGateway([SimulatedBox(unit_id=1, serial="SP24A0001")], port=0)
        port = await gateway.start()
        gateway.boxes[1].set_scenario("overload")
        gateway.tick(1.0)
        await gateway.push()
        ...
        await gateway.stop()
    """

    def __init__(
        self,
        boxes: Iterable[SimulatedBox],
        host: str = "127.0.0.1",
        port: int = 0,
        framer: FramerType | str = FramerType.SOCKET,
        wire: SerialBus | None = None,
    ) -> None:
        """Keep the boxes by unit id; nothing listens before `start`.

        `wire`: emulate the RS-485 bus behind the gateway. Each transaction then holds the bus,
        one at a time, for the RTU wire time of its request and reply (`box/bus.py`), as a
        TCP-to-RS-485 gateway's line does: tests and benchmarks see a real bus's timing.
        """
        self.boxes: dict[int, SimulatedBox] = {}
        for box in boxes:
            if box.unit_id in self.boxes:
                raise ValueError(f"unit id {box.unit_id} is used twice")
            self.boxes[box.unit_id] = box
        self.host = host
        self.port = port  # the bound port once started; a restart binds it again
        self.framer = FramerType(framer)
        self.requests: collections.Counter[int] = collections.Counter()  # per unit id
        self._server: _Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._refused: set[tuple[int, Table]] = set()  # tables a box's profile does not have
        self.wire = wire
        self.wire_time = 0.0  # s the emulated bus was held, in all
        self._bus = asyncio.Lock()
        self.sleep = asyncio.sleep  # how the bus is held (tests count it instead)

    @property
    def running(self) -> bool:
        """Return True while the server listens."""
        return self._server is not None

    async def start(self) -> int:
        """Listen on host:port (port 0: a free one) and return the bound port."""
        if self._server is not None:
            raise RuntimeError("the gateway is already running")
        devices = [self._device(box) for box in self.boxes.values()]
        server = _Server(self, devices, framer=self.framer, address=(self.host, self.port))
        await server.serve_forever(background=True)
        self._server = server
        sockets = getattr(server.transport, "sockets", None) or []
        self.port = int(sockets[0].getsockname()[1])
        return self.port

    async def stop(self) -> None:
        """Close the listener and every connection; pending answers are dropped."""
        server, self._server = self._server, None
        if server is None:
            return
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await server.shutdown()  # type: ignore[no-untyped-call]

    def tick(self, dt: float) -> None:
        """Advance every box by dt seconds."""
        for box in self.boxes.values():
            box.tick(dt)

    async def push(self) -> None:
        """Copy every box's current registers into the server."""
        for unit in self.boxes:
            await self.push_box(unit)

    async def push_box(self, unit: int) -> None:
        """Copy one box's current registers into the server."""
        if self._server is None:
            return
        registers = self.boxes[unit].registers()
        for table, code in _FUNCTION_CODE.items():
            for start, values in register_runs(registers[table]):
                await self._server.async_setValues(unit, code, start, values)

    async def run(self, tick_interval: float = 1.0) -> None:
        """Tick and push every `tick_interval` seconds until cancelled (for `serve`)."""
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(tick_interval)
            now = loop.time()
            self.tick(now - last)
            last = now
            await self.push()

    # --- internals used by the request handler ---------------------------------------------

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run a coroutine as a task that `stop` cancels."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def answer(self, pdu: ModbusPDU) -> ModbusPDU | None:
        """Return the reply to one request, or None for no reply at all.

        With an emulated bus, the request and its reply hold the wire one transaction at a
        time (a silent box holds it for its request only; the client's timeout does the rest).
        """
        if self.wire is None:
            return await self._answer(pdu)
        async with self._bus:
            reply = await self._answer(pdu)
            held = self.wire.frame_time(_pdu_bytes(pdu))
            if reply is not None:
                held += self.wire.frame_time(_pdu_bytes(reply))
            self.wire_time += held
            await self.sleep(held)
        return reply

    async def _answer(self, pdu: ModbusPDU) -> ModbusPDU | None:
        unit = int(pdu.dev_id)
        self.requests[unit] += 1
        box = self.boxes.get(unit)
        if box is None:
            return ExceptionResponse(pdu.function_code, ExcCodes.GATEWAY_NO_RESPONSE)
        if box.fault is Fault.OFFLINE:
            return None
        if box.fault is Fault.SLOW:
            await asyncio.sleep(box.slow_delay)
        if box.fault is Fault.EXCEPTION:
            return ExceptionResponse(pdu.function_code, box.exception_code)
        if self._server is None:
            return None
        try:
            context: Any = self._server.context  # a SimCore; pymodbus' hint names the legacy one
            reply: ModbusPDU = await pdu.datastore_update(context, unit)
        except Exception:
            _LOGGER.exception("Unit %s cannot answer %s", unit, pdu)
            return ExceptionResponse(pdu.function_code, ExcCodes.DEVICE_FAILURE)
        return reply

    def _device(self, box: SimulatedBox) -> SimDevice:
        registers = box.registers()

        def blocks(table: Table) -> list[SimData]:
            if not registers[table]:  # pymodbus needs a block: one that always refuses
                self._refused.add((box.unit_id, table))
                return [SimData(0, values=0, datatype=DataType.UINT16)]
            return [
                SimData(start, values=values, datatype=DataType.UINT16)
                for start, values in register_runs(registers[table])
            ]

        def no_bits() -> list[SimData]:
            return [SimData(0, count=16, values=False, datatype=DataType.BITS)]

        return SimDevice(
            id=box.unit_id,
            simdata=(no_bits(), no_bits(), blocks(Table.HOLDING), blocks(Table.INPUT)),
            action=functools.partial(self._action, box.unit_id),
        )

    async def _action(
        self,
        unit: int,
        function_code: int,
        _start_address: int,
        address: int,
        _count: int,
        _registers: list[int],
        set_values: list[int] | list[bool] | None,
    ) -> ExcCodes | None:
        """The SimDevice hook: runs before every access, also for our own pushes."""
        if function_code in _BIT_FUNCTIONS:
            return ExcCodes.ILLEGAL_FUNCTION
        table = Table.INPUT if function_code == _FUNCTION_CODE[Table.INPUT] else Table.HOLDING
        if (unit, table) in self._refused:
            return ExcCodes.ILLEGAL_ADDRESS
        if set_values is None or function_code in _FUNCTION_CODE.values():
            return None  # a read, a write's read-back, or a push (03/04 never carry values)
        box = self.boxes[unit]
        try:
            box.write_holding(address, [int(v) for v in set_values])
        except ValueError:
            return ExcCodes.ILLEGAL_VALUE
        await self.push_box(unit)  # the next read shows the command's effect
        # pymodbus stores the written value after this hook and echoes it; afterwards the
        # command register reads 0 again.
        self.spawn(self.push_box(unit))
        return None

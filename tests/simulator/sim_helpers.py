"""Helpers shared by the simulator tests (a uniquely named module: tests have no packages)."""

from __future__ import annotations

from pymodbus.client import AsyncModbusTcpClient

from custom_components.safe_power.box.profile import Block, RegisterImage, Table
from safe_power_tools.simulator.box import SimulatedBox

TIMEOUT = 0.3  # s per Modbus request


def val(box: SimulatedBox, key: str) -> float:
    """A live value of a box that must be present."""
    value = box.values[key]
    assert value is not None, key
    return value


def make_boxes() -> list[SimulatedBox]:
    """Single-phase unit 1, three-phase unit 2 that trips on alarms, three-phase unit 3."""
    return [
        SimulatedBox(unit_id=1, serial="SP24T0001", phases=1, seed=1),
        SimulatedBox(unit_id=2, serial="SP24T0002", phases=3, seed=2, trip_on_alarm=True),
        SimulatedBox(unit_id=3, serial="SP24T0003", phases=3, seed=3),
    ]


def new_client(port: int, framer: str = "socket") -> AsyncModbusTcpClient:
    """A pymodbus client as the integration configures it: no retries, no own reconnects."""
    return AsyncModbusTcpClient(
        "127.0.0.1",
        port=port,
        framer=framer,  # type: ignore[arg-type]
        timeout=TIMEOUT,
        retries=0,
        reconnect_delay=0,
    )


async def read_blocks(
    modbus: AsyncModbusTcpClient, unit: int, blocks: list[Block]
) -> RegisterImage:
    """Read blocks of registers into a register image (exception replies fail the test)."""
    image = RegisterImage()
    for block in blocks:
        if block.table is Table.INPUT:
            rr = await modbus.read_input_registers(block.address, count=block.count, device_id=unit)
        else:
            rr = await modbus.read_holding_registers(
                block.address, count=block.count, device_id=unit
            )
        assert not rr.isError(), rr
        image.add(block, list(rr.registers))
    return image

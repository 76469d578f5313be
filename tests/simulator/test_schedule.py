"""The poller's schedule on an emulated 9600-baud RS-485 bus: alarms first, telemetry in between.

The simulated gateway holds its bus for each transaction's RTU wire time (`box/bus.py`); here it
does so by moving a virtual clock on instead of sleeping, and that clock is the poller's. So
every figure below is wire time, deterministic, and the test never waits for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
import itertools

import pytest
from sim_helpers import TIMEOUT

from custom_components.safe_power.box.bus import (
    SerialBus,
    bus_share,
    read_response_pdu,
    sustainable_intervals,
)
from custom_components.safe_power.box.modbus import GatewayConfig, ModbusGateway, Transport
from custom_components.safe_power.box.poller import STATUS, TELEMETRY, BoxLink, BoxPoller
from custom_components.safe_power.box.profile import Profile
from safe_power_tools.simulator.box import SimulatedBox
from safe_power_tools.simulator.server import SimulatedGateway

pytestmark = pytest.mark.usefixtures("socket_enabled")

BUS = SerialBus(9600)
ALARM_INTERVAL = 2.0
TELEMETRY_INTERVAL = 15.0


@dataclass
class Bus:
    """A simulated gateway with `boxes` reference boxes, its client and the virtual clock."""

    sim: SimulatedGateway
    gateway: ModbusGateway
    clock: list[float]  # [seconds of wire time so far]

    def poller(self, profile: Profile) -> BoxPoller:
        links = [BoxLink(unit, profile, 3) for unit in self.sim.boxes]
        return BoxPoller(
            self.gateway,
            links,
            telemetry_interval=TELEMETRY_INTERVAL,
            clock=lambda: self.clock[0],
        )


async def _bus(boxes: int) -> AsyncIterator[Bus]:
    sim = SimulatedGateway(
        [SimulatedBox(unit_id=u, serial=f"SP24W{u:04d}", seed=u) for u in range(1, boxes + 1)],
        wire=BUS,
    )
    clock = [0.0]

    async def hold(seconds: float) -> None:
        clock[0] += seconds
        await asyncio.sleep(0)

    sim.sleep = hold
    port = await sim.start()
    gateway = ModbusGateway(
        GatewayConfig(Transport.TCP, host="127.0.0.1", port=port, timeout=TIMEOUT)
    )
    await gateway.connect()
    yield Bus(sim, gateway, clock)
    gateway.close()
    await sim.stop()


@pytest.fixture
async def bus32() -> AsyncIterator[Bus]:
    """32 boxes: about 60 % of the bus at 2 s and 15 s."""
    async for bus in _bus(32):
        yield bus


@pytest.fixture
async def bus64() -> AsyncIterator[Bus]:
    """64 boxes: 119 % of the bus at 2 s and 15 s (more than it has)."""
    async for bus in _bus(64):
        yield bus


async def _run(bus: Bus, poller: BoxPoller, seconds: float) -> list[tuple[float, float]]:
    """Tick every ALARM_INTERVAL of wire time for `seconds`, as the coordinator does.

    Return each tick's (start, end). A tick that ends early leaves the bus idle until the next.
    """
    ticks: list[tuple[float, float]] = []
    start = bus.clock[0]
    stop = start + seconds
    while start < stop - 1e-9:
        await poller.tick(start, deadline=start + ALARM_INTERVAL)
        ticks.append((start, bus.clock[0]))
        start = max(start + ALARM_INTERVAL, bus.clock[0])
        bus.clock[0] = start
    return ticks


async def test_status_is_the_smallest_read_with_the_alarm_bits(
    bus32: Bus, profile: Profile
) -> None:
    """One read of 2 registers (alarm word, status word) per box and tick: 25.0 ms at 9600."""
    (block,) = profile.status_plan()
    assert block.count == 2
    poller = bus32.poller(profile)
    await poller.poll(0.0, telemetry=False)
    assert poller.load.estimate((profile.id, STATUS)) == pytest.approx(BUS.read_time(2))
    assert bus32.clock[0] == pytest.approx(32 * BUS.read_time(2))
    assert read_response_pdu(2) == 6


async def test_telemetry_fills_the_gaps_and_never_delays_a_sweep(
    bus32: Bus, profile: Profile
) -> None:
    """32 boxes: every tick sweeps all alarms, then reads telemetry until the next tick is due.

    The first ticks read the telemetry every box has due at start-up, as much as fits in each;
    afterwards each box's telemetry comes every 15 s, and no tick runs past the next.
    """
    poller = bus32.poller(profile)
    await poller.poll(0.0, telemetry=True)  # the first refresh: everything, settings included
    for box in poller.boxes.values():
        box.telemetry_due = 0.0  # as if all were due at once
    reads = dict.fromkeys(poller.boxes, 0)
    real_fill = poller.fill

    async def counting_fill(now: float, *, deadline: float) -> int:
        read = await real_fill(now, deadline=deadline)
        for unit, box in poller.boxes.items():
            reads[unit] += box.fresh
        return read

    poller.fill = counting_fill  # type: ignore[method-assign]
    ticks = await _run(bus32, poller, 60.0)
    telemetry = BUS.read_time(34)
    assert len(ticks) == 30
    for start, end in ticks:
        assert end <= start + ALARM_INTERVAL  # never late: the estimate is the wire time
    # 0.8 s of sweep leaves 1.2 s: 13 telemetry reads a tick, all 32 boxes within 3 ticks.
    assert ticks[0][1] - ticks[0][0] == pytest.approx(32 * BUS.read_time(2) + 13 * telemetry)
    # Each box every 15 s (due at 0, 16, 32, 48 as ticks fall), four in 60 s.
    assert set(reads.values()) == {4}
    assert poller.load.estimate((profile.id, TELEMETRY)) == pytest.approx(telemetry)
    demand = poller.demand()
    assert demand == pytest.approx((32 * BUS.read_time(2), 32 * telemetry))
    assert bus_share(*demand, ALARM_INTERVAL, TELEMETRY_INTERVAL) == pytest.approx(0.6, abs=0.01)
    assert poller.load.sweep_period() == pytest.approx(ALARM_INTERVAL)


async def test_a_full_bus_reads_alarms_on_time_and_telemetry_late(
    bus64: Bus, profile: Profile
) -> None:
    """64 boxes need 119 % of the bus: alarms keep their 2 s, telemetry slides to ~32 s.

    Each tick still reads at least one box's telemetry: the tick after runs late by that one
    transaction at most. The measured demand proposes the intervals the bus keeps.
    """
    poller = bus64.poller(profile)
    await poller.poll(0.0, telemetry=True)
    for box in poller.boxes.values():
        box.telemetry_due = 0.0
    ticks = await _run(bus64, poller, 64.0)
    telemetry = BUS.read_time(34)
    sweep = 64 * BUS.read_time(2)
    for start, end in ticks:
        assert end <= start + ALARM_INTERVAL + telemetry  # at most one transaction late
    # 1.6 s of sweep, 0.4 s left: 4 reads a tick, 64 boxes in 16 ticks.
    assert ticks[0][1] - ticks[0][0] == pytest.approx(sweep + 4 * telemetry)
    assert max(b[0] - a[0] for a, b in itertools.pairwise(ticks)) <= (ALARM_INTERVAL + telemetry)
    due = sorted(box.telemetry_due for box in poller.boxes.values())
    assert due[-1] - due[0] > 20.0  # telemetry took more than 15 s to go round
    demand = poller.demand()
    assert demand is not None
    assert bus_share(*demand, ALARM_INTERVAL, TELEMETRY_INTERVAL) == pytest.approx(1.19, abs=0.01)
    assert sustainable_intervals(*demand, TELEMETRY_INTERVAL) == (4, 15)


async def test_settings_come_with_telemetry_not_with_alarms(bus32: Bus, profile: Profile) -> None:
    """The hourly settings read rides on a box's telemetry read, never on the alarm sweep."""
    poller = bus32.poller(profile)
    poller.settings_interval = 10.0
    await poller.poll(0.0, telemetry=True)
    box = poller.boxes[1]
    assert box.settings_read_at == 0.0
    await poller.poll(30.0, telemetry=False)  # settings due, but only a sweep
    assert box.settings_read_at == 0.0
    assert poller.load.estimate((profile.id, STATUS)) == pytest.approx(BUS.read_time(2))
    await poller.fill(30.0, deadline=bus32.clock[0] + 10.0)
    assert box.settings_read_at == 30.0
    assert box.reading is not None
    assert box.reading.settings

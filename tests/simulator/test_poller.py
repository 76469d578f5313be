"""The poller's health rule against the simulated gateway: lost replies, offline, back-off.

The poller's clock is the caller's (`now`), so every test drives it by hand; the requests are
real, over TCP to the simulator, with the tests' 0.3 s timeout.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sim_helpers import TIMEOUT

from custom_components.safe_power.box.modbus import (
    GatewayConfig,
    ModbusGateway,
    Transport,
)
from custom_components.safe_power.box.poller import (
    BACKOFF_FIRST,
    BACKOFF_MAX,
    OFFLINE_AFTER_FAILURES,
    BoxLink,
    BoxPoller,
)
from custom_components.safe_power.box.profile import Profile
from safe_power_tools.simulator.server import SimulatedGateway

pytestmark = pytest.mark.usefixtures("socket_enabled")

TICK = 2.0  # s: the alarm lane


@pytest.fixture
async def gateway(sim: SimulatedGateway) -> AsyncIterator[ModbusGateway]:
    """The integration's gateway client on the simulator."""
    modbus = ModbusGateway(
        GatewayConfig(Transport.TCP, host="127.0.0.1", port=sim.port, timeout=TIMEOUT)
    )
    await modbus.connect()
    yield modbus
    modbus.close()


def make_poller(gateway: ModbusGateway, profile: Profile, **kwargs: int) -> BoxPoller:
    """A poller for the three simulated boxes."""
    links = [BoxLink(1, profile, 1), BoxLink(2, profile, 3), BoxLink(3, profile, 3)]
    return BoxPoller(gateway, links, **kwargs)


async def test_default_is_three_failures() -> None:
    assert OFFLINE_AFTER_FAILURES == 3


async def test_one_lost_reply_keeps_the_box_online(
    sim: SimulatedGateway, gateway: ModbusGateway, profile: Profile
) -> None:
    poller = make_poller(gateway, profile)
    await poller.poll(0.0, telemetry=True)
    box = poller.boxes[1]
    assert box.online
    reading = box.reading
    assert reading is not None

    sim.boxes[1].set_fault("offline")
    await poller.poll(TICK, telemetry=False)
    # Still online with its last reading; the error is kept; no back-off yet.
    assert box.online
    assert not box.offline
    assert box.reading is reading
    assert box.failures == 1
    assert box.last_error
    assert not box.backing_off(TICK)

    sim.boxes[1].set_fault(None)
    asked = sim.requests[1]
    await poller.poll(2 * TICK, telemetry=False)
    assert sim.requests[1] > asked  # asked again at the very next poll
    assert box.online
    assert box.failures == 0
    assert box.last_error is None
    assert box.offline_since is None


async def test_an_exception_reply_counts_as_a_lost_reply(
    sim: SimulatedGateway, gateway: ModbusGateway, profile: Profile
) -> None:
    poller = make_poller(gateway, profile)
    await poller.poll(0.0, telemetry=True)
    sim.boxes[2].set_fault("exception", code=4)
    await poller.poll(TICK, telemetry=False)
    box = poller.boxes[2]
    assert box.online
    assert box.last_error == "Modbus exception code 4"


async def test_failures_below_the_limit_do_not_add_up_across_a_good_read(
    sim: SimulatedGateway, gateway: ModbusGateway, profile: Profile
) -> None:
    poller = make_poller(gateway, profile)
    await poller.poll(0.0, telemetry=True)
    box = poller.boxes[1]
    now = 0.0
    for _ in range(3):  # two misses, one answer: never offline
        sim.boxes[1].set_fault("offline")
        for _ in range(OFFLINE_AFTER_FAILURES - 1):
            now += TICK
            await poller.poll(now, telemetry=False)
        sim.boxes[1].set_fault(None)
        now += TICK
        await poller.poll(now, telemetry=False)
        assert box.online
        assert box.failures == 0


async def test_offline_after_three_failures_then_back_off(
    sim: SimulatedGateway, gateway: ModbusGateway, profile: Profile
) -> None:
    poller = make_poller(gateway, profile)
    await poller.poll(0.0, telemetry=True)
    box = poller.boxes[1]
    sim.boxes[1].set_fault("offline")
    await poller.poll(TICK, telemetry=False)
    await poller.poll(2 * TICK, telemetry=False)
    assert box.online
    assert not box.offline
    assert not box.backing_off(2 * TICK)

    await poller.poll(3 * TICK, telemetry=False)
    assert not box.online
    assert box.offline
    assert box.offline_since == 3 * TICK
    assert box.silent_since == TICK  # it stopped answering at the first of them
    assert box.failures == 3
    assert box.retry_at == 3 * TICK + BACKOFF_FIRST
    assert box.backing_off(4 * TICK)

    # Left alone while backing off; the other boxes are still read.
    asked, others = sim.requests[1], sim.requests[2]
    await poller.poll(4 * TICK, telemetry=False)
    assert sim.requests[1] == asked
    assert sim.requests[2] > others
    assert poller.boxes[2].online


async def test_back_off_doubles_once_offline_and_ends_on_an_answer(
    sim: SimulatedGateway, gateway: ModbusGateway, profile: Profile
) -> None:
    poller = make_poller(gateway, profile)
    await poller.poll(0.0, telemetry=True)
    box = poller.boxes[3]
    sim.boxes[3].set_fault("offline")
    now = 0.0
    for _ in range(OFFLINE_AFTER_FAILURES):
        now += TICK
        await poller.poll(now, telemetry=False)
    assert box.offline
    waits = []
    for _ in range(7):
        wait = box.retry_at - now
        waits.append(wait)
        now = box.retry_at
        await poller.poll(now, telemetry=False)
        assert box.offline
        assert box.offline_since == OFFLINE_AFTER_FAILURES * TICK  # when it went, not since
    assert waits == [10.0, 20.0, 40.0, 80.0, 160.0, BACKOFF_MAX, BACKOFF_MAX]
    assert waits[0] == BACKOFF_FIRST

    sim.boxes[3].set_fault(None)
    now = box.retry_at
    await poller.poll(now, telemetry=True)
    assert box.online
    assert not box.offline
    assert box.failures == 0
    assert box.last_error is None
    # Healthy again: the next run of failures starts from scratch.
    sim.boxes[3].set_fault("offline")
    await poller.poll(now + TICK, telemetry=False)
    assert box.online
    assert not box.backing_off(now + TICK)


async def test_a_dead_box_costs_the_others_three_timeouts_once(
    sim: SimulatedGateway, gateway: ModbusGateway, profile: Profile
) -> None:
    """Then one timeout per back-off period: 10 + 20 + 40 s after it went, in 80 s of polls."""
    poller = make_poller(gateway, profile)
    await poller.poll(0.0, telemetry=True)
    sim.boxes[2].set_fault("offline")
    asked = sim.requests[2]
    now = 0.0
    for _ in range(40):
        now += TICK
        await poller.poll(now, telemetry=False)
    # 3 polls in a row, then at +10 s, +30 s and +70 s after it went offline (at 6 s).
    assert sim.requests[2] - asked == OFFLINE_AFTER_FAILURES + 3
    assert poller.boxes[1].online
    assert poller.boxes[3].online


async def test_a_box_that_never_answered_is_offline_after_three_failures(
    sim: SimulatedGateway, gateway: ModbusGateway, profile: Profile
) -> None:
    sim.boxes[1].set_fault("offline")
    poller = make_poller(gateway, profile)
    box = poller.boxes[1]
    await poller.poll(0.0, telemetry=True)
    # Nothing to show yet (not online), but not offline either: asked again next time.
    assert not box.online
    assert not box.offline
    assert box.reading is None
    await poller.poll(TICK, telemetry=False)
    assert not box.offline
    await poller.poll(2 * TICK, telemetry=False)
    assert box.offline
    assert box.backing_off(3 * TICK)


async def test_the_limit_is_configurable(
    sim: SimulatedGateway, gateway: ModbusGateway, profile: Profile
) -> None:
    poller = make_poller(gateway, profile, offline_after_failures=1)
    await poller.poll(0.0, telemetry=True)
    sim.boxes[1].set_fault("offline")
    await poller.poll(TICK, telemetry=False)  # 1: the first lost reply is enough
    box = poller.boxes[1]
    assert not box.online
    assert box.retry_at == TICK + BACKOFF_FIRST

    sim.boxes[1].set_fault(None)
    poller = make_poller(gateway, profile, offline_after_failures=5)
    await poller.poll(0.0, telemetry=True)
    box = poller.boxes[1]
    assert box.online
    sim.boxes[1].set_fault("offline")
    for n in range(1, 5):
        await poller.poll(n * TICK, telemetry=False)
        assert box.online
    await poller.poll(5 * TICK, telemetry=False)
    assert box.offline


async def test_the_limit_is_at_least_one() -> None:
    modbus = ModbusGateway(GatewayConfig(Transport.TCP, host="127.0.0.1"))
    with pytest.raises(ValueError, match="at least 1"):
        BoxPoller(modbus, [], offline_after_failures=0)


async def test_reading_the_settings_at_every_poll_adds_no_decoder(
    gateway: ModbusGateway, profile: Profile
) -> None:
    """The telemetry-and-settings plan is one tuple: its decoder is found, not made anew.

    Decoders are cached by the identity of their plan; a new tuple at every settings read
    added a cache entry per box per hour for as long as Home Assistant ran.
    """
    poller = make_poller(gateway, profile, settings_interval=0)
    await poller.poll(0.0, telemetry=True)
    cached = len(profile._decoders_by_id)
    for i in range(1, 4):
        await poller.poll(i * 15.0, telemetry=True)
    assert all(box.settings_read_at == 45.0 for box in poller.boxes.values())
    assert len(profile._decoders_by_id) == cached

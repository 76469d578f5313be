"""A gateway's own device: its bus's utilisation and alarm interval, and the repair when full.

Through the simulator (Modbus), the entity states, and the repairs API the frontend uses.
"""

from __future__ import annotations

import asyncio
from itertools import count

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import slugify
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.safe_power.box.bus import BusLoad
from custom_components.safe_power.box.poller import BoxLink
from custom_components.safe_power.const import DOMAIN
from custom_components.safe_power.coordinator import SafePowerCoordinator
from custom_components.safe_power.gateway import (
    SETTLE_TICKS,
    gateway_identifier,
    overload_issue_id,
)
from safe_power_tools.simulator import SimulatedGateway

from .conftest import advance, fire_due

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _sensor(entry: MockConfigEntry, key: str) -> str:
    return f"sensor.{slugify(entry.title)}_{key}"


async def test_the_gateway_is_a_device_with_its_bus_figures(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
    setup_integration: MockConfigEntry,
) -> None:
    gateway = device_registry.async_get_device_by_identifier(
        gateway_identifier(setup_integration), setup_integration.entry_id
    )
    assert gateway is not None
    assert gateway.model == "Modbus TCP"
    assert gateway.name == setup_integration.title
    boxes = [
        device
        for device in dr.async_entries_for_config_entry(device_registry, setup_integration.entry_id)
        if device.id != gateway.id
    ]
    assert len(boxes) == 2
    assert {box.via_device_id for box in boxes} == {gateway.id}

    for _ in range(3):
        await advance(hass, freezer, 2)
    utilisation = hass.states.get(_sensor(setup_integration, "bus_utilisation"))
    assert utilisation is not None
    assert 0 <= float(utilisation.state) <= 100
    assert utilisation.attributes["unit_of_measurement"] == "%"
    interval = hass.states.get(_sensor(setup_integration, "alarm_detection_interval"))
    assert interval is not None
    assert interval.attributes["unit_of_measurement"] == "s"
    coordinator: SafePowerCoordinator = setup_integration.runtime_data
    # The loop's real time between the test's ticks, which the harness fires at once.
    assert coordinator.figures.alarm_period is not None
    assert float(interval.state) == round(coordinator.figures.alarm_period, 1)
    assert coordinator.figures.demand is not None  # both reads of both boxes timed
    assert ir.async_get(hass).async_get_issue(DOMAIN, overload_issue_id(setup_integration)) is None


async def test_a_full_bus_raises_a_repair_that_sets_the_intervals_it_keeps(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """Every read takes 1 s (a slow bus): 2 boxes at 2 s and 15 s need 113 % of it.

    The repair comes after SETTLE_TICKS ticks that saw it, proposes 3 s (2 s of sweep in 67 %
    of the bus left by telemetry), and its fix sets the gateway's options; the gateway reloads
    with them.
    """
    coordinator: SafePowerCoordinator = setup_integration.runtime_data
    seconds = count()
    coordinator.poller.clock = lambda: float(next(seconds))
    coordinator.poller.load = BusLoad()  # nothing timed on the real clock
    for link in coordinator.poller.boxes.values():
        link.telemetry_due = 0.0  # time a telemetry read at the first tick
    issue_id = overload_issue_id(setup_integration)
    issues = ir.async_get(hass)
    # The first tick's sweep finds the telemetry read untimed (the read comes after it): the
    # next SETTLE_TICKS ticks see the bus too full, and the last of them raises the repair.
    for _ in range(SETTLE_TICKS):
        await advance(hass, freezer, 2)
        assert issues.async_get_issue(DOMAIN, issue_id) is None
    await advance(hass, freezer, 2)
    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.is_fixable
    placeholders = issue.translation_placeholders or {}
    assert placeholders["boxes"] == "2"
    assert placeholders["share"] == "113"
    assert (placeholders["alarm_interval"], placeholders["telemetry_interval"]) == ("2", "15")
    assert (placeholders["proposed_alarm"], placeholders["proposed_telemetry"]) == ("3", "15")

    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    started = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    assert started.status == 200, await started.text()
    form = await started.json()
    assert form["step_id"] == "confirm"
    assert form["description_placeholders"]["proposed_alarm"] == "3"
    done = await client.post(f"/api/repairs/issues/fix/{form['flow_id']}", json={})
    assert done.status == 200, await done.text()
    assert (await done.json())["type"] == "create_entry"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert setup_integration.options["alarm_interval"] == 3
    assert setup_integration.options["telemetry_interval"] == 15
    reloaded: SafePowerCoordinator = setup_integration.runtime_data
    assert reloaded is not coordinator
    assert reloaded.alarm_interval == 3.0
    assert issues.async_get_issue(DOMAIN, issue_id) is None


async def _overload_until_handed_over(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    coordinator: SafePowerCoordinator,
) -> None:
    """Overload the kitchen box, fire a tick and wait for its first hand-over: it alarms."""
    gateway.boxes[1].set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    handed = asyncio.Event()
    remove = coordinator.async_add_listener(handed.set)
    freezer.tick(2)
    fire_due(hass, 2)
    async with asyncio.timeout(10):  # the tick runs as a background task, over real sockets
        await handed.wait()
    remove()
    assert hass.states.get("binary_sensor.kitchen_box_overcurrent").state == "on"


async def test_an_alarm_is_handed_over_before_the_telemetry_is_read(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    """The tick's sweep hands its data over at once; the telemetry after it comes later."""
    coordinator: SafePowerCoordinator = setup_integration.runtime_data
    await advance(hass, freezer, 2)
    gate = asyncio.Event()
    fill = coordinator.poller.fill

    async def held_fill(now: float, *, deadline: float) -> int:
        await gate.wait()
        return await fill(now, deadline=deadline)

    coordinator.poller.fill = held_fill  # type: ignore[method-assign]
    for link in coordinator.poller.boxes.values():
        link.telemetry_due = 0.0  # telemetry due at this tick, held back until the gate opens
    await _overload_until_handed_over(hass, freezer, gateway, coordinator)
    # No telemetry read yet: the fill waits at the gate with every box due.
    assert all(link.telemetry_due == 0.0 for link in coordinator.poller.boxes.values())
    gate.set()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert all(link.telemetry_due > 0 for link in coordinator.poller.boxes.values())


async def test_an_alarm_is_handed_over_before_the_sweep_reads_the_next_box(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    """A sweep of many boxes does not hold an alarm back until its last box is read."""
    coordinator: SafePowerCoordinator = setup_integration.runtime_data
    await advance(hass, freezer, 2)
    gate = asyncio.Event()
    poll_box = coordinator.poller.poll_box

    async def held_after_unit_1(link: BoxLink, now: float, *, telemetry: bool) -> None:
        if link.unit == 2:
            await gate.wait()
        await poll_box(link, now, telemetry=telemetry)

    coordinator.poller.poll_box = held_after_unit_1  # type: ignore[method-assign]
    await _overload_until_handed_over(hass, freezer, gateway, coordinator)
    gate.set()  # the sweep goes on to unit 2
    await hass.async_block_till_done(wait_background_tasks=True)
    assert coordinator.last_update_success

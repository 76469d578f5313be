"""The energy meter never goes backwards in Home Assistant; a replaced meter is a repair.

Through the simulator (Modbus), the repairs API the frontend uses, and a restart (the shown
reading restored).
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_restore_cache_with_extra_data,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.safe_power.const import DOMAIN
from safe_power_tools.simulator import SimulatedGateway

from .conftest import advance

ENERGY = "sensor.kitchen_box_energy"
ISSUE = "energy_backwards_SP1P0001"


async def _meter(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, gw: SimulatedGateway, kwh: float
) -> str:
    """Set the kitchen box's meter, let a telemetry poll read it; return the state shown."""
    gw.boxes[1].energy = kwh
    gw.boxes[1].values["energy"] = kwh
    await gw.push_box(1)
    await advance(hass, freezer, 15)
    return hass.states.get(ENERGY).state


@pytest.mark.usefixtures("every_change")  # each reading shown as it comes
async def test_a_lower_reading_is_held_and_a_replacement_confirmed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert await _meter(hass, freezer, gateway, 1500.25) == "1500.25"
    # A bad read: held, said once, and a repair asks whether the meter was replaced.
    assert await _meter(hass, freezer, gateway, 12.5) == "1500.25"
    assert await _meter(hass, freezer, gateway, 12.75) == "1500.25"
    assert caplog.text.count("lower than the 1500.25 kWh shown") == 1
    issue = ir.async_get(hass).async_get_issue(DOMAIN, ISSUE)
    assert issue is not None
    assert issue.is_fixable
    assert issue.translation_placeholders == {
        "box": "Kitchen box",
        "shown": "1500.25",
        "reading": "12.5",
    }
    # It reads on above: shown again, the repair gone by itself.
    assert await _meter(hass, freezer, gateway, 1500.5) == "1500.5"
    assert ir.async_get(hass).async_get_issue(DOMAIN, ISSUE) is None

    # A real replacement: the user confirms it in Repairs, as the frontend does.
    assert await _meter(hass, freezer, gateway, 3.0) == "1500.5"
    assert await _meter(hass, freezer, gateway, 3.25) == "1500.5"
    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    started = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": ISSUE}
    )
    assert started.status == 200, await started.text()
    form = await started.json()
    assert form["step_id"] == "confirm"
    assert form["description_placeholders"]["reading"] == "3.0"
    done = await client.post(f"/api/repairs/issues/fix/{form['flow_id']}", json={})
    assert done.status == 200, await done.text()
    assert (await done.json())["type"] == "create_entry"
    await hass.async_block_till_done()
    assert hass.states.get(ENERGY).state == "3.25"  # the new meter's latest reading
    assert ir.async_get(hass).async_get_issue(DOMAIN, ISSUE) is None
    assert await _meter(hass, freezer, gateway, 3.5) == "3.5"


async def test_a_restart_keeps_the_reading_shown(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    config_entry: MockConfigEntry,
) -> None:
    """Lower than before the restart (the box was swapped meanwhile): still held."""
    shown = State(ENERGY, "2000.0", {"unit_of_measurement": "kWh"})
    extra = {"native_value": 2000.0, "native_unit_of_measurement": "kWh"}
    mock_restore_cache_with_extra_data(hass, [(shown, extra)])
    gateway.boxes[1].energy = 1000.0
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(ENERGY).state == "2000.0"
    assert ir.async_get(hass).async_get_issue(DOMAIN, ISSUE) is not None

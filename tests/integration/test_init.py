"""Set-up, unload and set-up retry of a gateway entry against the simulator."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from safe_power_tools.simulator.server import SimulatedGateway

from .conftest import subentry_id

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_setup_and_unload(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    entry = setup_integration
    assert entry.state is ConfigEntryState.LOADED
    # One device per box, linked to the box's subentry, named as in the flow.
    for serial, name in (("SP1P0001", "Kitchen box"), ("SP3P0002", "B2 east shaft box 3")):
        device = device_registry.async_get_device_by_identifier(
            ("safe_power", serial), entry.entry_id
        )
        assert device is not None
        assert device.name == name
        assert device.serial_number == serial
        assert device.config_entry_id == entry.entry_id
        assert device.config_subentry_id == subentry_id(entry, serial)
    coordinator = entry.runtime_data
    assert coordinator.gateway.connected
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
    assert not coordinator.gateway.connected


async def test_setup_retry_when_gateway_is_down(
    hass: HomeAssistant, gateway: SimulatedGateway, config_entry: MockConfigEntry
) -> None:
    await gateway.stop()
    config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert config_entry.state is ConfigEntryState.SETUP_RETRY
    assert config_entry.reason == f"Cannot connect to gateway 127.0.0.1:{gateway.port}"

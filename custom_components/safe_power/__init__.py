"""The Safe Power integration: electrical-fire detector boxes in Home Assistant."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .const import CONF_AREA, DOMAIN
from .coordinator import SafePowerConfigEntry, SafePowerCoordinator
from .profiles import async_get_profiles
from .services import async_setup_services

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.SENSOR,
    Platform.SWITCH,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's service actions once."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: SafePowerConfigEntry) -> bool:
    """Set up one gateway and the boxes behind it."""
    profiles = await async_get_profiles(hass)
    coordinator = SafePowerCoordinator(hass, entry, profiles)
    await coordinator.async_config_entry_first_refresh()
    coordinator.narrow_to_present()
    entry.runtime_data = coordinator
    entry.async_on_unload(coordinator.gateway.close)

    # One device per box, linked to its subentry; place it in the area chosen in the flow
    # unless the user has placed it somewhere already.
    device_registry = dr.async_get(hass)
    for box in coordinator.boxes.values():
        device = device_registry.async_get_or_create(
            config_entry_id=entry.entry_id,
            config_subentry_id=box.subentry_id,
            identifiers={(DOMAIN, box.serial)},
            name=box.title,
        )
        if (area := box.details.get(CONF_AREA)) and device.area_id is None:
            device_registry.async_update_device(device.id, area_id=area)

    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    # Boxes added, changed or removed in the UI take effect by a reload.
    entry.async_on_unload(entry.add_update_listener(_async_reload))
    return True


async def _async_reload(hass: HomeAssistant, entry: SafePowerConfigEntry) -> None:
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: SafePowerConfigEntry) -> bool:
    """Unload a gateway."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)

"""The Safe Power integration: electrical-fire detector boxes in Home Assistant."""

from __future__ import annotations

from homeassistant.components import mqtt
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    discovery,
    entity_registry as er,
)
from homeassistant.helpers.typing import ConfigType

from .alarm_services import async_setup_alarm_services
from .alarms import async_get_alarms, async_setup_alarms
from .box.profile import THRESHOLD_KEYS
from .const import CONF_AREA, CONF_TRANSPORT, DOMAIN, TRANSPORT_MQTT
from .coordinator import SafePowerConfigEntry, SafePowerCoordinator
from .fleet import async_get_fleet, async_setup_fleet
from .gateway import MODELS, gateway_identifier
from .hub import SafePowerHub
from .mqtt_hub import MqttBoxHub
from .panel import async_setup_panel
from .panel_settings import async_setup_panel_settings
from .plans import async_setup_plans
from .profiles import async_get_profiles
from .quality_store import async_get_quality_store
from .removed import async_set_removed
from .reports import async_setup_reports
from .services import async_setup_services
from .websocket_api import async_setup_websocket_api

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.NUMBER,
    Platform.SENSOR,
    Platform.SWITCH,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Restore the alarm register and register the service actions, once."""
    await async_setup_fleet(hass)
    await async_setup_alarms(hass)
    async_setup_services(hass)
    async_setup_alarm_services(hass)
    await async_setup_panel_settings(hass)
    async_setup_websocket_api(hass)
    async_setup_plans(hass)
    async_setup_reports(hass)
    await async_setup_panel(hass)
    # The whole fleet's active alarms: one sensor, whichever gateways and boxes come and go.
    hass.async_create_task(
        discovery.async_load_platform(hass, Platform.SENSOR, DOMAIN, {}, config),
        eager_start=True,
    )
    return True


async def async_setup_entry(hass: HomeAssistant, entry: SafePowerConfigEntry) -> bool:
    """Set up one Modbus gateway and the boxes behind it, or one MQTT box."""
    hub: SafePowerHub
    await async_get_quality_store(hass)  # the qualification counters the hubs take
    if entry.data[CONF_TRANSPORT] == TRANSPORT_MQTT:
        hub = await _async_setup_mqtt(hass, entry)
    else:
        profiles = await async_get_profiles(hass)
        coordinator = SafePowerCoordinator(hass, entry, profiles)
        await coordinator.async_config_entry_first_refresh()
        coordinator.note_absent()
        entry.async_on_unload(coordinator.gateway.close)
        hub = coordinator
    entry.runtime_data = hub

    # One device per box (linked to its subentry on a gateway); place it in the area chosen
    # in the flow unless the user has placed it somewhere already.
    device_registry = dr.async_get(hass)
    if isinstance(hub, SafePowerCoordinator):
        # The gateway is a device of its own: its bus's figures, the boxes linked through it.
        hub.via_device_id = device_registry.async_get_or_create(
            config_entry_id=entry.entry_id,
            identifiers={gateway_identifier(entry)},
            name=entry.title,
            model=MODELS[hub.gateway.config.transport],
        ).id
    device_ids: dict[str, str] = {}
    for key, box in hub.boxes.items():
        device = device_registry.async_get_or_create(
            config_entry_id=entry.entry_id,
            config_subentry_id=box.subentry_id,
            identifiers={(DOMAIN, box.serial)},
            name=box.title,
            manufacturer=box.manufacturer,
            model=box.model,
            serial_number=box.serial,
            sw_version=box.firmware or None,
            via_device_id=hub.via_device_id,
        )
        if (area := box.details.get(CONF_AREA)) and device.area_id is None:
            device = device_registry.async_update_device(device.id, area_id=area) or device
        device_ids[key] = device.id
        hub.devices[key] = device
    entry.async_on_unload(async_get_fleet(hass).register(hub, device_ids))
    _remove_threshold_sensors(hass, hub)

    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    # The register follows the boxes once their alarm logs listen.
    entry.async_on_unload(async_get_alarms(hass).track(hub, device_ids))
    # Boxes added, changed or removed in the UI (or a new MQTT config) take effect by a reload.
    entry.async_on_unload(entry.add_update_listener(_async_reload))
    return True


def _remove_threshold_sensors(hass: HomeAssistant, hub: SafePowerHub) -> None:
    """Remove the read-only threshold sensors of earlier versions: numbers took their place."""
    registry = er.async_get(hass)
    for box in hub.boxes.values():
        for setting in THRESHOLD_KEYS:
            unique_id = f"{box.serial}_{setting}"
            if entity_id := registry.async_get_entity_id(Platform.SENSOR, DOMAIN, unique_id):
                registry.async_remove(entity_id)


async def _async_setup_mqtt(hass: HomeAssistant, entry: SafePowerConfigEntry) -> MqttBoxHub:
    """Wait for Home Assistant's MQTT client, then follow the box's topics."""
    if not await mqtt.async_wait_for_mqtt_client(hass):
        raise ConfigEntryNotReady(translation_domain=DOMAIN, translation_key="mqtt_unavailable")
    hub = MqttBoxHub(hass, entry)
    entry.async_on_unload(hub.async_shutdown_hub)
    await hub.async_subscribe()
    return hub


async def _async_reload(hass: HomeAssistant, entry: SafePowerConfigEntry) -> None:
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: SafePowerConfigEntry) -> bool:
    """Unload a gateway or an MQTT box."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: SafePowerConfigEntry) -> None:
    """Remember a deleted MQTT box, so that its retained config does not offer it again."""
    if entry.data.get(CONF_TRANSPORT) == TRANSPORT_MQTT and entry.unique_id:
        await async_set_removed(hass, entry.unique_id, removed=True)

"""Service actions of the integration: power a box off or on (with the alarm interlock)."""

from __future__ import annotations

from homeassistant.components.switch.const import DOMAIN as SWITCH_DOMAIN
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import config_validation as cv, service
import probatio as vol

from .const import ATTR_FORCE, DOMAIN

SERVICE_POWER_OFF = "power_off"
SERVICE_POWER_ON = "power_on"


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the service actions, once for the domain."""
    service.async_register_platform_entity_service(
        hass,
        DOMAIN,
        SERVICE_POWER_OFF,
        entity_domain=SWITCH_DOMAIN,
        schema=None,
        func="async_power_off",
    )
    service.async_register_platform_entity_service(
        hass,
        DOMAIN,
        SERVICE_POWER_ON,
        entity_domain=SWITCH_DOMAIN,
        schema={vol.Optional(ATTR_FORCE, default=False): cv.boolean},
        func="async_power_on",
    )

"""Diagnostics download: the gateway, every box and its last reading; hosts redacted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant

from .const import CONF_LATITUDE, CONF_LOCATION, CONF_LONGITUDE, CONF_SERIAL_PORT, CONF_X, CONF_Y
from .coordinator import SafePowerConfigEntry

TO_REDACT = {
    CONF_HOST,
    CONF_SERIAL_PORT,
    CONF_LATITUDE,
    CONF_LONGITUDE,
    CONF_X,
    CONF_Y,
    CONF_LOCATION,
    "title",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SafePowerConfigEntry
) -> dict[str, Any]:
    """Return diagnostics for a gateway."""
    coordinator = entry.runtime_data
    boxes: dict[str, Any] = {}
    for subentry_id, subentry in coordinator.boxes.items():
        link = coordinator.link(subentry_id)
        box = (coordinator.data or {}).get(subentry_id)
        boxes[subentry_id] = {
            "config": async_redact_data(dict(subentry.data), TO_REDACT),
            "profile": link.profile.id,
            "online": link.online,
            "failures": link.failures,
            "last_error": link.last_error,
            "dropped_values": list(link.dropped),
            "reading": None
            if box is None or box.reading is None
            else {
                "values": dict(box.reading.values),
                "alarms": sorted(box.reading.alarms),
                "contactor_closed": box.reading.contactor_closed,
                "settings": dict(box.reading.settings),
            },
            "derived": {} if box is None else dict(box.derived),
        }
    return {
        "entry": async_redact_data(
            {"data": dict(entry.data), "options": dict(entry.options)}, TO_REDACT
        ),
        "gateway": {
            "config": async_redact_data(asdict(coordinator.gateway.config), TO_REDACT),
            "connected": coordinator.gateway.connected,
            "requests": coordinator.gateway.requests,
            "last_update_success": coordinator.last_update_success,
        },
        "boxes": boxes,
    }

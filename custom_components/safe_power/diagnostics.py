"""Diagnostics download: the transport, every box and its last reading, private parts redacted.

Hosts, serial ports, credentials, location texts and coordinates are redacted.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant

from .alarms import async_get_alarms
from .const import CONF_FLOOR, CONF_SERIAL_PORT, PLACE_KEYS
from .coordinator import SafePowerConfigEntry

TO_REDACT = {
    CONF_HOST,
    CONF_SERIAL_PORT,
    *(key for key in PLACE_KEYS if key != CONF_FLOOR),  # a floor number names nobody
    "text",
    "username",
    "password",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SafePowerConfigEntry
) -> dict[str, Any]:
    """Return diagnostics for a gateway or an MQTT box."""
    hub = entry.runtime_data
    register = async_get_alarms(hass).register
    boxes: dict[str, Any] = {}
    for key, info in hub.boxes.items():
        box = (hub.data or {}).get(key)
        boxes[key] = {
            "title": info.title,
            "serial": info.serial,
            "model": info.model,
            "firmware": info.firmware,
            "phases": info.phases,
            "details": async_redact_data(dict(info.details), TO_REDACT),
            "capabilities": {
                "measurements": sorted(info.capabilities.measurements),
                "alarms": sorted(info.capabilities.alarms),
                "contactor": info.capabilities.contactor,
                "commands": sorted(info.capabilities.commands),
                "settings": sorted(info.capabilities.settings),
                "derived_faults": sorted(info.derived_faults),
            },
            "online": None if box is None else box.online,
            "last_error": None if box is None else box.last_error,
            "reading": None
            if box is None or box.reading is None
            else {
                "values": dict(box.reading.values),
                "alarms": sorted(box.reading.alarms),
                "contactor_closed": box.reading.contactor_closed,
                "settings": dict(box.reading.settings),
            },
            "derived": {} if box is None else dict(box.derived),
            "faults": {} if box is None else {c: asdict(d) for c, d in box.faults.items()},
            "open_alarms": [
                {
                    "alarm_id": r.alarm_id,
                    "cause": r.cause,
                    "origin": r.origin,
                    "state": r.state.value,
                    "clock": r.clock,
                    "late": r.late,
                    "level": r.level,
                    "notifications": r.notified,
                    "power_commands": len(r.power),
                }
                for r in register.open_alarms(info.serial)
            ],
        }
    return {
        "entry": async_redact_data(
            {"data": dict(entry.data), "options": dict(entry.options)}, TO_REDACT
        ),
        "transport": async_redact_data(hub.diagnostics(), TO_REDACT),
        "last_update_success": hub.last_update_success,
        "boxes": boxes,
    }

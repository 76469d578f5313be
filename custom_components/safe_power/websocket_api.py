"""The websocket commands of the Safe Power panel (docs/panel.md).

- `safe_power/fleet`: every box, where it is (area, floor, location, coordinates) and its
  entities by key, so the panel reads live values from the states it already has;
- `safe_power/alarms`: the register, queried like the `safe_power.alarms` action;
- `safe_power/subscribe_alarms`: every step of every alarm, as it happens (non-admin users may
  not subscribe to integration events directly);
- `safe_power/acknowledge` and `safe_power/power_off`: acting on an alarm from the panel
  (power off for admins only), recorded with the user and `via: dashboard`.
"""

from __future__ import annotations

from typing import Any, Final

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import ERR_NOT_FOUND
from homeassistant.components.websocket_api.decorators import async_response, websocket_command
from homeassistant.components.websocket_api.messages import event_message
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import Unauthorized
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
)
import probatio as vol

from .alarm_services import ALARMS_SCHEMA, ATTR_LIMIT, async_query_alarms
from .alarms import EVENT_SAFE_POWER_ALARM, async_actor, async_get_alarms
from .box.alarm_register import Via
from .const import (
    CONF_FLOOR,
    CONF_LATITUDE,
    CONF_LOCATION,
    CONF_LONGITUDE,
    CONF_TRANSPORT,
    CONF_X,
    CONF_Y,
    TRANSPORT_MQTT,
)
from .fleet import FleetBox, async_get_fleet

# The panel's query names (plural) → the action's.
_QUERY_KEYS: Final = {
    "device_ids": "device_id",
    "area_ids": "area_id",
    "causes": "cause",
    "states": "state",
    "start": "start",
    "end": "end",
    "limit": ATTR_LIMIT,
}


def _box(hass: HomeAssistant, box: FleetBox) -> dict[str, Any]:
    """Return one box as the panel shows it."""
    details = box.details
    device = dr.async_get(hass).async_get(box.device_id)
    area = floor = None
    if device is not None and device.area_id is not None:
        area = ar.async_get(hass).async_get_area(device.area_id)
        if area is not None and area.floor_id is not None:
            floor = fr.async_get(hass).async_get_floor(area.floor_id)
    prefix = f"{box.serial}_"
    entities = {
        entry.unique_id.removeprefix(prefix): entry.entity_id
        for entry in er.async_entries_for_device(er.async_get(hass), box.device_id)
        if entry.platform == "safe_power"
        and entry.disabled_by is None
        and entry.unique_id.startswith(prefix)
    }
    return {
        "device_id": box.device_id,
        "serial": box.serial,
        "name": (device.name_by_user or device.name) if device is not None else box.title,
        "transport": "mqtt"
        if box.hub.config_entry.data.get(CONF_TRANSPORT) == TRANSPORT_MQTT
        else "modbus",
        "area_id": None if area is None else area.id,
        "area": None if area is None else area.name,
        "floor_id": None if floor is None else floor.floor_id,
        "floor": None if floor is None else floor.name,
        "level": details.get(CONF_FLOOR),
        "location": details.get(CONF_LOCATION) or None,
        "x": details.get(CONF_X),
        "y": details.get(CONF_Y),
        "latitude": details.get(CONF_LATITUDE),
        "longitude": details.get(CONF_LONGITUDE),
        "entities": entities,
    }


@websocket_command({vol.Required("type"): "safe_power/fleet"})
@callback
def ws_fleet(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Send every box, and whether this user may cut power."""
    boxes = sorted(
        (_box(hass, box) for box in async_get_fleet(hass).boxes.values()),
        key=lambda b: (str(b["name"]).casefold(), b["serial"]),
    )
    connection.send_result(msg["id"], {"can_power": connection.user.is_admin, "boxes": boxes})


@websocket_command(
    {
        vol.Required("type"): "safe_power/alarms",
        **{vol.Optional(key): object for key in _QUERY_KEYS},
    }
)
@async_response
async def ws_alarms(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Send the register's records matching the panel's filters."""
    query = ALARMS_SCHEMA(
        {action: msg[key] for key, action in _QUERY_KEYS.items() if msg.get(key) is not None}
    )
    connection.send_result(msg["id"], await async_query_alarms(hass, query))


@websocket_command({vol.Required("type"): "safe_power/subscribe_alarms"})
@callback
def ws_subscribe_alarms(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Forward every step of every alarm: `{type, alarm}`."""

    @callback
    def _forward(event: Event[dict[str, Any]]) -> None:
        data = event.data
        connection.send_message(event_message(msg["id"], {"type": data.get("type"), "alarm": data}))

    connection.subscriptions[msg["id"]] = hass.bus.async_listen(EVENT_SAFE_POWER_ALARM, _forward)
    connection.send_result(msg["id"])


@websocket_command(
    {
        vol.Required("type"): "safe_power/acknowledge",
        vol.Required("alarm_ids"): [str],
    }
)
@async_response
async def ws_acknowledge(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Acknowledge alarms as this user, from the dashboard."""
    actor = await async_actor(hass, connection.context(msg), Via.DASHBOARD)
    done = async_get_alarms(hass).acknowledge(list(msg["alarm_ids"]), actor)
    connection.send_result(msg["id"], {"acknowledged": [r.alarm_id for r in done]})


@websocket_command(
    {
        vol.Required("type"): "safe_power/power_off",
        vol.Required("alarm_id"): str,
    }
)
@async_response
async def ws_power_off(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Open the contactor of an alarm's box (admins), through the interlock and read-back."""
    if not connection.user.is_admin:
        raise Unauthorized
    center = async_get_alarms(hass)
    record = center.register.get(msg["alarm_id"])
    if record is None:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "Unknown alarm")
        return
    actor = await async_actor(hass, connection.context(msg), Via.DASHBOARD)
    command = await center.async_power_off(record, actor)
    connection.send_result(msg["id"], {"ok": command.ok, "error": command.error})


@callback
def async_setup_websocket_api(hass: HomeAssistant) -> None:
    """Register the panel's commands, once for the domain."""
    for command in (ws_fleet, ws_alarms, ws_subscribe_alarms, ws_acknowledge, ws_power_off):
        async_register_command(hass, command)

"""The websocket commands of the Safe Power panel (docs/panel.md).

- `safe_power/fleet`: every box, where it is (area, floor, location, coordinates), its
  entities by key, so the panel reads live values from the states it already has, and its
  alarm settings as last read (their number entities are disabled by default);
- `safe_power/alarms`: the register, queried like the `safe_power.alarms` action;
- `safe_power/subscribe_alarms`: every step of every alarm, as it happens (non-admin users may
  not subscribe to integration events directly);
- `safe_power/subscribe_box_settings`: one box's alarm settings, at once and whenever the box
  reports others (set on the box, or through its number entity), for the box page;
- `safe_power/acknowledge` and `safe_power/power_off`: acting on an alarm from the panel
  (power off for admins and the users they allow), recorded with the user and `via: dashboard`;
- `safe_power/settings` and `safe_power/settings/update` (admins): who besides the admins may
  cut power, which areas a user's panel shows, the reports' tariff and how often measurements
  write a state (`panel_settings`).

A user given areas sees only their boxes and alarms, here: a convenience, not segregation.
"""

from __future__ import annotations

from typing import Any, Final

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.decorators import async_response, websocket_command
from homeassistant.components.websocket_api.messages import event_message
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, Unauthorized
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
)
from homeassistant.helpers.dispatcher import async_dispatcher_connect
import probatio as vol

from .alarm_services import ALARMS_SCHEMA, ATTR_LIMIT, async_query_alarms
from .alarms import EVENT_SAFE_POWER_ALARM, async_actor, async_get_alarms
from .box.alarm_register import Via
from .box.deadband import HEARTBEAT_RANGE, StateUpdates
from .box.tariff import TimeOfUse
from .const import (
    CONF_BUILDING,
    CONF_FLOOR,
    CONF_LATITUDE,
    CONF_LOCATION,
    CONF_LONGITUDE,
    CONF_SITE,
    CONF_TRANSPORT,
    CONF_X,
    CONF_Y,
    DOMAIN,
    TRANSPORT_MQTT,
)
from .fleet import SIGNAL_FLEET_BOXES, Fleet, FleetBox, async_get_fleet
from .hub import EntityWatch
from .number import SETTINGS
from .panel_settings import async_get_panel_settings

# The unit of each alarm setting, as its number entity has it.
_SETTING_UNITS: Final = {d.key: d.native_unit_of_measurement for d in SETTINGS}

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
        "site": details.get(CONF_SITE) or hass.config.location_name,
        "building": details.get(CONF_BUILDING) or None,
        "level": details.get(CONF_FLOOR),
        "location": details.get(CONF_LOCATION) or None,
        "x": details.get(CONF_X),
        "y": details.get(CONF_Y),
        "latitude": details.get(CONF_LATITUDE),
        "longitude": details.get(CONF_LONGITUDE),
        "entities": entities,
        "settings": box_settings(box) or {},
    }


def box_settings(box: FleetBox) -> dict[str, dict[str, Any]] | None:
    """Return a box's alarm settings as last read, with their units, by key; None: no reading."""
    data = (box.hub.data or {}).get(box.key)
    if data is None or data.reading is None:
        return None
    return {
        key: {"value": value, "unit": _SETTING_UNITS.get(key)}
        for key, value in data.reading.settings.items()
    }


def _visible(hass: HomeAssistant, connection: ActiveConnection) -> list[FleetBox] | None:
    """Return the boxes a user's panel shows, None for all of them."""
    areas = async_get_panel_settings(hass).areas_of(connection.user)
    if areas is None:
        return None
    fleet = async_get_fleet(hass)
    return [b for b in fleet.boxes.values() if fleet.area_id(b.device_id) in areas]


@websocket_command({vol.Required("type"): "safe_power/fleet"})
@callback
def ws_fleet(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Send the boxes this user's panel shows, and whether the user may cut power."""
    shown = _visible(hass, connection)
    every = async_get_fleet(hass).boxes.values()
    boxes = sorted(
        (_box(hass, box) for box in (every if shown is None else shown)),
        key=lambda b: (str(b["name"]).casefold(), b["serial"]),
    )
    can_power = async_get_panel_settings(hass).can_power(connection.user)
    connection.send_result(msg["id"], {"can_power": can_power, "boxes": boxes})


@websocket_command(
    {
        vol.Required("type"): "safe_power/alarms",
        **{vol.Optional(key): object for key in _QUERY_KEYS},
    }
)
@async_response
async def ws_alarms(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Send the register's records matching the panel's filters (the user's boxes only)."""
    query = ALARMS_SCHEMA(
        {action: msg[key] for key, action in _QUERY_KEYS.items() if msg.get(key) is not None}
    )
    if (shown := _visible(hass, connection)) is not None:
        mine = {b.device_id for b in shown}
        asked = query.get("device_id")
        query["device_id"] = [d for d in (asked or mine) if d in mine]
        if not query["device_id"]:
            connection.send_result(msg["id"], {"alarms": [], "total": 0})
            return
    connection.send_result(msg["id"], await async_query_alarms(hass, query))


@websocket_command({vol.Required("type"): "safe_power/subscribe_alarms"})
@callback
def ws_subscribe_alarms(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Forward every step of every alarm of the user's boxes: `{type, alarm}`."""
    shown = _visible(hass, connection)
    mine = None if shown is None else {b.serial for b in shown}

    @callback
    def _forward(event: Event[dict[str, Any]]) -> None:
        data = event.data
        if mine is not None and data.get("serial") not in mine:
            return
        connection.send_message(event_message(msg["id"], {"type": data.get("type"), "alarm": data}))

    connection.subscriptions[msg["id"]] = hass.bus.async_listen(EVENT_SAFE_POWER_ALARM, _forward)
    connection.send_result(msg["id"])


class _SettingsWatch:
    """One box page's subscription to its box's alarm settings.

    It listens to the box's hub for those settings only (an `EntityWatch` per setting, as an
    entity does: an update that moved none of them, nor the box's status, does not call it),
    and to the fleet, so that a reload of the box's entry (another hub) is followed.
    """

    def __init__(
        self, fleet: Fleet, connection: ActiveConnection, msg_id: int, device_id: str
    ) -> None:
        """Send nothing yet: `attach` sends the settings as they are."""
        self._fleet = fleet
        self._connection = connection
        self._msg_id = msg_id
        self._device_id = device_id
        self._box: FleetBox | None = None  # the fleet's box while followed (a reload makes another)
        self._listeners: list[CALLBACK_TYPE] = []
        self._sent: dict[str, dict[str, Any]] | None = None
        self._fleet_listener = async_dispatcher_connect(fleet.hass, SIGNAL_FLEET_BOXES, self.attach)

    @callback
    def attach(self) -> None:
        """Listen to the box's hub (again, when its entry was reloaded); send what changed."""
        box = self._fleet.by_device(self._device_id)
        if box is self._box:
            return
        self._detach()
        if box is None:
            return  # unloaded: a reload brings it back
        self._box = box
        hub = box.hub
        self._listeners = [
            hub.async_add_listener(self._update, EntityWatch(box.key, key))
            for key in hub.boxes[box.key].capabilities.settings
        ]
        self._update()

    @callback
    def _update(self) -> None:
        if self._box is None:
            return
        settings = box_settings(self._box)
        # A hub not read yet (the entry just reloaded) has nothing to say: the page keeps
        # what it was sent.
        if settings is not None and settings != self._sent:
            self._sent = settings
            self._connection.send_message(event_message(self._msg_id, {"settings": settings}))

    def _detach(self) -> None:
        while self._listeners:
            self._listeners.pop()()
        self._box = None

    @callback
    def close(self) -> None:
        """Stop listening (the page unsubscribed, or the connection closed)."""
        self._fleet_listener()
        self._detach()


@websocket_command(
    {
        vol.Required("type"): "safe_power/subscribe_box_settings",
        vol.Required("device_id"): str,
    }
)
@callback
def ws_subscribe_box_settings(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Send a box's alarm settings at once and whenever it reports others: `{settings}`.

    Their number entities are disabled by default, so the box page has no state to follow.
    """
    device_id: str = msg["device_id"]
    fleet = async_get_fleet(hass)
    shown = _visible(hass, connection)
    if fleet.by_device(device_id) is None or (
        shown is not None and device_id not in {b.device_id for b in shown}
    ):
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="unknown_box",
            translation_placeholders={"device_id": device_id},
        )
    watch = _SettingsWatch(fleet, connection, msg["id"], device_id)
    connection.subscriptions[msg["id"]] = watch.close
    connection.send_result(msg["id"])
    watch.attach()


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
    """Open the contactor of an alarm's box, through the interlock and read-back.

    For admins and the users they allowed, on the boxes the user's panel shows.
    """
    if not async_get_panel_settings(hass).can_power(connection.user):
        raise Unauthorized
    center = async_get_alarms(hass)
    record = center.register.get(msg["alarm_id"])
    shown = _visible(hass, connection)
    if record is None or (shown is not None and record.serial not in {b.serial for b in shown}):
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="unknown_alarm",
            translation_placeholders={"alarm_id": msg["alarm_id"]},
        )
    actor = await async_actor(hass, connection.context(msg), Via.DASHBOARD)
    command = await center.async_power_off(record, actor)
    connection.send_result(msg["id"], {"ok": command.ok, "error": command.error})


@websocket_command({vol.Required("type"): "safe_power/settings"})
@callback
def ws_settings(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Send the panel's settings (admins); the panel lists the users itself."""
    if not connection.user.is_admin:
        raise Unauthorized
    connection.send_result(msg["id"], async_get_panel_settings(hass).as_dict())


@websocket_command(
    {
        vol.Required("type"): "safe_power/settings/update",
        vol.Required("power_users"): [str],
        vol.Required("user_areas"): {str: [str]},
        vol.Optional("tariff"): vol.Any(None, [{str: str}]),
        vol.Optional("state_updates"): vol.Coerce(StateUpdates),
        vol.Optional("heartbeat_minutes"): vol.All(int, vol.Range(*HEARTBEAT_RANGE)),
    }
)
@async_response
async def ws_settings_update(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Change the panel's settings (admins); unknown users or areas are refused."""
    if not connection.user.is_admin:
        raise Unauthorized
    users = {u.id for u in await hass.auth.async_get_users()}
    areas = {a.id for a in ar.async_get(hass).async_list_areas()}
    named = set(msg["power_users"]) | set(msg["user_areas"])
    unknown = sorted(named - users) + sorted(
        {a for listed in msg["user_areas"].values() for a in listed} - areas
    )
    if unknown:
        # A user or an area removed since the panel read them: the panel says so in the user's
        # language (from `translation_key`), Home Assistant in its own.
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="settings_unknown",
            translation_placeholders={"names": ", ".join(unknown)},
        )
    tariff = msg.get("tariff")
    if tariff is not None:
        try:
            tariff = TimeOfUse.from_config(tariff).as_config()
        except (TypeError, ValueError) as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="report_bad_tariff",
                translation_placeholders={"error": str(err)},
            ) from err
    settings = async_get_panel_settings(hass)
    settings.update(
        msg["power_users"],
        msg["user_areas"],
        tariff,
        msg.get("state_updates"),
        msg.get("heartbeat_minutes"),
    )
    connection.send_result(msg["id"], settings.as_dict())


@callback
def async_setup_websocket_api(hass: HomeAssistant) -> None:
    """Register the panel's commands, once for the domain."""
    for command in (
        ws_fleet,
        ws_alarms,
        ws_subscribe_alarms,
        ws_subscribe_box_settings,
        ws_acknowledge,
        ws_power_off,
        ws_settings,
        ws_settings_update,
    ):
        async_register_command(hass, command)

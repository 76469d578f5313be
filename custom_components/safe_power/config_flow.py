"""Config flow: a gateway per entry, found boxes as subentries, each with its location."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, Final, Literal

from homeassistant.components import mqtt
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryData,
    ConfigSubentryFlow,
    OptionsFlow,
    SubentryFlowResult,
)
from homeassistant.const import CONF_HOST, CONF_NAME, CONF_PORT
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import AbortFlow
from homeassistant.helpers import device_registry as dr, selector
from homeassistant.helpers.service_info.mqtt import MqttServiceInfo
import probatio as vol

from .box.modbus import (
    GatewayConfig,
    GatewayConnectionError,
    GatewayError,
    ModbusGateway,
    Transport,
)
from .box.model import BoxIdentity
from .box.mqtt import (
    DEFAULT_PREFIX,
    BoxConfig,
    Payload,
    PayloadError,
    Topic,
    encode_config,
    parse_config,
    parse_topic,
    topic,
    valid_box_id,
    valid_prefix,
)
from .box.profile import Profile
from .const import (
    CONF_ALARM_INTERVAL,
    CONF_AREA,
    CONF_BAUDRATE,
    CONF_BOX_ID,
    CONF_BOXES,
    CONF_BUILDING,
    CONF_BYTESIZE,
    CONF_CONFIG,
    CONF_ESCALATE_AFTER,
    CONF_ESCALATE_AGAIN_AFTER,
    CONF_FIRMWARE,
    CONF_FIRST_UNIT,
    CONF_FLOOR,
    CONF_LAST_UNIT,
    CONF_LATITUDE,
    CONF_LOCATION,
    CONF_LONGITUDE,
    CONF_MODEL,
    CONF_NOMINAL_VOLTAGE,
    CONF_NOTIFY_TARGETS,
    CONF_OFFLINE_AFTER,
    CONF_PARITY,
    CONF_PHASES,
    CONF_PREFIX,
    CONF_PROFILE,
    CONF_REMINDER_INTERVAL,
    CONF_SERIAL,
    CONF_SERIAL_PORT,
    CONF_SITE,
    CONF_STOPBITS,
    CONF_TELEMETRY_INTERVAL,
    CONF_TRANSPORT,
    CONF_UNIT_ID,
    CONF_X,
    CONF_Y,
    DEFAULT_ALARM_INTERVAL,
    DEFAULT_ESCALATE_AFTER,
    DEFAULT_ESCALATE_AGAIN_AFTER,
    DEFAULT_OFFLINE_AFTER,
    DEFAULT_REMINDER_INTERVAL,
    DEFAULT_TELEMETRY_INTERVAL,
    DETAIL_KEYS,
    DOMAIN,
    LOGGER,
    NOMINAL_VOLTAGES,
    SUBENTRY_BOX,
    TRANSPORT_MQTT,
)
from .coordinator import SafePowerConfigEntry, SafePowerCoordinator, gateway_config
from .profiles import async_get_profiles
from .removed import async_removed_boxes, async_set_removed

CONFIG_WAIT: Final = 5.0  # seconds to wait for a box's retained config when added by hand
NOTIFY_DOMAIN: Final = "notify"
NOTIFY_SEND_MESSAGE: Final = "send_message"
# Parity as the form offers it (lowercase option keys) and as pymodbus names it.
PARITY: Final = {"none": "N", "even": "E", "odd": "O"}

type Found = dict[int, tuple[Profile, BoxIdentity]]

TRANSPORT_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_TRANSPORT, default=Transport.TCP.value): selector.SelectSelector(
            selector.SelectSelectorConfig(
                options=[*(t.value for t in Transport), TRANSPORT_MQTT],
                translation_key=CONF_TRANSPORT,
                mode=selector.SelectSelectorMode.LIST,
            )
        )
    }
)
NETWORK_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_HOST): selector.TextSelector(),
        vol.Required(CONF_PORT, default=502): vol.All(
            selector.NumberSelector(
                selector.NumberSelectorConfig(
                    min=1, max=65535, mode=selector.NumberSelectorMode.BOX
                )
            ),
            vol.Coerce(int),
        ),
    }
)
SERIAL_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_SERIAL_PORT, default="/dev/ttyUSB0"): selector.TextSelector(),
        vol.Required(CONF_BAUDRATE, default="9600"): selector.SelectSelector(
            selector.SelectSelectorConfig(
                options=["2400", "4800", "9600", "19200", "38400", "57600", "115200"],
                mode=selector.SelectSelectorMode.DROPDOWN,
            )
        ),
        vol.Required(CONF_PARITY, default="none"): selector.SelectSelector(
            selector.SelectSelectorConfig(options=list(PARITY), translation_key=CONF_PARITY)
        ),
        vol.Required(CONF_STOPBITS, default="1"): selector.SelectSelector(
            selector.SelectSelectorConfig(options=["1", "2"])
        ),
        vol.Required(CONF_BYTESIZE, default="8"): selector.SelectSelector(
            selector.SelectSelectorConfig(options=["7", "8"])
        ),
    }
)
MQTT_BOX_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_PREFIX, default=DEFAULT_PREFIX): selector.TextSelector(),
        vol.Required(CONF_BOX_ID): selector.TextSelector(),
    }
)
_UNIT = vol.All(
    selector.NumberSelector(
        selector.NumberSelectorConfig(min=1, max=247, mode=selector.NumberSelectorMode.BOX)
    ),
    vol.Coerce(int),
)
SCAN_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_FIRST_UNIT, default=1): _UNIT,
        vol.Required(CONF_LAST_UNIT, default=16): _UNIT,
    }
)


def _number(
    lo: float | None, hi: float | None, step: float | Literal["any"], unit: str | None = None
) -> Any:
    config = selector.NumberSelectorConfig(step=step, mode=selector.NumberSelectorMode.BOX)
    if lo is not None:
        config["min"] = lo
    if hi is not None:
        config["max"] = hi
    if unit is not None:
        config["unit_of_measurement"] = unit
    return selector.NumberSelector(config)


# A box's name and place; the bound clients are added per form (`_details_schema`), since
# their choices are this Home Assistant's notify actions and entities.
DETAILS_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): selector.TextSelector(),
        vol.Optional(CONF_AREA): selector.AreaSelector(),
        vol.Optional(CONF_SITE): selector.TextSelector(),
        vol.Optional(CONF_BUILDING): selector.TextSelector(),
        vol.Optional(CONF_LOCATION): selector.TextSelector(),
        vol.Optional(CONF_LATITUDE): _number(-90, 90, "any", "°"),
        vol.Optional(CONF_LONGITUDE): _number(-180, 180, "any", "°"),
        vol.Optional(CONF_X): _number(None, None, 0.1, "m"),
        vol.Optional(CONF_Y): _number(None, None, 0.1, "m"),
        vol.Optional(CONF_FLOOR): vol.All(_number(-20, 200, 1), vol.Coerce(int)),
        vol.Optional(CONF_NOMINAL_VOLTAGE): selector.SelectSelector(
            selector.SelectSelectorConfig(
                options=list(NOMINAL_VOLTAGES),
                translation_key=CONF_NOMINAL_VOLTAGE,
                mode=selector.SelectSelectorMode.DROPDOWN,
            )
        ),
    }
)


def _notify_targets(hass: HomeAssistant) -> list[str]:
    """Return what can be a bound client: notify actions and notify entities."""
    actions = {
        f"{NOTIFY_DOMAIN}.{name}" for name in hass.services.async_services_for_domain(NOTIFY_DOMAIN)
    }
    actions.discard(f"{NOTIFY_DOMAIN}.{NOTIFY_SEND_MESSAGE}")  # the entities' action, no target
    return sorted(actions | set(hass.states.async_entity_ids(NOTIFY_DOMAIN)))


def _details_schema(hass: HomeAssistant) -> vol.Schema:
    """Return the details form with this Home Assistant's notify targets to choose from."""
    return DETAILS_SCHEMA.extend(
        {
            vol.Optional(CONF_NOTIFY_TARGETS): selector.SelectSelector(
                selector.SelectSelectorConfig(
                    options=_notify_targets(hass),
                    multiple=True,
                    custom_value=True,
                    mode=selector.SelectSelectorMode.DROPDOWN,
                )
            )
        }
    )


def _details_errors(hass: HomeAssistant, user_input: dict[str, Any]) -> dict[str, str]:
    """Check the bound clients of a details form: each must exist in this Home Assistant."""
    targets = [t.strip() for t in user_input.get(CONF_NOTIFY_TARGETS) or []]
    if set(targets) - set(_notify_targets(hass)) - {""}:
        return {CONF_NOTIFY_TARGETS: "invalid_notify_target"}
    return {}


def _serial_form(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return a serial gateway's stored settings as the serial form shows them."""
    letters = {letter: key for key, letter in PARITY.items()}
    return {
        CONF_SERIAL_PORT: data[CONF_SERIAL_PORT],
        CONF_BAUDRATE: str(data[CONF_BAUDRATE]),
        CONF_PARITY: letters.get(data[CONF_PARITY], "none"),
        CONF_STOPBITS: str(data[CONF_STOPBITS]),
        CONF_BYTESIZE: str(data[CONF_BYTESIZE]),
    }


def _serial_config(user_input: dict[str, Any]) -> dict[str, Any]:
    """Return a gateway's serial settings from the form (parity as pymodbus names it)."""
    return {
        CONF_SERIAL_PORT: user_input[CONF_SERIAL_PORT].strip(),
        CONF_BAUDRATE: int(user_input[CONF_BAUDRATE]),
        CONF_PARITY: PARITY[user_input[CONF_PARITY]],
        CONF_STOPBITS: int(user_input[CONF_STOPBITS]),
        CONF_BYTESIZE: int(user_input[CONF_BYTESIZE]),
    }


async def _try_connect(config: GatewayConfig) -> str | None:
    """Return an error key, or None when the gateway can be opened."""
    gateway = ModbusGateway(config)
    try:
        await gateway.connect()
    except GatewayConnectionError:
        return "cannot_connect"
    finally:
        gateway.close()
    return None


async def _scan(
    hass: HomeAssistant, gateway: ModbusGateway, user_input: dict[str, Any], *, close: bool
) -> tuple[Found, str | None]:
    """Scan the form's unit-id range; return the boxes not configured yet, or an error key.

    A loaded gateway entry lends its own connection (`close=False`): a serial port opens only
    once, and its requests queue behind the running polls instead of colliding on the bus.
    """
    first, last = user_input[CONF_FIRST_UNIT], user_input[CONF_LAST_UNIT]
    profiles = await async_get_profiles(hass)
    try:
        found = await gateway.scan(range(min(first, last), max(first, last) + 1), profiles)
    except GatewayError:
        return {}, "cannot_connect"
    finally:
        if close:
            gateway.close()
    known = _configured_serials(hass)
    if not found:
        return {}, "no_boxes_found"
    new = {unit: item for unit, item in found.items() if item[1].serial not in known}
    if not new:
        return {}, "all_boxes_configured"
    return new, None


def _move_device(hass: HomeAssistant, entry: ConfigEntry, serial: str, area: str | None) -> None:
    """Put a box's device into the area chosen in a reconfigure form."""
    registry = dr.async_get(hass)
    device = registry.async_get_device_by_identifier((DOMAIN, serial), entry.entry_id)
    if device is not None:
        registry.async_update_device(device.id, area_id=area)


def _configured_serials(hass: HomeAssistant) -> set[str]:
    return {
        sub.unique_id
        for entry in hass.config_entries.async_entries(DOMAIN)
        for sub in entry.subentries.values()
        if sub.unique_id
    }


def _box_data(unit: int, profile: Profile, identity: BoxIdentity) -> dict[str, Any]:
    return {
        CONF_UNIT_ID: unit,
        CONF_PROFILE: profile.id,
        CONF_SERIAL: identity.serial,
        CONF_MODEL: identity.model,
        CONF_FIRMWARE: identity.firmware,
        CONF_PHASES: identity.phases,
    }


def _details(user_input: dict[str, Any]) -> dict[str, Any]:
    """Return the location part of a details form, trimmed (empty fields are left out)."""
    details: dict[str, Any] = {}
    for key in DETAIL_KEYS:
        value = user_input.get(key)
        if isinstance(value, str):
            value = value.strip()
        elif isinstance(value, list):
            value = [item.strip() for item in value if item.strip()]
        if value not in (None, "", []):
            details[key] = value
    return details


def _box_label(unit: int, identity: BoxIdentity) -> str:
    return f"{unit}: {identity.model} ({identity.serial})"


def _location_defaults(config: BoxConfig) -> dict[str, Any]:
    """Return the location a box published, as suggested values of the details form."""
    loc = config.location
    suggested = {
        CONF_SITE: loc.site,
        CONF_BUILDING: loc.building,
        CONF_LOCATION: loc.text,
        CONF_LATITUDE: loc.latitude,
        CONF_LONGITUDE: loc.longitude,
        CONF_X: loc.x,
        CONF_Y: loc.y,
        CONF_FLOOR: loc.floor,
    }
    return {k: v for k, v in suggested.items() if v is not None}


async def _async_fetch_config(hass: HomeAssistant, prefix: str, box_id: str) -> BoxConfig | str:
    """Wait for a box's retained config on the broker; return it or an error key."""
    if not await mqtt.async_wait_for_mqtt_client(hass):
        return "mqtt_not_set_up"
    received: asyncio.Future[Payload] = hass.loop.create_future()

    @callback
    def _got(msg: mqtt.ReceiveMessage) -> None:
        if not received.done():
            received.set_result(msg.payload)

    unsubscribe = await mqtt.async_subscribe(
        hass, topic(prefix, box_id, Topic.CONFIG), _got, qos=1, encoding=None
    )
    try:
        async with asyncio.timeout(CONFIG_WAIT):
            payload = await received
    except TimeoutError:
        return "no_config"
    finally:
        unsubscribe()
    try:
        config = parse_config(payload, box_id)
    except PayloadError as err:
        LOGGER.warning("The config of MQTT box %s cannot be read: %s", box_id, err)
        return "invalid_config"
    return "no_config" if config is None else config


class SafePowerConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a gateway: how to reach it, which unit ids to scan, which boxes to add."""

    VERSION = 1

    def __init__(self) -> None:
        """Start with nothing known."""
        self._data: dict[str, Any] = {}
        self._found: Found = {}
        self._queue: list[int] = []
        self._subentries: list[ConfigSubentryData] = []
        self._mqtt: tuple[str, BoxConfig] | None = None  # prefix and config of an MQTT box

    @staticmethod
    @callback
    def async_get_options_flow(
        config_entry: SafePowerConfigEntry,  # noqa: ARG004
    ) -> SafePowerOptionsFlow:
        """Return the options flow (poll intervals)."""
        return SafePowerOptionsFlow()

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Boxes are subentries of their gateway; an MQTT box is an entry of its own."""
        if config_entry.data.get(CONF_TRANSPORT) == TRANSPORT_MQTT:
            return {}
        return {SUBENTRY_BOX: BoxSubentryFlow}

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Choose the transport."""
        if user_input is not None:
            self._data[CONF_TRANSPORT] = user_input[CONF_TRANSPORT]
            if user_input[CONF_TRANSPORT] == TRANSPORT_MQTT:
                return await self.async_step_mqtt_box()
            if user_input[CONF_TRANSPORT] == Transport.SERIAL:
                return await self.async_step_serial()
            return await self.async_step_network()
        return self.async_show_form(step_id="user", data_schema=TRANSPORT_SCHEMA)

    async def async_step_mqtt_box(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add an MQTT box by its prefix and id (also one deleted before, or another prefix)."""
        errors: dict[str, str] = {}
        if user_input is not None:
            prefix = user_input[CONF_PREFIX].strip().strip("/")
            box_id = user_input[CONF_BOX_ID].strip()
            if not valid_prefix(prefix):
                errors[CONF_PREFIX] = "invalid_prefix"
            elif not valid_box_id(box_id):
                errors[CONF_BOX_ID] = "invalid_box_id"
            else:
                found = await _async_fetch_config(self.hass, prefix, box_id)
                if isinstance(found, str):
                    errors["base"] = found
                else:
                    await self.async_set_unique_id(found.identity.serial, raise_on_progress=False)
                    self._abort_if_unique_id_configured()
                    self._abort_if_serial_on_gateway(found.identity.serial)
                    self._mqtt = (prefix, found)
                    return await self.async_step_mqtt_confirm()
        return self.async_show_form(
            step_id="mqtt_box",
            data_schema=self.add_suggested_values_to_schema(MQTT_BOX_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_mqtt(self, discovery_info: MqttServiceInfo) -> ConfigFlowResult:
        """A box announced itself with its retained config: offer it, add nothing yet."""
        parsed = parse_topic(discovery_info.topic, DEFAULT_PREFIX)
        if parsed is None or parsed[1] is not Topic.CONFIG:
            return self.async_abort(reason="invalid_discovery_info")
        try:
            config = parse_config(discovery_info.payload, parsed[0])
        except PayloadError as err:
            LOGGER.warning("Ignored the MQTT box config on %s: %s", discovery_info.topic, err)
            return self.async_abort(reason="invalid_discovery_info")
        if config is None:  # the box was removed from the broker
            return self.async_abort(reason="invalid_discovery_info")
        serial = config.identity.serial
        if serial in (await async_removed_boxes(self.hass)).serials:
            return self.async_abort(reason="removed_box")
        await self.async_set_unique_id(serial)
        self._abort_if_unique_id_configured()
        self._abort_if_serial_on_gateway(serial)
        self._mqtt = (DEFAULT_PREFIX, config)
        self.context["title_placeholders"] = {
            "name": f"{config.identity.model} {config.identity.serial}"
        }
        return await self.async_step_mqtt_confirm()

    async def async_step_mqtt_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Let the user confirm an MQTT box and say where it is."""
        assert self._mqtt is not None  # noqa: S101  (only reached from the two MQTT steps)
        prefix, config = self._mqtt
        identity = config.identity
        published = _location_defaults(config)
        errors: dict[str, str] = {}
        if user_input is not None and not (errors := _details_errors(self.hass, user_input)):
            await async_set_removed(self.hass, identity.serial, removed=False)
            return self.async_create_entry(
                title=user_input[CONF_NAME].strip() or identity.model,
                data={
                    CONF_TRANSPORT: TRANSPORT_MQTT,
                    CONF_PREFIX: prefix,
                    CONF_BOX_ID: config.box_id,
                    CONF_CONFIG: encode_config(config),
                    # What the box published stays where the user left a field empty.
                    **published,
                    **_details(user_input),
                },
            )
        return self.async_show_form(
            step_id="mqtt_confirm",
            data_schema=self.add_suggested_values_to_schema(
                _details_schema(self.hass),
                user_input or {CONF_NAME: f"{identity.model} {identity.serial}", **published},
            ),
            errors=errors,
            description_placeholders={
                "model": identity.model,
                "manufacturer": identity.manufacturer,
                "serial": identity.serial,
                "firmware": identity.firmware or "-",
                "phases": str(identity.phases),
                "topic": topic(prefix, config.box_id, Topic.CONFIG),
            },
        )

    def _abort_if_serial_on_gateway(self, serial: str) -> None:
        """Abort when the box is already in Home Assistant through a Modbus gateway."""
        if serial in _configured_serials(self.hass):
            raise AbortFlow("already_configured")

    async def async_step_network(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the gateway's address and test it."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {
                **self._data,
                CONF_HOST: user_input[CONF_HOST].strip(),
                CONF_PORT: user_input[CONF_PORT],
            }
            self._async_abort_entries_match(
                {CONF_HOST: data[CONF_HOST], CONF_PORT: data[CONF_PORT]}
            )
            if not (error := await _try_connect(gateway_config(data))):
                self._data = data
                return await self.async_step_scan()
            errors["base"] = error
        return self.async_show_form(
            step_id="network",
            data_schema=self.add_suggested_values_to_schema(NETWORK_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_serial(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the serial port settings and test the port."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {**self._data, **_serial_config(user_input)}
            self._async_abort_entries_match({CONF_SERIAL_PORT: data[CONF_SERIAL_PORT]})
            if not (error := await _try_connect(gateway_config(data))):
                self._data = data
                return await self.async_step_scan()
            errors["base"] = error
        return self.async_show_form(
            step_id="serial",
            data_schema=self.add_suggested_values_to_schema(SERIAL_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_scan(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Scan a range of unit ids for boxes."""
        errors: dict[str, str] = {}
        if user_input is not None:
            gateway = ModbusGateway(gateway_config(self._data))
            self._found, error = await _scan(self.hass, gateway, user_input, close=True)
            if error is None:
                return await self.async_step_boxes()
            errors["base"] = error
        return self.async_show_form(
            step_id="scan",
            data_schema=self.add_suggested_values_to_schema(SCAN_SCHEMA, user_input),
            errors=errors,
            description_placeholders={"gateway": gateway_config(self._data).label},
        )

    async def async_step_boxes(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Pick the boxes to add among those found."""
        options = {str(u): _box_label(u, ident) for u, (_, ident) in self._found.items()}
        if user_input is not None:
            self._queue = sorted(int(u) for u in user_input[CONF_BOXES])
            if self._queue:
                return await self.async_step_box()
        schema = vol.Schema(
            {
                vol.Required(CONF_BOXES, default=list(options)): selector.SelectSelector(
                    selector.SelectSelectorConfig(
                        options=[
                            selector.SelectOptionDict(value=k, label=v) for k, v in options.items()
                        ],
                        multiple=True,
                        mode=selector.SelectSelectorMode.LIST,
                    )
                )
            }
        )
        return self.async_show_form(
            step_id="boxes",
            data_schema=schema,
            errors={"base": "no_box_selected"} if user_input is not None else {},
            description_placeholders={"count": str(len(options))},
        )

    async def async_step_box(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Name and place one selected box; repeats for each of them."""
        unit = self._queue[0]
        profile, identity = self._found[unit]
        errors: dict[str, str] = {}
        if user_input is not None and not (errors := _details_errors(self.hass, user_input)):
            self._subentries.append(
                ConfigSubentryData(
                    subentry_type=SUBENTRY_BOX,
                    title=user_input[CONF_NAME].strip() or f"Box {unit}",
                    unique_id=identity.serial,
                    data={**_box_data(unit, profile, identity), **_details(user_input)},
                )
            )
            self._queue.pop(0)
            if self._queue:
                return await self.async_step_box()
            return self.async_create_entry(
                title=gateway_config(self._data).label,
                data=self._data,
                options={
                    CONF_TELEMETRY_INTERVAL: DEFAULT_TELEMETRY_INTERVAL,
                    CONF_ALARM_INTERVAL: DEFAULT_ALARM_INTERVAL,
                },
                subentries=self._subentries,
            )
        return self.async_show_form(
            step_id="box",
            data_schema=self.add_suggested_values_to_schema(
                _details_schema(self.hass), user_input or {CONF_NAME: f"{identity.model} {unit}"}
            ),
            errors=errors,
            description_placeholders={
                "unit": str(unit),
                "model": identity.model,
                "serial": identity.serial,
                "remaining": str(len(self._queue)),
            },
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change how the gateway is reached (a new IP address, another port or adapter)."""
        entry = self._get_reconfigure_entry()
        if entry.data[CONF_TRANSPORT] == TRANSPORT_MQTT:
            return await self.async_step_reconfigure_box()
        serial = entry.data[CONF_TRANSPORT] == Transport.SERIAL
        schema = SERIAL_SCHEMA if serial else NETWORK_SCHEMA
        errors: dict[str, str] = {}
        if user_input is not None:
            if serial:
                updates = _serial_config(user_input)
            else:
                updates = {
                    CONF_HOST: user_input[CONF_HOST].strip(),
                    CONF_PORT: user_input[CONF_PORT],
                }
            config = gateway_config({**entry.data, **updates})
            # A running serial gateway holds its port exclusively: free it for the test.
            release = serial and entry.state is ConfigEntryState.LOADED
            if release:
                await self.hass.config_entries.async_unload(entry.entry_id)
            if not (error := await _try_connect(config)):
                error = await self._check_same_boxes(entry, config)
            if error is None:
                if release:  # unloaded: no update listener left to reload it
                    return self.async_update_reload_and_abort(entry, data_updates=updates)
                return self.async_update_and_abort(entry, data_updates=updates)
            if release:
                await self.hass.config_entries.async_setup(entry.entry_id)
            errors["base"] = error
        suggested = user_input or (_serial_form(entry.data) if serial else dict(entry.data))
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            errors=errors,
        )

    async def async_step_reconfigure_box(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change an MQTT box's name, area, location and coordinates."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None and not (errors := _details_errors(self.hass, user_input)):
            data = {k: v for k, v in entry.data.items() if k not in DETAIL_KEYS}
            data |= _details(user_input)
            if entry.unique_id:
                _move_device(self.hass, entry, entry.unique_id, data.get(CONF_AREA))
            # The entry's update listener reloads it.
            return self.async_update_and_abort(
                entry,
                title=user_input[CONF_NAME].strip() or entry.title,
                data=data,
                reason="box_changed",
            )
        return self.async_show_form(
            step_id="reconfigure_box",
            data_schema=self.add_suggested_values_to_schema(
                _details_schema(self.hass), user_input or {CONF_NAME: entry.title, **entry.data}
            ),
            errors=errors,
            description_placeholders={
                "box_id": entry.data[CONF_BOX_ID],
                "serial": entry.unique_id or "",
            },
        )

    async def _check_same_boxes(self, entry: ConfigEntry, config: GatewayConfig) -> str | None:
        """Refuse an address where a configured unit id answers with another serial."""
        boxes = [s for s in entry.subentries.values() if s.subentry_type == SUBENTRY_BOX]
        if not boxes:
            return None
        profiles = await async_get_profiles(self.hass)
        gateway = ModbusGateway(config)
        try:
            for box in boxes:
                found = await gateway.identify(box.data[CONF_UNIT_ID], profiles)
                if found is not None:
                    return None if found[1].serial == box.data[CONF_SERIAL] else "wrong_gateway"
        except GatewayError:
            return "cannot_connect"
        finally:
            gateway.close()
        return None


class SafePowerOptionsFlow(OptionsFlow):
    """Polling (gateways) and alarm reminders; the update listener reloads the entry."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Set the poll intervals, when a box counts as offline, reminders and escalation."""
        if user_input is not None:
            return self.async_create_entry(data=user_input)
        fields: dict[Any, Any] = {}
        if self.config_entry.data.get(CONF_TRANSPORT) != TRANSPORT_MQTT:
            fields |= {
                vol.Required(CONF_TELEMETRY_INTERVAL, default=DEFAULT_TELEMETRY_INTERVAL): vol.All(
                    _number(5, 3600, 1, "s"), vol.Coerce(int)
                ),
                vol.Required(CONF_ALARM_INTERVAL, default=DEFAULT_ALARM_INTERVAL): vol.All(
                    _number(1, 60, 1, "s"), vol.Coerce(int)
                ),
                vol.Required(CONF_OFFLINE_AFTER, default=DEFAULT_OFFLINE_AFTER): vol.All(
                    _number(1, 20, 1, None), vol.Coerce(int)
                ),
            }
        fields |= {
            vol.Required(CONF_REMINDER_INTERVAL, default=DEFAULT_REMINDER_INTERVAL): vol.All(
                _number(0, 1440, 1, "min"), vol.Coerce(int)
            ),
            vol.Required(CONF_ESCALATE_AFTER, default=DEFAULT_ESCALATE_AFTER): vol.All(
                _number(0, 1440, 1, "min"), vol.Coerce(int)
            ),
            vol.Required(CONF_ESCALATE_AGAIN_AFTER, default=DEFAULT_ESCALATE_AGAIN_AFTER): vol.All(
                _number(0, 1440, 1, "min"), vol.Coerce(int)
            ),
        }
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(fields), self.config_entry.options
            ),
        )


class BoxSubentryFlow(ConfigSubentryFlow):
    """Add a box to a gateway later, or change a box's name and location."""

    def __init__(self) -> None:
        """Start with nothing found."""
        self._found: Found = {}

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Scan the gateway for boxes that are not configured yet."""
        errors: dict[str, str] = {}
        if user_input is not None:
            entry: SafePowerConfigEntry = self._get_entry()
            if entry.state is ConfigEntryState.LOADED and isinstance(
                entry.runtime_data, SafePowerCoordinator
            ):
                gateway, close = entry.runtime_data.gateway, False
            else:
                gateway, close = ModbusGateway(gateway_config(entry.data)), True
            self._found, error = await _scan(self.hass, gateway, user_input, close=close)
            if error is None:
                return await self.async_step_box()
            errors["base"] = error
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(SCAN_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_box(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Pick one found box, name and place it."""
        options = [
            selector.SelectOptionDict(value=str(u), label=_box_label(u, ident))
            for u, (_, ident) in self._found.items()
        ]
        errors: dict[str, str] = {}
        if user_input is not None and not (errors := _details_errors(self.hass, user_input)):
            unit = int(user_input[CONF_UNIT_ID])
            profile, identity = self._found[unit]
            return self.async_create_entry(
                title=user_input[CONF_NAME].strip() or f"Box {unit}",
                data={**_box_data(unit, profile, identity), **_details(user_input)},
                unique_id=identity.serial,
            )
        schema = vol.Schema(
            {
                vol.Required(CONF_UNIT_ID, default=options[0]["value"]): selector.SelectSelector(
                    selector.SelectSelectorConfig(options=options)
                )
            }
        ).extend(_details_schema(self.hass).schema)
        return self.async_show_form(
            step_id="box",
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change a box's name, area, location and coordinates."""
        entry = self._get_entry()
        subentry = self._get_reconfigure_subentry()
        errors: dict[str, str] = {}
        if user_input is not None and not (errors := _details_errors(self.hass, user_input)):
            data = {k: v for k, v in subentry.data.items() if k not in DETAIL_KEYS}
            data |= _details(user_input)
            _move_device(self.hass, entry, subentry.data[CONF_SERIAL], data.get(CONF_AREA))
            return self.async_update_and_abort(
                entry,
                subentry,
                title=user_input[CONF_NAME].strip() or subentry.title,
                data=data,
            )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                _details_schema(self.hass),
                user_input or {CONF_NAME: subentry.title, **subentry.data},
            ),
            errors=errors,
            description_placeholders={
                "unit": str(subentry.data[CONF_UNIT_ID]),
                "serial": subentry.data[CONF_SERIAL],
            },
        )

"""Config flow: a gateway per entry, found boxes as subentries, each with its location."""

from __future__ import annotations

from typing import Any, Literal

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryData,
    ConfigSubentryFlow,
    OptionsFlow,
    SubentryFlowResult,
)
from homeassistant.const import CONF_HOST, CONF_NAME, CONF_PORT
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, selector
import probatio as vol

from .box.modbus import (
    GatewayConfig,
    GatewayConnectionError,
    GatewayError,
    ModbusGateway,
    Transport,
)
from .box.model import BoxIdentity
from .box.profile import Profile
from .const import (
    CONF_ALARM_INTERVAL,
    CONF_AREA,
    CONF_BAUDRATE,
    CONF_BOXES,
    CONF_BYTESIZE,
    CONF_FIRMWARE,
    CONF_FIRST_UNIT,
    CONF_FLOOR,
    CONF_LAST_UNIT,
    CONF_LATITUDE,
    CONF_LOCATION,
    CONF_LONGITUDE,
    CONF_MODEL,
    CONF_PARITY,
    CONF_PHASES,
    CONF_PROFILE,
    CONF_SERIAL,
    CONF_SERIAL_PORT,
    CONF_STOPBITS,
    CONF_TELEMETRY_INTERVAL,
    CONF_TRANSPORT,
    CONF_UNIT_ID,
    CONF_X,
    CONF_Y,
    DEFAULT_ALARM_INTERVAL,
    DEFAULT_TELEMETRY_INTERVAL,
    DOMAIN,
    SUBENTRY_BOX,
)
from .coordinator import gateway_config
from .profiles import async_get_profiles

type Found = dict[int, tuple[Profile, BoxIdentity]]

TRANSPORT_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_TRANSPORT, default=Transport.TCP.value): selector.SelectSelector(
            selector.SelectSelectorConfig(
                options=[t.value for t in Transport],
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
        vol.Required(CONF_PARITY, default="N"): selector.SelectSelector(
            selector.SelectSelectorConfig(options=["N", "E", "O"], translation_key=CONF_PARITY)
        ),
        vol.Required(CONF_STOPBITS, default="1"): selector.SelectSelector(
            selector.SelectSelectorConfig(options=["1", "2"])
        ),
        vol.Required(CONF_BYTESIZE, default="8"): selector.SelectSelector(
            selector.SelectSelectorConfig(options=["7", "8"])
        ),
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


DETAILS_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): selector.TextSelector(),
        vol.Optional(CONF_AREA): selector.AreaSelector(),
        vol.Optional(CONF_LOCATION): selector.TextSelector(),
        vol.Optional(CONF_LATITUDE): _number(-90, 90, "any", "°"),
        vol.Optional(CONF_LONGITUDE): _number(-180, 180, "any", "°"),
        vol.Optional(CONF_X): _number(None, None, 0.1, "m"),
        vol.Optional(CONF_Y): _number(None, None, 0.1, "m"),
        vol.Optional(CONF_FLOOR): vol.All(_number(-20, 200, 1), vol.Coerce(int)),
    }
)
DETAIL_KEYS = (CONF_AREA, CONF_LOCATION, CONF_LATITUDE, CONF_LONGITUDE, CONF_X, CONF_Y, CONF_FLOOR)


def _serial_config(user_input: dict[str, Any]) -> dict[str, Any]:
    return {
        CONF_SERIAL_PORT: user_input[CONF_SERIAL_PORT],
        CONF_BAUDRATE: int(user_input[CONF_BAUDRATE]),
        CONF_PARITY: user_input[CONF_PARITY],
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
    hass: HomeAssistant, gateway: ModbusGateway, first: int, last: int, known: set[str]
) -> tuple[Found, str | None]:
    """Scan a unit-id range; return the boxes not configured yet, or an error key."""
    profiles = await async_get_profiles(hass)
    try:
        found = await gateway.scan(range(min(first, last), max(first, last) + 1), profiles)
    except GatewayError:
        return {}, "cannot_connect"
    if not found:
        return {}, "no_boxes_found"
    new = {unit: item for unit, item in found.items() if item[1].serial not in known}
    if not new:
        return {}, "all_boxes_configured"
    return new, None


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
    """Return the location part of a details form (empty fields are left out)."""
    return {k: user_input[k] for k in DETAIL_KEYS if user_input.get(k) not in (None, "")}


def _box_label(unit: int, identity: BoxIdentity) -> str:
    return f"{unit}: {identity.model} ({identity.serial})"


class SafePowerConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a gateway: how to reach it, which unit ids to scan, which boxes to add."""

    VERSION = 1

    def __init__(self) -> None:
        """Start with nothing known."""
        self._data: dict[str, Any] = {}
        self._found: Found = {}
        self._queue: list[int] = []
        self._subentries: list[ConfigSubentryData] = []

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> SafePowerOptionsFlow:  # noqa: ARG004
        """Return the options flow (poll intervals)."""
        return SafePowerOptionsFlow()

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls,
        config_entry: ConfigEntry,  # noqa: ARG003
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Boxes are subentries of their gateway."""
        return {SUBENTRY_BOX: BoxSubentryFlow}

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Choose the transport."""
        if user_input is not None:
            self._data[CONF_TRANSPORT] = user_input[CONF_TRANSPORT]
            if user_input[CONF_TRANSPORT] == Transport.SERIAL:
                return await self.async_step_serial()
            return await self.async_step_network()
        return self.async_show_form(step_id="user", data_schema=TRANSPORT_SCHEMA)

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
            try:
                self._found, error = await _scan(
                    self.hass,
                    gateway,
                    user_input[CONF_FIRST_UNIT],
                    user_input[CONF_LAST_UNIT],
                    _configured_serials(self.hass),
                )
            finally:
                gateway.close()
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
        if user_input is not None:
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
                DETAILS_SCHEMA, {CONF_NAME: f"{identity.model} {unit}"}
            ),
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
            if not (error := await _try_connect(config)):
                error = await self._check_same_boxes(entry, config)
            if error is None:
                return self.async_update_and_abort(entry, data_updates=updates)
            errors["base"] = error
        suggested = user_input or {
            k: str(v) if serial and k != CONF_SERIAL_PORT else v for k, v in entry.data.items()
        }
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            errors=errors,
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
    """Poll intervals (the entry's update listener reloads it with the new ones)."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Set the telemetry and alarm intervals."""
        if user_input is not None:
            return self.async_create_entry(data=user_input)
        schema = vol.Schema(
            {
                vol.Required(CONF_TELEMETRY_INTERVAL, default=DEFAULT_TELEMETRY_INTERVAL): vol.All(
                    _number(5, 3600, 1, "s"), vol.Coerce(int)
                ),
                vol.Required(CONF_ALARM_INTERVAL, default=DEFAULT_ALARM_INTERVAL): vol.All(
                    _number(1, 60, 1, "s"), vol.Coerce(int)
                ),
            }
        )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(schema, self.config_entry.options),
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
            entry = self._get_entry()
            gateway = ModbusGateway(gateway_config(entry.data))
            try:
                self._found, error = await _scan(
                    self.hass,
                    gateway,
                    user_input[CONF_FIRST_UNIT],
                    user_input[CONF_LAST_UNIT],
                    _configured_serials(self.hass),
                )
            finally:
                gateway.close()
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
        if user_input is not None:
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
        ).extend(DETAILS_SCHEMA.schema)
        return self.async_show_form(step_id="box", data_schema=schema)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change a box's name, area, location and coordinates."""
        entry = self._get_entry()
        subentry = self._get_reconfigure_subentry()
        if user_input is not None:
            data = {k: v for k, v in subentry.data.items() if k not in DETAIL_KEYS}
            data |= _details(user_input)
            registry = dr.async_get(self.hass)
            device = registry.async_get_device_by_identifier(
                (DOMAIN, subentry.data[CONF_SERIAL]), entry.entry_id
            )
            if device is not None:
                registry.async_update_device(device.id, area_id=data.get(CONF_AREA))
            return self.async_update_and_abort(
                entry,
                subentry,
                title=user_input[CONF_NAME].strip() or subentry.title,
                data=data,
            )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                DETAILS_SCHEMA, {CONF_NAME: subentry.title, **subentry.data}
            ),
            description_placeholders={
                "unit": str(subentry.data[CONF_UNIT_ID]),
                "serial": subentry.data[CONF_SERIAL],
            },
        )

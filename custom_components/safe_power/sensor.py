"""Sensors of a box (every measurement, supply quality, the location) and of a gateway's bus."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfEnergy,
    UnitOfFrequency,
    UnitOfPower,
    UnitOfTemperature,
    UnitOfTime,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import (
    AddConfigEntryEntitiesCallback,
    AddEntitiesCallback,
)
from homeassistant.helpers.typing import ConfigType, DiscoveryInfoType
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .alarms import SIGNAL_ALARM, SIGNAL_ALARMS_CHANGED, async_get_alarms
from .box.alarm_register import AlarmRecord
from .box.deadband import BANDS
from .box.energy import EnergyCheck, EnergyGuard
from .box.model import LEAKAGE_CHANNEL, LEAKAGE_CHANNELS, TEMPERATURE_CHANNELS
from .box.trend import CABLES, LEAKAGE, cable_temperature
from .const import (
    CONF_LOCATION,
    CONF_NOTIFY_TARGETS,
    DOMAIN,
    LOGGER,
    PLACE_KEYS,
    RARELY_USED,
)
from .coordinator import SafePowerConfigEntry, SafePowerCoordinator
from .energy import ENERGY_KEY, issue_id, signal_accept
from .entity import BandedEntity, SafePowerEntity
from .fleet import Trends, async_get_fleet
from .gateway import GatewayFigures, gateway_identifier
from .hub import EVERY, BoxData, BoxInfo, SafePowerHub

PARALLEL_UPDATES = 0  # the coordinator polls; entities never do
MAX_LISTED = 20  # alarms a sensor lists in its attributes (the `alarms` action has them all)


@dataclass(frozen=True, kw_only=True)
class SafePowerSensorDescription(SensorEntityDescription):
    """A box sensor: how to read its value and whether a box has it."""

    value_fn: Callable[[BoxData], float | str | None]
    exists_fn: Callable[[BoxInfo], bool] = lambda _: True


def _measured(
    key: str,
    device_class: SensorDeviceClass | None,
    unit: str | None,
    precision: int,
    *,
    state_class: SensorStateClass = SensorStateClass.MEASUREMENT,
    translation_key: str | None = None,
) -> SafePowerSensorDescription:
    """Describe a sensor of a canonical measurement read from the box (`RARELY_USED`: off)."""
    return SafePowerSensorDescription(
        key=key,
        translation_key=translation_key or key,
        device_class=device_class,
        native_unit_of_measurement=unit,
        suggested_display_precision=precision,
        state_class=state_class,
        entity_registry_enabled_default=key not in RARELY_USED,
        value_fn=lambda box: box.values.get(key),
        exists_fn=lambda box: key in box.capabilities.measurements,
    )


def _channel(key: str) -> SafePowerSensorDescription:
    """Describe a channel of a multi-circuit detector: circuit n's leakage, or temperature n."""
    if key.startswith(LEAKAGE_CHANNEL):
        return _measured(key, CURRENT, MA, 1, translation_key="leakage_channel")
    return _measured(key, TEMPERATURE, C, 1, translation_key="temperature_channel")


def _derived(key: str, *, three_phase: bool, enabled: bool = True) -> SafePowerSensorDescription:
    """Describe a supply-quality figure computed by the integration."""
    return SafePowerSensorDescription(
        key=key,
        translation_key=key,
        entity_registry_enabled_default=enabled,
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda box: box.derived.get(key),
        exists_fn=lambda box: box.phases == 3 or not three_phase,
    )


V = UnitOfElectricPotential.VOLT
A = UnitOfElectricCurrent.AMPERE
MA = UnitOfElectricCurrent.MILLIAMPERE
C = UnitOfTemperature.CELSIUS
W = UnitOfPower.WATT
VOLTAGE, CURRENT, TEMPERATURE, POWER = (
    SensorDeviceClass.VOLTAGE,
    SensorDeviceClass.CURRENT,
    SensorDeviceClass.TEMPERATURE,
    SensorDeviceClass.POWER,
)

SENSORS: tuple[SafePowerSensorDescription, ...] = (
    *(_measured(f"voltage_{p}", VOLTAGE, V, 1) for p in "abc"),
    *(_measured(f"line_voltage_{p}", VOLTAGE, V, 1) for p in ("ab", "bc", "ca")),
    *(_measured(f"current_{p}", CURRENT, A, 2) for p in "abcn"),
    _measured("leakage_current", CURRENT, MA, 1),
    *(_channel(key) for key in LEAKAGE_CHANNELS),
    *(_channel(key) for key in TEMPERATURE_CHANNELS),
    *(_measured(f"cable_temperature_{p}", TEMPERATURE, C, 1) for p in "abcn"),
    _measured("box_temperature", TEMPERATURE, C, 1),
    _measured("active_power", POWER, W, 0),
    *(_measured(f"active_power_{p}", POWER, W, 0) for p in "abc"),
    _measured("power_factor", SensorDeviceClass.POWER_FACTOR, None, 3),
    _measured("frequency", SensorDeviceClass.FREQUENCY, UnitOfFrequency.HERTZ, 2),
    _measured(
        "energy",
        SensorDeviceClass.ENERGY,
        UnitOfEnergy.KILO_WATT_HOUR,
        2,
        state_class=SensorStateClass.TOTAL_INCREASING,
    ),
    _derived("voltage_unbalance", three_phase=True),
    _derived("current_unbalance", three_phase=True, enabled=False),
    _derived("voltage_qualification_rate", three_phase=False),
    _derived("voltage_qualification_rate_month", three_phase=False, enabled=False),
)


@dataclass(frozen=True, kw_only=True)
class SafePowerTrendDescription(SensorEntityDescription):
    """An early warning: worked out from the box's week of history and its settings."""

    value_fn: Callable[[Trends, BoxData], float | None]
    exists_fn: Callable[[BoxInfo], bool]
    inputs: frozenset[str] = frozenset()  # the values and settings it reads besides the trends


def _setting_of(box: BoxData, key: str) -> float | None:
    return box.reading.settings.get(key) if box.reading else None


def _leakage_days(trends: Trends, box: BoxData) -> float | None:
    if trends.leakage is None:
        return None
    return trends.leakage.days_to(_setting_of(box, "leakage_threshold"))


def _cable(trends: Trends, box: BoxData) -> float | None:
    cable = cable_temperature(
        box.values, trends.cable_peak_slope, _setting_of(box, "cable_temperature_threshold")
    )
    return None if cable is None else cable.margin


def _has_leakage(box: BoxInfo) -> bool:
    return LEAKAGE in box.capabilities.measurements


def _has_cables(box: BoxInfo) -> bool:
    return any(k in box.capabilities.measurements for k in CABLES)


TRENDS: tuple[SafePowerTrendDescription, ...] = (
    SafePowerTrendDescription(
        key="leakage_trend",
        translation_key="leakage_trend",
        native_unit_of_measurement="mA/d",
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        entity_registry_enabled_default=False,  # the days to the limit say it for users
        value_fn=lambda t, _: None if t.leakage is None else t.leakage.slope,
        exists_fn=_has_leakage,
    ),
    SafePowerTrendDescription(
        key="leakage_days_to_limit",
        translation_key="leakage_days_to_limit",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.DAYS,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_leakage_days,
        exists_fn=_has_leakage,
        inputs=frozenset({"leakage_threshold"}),
    ),
    SafePowerTrendDescription(
        key="cable_temperature_margin",
        translation_key="cable_temperature_margin",
        native_unit_of_measurement=UnitOfTemperature.KELVIN,  # a difference, not a temperature
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_cable,
        exists_fn=_has_cables,
        inputs=frozenset({*CABLES, "cable_temperature_threshold"}),
    ),
    SafePowerTrendDescription(
        key="cable_temperature_trend",
        translation_key="cable_temperature_trend",
        native_unit_of_measurement="K/d",
        suggested_display_precision=2,
        state_class=SensorStateClass.MEASUREMENT,
        entity_registry_enabled_default=False,  # the margin to the setting says it for users
        value_fn=lambda t, _: t.cable_peak_slope,
        exists_fn=_has_cables,
    ),
)

LOCATION = SafePowerSensorDescription(
    key="location", translation_key="location", value_fn=lambda _: None
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SafePowerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors of every box, each to its box's subentry."""
    hub = entry.runtime_data
    for key, box in hub.boxes.items():
        entities: list[SensorEntity] = [
            (SafePowerEnergySensor if description.key == ENERGY_KEY else SafePowerSensor)(
                hub, key, description
            )
            for description in SENSORS
            if description.exists_fn(box)
        ]
        entities.extend(
            SafePowerTrendSensor(hub, key, description)
            for description in TRENDS
            if description.exists_fn(box)
        )
        entities.append(SafePowerLocationSensor(hub, key, LOCATION))
        entities.append(SafePowerActiveAlarms(hub, key, ACTIVE_ALARMS))
        async_add_entities(entities, config_subentry_id=box.subentry_id)
    if isinstance(hub, SafePowerCoordinator):
        async_add_entities(GatewaySensor(hub, description) for description in GATEWAY_SENSORS)


async def async_setup_platform(
    hass: HomeAssistant,
    config: ConfigType,
    async_add_entities: AddEntitiesCallback,
    discovery_info: DiscoveryInfoType | None = None,
) -> None:
    """Add the sensor of the whole fleet's active alarms (loaded by the integration)."""
    if discovery_info is not None:
        async_add_entities([FleetActiveAlarms()])


@dataclass(frozen=True, kw_only=True)
class GatewaySensorDescription(SensorEntityDescription):
    """A sensor of a Modbus gateway's bus: how to read it from the gateway's figures."""

    value_fn: Callable[[GatewayFigures], float | None]


GATEWAY_SENSORS = (
    GatewaySensorDescription(
        key="bus_utilisation",
        translation_key="bus_utilisation",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        suggested_display_precision=0,
        value_fn=lambda figures: figures.shown()[0],
    ),
    GatewaySensorDescription(
        key="alarm_detection_interval",
        translation_key="alarm_detection_interval",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        suggested_display_precision=1,
        value_fn=lambda figures: figures.shown()[1],
    ),
)


class GatewaySensor(CoordinatorEntity[SafePowerCoordinator], SensorEntity):
    """A figure of a Modbus gateway's bus (`GatewayFigures`), on the gateway's device.

    The figures move at every tick; the sensor writes its state when the figure as shown
    moved (the coordinator's dispatcher signal) or the gateway's availability did.
    """

    _attr_has_entity_name = True
    entity_description: GatewaySensorDescription

    def __init__(
        self, coordinator: SafePowerCoordinator, description: GatewaySensorDescription
    ) -> None:
        """Bind the sensor to its gateway's device."""
        super().__init__(coordinator)
        self.entity_description = description
        entry = coordinator.config_entry
        self._attr_unique_id = f"{entry.entry_id}_{description.key}"
        self._attr_device_info = DeviceInfo(identifiers={gateway_identifier(entry)})
        self._available = self.available

    async def async_added_to_hass(self) -> None:
        """Hear of the gateway's figures."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, self.coordinator.figures_signal, self.async_write_ha_state
            )
        )

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write the state when the gateway's availability changed (the figures signal)."""
        if self.available != self._available:
            self._available = self.available
            self.async_write_ha_state()

    @property
    def native_value(self) -> float | None:
        """Return the figure."""
        return self.entity_description.value_fn(self.coordinator.figures)


def _alarm_list(records: list[AlarmRecord]) -> list[dict[str, Any]]:
    """Return the alarms a sensor lists: newest first, at most MAX_LISTED."""
    return [
        {"alarm_id": r.alarm_id, "box": r.box, "cause": r.cause, "time": r.time.isoformat()}
        for r in reversed(records[-MAX_LISTED:])
    ]


class SafePowerSensor(BandedEntity, SensorEntity):
    """A measurement of a box (held within its band with significant changes only)."""

    entity_description: SafePowerSensorDescription

    def __init__(
        self, hub: SafePowerHub, key: str, description: SafePowerSensorDescription
    ) -> None:
        """Watch the value the sensor shows: a measurement, a figure or a setting."""
        super().__init__(hub, key, description)
        self.watch = description.key
        self._band = BANDS.get(description.key)
        if description.key in hub.boxes[key].absent:
            self._attr_entity_registry_enabled_default = False

    @property
    def native_value(self) -> float | str | None:
        """Return the latest accepted value."""
        box = self.box
        return None if box is None else self.entity_description.value_fn(box)

    def shown(self) -> object:
        """Return the value the state shows."""
        return self.native_value


class SafePowerTrendSensor(BandedEntity, SensorEntity):
    """An early warning of a box: a trend over its history, or a margin to its setting."""

    entity_description: SafePowerTrendDescription

    def __init__(self, hub: SafePowerHub, key: str, description: SafePowerTrendDescription) -> None:
        """A margin moves with the readings: held within its band like them."""
        super().__init__(hub, key, description)
        self._band = BANDS.get(description.key)

    watch = EVERY  # a trend moves with the history, not with one value
    _history_seen: object = None  # the box's coarse history when the figure was last worked out

    @callback
    def _handle_coordinator_update(self) -> None:
        """Look again when the box's status, an input or the week's history moved.

        A trend moves with a new coarse sample (every 15 minutes) even when the readings stand
        still; the rest of the time only the figure's inputs can move it, and a reading that
        moved none of them costs nothing.
        """
        changed = self.coordinator.changed.get(self.key)
        fleet_box = async_get_fleet(self.hass).boxes.get(self.info.serial)
        coarse = None if fleet_box is None else fleet_box.coarse
        history = None if not coarse else (len(coarse), coarse[-1][0])
        if (
            changed is not None
            and history == self._history_seen
            and changed.isdisjoint(self.entity_description.inputs)
        ):
            return
        self._history_seen = history
        self.write_if_moved()

    @property
    def native_value(self) -> float | None:
        """Return the figure, None (unknown) until there is enough history."""
        box, fleet_box = self.box, async_get_fleet(self.hass).boxes.get(self.info.serial)
        if box is None or fleet_box is None:
            return None
        return self.entity_description.value_fn(fleet_box.trends(), box)

    def shown(self) -> object:
        """Return the figure as shown: a tiny wobble writes no state."""
        value = self.native_value
        return None if value is None else round(value, 2)


class SafePowerLocationSensor(SafePowerEntity, SensorEntity):
    """Where the box is: its location text, with coordinates for maps and correlation."""

    _attr_entity_category = EntityCategory.DIAGNOSTIC

    def shown(self) -> object:
        """Return the location: it changes only with the box's details (a reload)."""
        return self.native_value

    @property
    def available(self) -> bool:
        """Return True: the location is known whether or not the box answers."""
        return True

    @property
    def native_value(self) -> str | None:
        """Return the free-text location."""
        return self.info.details.get(CONF_LOCATION) or None

    @property
    def extra_state_attributes(self) -> Mapping[str, Any]:
        """Return the site, building and coordinates that are set."""
        details = self.info.details
        attrs: dict[str, Any] = {
            key: details[key]
            for key in PLACE_KEYS
            if key != CONF_LOCATION and details.get(key) is not None
        }
        # The box's bound clients, for automations that alert on their own thresholds.
        attrs[CONF_NOTIFY_TARGETS] = list(details.get(CONF_NOTIFY_TARGETS) or [])
        return attrs


# Off by default: a box's alarms show on its alarm binary sensors, in the panel and in
# `sensor.safe_power_active_alarms` (every box's); each enabled entity costs ~20 kB a box.
ACTIVE_ALARMS = SensorEntityDescription(
    key="active_alarms",
    translation_key="active_alarms",
    state_class=SensorStateClass.MEASUREMENT,
    entity_registry_enabled_default=False,
)


class SafePowerActiveAlarms(SafePowerEntity, SensorEntity):
    """How many of the box's alarms are active and unacknowledged, and which."""

    @property
    def available(self) -> bool:
        """Return True: the register knows the box's alarms whether or not it answers."""
        return True

    @callback
    def _handle_coordinator_update(self) -> None:
        """Nothing to do: the register says when the alarms change."""

    async def async_added_to_hass(self) -> None:
        """Follow the register for this box."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, f"{SIGNAL_ALARM}_{self.info.serial}", self._on_alarm
            )
        )

    @callback
    def _on_alarm(self, _kind: str, _record: AlarmRecord) -> None:
        self.async_write_ha_state()

    @property
    def native_value(self) -> int:
        """Return the number of active, unacknowledged alarms."""
        return len(async_get_alarms(self.hass).register.unacknowledged(self.info.serial))

    @property
    def extra_state_attributes(self) -> Mapping[str, Any]:
        """Return the alarms: id, cause and time."""
        records = async_get_alarms(self.hass).register.unacknowledged(self.info.serial)
        return {"alarms": _alarm_list(records)}


class FleetActiveAlarms(SensorEntity):
    """The active, unacknowledged alarms of every box and gateway."""

    _attr_has_entity_name = True
    _attr_translation_key = "fleet_active_alarms"
    _attr_unique_id = "fleet_active_alarms"
    _attr_state_class = SensorStateClass.MEASUREMENT
    _attr_should_poll = False

    async def async_added_to_hass(self) -> None:
        """Follow the register."""
        self.async_on_remove(
            async_dispatcher_connect(self.hass, SIGNAL_ALARMS_CHANGED, self.async_write_ha_state)
        )

    @property
    def native_value(self) -> int:
        """Return the number of active, unacknowledged alarms."""
        return len(async_get_alarms(self.hass).register.unacknowledged())

    @property
    def extra_state_attributes(self) -> Mapping[str, Any]:
        """Return the alarms: id, box, cause and time."""
        return {"alarms": _alarm_list(async_get_alarms(self.hass).register.unacknowledged())}


class SafePowerEnergySensor(SafePowerSensor, RestoreSensor):
    """The box's energy meter (kWh), as the Energy dashboard needs it: never going backwards."""

    def __init__(
        self, hub: SafePowerHub, key: str, description: SafePowerSensorDescription
    ) -> None:
        """Start with nothing shown: the reading before a restart comes back first."""
        super().__init__(hub, key, description)
        self.guard = EnergyGuard()

    async def async_added_to_hass(self) -> None:
        """Restore the reading shown before, listen for a confirmed replacement, check now."""
        await super().async_added_to_hass()
        last = await self.async_get_last_sensor_data()
        if last is not None and isinstance(last.native_value, int | float | Decimal):
            self.guard.restore(float(last.native_value))
        self.async_on_remove(
            async_dispatcher_connect(self.hass, signal_accept(self.info.serial), self._accept)
        )
        self._check()

    @callback
    def _handle_coordinator_update(self) -> None:
        self._check()
        super()._handle_coordinator_update()

    @property
    def native_value(self) -> float | None:
        """Return the highest reading shown (a lower one is held)."""
        return self.guard.shown

    @callback
    def _check(self) -> None:
        box = self.box
        value = None if box is None else box.values.get(ENERGY_KEY)
        if value is None:
            return
        serial = self.info.serial
        match self.guard.check(value):
            case EnergyCheck.WENT_BACKWARDS:
                LOGGER.warning(
                    "Box %s's energy meter reads %s kWh, lower than the %s kWh shown: held at "
                    "%s kWh (a repair asks whether the meter was replaced)",
                    self.info.title,
                    value,
                    self.guard.shown,
                    self.guard.shown,
                )
                ir.async_create_issue(
                    self.hass,
                    DOMAIN,
                    issue_id(serial),
                    is_fixable=True,
                    severity=ir.IssueSeverity.WARNING,
                    translation_key="energy_backwards",
                    translation_placeholders={
                        "box": self.info.title,
                        "shown": f"{self.guard.shown}",
                        "reading": f"{value}",
                    },
                    data={"serial": serial},
                )
            case EnergyCheck.BACK:
                LOGGER.info("Box %s's energy meter reads on from %s kWh", self.info.title, value)
                ir.async_delete_issue(self.hass, DOMAIN, issue_id(serial))
            case _:
                pass

    @callback
    def _accept(self) -> None:
        """The user confirmed a new meter: its reading is the one shown from now on."""
        if self.guard.accept():
            LOGGER.info(
                "Box %s's energy meter was replaced: it reads %s kWh",
                self.info.title,
                self.guard.shown,
            )
            self._written = None
            self.async_write_ha_state()

"""The detector's alarm settings, set from Home Assistant and confirmed by the box.

Each setting the box has (its profile, or its MQTT `capabilities.settings`) is a number within
the range the detector takes (`box.profile.SETTING_RANGES`, or the profile's own). A change is
written to the box and read back (Modbus), or acknowledged by the box's next state (MQTT); the
number shows the new value only once the box confirmed it, else the action fails with a
translated error. Every change is logged with who made it (and Home Assistant's logbook shows
the user of the number's state change).
"""

from __future__ import annotations

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import (
    EntityCategory,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfTemperature,
    UnitOfTime,
)
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .alarms import async_actor
from .box.alarm_register import Via
from .const import DOMAIN, LOGGER
from .coordinator import SafePowerConfigEntry
from .entity import SafePowerEntity
from .hub import SafePowerHub, SettingNotKeptError

PARALLEL_UPDATES = 1  # one write at a time: each one is confirmed by the box


def _setting(
    key: str, device_class: NumberDeviceClass, unit: str, step: float
) -> NumberEntityDescription:
    return NumberEntityDescription(
        key=key,
        translation_key=key,
        device_class=device_class,
        native_unit_of_measurement=unit,
        native_step=step,
        mode=NumberMode.BOX,
        entity_category=EntityCategory.CONFIG,
        # Set once by the installer; the panel shows them and draws them on the charts.
        entity_registry_enabled_default=False,
    )


SETTINGS = (
    _setting("overcurrent_threshold", NumberDeviceClass.CURRENT, UnitOfElectricCurrent.AMPERE, 0.1),
    _setting("leakage_threshold", NumberDeviceClass.CURRENT, UnitOfElectricCurrent.MILLIAMPERE, 1),
    _setting(
        "cable_temperature_threshold", NumberDeviceClass.TEMPERATURE, UnitOfTemperature.CELSIUS, 0.1
    ),
    _setting(
        "box_temperature_threshold", NumberDeviceClass.TEMPERATURE, UnitOfTemperature.CELSIUS, 0.1
    ),
    _setting("overvoltage_threshold", NumberDeviceClass.VOLTAGE, UnitOfElectricPotential.VOLT, 0.1),
    _setting(
        "undervoltage_threshold", NumberDeviceClass.VOLTAGE, UnitOfElectricPotential.VOLT, 0.1
    ),
    # The alarm delays, where the detector has them.
    _setting("overcurrent_delay", NumberDeviceClass.DURATION, UnitOfTime.SECONDS, 1),
    _setting("leakage_delay", NumberDeviceClass.DURATION, UnitOfTime.SECONDS, 1),
    _setting("temperature_delay", NumberDeviceClass.DURATION, UnitOfTime.SECONDS, 1),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SafePowerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a number for every alarm setting of every box."""
    hub = entry.runtime_data
    for key, box in hub.boxes.items():
        async_add_entities(
            [
                SafePowerSettingNumber(hub, key, description)
                for description in SETTINGS
                if description.key in box.capabilities.settings
            ],
            config_subentry_id=box.subentry_id,
        )


class SafePowerSettingNumber(SafePowerEntity, NumberEntity):
    """One alarm setting of the detector (its threshold of one cause)."""

    def __init__(self, hub: SafePowerHub, key: str, description: NumberEntityDescription) -> None:
        """Take the setting's range from the box's detector."""
        super().__init__(hub, key, description)
        self.watch = description.key
        self._attr_native_min_value, self._attr_native_max_value = hub.setting_range(
            key, description.key
        )

    def shown(self) -> object:
        """Return the value the state shows."""
        return self.native_value

    @property
    def native_value(self) -> float | None:
        """Return the setting as the box reported it last."""
        box = self.box
        if box is None or box.reading is None:
            return None
        return box.reading.settings.get(self.entity_description.key)

    async def async_set_native_value(self, value: float) -> None:
        """Write the setting to the box; the number follows once the box confirmed it."""
        context = self._context or Context()
        actor = await async_actor(
            self.hass, context, Via.DASHBOARD if context.user_id else Via.AUTOMATION
        )
        setting, before = self.entity_description.key, self.native_value
        LOGGER.info(
            "Box %s: %s %s → %s requested by %s",
            self.info.title,
            setting,
            before,
            value,
            actor.user or actor.via,
        )
        try:
            await self.coordinator.async_write_setting(self.key, setting, value)
        except SettingNotKeptError as err:
            unit = self.native_unit_of_measurement
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="setting_not_confirmed",
                translation_placeholders={
                    "box": self.info.title,
                    "setting": self.name if isinstance(self.name, str) else setting,
                    "value": f"{value:g} {unit}" if unit else f"{value:g}",
                },
            ) from err
        LOGGER.info("Box %s confirmed %s = %s", self.info.title, setting, self.native_value)

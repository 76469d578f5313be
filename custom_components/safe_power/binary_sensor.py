"""Binary sensors of a box: one per alarm cause the detector reports, and connectivity."""

from __future__ import annotations

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .box.model import QUANTITY_ORDER, AlarmCause, channel_cause
from .coordinator import SafePowerConfigEntry
from .entity import SafePowerEntity
from .hub import BoxData

PARALLEL_UPDATES = 0

# "Safety" reads as "Unsafe" when on: right for the causes of electrical fires. Faults of the
# detector itself are problems, not hazards.
_PROBLEMS = frozenset({AlarmCause.SENSOR_FAULT, AlarmCause.CONTACTOR_TRIPPED})
_THREE_PHASE_ONLY = frozenset({AlarmCause.PHASE_LOSS, AlarmCause.UNBALANCE})
# On by default: the causes of electrical fires and the loss of supply. The others (the quality
# of the supply, the detector's own faults) start disabled: their alarms still go to the
# register, the panel, the `safe_power_alarm` event (the blueprints), the alarm log and the
# active alarms sensor; the voltage qualification rate and unbalance sensors follow the supply,
# the contactor's switch shows a trip. Each enabled entity costs ~20 kB (docs/scaling.md).
_ON_BY_DEFAULT = frozenset(
    {
        AlarmCause.OVERCURRENT,
        AlarmCause.LEAKAGE,
        AlarmCause.CABLE_OVER_TEMPERATURE,
        AlarmCause.BOX_OVER_TEMPERATURE,
        AlarmCause.SUPPLY_OUTAGE,
    }
)

CONNECTIVITY = BinarySensorEntityDescription(
    key="connectivity",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
    entity_category=EntityCategory.DIAGNOSTIC,
    # The box's entities go unavailable with it, and the `offline` alarm says so.
    entity_registry_enabled_default=False,
)


def alarm_description(cause: AlarmCause) -> BinarySensorEntityDescription:
    """Describe the binary sensor of one alarm cause."""
    return BinarySensorEntityDescription(
        key=f"alarm_{cause}",
        translation_key=f"alarm_{cause}",
        device_class=BinarySensorDeviceClass.PROBLEM
        if cause in _PROBLEMS
        else BinarySensorDeviceClass.SAFETY,
        entity_registry_enabled_default=cause in _ON_BY_DEFAULT,
    )


def channel_alarm_description(channel: str) -> BinarySensorEntityDescription:
    """Describe the own alarm of a multi-circuit detector's channel (circuit 3 leakage)."""
    return BinarySensorEntityDescription(
        key=f"alarm_{channel}",
        translation_key="alarm_leakage_channel"
        if channel_cause(channel) is AlarmCause.LEAKAGE
        else "alarm_temperature_channel",
        device_class=BinarySensorDeviceClass.SAFETY,
    )


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SafePowerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the binary sensors of every box: connectivity and one per alarm cause it has."""
    hub = entry.runtime_data
    for key, box in hub.boxes.items():
        entities: list[BinarySensorEntity] = [SafePowerConnectivity(hub, key, CONNECTIVITY)]
        entities.extend(
            SafePowerAlarm(hub, key, alarm_description(cause))
            for cause in AlarmCause
            if cause in box.alarm_causes and (box.phases == 3 or cause not in _THREE_PHASE_ONLY)
        )
        entities.extend(
            SafePowerChannelAlarm(hub, key, channel_alarm_description(channel))
            for channel in sorted(box.capabilities.channel_alarms, key=QUANTITY_ORDER.__getitem__)
        )
        async_add_entities(entities, config_subentry_id=box.subentry_id)


class SafePowerAlarm(SafePowerEntity, BinarySensorEntity):
    """On while the detector reports an alarm of one cause."""

    def shown(self) -> object:
        """Return the value the state shows."""
        return self.is_on

    @property
    def is_on(self) -> bool | None:
        """Return whether the alarm is active (unknown before the first reading)."""
        box = self.box
        if box is None or box.reading is None:
            return None
        return self.active(box, self.entity_description.key.removeprefix("alarm_"))

    def active(self, box: BoxData, name: str) -> bool:
        """Return whether the alarm `name` (this entity's key without `alarm_`) is on."""
        return AlarmCause(name) in box.alarms


class SafePowerChannelAlarm(SafePowerAlarm):
    """On while a multi-circuit detector reports an alarm of one of its channels."""

    def active(self, box: BoxData, name: str) -> bool:
        """Return whether the channel `name` (a measurement key) is in alarm."""
        return name in box.channel_alarms


class SafePowerConnectivity(SafePowerEntity, BinarySensorEntity):
    """Whether Home Assistant can read the box (never unavailable itself)."""

    def shown(self) -> object:
        """Return the value the state shows."""
        return self.is_on

    @property
    def available(self) -> bool:
        """Return True: connectivity is what this entity reports."""
        return True

    @property
    def is_on(self) -> bool:
        """Return True while the gateway and the box answer."""
        box = self.box
        hub = self.coordinator
        return hub.last_update_success and hub.reachable and box is not None and box.online

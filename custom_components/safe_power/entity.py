"""The base entity of a box: it owns the device info and the availability rule."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .hub import BoxData, BoxInfo, SafePowerHub


class SafePowerEntity(CoordinatorEntity[SafePowerHub]):
    """An entity of one box; unique ids derive from the box's serial, not its address."""

    _attr_has_entity_name = True

    def __init__(self, hub: SafePowerHub, key: str, description: EntityDescription) -> None:
        """Bind the entity to its box."""
        super().__init__(hub)
        self.entity_description = description
        self.key = key
        info = hub.boxes[key]
        self._attr_unique_id = f"{info.serial}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, info.serial)},
            name=info.title,
            manufacturer=info.manufacturer,
            model=info.model,
            serial_number=info.serial,
            sw_version=info.firmware or None,
        )

    @property
    def info(self) -> BoxInfo:
        """Return what this entity's box has and where it is."""
        return self.coordinator.boxes[self.key]

    @property
    def box(self) -> BoxData | None:
        """Return the latest data of this entity's box."""
        return (self.coordinator.data or {}).get(self.key)

    @property
    def available(self) -> bool:
        """Return True while the box can be read."""
        box = self.box
        return super().available and self.coordinator.reachable and box is not None and box.online

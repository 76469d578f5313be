"""The base entity of a box: it owns the device info and the availability rule."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .box.modbus import BoxLink
from .const import CONF_FIRMWARE, CONF_MODEL, CONF_SERIAL, DOMAIN
from .coordinator import BoxData, SafePowerCoordinator


class SafePowerEntity(CoordinatorEntity[SafePowerCoordinator]):
    """An entity of one box; unique ids derive from the box's serial, not its address."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: SafePowerCoordinator,
        subentry_id: str,
        description: EntityDescription,
    ) -> None:
        """Bind the entity to its box."""
        super().__init__(coordinator)
        self.entity_description = description
        self.subentry_id = subentry_id
        box = coordinator.boxes[subentry_id]
        serial = box.data[CONF_SERIAL]
        self._attr_unique_id = f"{serial}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, serial)},
            name=box.title,
            manufacturer=coordinator.link(subentry_id).profile.manufacturer,
            model=box.data[CONF_MODEL],
            serial_number=serial,
            sw_version=box.data.get(CONF_FIRMWARE) or None,
        )

    @property
    def box(self) -> BoxData | None:
        """Return the latest data of this entity's box."""
        return (self.coordinator.data or {}).get(self.subentry_id)

    @property
    def link(self) -> BoxLink:
        """Return the poller's link of this entity's box."""
        return self.coordinator.link(self.subentry_id)

    @property
    def available(self) -> bool:
        """Return True while the gateway answers and the box answers."""
        box = self.box
        return super().available and box is not None and box.online

"""MQTT boxes the user deleted: their retained config must not offer them again.

Home Assistant re-runs MQTT discovery for a topic when the entry it created is deleted, and the
box's config stays retained on the broker. The serials of deleted boxes are kept in a store;
discovery ignores them, and adding the box by hand (the user flow) takes it off the list.
"""

from __future__ import annotations

from typing import Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN

STORAGE_KEY: Final = f"{DOMAIN}.removed_mqtt_boxes"
STORAGE_VERSION: Final = 1
_DATA: HassKey[RemovedBoxes] = HassKey(f"{DOMAIN}_removed_mqtt_boxes")


class RemovedBoxes:
    """The serials of deleted MQTT boxes, persisted."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Open the store (loaded by `async_load`)."""
        self._store: Store[dict[str, list[str]]] = Store(hass, STORAGE_VERSION, STORAGE_KEY)
        self.serials: set[str] = set()

    async def async_load(self) -> None:
        """Read the stored serials; a broken store counts as empty."""
        data = await self._store.async_load()
        if isinstance(data, dict) and isinstance(serials := data.get("serials"), list):
            self.serials = {s for s in serials if isinstance(s, str)}

    async def async_set(self, serial: str, *, removed: bool) -> None:
        """Add a serial to, or take it off, the list, and save it."""
        before = set(self.serials)
        if removed:
            self.serials.add(serial)
        else:
            self.serials.discard(serial)
        if self.serials != before:
            await self._store.async_save({"serials": sorted(self.serials)})


async def async_removed_boxes(hass: HomeAssistant) -> RemovedBoxes:
    """Return the list of deleted MQTT boxes, loading it once."""
    if (boxes := hass.data.get(_DATA)) is None:
        loaded = RemovedBoxes(hass)
        await loaded.async_load()
        boxes = hass.data.setdefault(_DATA, loaded)  # another caller may have loaded it meanwhile
    return boxes


async def async_set_removed(hass: HomeAssistant, serial: str, *, removed: bool) -> None:
    """Mark a box as deleted (`removed=True`) or as added again."""
    await (await async_removed_boxes(hass)).async_set(serial, removed=removed)

"""The voltage qualification counts of every box, kept through restarts and reloads.

One `Store` for the installation (`safe_power.quality`), by box serial: today's and this
month's monitored and within-limits seconds and the last sample (`box.quality`). A reload keeps
the counters in memory; a restart reads them back. Saved a minute after a change, and when Home
Assistant stops.
"""

from __future__ import annotations

import asyncio
from typing import Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.util.hass_dict import HassKey

from .box.quality import NOMINAL_PHASE_VOLTAGE, QualificationRate
from .const import DOMAIN

STORAGE_KEY: Final = f"{DOMAIN}.quality"
SAVE_DELAY: Final = 60  # s
_DATA: HassKey[QualityStore] = HassKey(f"{DOMAIN}_quality")
_LOADING: HassKey[asyncio.Task[QualityStore]] = HassKey(f"{DOMAIN}_quality_loading")


class QualityStore:
    """The boxes' qualification counters and their Store."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Nothing is read before `async_load`."""
        self._store: Store[dict[str, Any]] = Store(hass, 1, STORAGE_KEY)
        self._stored: dict[str, Any] = {}
        self._counters: dict[str, QualificationRate] = {}

    async def async_load(self) -> None:
        """Read what was kept (a broken file: start afresh)."""
        stored = await self._store.async_load()
        boxes = stored.get("boxes") if isinstance(stored, dict) else None
        self._stored = boxes if isinstance(boxes, dict) else {}

    @callback
    def counter(
        self, serial: str, phases: int, nominal: float = NOMINAL_PHASE_VOLTAGE
    ) -> QualificationRate:
        """Return a box's counter: the one in memory (a reload), else the kept one, else new."""
        counter = self._counters.get(serial)
        if counter is None or counter.phases != phases:
            counter = QualificationRate(phases)
            counter.restore(self._stored.get(serial))
            self._counters[serial] = counter
        counter.nominal = nominal
        return counter

    @callback
    def changed(self) -> None:
        """Save soon: a sample was counted."""
        self._store.async_delay_save(self._data, SAVE_DELAY)

    def _data(self) -> dict[str, Any]:
        kept = dict(self._stored)
        kept.update({serial: c.as_dict() for serial, c in self._counters.items()})
        return {"boxes": kept}


async def async_get_quality_store(hass: HomeAssistant) -> QualityStore:
    """Return the installation's counters, read on first use (once, however many ask)."""
    if (loading := hass.data.get(_LOADING)) is None:
        store = QualityStore(hass)
        loading = hass.data[_LOADING] = hass.async_create_task(_load(hass, store))
    return await asyncio.shield(loading)


async def _load(hass: HomeAssistant, store: QualityStore) -> QualityStore:
    await store.async_load()
    hass.data[_DATA] = store
    return store


@callback
def quality_store(hass: HomeAssistant) -> QualityStore:
    """Return the counters (after `async_get_quality_store` read them)."""
    return hass.data[_DATA]

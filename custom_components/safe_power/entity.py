"""The base entity of a box: it links to its box's device and owns the availability rule."""

from __future__ import annotations

from time import monotonic

from homeassistant.core import callback
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .box.deadband import Band, worth_showing
from .box.model import channel_of
from .hub import STATUS, BoxData, BoxInfo, EntityWatch, SafePowerHub
from .panel_settings import PanelSettings, async_get_panel_settings


class SafePowerEntity(CoordinatorEntity[SafePowerHub]):
    """An entity of one box; unique ids derive from the box's serial, not its address.

    A hub update reaches every entity of the box, but only those whose shown value or
    availability changed write their state: a telemetry message that moves three values costs
    three state writes, not thirty.
    """

    _attr_has_entity_name = True
    _written: object = None  # (available, shown value) at the last state write
    watch: str = STATUS  # the value key the entity shows; STATUS: only the box's status

    def __init__(self, hub: SafePowerHub, key: str, description: EntityDescription) -> None:
        """Bind the entity to its box."""
        super().__init__(hub)
        self.entity_description = description
        self.key = key
        info = hub.boxes[key]
        self._attr_unique_id = f"{info.serial}_{description.key}"
        # A multi-circuit detector's channel: its number goes into the translated name.
        if channel := channel_of(description.key.removeprefix("alarm_")):
            self._attr_translation_placeholders = {"channel": str(channel[1])}
        # The box's device, made with the entry (__init__): a device info per entity cost a
        # device registry look-up each, 8 s of a 1,512-box start (bench/site_1000.py).
        self.device_entry = hub.devices[key]

    async def async_added_to_hass(self) -> None:
        """Listen to the hub for this entity's box and value only (`SafePowerHub`)."""
        self.coordinator_context = EntityWatch(self.key, self.watch)
        await super().async_added_to_hass()

    def shown(self) -> object:
        """Return what the entity's state shows (its value); platforms override it."""
        return object()  # unknown: always write

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write the state when the value or the availability changed."""
        changed = self.coordinator.changed.get(self.key)
        if changed is not None and self.watch not in changed:
            return  # neither its value nor the box's status moved
        self.write_if_moved()

    @callback
    def write_if_moved(self) -> None:
        """Write the state when what it shows moved and the move is worth a state."""
        written = (self.available, self.shown())
        if written != self._written and self.worth_writing(written):
            self._written = written
            self.async_write_ha_state()

    def worth_writing(self, written: tuple[bool, object]) -> bool:  # noqa: ARG002
        """Return whether a moved state is worth writing (every move, unless overridden)."""
        return True

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


class BandedEntity(SafePowerEntity):
    """An entity whose value the site may hold within a band (`box/deadband.py`).

    With the site's "significant changes only" (`PanelSettings.state_updates`) a value that
    stays within its band of the one shown writes no state until the heartbeat is due; a
    change of availability always does, and so does everything with every change (the default).
    """

    _band: Band | None = None  # set by the platform for the values that have one
    _settings: PanelSettings | None = None
    _shown_at: float = 0.0  # monotonic() at the last state write

    async def async_added_to_hass(self) -> None:
        """Read the site's settings (changed in place, so a change applies at once)."""
        self._settings = async_get_panel_settings(self.hass)
        await super().async_added_to_hass()

    def worth_writing(self, written: tuple[bool, object]) -> bool:
        """Return False for a value still within its band of the one shown."""
        now = monotonic()
        last, band, settings = self._written, self._band, self._settings
        if (
            band is not None
            and settings is not None
            and (heartbeat := settings.heartbeat) is not None
            and isinstance(last, tuple)
            and last[0]
            and written[0]
            and isinstance(shown := last[1], float | int)
            and isinstance(value := written[1], float | int)
            and not worth_showing(band, shown, value, now - self._shown_at, heartbeat)
        ):
            return False
        self._shown_at = now
        return True

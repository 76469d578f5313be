"""The alarm log of a box: one event per alarm raised or cleared, saying what, when, where."""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import area_registry as ar, device_registry as dr
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .box.model import AlarmCause
from .const import (
    CONF_FLOOR,
    CONF_LATITUDE,
    CONF_LOCATION,
    CONF_LONGITUDE,
    CONF_NOTIFY_TARGETS,
    CONF_X,
    CONF_Y,
    EVENT_ALARM,
    EVENT_CLEARED,
)
from .coordinator import SafePowerConfigEntry
from .entity import SafePowerEntity
from .fleet import async_get_fleet

PARALLEL_UPDATES = 0
MAX_DIAGNOSES = 3  # probable causes an alarm event carries, most likely first

ALARM_LOG = EventEntityDescription(
    key="alarm_log",
    translation_key="alarm_log",
    event_types=[EVENT_ALARM, EVENT_CLEARED],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SafePowerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the alarm log of every box."""
    hub = entry.runtime_data
    for key, box in hub.boxes.items():
        async_add_entities(
            [SafePowerAlarmLog(hub, key, ALARM_LOG)], config_subentry_id=box.subentry_id
        )


class SafePowerAlarmLog(SafePowerEntity, EventEntity):
    """Fires `alarm` when a cause becomes active and `cleared` when it ends.

    The box going offline is logged as the cause `offline`. Alarms already active when Home
    Assistant starts are not fired again (their binary sensors show them), so a restart does
    not repeat every notification.
    """

    _active: frozenset[AlarmCause] | None = None

    @property
    def available(self) -> bool:
        """Return True: the log stays readable while the box is offline."""
        return True

    @callback
    def _handle_coordinator_update(self) -> None:
        box = self.box
        if box is None:
            return
        # Offline, what the box alarmed before is unknown, not ended: it stays active until
        # the box says otherwise (no "cleared" for it).
        online = box.online and self.coordinator.last_update_success
        current = (
            frozenset(box.alarms)
            if online
            else (self._active or frozenset()) | {AlarmCause.OFFLINE}
        )
        previous, self._active = self._active, current
        if previous is None or previous == current:
            return
        fleet = async_get_fleet(self.hass)
        serial = self.info.serial
        # Record first, so that the diagnosis of each alarm sees the others of this update.
        for cause in sorted(current - previous):
            if cause is AlarmCause.OFFLINE:
                fleet.record_connectivity(serial, online=False)
            else:
                fleet.record_alarm(serial, box.alarm_detail(cause), cause)
        if AlarmCause.OFFLINE in previous - current:
            fleet.record_connectivity(serial, online=True)
        # One state write per event: automations see every cause, not only the last one.
        for cause in sorted(current - previous):
            attrs = self._describe(cause)
            attrs["diagnosis"] = [
                {k: v for k, v in d.as_dict().items() if k != "evidence"}
                for d in fleet.diagnose(serial, cause)[:MAX_DIAGNOSES]
            ]
            self._trigger_event(EVENT_ALARM, attrs)
            self.async_write_ha_state()
        for cause in sorted(previous - current):
            self._trigger_event(EVENT_CLEARED, self._describe(cause))
            self.async_write_ha_state()

    async def async_added_to_hass(self) -> None:
        """Take the current alarms as the starting point."""
        await super().async_added_to_hass()
        box = self.box
        if box is not None:
            active = set(box.alarms) if box.online else {AlarmCause.OFFLINE}
            self._active = frozenset(active)

    def _describe(self, cause: AlarmCause) -> dict[str, Any]:
        """Return what, when and where for one cause."""
        box, info = self.box, self.info
        attrs: dict[str, Any] = {
            "cause": cause.value,
            "time": dt_util.utcnow().isoformat(),
            "box": info.title,
            "serial": info.serial,
            "location": info.details.get(CONF_LOCATION) or None,
            "area": self._area_name(),
            "device_id": self.registry_entry.device_id if self.registry_entry else None,
            "notify_targets": list(info.details.get(CONF_NOTIFY_TARGETS) or []),
        }
        detail = box.alarm_detail(cause) if box is not None else None
        if cause is not AlarmCause.OFFLINE and detail is not None:
            if detail.time is not None:  # the box's own clock (MQTT /alarm)
                attrs["time"] = detail.time.isoformat()
            attrs |= {
                "value": detail.value,
                "threshold": detail.threshold,
                "unit": detail.unit,
                "channel": detail.channel,
            }
        for key in (CONF_LATITUDE, CONF_LONGITUDE, CONF_X, CONF_Y, CONF_FLOOR):
            if info.details.get(key) is not None:
                attrs[key] = info.details[key]
        return attrs

    def _area_name(self) -> str | None:
        """Return the area the box's device is in now (the user may have moved it)."""
        if self.registry_entry is None or self.registry_entry.device_id is None:
            return None
        device = dr.async_get(self.hass).async_get(self.registry_entry.device_id)
        if device is None or device.area_id is None:
            return None
        area = ar.async_get(self.hass).async_get_area(device.area_id)
        return area.name if area else None

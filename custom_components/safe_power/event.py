"""The alarm log of a box: one event per alarm raised or cleared, saying what, when, where."""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .alarms import SIGNAL_ALARM
from .box.alarm_register import AlarmRecord
from .box.model import AlarmCause
from .const import (
    CONF_LOCATION,
    EVENT_ALARM,
    EVENT_CLEARED,
    PLACE_KEYS,
)
from .coordinator import SafePowerConfigEntry
from .entity import SafePowerEntity

PARALLEL_UPDATES = 0

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
    """Fires `alarm` when the register opens an alarm of the box and `cleared` when it closes.

    The register (`alarms.AlarmCenter`) decides: an alarm still open after a restart is not
    fired again, one the box raised while Home Assistant was down is. The attributes say what,
    when and where, with the alarm's id in the register.
    """

    @property
    def available(self) -> bool:
        """Return True: the log stays readable while the box is offline."""
        return True

    @callback
    def _handle_coordinator_update(self) -> None:
        """Nothing to do: the register tells the log what happened."""

    async def async_added_to_hass(self) -> None:
        """Listen to the register for this box."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, f"{SIGNAL_ALARM}_{self.info.serial}", self._on_alarm
            )
        )

    @callback
    def _on_alarm(self, kind: str, record: AlarmRecord) -> None:
        if kind == "raised":
            self._trigger_event(EVENT_ALARM, describe(record, diagnosis=True))
        elif kind == "cleared":
            self._trigger_event(EVENT_CLEARED, describe(record, diagnosis=False))
        else:
            return
        self.async_write_ha_state()


def describe(record: AlarmRecord, *, diagnosis: bool) -> dict[str, Any]:
    """Return what, when and where of an alarm, as the alarm log shows it."""
    place = record.place
    attrs: dict[str, Any] = {
        "alarm_id": record.alarm_id,
        "cause": record.cause,
        "time": record.time.isoformat(),
        "box": record.box,
        "serial": record.serial,
        "location": place.get(CONF_LOCATION) or None,
        "area": place.get("area"),
        "device_id": record.device_id,
        "notify_targets": list(record.notify_targets),
    }
    if record.cause != AlarmCause.OFFLINE.value:
        cleared = record.cleared is not None and record.cleared_value is not None
        attrs |= {
            "value": record.cleared_value if cleared else record.value,
            "threshold": record.threshold,
            "limit": record.limit,
            "unit": record.unit,
            "channel": record.channel,
        }
    for key in PLACE_KEYS:
        if key != CONF_LOCATION and place.get(key) is not None:
            attrs[key] = place[key]
    if diagnosis:
        attrs["diagnosis"] = list(record.diagnosis)
    return attrs

"""Service actions: power boxes off and on, and ask what happened around a box.

Registered once for the domain. Boxes are named by their device (`device_id`); the power
actions also take the contactor switch (`entity_id`). The correlation and diagnosis actions
return response data for blueprints and scripts (`response_variable`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any, Final

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv, entity_registry as er
import probatio as vol

from .alarms import async_actor, async_get_alarms
from .box.alarm_register import Via
from .box.correlation import Event
from .box.model import AlarmCause
from .const import ATTR_FORCE, DOMAIN, LOGGER
from .fleet import Fleet, FleetBox, async_get_fleet

SERVICE_POWER_OFF: Final = "power_off"
SERVICE_POWER_ON: Final = "power_on"
SERVICE_NEIGHBOUR_ALARMS: Final = "neighbour_alarms"
SERVICE_OFFLINE_NEIGHBOURS: Final = "offline_neighbours"
SERVICE_OFFLINE_AFTER_ALARM: Final = "offline_after_alarm"
SERVICE_DIAGNOSE: Final = "diagnose"
SERVICE_EARLY_WARNINGS: Final = "early_warnings"

ATTR_DEVICE_ID: Final = "device_id"
ATTR_ENTITY_ID: Final = "entity_id"
ATTR_CAUSE: Final = "cause"
ATTR_DISTANCE: Final = "distance"
ATTR_WINDOW: Final = "window"
ATTR_DELTA: Final = "delta"
ATTR_WITHIN_DAYS: Final = "within_days"

_ALARM_CAUSES: Final = [c.value for c in AlarmCause if c is not AlarmCause.OFFLINE]
_SECONDS = vol.All(cv.time_period, cv.positive_timedelta)
_METRES = vol.All(vol.Coerce(float), vol.Range(min=0, max=100_000))

POWER_SCHEMA: Final = vol.Schema(
    {
        vol.Optional(ATTR_DEVICE_ID): vol.All(cv.ensure_list, [cv.string]),
        vol.Optional(ATTR_ENTITY_ID): cv.entity_ids,
        vol.Optional(ATTR_FORCE, default=False): cv.boolean,
    }
)
NEIGHBOUR_ALARMS_SCHEMA: Final = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Optional(ATTR_CAUSE): vol.In(_ALARM_CAUSES),
        vol.Optional(ATTR_DISTANCE, default=50.0): _METRES,
        vol.Optional(ATTR_WINDOW, default=timedelta(minutes=10)): _SECONDS,
    }
)
OFFLINE_NEIGHBOURS_SCHEMA: Final = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Optional(ATTR_DISTANCE, default=100.0): _METRES,
        vol.Optional(ATTR_DELTA, default=timedelta(minutes=2)): _SECONDS,
    }
)
OFFLINE_AFTER_ALARM_SCHEMA: Final = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Optional(ATTR_WINDOW, default=timedelta(minutes=5)): _SECONDS,
    }
)
EARLY_WARNINGS_SCHEMA: Final = vol.Schema(
    {
        vol.Optional(ATTR_DEVICE_ID): vol.All(cv.ensure_list, [cv.string]),
        vol.Optional(ATTR_WITHIN_DAYS, default=30.0): vol.All(
            vol.Coerce(float), vol.Range(min=0, max=3650)
        ),
    }
)
DIAGNOSE_SCHEMA: Final = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Optional(ATTR_CAUSE): vol.In([*_ALARM_CAUSES, AlarmCause.OFFLINE.value]),
    }
)


def fleet_box(fleet: Fleet, device_id: str) -> FleetBox:
    """Return the box of a device, or raise the translated `unknown_box` error."""
    if (box := fleet.by_device(device_id)) is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_box",
            translation_placeholders={"device_id": device_id},
        )
    return box


def _iso(event: Event | None) -> str | None:
    return event.time.isoformat() if event is not None else None


def _boxes_of(hass: HomeAssistant, call: ServiceCall) -> list[FleetBox]:
    """Return the boxes a power action names, by device or by contactor switch."""
    fleet = async_get_fleet(hass)
    device_ids: list[str] = list(call.data.get(ATTR_DEVICE_ID, []))
    registry = er.async_get(hass)
    for entity_id in call.data.get(ATTR_ENTITY_ID, []):
        entry = registry.async_get(entity_id)
        if entry is None or entry.platform != DOMAIN or entry.device_id is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="unknown_box",
                translation_placeholders={"device_id": entity_id},
            )
        device_ids.append(entry.device_id)
    if not device_ids:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="no_box_given")
    return [fleet_box(fleet, device_id) for device_id in dict.fromkeys(device_ids)]


async def _async_power(call: ServiceCall, *, closed: bool) -> ServiceResponse:
    """Switch every named box, each confirmed by read-back; report every failure."""
    hass = call.hass
    boxes = _boxes_of(hass, call)
    force = bool(call.data.get(ATTR_FORCE, False)) and closed
    done: list[Any] = []
    errors: list[HomeAssistantError] = []
    center = async_get_alarms(hass)
    actor = await async_actor(hass, call.context, Via.SERVICE)
    for box in boxes:
        try:
            await center.async_set_contactor(
                box.hub, box.key, closed=closed, force=force, actor=actor
            )
        except HomeAssistantError as err:
            errors.append(err)
            continue
        done.append({"device_id": box.device_id, "name": box.title})
    if len(errors) == 1 and not done:
        raise errors[0]
    if errors:
        LOGGER.error(
            "Power %s failed for %d of %d boxes", "on" if closed else "off", len(errors), len(boxes)
        )
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="some_boxes_failed",
            translation_placeholders={
                "failed": str(len(errors)),
                "total": str(len(boxes)),
                "errors": "; ".join(str(e) for e in errors),
            },
        )
    return {"boxes": done, "contactor": "closed" if closed else "open"}


async def _async_power_off(call: ServiceCall) -> ServiceResponse:
    return await _async_power(call, closed=False)


async def _async_power_on(call: ServiceCall) -> ServiceResponse:
    return await _async_power(call, closed=True)


def _latest_cause(fleet: Fleet, serial: str) -> AlarmCause | None:
    """Return the cause of a box's latest alarm (offline excluded)."""
    events = [e for e in fleet.correlator.history(serial) if e.cause in _ALARM_CAUSES]
    if not events:
        return None
    return AlarmCause(max(events, key=lambda e: e.time).cause)


@callback
def _neighbour_alarms(call: ServiceCall) -> ServiceResponse:
    fleet = async_get_fleet(call.hass)
    box = fleet_box(fleet, call.data[ATTR_DEVICE_ID])
    cause = (
        AlarmCause(call.data[ATTR_CAUSE])
        if ATTR_CAUSE in call.data
        else _latest_cause(fleet, box.serial)
    )
    neighbours: list[Any] = []
    time = None
    if cause is not None:
        found = fleet.correlator.neighbour_alarms(
            box.serial, cause, call.data[ATTR_DISTANCE], call.data[ATTR_WINDOW]
        )
        time = found.at.isoformat() if found.at else None
        neighbours = [
            fleet.describe(
                n.box_id,
                distance=None if n.distance is None else round(n.distance, 1),
                time=n.time.isoformat(),
                value=n.value,
                threshold=n.threshold,
                unit=n.unit,
                channel=n.channel,
            )
            for n in found.neighbours
            if n.box_id in fleet.boxes
        ]
    return {
        "box": fleet.describe(box.serial),
        "cause": cause.value if cause else None,
        "time": time,
        "count": len(neighbours),
        "neighbours": neighbours,
    }


@callback
def _offline_neighbours(call: ServiceCall) -> ServiceResponse:
    fleet = async_get_fleet(call.hass)
    box = fleet_box(fleet, call.data[ATTR_DEVICE_ID])
    found = fleet.correlator.offline_neighbours(
        box.serial, call.data[ATTR_DISTANCE], call.data[ATTR_DELTA]
    )
    offline: list[Any] = [
        fleet.describe(
            n.box_id,
            distance=None if n.distance is None else round(n.distance, 1),
            offline_at=n.offline_at.isoformat(),
        )
        for n in found.offline
        if n.box_id in fleet.boxes
    ]
    online: list[Any] = [
        fleet.describe(
            n.box_id,
            distance=round(n.distance, 1),
            notify_targets=fleet.notify_targets(n.box_id),
        )
        for n in found.online
        if n.box_id in fleet.boxes and fleet.boxes[n.box_id].online
    ]
    return {
        "box": fleet.describe(box.serial),
        "offline_at": found.at.isoformat() if found.at else None,
        "count_offline": len(offline),
        "offline": offline,
        "online": online,
    }


@callback
def _offline_after_alarm(call: ServiceCall) -> ServiceResponse:
    fleet = async_get_fleet(call.hass)
    box = fleet_box(fleet, call.data[ATTR_DEVICE_ID])
    found = fleet.correlator.offline_after_alarm(box.serial, call.data[ATTR_WINDOW])
    alarm = found.alarm
    return {
        "box": fleet.describe(box.serial),
        "after_alarm": found.after_alarm,
        "offline_at": found.offline_at.isoformat() if found.offline_at else None,
        "gap": found.gap,
        "alarm": None
        if alarm is None
        else {
            "cause": str(alarm.cause),
            "time": _iso(alarm),
            "value": alarm.value,
            "threshold": alarm.threshold,
            "unit": alarm.unit,
        },
    }


@callback
def _diagnose(call: ServiceCall) -> ServiceResponse:
    fleet = async_get_fleet(call.hass)
    box = fleet_box(fleet, call.data[ATTR_DEVICE_ID])
    data = (box.hub.data or {}).get(box.key)
    active: Iterable[AlarmCause] = sorted(data.alarms) if data and data.online else ()
    cause: AlarmCause | None
    if ATTR_CAUSE in call.data:  # e.g. an automation's own threshold, not the detector's
        cause = AlarmCause(call.data[ATTR_CAUSE])
    elif data is not None and not box.online:
        cause = AlarmCause.OFFLINE
    else:
        cause = next(iter(active), None) or _latest_cause(fleet, box.serial)
    return {
        "box": fleet.describe(box.serial),
        "cause": cause.value if cause else None,
        "diagnoses": [
            {k: v for k, v in d.as_dict().items() if k != "evidence"}
            for d in fleet.diagnose(box.serial, cause)
        ],
    }


@callback
def _early_warnings(call: ServiceCall) -> ServiceResponse:
    """Return the boxes heading for their leakage or cable temperature setting, soonest first."""
    fleet = async_get_fleet(call.hass)
    if ATTR_DEVICE_ID in call.data:
        serials = [fleet_box(fleet, d).serial for d in call.data[ATTR_DEVICE_ID]]
    else:
        serials = list(fleet.boxes)
    within = call.data[ATTR_WITHIN_DAYS]
    found: list[Any] = [
        warning
        for serial in serials
        if (warning := fleet.early_warning(serial))["days_to_limit"] is not None
        and warning["days_to_limit"] <= within
    ]
    found.sort(key=lambda w: (w["days_to_limit"], w["name"]))
    return {"boxes": found}


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the service actions, once for the domain."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_POWER_OFF,
        _async_power_off,
        schema=POWER_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_POWER_ON,
        _async_power_on,
        schema=POWER_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    for name, handler, schema in (
        (SERVICE_NEIGHBOUR_ALARMS, _neighbour_alarms, NEIGHBOUR_ALARMS_SCHEMA),
        (SERVICE_OFFLINE_NEIGHBOURS, _offline_neighbours, OFFLINE_NEIGHBOURS_SCHEMA),
        (SERVICE_OFFLINE_AFTER_ALARM, _offline_after_alarm, OFFLINE_AFTER_ALARM_SCHEMA),
        (SERVICE_DIAGNOSE, _diagnose, DIAGNOSE_SCHEMA),
        (SERVICE_EARLY_WARNINGS, _early_warnings, EARLY_WARNINGS_SCHEMA),
    ):
        hass.services.async_register(
            DOMAIN, name, handler, schema=schema, supports_response=SupportsResponse.ONLY
        )

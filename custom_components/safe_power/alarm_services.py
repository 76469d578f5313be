"""Service actions on the alarm register: acknowledge, look up, and report a user's own limit.

Registered once for the domain (docs/alarms.md). Who acts is the call's user; boxes are named
by their device (`device_id`), areas by their area id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import probatio as vol

from .alarms import async_actor, async_get_alarms
from .box.alarm_register import CAUSES, AlarmState, Via
from .box.model import AlarmCause
from .const import DOMAIN
from .fleet import async_get_fleet
from .services import fleet_box

SERVICE_ACKNOWLEDGE: Final = "acknowledge"
SERVICE_ALARMS: Final = "alarms"
SERVICE_REPORT_ALARM: Final = "report_alarm"

ATTR_ALARM_ID: Final = "alarm_id"
ATTR_DEVICE_ID: Final = "device_id"
ATTR_AREA_ID: Final = "area_id"
ATTR_ALL: Final = "all"
ATTR_CAUSE: Final = "cause"
ATTR_STATE: Final = "state"
ATTR_START: Final = "start"
ATTR_END: Final = "end"
ATTR_LIMIT: Final = "limit"
ATTR_ACTIVE: Final = "active"
DEFAULT_LIMIT: Final = 100
MAX_LIMIT: Final = 10_000

_LIST = vol.All(cv.ensure_list, [cv.string])
_REPORTABLE: Final = sorted(
    c.value
    for c in AlarmCause
    if c not in (AlarmCause.OFFLINE, AlarmCause.SENSOR_FAULT, AlarmCause.CONTACTOR_TRIPPED)
)

ACKNOWLEDGE_SCHEMA: Final = vol.Schema(
    {
        vol.Optional(ATTR_ALARM_ID): _LIST,
        vol.Optional(ATTR_DEVICE_ID): _LIST,
        vol.Optional(ATTR_ALL, default=False): cv.boolean,
    }
)
ALARMS_SCHEMA: Final = vol.Schema(
    {
        vol.Optional(ATTR_DEVICE_ID): _LIST,
        vol.Optional(ATTR_AREA_ID): _LIST,
        vol.Optional(ATTR_CAUSE): vol.All(cv.ensure_list, [vol.In(sorted(CAUSES))]),
        vol.Optional(ATTR_STATE): vol.All(cv.ensure_list, [vol.In([s.value for s in AlarmState])]),
        vol.Optional(ATTR_START): cv.datetime,
        vol.Optional(ATTR_END): cv.datetime,
        vol.Optional(ATTR_LIMIT, default=DEFAULT_LIMIT): vol.All(
            vol.Coerce(int), vol.Range(min=1, max=MAX_LIMIT)
        ),
    }
)
REPORT_ALARM_SCHEMA: Final = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Required(ATTR_CAUSE): vol.In(_REPORTABLE),
        vol.Optional(ATTR_ACTIVE, default=True): cv.boolean,
        vol.Optional("value"): vol.Coerce(float),
        vol.Optional("threshold"): vol.Coerce(float),
        vol.Optional("unit"): cv.string,
        vol.Optional("channel"): cv.string,
    }
)


def _serials(hass: HomeAssistant, device_ids: list[str]) -> list[str]:
    fleet = async_get_fleet(hass)
    return [fleet_box(fleet, device_id).serial for device_id in device_ids]


async def _async_acknowledge(call: ServiceCall) -> ServiceResponse:
    center = async_get_alarms(call.hass)
    ids: list[str] = list(call.data.get(ATTR_ALARM_ID, []))
    if call.data[ATTR_ALL]:
        ids += [r.alarm_id for r in center.register.unacknowledged()]
    for serial in _serials(call.hass, call.data.get(ATTR_DEVICE_ID, [])):
        ids += [r.alarm_id for r in center.register.unacknowledged(serial)]
    if not ids and not call.data[ATTR_ALL] and not call.data.get(ATTR_DEVICE_ID):
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="no_alarm_given")
    done = center.acknowledge(
        list(dict.fromkeys(ids)), await async_actor(call.hass, call.context, Via.SERVICE)
    )
    return {"acknowledged": [r.alarm_id for r in done]}


async def async_query_alarms(hass: HomeAssistant, query: Mapping[str, Any]) -> dict[str, Any]:
    """Return the register's records matching a validated ALARMS_SCHEMA query, and the total.

    Months not loaded yet (older than the previous one) are read first when `start` asks.
    """
    center = async_get_alarms(hass)
    device_ids = query.get(ATTR_DEVICE_ID)
    start, end = query.get(ATTR_START), query.get(ATTR_END)
    await center.async_load_months(None if start is None else dt_util.as_utc(start))
    records, total = center.register.query(
        serials=None if device_ids is None else _serials(hass, device_ids),
        causes=query.get(ATTR_CAUSE),
        states=query.get(ATTR_STATE),
        area_ids=query.get(ATTR_AREA_ID),
        start=None if start is None else dt_util.as_utc(start),
        end=None if end is None else dt_util.as_utc(end),
        limit=query[ATTR_LIMIT],
    )
    return {"alarms": [r.as_dict() for r in records], "total": total}


async def _async_alarms(call: ServiceCall) -> ServiceResponse:
    response: ServiceResponse = await async_query_alarms(call.hass, call.data)
    return response


@callback
def _report_alarm(call: ServiceCall) -> ServiceResponse:
    box = fleet_box(async_get_fleet(call.hass), call.data[ATTR_DEVICE_ID])
    details = {k: call.data.get(k) for k in ("value", "threshold", "unit", "channel")}
    record = async_get_alarms(call.hass).report(
        box, AlarmCause(call.data[ATTR_CAUSE]), active=call.data[ATTR_ACTIVE], details=details
    )
    return {"alarm_id": None if record is None else record.alarm_id}


@callback
def async_setup_alarm_services(hass: HomeAssistant) -> None:
    """Register the alarm register's service actions, once for the domain."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_ACKNOWLEDGE,
        _async_acknowledge,
        schema=ACKNOWLEDGE_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_ALARMS,
        _async_alarms,
        schema=ALARMS_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_REPORT_ALARM,
        _report_alarm,
        schema=REPORT_ALARM_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )

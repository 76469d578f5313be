"""The alarm register in Home Assistant: events, sensors, actions, phone buttons, timers, storage.

Against the simulated gateway: the kitchen box (unit 1, contactor does not trip) overloads,
the register opens an alarm, and everything else is done to it as a user would.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE, EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.safe_power import alarms as alarms_module, sensor
from custom_components.safe_power.alarms import (
    EVENT_SAFE_POWER_ALARM,
    SAVE_DELAY,
    AlarmCenter,
    async_get_alarms,
)
from custom_components.safe_power.box.alarm_register import month_of
from custom_components.safe_power.const import (
    CONF_ESCALATE_AFTER,
    CONF_ESCALATE_AGAIN_AFTER,
    CONF_REMINDER_INTERVAL,
    DOMAIN,
)
from custom_components.safe_power.fleet import Fleet, async_get_fleet
from safe_power_tools.simulator import SimulatedGateway

from .conftest import advance

pytestmark = pytest.mark.usefixtures("socket_enabled")

KITCHEN_ALARMS = "sensor.kitchen_box_active_alarms"
FLEET_ALARMS = "sensor.safe_power_active_alarms"


@pytest.fixture(autouse=True)
def box_active_alarms_enabled() -> Iterator[None]:
    """Enable each box's active alarms sensor, which starts disabled."""
    enabled = replace(sensor.ACTIVE_ALARMS, entity_registry_enabled_default=True)
    with patch.object(sensor, "ACTIVE_ALARMS", enabled):
        yield


async def _overload_kitchen(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, gateway: SimulatedGateway
) -> None:
    box = gateway.boxes[1]
    box.set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    await advance(hass, freezer, 2)


def _of(events: list[Any], kind: str) -> list[dict[str, Any]]:
    return [e.data for e in events if e.data["type"] == kind]


async def test_an_alarm_from_raised_to_acknowledged(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    hass_admin_user: Any,
) -> None:
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    assert hass.states.get(KITCHEN_ALARMS).state == "0"
    assert hass.states.get(FLEET_ALARMS).state == "0"

    await _overload_kitchen(hass, freezer, gateway)
    [raised] = _of(events, "raised")
    assert raised["cause"] == "overcurrent"
    assert raised["origin"] == "device"
    assert raised["box"] == "Kitchen box"
    assert raised["location"] == "Ground floor, kitchen wall"
    assert raised["value"] > raised["threshold"] == 63
    assert raised["limit"] == "above"
    assert raised["unit"] == "A"
    assert raised["clock"] == "read"
    assert raised["late"] is False
    assert raised["state"] == "active"
    assert raised["level"] == 0
    assert raised["notifications"]["count"] == 1
    alarm_id = raised["alarm_id"]

    state = hass.states.get(KITCHEN_ALARMS)
    assert state.state == "1"
    assert state.attributes["alarms"][0]["alarm_id"] == alarm_id
    assert state.attributes["alarms"][0]["cause"] == "overcurrent"
    assert hass.states.get(FLEET_ALARMS).state == "1"
    log = hass.states.get("event.kitchen_box_alarm_log")
    assert log.attributes["alarm_id"] == alarm_id

    response = await hass.services.async_call(
        DOMAIN,
        "acknowledge",
        {"alarm_id": [alarm_id]},
        blocking=True,
        return_response=True,
        context=Context(user_id=hass_admin_user.id),
    )
    assert response == {"acknowledged": [alarm_id]}
    [acknowledged] = _of(events, "acknowledged")
    assert acknowledged["acknowledged"]["user"] == hass_admin_user.name
    assert acknowledged["acknowledged"]["via"] == "service"
    assert hass.states.get(KITCHEN_ALARMS).state == "0"
    assert hass.states.get(FLEET_ALARMS).state == "0"

    # Acknowledged: no reminder, no escalation.
    for _ in range(4):
        await advance(hass, freezer, 600)
    assert _of(events, "reminder") == []
    assert _of(events, "escalated") == []

    response = await hass.services.async_call(
        DOMAIN,
        "alarms",
        {"device_id": [raised["device_id"]]},
        blocking=True,
        return_response=True,
    )
    assert response["total"] >= 1
    record = next(a for a in response["alarms"] if a["alarm_id"] == alarm_id)
    assert record["state"] == "acknowledged"
    assert record["acknowledged"]["user_id"] == hass_admin_user.id

    # The overload ends: cleared, with the reading of that moment.
    gateway.boxes[1].set_scenario("recover")
    for _ in range(5):
        gateway.tick(1)
    await gateway.push()
    await advance(hass, freezer, 2)
    [cleared] = _of(events, "cleared")
    assert cleared["alarm_id"] == alarm_id
    assert cleared["state"] == "cleared"
    assert cleared["cleared_value"] < 63


async def test_reminders_and_escalation_are_timed_by_the_integration(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    config_entry: MockConfigEntry,
) -> None:
    config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        config_entry,
        options={
            **config_entry.options,
            CONF_REMINDER_INTERVAL: 2,
            CONF_ESCALATE_AFTER: 3,
            CONF_ESCALATE_AGAIN_AFTER: 7,
        },
    )
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    await _overload_kitchen(hass, freezer, gateway)
    for _ in range(8 * 2):  # eight minutes, in the register's 30 s wake-ups
        await advance(hass, freezer, 30)
    steps = [(e.data["type"], e.data["level"]) for e in events if e.data["cause"] == "overcurrent"]
    # raised at 0; reminder at 2; escalated to 1 at 3; reminder at 5; escalated to 2 at 7
    assert steps == [
        ("raised", 0),
        ("reminder", 0),
        ("escalated", 1),
        ("reminder", 1),
        ("escalated", 2),
    ]


async def test_the_phone_buttons_work_without_the_automation(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    hass_admin_user: Any,
) -> None:
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    await _overload_kitchen(hass, freezer, gateway)
    [raised] = _of(events, "raised")
    alarm_id = raised["alarm_id"]

    # What the Companion app fires (through its webhook, with its user's context).
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"SAFE_POWER_OFF_{alarm_id}", "sourceDeviceName": "Duty phone"},
        context=Context(user_id=hass_admin_user.id),
    )
    await hass.async_block_till_done()
    assert gateway.boxes[1].contactor_closed is False  # the box really opened
    [result] = _of(events, "power_result")
    assert result["result"]["ok"] is True
    assert result["result"]["command"] == "off"
    assert result["result"]["user"] == hass_admin_user.name
    assert result["result"]["via"] == "app"
    assert result["state"] == "acknowledged"  # cutting the power acknowledges it
    assert result["reply_to"] == {"user_id": hass_admin_user.id, "device_name": "Duty phone"}
    record = async_get_alarms(hass).register.get(alarm_id)
    assert record is not None
    assert [p.command for p in record.power] == ["off"]

    # A button of an alarm the register does not know: one warning, nothing switched.
    hass.bus.async_fire("mobile_app_notification_action", {"action": "SAFE_POWER_OFF_nope"})
    hass.bus.async_fire("mobile_app_notification_action", {"action": "SAFE_POWER_OFF_nope"})
    hass.bus.async_fire("mobile_app_notification_action", {"action": "SOMETHING_ELSE"})
    await hass.async_block_till_done()
    assert len(_of(events, "power_result")) == 1


async def test_power_off_a_box_the_alarm_warned(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """`SAFE_POWER_OFF_DEVICE_<device>_<alarm>`: a neighbour with no alarm of its own."""
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    await _overload_kitchen(hass, freezer, gateway)
    [raised] = _of(events, "raised")
    alarm_id = raised["alarm_id"]
    shaft = dr.async_get(hass).async_get(async_get_fleet(hass).boxes["SP3P0002"].device_id)
    assert shaft is not None

    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"SAFE_POWER_OFF_DEVICE_{shaft.id}_{alarm_id}", "sourceDeviceName": "Shop"},
    )
    await hass.async_block_till_done()
    assert gateway.boxes[2].contactor_closed is False  # the warned box, not the alarm's
    assert gateway.boxes[1].contactor_closed is True
    [result] = _of(events, "power_result")
    assert result["alarm_id"] == alarm_id
    assert result["state"] == "active"  # the kitchen's overload still needs someone
    assert result["target"] == {
        "device_id": shaft.id,
        "serial": "SP3P0002",
        "box": "B2 east shaft box 3",
        "notify_targets": [],
    }
    assert result["result"]["box"] == "B2 east shaft box 3"
    assert result["result"]["ok"] is True
    assert result["result"]["user"] == "Shop"

    # A box that cannot be switched: refused by the box, recorded as failed.
    gateway.boxes[2].contactor_closed = True
    gateway.boxes[2].set_fault("offline")
    await advance(hass, freezer, 2 * 3)
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"SAFE_POWER_OFF_DEVICE_{shaft.id}_{alarm_id}"},
    )
    await hass.async_block_till_done()
    failed = _of(events, "power_result")[-1]["result"]
    assert failed["ok"] is False
    assert failed["error"]
    assert gateway.boxes[2].contactor_closed is True
    record = async_get_alarms(hass).register.get(alarm_id)
    assert record is not None
    assert [(p.serial, p.ok) for p in record.power] == [("SP3P0002", True), ("SP3P0002", False)]

    # A device that is not a box: one warning, nothing switched, no event.
    for _ in range(2):
        hass.bus.async_fire(
            "mobile_app_notification_action",
            {"action": f"SAFE_POWER_OFF_DEVICE_nodevice_{alarm_id}"},
        )
    await hass.async_block_till_done()
    assert len(_of(events, "power_result")) == 2
    assert caplog.text.count("cut box nodevice, which is not loaded") == 1


async def test_offline_is_dated_when_the_box_stopped_answering(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    """Declared offline at the third missed poll, but dated at the first."""
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    gateway.boxes[2].set_fault("offline")
    await advance(hass, freezer, 2)
    first_miss = dt_util.utcnow()
    await advance(hass, freezer, 2)
    assert not _of(events, "raised")  # two missed replies: still online
    await advance(hass, freezer, 2)
    [offline] = _of(events, "raised")
    assert offline["cause"] == "offline"
    assert abs(dt_util.parse_datetime(offline["time"]) - first_miss) < timedelta(seconds=1)
    assert dt_util.parse_datetime(offline["received"]) - first_miss >= timedelta(seconds=3)


async def test_the_acknowledge_button(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    await _overload_kitchen(hass, freezer, gateway)
    [raised] = _of(events, "raised")
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"SAFE_POWER_ACK_{raised['alarm_id']}", "sourceDeviceName": "Duty phone"},
    )
    await hass.async_block_till_done()
    [acknowledged] = _of(events, "acknowledged")
    assert acknowledged["acknowledged"]["user"] == "Duty phone"  # no user: the phone
    assert acknowledged["acknowledged"]["via"] == "app"
    assert gateway.boxes[1].contactor_closed is True


async def test_the_register_survives_a_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    await _overload_kitchen(hass, freezer, gateway)
    [raised] = _of(events, "raised")
    await advance(hass, freezer, SAVE_DELAY + 1)
    assert hass_storage[f"safe_power.alarms.{raised['received'][:7]}"]  # written by itself
    # The index was asked for twice (start, alarm): Home Assistant's final write at shutdown
    # writes what is pending (the frozen loop clock cannot bring its rescheduled timer due).
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
    await hass.async_block_till_done()
    month = raised["received"][:7]
    assert hass_storage["safe_power.alarms"]["data"] == {"months": {month: {"count": 1, "open": 1}}}
    stored = hass_storage[f"safe_power.alarms.{month}"]["data"]["alarms"]
    assert [a["id"] for a in stored] == [raised["alarm_id"]]

    # A new register, as at the next start, from what was stored.
    again = AlarmCenter(hass)
    await again.async_load()
    record = again.register.get(raised["alarm_id"])
    assert record is not None
    assert record.as_dict() | {"diagnosis": []} == {
        k: v for k, v in raised.items() if k not in ("type", "level", "age")
    } | {"diagnosis": []}
    assert again.register.open_alarm(record.serial, "overcurrent", "device") is record
    # The open alarms are found by their box (an index rebuilt from what was stored).
    assert again.register.open_alarms(record.serial) == [record]
    assert again.register.unacknowledged(record.serial) == [record]
    assert again.register.open_alarms("SP-NOT-THERE") == []


async def test_report_alarm_on_a_users_own_limit(
    hass: HomeAssistant,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, "SP1P0001"), setup_integration.entry_id
    )
    assert device is not None
    device_id = device.id
    call = {
        "device_id": device_id,
        "cause": "overcurrent",
        "value": 41.5,
        "threshold": 40,
        "unit": "A",
        "channel": "current_a",
    }
    response = await hass.services.async_call(
        DOMAIN, "report_alarm", call, blocking=True, return_response=True
    )
    again = await hass.services.async_call(
        DOMAIN, "report_alarm", call, blocking=True, return_response=True
    )
    assert response == again  # once while it lasts
    [raised] = _of(events, "raised")
    assert raised["origin"] == "user_limit"
    assert (raised["value"], raised["threshold"], raised["limit"]) == (41.5, 40, "above")
    await hass.services.async_call(
        DOMAIN, "report_alarm", {**call, "active": False, "value": 38.0}, blocking=True
    )
    [cleared] = _of(events, "cleared")
    assert cleared["alarm_id"] == response["alarm_id"]
    assert cleared["cleared_value"] == 38.0  # the reading now, for the all-clear


async def test_a_gateway_outage_is_its_own_alarm_not_an_area_outage(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    await gateway.stop()
    await advance(hass, freezer, 2)  # the poll fails: the grace time starts
    await advance(hass, freezer, 31)  # past the 30 s grace
    for _ in range(5):
        await advance(hass, freezer, 2)
    raised = _of(events, "raised")
    assert [e["cause"] for e in raised] == ["gateway_unreachable"]  # no box "offline"
    assert raised[0]["box"] == setup_integration.title
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"unreachable_gateway_{setup_integration.entry_id}"
    )
    assert issue is not None
    assert issue.translation_placeholders["boxes"] == "B2 east shaft box 3, Kitchen box"

    await gateway.start()
    for _ in range(5):
        await advance(hass, freezer, 2)
    cleared = _of(events, "cleared")
    assert [e["cause"] for e in cleared] == ["gateway_unreachable"]
    assert (
        ir.async_get(hass).async_get_issue(
            DOMAIN, f"unreachable_gateway_{setup_integration.entry_id}"
        )
        is None
    )
    assert [e["cause"] for e in _of(events, "raised")] == ["gateway_unreachable"]


async def test_a_short_gateway_blip_raises_nothing(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    await gateway.stop()
    await advance(hass, freezer, 2)
    await advance(hass, freezer, 2)
    await gateway.start()
    for _ in range(5):
        await advance(hass, freezer, 2)
    await advance(hass, freezer, 31)  # the grace time ends with the gateway back
    assert events == []


async def test_stored_garbage_is_skipped_with_one_warning(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    hass_storage["safe_power.alarms"] = {
        "version": 1,
        "key": "safe_power.alarms",
        "data": {"months": ["2026-11", 7]},
    }
    hass_storage["safe_power.alarms.2026-11"] = {
        "version": 1,
        "key": "safe_power.alarms.2026-11",
        "data": {
            "alarms": [
                {"id": "x"},
                "junk",
                {
                    "id": "ok",
                    "serial": "SP1",
                    "cause": "leakage",
                    "origin": "device",
                    "time": 1.79e9,
                    "received": 1.79e9,
                },
            ]
        },
    }
    center = AlarmCenter(hass)
    await center.async_load()
    assert len(center.register) == 1
    assert caplog.text.count("Skipped 2 unreadable records") == 1


async def test_correlation_and_diagnosis_history_survive_a_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    await _overload_kitchen(hass, freezer, gateway)
    await advance(hass, freezer, 15 * 60)  # the history is stored every 15 minutes
    await hass.async_block_till_done()
    stored = hass_storage["safe_power.history"]["data"]
    assert any(e["cause"] == "overcurrent" for e in stored["events"])
    assert stored["samples"]["SP1P0001"]["fine"]
    # The week of coarse samples is a document of its own, stored every 3 h and at the stop.
    assert "safe_power.history_coarse" not in hass_storage
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await advance(hass, freezer, 1)  # the Store writes a moment later
    assert hass_storage["safe_power.history_coarse"]["data"]["coarse"]["SP1P0001"]

    # The next start: a new fleet from what was stored.
    fleet = Fleet(hass)
    await fleet.async_load()
    [event] = [e for e in fleet.correlator.history("SP1P0001") if e.cause == "overcurrent"]
    assert event.value is not None
    assert event.value > 63
    fleet.register(
        setup_integration.runtime_data,
        dict.fromkeys(setup_integration.runtime_data.boxes, "device"),
    )
    history = fleet.boxes["SP1P0001"].history()
    assert history
    assert "current_a" in history[-1][1]


def _stored(alarm_id: str, serial: str, at: datetime, *, cleared: bool) -> dict[str, Any]:
    return {
        "id": alarm_id,
        "serial": serial,
        "cause": "leakage",
        "origin": "device",
        "time": at.timestamp(),
        "received": at.timestamp(),
        "box": "Kitchen box",
        **({"cleared": at.timestamp() + 60} if cleared else {}),
    }


async def test_old_months_stay_on_disk_until_asked_for(
    hass: HomeAssistant,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """A year of alarms costs neither start-up nor memory: old months load when needed."""
    now = dt_util.utcnow()
    old, older, ancient = (
        now - timedelta(days=100),
        now - timedelta(days=200),
        now - timedelta(days=400),
    )
    months = {
        month_of(old): [_stored("old", "SP1P0001", old, cleared=True)],
        month_of(older): [_stored("older-open", "SP1P0001", older, cleared=False)],
        month_of(ancient): [_stored("ancient", "SP1P0001", ancient, cleared=True)],
    }
    hass_storage["safe_power.alarms"] = {
        "version": 1,
        "key": "safe_power.alarms",
        "data": {
            "months": {
                month_of(old): {"count": 1, "open": 0},
                month_of(older): {"count": 1, "open": 1},
                month_of(ancient): {"count": 1, "open": 0},
            }
        },
    }
    for month, items in months.items():
        key = f"safe_power.alarms.{month}"
        hass_storage[key] = {"version": 1, "key": key, "data": {"alarms": items}}

    center = AlarmCenter(hass)
    await center.async_load()
    # The month with an open alarm is loaded; the closed old one waits; beyond a year is gone.
    assert center.register.get("older-open") is not None
    assert center.register.get("old") is None
    assert center.register.get("ancient") is None
    assert f"safe_power.alarms.{month_of(ancient)}" not in hass_storage

    hass.data[alarms_module._DATA] = center
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, "SP1P0001"), setup_integration.entry_id
    )
    assert device is not None
    recent = await hass.services.async_call(
        DOMAIN,
        "alarms",
        {"device_id": [device.id], "start": (now - timedelta(days=30)).isoformat()},
        blocking=True,
        return_response=True,
    )
    assert recent["total"] == 0
    assert center.register.get("old") is None  # not needed for the last 30 days
    everything = await hass.services.async_call(
        DOMAIN, "alarms", {"device_id": [device.id]}, blocking=True, return_response=True
    )
    assert [a["alarm_id"] for a in everything["alarms"]] == ["old", "older-open"]


@pytest.mark.parametrize("staggered", [True, False])
async def test_every_box_silent_together_is_the_gateway(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    staggered: bool,
) -> None:
    """A gateway that hangs (connection open, no answers) is not two boxes offline.

    When it answers again, the boxes come back at the next poll: whether one box's back-off
    ended first (`staggered`, as on a real bus where each timeout delays the next box) or
    every box is still backing off (one is asked at every poll while the gateway is silent).
    """
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    for box in gateway.boxes.values():
        box.set_fault("offline")
    for _ in range(3):  # three silent rounds: the gateway is unreachable
        await advance(hass, freezer, 2)
    await advance(hass, freezer, 31)  # past the grace time
    await advance(hass, freezer, 2)
    assert [(e.data["type"], e.data["cause"]) for e in events] == [
        ("raised", "gateway_unreachable")
    ]
    assert hass.states.get("sensor.kitchen_box_phase_a_current").state == "unavailable"

    for box in gateway.boxes.values():
        box.set_fault(None)
    coordinator = setup_integration.runtime_data
    first, *others = list(coordinator.boxes)
    if staggered:
        coordinator.link(first).retry_at = 0
    await advance(hass, freezer, 2)
    assert [(e.data["type"], e.data["cause"]) for e in events] == [
        ("raised", "gateway_unreachable"),
        ("cleared", "gateway_unreachable"),
    ]
    assert all(coordinator.data[key].online for key in [first, *others])
    assert hass.states.get("sensor.kitchen_box_phase_a_current").state != "unavailable"

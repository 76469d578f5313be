"""Alarms a box reports while it is counted offline, and alarms that end while nobody sees it.

The register keeps every alarm a box reported (docs/mqtt.md, section 6):
* an MQTT box's `/alarm` and `/state` are its own words, whatever its availability says or
  however long it was silent: an alarm raised and cleared then is recorded with the box's
  times of both;
* a Modbus box that does not answer says nothing: its alarms stay as they were;
* an alarm open when its box went out of sight and gone at the first report after it is
  cleared then, marked `cleared_unseen` (when it ended is not known), unless the box says
  when it ended (an MQTT `/alarm` "cleared", before or after that report).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory, ignore_lists
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.safe_power.alarms import EVENT_SAFE_POWER_ALARM, async_get_alarms
from custom_components.safe_power.box.alarm_register import month_of
from custom_components.safe_power.box.model import AlarmCause
from custom_components.safe_power.box.mqtt import AlarmMessage, Topic, encode_alarm, encode_state
from safe_power_tools.simulator import SimulatedGateway

from .conftest import advance
from .mqtt_helpers import BoxClient, reading, wait_for

# Connectivity, which these tests watch, is disabled by default.
pytestmark = pytest.mark.usefixtures("socket_enabled", "entity_registry_enabled_by_default")

BOX = "SP24B0107"
CONNECTIVITY = "binary_sensor.plant_room_box_connectivity"
LEAKAGE = "binary_sensor.plant_room_box_leakage"
CURRENT_A = "sensor.plant_room_box_phase_a_current"
KITCHEN = "SP1P0001"


def _online(entry: MockConfigEntry) -> bool:
    return (data := entry.runtime_data.data.get(BOX)) is not None and data.online


def _leakage(at: datetime, *, raised: bool, value: float) -> str:
    return encode_alarm(
        AlarmMessage(at, AlarmCause.LEAKAGE, raised, value, 300.0, "leakage_current")
    )


def _of(events: list[Any], kind: str, cause: str = "leakage") -> list[dict[str, Any]]:
    return [e.data for e in events if e.data["type"] == kind and e.data["cause"] == cause]


def _minutes_ago(minutes: float) -> datetime:
    return (datetime.now(UTC) - timedelta(minutes=minutes)).replace(microsecond=0)


async def _register(hass: HomeAssistant, hass_ws_client: WebSocketGenerator, **query: Any) -> Any:
    """Read the register as the panel does, over the websocket API."""
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "safe_power/alarms", **query})
    reply = await client.receive_json()
    assert reply["success"], reply
    return reply["result"]["alarms"]


async def test_an_alarm_reported_while_the_box_says_offline_is_kept(
    hass: HomeAssistant,
    mqtt_box_added: MockConfigEntry,
    mqtt_box: BoxClient,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Its availability says offline, but it reports a leakage raised and cleared: both kept.

    What a box that flushes its alarm log on reconnecting, before its `online`, sends.
    """
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    await mqtt_box.publish(Topic.AVAILABILITY, "offline")
    await wait_for(lambda: hass.states.get(CONNECTIVITY).state == STATE_OFF, "offline")
    raised_at, cleared_at = _minutes_ago(4), _minutes_ago(3)
    await mqtt_box.publish(Topic.ALARM, _leakage(raised_at, raised=True, value=342.0))
    await wait_for(lambda: _of(events, "raised"), "the leakage is recorded")
    await mqtt_box.publish(Topic.ALARM, _leakage(cleared_at, raised=False, value=120.0))
    await wait_for(lambda: _of(events, "cleared"), "and its end")
    assert hass.states.get(CONNECTIVITY).state == STATE_OFF  # an alarm is no availability

    [record] = await _register(hass, hass_ws_client, causes=["leakage"])
    assert (record["box"], record["location"], record["origin"]) == (
        "Plant room box",
        "B1 plant room",
        "device",
    )
    assert (record["value"], record["threshold"], record["unit"]) == (342.0, 300.0, "mA")
    # When it happened by the box's clock, not when Home Assistant heard of it.
    assert (record["time"], record["clock"]) == (raised_at.isoformat(), "box")
    assert (record["state"], record["cleared"]) == ("cleared", cleared_at.isoformat())
    assert (record["cleared_value"], record["cleared_unseen"]) == (120.0, False)


async def test_an_alarm_reported_while_the_box_is_silent_is_kept(
    hass: HomeAssistant,
    mqtt_box_added: MockConfigEntry,
    mqtt_box: BoxClient,
    freezer: FrozenDateTimeFactory,
    request: pytest.FixtureRequest,
) -> None:
    """No state for too long: offline. Its alarm messages still count; only a state ends it.

    What arrives from a box behind a bridge that was cut: the queued `/alarm` messages (QoS 1)
    come first, the states of that time are lost (QoS 0).
    """
    frozen_ignore = ignore_lists[-1]  # paho's keepalive keeps real time
    ignore_lists[-1] = (*frozen_ignore, "paho")
    request.addfinalizer(lambda: ignore_lists.__setitem__(-1, frozen_ignore))
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    for n in range(3):  # a state every 15 s: it may be silent 45 s
        await advance(hass, freezer, 15)
        await mqtt_box.send_state(reading(current_a=30.0 + n))
        await wait_for(lambda n=n: hass.states.get(CURRENT_A).state == f"{30.0 + n}", f"state {n}")
    for _ in range(5):
        await advance(hass, freezer, 15)
    assert hass.states.get(CONNECTIVITY).state == STATE_OFF
    [offline] = _of(events, "raised", "offline")

    raised_at, cleared_at = _minutes_ago(1), _minutes_ago(0.5)
    await mqtt_box.publish(Topic.ALARM, _leakage(raised_at, raised=True, value=342.0))
    await mqtt_box.publish(Topic.ALARM, _leakage(cleared_at, raised=False, value=120.0))
    await wait_for(lambda: _of(events, "cleared"), "the leakage recorded, raised and cleared")
    [raised] = _of(events, "raised")
    assert (raised["time"], raised["value"]) == (raised_at.isoformat(), 342.0)
    [cleared] = _of(events, "cleared")
    assert (cleared["cleared"], cleared["cleared_value"]) == (cleared_at.isoformat(), 120.0)
    # An alarm message carries no measurements: the box is back with its next state.
    assert hass.states.get(CONNECTIVITY).state == STATE_OFF
    assert async_get_alarms(hass).register.get(offline["alarm_id"]).cleared is None
    await mqtt_box.send_state(reading(current_a=40.0))
    await wait_for(lambda: hass.states.get(CONNECTIVITY).state == STATE_ON, "back")
    assert _of(events, "cleared", "offline")


async def test_an_alarm_that_ended_while_the_box_was_offline(
    hass: HomeAssistant, mqtt_box_added: MockConfigEntry, mqtt_box: BoxClient
) -> None:
    """Open when the box went, gone at its first state back: cleared then, marked unseen.

    The box's own `/alarm` "cleared", arriving after that state, tells when it really ended.
    """
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    register = async_get_alarms(hass).register
    raised_at = _minutes_ago(10)
    await mqtt_box.publish(Topic.ALARM, _leakage(raised_at, raised=True, value=342.0))
    await mqtt_box.send_state(
        replace(reading(leakage_current=342.0), alarms=frozenset({AlarmCause.LEAKAGE}))
    )
    await wait_for(lambda: hass.states.get(LEAKAGE).state == STATE_ON, "leakage on")
    [record] = register.open_alarms(BOX)

    await mqtt_box.publish(Topic.AVAILABILITY, "offline")
    await wait_for(lambda: hass.states.get(CONNECTIVITY).state == STATE_OFF, "offline")
    await mqtt_box.publish(Topic.AVAILABILITY, "online")  # before any state: nothing new of it
    await wait_for(lambda: hass.states.get(CONNECTIVITY).state == STATE_ON, "online")
    assert record.cleared is None

    state_at = datetime.now(UTC)
    await mqtt_box.publish(Topic.STATE, encode_state(state_at, reading()))
    await wait_for(lambda: _of(events, "cleared"), "found over")
    assert (record.cleared, record.cleared_unseen) == (state_at, True)
    [cleared] = _of(events, "cleared")
    assert (cleared["cleared"], cleared["cleared_unseen"]) == (state_at.isoformat(), True)

    ended_at = _minutes_ago(4)
    await mqtt_box.publish(Topic.ALARM, _leakage(ended_at, raised=False, value=110.0))
    await wait_for(lambda: not record.cleared_unseen, "the box's own word on when it ended")
    assert (record.cleared, record.cleared_value) == (ended_at, 110.0)
    assert len(_of(events, "cleared")) == 1  # told once


async def test_an_alarm_that_ended_while_the_box_was_offline_said_by_the_box(
    hass: HomeAssistant, mqtt_box_added: MockConfigEntry, mqtt_box: BoxClient
) -> None:
    """The box's `/alarm` "cleared" first (queued while it was away): cleared at its time."""
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    await mqtt_box.publish(Topic.ALARM, _leakage(_minutes_ago(10), raised=True, value=342.0))
    await wait_for(lambda: hass.states.get(LEAKAGE).state == STATE_ON, "leakage on")
    await mqtt_box.publish(Topic.AVAILABILITY, "offline")
    await wait_for(lambda: hass.states.get(CONNECTIVITY).state == STATE_OFF, "offline")
    ended_at = _minutes_ago(2)
    await mqtt_box.publish(Topic.ALARM, _leakage(ended_at, raised=False, value=110.0))
    await wait_for(lambda: _of(events, "cleared"), "cleared by the box's word")
    [cleared] = _of(events, "cleared")
    assert (cleared["cleared"], cleared["cleared_unseen"]) == (ended_at.isoformat(), False)
    assert cleared["cleared_value"] == 110.0


async def test_a_box_set_up_again_clears_nothing_before_its_first_state(
    hass: HomeAssistant, mqtt_box_added: MockConfigEntry, mqtt_box: BoxClient
) -> None:
    """A reload (as a restart) knows nothing of the box's alarms until it sends a state.

    Its retained `online` is not a report, nor is an `/alarm` about another cause.
    """
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    register = async_get_alarms(hass).register
    await mqtt_box.send_state(
        replace(reading(leakage_current=342.0), alarms=frozenset({AlarmCause.LEAKAGE}))
    )
    await wait_for(lambda: hass.states.get(LEAKAGE).state == STATE_ON, "leakage on")
    [leakage] = register.open_alarms(BOX)

    assert await hass.config_entries.async_reload(mqtt_box_added.entry_id)
    await hass.async_block_till_done()
    await wait_for(lambda: _online(mqtt_box_added), "the retained availability again")
    over = encode_alarm(
        AlarmMessage(_minutes_ago(0), AlarmCause.OVERCURRENT, True, 71.0, 63.0, "current_a")
    )
    await mqtt_box.publish(Topic.ALARM, over)
    await wait_for(lambda: _of(events, "raised", "overcurrent"), "the overcurrent")
    assert leakage.cleared is None
    assert _of(events, "cleared") == []

    await mqtt_box.send_state(reading())  # its first state: neither alarm any more
    await wait_for(lambda: _of(events, "cleared"), "leakage over")
    assert leakage.cleared_unseen is False  # no gap: a report before the reload had it
    assert register.open_alarms(BOX) == []


@pytest.mark.parametrize("still_overloaded", [False, True])
async def test_a_modbus_box_offline_keeps_its_alarms(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    still_overloaded: bool,
) -> None:
    """Nothing is known while it does not answer; its first reading back decides."""
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    register = async_get_alarms(hass).register
    kitchen = gateway.boxes[1]
    kitchen.set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    await advance(hass, freezer, 2)
    [overload] = register.open_alarms(KITCHEN)
    assert overload.cause == "overcurrent"

    kitchen.set_fault("offline")
    for _ in range(6):
        await advance(hass, freezer, 2)
    assert [r.cause for r in register.open_alarms(KITCHEN)] == ["overcurrent", "offline"]
    assert overload.cleared is None  # not cleared: nothing is known

    kitchen.set_fault(None)
    if not still_overloaded:
        kitchen.set_scenario("recover")
        for _ in range(5):
            gateway.tick(1)
    await gateway.push()
    await advance(hass, freezer, 12)  # the back-off runs out: asked again
    await advance(hass, freezer, 2)
    assert register.open_alarm(KITCHEN, "offline", "home_assistant") is None
    raised = [e.data["cause"] for e in events if e.data["type"] == "raised"]
    assert raised == ["overcurrent", "offline"]  # no second overcurrent
    if still_overloaded:
        assert overload.cleared is None
        return
    assert overload.cleared is not None
    assert overload.cleared_unseen is True  # it ended while the box did not answer
    # Cleared when it was known over: the first reading back, when the box came back.
    [offline] = register.query(serials=[KITCHEN], causes=["offline"])[0]
    assert overload.cleared == offline.cleared


async def test_an_alarm_that_ended_while_home_assistant_was_stopped(
    hass: HomeAssistant,
    gateway: SimulatedGateway,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """Open at shutdown, gone at the first reading after the start: it ended unseen."""
    at = dt_util.utcnow() - timedelta(hours=1)
    month = month_of(at)
    stored = {
        "id": "open-at-shutdown",
        "serial": KITCHEN,
        "cause": "overcurrent",
        "origin": "device",
        "time": at.timestamp(),
        "received": at.timestamp(),
        "box": "Kitchen box",
    }
    hass_storage["safe_power.alarms"] = {
        "version": 1,
        "key": "safe_power.alarms",
        "data": {"months": {month: {"count": 1, "open": 1}}},
    }
    key = f"safe_power.alarms.{month}"
    hass_storage[key] = {"version": 1, "key": key, "data": {"alarms": [stored]}}
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)

    record = async_get_alarms(hass).register.get("open-at-shutdown")
    assert record is not None
    assert record.cleared is not None
    assert record.cleared_unseen is True

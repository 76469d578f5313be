"""MQTT boxes against a real mosquitto: discovery, live push, availability, commands, faults."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
import json
import logging
from types import MappingProxyType
from typing import Any

from freezegun.api import FrozenDateTimeFactory, ignore_lists
from homeassistant.config_entries import SOURCE_IGNORE
from homeassistant.const import EVENT_STATE_CHANGED, STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.safe_power import alarms, mqtt_hub
from custom_components.safe_power.box.model import AlarmCause, BoxReading
from custom_components.safe_power.box.mqtt import (
    AlarmMessage,
    Topic,
    encode_alarm,
    encode_config,
    encode_state,
    parse_command,
    parse_command_settings,
)
from custom_components.safe_power.const import DOMAIN
from custom_components.safe_power.fleet import async_get_fleet
from safe_power_tools.mqtt_common import MosquittoBroker
from tests.flow_api import FlowApi, fields, select_options

from .conftest import advance
from .mqtt_helpers import BoxClient, reading, three_phase_config, wait_for

pytestmark = pytest.mark.usefixtures("socket_enabled")

BOX = "SP24B0107"
SWITCH = "switch.plant_room_box_contactor"
CURRENT_A = "sensor.plant_room_box_phase_a_current"


@pytest.fixture
def box(mqtt_box: BoxClient) -> BoxClient:
    """The three-phase box, connected and announced (conftest's `mqtt_box`)."""
    return mqtt_box


async def _subscribed(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Wait until the box's subscriptions are live: its retained `online` has arrived.

    `/state` has QoS 0 and is not retained: one sent before that would be lost.
    """
    await wait_for(
        lambda: (box := entry.runtime_data.data.get(BOX)) is not None and box.online,
        "retained availability received",
    )


def _flows(hass: HomeAssistant) -> list[dict[str, object]]:
    return [dict(f) for f in hass.config_entries.flow.async_progress_by_handler(DOMAIN)]


async def _discovered(hass: HomeAssistant, flows: FlowApi) -> dict[str, Any]:
    """Open the discovered box's confirm form as the frontend does (Discovered → Add)."""
    (flow,) = await wait_for(lambda: _flows(hass), "the box is discovered")
    return await flows.show(str(flow["flow_id"]))


async def _confirm(hass: HomeAssistant, flows: FlowApi, **details: object) -> MockConfigEntry:
    """Confirm the discovered box with a name and details; return its entry."""
    form = await _discovered(hass, flows)
    result = await flows.submit(form["flow_id"], {"name": "Plant room box", **details})
    assert result["type"] == "create_entry"
    await hass.async_block_till_done()
    entry = hass.config_entries.async_get_entry(result["result"]["entry_id"])
    assert entry is not None
    return entry


@pytest.fixture
async def added(
    hass: HomeAssistant, mqtt_ready: MockConfigEntry, box: BoxClient, flows: FlowApi
) -> MockConfigEntry:
    """The box discovered, confirmed and sending its first state."""
    entry = await _confirm(
        hass, flows, location="B1 plant room, north wall", x=12.5, y=3.0, floor=-1
    )
    await _subscribed(hass, entry)
    await box.send_state(reading())
    await wait_for(lambda: hass.states.get(CURRENT_A).state == "41.2", "first state shown")
    return entry


async def test_discovery_waits_for_confirmation(
    hass: HomeAssistant, mqtt_ready: MockConfigEntry, box: BoxClient, flows: FlowApi
) -> None:
    """A new box is offered under Discovered; nothing exists until the user confirms it."""
    (flow,) = await wait_for(lambda: _flows(hass), "the box is discovered")
    assert flow["context"]["title_placeholders"] == {"name": f"SP-400-3P {BOX}"}
    assert not hass.config_entries.async_entries(DOMAIN)
    assert not dr.async_get(hass).async_get_devices(identifiers={(DOMAIN, BOX)})

    form = await _discovered(hass, flows)
    assert form["step_id"] == "mqtt_confirm"
    assert form["description_placeholders"]["topic"] == f"safe_power/{BOX}/config"
    # What the box published is the form's default.
    suggested = {
        n: f.get("description", {}).get("suggested_value") for n, f in fields(form).items()
    }
    assert suggested == {
        "name": f"SP-400-3P {BOX}",
        "area_id": None,
        "site": None,
        "building": "Building 2",
        "location": "B1 plant room",
        "latitude": None,
        "longitude": None,
        "x": 12.5,
        "y": 3.0,
        "floor": -1,
        "nominal_voltage": None,
        "notify_targets": None,
    }
    area = ar.async_get(hass).async_create("Plant room")
    result = await flows.submit(
        form["flow_id"],
        {
            "name": "Plant room box",
            "area_id": area.id,
            "building": " Block C ",
            "location": "B1, north wall",
            "floor": -2,
        },
    )
    assert result["type"] == "create_entry"
    entry = hass.config_entries.async_get_entry(result["result"]["entry_id"])
    assert entry is not None
    assert entry.unique_id == BOX
    assert entry.data["box_id"] == BOX
    assert (entry.data["floor"], entry.data["building"]) == (-2, "Block C")  # trimmed
    await _subscribed(hass, entry)

    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, BOX), entry.entry_id)
    assert device is not None
    assert (device.manufacturer, device.model, device.sw_version) == (
        "Safe Power",
        "SP-400-3P",
        "2.4.1",
    )
    assert device.area_id == area.id

    # Values appear with the first state message.
    await box.send_state(reading(current_a=55.5))
    # In an area, the entity ids start with the area's name.
    current = "sensor.plant_room_plant_room_box_phase_a_current"
    await wait_for(lambda: hass.states.get(current).state == "55.5", "state shown")
    assert hass.states.get("sensor.plant_room_plant_room_box_leakage_current").state == "36.0"
    assert hass.states.get("switch.plant_room_plant_room_box_contactor").state == STATE_ON
    location = hass.states.get("sensor.plant_room_plant_room_box_location")
    assert location.state == "B1, north wall"
    assert location.attributes["building"] == "Block C"


async def test_published_location_kept_when_fields_left_empty(
    hass: HomeAssistant, mqtt_ready: MockConfigEntry, box: BoxClient, flows: FlowApi
) -> None:
    """A user who clears the location fields keeps what the box published, not nothing."""
    entry = await _confirm(hass, flows, location="  ")
    keys = ("building", "location", "x", "y", "floor", "latitude")
    assert {k: entry.data.get(k) for k in keys} == {
        "building": "Building 2",
        "location": "B1 plant room",
        "x": 12.5,
        "y": 3.0,
        "floor": -1,
        "latitude": None,
    }
    await _subscribed(hass, entry)
    location = hass.states.get("sensor.plant_room_box_location")
    assert location.state == "B1 plant room"
    assert location.attributes["floor"] == -1


async def test_confirm_refuses_unknown_bound_client(
    hass: HomeAssistant, mqtt_ready: MockConfigEntry, box: BoxClient, flows: FlowApi
) -> None:
    hass.states.async_set("notify.duty_electricians", "unknown")
    form = await _discovered(hass, flows)
    assert "notify.duty_electricians" in select_options(form, "notify_targets")
    form = await flows.submit(
        form["flow_id"], {"name": "Plant room box", "notify_targets": ["notify.gone"]}
    )
    assert form["errors"] == {"notify_targets": "invalid_notify_target"}
    assert not hass.config_entries.async_entries(DOMAIN)
    result = await flows.submit(
        form["flow_id"],
        {"name": "Plant room box", "notify_targets": ["notify.duty_electricians"]},
    )
    assert result["type"] == "create_entry"


async def test_reconfigure_mqtt_box(
    hass: HomeAssistant, added: MockConfigEntry, flows: FlowApi
) -> None:
    """An MQTT box's Reconfigure changes its name, area and place; the entry reloads."""
    form = await flows.start(entry_id=added.entry_id)
    assert form["step_id"] == "reconfigure_box"
    assert form["description_placeholders"] == {"box_id": BOX, "serial": BOX}
    assert fields(form)["location"]["description"] == {
        "suggested_value": "B1 plant room, north wall"
    }
    area = ar.async_get(hass).async_create("Basement")
    details = {"name": "Pump room box", "area_id": area.id, "location": "B1 pump room"}
    form = await flows.submit(form["flow_id"], details | {"notify_targets": ["notify.none"]})
    assert form["errors"] == {"notify_targets": "invalid_notify_target"}
    result = await flows.submit(form["flow_id"], details)
    assert result["type"] == "abort"
    assert result["reason"] == "box_changed"
    await hass.async_block_till_done()
    assert added.title == "Pump room box"
    assert added.data["location"] == "B1 pump room"
    assert "x" not in added.data
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, BOX), added.entry_id)
    assert device is not None
    assert device.area_id == area.id
    await _subscribed(hass, added)
    await wait_for(
        lambda: hass.states.get("sensor.plant_room_box_location").state == "B1 pump room",
        "the reloaded box shows its new place",
    )


async def test_ignored_box_is_not_offered_again(
    hass: HomeAssistant, mqtt_ready: MockConfigEntry, box: BoxClient
) -> None:
    flow = (await wait_for(lambda: _flows(hass), "the box is discovered"))[0]
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_IGNORE},
        data={"unique_id": BOX, "title": "ignored"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert not any(f["flow_id"] == flow["flow_id"] for f in _flows(hass))

    # A new retained config (new firmware) does not bring it back either.
    changed = three_phase_config()
    box.config = replace(changed, identity=replace(changed.identity, firmware="2.5.0"))
    await box.announce()
    await hass.async_block_till_done()
    assert not _flows(hass)
    assert [e.source for e in hass.config_entries.async_entries(DOMAIN)] == [SOURCE_IGNORE]


async def test_deleted_box_stays_deleted_until_added_by_hand(
    hass: HomeAssistant, added: MockConfigEntry, box: BoxClient, flows: FlowApi
) -> None:
    assert await hass.config_entries.async_remove(added.entry_id)
    await hass.async_block_till_done()
    assert not hass.config_entries.async_entries(DOMAIN)
    assert not dr.async_get(hass).async_get_devices(identifiers={(DOMAIN, BOX)})
    # Home Assistant re-runs discovery for the topic of a deleted entry: it must abort.
    await box.announce()
    await hass.async_block_till_done()
    assert not _flows(hass)

    # Adding it by hand takes it off the list of deleted boxes.
    form = await flows.start()
    form = await flows.submit(form["flow_id"], {"transport": "mqtt"})
    assert form["step_id"] == "mqtt_box"
    assert fields(form)["prefix"]["default"] == "safe_power"
    form = await flows.submit(form["flow_id"], {"prefix": "/safe_power/ ", "box_id": f" {BOX}"})
    assert form["step_id"] == "mqtt_confirm"
    result = await flows.submit(form["flow_id"], {"name": "Plant room box"})
    assert result["type"] == "create_entry"
    entry = hass.config_entries.async_get_entry(result["result"]["entry_id"])
    assert entry is not None
    assert entry.data["prefix"] == "safe_power"
    # And again: the box is there now, so a second manual add stops.
    form = await flows.start()
    form = await flows.submit(form["flow_id"], {"transport": "mqtt"})
    result = await flows.submit(form["flow_id"], {"prefix": "safe_power", "box_id": BOX})
    assert result["type"] == "abort"
    assert result["reason"] == "already_configured"


async def test_manual_add_errors(
    mqtt_ready: MockConfigEntry,
    mosquitto: MosquittoBroker,
    flows: FlowApi,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = BoxClient(mosquitto.port, three_phase_config("SP-BROKEN"))
    await broken.start()
    await broken.publish(Topic.CONFIG, b"{not json")  # retained, as a config is
    await broken.stop()
    form = await flows.start()
    form = await flows.submit(form["flow_id"], {"transport": "mqtt"})
    form = await flows.submit(form["flow_id"], {"prefix": "safe_power", "box_id": "SP-BROKEN"})
    assert form["errors"] == {"base": "invalid_config"}
    monkeypatch.setattr("custom_components.safe_power.config_flow.CONFIG_WAIT", 0.3)
    for user_input, errors in (
        ({"prefix": "site/+/x", "box_id": BOX}, {"prefix": "invalid_prefix"}),
        ({"prefix": "safe_power", "box_id": "no spaces"}, {"box_id": "invalid_box_id"}),
        ({"prefix": "safe_power", "box_id": "NOBODY"}, {"base": "no_config"}),
    ):
        form = await flows.submit(form["flow_id"], user_input)
        assert form["type"] == "form"
        assert form["errors"] == errors


async def test_manual_add_without_mqtt(flows: FlowApi) -> None:
    form = await flows.start()
    form = await flows.submit(form["flow_id"], {"transport": "mqtt"})
    form = await flows.submit(form["flow_id"], {"prefix": "safe_power", "box_id": BOX})
    assert form["errors"] == {"base": "mqtt_not_set_up"}


async def test_invalid_config_is_never_offered(
    hass: HomeAssistant, mqtt_ready: MockConfigEntry, mosquitto: MosquittoBroker
) -> None:
    client = BoxClient(mosquitto.port, three_phase_config("SP-BAD"))
    await client.start()
    good = json.loads(encode_config(client.config))
    for bad in (
        b"not json",
        json.dumps({**good, "schema": 2}),
        json.dumps({**good, "box_id": "SOMEONE-ELSE"}),
        json.dumps({**good, "phases": 2}),
    ):
        await client.publish(Topic.CONFIG, bad)
    await client.publish(Topic.AVAILABILITY, "online")  # a marker after the configs
    await hass.async_block_till_done()
    await client.stop()
    assert not _flows(hass)
    assert not hass.config_entries.async_entries(DOMAIN)


async def test_alarm_message_is_logged_with_what_when_where(
    hass: HomeAssistant, added: MockConfigEntry, box: BoxClient
) -> None:
    log = "event.plant_room_box_alarm_log"
    changes = async_capture_events(hass, "state_changed")
    # The box's clock: five seconds before Home Assistant hears of it.
    box_time = (dt_util.utcnow() - timedelta(seconds=5)).replace(microsecond=0)
    alarm = AlarmMessage(
        time=box_time,
        cause=AlarmCause.LEAKAGE,
        raised=True,
        value=342.0,
        threshold=300.0,
        channel="leakage_current",
    )
    await box.publish(Topic.ALARM, encode_alarm(alarm))
    await wait_for(
        lambda: hass.states.get("binary_sensor.plant_room_box_leakage").state == STATE_ON,
        "leakage alarm on",
    )
    events = [c.data["new_state"] for c in changes if c.data["entity_id"] == log]
    assert len(events) == 1
    attrs = events[0].attributes
    assert attrs["event_type"] == "alarm"
    assert (attrs["cause"], attrs["value"], attrs["threshold"], attrs["unit"]) == (
        "leakage",
        342.0,
        300.0,
        "mA",
    )
    assert attrs["channel"] == "leakage_current"
    assert attrs["time"] == box_time.isoformat()  # the box's own time
    assert (attrs["box"], attrs["location"], attrs["floor"]) == (
        "Plant room box",
        "B1 plant room, north wall",
        -1,
    )

    cleared = AlarmMessage(alarm.time, AlarmCause.LEAKAGE, False, 120.0, 300.0, "leakage_current")
    await box.publish(Topic.ALARM, encode_alarm(cleared))
    await wait_for(
        lambda: hass.states.get("binary_sensor.plant_room_box_leakage").state == STATE_OFF,
        "leakage alarm off",
    )
    events = [c.data["new_state"] for c in changes if c.data["entity_id"] == log]
    assert [e.attributes["event_type"] for e in events] == ["alarm", "cleared"]


@pytest.mark.parametrize(
    ("age", "clock", "late"),
    [
        (timedelta(minutes=20), "box", True),  # held in a queue: its own time, logged late
        (timedelta(hours=-2), "receive", False),  # a clock far ahead: flagged, our time
    ],
)
async def test_an_alarm_on_the_boxs_clock(
    hass: HomeAssistant,
    added: MockConfigEntry,
    box: BoxClient,
    age: timedelta,
    clock: str,
    late: bool,
) -> None:
    """The register dates an alarm by the box's clock, unless that clock is far off."""
    events = async_capture_events(hass, alarms.EVENT_SAFE_POWER_ALARM)
    box_time = (dt_util.utcnow() - age).replace(microsecond=0)
    alarm = AlarmMessage(box_time, AlarmCause.LEAKAGE, True, 342.0, 300.0, "leakage_current")
    await box.publish(Topic.ALARM, encode_alarm(alarm))
    await wait_for(lambda: events, "alarm raised")
    raised = events[0].data
    assert (raised["type"], raised["cause"]) == ("raised", "leakage")
    assert (raised["clock"], raised["late"]) == (clock, late)
    time = dt_util.parse_datetime(raised["time"])
    assert time is not None
    if clock == "box":
        assert time == box_time
    else:
        assert abs(time - dt_util.utcnow()) < timedelta(seconds=5)


async def test_an_older_state_never_overwrites_a_newer_one(
    hass: HomeAssistant,
    added: MockConfigEntry,
    box: BoxClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A redelivered or queued state (older by the box's clock) is not shown, and said once."""
    now = datetime.now(UTC)
    await box.publish(Topic.STATE, encode_state(now, reading(current_a=50.0)))
    await wait_for(lambda: hass.states.get(CURRENT_A).state == "50.0", "the newest state")
    changes = async_capture_events(hass, EVENT_STATE_CHANGED)
    for seconds, current in ((30, 11.0), (15, 12.0)):  # two older ones arrive after it
        await box.publish(
            Topic.STATE, encode_state(now - timedelta(seconds=seconds), reading(current_a=current))
        )
    await box.publish(Topic.STATE, encode_state(now, reading(current_a=50.0, current_b=7.0)))
    await wait_for(
        lambda: hass.states.get("sensor.plant_room_box_phase_b_current").state == "7.0",
        "the marker after them",
    )
    shown = [e.data["new_state"].state for e in changes if e.data["entity_id"] == CURRENT_A]
    assert shown == []  # never 11.0 or 12.0
    warned = [r for r in caplog.records if "older than the one shown" in r.getMessage()]
    assert [r.levelname for r in warned] == ["WARNING", "DEBUG"]
    await box.publish(
        Topic.STATE, encode_state(now + timedelta(seconds=15), reading(current_a=60.0))
    )
    await wait_for(lambda: hass.states.get(CURRENT_A).state == "60.0", "a newer one is shown")


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_phase_loss_and_outage_read_from_the_voltages(
    hass: HomeAssistant, added: MockConfigEntry, box: BoxClient
) -> None:
    """The box flags neither: Home Assistant reads them from its phase voltages (220 V)."""
    phase_loss = "binary_sensor.plant_room_box_phase_loss"
    outage = "binary_sensor.plant_room_box_supply_outage"
    events = async_capture_events(hass, alarms.EVENT_SAFE_POWER_ALARM)
    assert hass.states.get(phase_loss).state == STATE_OFF
    assert hass.states.get(outage).state == STATE_OFF

    # Phase C lost, back-fed through the loads to 96 V: below 50 % of 220 V.
    await box.send_state(reading(voltage_c=96.0, current_c=0.0))
    await wait_for(lambda: hass.states.get(phase_loss).state == STATE_ON, "phase loss on")
    [raised] = [e.data for e in events if e.data["type"] == "raised"]
    assert (raised["cause"], raised["origin"]) == ("phase_loss", "home_assistant")
    assert (raised["value"], raised["threshold"], raised["limit"], raised["unit"]) == (
        96.0,
        110.0,
        "below",
        "V",
    )
    assert raised["channel"] == "voltage_c"
    # 130 V is not back yet (70 % of 220 V is 154 V): the alarm stays open, no second one.
    await box.send_state(reading(voltage_c=130.0, current_a=12.0))
    await wait_for(lambda: hass.states.get(CURRENT_A).state == "12.0", "the state at 130 V shown")
    assert hass.states.get(phase_loss).state == STATE_ON
    # The interlock names it, as any alarm.
    with pytest.raises(HomeAssistantError, match="Phase loss"):
        await hass.services.async_call("switch", "turn_on", {"entity_id": SWITCH}, blocking=True)

    await box.send_state(reading())
    await wait_for(lambda: hass.states.get(phase_loss).state == STATE_OFF, "phase loss off")
    assert [e.data["type"] for e in events if e.data["cause"] == "phase_loss"] == [
        "raised",
        "cleared",
    ]

    # Every phase gone while the box still talks: a supply outage, not a phase loss.
    dead = {"voltage_a": 0.0, "voltage_b": 0.0, "voltage_c": 0.0}
    await box.send_state(reading(**dead, current_a=0.0, current_b=0.0, current_c=0.0))
    await wait_for(lambda: hass.states.get(outage).state == STATE_ON, "supply outage on")
    assert hass.states.get(phase_loss).state == STATE_OFF
    register = alarms.async_get_alarms(hass).register
    [record] = register.open_alarms(BOX)
    assert (record.cause, record.origin, record.threshold) == (
        "supply_outage",
        "home_assistant",
        110.0,
    )

    # The contactor opened: 0 V may be read after it, so that is no outage.
    opened = replace(reading(**dead), contactor_closed=False)
    await box.send_state(opened)
    await wait_for(lambda: hass.states.get(outage).state == STATE_OFF, "outage cleared")
    assert register.open_alarms(BOX) == []


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_availability_and_last_will(
    hass: HomeAssistant, added: MockConfigEntry, box: BoxClient
) -> None:
    connectivity = "binary_sensor.plant_room_box_connectivity"
    assert hass.states.get(connectivity).state == STATE_ON
    await box.publish(Topic.AVAILABILITY, "offline")
    await wait_for(lambda: hass.states.get(CURRENT_A).state == STATE_UNAVAILABLE, "unavailable")
    assert hass.states.get(connectivity).state == STATE_OFF
    await box.publish(Topic.AVAILABILITY, "online")
    await wait_for(lambda: hass.states.get(CURRENT_A).state == "41.2", "back with last values")

    box.kill()  # a power cut: the broker publishes the box's last will
    await wait_for(lambda: hass.states.get(connectivity).state == STATE_OFF, "last will seen")
    assert hass.states.get(SWITCH).state == STATE_UNAVAILABLE


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_a_box_gone_quiet_is_offline_until_it_sends_again(
    hass: HomeAssistant,
    added: MockConfigEntry,
    box: BoxClient,
    freezer: FrozenDateTimeFactory,
    request: pytest.FixtureRequest,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Still connected, still `online`, but no state for three of its intervals: offline.

    What a site sees of a box behind a cut bridge (docs/scaling.md), or of a hung box.
    """
    frozen_ignore = ignore_lists[-1]  # paho's keepalive keeps real time (see below)
    ignore_lists[-1] = (*frozen_ignore, "paho")
    request.addfinalizer(lambda: ignore_lists.__setitem__(-1, frozen_ignore))
    connectivity = "binary_sensor.plant_room_box_connectivity"
    for n in range(5):  # a state every 15 s: it may be silent 45 s
        await advance(hass, freezer, 15)
        await box.send_state(reading(current_a=30.0 + n))
        await wait_for(lambda n=n: hass.states.get(CURRENT_A).state == f"{30.0 + n}", f"state {n}")
    await advance(hass, freezer, 15)
    await advance(hass, freezer, 15)
    await advance(hass, freezer, 15)  # 45 s: not yet
    assert hass.states.get(connectivity).state == STATE_ON
    await advance(hass, freezer, 15)
    assert hass.states.get(CURRENT_A).state == STATE_UNAVAILABLE
    assert hass.states.get(connectivity).state == STATE_OFF
    assert caplog.text.count("it has sent no state for 45 s") == 1
    await advance(hass, freezer, 15)
    assert caplog.text.count("it has sent no state for 45 s") == 1  # said once
    await box.send_state(reading(current_a=40.0))
    await wait_for(lambda: hass.states.get(CURRENT_A).state == "40.0", "back")
    assert hass.states.get(connectivity).state == STATE_ON
    assert "Box Plant room box is back: it sends states again" in caplog.text


async def test_contactor_confirmed_by_acknowledging_state(
    hass: HomeAssistant, added: MockConfigEntry, box: BoxClient
) -> None:
    """Switch off publishes /set; the entity follows the box's acknowledging state."""
    received: list[tuple[str, str]] = []

    def answer(payload: bytes) -> None:
        command, command_id = parse_command(payload)
        received.append((command.value, command_id))
        closed = command.value == "contactor_close"
        hass.async_create_task(box.send_state(_with_contactor(closed), ack=command_id))

    box.on_command = answer
    await hass.services.async_call("switch", "turn_off", {"entity_id": SWITCH}, blocking=True)
    assert [c for c, _ in received] == ["contactor_open"]
    assert hass.states.get(SWITCH).state == STATE_OFF
    await hass.services.async_call(DOMAIN, "power_on", {"entity_id": SWITCH}, blocking=True)
    assert hass.states.get(SWITCH).state == STATE_ON
    assert len({i for _, i in received}) == 2  # every command has its own id


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_a_setting_written_over_mqtt_is_confirmed_by_the_box(
    hass: HomeAssistant, added: MockConfigEntry, box: BoxClient
) -> None:
    """A `settings` command on /set; the number follows the box's acknowledging state."""
    number = "number.plant_room_box_leakage_threshold"
    assert hass.states.get(number).state == "300.0"
    received: list[dict[str, float]] = []

    def answer(payload: bytes) -> None:
        command, command_id = parse_command(payload)
        assert command.value == "settings"
        written = parse_command_settings(payload)
        received.append(written)
        kept = replace(reading(), settings=MappingProxyType(written if len(received) == 1 else {}))
        hass.async_create_task(box.send_state(kept, ack=command_id))

    box.on_command = answer
    await hass.services.async_call(
        "number", "set_value", {"entity_id": number, "value": 450}, blocking=True
    )
    assert received == [{"leakage_threshold": 450.0}]
    assert hass.states.get(number).state == "450.0"
    # Acknowledged, but the box reports it did not keep it: an error, not a silent success.
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            "number", "set_value", {"entity_id": number, "value": 500}, blocking=True
        )
    assert err.value.translation_key == "setting_not_confirmed"
    assert err.value.translation_placeholders["setting"] == "Leakage threshold"
    assert err.value.translation_placeholders["value"] == "500 mA"


@pytest.fixture
async def websocket_first(hass: HomeAssistant) -> None:
    """The websocket API set up before anything starts an HTTP client (the router freezes)."""
    assert await async_setup_component(hass, "websocket_api", {})


async def test_a_setting_changed_at_the_box_reaches_its_page(
    websocket_first: None,
    hass: HomeAssistant,
    added: MockConfigEntry,
    box: BoxClient,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """An electrician turns the leakage setting down on the box itself; its numbers are off.

    The panel's box page hears it from the box's next state (`safe_power/subscribe_box_settings`),
    and only then: a state with the same settings sends nothing.
    """
    device_id = async_get_fleet(hass).boxes[BOX].device_id
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {"type": "safe_power/subscribe_box_settings", "device_id": device_id}
    )
    assert (await client.receive_json())["success"]
    first = (await client.receive_json(timeout=10))["event"]["settings"]
    assert first["leakage_threshold"] == {"value": 300.0, "unit": "mA"}

    await box.send_state(reading(current_a=40.0))
    await wait_for(lambda: hass.states.get(CURRENT_A).state == "40.0", "the new current shown")
    turned_down = MappingProxyType({"leakage_threshold": 100.0})
    await box.send_state(replace(reading(current_a=40.0), settings=turned_down))
    changed = (await client.receive_json(timeout=10))["event"]["settings"]
    assert changed == {**first, "leakage_threshold": {"value": 100.0, "unit": "mA"}}


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_an_alarm_delay_is_a_number_where_the_box_has_one(
    hass: HomeAssistant,
    mqtt_ready: MockConfigEntry,
    mosquitto: MosquittoBroker,
    flows: FlowApi,
) -> None:
    """A box that lists `leakage_delay` gets that number (seconds), set like a threshold."""
    config = three_phase_config()
    config = replace(
        config,
        capabilities=replace(
            config.capabilities, settings=frozenset({"leakage_threshold", "leakage_delay"})
        ),
    )
    client = BoxClient(mosquitto.port, config)
    await client.start()
    try:
        await client.announce()
        entry = await _confirm(hass, flows)
        await _subscribed(hass, entry)
        settings = {"leakage_threshold": 300.0, "leakage_delay": 10.0}
        await client.send_state(replace(reading(), settings=MappingProxyType(settings)))
        number = "number.plant_room_box_leakage_alarm_delay"
        await wait_for(lambda: hass.states.get(number).state == "10.0", "the delay shown")
        attributes = hass.states.get(number).attributes
        assert (attributes["unit_of_measurement"], attributes["device_class"]) == ("s", "duration")
        assert (attributes["min"], attributes["max"]) == (0, 600)
        # Only the delays the box has: no overcurrent or temperature delay here.
        assert hass.states.get("number.plant_room_box_overcurrent_alarm_delay") is None

        def answer(payload: bytes) -> None:
            _, command_id = parse_command(payload)
            kept = settings | parse_command_settings(payload)
            state = replace(reading(), settings=MappingProxyType(kept))
            hass.async_create_task(client.send_state(state, ack=command_id))

        client.on_command = answer
        await hass.services.async_call(
            "number", "set_value", {"entity_id": number, "value": 3}, blocking=True
        )
        assert hass.states.get(number).state == "3.0"
        # Beyond its range: refused before anything is sent.
        with pytest.raises(ServiceValidationError):
            await hass.services.async_call(
                "number", "set_value", {"entity_id": number, "value": 3600}, blocking=True
            )
    finally:
        await client.stop()


def _with_contactor(closed: bool) -> BoxReading:
    return replace(reading(), contactor_closed=closed)


async def test_contactor_errors(
    hass: HomeAssistant,
    added: MockConfigEntry,
    box: BoxClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mqtt_hub, "ACK_TIMEOUT", 0.5)
    # No acknowledgement at all.
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call("switch", "turn_off", {"entity_id": SWITCH}, blocking=True)
    assert err.value.translation_key == "command_not_acknowledged"
    assert hass.states.get(SWITCH).state == STATE_ON

    # Acknowledged, but the contactor stayed closed.
    def stuck(payload: bytes) -> None:
        _, command_id = parse_command(payload)
        hass.async_create_task(box.send_state(_with_contactor(True), ack=command_id))

    box.on_command = stuck
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call("switch", "turn_off", {"entity_id": SWITCH}, blocking=True)
    assert err.value.translation_key == "readback_mismatch"

    # Power on refused while an alarm is active, and while the box is offline.
    tripped = replace(reading(), alarms=frozenset({AlarmCause.OVERCURRENT}), contactor_closed=False)
    await box.send_state(tripped)
    await wait_for(lambda: hass.states.get(SWITCH).state == STATE_OFF, "contactor open")
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call("switch", "turn_on", {"entity_id": SWITCH}, blocking=True)
    assert err.value.translation_key == "alarm_active"
    await box.publish(Topic.AVAILABILITY, "offline")
    await wait_for(lambda: hass.states.get(SWITCH).state == STATE_UNAVAILABLE, "offline")
    with pytest.raises(HomeAssistantError) as err:
        await added.runtime_data.async_set_contactor(BOX, closed=False, force=False)
    assert err.value.translation_key == "box_offline"


async def test_unreadable_payloads_change_nothing_and_raise_a_repair(
    hass: HomeAssistant,
    added: MockConfigEntry,
    box: BoxClient,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    states_before = {
        s.entity_id: s.state for s in hass.states.async_all() if "plant_room" in s.entity_id
    }
    caplog.set_level(logging.WARNING)
    for payload in (
        b"\xff\xfe",
        b"{}",
        b'{"schema":1,"time":"2026-11-21T12:00:00Z","values":{"current_a":"41"}}',
        b"x" * 20000,
        b'{"schema":1,"time":"2026-11-21T12:00:00","values":{}}',
        b'{"schema":2,"time":"2026-11-21T12:00:00Z","values":{}}',
        b"[]",
        b"null",
        b'{"schema":1,"time":"2026-11-21T12:00:00Z","values":{"current_a":true}}',
    ):
        await box.publish(Topic.STATE, payload)
    implausible = json.loads(encode_state(datetime.now(UTC), reading()))
    implausible["values"] |= {"current_a": 1e9, "voltage_a": float("nan")}
    await box.publish(Topic.STATE, json.dumps(implausible))  # those two are dropped
    await box.publish(Topic.AVAILABILITY, b"maybe")
    await box.publish(Topic.ALARM, b'{"schema":1,"cause":"fire"}')
    issue_id = f"unreadable_payloads_{added.entry_id}"
    await wait_for(
        lambda: ir.async_get(hass).async_get_issue(DOMAIN, issue_id), "repair issue raised"
    )
    after = {s.entity_id: s.state for s in hass.states.async_all() if "plant_room" in s.entity_id}
    # Rejected whole, or (1e9 A, NaN V) dropped with the last good value kept.
    # The valid state counts for the qualification rates (today's and this month's).
    rates = {k for k in after if "voltage_qualification_rate" in k}
    assert {k: v for k, v in after.items() if k not in rates} == {
        k: v for k, v in states_before.items() if k not in rates
    }
    assert after[CURRENT_A] == "41.2"
    warnings = [r for r in caplog.records if "cannot be read" in r.getMessage()]
    assert len(warnings) == 1  # one warning per box per interval
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue.translation_placeholders["box"] == "Plant room box"

    # Readable payloads only, for the whole window: the issue goes away.
    monkeypatch.setattr(mqtt_hub, "ISSUE_WINDOW", 0.0)
    await box.send_state(reading(current_a=12.0))
    await wait_for(lambda: hass.states.get(CURRENT_A).state == "12.0", "valid state shown")
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_new_config_updates_the_box(
    hass: HomeAssistant, added: MockConfigEntry, box: BoxClient
) -> None:
    """A retained config with new firmware and a new capability reloads the box."""
    old = box.config
    box.config = replace(
        old,
        identity=replace(old.identity, firmware="2.5.0"),
        capabilities=replace(
            old.capabilities, measurements=old.capabilities.measurements | {"box_temperature"}
        ),
    )
    await box.announce()
    registry = dr.async_get(hass)
    await wait_for(
        lambda: (
            [d.sw_version for d in registry.async_get_devices(identifiers={(DOMAIN, BOX)})]
            == ["2.5.0"]
        ),
        "firmware updated",
    )
    await hass.async_block_till_done()
    assert er.async_get(hass).async_get_entity_id("sensor", DOMAIN, f"{BOX}_box_temperature")


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_broker_restart_recovers(
    hass: HomeAssistant,
    added: MockConfigEntry,
    box: BoxClient,
    mosquitto: MosquittoBroker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing to do for the user: Home Assistant and the box reconnect, the box shows again.

    Home Assistant retries every 10 s (a shorter interval races its own pending connection).
    The boxes are unavailable after a grace (shortened here); the broker gone is then one alarm
    of its own at once, dated when it went, not the box going offline: nothing is correlated as
    an area outage.
    """
    monkeypatch.setattr(mqtt_hub, "BROKER_GRACE", 0.5)  # the boxes' grace, shortened
    events = async_capture_events(hass, alarms.EVENT_SAFE_POWER_ALARM)
    hub = added.runtime_data
    await mosquitto.stop()
    await wait_for(lambda: hass.states.get(CURRENT_A).state == STATE_UNAVAILABLE, "broker gone")
    assert hass.states.get("binary_sensor.plant_room_box_connectivity").state == STATE_OFF
    await wait_for(lambda: events, "broker alarm")
    assert [(e.data["type"], e.data["cause"], e.data["box"]) for e in events] == [
        ("raised", "gateway_unreachable", "MQTT")
    ]
    issue = ir.async_get(hass).async_get_issue(DOMAIN, "unreachable_mqtt_broker")
    assert issue is not None
    assert issue.translation_key == "broker_unreachable"
    (record,) = alarms.async_get_alarms(hass).register.open_alarms("mqtt_broker")
    assert record.received - record.time == timedelta(seconds=0.5)  # when it went
    await mosquitto.start()
    # The broker forgot everything (no persistence): the box reconnects and announces again.
    await wait_for(box.client.is_connected, "box reconnected", within=20)
    await box.announce()
    # Home Assistant's client reconnects and subscribes again by itself.
    await wait_for(lambda: hub.connected, "Home Assistant reconnected", within=25)
    await wait_for(lambda: hub.counts["availability"] >= 3, "subscribed again")
    await box.send_state(reading(current_a=47.0))
    await wait_for(lambda: hass.states.get(CURRENT_A).state == "47.0", "updates again")
    assert [(e.data["type"], e.data["cause"]) for e in events] == [
        ("raised", "gateway_unreachable"),
        ("cleared", "gateway_unreachable"),
    ]
    assert ir.async_get(hass).async_get_issue(DOMAIN, "unreachable_mqtt_broker") is None


async def test_a_broker_restart_within_the_grace_is_not_seen(
    hass: HomeAssistant,
    added: MockConfigEntry,
    box: BoxClient,
    mosquitto: MosquittoBroker,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A broker restarted in seconds: no entity written unavailable, no alarm, no log line.

    The broker publishes every client's last will as it shuts down, just before it drops Home
    Assistant: those `offline`s are the broker going, not the boxes. Commands are refused
    while it is away, even though the box is still shown.
    """
    caplog.set_level(logging.INFO)
    events = async_capture_events(hass, EVENT_STATE_CHANGED)
    alarm_events = async_capture_events(hass, alarms.EVENT_SAFE_POWER_ALARM)
    hub = added.runtime_data
    await mosquitto.stop()
    await wait_for(lambda: not hub.connected, "Home Assistant saw the broker go")
    await asyncio.sleep(mqtt_hub.WILL_SETTLE + 0.5)  # the wills' `offline`: never shown
    assert hass.states.get(CURRENT_A).state == "41.2"
    with pytest.raises(HomeAssistantError) as refused:
        await hass.services.async_call("switch", "turn_off", {"entity_id": SWITCH}, blocking=True)
    assert refused.value.translation_key == "mqtt_unavailable"
    await mosquitto.start()
    await wait_for(box.client.is_connected, "box reconnected", within=20)
    await box.announce()
    await wait_for(lambda: hub.connected, "Home Assistant reconnected", within=25)
    await wait_for(lambda: hub.counts["availability"] >= 3, "subscribed again")
    await box.send_state(reading(current_a=47.0))
    await wait_for(lambda: hass.states.get(CURRENT_A).state == "47.0", "updates again")
    written = [
        (e.data["entity_id"], e.data["new_state"].state)
        for e in events
        if e.data["entity_id"].startswith(("sensor.plant_room", "binary_sensor.plant_room"))
    ]
    assert (CURRENT_A, STATE_UNAVAILABLE) not in written
    assert ("binary_sensor.plant_room_box_connectivity", STATE_OFF) not in written
    assert alarm_events == []
    assert "MQTT broker" not in caplog.text
    assert "is unavailable" not in caplog.text


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_leakage_creeping_for_five_days_is_an_early_warning(
    hass: HomeAssistant,
    added: MockConfigEntry,
    box: BoxClient,
    freezer: FrozenDateTimeFactory,
    request: pytest.FixtureRequest,
) -> None:
    """The field scenario: leakage 80 → 260 mA over five days, on the box's timestamps.

    Four days arrive live; then the bridge is down for a day and sends that day's states in
    one burst when it is back: each is placed at its own time, not at the burst's arrival.
    """
    # The MQTT clients (paho) time their keepalive on time.monotonic, which the freezer
    # freezes too: days moved at once would drop every connection. They keep real time.
    frozen_ignore = ignore_lists[-1]
    ignore_lists[-1] = (*frozen_ignore, "paho")
    request.addfinalizer(lambda: ignore_lists.__setitem__(-1, frozen_ignore))
    hub = added.runtime_data
    start = dt_util.utcnow()
    step, count = timedelta(minutes=15), 5 * 96

    def sample(i: int) -> BoxReading:
        hour = (start + i * step).hour
        load = 30.0 + (25.0 if 8 <= hour < 20 else 0.0)  # the day's load on phase A
        leakage = 80.0 + 180.0 * i / count + 0.5 * (load - 30.0)  # appliances add some
        return reading(leakage_current=round(leakage, 1), current_a=load)

    async def send(i: int) -> None:
        state = sample(i)
        await box.publish(Topic.STATE, encode_state(start + i * step, state))
        await wait_for(
            lambda: hub.data[BOX].values == state.values, f"state {i} of {count} received"
        )

    for i in range(1, 4 * 96 + 1):
        freezer.move_to(start + i * step)
        await send(i)
    freezer.move_to(start + count * step + timedelta(minutes=3))
    for i in range(4 * 96 + 1, count + 1):  # the bridge's backlog, at once
        await send(i)
    hub.async_update_listeners()
    await hass.async_block_till_done()

    trend = float(hass.states.get("sensor.plant_room_box_leakage_trend").state)
    assert trend == pytest.approx(36.0, abs=1.0)  # mA a day, the appliances' share taken off
    days = float(hass.states.get("sensor.plant_room_box_days_until_the_leakage_limit").state)
    assert days == pytest.approx((300 - 260) / 36, abs=0.2)  # the detector's 300 mA setting
    assert hass.states.get("sensor.plant_room_box_cable_temperature_trend").state == "0.0"
    # No cable temperature setting reported: no margin to show.
    assert hass.states.get("sensor.plant_room_box_cable_temperature_margin").state == "unknown"

    # The action a blueprint or the panel asks: the box, its place and the days left.
    answer = await hass.services.async_call(
        "safe_power", "early_warnings", {"within_days": 14}, blocking=True, return_response=True
    )
    [warning] = answer["boxes"]
    assert warning["name"] == "Plant room box"
    assert warning["location"] == "B1 plant room, north wall"
    assert warning["days_to_limit"] == pytest.approx(days, abs=0.06)
    assert warning["leakage"]["limit"] == 300.0
    assert warning["leakage"]["baseline"] == pytest.approx(260, abs=3)
    assert warning["leakage"]["days_of_history"] == pytest.approx(5, abs=0.1)
    assert warning["cable"]["hottest"] == 43.0
    assert warning["cable"]["days_to_limit"] is None  # no setting, and flat
    none_soon = await hass.services.async_call(
        "safe_power", "early_warnings", {"within_days": 0.5}, blocking=True, return_response=True
    )
    assert none_soon == {"boxes": []}

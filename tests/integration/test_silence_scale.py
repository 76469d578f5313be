"""Many MQTT boxes in one Home Assistant: one silence check for all, no false "silent".

Issue 12 (1,000 boxes): a late event loop (a restart, an alarm storm, a recorder backlog)
hears every box late; that is not the boxes' silence. A broker that is gone for a few seconds
is not every box going offline and back. The clock is frozen and moved by hand; the boxes'
messages are handed to their hubs' MQTT callbacks directly (Home Assistant's MQTT client is
connected to a real broker, but nothing travels through it), so that what arrives when is
exactly what the test says.
"""

from __future__ import annotations

import logging
import time

from freezegun.api import FrozenDateTimeFactory, ignore_lists
from homeassistant.components.mqtt import MQTT_CONNECTION_STATE, ReceiveMessage
from homeassistant.const import EVENT_STATE_CHANGED, STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import _TrackTimeInterval
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.safe_power import mqtt_hub
from custom_components.safe_power.alarms import EVENT_SAFE_POWER_ALARM
from custom_components.safe_power.box.mqtt import Topic, encode_config, encode_state, topic
from custom_components.safe_power.const import DOMAIN
from custom_components.safe_power.mqtt_hub import MqttBoxHub, MqttWatch

from .conftest import advance
from .mqtt_helpers import PREFIX, reading, three_phase_config

# Connectivity, which these tests watch, is disabled by default.
pytestmark = pytest.mark.usefixtures("socket_enabled", "entity_registry_enabled_by_default")

COUNT = 12
SILENT_LOG = "it has sent no state for"


def _box_id(n: int) -> str:
    return f"SP25F{n:04d}"


def _current(n: int) -> str:
    return f"sensor.box_{n:02d}_phase_a_current"


def _connectivity(n: int) -> str:
    return f"binary_sensor.box_{n:02d}_connectivity"


@pytest.fixture
async def boxes(
    hass: HomeAssistant, mqtt_ready: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> list[MqttBoxHub]:
    """COUNT boxes set up, each `online` and with a first state shown.

    Home Assistant's MQTT client (paho) times its keepalive on time.monotonic, which the
    freezer freezes too: it keeps real time (the freezer's ignore list ends with the test).
    """
    ignore_lists[-1] = (*ignore_lists[-1], "paho")
    hubs = []
    for n in range(COUNT):
        box_id = _box_id(n)
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=f"Box {n:02d}",
            unique_id=box_id,
            data={
                "transport": "mqtt",
                "prefix": PREFIX,
                "box_id": box_id,
                "config": encode_config(three_phase_config(box_id, box_id)),
            },
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        hubs.append(entry.runtime_data)
    await hass.async_block_till_done()
    for hub in hubs:
        _send(hub, Topic.AVAILABILITY, b"online", retain=True)
        _state(hub, 30.0)
    await hass.async_block_till_done()
    assert hass.states.get(_current(COUNT - 1)).state == "30.0"
    return hubs


def _send(hub: MqttBoxHub, kind: Topic, payload: bytes, *, retain: bool = False) -> None:
    """Hand a message to the box's hub as Home Assistant's MQTT client does."""
    subject = topic(PREFIX, hub.box_id, kind)
    hub.handlers[kind](ReceiveMessage(subject, payload, 0, retain, subject, time.time()))


def _state(hub: MqttBoxHub, current_a: float) -> None:
    _send(hub, Topic.STATE, encode_state(dt_util.utcnow(), reading(current_a=current_a)))


async def _round(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hubs: list[MqttBoxHub]
) -> None:
    """15 s on (the silence check runs), then a state from each of `hubs`."""
    await advance(hass, freezer, 15)
    for hub in hubs:
        _state(hub, 31.0)
    await hass.async_block_till_done()


def _unavailable_written(events: list[Event]) -> list[str]:
    return [
        e.data["entity_id"]
        for e in events
        if (new := e.data["new_state"]) is not None
        and new.state == STATE_UNAVAILABLE
        and new.entity_id.startswith(("sensor.box_", "binary_sensor.box_", "switch.box_"))
    ]


def _watch_timers(hass: HomeAssistant) -> int:
    """Return the interval timers scheduled on the loop that run the MQTT boxes' check."""
    return sum(
        1
        for handle in hass.loop._scheduled  # type: ignore[attr-defined]
        if not handle.cancelled()
        and isinstance(tracker := getattr(handle._callback, "__self__", None), _TrackTimeInterval)
        and isinstance(getattr(tracker.action, "__self__", None), MqttWatch)
    )


async def test_one_silence_check_walks_every_box(
    hass: HomeAssistant,
    boxes: list[MqttBoxHub],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """One timer for all the boxes; the box that goes quiet is said once, and its return."""
    caplog.set_level(logging.INFO)
    assert _watch_timers(hass) == 1
    for _ in range(5):  # a state every 15 s: each may be silent 45 s
        await _round(hass, freezer, boxes)
    quiet, others = boxes[3], [h for h in boxes if h is not boxes[3]]
    for _ in range(3):
        await _round(hass, freezer, others)
    assert hass.states.get(_connectivity(3)).state == STATE_ON  # 45 s: not yet
    await _round(hass, freezer, others)
    assert hass.states.get(_current(3)).state == STATE_UNAVAILABLE
    assert hass.states.get(_connectivity(3)).state == STATE_OFF
    for n in range(COUNT):
        if n != 3:
            assert hass.states.get(_connectivity(n)).state == STATE_ON, n
    await _round(hass, freezer, others)
    assert caplog.text.count(SILENT_LOG) == 1
    assert "Box Box 03 is unavailable: it has sent no state for 45 s" in caplog.text
    _state(quiet, 40.0)
    await hass.async_block_till_done()
    assert hass.states.get(_current(3)).state == "40.0"
    assert caplog.text.count("is back: it sends states again") == 1

    # The timer stays while any MQTT box is left, and goes with the last one.
    entries = hass.config_entries.async_entries(DOMAIN)
    for entry in entries[1:]:
        assert await hass.config_entries.async_unload(entry.entry_id)
    assert _watch_timers(hass) == 1
    assert await hass.config_entries.async_unload(entries[0].entry_id)
    await hass.async_block_till_done()
    assert _watch_timers(hass) == 0
    assert mqtt_hub._WATCH not in hass.data


async def test_a_late_loop_is_not_a_silent_box(
    hass: HomeAssistant,
    boxes: list[MqttBoxHub],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The loop stalls for a minute: the boxes' states wait in the socket, nobody is silent.

    The check itself runs 60 s late and its turn comes before the states that waited: every
    box's last state is 75 s old, far beyond its 45 s, yet it was our loop that did not listen.
    """
    caplog.set_level(logging.DEBUG, logger="custom_components.safe_power")
    events = async_capture_events(hass, EVENT_STATE_CHANGED)
    for _ in range(5):
        await _round(hass, freezer, boxes)
    await advance(hass, freezer, 75)  # the stall: the check due 15 s on runs at 75 s
    assert "The silence check ran 60.0 s late" in caplog.text
    for hub in boxes:  # what waited in the socket, read after the check
        for current in (32.0, 33.0, 34.0, 35.0):
            _state(hub, current)
    await hass.async_block_till_done()
    for _ in range(4):
        await _round(hass, freezer, boxes)
    assert SILENT_LOG not in caplog.text
    assert _unavailable_written(events) == []
    assert hass.states.get(_current(0)).state == "31.0"


async def test_a_box_quiet_through_a_stall_is_found_after_it(
    hass: HomeAssistant,
    boxes: list[MqttBoxHub],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The stall is excused, no more: a box that really stopped is silent 45 s after it."""
    caplog.set_level(logging.INFO)
    for _ in range(5):
        await _round(hass, freezer, boxes)
    quiet, others = boxes[0], boxes[1:]
    await advance(hass, freezer, 75)  # the check runs 60 s late: not judged
    for hub in others:
        _state(hub, 32.0)
    await hass.async_block_till_done()
    assert hass.states.get(_connectivity(0)).state == STATE_ON
    for _ in range(2):  # 30 and 45 s after the stall: within its 45 s
        await _round(hass, freezer, others)
        assert hass.states.get(_connectivity(0)).state == STATE_ON
    await _round(hass, freezer, others)
    assert hass.states.get(_connectivity(0)).state == STATE_OFF
    assert caplog.text.count(SILENT_LOG) == 1
    assert quiet.data[quiet.box_id].online is False


async def test_a_slow_start_up_is_not_silence(
    hass: HomeAssistant,
    boxes: list[MqttBoxHub],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The first check after set-up runs late (a thousand boxes starting): nobody is judged."""
    caplog.set_level(logging.INFO)
    freezer.tick(15)
    for hub in boxes:  # a second state: each has a cadence of 15 s, 45 s of silence allowed
        _state(hub, 30.5)
    await advance(hass, freezer, 90)  # the set-up kept the loop busy: the first check is late
    for _ in range(2):
        await _round(hass, freezer, boxes)
    assert SILENT_LOG not in caplog.text
    assert all(hass.states.get(_connectivity(n)).state == STATE_ON for n in range(COUNT))


def _broker(hass: HomeAssistant, *, connected: bool) -> None:
    """Tell the integration what Home Assistant's MQTT client tells it of the broker."""
    async_dispatcher_send(hass, MQTT_CONNECTION_STATE, connected)


async def test_a_short_broker_drop_changes_nothing_but_commands(
    hass: HomeAssistant,
    boxes: list[MqttBoxHub],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Back within the grace: not one state written, no log line, no alarm; commands refused."""
    caplog.set_level(logging.INFO)
    for _ in range(3):
        await _round(hass, freezer, boxes)
    events = async_capture_events(hass, EVENT_STATE_CHANGED)
    alarms = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    _broker(hass, connected=False)
    await hass.async_block_till_done()
    await advance(hass, freezer, 15)  # nothing is heard, and nothing is judged
    assert hass.states.get(_current(0)).state == "31.0"
    with pytest.raises(HomeAssistantError) as refused:
        await hass.services.async_call(
            "switch", "turn_off", {"entity_id": "switch.box_00_contactor"}, blocking=True
        )
    assert refused.value.translation_key == "mqtt_unavailable"
    _broker(hass, connected=True)
    await hass.async_block_till_done()
    # Each box's silence counts from the broker's return: 45 s after it, 60 s after the last
    # state, nobody is silent.
    for _ in range(3):
        await advance(hass, freezer, 15)
    await advance(hass, freezer, mqtt_hub.BROKER_GRACE)  # the grace's end passes: nothing
    assert all(hass.states.get(_connectivity(n)).state == STATE_ON for n in range(COUNT))
    assert events == []
    assert alarms == []
    assert "MQTT broker" not in caplog.text


async def test_a_long_broker_outage_after_the_grace(
    hass: HomeAssistant,
    boxes: list[MqttBoxHub],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Gone past the grace: every box unavailable once, one line; back when the broker is."""
    caplog.set_level(logging.INFO)
    for _ in range(3):
        await _round(hass, freezer, boxes)
    events = async_capture_events(hass, EVENT_STATE_CHANGED)
    _broker(hass, connected=False)
    await hass.async_block_till_done()
    # The harness fires what falls due within a step of the loop's clock: 15 s steps never
    # reach the 30 s grace, one of 30 s does.
    await advance(hass, freezer, 15)
    assert _unavailable_written(events) == []
    assert hass.states.get(_current(0)).state == "31.0"
    await advance(hass, freezer, mqtt_hub.BROKER_GRACE)
    assert all(hass.states.get(_current(n)).state == STATE_UNAVAILABLE for n in range(COUNT))
    assert caplog.text.count("Connection to the MQTT broker lost") == 1
    unavailable = len(_unavailable_written(events))
    for _ in range(3):
        await advance(hass, freezer, 15)
    assert len(_unavailable_written(events)) == unavailable  # written once
    with pytest.raises(HomeAssistantError):
        await hass.services.async_call(
            DOMAIN, "power_off", {"entity_id": "switch.box_00_contactor"}, blocking=True
        )
    _broker(hass, connected=True)
    await hass.async_block_till_done()
    assert all(hass.states.get(_current(n)).state == "31.0" for n in range(COUNT))
    assert caplog.text.count("Connection to the MQTT broker is back") == 1
    for _ in range(3):  # 45 s after its return: each box still has its full interval
        await advance(hass, freezer, 15)
    assert SILENT_LOG not in caplog.text
    assert all(hass.states.get(_connectivity(n)).state == STATE_ON for n in range(COUNT))

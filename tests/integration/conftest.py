"""Fixtures for the Home Assistant tests: a real simulated gateway on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
import time
from typing import Any
from unittest.mock import PropertyMock, patch

import freezegun
from freezegun.api import FrozenDateTimeFactory
from homeassistant import data_entry_flow
from homeassistant.components import mqtt
from homeassistant.components.mqtt.models import DATA_MQTT
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import config_validation as cv, event as event_helper
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from homeassistant.util.async_ import get_scheduled_timer_handles
import probatio
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.safe_power.const import (
    CONF_ALARM_INTERVAL,
    CONF_BUILDING,
    CONF_FIRMWARE,
    CONF_FLOOR,
    CONF_LOCATION,
    CONF_MODEL,
    CONF_PHASES,
    CONF_PROFILE,
    CONF_SERIAL,
    CONF_TELEMETRY_INTERVAL,
    CONF_TIMEOUT,
    CONF_TRANSPORT,
    CONF_UNIT_ID,
    CONF_X,
    CONF_Y,
    DOMAIN,
    SUBENTRY_BOX,
)
from safe_power_tools.mqtt_common import MosquittoBroker
from safe_power_tools.simulator.box import SimulatedBox
from safe_power_tools.simulator.server import SimulatedGateway
from tests.flow_api import FlowApi

from .mqtt_helpers import BoxClient, reading, three_phase_config, wait_for

pytestmark = pytest.mark.usefixtures("socket_enabled")

# The frozen clock freezes Home Assistant's wall clock (what the integration's back-off and
# telemetry schedule read), but the event loop keeps real time: Modbus timeouts against the
# simulator are real socket timeouts and would never fire on a frozen loop.
# (Home Assistant's loop reads the time through patch_time._monotonic.)
freezegun.configure(
    extend_ignore_list=["asyncio", "pytest_homeassistant_custom_component.patch_time"]
)

TIMEOUT = 0.3  # s per Modbus request in tests: a dead box costs this much


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Load custom_components/ in every Home Assistant test."""


@pytest.fixture(autouse=True)
def forms_serialize(monkeypatch: pytest.MonkeyPatch) -> None:
    """Turn every form a flow shows into JSON, as the HTTP API does for the frontend.

    `flow.async_configure` never serializes: without this, a form the frontend cannot draw
    (HTTP 500 for the user) passes every harness test that does not go over HTTP.
    """
    show_form = data_entry_flow.FlowHandler.async_show_form

    def serialized(self: data_entry_flow.FlowHandler, **kwargs: Any) -> Any:
        result = show_form(self, **kwargs)
        if (schema := result.get("data_schema")) is not None:
            probatio.to_field_list(schema, custom_serializer=cv.custom_serializer)
        return result

    monkeypatch.setattr(data_entry_flow.FlowHandler, "async_show_form", serialized)


@pytest.fixture
async def flows(hass: HomeAssistant, hass_client: ClientSessionGenerator) -> FlowApi:
    """The flow endpoints of Home Assistant's HTTP API, logged in as the owner."""
    assert await async_setup_component(hass, "config", {})
    return FlowApi(await hass_client())


def make_boxes() -> list[SimulatedBox]:
    """A single-phase box at unit 1 and a three-phase box with a tripping contactor at 2."""
    return [
        SimulatedBox(unit_id=1, serial="SP1P0001", phases=1, seed=1),
        SimulatedBox(unit_id=2, serial="SP3P0002", phases=3, seed=2, trip_on_alarm=True),
    ]


@pytest.fixture
async def gateway(socket_enabled: None) -> AsyncIterator[SimulatedGateway]:
    """Start the simulated gateway on a free port of 127.0.0.1."""
    sim = SimulatedGateway(make_boxes(), host="127.0.0.1", port=0)
    await sim.start()
    yield sim
    await sim.stop()


def box_subentry(box: SimulatedBox, title: str, **details: Any) -> ConfigSubentryData:
    """Return the subentry the config flow would create for a simulated box."""
    return ConfigSubentryData(
        subentry_type=SUBENTRY_BOX,
        title=title,
        unique_id=box.serial,
        data={
            CONF_UNIT_ID: box.unit_id,
            CONF_PROFILE: "safe_power_reference",
            CONF_SERIAL: box.serial,
            CONF_MODEL: box.model,
            CONF_FIRMWARE: box.firmware,
            CONF_PHASES: box.phases,
            **details,
        },
    )


@pytest.fixture
def config_entry(gateway: SimulatedGateway) -> MockConfigEntry:
    """A gateway entry with both simulated boxes, as the config flow creates it."""
    one, three = gateway.boxes[1], gateway.boxes[2]
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"127.0.0.1:{gateway.port}",
        data={
            CONF_TRANSPORT: "tcp",
            "host": "127.0.0.1",
            "port": gateway.port,
            CONF_TIMEOUT: TIMEOUT,
        },
        options={CONF_TELEMETRY_INTERVAL: 15, CONF_ALARM_INTERVAL: 2},
        subentries_data=[
            box_subentry(one, "Kitchen box", **{CONF_LOCATION: "Ground floor, kitchen wall"}),
            box_subentry(
                three,
                "B2 east shaft box 3",
                **{
                    CONF_BUILDING: "Plant block",
                    CONF_LOCATION: "B2 floor, east shaft",
                    CONF_X: 12.5,
                    CONF_Y: 40.0,
                    CONF_FLOOR: -2,
                },
            ),
        ],
    )


@pytest.fixture
def every_change(hass_storage: dict[str, Any]) -> None:
    """Keep a state on every change, as an installation from before the default changed did.

    A new installation writes significant changes only (panel_settings); a test that follows
    every small step of a value stores the other setting first.
    """
    hass_storage["safe_power.panel"] = {
        "version": 1,
        "minor_version": 1,
        "key": "safe_power.panel",
        "data": {"power_users": [], "user_areas": {}, "state_updates": "every_change"},
    }


@pytest.fixture
def entity_registry_enabled_by_default() -> Iterator[None]:
    """Enable the entities that start disabled (as in Home Assistant core's tests)."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


@pytest.fixture
async def setup_integration(hass: HomeAssistant, config_entry: MockConfigEntry) -> MockConfigEntry:
    """Set up the gateway entry against the simulator."""
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return config_entry


async def advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    """Move the frozen clock on and run what falls due: one coordinator poll, real sockets.

    The loop's own clock is real, so the scheduled poll is fired by looking `seconds` ahead
    (`fire_due`). What is in flight is finished first: the coordinator's interval runs on the
    loop's real clock and may have started a poll on its own, and while a poll runs it has no
    timer scheduled, so moving the clock then would fire nothing.
    """
    await hass.async_block_till_done(wait_background_tasks=True)
    freezer.tick(timedelta(seconds=seconds))
    fire_due(hass, seconds)
    await hass.async_block_till_done(wait_background_tasks=True)


# Timers that fire up to this late count as due: the coordinator and interval trackers add a
# random 0.05-0.5 s to their schedule (what async_fire_time_changed allows for as well).
_JITTER = event_helper.RANDOM_MICROSECOND_MAX / 1_000_000
_MONOTONIC_RESOLUTION = time.get_clock_info("monotonic").resolution


@callback
def fire_due(hass: HomeAssistant, seconds: float) -> None:
    """Run every timer of the loop due within `seconds` of the loop's clock.

    What `async_fire_time_changed(hass, utcnow() + seconds)` means to do, without its wall-clock
    arithmetic: it takes a timer as due when `target - time.time()` reaches the timer's delay on
    the loop, and `time.time()` there is the real time, not the frozen one (freezegun answers
    with the real time when one of the five calling frames belongs to an ignored module, and
    "asyncio" is: the loop's `Handle._run` is the fifth). Its look-ahead therefore shrank by as
    much as the real time had run ahead of the frozen one; after a slow set-up on a loaded
    machine it was negative and a 2 s step fired nothing. Here both sides are the loop's clock.
    Time trackers are told it is the frozen time plus `seconds`, as async_fire_time_changed
    tells them.
    """
    moment = dt_util.utcnow() + timedelta(seconds=seconds + _JITTER)
    horizon = hass.loop.time() + seconds + _JITTER + _MONOTONIC_RESOLUTION
    with (
        patch("homeassistant.helpers.event.time_tracker_utcnow", return_value=moment),
        patch(
            "homeassistant.helpers.event.time_tracker_timestamp", return_value=moment.timestamp()
        ),
    ):
        for handle in list(get_scheduled_timer_handles(hass.loop)):
            if handle.cancelled() or handle.when() > horizon:
                continue
            handle._run()  # as async_fire_time_changed runs them
            handle.cancel()


def subentry_id(entry: MockConfigEntry, serial: str) -> str:
    """Return the subentry id of a box."""
    return next(s.subentry_id for s in entry.subentries.values() if s.unique_id == serial)


@pytest.fixture
async def mosquitto(socket_enabled: None) -> AsyncIterator[MosquittoBroker]:
    """A real mosquitto on a free port of 127.0.0.1 (`restart()` restarts it, same port)."""
    broker = MosquittoBroker()
    await broker.start()
    yield broker
    await broker.stop()
    broker.cleanup()


@pytest.fixture
async def mqtt_ready(
    hass: HomeAssistant, mosquitto: MosquittoBroker, mock_hass_config: None
) -> AsyncIterator[MockConfigEntry]:
    """Home Assistant's MQTT integration connected to the real broker.

    Version 2.1 with protocol 5 is the current entry format: no migration reloads the client in
    the middle of a test (HA-FACTS §4).
    """
    entry = MockConfigEntry(
        domain="mqtt",
        version=2,
        minor_version=1,
        data={"broker": "127.0.0.1", "port": mosquitto.port, "protocol": "5"},
        # No birth message: a test that stops the broker right after set-up would leave
        # Home Assistant's pending birth publish failing in a task nobody awaits.
        options={"birth_message": {}},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    assert await mqtt.async_wait_for_mqtt_client(hass)
    yield entry
    # Disconnect before the broker stops, as Home Assistant does when it shuts down.
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    # Its disconnect cancels the client's (un)subscribe cooldown timers first, then waits for
    # the broker's acknowledgements; a (un)subscription queued meanwhile starts a new timer,
    # which the harness then fails the test on (seen once in a loaded run, HA-FACTS). Cancel
    # them again, as the disconnect does.
    if (mqtt_data := hass.data.get(DATA_MQTT)) is not None:
        await mqtt_data.client._subscribe_debouncer.async_cleanup()
        await mqtt_data.client._unsubscribe_debouncer.async_cleanup()


@pytest.fixture
async def mqtt_box(mosquitto: MosquittoBroker) -> AsyncIterator[BoxClient]:
    """The three-phase MQTT box, connected and announced (retained config and `online`)."""
    client = BoxClient(mosquitto.port, three_phase_config())
    await client.start()
    await client.announce()
    yield client
    await client.stop()


@pytest.fixture
async def mqtt_box_added(
    hass: HomeAssistant, mqtt_ready: MockConfigEntry, mqtt_box: BoxClient
) -> MockConfigEntry:
    """The MQTT box discovered, confirmed as "Plant room box" and sending its first state."""
    flows = await wait_for(
        lambda: hass.config_entries.flow.async_progress_by_handler(DOMAIN), "discovered"
    )
    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {"name": "Plant room box", "location": "B1 plant room"}
    )
    assert result["type"] == "create_entry"
    await hass.async_block_till_done()
    entry: MockConfigEntry = result["result"]
    serial = mqtt_box.config.identity.serial
    await wait_for(
        lambda: (box := entry.runtime_data.data.get(serial)) is not None and box.online,
        "retained availability received",
    )
    await mqtt_box.send_state(reading())
    await wait_for(
        lambda: hass.states.get("sensor.plant_room_box_phase_a_current").state == "41.2",
        "first state shown",
    )
    return entry

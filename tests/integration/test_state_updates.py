"""A site's "significant changes only": measurements write a state when they moved enough.

The setting is the site's (the panel's settings, `safe_power/settings/update`, admins only)
and applies at once to every box; a value within its band (box/deadband.py) of the one shown
writes no state until the heartbeat is due, a change of availability always writes one.
"""

from __future__ import annotations

from typing import Any

from homeassistant.const import EVENT_STATE_CHANGED, STATE_UNAVAILABLE
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    flush_store,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.safe_power import entity
from custom_components.safe_power.box.mqtt import Topic
from custom_components.safe_power.const import DOMAIN
from custom_components.safe_power.panel_settings import async_get_panel_settings

from .mqtt_helpers import BoxClient, reading, wait_for

pytestmark = pytest.mark.usefixtures("socket_enabled")

CURRENT_A = "sensor.plant_room_box_phase_a_current"
CURRENT_B = "sensor.plant_room_box_phase_b_current"
VOLTAGE_A = "sensor.plant_room_box_phase_a_voltage"


class Clock:
    """The sensors' monotonic clock, moved by hand."""

    def __init__(self) -> None:
        """Start at an arbitrary time."""
        self.now = 1000.0

    def __call__(self) -> float:
        """Return the time."""
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Replace the clock the sensors time their heartbeat with."""
    clock = Clock()
    monkeypatch.setattr(entity, "monotonic", clock)
    return clock


async def _significant_only(hass_ws_client: WebSocketGenerator, hass: HomeAssistant) -> None:
    """Switch the site to significant changes only, as the panel's settings page does."""
    admin = await hass_ws_client(hass)
    await admin.send_json_auto_id(
        {
            "type": "safe_power/settings/update",
            "power_users": [],
            "user_areas": {},
            "state_updates": "significant",
            "heartbeat_minutes": 5,
        }
    )
    answer = await admin.receive_json()
    assert answer["success"], answer
    assert answer["result"]["state_updates"] == "significant"
    assert answer["result"]["heartbeat_minutes"] == 5


async def _send(hass: HomeAssistant, box: BoxClient, marker: float, **values: float) -> None:
    """Send a state, and wait until it was handled (phase B's current carries a marker)."""
    await box.send_state(reading(current_b=marker, **values))
    await wait_for(lambda: hass.states.get(CURRENT_B).state == str(marker), f"marker {marker}")


def _shown(events: list[Event[Any]], entity_id: str) -> list[str]:
    return [e.data["new_state"].state for e in events if e.data["entity_id"] == entity_id]


async def test_a_new_installation_writes_significant_changes_only(
    hass: HomeAssistant,
    mqtt_box_added: MockConfigEntry,
    mqtt_box: BoxClient,
    hass_storage: dict[str, Any],
) -> None:
    """Out of the box, a small move waits for a big one (or the heartbeat); stored at once."""
    settings = async_get_panel_settings(hass)
    await flush_store(settings.store)  # type: ignore[arg-type]
    stored = hass_storage["safe_power.panel"]["data"]
    assert (stored["state_updates"], stored["heartbeat_minutes"]) == ("significant", 5)
    changes = async_capture_events(hass, EVENT_STATE_CHANGED)
    await _send(hass, mqtt_box, 10.0, current_a=41.25, voltage_a=229.9)
    await _send(hass, mqtt_box, 20.0, current_a=41.3, voltage_a=230.0)
    assert _shown(changes, CURRENT_A) == _shown(changes, VOLTAGE_A) == []


@pytest.fixture
def earlier_installation(hass: HomeAssistant, entity_registry: er.EntityRegistry) -> None:
    """An installation from before the default: Safe Power's entities, no setting stored."""
    entity_registry.async_get_or_create("sensor", DOMAIN, "SP1P0009_voltage_a")


@pytest.mark.usefixtures("earlier_installation")
async def test_an_earlier_installation_keeps_every_change(
    hass: HomeAssistant,
    mqtt_box_added: MockConfigEntry,
    mqtt_box: BoxClient,
    hass_storage: dict[str, Any],
) -> None:
    """Updated from before the setting had a default: every value shown, as it was."""
    await flush_store(async_get_panel_settings(hass).store)  # type: ignore[arg-type]
    assert hass_storage["safe_power.panel"]["data"]["state_updates"] == "every_change"
    changes = async_capture_events(hass, EVENT_STATE_CHANGED)
    await _send(hass, mqtt_box, 10.0, current_a=41.25, voltage_a=229.9)
    await _send(hass, mqtt_box, 20.0, current_a=41.3, voltage_a=230.0)
    assert _shown(changes, CURRENT_A) == ["41.25", "41.3"]
    assert _shown(changes, VOLTAGE_A) == ["229.9", "230.0"]


async def test_significant_changes_only(
    clock: Clock,
    hass: HomeAssistant,
    mqtt_box_added: MockConfigEntry,
    mqtt_box: BoxClient,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Small moves wait for a big one or the heartbeat; the value shown is always current."""
    await _significant_only(hass_ws_client, hass)
    changes = async_capture_events(hass, EVENT_STATE_CHANGED)

    # Shown: 41.2 A and 229.8 V. The band: 2 % of 41.2 A (0.82 A), 1 V.
    await _send(hass, mqtt_box, 10.0, current_a=41.9, voltage_a=230.7)
    assert _shown(changes, CURRENT_A) == _shown(changes, VOLTAGE_A) == []
    await _send(hass, mqtt_box, 20.0, current_a=42.1, voltage_a=230.8)  # 0.9 A, 1.0 V from shown
    assert _shown(changes, CURRENT_A) == ["42.1"]
    assert _shown(changes, VOLTAGE_A) == ["230.8"]

    # Drifting within the band: nothing until the heartbeat (5 min since the last state).
    clock.now += 299
    await _send(hass, mqtt_box, 30.0, current_a=42.2)
    assert _shown(changes, CURRENT_A) == ["42.1"]
    clock.now += 1
    await _send(hass, mqtt_box, 40.0, current_a=42.3)
    assert _shown(changes, CURRENT_A) == ["42.1", "42.3"]
    # A value that stands still writes nothing, heartbeat or not.
    clock.now += 600
    await _send(hass, mqtt_box, 50.0, current_a=42.3)
    assert _shown(changes, CURRENT_A) == ["42.1", "42.3"]

    # Going offline is shown at once, and so is coming back (with the last value known);
    # from there the band holds again.
    await mqtt_box.publish(Topic.AVAILABILITY, "offline")
    await wait_for(lambda: hass.states.get(CURRENT_A).state == STATE_UNAVAILABLE, "offline")
    await mqtt_box.publish(Topic.AVAILABILITY, "online")
    await _send(hass, mqtt_box, 60.0, current_a=42.4)
    assert _shown(changes, CURRENT_A) == ["42.1", "42.3", STATE_UNAVAILABLE, "42.3"]
    await _send(hass, mqtt_box, 70.0, current_a=43.2)
    assert _shown(changes, CURRENT_A)[-1] == "43.2"


async def test_back_to_every_change_at_once_and_kept_over_a_restart(
    clock: Clock,
    hass: HomeAssistant,
    mqtt_box_added: MockConfigEntry,
    mqtt_box: BoxClient,
    hass_ws_client: WebSocketGenerator,
    hass_storage: dict[str, Any],
) -> None:
    """The setting applies without a reload, and is stored with the panel's settings."""
    await _significant_only(hass_ws_client, hass)
    await flush_store(async_get_panel_settings(hass).store)  # type: ignore[arg-type]
    stored = hass_storage["safe_power.panel"]["data"]
    assert (stored["state_updates"], stored["heartbeat_minutes"]) == ("significant", 5)

    changes = async_capture_events(hass, EVENT_STATE_CHANGED)
    await _send(hass, mqtt_box, 10.0, current_a=41.3)
    assert _shown(changes, CURRENT_A) == []
    admin = await hass_ws_client(hass)
    await admin.send_json_auto_id(
        {
            "type": "safe_power/settings/update",
            "power_users": [],
            "user_areas": {},
            "state_updates": "every_change",
        }
    )
    answer = await admin.receive_json()
    assert answer["result"]["state_updates"] == "every_change"
    assert answer["result"]["heartbeat_minutes"] == 5  # left out: kept
    await _send(hass, mqtt_box, 20.0, current_a=41.35)
    assert _shown(changes, CURRENT_A) == ["41.35"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("state_updates", "sometimes"), ("heartbeat_minutes", 0), ("heartbeat_minutes", 61)],
)
async def test_a_bad_setting_is_refused(
    hass: HomeAssistant,
    mqtt_box_added: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    field: str,
    value: object,
) -> None:
    """Out of its range or unknown: refused, and the settings stay as they were."""
    admin = await hass_ws_client(hass)
    await admin.send_json_auto_id(
        {"type": "safe_power/settings/update", "power_users": [], "user_areas": {}, field: value}
    )
    answer = await admin.receive_json()
    assert not answer["success"]
    assert answer["error"]["code"] == "invalid_format"
    settings = async_get_panel_settings(hass).as_dict()
    assert (settings["state_updates"], settings["heartbeat_minutes"]) == ("significant", 5)

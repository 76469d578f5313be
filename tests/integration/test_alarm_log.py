"""The alarm log event entity: what, when and where for every alarm raised and cleared."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar, device_registry as dr
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.safe_power.const import DEFAULT_OFFLINE_AFTER
from safe_power_tools.simulator import SimulatedGateway

from .conftest import advance

pytestmark = pytest.mark.usefixtures("socket_enabled")

LOG = "event.b2_east_shaft_box_3_alarm_log"


async def test_alarm_raised_and_cleared(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    entry = setup_integration
    area = ar.async_get(hass).async_create("Plant room")
    device = dr.async_get(hass).async_get_device_by_identifier(
        ("safe_power", "SP3P0002"), entry.entry_id
    )
    assert device is not None
    dr.async_get(hass).async_update_device(device.id, area_id=area.id)
    changes = async_capture_events(hass, "state_changed")
    assert hass.states.get(LOG).state == "unknown"  # nothing happened yet

    box = gateway.boxes[2]
    box.trip_on_alarm = False
    box.set_scenario("leakage_ramp")
    for _ in range(60):  # a minute of physics: leakage climbs past 300 mA
        gateway.tick(1)
    await gateway.push()
    threshold_crossed_at = dt_util.utcnow()
    await advance(hass, freezer, 2)

    assert hass.states.get("binary_sensor.b2_east_shaft_box_3_leakage").state == STATE_ON
    events = [c.data["new_state"] for c in changes if c.data["entity_id"] == LOG]
    assert len(events) == 1
    attrs = events[0].attributes
    assert attrs["event_type"] == "alarm"
    assert attrs["cause"] == "leakage"
    assert attrs["value"] == pytest.approx(round(box.values["leakage_current"] or 0, 1))
    assert attrs["value"] > 300
    assert attrs["threshold"] == 300
    assert attrs["unit"] == "mA"
    assert attrs["channel"] == "leakage_current"
    assert attrs["box"] == "B2 east shaft box 3"
    assert attrs["area"] == "Plant room"
    assert attrs["location"] == "B2 floor, east shaft"
    assert attrs["floor"] == -2
    assert attrs["x"] == 12.5
    assert attrs["serial"] == "SP3P0002"
    assert dt_util.parse_datetime(attrs["time"]) >= threshold_crossed_at

    # Back to normal: the detector clears the bit, the log says so.
    box.set_scenario("recover")
    for _ in range(10):
        gateway.tick(1)
    await gateway.push()
    await advance(hass, freezer, 2)
    events = [c.data["new_state"] for c in changes if c.data["entity_id"] == LOG]
    assert [e.attributes["event_type"] for e in events] == ["alarm", "cleared"]
    assert events[1].attributes["cause"] == "leakage"
    assert events[1].attributes["value"] < 300


async def test_overload_trip_logs_both_causes(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    changes = async_capture_events(hass, "state_changed")
    box = gateway.boxes[2]
    box.set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    await advance(hass, freezer, 2)
    events = [c.data["new_state"].attributes for c in changes if c.data["entity_id"] == LOG]
    causes = {e["cause"]: e for e in events if e["event_type"] == "alarm"}
    assert set(causes) >= {"overcurrent", "contactor_tripped"}
    overcurrent = causes["overcurrent"]
    assert overcurrent["threshold"] == 63
    assert overcurrent["unit"] == "A"
    assert overcurrent["channel"] in {"current_a", "current_b", "current_c"}


async def test_offline_is_logged(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    changes = async_capture_events(hass, "state_changed")
    gateway.boxes[2].set_fault("offline")
    for _ in range(DEFAULT_OFFLINE_AFTER):  # failed polls before a box counts as offline
        await advance(hass, freezer, 2)
    state = hass.states.get(LOG)
    assert state is not None
    assert state.attributes["event_type"] == "alarm"
    assert state.attributes["cause"] == "offline"
    assert state.attributes["location"] == "B2 floor, east shaft"
    assert "value" not in state.attributes

    gateway.boxes[2].set_fault(None)
    await advance(hass, freezer, 300)
    events = [c.data["new_state"].attributes for c in changes if c.data["entity_id"] == LOG]
    assert [(e["event_type"], e["cause"]) for e in events] == [
        ("alarm", "offline"),
        ("cleared", "offline"),
    ]

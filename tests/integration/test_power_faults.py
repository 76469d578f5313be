"""Power faults read from a Modbus box's voltages, against the simulator (box/supply_faults.py).

The reference detector flags phase loss itself but not an outage of its supply: Home Assistant
reads that from the voltages while the detector still answers.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.safe_power.alarms import EVENT_SAFE_POWER_ALARM, async_get_alarms
from safe_power_tools.simulator import SimulatedGateway

from .conftest import advance

pytestmark = pytest.mark.usefixtures("socket_enabled")

OUTAGE = "binary_sensor.kitchen_box_supply_outage"


async def test_an_outage_while_the_detector_answers(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    hub = setup_integration.runtime_data
    derived = {info.serial: info.derived_faults for info in hub.boxes.values()}
    # Single-phase: only the outage; three-phase: its detector flags phase loss itself.
    assert derived == {"SP1P0001": {"supply_outage"}, "SP3P0002": {"supply_outage"}}
    assert hass.states.get(OUTAGE).state == STATE_OFF
    assert hass.states.get("binary_sensor.kitchen_box_phase_loss") is None

    gateway.boxes[1].set_scenario("outage")
    gateway.tick(1)
    await gateway.push()
    await advance(hass, freezer, 16)  # the next telemetry read: the voltages

    assert hass.states.get(OUTAGE).state == STATE_ON
    raised = {e.data["cause"]: e.data for e in events if e.data["type"] == "raised"}
    # The detector's own undervoltage bit, and the outage Home Assistant reads.
    assert set(raised) == {"undervoltage", "supply_outage"}
    outage = raised["supply_outage"]
    assert (outage["origin"], outage["value"], outage["threshold"], outage["unit"]) == (
        "home_assistant",
        0.0,
        110.0,
        "V",
    )
    assert (outage["channel"], outage["limit"], outage["box"]) == (
        "voltage_a",
        "below",
        "Kitchen box",
    )

    gateway.boxes[1].set_scenario("recover")
    gateway.tick(5)  # past the detector's own hold of its undervoltage bit
    await gateway.push()
    await advance(hass, freezer, 16)
    assert hass.states.get(OUTAGE).state == STATE_OFF
    cleared = [e.data for e in events if e.data["type"] == "cleared"]
    assert {e["cause"] for e in cleared} == {"undervoltage", "supply_outage"}
    assert async_get_alarms(hass).register.open_alarms("SP1P0001") == []

"""The contactor switch: every command confirmed by read-back, the alarm interlock, refusals."""

from __future__ import annotations

import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.switch import SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.const import ATTR_ENTITY_ID, STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.safe_power.box import poller
from custom_components.safe_power.box.model import AlarmCause
from custom_components.safe_power.const import DEFAULT_OFFLINE_AFTER
from safe_power_tools.simulator import SimulatedGateway

from .conftest import advance

pytestmark = pytest.mark.usefixtures("socket_enabled")

KITCHEN = "switch.kitchen_box_contactor"
SHAFT = "switch.b2_east_shaft_box_3_contactor"
KITCHEN_CURRENT = "sensor.kitchen_box_phase_a_current"


async def _switch(hass: HomeAssistant, service: str, entity_id: str) -> None:
    await hass.services.async_call("switch", service, {ATTR_ENTITY_ID: entity_id}, blocking=True)


async def test_power_off_and_on(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    box = gateway.boxes[1]
    assert hass.states.get(KITCHEN).state == STATE_ON
    assert float(hass.states.get(KITCHEN_CURRENT).state) > 1
    await _switch(hass, SERVICE_TURN_OFF, KITCHEN)
    assert box.contactor_closed is False  # the box really opened
    assert hass.states.get(KITCHEN).state == STATE_OFF  # confirmed by read-back at once
    # The load is gone at the next alarm-lane tick, not a telemetry interval later.
    await advance(hass, freezer, 2)
    assert float(hass.states.get(KITCHEN_CURRENT).state) == 0
    await _switch(hass, SERVICE_TURN_ON, KITCHEN)
    assert box.contactor_closed is True
    assert hass.states.get(KITCHEN).state == STATE_ON
    # Every command is logged: what was asked and what was confirmed.
    assert "Contactor of box Kitchen box (unit 1): open (power off) requested" in caplog.text
    assert "Contactor of box Kitchen box confirmed open" in caplog.text
    assert "Contactor of box Kitchen box confirmed closed" in caplog.text


async def test_service_actions(
    hass: HomeAssistant, gateway: SimulatedGateway, setup_integration: MockConfigEntry
) -> None:
    await hass.services.async_call(
        "safe_power", "power_off", {ATTR_ENTITY_ID: [KITCHEN, SHAFT]}, blocking=True
    )
    assert gateway.boxes[1].contactor_closed is False
    assert gateway.boxes[2].contactor_closed is False
    await hass.services.async_call("safe_power", "power_on", {ATTR_ENTITY_ID: SHAFT}, blocking=True)
    assert gateway.boxes[2].contactor_closed is True
    assert hass.states.get(SHAFT).state == STATE_ON


async def test_refused_while_offline(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    gateway.boxes[1].set_fault("offline")
    for _ in range(DEFAULT_OFFLINE_AFTER):  # failed polls before a box counts as offline
        await advance(hass, freezer, 2)
    assert hass.states.get(KITCHEN).state == STATE_UNAVAILABLE
    coordinator = setup_integration.runtime_data
    sid = next(s for s, box in coordinator.boxes.items() if box.serial == "SP1P0001")
    asked = gateway.requests[1]
    with pytest.raises(ServiceValidationError) as err:
        await coordinator.async_set_contactor(sid, closed=False, force=False)
    assert err.value.translation_key == "box_offline"
    assert str(err.value) == "Box Kitchen box is offline: the command was not sent"
    assert gateway.requests[1] == asked  # nothing was sent


async def test_box_dies_before_the_command(
    hass: HomeAssistant, gateway: SimulatedGateway, setup_integration: MockConfigEntry
) -> None:
    """Home Assistant still thinks the box is online: the write times out, translated."""
    gateway.boxes[1].set_fault("offline")
    with pytest.raises(HomeAssistantError) as err:
        await _switch(hass, SERVICE_TURN_OFF, KITCHEN)
    assert err.value.translation_key == "command_timeout"
    assert str(err.value) == "Box Kitchen box did not answer the command in time"


async def test_rejected_command(
    hass: HomeAssistant, gateway: SimulatedGateway, setup_integration: MockConfigEntry
) -> None:
    gateway.boxes[1].set_fault("exception", code=4)
    with pytest.raises(HomeAssistantError) as err:
        await _switch(hass, SERVICE_TURN_OFF, KITCHEN)
    assert err.value.translation_key == "command_rejected"
    assert "exception code 4" in str(err.value)


async def _trip_shaft_box(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, gateway: SimulatedGateway
) -> None:
    """Overload the three-phase box: its detector trips the contactor and keeps alarming."""
    box = gateway.boxes[2]
    box.set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    await advance(hass, freezer, 2)
    assert box.contactor_closed is False
    assert hass.states.get(SHAFT).state == STATE_OFF
    assert hass.states.get("binary_sensor.b2_east_shaft_box_3_overcurrent").state == STATE_ON


async def test_power_on_refused_while_alarm_is_active(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    await _trip_shaft_box(hass, freezer, gateway)
    for call in (
        _switch(hass, SERVICE_TURN_ON, SHAFT),
        hass.services.async_call("safe_power", "power_on", {ATTR_ENTITY_ID: SHAFT}, blocking=True),
    ):
        with pytest.raises(ServiceValidationError) as err:
            await call
        assert err.value.translation_key == "alarm_active"
        # The refusal names the alarm that blocks, as its entity is named.
        assert err.value.translation_placeholders == {
            "box": "B2 east shaft box 3",
            "alarms": "Overcurrent, Contactor tripped",
        }
    assert gateway.boxes[2].contactor_closed is False
    assert hass.states.get(SHAFT).state == STATE_OFF


async def test_only_alarms_a_box_can_have_block_power_on(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    """A single-phase box's stray phase-loss and unbalance bits do not keep its power off."""
    kitchen = gateway.boxes[1]
    await _switch(hass, SERVICE_TURN_OFF, KITCHEN)
    kitchen.stray_alarms = frozenset({AlarmCause.PHASE_LOSS, AlarmCause.UNBALANCE})
    gateway.tick(1)
    await gateway.push()
    await advance(hass, freezer, 2)
    entry = setup_integration.runtime_data
    data = entry.data[next(k for k, b in entry.boxes.items() if b.serial == kitchen.serial)]
    assert data.alarms == {AlarmCause.PHASE_LOSS, AlarmCause.UNBALANCE}  # on the wire, read
    await _switch(hass, SERVICE_TURN_ON, KITCHEN)
    assert kitchen.contactor_closed is True


async def test_power_on_forced_despite_alarm(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await _trip_shaft_box(hass, freezer, gateway)
    box = gateway.boxes[2]
    box.trip_on_alarm = False  # the electrician has bridged the protection on site
    await hass.services.async_call(
        "safe_power", "power_on", {ATTR_ENTITY_ID: SHAFT, "force": True}, blocking=True
    )
    assert box.contactor_closed is True
    assert hass.states.get(SHAFT).state == STATE_ON
    assert "with force despite active alarms" in caplog.text


async def test_read_back_mismatch(
    hass: HomeAssistant,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(poller, "READBACK_DELAY", 0)
    gateway.boxes[1].set_fault("stuck_contactor")
    with pytest.raises(HomeAssistantError) as err:
        await _switch(hass, SERVICE_TURN_OFF, KITCHEN)
    assert err.value.translation_key == "readback_mismatch"
    assert gateway.boxes[1].contactor_closed is True
    assert hass.states.get(KITCHEN).state == STATE_ON  # the state shows what was read back

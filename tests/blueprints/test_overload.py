"""The overload blueprint through the real integration: the detector's alarm and your own limit.

The simulated kitchen box overloads, the integration's alarm register raises the alarm and
fires `safe_power_alarm`, the blueprint notifies; the phone's buttons are answered by the
integration itself, and the blueprint turns the result into the follow-up.
"""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events, async_mock_service

from safe_power_tools.simulator import SimulatedGateway

from .conftest import (
    Notifications,
    Site,
    actions_of,
    hm,
    local_time,
    num,
    step,
    tag_of,
    tap,
    titles,
    use_blueprint,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")

KITCHEN_SWITCH = "switch.kitchen_box_contactor"
KITCHEN_CURRENT = "sensor.kitchen_box_phase_a_current"
MINUTE = {"hours": 0, "minutes": 1, "seconds": 0}


async def _overload_kitchen(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, gateway: SimulatedGateway
) -> None:
    """Overload the kitchen box: its detector raises overcurrent (it does not trip)."""
    gateway.boxes[1].set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)


async def _recover(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, gateway: SimulatedGateway
) -> None:
    """Back to normal: the detector's alarm hold runs out, the next poll sees it clear."""
    gateway.boxes[1].set_scenario("recover")
    for _ in range(6):
        gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)


async def _load(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, gateway: SimulatedGateway, amps: float
) -> None:
    """Set the kitchen's load; the next telemetry poll reads it."""
    gateway.boxes[1].load = amps
    gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 15)


def _of(events: list[Any], kind: str, origin: str | None = None) -> list[dict[str, Any]]:
    return [
        e.data
        for e in events
        if e.data["type"] == kind and (origin is None or e.data["origin"] == origin)
    ]


async def test_detector_alarm_power_off_and_all_clear(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    events = async_capture_events(hass, "safe_power_alarm")
    await use_blueprint(hass, "overload", {"mobile_devices": [phone]})  # every box
    await _overload_kitchen(hass, freezer, gateway)

    [raised] = _of(events, "raised")
    assert len(notify.phone) == 1
    call = notify.phone[0]
    assert call.data["title"] == "⚠️ Overload · Kitchen box"
    assert call.data["message"].splitlines() == [
        f"Phase A current {num(raised['value'])} A, above the limit of 63 A (detector alarm).",
        "Box: Kitchen box",
        "Area: Kitchen",
        "Location: B2 floor, staff kitchen",
        f"Time: {local_time(raised['time'])}",
    ]
    alarm_id = raised["alarm_id"]
    assert actions_of(call) == {
        "Power off": f"SAFE_POWER_OFF_{alarm_id}",
        "Acknowledge": f"SAFE_POWER_ACK_{alarm_id}",
    }
    assert call.data["data"]["actions"][0]["destructive"] is True
    assert call.data["data"]["actions"][0]["authenticationRequired"] is True
    assert tag_of(call) == f"safe_power_{alarm_id}"
    assert call.data["data"]["importance"] == "high"
    # The box's bound client hears it too, with the same buttons; and Home Assistant's UI.
    assert titles(notify.kitchen_client) == [call.data["title"]]
    assert actions_of(notify.kitchen_client[0]) == actions_of(call)
    assert notify.persistent[0].data["message"] == call.data["message"]
    assert notify.shaft_client == []

    # "Power off": the integration opens the contactor (read-back), the blueprint says so.
    await tap(hass, f"SAFE_POWER_OFF_{alarm_id}", device_name="Duty phone")
    assert gateway.boxes[1].contactor_closed is False
    assert hass.states.get(KITCHEN_SWITCH).state == "off"
    cut = notify.phone[-1]
    assert cut.data["title"] == "🔌 Power cut by Duty phone · Kitchen box"
    assert cut.data["message"].startswith(
        "The contactor of Kitchen box is open, confirmed by read-back ("
    )
    assert tag_of(cut) == tag_of(call)  # replaces the alarm on the phone
    assert "actions" not in cut.data["data"]
    assert titles(notify.kitchen_client)[-1] == cut.data["title"]

    # No current: the alarm clears, a quiet all-clear replaces it; the power is still off.
    await _recover(hass, freezer, gateway)
    [cleared] = _of(events, "cleared")
    clear = notify.phone[-1]
    assert clear.data["title"] == "✅ All clear · Kitchen box"
    assert clear.data["message"].splitlines()[:2] == [
        (
            f"Overload at Kitchen box has cleared at {hm(cleared['cleared'])}; "
            f"Phase A current now {num(cleared['cleared_value'])} A."
        ),
        "The power is still off: switch it back on once the cause is fixed.",
    ]
    assert tag_of(clear) == tag_of(call)
    assert clear.data["data"]["importance"] == "low"
    sent = len(notify.phone)
    for _ in range(20):  # acknowledged by the power cut: no reminder
        await step(hass, freezer, 30)
    assert len(notify.phone) == sent


async def test_own_limit_below_the_detectors(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    """30 A for a minute, while the detector's limit is 63 A: your limit raises the alarm."""
    events = async_capture_events(hass, "safe_power_alarm")
    await use_blueprint(
        hass,
        "overload",
        {
            "boxes": [site.kitchen],
            "mobile_devices": [phone],
            "sensors": [KITCHEN_CURRENT],
            "limit": 30,
            "duration": MINUTE,
        },
    )
    await _load(hass, freezer, gateway, 40.0)
    current = float(hass.states.get(KITCHEN_CURRENT).state)
    assert 30 < current < 63
    assert hass.states.get("binary_sensor.kitchen_box_overcurrent").state == "off"
    assert notify.phone == []  # not yet a minute

    await step(hass, freezer, 60)
    [raised] = _of(events, "raised")
    assert raised["origin"] == "user_limit"
    assert (raised["value"], raised["threshold"], raised["channel"]) == (current, 30, "current_a")
    assert titles(notify.phone) == ["⚠️ Overload · Kitchen box"]
    lines = notify.phone[0].data["message"].splitlines()
    assert lines[0] == f"Phase A current {num(current)} A, above the limit of 30 A (your limit)."
    assert list(actions_of(notify.phone[0])) == ["Power off", "Acknowledge"]

    # Back within: the alarm clears after the same duration, not at once.
    await _load(hass, freezer, gateway, 10.0)
    assert _of(events, "cleared") == []
    await step(hass, freezer, 60)
    [cleared] = _of(events, "cleared")
    assert cleared["alarm_id"] == raised["alarm_id"]
    assert titles(notify.phone)[-1] == "✅ All clear · Kitchen box"
    assert "The power is still off" not in notify.phone[-1].data["message"]


async def test_no_second_alert_while_the_detector_alarms(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    """Above both limits: the register keeps both alarms, the phone hears one."""
    events = async_capture_events(hass, "safe_power_alarm")
    siren_on = async_mock_service(hass, "homeassistant", "turn_on")
    siren_off = async_mock_service(hass, "homeassistant", "turn_off")
    await use_blueprint(
        hass,
        "overload",
        {
            "mobile_devices": [phone],
            "sensors": [KITCHEN_CURRENT],
            "limit": 30,
            "duration": MINUTE,
            "alert_entities": ["siren.hall"],
        },
    )
    await _overload_kitchen(hass, freezer, gateway)
    await step(hass, freezer, 15)
    await step(hass, freezer, 60)
    assert {e["origin"] for e in _of(events, "raised")} == {"device", "user_limit"}
    assert titles(notify.phone) == ["⚠️ Overload · Kitchen box"]
    assert notify.phone[0].data["message"].splitlines()[0].endswith("(detector alarm).")
    assert len(siren_on) == 1

    # The detector's alarm clears first: sirens off, although your limit's alarm is still
    # open (it was never announced); its own clearing sends no second all-clear.
    await _recover(hass, freezer, gateway)
    assert _of(events, "cleared", "device")
    assert not _of(events, "cleared", "user_limit")
    assert len(siren_off) == 1
    await step(hass, freezer, 15)
    await step(hass, freezer, 60)
    assert _of(events, "cleared", "user_limit")
    assert titles(notify.phone) == ["⚠️ Overload · Kitchen box", "✅ All clear · Kitchen box"]


async def test_your_limit_still_exceeded_after_the_detector_alarm_ends(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    """Covered while the detector alarms; then a reminder if your own limit stays exceeded."""
    events = async_capture_events(hass, "safe_power_alarm")
    await use_blueprint(
        hass,
        "overload",
        {"mobile_devices": [phone], "sensors": [KITCHEN_CURRENT], "limit": 30, "duration": MINUTE},
    )
    gateway.boxes[1].load = 40.0  # under the detector's 63 A, over your 30 A
    await _overload_kitchen(hass, freezer, gateway)
    await step(hass, freezer, 15)
    await step(hass, freezer, 60)
    [mine] = _of(events, "raised", "user_limit")
    [detector] = _of(events, "raised", "device")
    assert mine["covered_by"] == detector["alarm_id"]
    assert hass.states.get("sensor.safe_power_active_alarms").state == "1"  # one alarm, not two

    await _recover(hass, freezer, gateway)
    assert titles(notify.phone) == ["⚠️ Overload · Kitchen box", "✅ All clear · Kitchen box"]
    assert hass.states.get("sensor.safe_power_active_alarms").state == "1"  # yours, now
    # One reminder interval (5 min) later it is still over your limit: now you hear of it.
    await step(hass, freezer, 300)
    [reminder] = _of(events, "reminder", "user_limit")
    assert reminder["covered_by"] is None
    assert reminder["uncovered"] is not None
    assert titles(notify.phone)[-1] == "⚠️ Reminder: Overload · Kitchen box"
    assert "above the limit of 30 A (your limit)" in notify.phone[-1].data["message"]
    assert not _of(events, "reminder", "device")

    await _load(hass, freezer, gateway, 10.0)
    await step(hass, freezer, 60)
    assert _of(events, "cleared", "user_limit")
    assert titles(notify.phone)[-1] == "✅ All clear · Kitchen box"


async def test_detector_alarms_can_be_left_out(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    """Without the detector's alarms and with a limit above the reading, nothing is sent."""
    await use_blueprint(
        hass,
        "overload",
        {
            "mobile_devices": [phone],
            "device_alarm": False,
            "sensors": [KITCHEN_CURRENT],
            "limit": 200,
        },
    )
    await _overload_kitchen(hass, freezer, gateway)
    assert hass.states.get("binary_sensor.kitchen_box_overcurrent").state == "on"
    await step(hass, freezer, 15)
    await step(hass, freezer, 60)
    assert notify.phone == []
    assert notify.kitchen_client == []

"""The overload blueprint against the simulated boxes: detector alarm and the user's own limit."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import async_mock_service

from safe_power_tools.simulator import SimulatedGateway

from .conftest import (
    Notifications,
    Site,
    actions_of,
    local_time,
    log_attributes,
    num,
    runs,
    step,
    tap,
    use_blueprint,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")

KITCHEN_SWITCH = "switch.kitchen_box_contactor"


async def _overload_kitchen(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, gateway: SimulatedGateway
) -> None:
    """Overload the kitchen box: its detector raises overcurrent (it does not trip)."""
    gateway.boxes[1].set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)


async def _recover(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, gateway: SimulatedGateway, unit: int
) -> None:
    """Back to normal: the detector's alarm hold runs out, the next poll sees it clear."""
    gateway.boxes[unit].set_scenario("recover")
    for _ in range(6):
        gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)


async def test_detector_alarm_power_off_and_all_clear(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    automation = await use_blueprint(
        hass,
        "overload",
        {"boxes": site.all, "mobile_devices": [phone], "limit": 1000},  # only the detector
    )
    await _overload_kitchen(hass, freezer, gateway)

    log = log_attributes(hass, "kitchen_box")
    assert log["cause"] == "overcurrent"
    assert len(notify.phone) == 1
    call = notify.phone[0]
    assert call.data["title"] == "⚠️ Overload · Kitchen box"
    assert call.data["message"].splitlines() == [
        f"Phase A current {num(log['value'])} A, above the limit of 63 A (detector alarm).",
        "Box: Kitchen box",
        "Area: Kitchen",
        "Location: B2 floor, staff kitchen",
        f"Time: {local_time(log['time'])}",
    ]
    actions = actions_of(call)
    assert list(actions) == ["Power off", "Acknowledge"]
    off, ack = actions["Power off"], actions["Acknowledge"]
    # Keys unique to this run (its context id) and naming the box.
    assert off.startswith("SAFEPOWER_OFF_")
    assert off.endswith(f"_{site.kitchen}")
    assert ack.split("_")[2] == off.split("_")[2] != ""
    assert call.data["data"]["actions"][0]["destructive"] is True
    assert call.data["data"]["tag"] == f"safe_power_overload_device_{site.kitchen}"
    # The box's bound client hears it too, with the same buttons; and Home Assistant's UI.
    assert [c.data["title"] for c in notify.kitchen_client] == [call.data["title"]]
    assert actions_of(notify.kitchen_client[0]) == actions
    assert notify.persistent[0].data["message"] == call.data["message"]
    assert notify.shaft_client == []

    # Not acknowledged: repeated after the interval (5 min by default).
    await step(hass, freezer, 300)
    assert len(notify.phone) == 2
    assert notify.phone[1].data["title"] == "⚠️ Reminder: Overload · Kitchen box"

    # "Power off": safe_power.power_off for the box, confirmed by read-back.
    await tap(hass, off)
    assert gateway.boxes[1].contactor_closed is False
    assert hass.states.get(KITCHEN_SWITCH).state == "off"
    confirmation = notify.phone[-1]
    assert confirmation.data["title"] == "🔌 Power cut · Kitchen box"
    assert "confirmed by read-back" in confirmation.data["message"]

    # No current: the alarm clears, an all-clear replaces the alarm (same tag).
    await _recover(hass, freezer, gateway, 1)
    clear = notify.phone[-1]
    assert clear.data["title"] == "✅ All clear · Kitchen box"
    assert clear.data["message"].startswith("Overload at Kitchen box has cleared (")
    assert "The power is still off" in clear.data["message"]
    assert clear.data["data"]["tag"] == call.data["data"]["tag"]
    assert "actions" not in clear.data["data"]
    sent = len(notify.phone)
    await step(hass, freezer, 600)
    assert len(notify.phone) == sent
    assert runs(hass, automation) == 0


async def test_acknowledge_stops_repeats(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    turn_on = async_mock_service(hass, "homeassistant", "turn_on")
    turn_off = async_mock_service(hass, "homeassistant", "turn_off")
    tts = async_mock_service(hass, "tts", "speak")
    announce = async_mock_service(hass, "assist_satellite", "announce")
    sms = async_mock_service(hass, "notify", "send_message")
    gateway_sms = async_mock_service(hass, "notify", "sms_duty_electrician")
    script = async_mock_service(hass, "script", "call_electrician")
    await use_blueprint(
        hass,
        "overload",
        {
            "boxes": site.all,
            "mobile_devices": [phone],
            "limit": 1000,
            "repeat_interval": {"hours": 0, "minutes": 2, "seconds": 0},
            "notify_entities": ["notify.sms_gateway"],
            "notify_actions": ["notify.sms_duty_electrician"],
            "tts_entity": "tts.piper",
            "media_players": ["media_player.hall"],
            "satellites": ["assist_satellite.kitchen"],
            "alert_entities": ["siren.hall", "light.hall_beacon"],
            "extra_actions": [
                {"action": "script.call_electrician", "data": {"message": "{{ message }}"}}
            ],
        },
    )
    await _overload_kitchen(hass, freezer, gateway)
    assert len(notify.phone) == 1
    message = notify.phone[0].data["message"]
    assert [c.data["message"] for c in sms] == [message]
    assert sms[0].data["entity_id"] == ["notify.sms_gateway"]
    assert [c.data["message"] for c in gateway_sms] == [message]
    assert tts[0].data["media_player_entity_id"] == ["media_player.hall"]
    assert tts[0].data["message"].startswith("Warning. Overload at Kitchen box, area Kitchen.")
    assert "amperes, limit 63 amperes" in tts[0].data["message"]
    assert announce[0].data["message"] == tts[0].data["message"]
    assert turn_on[0].data["entity_id"] == ["siren.hall", "light.hall_beacon"]
    assert [c.data["message"] for c in script] == [message]

    await step(hass, freezer, 120)
    assert len(notify.phone) == 2  # repeated
    await tap(hass, actions_of(notify.phone[-1])["Acknowledge"])
    assert turn_off[0].data["entity_id"] == ["siren.hall", "light.hall_beacon"]
    assert gateway.boxes[1].contactor_closed is True  # acknowledged, not switched
    for _ in range(3):
        await step(hass, freezer, 120)
    await step(hass, freezer, 3600)
    assert len(notify.phone) == 2  # no more repeats
    assert len(script) == 1  # extra actions once per alarm

    await _recover(hass, freezer, gateway, 1)
    assert notify.phone[-1].data["title"] == "✅ All clear · Kitchen box"
    assert tts[-1].data["message"] == "Overload at Kitchen box has cleared."


async def test_own_limit_below_the_detectors(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    """30 A for a minute, while the detector's limit is 63 A: the user's limit decides."""
    automation = await use_blueprint(
        hass,
        "overload",
        {
            "boxes": site.all,
            "mobile_devices": [phone],
            "limit": 30,
            "duration": {"hours": 0, "minutes": 1, "seconds": 0},
            "device_alarm": False,
        },
    )
    box = gateway.boxes[1]
    box.load = 40.0
    gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 15)  # a telemetry poll
    current = float(hass.states.get("sensor.kitchen_box_phase_a_current").state)
    assert 30 < current < 63
    assert hass.states.get("sensor.kitchen_box_overcurrent_threshold").state == "63.0"
    assert hass.states.get("binary_sensor.kitchen_box_overcurrent").state == "off"
    assert notify.phone == []  # not yet a minute

    await step(hass, freezer, 60)
    assert len(notify.phone) == 1
    call = notify.phone[0]
    assert call.data["title"] == "⚠️ Overload · Kitchen box"
    lines = call.data["message"].splitlines()
    assert lines[0] == f"Phase A current {num(current)} A, above the limit of 30 A (your limit)."
    assert lines[1:4] == ["Box: Kitchen box", "Area: Kitchen", "Location: B2 floor, staff kitchen"]
    assert call.data["data"]["tag"] == f"safe_power_overload_user_{site.kitchen}"
    assert list(actions_of(call)) == ["Power off", "Acknowledge"]

    box.load = 10.0
    gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 15)
    assert notify.phone[-1].data["title"] == "✅ All clear · Kitchen box"
    assert "The power is still off" not in notify.phone[-1].data["message"]
    assert runs(hass, automation) == 0


async def test_detector_alarm_ignored_when_off(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    """With the detector's alarm off and a limit above the reading, nothing is sent."""
    await use_blueprint(
        hass,
        "overload",
        {"boxes": site.all, "mobile_devices": [phone], "limit": 200, "device_alarm": False},
    )
    await _overload_kitchen(hass, freezer, gateway)
    assert hass.states.get("binary_sensor.kitchen_box_overcurrent").state == "on"
    await step(hass, freezer, 15)
    await step(hass, freezer, 60)
    assert notify.phone == []
    assert notify.kitchen_client == []


async def test_second_box_joins_the_run_after_the_duration(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    """A box crossing the user's limit while another is above it is not missed."""
    await use_blueprint(
        hass,
        "overload",
        {
            "boxes": site.all,
            "mobile_devices": [phone],
            "limit": 30,
            "duration": {"hours": 0, "minutes": 1, "seconds": 0},
            "device_alarm": False,
            "bound_clients": False,
        },
    )
    gateway.boxes[1].load = 40.0
    gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 15)
    await step(hass, freezer, 60)
    assert [c.data["title"] for c in notify.phone] == ["⚠️ Overload · Kitchen box"]
    assert notify.kitchen_client == []  # bound clients turned off

    gateway.boxes[3].load = 45.0
    gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 15)
    assert len(notify.phone) == 1  # not yet a minute over
    await step(hass, freezer, 60)
    assert [c.data["title"] for c in notify.phone][1:] == ["⚠️ Overload · Boiler room box"]
    assert actions_of(notify.phone[1])["Power off"].endswith(f"_{site.boiler}")


async def test_no_second_alert_while_the_detector_alarms(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    """Above both limits: the detector's alarm is the one alert, not a second for the user's."""
    await use_blueprint(
        hass,
        "overload",
        {
            "boxes": site.all,
            "mobile_devices": [phone],
            "limit": 30,
            "duration": {"hours": 0, "minutes": 1, "seconds": 0},
        },
    )
    await _overload_kitchen(hass, freezer, gateway)
    await step(hass, freezer, 15)
    await step(hass, freezer, 60)
    assert [
        c.data["message"].splitlines()[0].endswith("(detector alarm).") for c in notify.phone
    ] == [True]

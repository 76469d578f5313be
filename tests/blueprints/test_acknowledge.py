"""Every level-0 recipient hears the alarm and its reminders until someone acknowledges it.

Through the integration: its register sends the reminders (every 5 minutes by default) and
answers the phone's "Acknowledge" itself; the blueprint turns each step into messages.
"""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import async_mock_service

from safe_power_tools.simulator import SimulatedGateway

from .conftest import (
    Notifications,
    Site,
    actions_of,
    step,
    tag_of,
    tap,
    titles,
    use_blueprint,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_every_recipient_until_acknowledged(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
    hass_admin_user: Any,
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
    gateway.boxes[1].set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)

    assert len(notify.phone) == 1
    message = notify.phone[0].data["message"]
    assert [c.data["message"] for c in sms] == [message]
    assert sms[0].data["entity_id"] == ["notify.sms_gateway"]
    assert [c.data["message"] for c in gateway_sms] == [message]
    assert tts[0].data["media_player_entity_id"] == ["media_player.hall"]
    assert tts[0].data["message"].startswith("Warning. Overload at Kitchen box, area Kitchen.")
    assert "amperes, limit 63 amperes." in tts[0].data["message"]
    assert announce[0].data["message"] == tts[0].data["message"]
    assert turn_on[0].data["entity_id"] == ["siren.hall", "light.hall_beacon"]
    assert [c.data["message"] for c in script] == [message]

    # The register's reminder, five minutes on (its timer wakes every 30 s): same tag.
    for _ in range(10):
        await step(hass, freezer, 30)
    assert titles(notify.phone) == [
        "⚠️ Overload · Kitchen box",
        "⚠️ Reminder: Overload · Kitchen box",
    ]
    assert tag_of(notify.phone[1]) == tag_of(notify.phone[0])
    assert len(gateway_sms) == 2
    assert len(tts) == 2
    assert len(script) == 1  # extra actions once per alarm
    assert len(turn_on) == 1

    # Acknowledge on the phone, by a user of Home Assistant: the integration records it, the
    # blueprint replaces the alarm with who acknowledged it and turns the sirens off.
    await tap(hass, actions_of(notify.phone[-1])["Acknowledge"], user_id=hass_admin_user.id)
    ack = notify.phone[-1]
    assert ack.data["title"] == f"✅ Acknowledged by {hass_admin_user.name} · Kitchen box"
    assert ack.data["message"].startswith(
        f"Overload at Kitchen box acknowledged by {hass_admin_user.name} at "
    )
    assert tag_of(ack) == tag_of(notify.phone[0])
    assert "actions" not in ack.data["data"]
    assert turn_off[0].data["entity_id"] == ["siren.hall", "light.hall_beacon"]
    assert gateway.boxes[1].contactor_closed is True  # acknowledged, not switched
    assert len(tts) == 2  # follow-ups are not spoken

    sent = len(notify.phone)
    for _ in range(40):  # twenty minutes: no reminder, no escalation
        await step(hass, freezer, 30)
    assert len(notify.phone) == sent

"""Reminders and escalation are timed by the integration; the blueprint picks the recipients.

The gateway's options here: a reminder every 2 minutes, level 1 after 3, level 2 after 7. The
register's timer wakes at least every 30 s, so the clock moves in 30 s steps. An automation
reload in the middle loses nothing: no run was waiting.
"""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Context, HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.safe_power.const import (
    CONF_ESCALATE_AFTER,
    CONF_ESCALATE_AGAIN_AFTER,
    CONF_REMINDER_INTERVAL,
    DOMAIN,
)
from safe_power_tools.simulator import SimulatedGateway

from .conftest import (
    Notifications,
    Site,
    actions_of,
    reload_automations,
    step,
    tag_of,
    tap,
    titles,
    use_blueprints,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")

ALARM = "⚠️ Overload · Kitchen box"
REMINDER = "⚠️ Reminder: Overload · Kitchen box"
ESCALATED = "🚨 Escalated: Overload · Kitchen box"


@pytest.fixture
async def setup_integration(hass: HomeAssistant, config_entry: MockConfigEntry) -> MockConfigEntry:
    """The gateway with short reminder and escalation times (minutes)."""
    config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        config_entry,
        options={
            **config_entry.options,
            CONF_REMINDER_INTERVAL: 2,
            CONF_ESCALATE_AFTER: 3,
            CONF_ESCALATE_AGAIN_AFTER: 7,
        },
    )
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return config_entry


async def _overload_kitchen(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, gateway: SimulatedGateway
) -> None:
    gateway.boxes[1].set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)


async def _minutes(hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: float) -> None:
    for _ in range(round(minutes * 2)):
        await step(hass, freezer, 30)


async def test_escalation_levels_reach_their_recipients(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
    hass_admin_user: Any,
) -> None:
    manager_sms = async_mock_service(hass, "notify", "send_message")
    electrician_sms = async_mock_service(hass, "notify", "sms_duty_electrician")
    call_manager = async_mock_service(hass, "script", "phone_the_manager")
    await use_blueprints(
        hass,
        {
            "overload": {
                "mobile_devices": [phone],
                "level1_notify_entities": ["notify.sms_site_manager"],
                "level1_notify_actions": ["notify.sms_duty_electrician"],
                "level2_actions": [
                    {"action": "script.phone_the_manager", "data": {"say": "{{ spoken }}"}}
                ],
            }
        },
    )
    await _overload_kitchen(hass, freezer, gateway)
    await _minutes(hass, freezer, 3)
    # 0: raised; 2: reminder; 3: level 1, to the phone and to the level-1 recipients.
    assert titles(notify.phone) == [ALARM, REMINDER, ESCALATED]
    escalated = notify.phone[-1]
    assert escalated.data["message"].splitlines()[0] == (
        "Not acknowledged for 3 min (escalation level 1)."
    )
    assert escalated.data["message"].splitlines()[1].startswith("Phase A current ")
    assert tag_of(escalated) == tag_of(notify.phone[0])
    assert titles(electrician_sms) == [ESCALATED]
    assert titles(manager_sms) == [ESCALATED]
    assert manager_sms[0].data["entity_id"] == ["notify.sms_site_manager"]
    assert call_manager == []

    # 5: a reminder at level 1 reaches the level-1 recipients too; 7: level 2 calls.
    await _minutes(hass, freezer, 4)
    assert titles(notify.phone) == [ALARM, REMINDER, ESCALATED, REMINDER, ESCALATED]
    assert (
        notify.phone[-1]
        .data["message"]
        .startswith("Not acknowledged for 7 min (escalation level 2).")
    )
    assert titles(electrician_sms) == [ESCALATED, REMINDER, ESCALATED]
    assert len(call_manager) == 1
    assert call_manager[0].data["say"].startswith("Warning. Overload at Kitchen box")

    # Acknowledged from the dashboard: everyone who heard the alarm hears who took it.
    response = await hass.services.async_call(
        DOMAIN,
        "acknowledge",
        {"device_id": [site.kitchen]},
        blocking=True,
        return_response=True,
        context=Context(user_id=hass_admin_user.id),
    )
    assert len(response["acknowledged"]) == 1
    await step(hass, freezer, 1)
    done = f"✅ Acknowledged by {hass_admin_user.name} · Kitchen box"
    assert titles(notify.phone)[-1] == done
    assert titles(electrician_sms)[-1] == done
    assert titles(manager_sms)[-1] == done
    await _minutes(hass, freezer, 10)
    assert titles(notify.phone)[-1] == done
    assert len(call_manager) == 1


async def test_an_automation_reload_loses_nothing(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    automations = {"overload": {"mobile_devices": [phone]}}
    [automation] = await use_blueprints(hass, automations)
    await _overload_kitchen(hass, freezer, gateway)
    assert titles(notify.phone) == [ALARM]

    await reload_automations(hass, automations)
    assert hass.states.get(automation).state == "on"
    await _minutes(hass, freezer, 2)
    assert titles(notify.phone) == [ALARM, REMINDER]  # the reminder after the reload

    # The button of the notification sent before the reload still cuts the power.
    await tap(hass, actions_of(notify.phone[0])["Power off"], device_name="Duty phone")
    assert gateway.boxes[1].contactor_closed is False
    assert titles(notify.phone)[-1] == "🔌 Power cut by Duty phone · Kitchen box"

"""The supply blueprint: the detector's phase loss, and your own undervoltage limit."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from safe_power_tools.simulator import SimulatedGateway

from .conftest import Notifications, Site, actions_of, num, step, titles, use_blueprint

pytestmark = pytest.mark.usefixtures("socket_enabled")

MINUTE = {"hours": 0, "minutes": 1, "seconds": 0}


def _of(events: list[Any], kind: str) -> list[dict[str, Any]]:
    return [e.data for e in events if e.data["type"] == kind]


async def test_phase_loss_is_below_the_limit(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    events = async_capture_events(hass, "safe_power_alarm")
    await use_blueprint(hass, "supply", {"boxes": [site.shaft], "mobile_devices": [phone]})
    gateway.boxes[2].set_scenario("phase_loss")
    gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)

    [loss] = [e for e in _of(events, "raised") if e["cause"] == "phase_loss"]
    assert (loss["channel"], loss["limit"]) == ("voltage_c", "below")
    call = next(c for c in notify.phone if c.data["title"].startswith("⚠️ Phase loss"))
    assert call.data["title"] == "⚠️ Phase loss · B2 east shaft box 3"
    first = call.data["message"].splitlines()[0]
    assert first.startswith(f"Phase C voltage {num(loss['value'])} V, below the limit")
    assert first.endswith("(detector alarm).")
    assert "above" not in call.data["message"]
    assert list(actions_of(call)) == ["Power off", "Acknowledge"]
    # Every supply alarm of the box is notified, each once.
    raised = {e["alarm_id"] for e in _of(events, "raised")}
    assert len(notify.phone) == len(raised)


async def test_own_undervoltage_limit(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    """200 V is above the detector's 198 V but below your 207 V: your alarm, not its."""
    events = async_capture_events(hass, "safe_power_alarm")
    await use_blueprint(
        hass,
        "supply",
        {
            "mobile_devices": [phone],
            "language": "zh",
            "voltage_sensors": ["sensor.kitchen_box_phase_a_voltage"],
            "undervoltage_limit": 207,
            "duration": MINUTE,
        },
    )
    box = gateway.boxes[1]
    box.values["voltage_a"] = 200.0
    await gateway.push()
    await step(hass, freezer, 15)
    await step(hass, freezer, 60)
    [raised] = _of(events, "raised")
    assert (raised["cause"], raised["origin"], raised["limit"]) == (
        "undervoltage",
        "user_limit",
        "below",
    )
    assert titles(notify.phone) == ["⚠️ 欠压 · Kitchen box"]
    assert notify.phone[0].data["message"].splitlines()[0] == (
        "A相电压 200 V，低于限值 207 V（自设限值）。"
    )

    box.values["voltage_a"] = 229.0
    await gateway.push()
    await step(hass, freezer, 15)
    await step(hass, freezer, 60)
    assert [e["cause"] for e in _of(events, "cleared")] == ["undervoltage"]
    assert titles(notify.phone)[-1] == "✅ 报警解除 · Kitchen box"
    assert notify.phone[-1].data["message"].startswith("Kitchen box 的欠压报警已于 ")

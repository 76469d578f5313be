"""The neighbour-alarm blueprint: two boxes 20 m apart overloaded within the window.

Depends on the service action `safe_power.neighbour_alarms`.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest

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


async def _overload(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, gateway: SimulatedGateway, unit: int
) -> None:
    gateway.boxes[unit].set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_neighbours_with_the_same_alarm(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
    language: str,
) -> None:
    automation = await use_blueprint(
        hass,
        "neighbour_correlation",
        {"boxes": site.all, "mobile_devices": [phone], "language": language},
    )
    gateway.boxes[2].trip_on_alarm = False
    await _overload(hass, freezer, gateway, 1)
    kitchen = log_attributes(hass, "kitchen_box")
    assert kitchen["cause"] == "overcurrent"
    assert notify.phone == []  # one box alone: the overload blueprint's job

    await step(hass, freezer, 60)
    await _overload(hass, freezer, gateway, 2)  # 20 m away, a minute later
    shaft = log_attributes(hass, "b2_east_shaft_box_3")
    assert shaft["cause"] == "overcurrent"
    assert len(notify.phone) == 1
    call = notify.phone[0]
    message = call.data["message"]
    actions = actions_of(call)
    if language == "en":
        assert call.data["title"] == "🔥 Overload at 2 boxes nearby · B2 east shaft box 3"
        assert message.startswith(
            "Overload at B2 east shaft box 3 and at 1 other box within 50 m in 10 min: "
            "a supply-side fault or a spreading fire."
        )
        phase = shaft["channel"].removeprefix("current_").upper()
        assert (
            f"B2 east shaft box 3: Phase {phase} current {num(shaft['value'])} A, "
            "above the limit of 63 A (detector alarm)." in message
        )
        assert "Area: Plant room" in message
        assert "Location: B2 floor, east shaft" in message
        assert f"Time: {local_time(shaft['time'])}" in message
        assert (
            f"Kitchen box (20 m away): {num(kitchen['value'])} A, limit 63 A, "
            f"at {local_time(kitchen['time'])}" in message
        )
        assert "Area: Kitchen · Location: B2 floor, staff kitchen" in message
        assert list(actions) == [
            "Power off all (2)",
            "Power off · B2 east shaft box 3",
            "Acknowledge",
        ]
        off_all = actions["Power off all (2)"]
    else:
        assert call.data["title"] == "🔥 附近 2 个配电箱同时过载 · B2 east shaft box 3"
        assert message.startswith(
            "B2 east shaft box 3 及 50 米内另外 1 个配电箱在 10 分钟内均发生过载报警，"
            "可能是供电侧故障或火势蔓延"
        )
        assert f"{num(shaft['value'])} A，超过阈值 63 A（探测器报警）。" in message
        assert f"Kitchen box（相距 20 米）：{num(kitchen['value'])} A，阈值 63 A，" in message
        assert "区域：Kitchen · 位置：B2 floor, staff kitchen" in message
        assert list(actions) == ["全部断电（2 个）", "切断电源 · B2 east shaft box 3", "确认"]
        off_all = actions["全部断电（2 个）"]
    assert off_all.startswith("SAFEPOWER_OFFALL_")
    assert off_all.endswith(f"_{site.shaft}")
    assert [c.data["title"] for c in notify.shaft_client] == [call.data["title"]]

    # Repeats until acknowledged or cleared.
    await step(hass, freezer, 300)
    assert len(notify.phone) == 2

    await tap(hass, off_all)
    assert gateway.boxes[1].contactor_closed is False
    assert gateway.boxes[2].contactor_closed is False
    assert hass.states.get("switch.kitchen_box_contactor").state == "off"
    assert hass.states.get("switch.b2_east_shaft_box_3_contactor").state == "off"
    assert "B2 east shaft box 3" in notify.phone[-1].data["message"]
    assert "Kitchen box" in notify.phone[-1].data["message"]

    for unit in (1, 2):
        gateway.boxes[unit].set_scenario("recover")
    for _ in range(6):
        gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)
    titles = [c.data["title"] for c in notify.phone]
    assert titles[-1] == (
        "✅ All clear · B2 east shaft box 3"
        if language == "en"
        else "✅ 已恢复正常 · B2 east shaft box 3"
    )
    assert runs(hass, automation) == 0


async def test_acknowledge(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    await use_blueprint(
        hass, "neighbour_correlation", {"boxes": site.all, "mobile_devices": [phone]}
    )
    gateway.boxes[2].trip_on_alarm = False
    await _overload(hass, freezer, gateway, 1)
    await _overload(hass, freezer, gateway, 2)
    assert len(notify.phone) == 1
    await tap(hass, actions_of(notify.phone[0])["Acknowledge"])
    await step(hass, freezer, 300)
    await step(hass, freezer, 3600)
    assert len(notify.phone) == 1
    assert gateway.boxes[1].contactor_closed is True

"""The neighbour-alarm blueprint: two boxes 20 m apart overloaded within the window.

Depends on the service action `safe_power.neighbour_alarms`.
"""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from safe_power_tools.simulator import SimulatedGateway

from .conftest import (
    Notifications,
    Site,
    actions_of,
    fire_alarm,
    local_time,
    num,
    step,
    tag_of,
    tap,
    titles,
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


def _raised(events: list[Any], box: str) -> dict[str, Any]:
    [data] = [e.data for e in events if e.data["type"] == "raised" and e.data["box"] == box]
    return data


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
    events = async_capture_events(hass, "safe_power_alarm")
    await use_blueprint(
        hass, "neighbour_correlation", {"mobile_devices": [phone], "language": language}
    )
    gateway.boxes[2].trip_on_alarm = False
    await _overload(hass, freezer, gateway, 1)
    kitchen = _raised(events, "Kitchen box")
    assert notify.phone == []  # one box alone: the overload blueprint's job

    await step(hass, freezer, 60)
    await _overload(hass, freezer, gateway, 2)  # 20 m away, a minute later
    shaft = _raised(events, "B2 east shaft box 3")
    [call] = notify.phone
    message = call.data["message"]
    if language == "en":
        assert call.data["title"] == "🔥 Overload at 2 boxes nearby · B2 east shaft box 3"
        assert message.startswith(
            "Overload at B2 east shaft box 3 and at 1 other box within 50 m in 10 min: "
            "a supply-side fault or a spreading fire. Check on site now.\n"
        )
        phase = shaft["channel"].removeprefix("current_").upper()
        assert (
            f"B2 east shaft box 3: Phase {phase} current {num(shaft['value'])} A, "
            "above the limit of 63 A (detector alarm)." in message
        )
        assert f"Time: {local_time(shaft['time'])}" in message
        assert (
            f"Kitchen box (20 m away): {num(kitchen['value'])} A, limit 63 A, "
            f"at {local_time(kitchen['time'])}\nArea: Kitchen · Location: B2 floor, staff kitchen"
        ) in message
        assert list(actions_of(call)) == ["Power off", "Acknowledge"]
    else:
        assert call.data["title"] == "🔥 附近 2 个配电箱同时过流 · B2 east shaft box 3"
        assert message.startswith(
            "B2 east shaft box 3 及 50 米内另外 1 个配电箱在 10 分钟内均发生过流报警，"
            "可能是供电侧故障或火势蔓延，请立即到现场检查。\n"
        )
        assert f"{num(shaft['value'])} A，超过限值 63 A（探测器报警）。" in message
        assert (
            f"Kitchen box（相距 20 米）：{num(kitchen['value'])} A，限值 63 A，"
            f"时间 {local_time(kitchen['time'])}\n区域：Kitchen · 位置：B2 floor, staff kitchen"
        ) in message
        assert list(actions_of(call)) == ["分闸断电", "确认"]
    assert tag_of(call) == f"safe_power_neighbours_{shaft['alarm_id']}"
    assert titles(notify.shaft_client) == [call.data["title"]]

    # Its "Power off" is the alarm's: the integration cuts the box, this notification follows.
    power_off = next(iter(actions_of(call).values()))
    await tap(hass, power_off, device_name="Duty phone")
    assert gateway.boxes[2].contactor_closed is False
    assert tag_of(notify.phone[-1]) == tag_of(call)
    assert titles(notify.phone)[-1] == (
        "🔌 Power cut by Duty phone · B2 east shaft box 3"
        if language == "en"
        else "🔌 Duty phone 已分闸断电 · B2 east shaft box 3"
    )


async def test_late_alarms_are_not_correlated(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    """An alarm old on arrival is logged, never taken as a new neighbour alarm."""
    await use_blueprint(hass, "neighbour_correlation", {"mobile_devices": [phone]})
    gateway.boxes[2].trip_on_alarm = False
    await _overload(hass, freezer, gateway, 1)
    await _overload(hass, freezer, gateway, 2)
    assert titles(notify.phone) == ["🔥 Overload at 2 boxes nearby · B2 east shaft box 3"]
    # Another overcurrent alarm of the shaft box, among neighbours that alarm: but it came
    # late (the box could not report it in time), so no second correlation.
    await fire_alarm(
        hass, device_id=site.shaft, box="B2 east shaft box 3", alarm_id="f" * 12, late=True
    )
    assert len(notify.phone) == 1

"""The leakage blueprint: the detector's alarm in Chinese, and your own limit."""

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
    local_time,
    num,
    step,
    tap,
    titles,
    use_blueprint,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _of(events: list[Any], kind: str) -> list[dict[str, Any]]:
    return [e.data for e in events if e.data["type"] == kind]


async def test_detector_alarm_in_chinese(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    events = async_capture_events(hass, "safe_power_alarm")
    tts = async_mock_service(hass, "tts", "speak")
    await use_blueprint(
        hass,
        "leakage",
        {
            "mobile_devices": [phone],
            "language": "zh",
            "tts_entity": "tts.piper",
            "media_players": ["media_player.hall"],
        },
    )
    box = gateway.boxes[2]
    box.trip_on_alarm = False
    box.set_scenario("leakage_ramp")
    for _ in range(60):
        gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)

    [raised] = _of(events, "raised")
    assert raised["cause"] == "leakage"
    [call] = notify.phone
    assert call.data["title"] == "⚠️ 剩余电流超限 · B2 east shaft box 3"
    lines = call.data["message"].splitlines()
    assert lines[:5] == [
        f"剩余电流 {num(raised['value'])} mA，超过限值 300 mA（探测器报警）。",
        "配电箱：B2 east shaft box 3",
        "区域：Plant room",
        "位置：B2 floor, east shaft",
        f"时间：{local_time(raised['time'])}",
    ]
    if raised["diagnosis"]:  # the integration's top diagnosis, in Chinese
        assert lines[5].startswith(f"可能原因：{raised['diagnosis'][0]['zh']}（可能性 ")
    assert list(actions_of(call)) == ["分闸断电", "确认"]
    spoken = tts[0].data["message"]
    assert spoken.startswith("警告：B2 east shaft box 3剩余电流超限，区域：Plant room。剩余电流 ")
    assert spoken.endswith(" 毫安，限值 300 毫安。")

    await tap(hass, actions_of(call)["分闸断电"], device_name="值班手机")
    assert box.contactor_closed is False
    assert titles(notify.phone)[-1] == "🔌 值班手机 已分闸断电 · B2 east shaft box 3"

    box.set_scenario("recover")
    for _ in range(6):
        gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)
    clear = notify.phone[-1]
    assert clear.data["title"] == "✅ 报警解除 · B2 east shaft box 3"
    assert clear.data["message"].startswith("B2 east shaft box 3 的剩余电流报警已于 ")
    assert "该配电箱仍处于分闸状态，排除故障后方可合闸送电。" in clear.data["message"]


async def test_own_limit(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    """100 mA for 30 s (the default duration), below the detector's 300 mA."""
    await use_blueprint(
        hass,
        "leakage",
        {
            "mobile_devices": [phone],
            "sensors": ["sensor.kitchen_box_leakage_current"],
            "limit": 100,
        },
    )
    box = gateway.boxes[1]
    box.values["leakage_current"] = 150.0
    await gateway.push()
    await step(hass, freezer, 15)
    assert hass.states.get("binary_sensor.kitchen_box_leakage").state == "off"
    assert notify.phone == []
    await step(hass, freezer, 30)
    assert titles(notify.phone) == ["⚠️ Leakage current too high · Kitchen box"]
    assert notify.phone[0].data["message"].splitlines()[0] == (
        "Leakage current 150 mA, above the limit of 100 mA (your limit)."
    )

    box.values["leakage_current"] = 20.0
    await gateway.push()
    await step(hass, freezer, 15)
    await step(hass, freezer, 30)
    assert titles(notify.phone)[-1] == "✅ All clear · Kitchen box"

"""The leakage blueprint: the detector's alarm (in Chinese) and the user's own limit."""

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
    step,
    tap,
    use_blueprint,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")

SHAFT = "b2_east_shaft_box_3"


async def test_detector_alarm_in_chinese(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    tts = async_mock_service(hass, "tts", "speak")
    await use_blueprint(
        hass,
        "leakage",
        {
            "boxes": site.all,
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

    log = log_attributes(hass, SHAFT)
    assert log["cause"] == "leakage"
    assert len(notify.phone) == 1
    call = notify.phone[0]
    assert call.data["title"] == "⚠️ 剩余电流（漏电）超限 · B2 east shaft box 3"
    assert call.data["message"].splitlines()[:5] == [
        f"剩余电流 {num(log['value'])} mA，超过阈值 300 mA（探测器报警）。",
        "配电箱：B2 east shaft box 3",
        "区域：Plant room",
        "位置：B2 floor, east shaft",
        f"时间：{local_time(log['time'])}",
    ]
    for diagnosis in (log.get("diagnosis") or [])[:2]:
        assert f"可能原因：{diagnosis['zh']}" in call.data["message"]
    assert list(actions_of(call)) == ["切断电源", "确认"]
    assert tts[0].data["message"].startswith("警告：B2 east shaft box 3剩余电流（漏电）超限")
    assert "毫安" in tts[0].data["message"]

    await tap(hass, actions_of(call)["切断电源"])
    assert box.contactor_closed is False
    assert notify.phone[-1].data["title"] == "🔌 已切断电源 · B2 east shaft box 3"
    assert (
        notify.phone[-1]
        .data["message"]
        .startswith("已切断 B2 east shaft box 3 的电源：接触器已断开，已回读确认。")
    )

    box.set_scenario("recover")
    for _ in range(6):
        gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)
    clear = notify.phone[-1]
    assert clear.data["title"] == "✅ 已恢复正常 · B2 east shaft box 3"
    assert clear.data["message"].startswith(
        "B2 east shaft box 3 的剩余电流（漏电）超限报警已解除（"
    )
    assert "电源仍处于切断状态" in clear.data["message"]


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
        hass, "leakage", {"boxes": site.all, "mobile_devices": [phone], "limit": 100}
    )
    box = gateway.boxes[1]
    box.values["leakage_current"] = 150.0
    await gateway.push()
    await step(hass, freezer, 15)
    assert hass.states.get("binary_sensor.kitchen_box_leakage").state == "off"
    assert notify.phone == []
    await step(hass, freezer, 30)
    assert len(notify.phone) == 1
    assert notify.phone[0].data["message"].splitlines()[0] == (
        "Leakage current 150 mA, above the limit of 100 mA (your limit)."
    )

    box.values["leakage_current"] = 20.0
    await gateway.push()
    await step(hass, freezer, 15)
    assert notify.phone[-1].data["title"] == "✅ All clear · Kitchen box"

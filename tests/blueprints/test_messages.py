"""What every alarm says, in both languages: synthetic `safe_power_alarm` events.

Each cause goes to the blueprint that covers it; the phone's notification must name the cause,
the value with its unit and the limit in the right direction (below for undervoltage and phase
loss, none for the causes without a limit), and where and when. Follow-ups (acknowledged,
power cut or failed, all clear) replace the alarm on the phone (same tag).
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import Any

from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.util import dt as dt_util
import pytest

from .conftest import (
    PHONE,
    Notifications,
    Site,
    actions_of,
    alarm,
    fire_alarm,
    hm,
    local_time,
    settle,
    tag_of,
    use_blueprints,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")

BLUEPRINT_OF = {
    "overcurrent": "overload",
    "cable_over_temperature": "over_temperature",
    "box_over_temperature": "over_temperature",
    "leakage": "leakage",
    "overvoltage": "supply",
    "undervoltage": "supply",
    "phase_loss": "supply",
    "supply_outage": "supply",
    "unbalance": "supply",
    "sensor_fault": "device_fault",
    "contactor_tripped": "device_fault",
    "offline": "offline",
    "gateway_unreachable": "device_fault",
}
GATEWAY = "127.0.0.1:502"

# cause -> the event's reading (value, threshold, limit, unit, channel, origin)
READINGS: dict[str, dict[str, Any]] = {
    "overcurrent": {"value": 94.4, "threshold": 63.0, "unit": "A", "channel": "current_a"},
    "cable_over_temperature": {
        "value": 86.2,
        "threshold": 70.0,
        "unit": "°C",
        "channel": "cable_temperature_b",
    },
    "box_over_temperature": {
        "value": 65.0,
        "threshold": 60.0,
        "unit": "°C",
        "channel": "box_temperature",
    },
    "leakage": {"value": 352.6, "threshold": 300.0, "unit": "mA", "channel": "leakage_current"},
    "overvoltage": {"value": 262.3, "threshold": 253.0, "unit": "V", "channel": "voltage_b"},
    "undervoltage": {
        "value": 182.5,
        "threshold": 198.0,
        "limit": "below",
        "unit": "V",
        "channel": "voltage_a",
    },
    "phase_loss": {
        "value": 0.0,
        "threshold": None,
        "limit": "below",
        "unit": "V",
        "channel": "voltage_c",
    },
    "supply_outage": {
        "value": 0.0,
        "threshold": 110.0,
        "limit": "below",
        "unit": "V",
        "channel": "voltage_a",
        "origin": "home_assistant",
    },
    "unbalance": {
        "value": 6.5,
        "threshold": 4.0,
        "unit": "%",
        "channel": "voltage_unbalance",
        "origin": "user_limit",
    },
    "sensor_fault": {
        "value": None,
        "threshold": None,
        "limit": None,
        "unit": None,
        "channel": None,
    },
    "contactor_tripped": {
        "value": None,
        "threshold": None,
        "limit": None,
        "unit": None,
        "channel": None,
    },
    "offline": {
        "value": None,
        "threshold": None,
        "limit": None,
        "unit": None,
        "channel": None,
        "origin": "home_assistant",
    },
    "gateway_unreachable": {
        "value": None,
        "threshold": None,
        "limit": None,
        "unit": None,
        "channel": None,
        "origin": "home_assistant",
        "box": GATEWAY,
        "device_id": None,
        "serial": "gateway_x",
        "area": None,
        "area_id": None,
        "location": None,
    },
}

CHECK = "Check the box's supply and its connection (gateway, bus or network)."
# cause -> (title, first line) in English and Chinese; {since} is the alarm's local HH:MM.
EXPECTED: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "overcurrent": (
            "⚠️ Overload · Kitchen box",
            "Phase A current 94.4 A, above the limit of 63 A (detector alarm).",
        ),
        "cable_over_temperature": (
            "⚠️ Cable over-temperature · Kitchen box",
            "Phase B cable temperature 86.2 °C, above the limit of 70 °C (detector alarm).",
        ),
        "box_over_temperature": (
            "⚠️ Box over-temperature · Kitchen box",
            "Box temperature 65 °C, above the limit of 60 °C (detector alarm).",
        ),
        "leakage": (
            "⚠️ Leakage current too high · Kitchen box",
            "Leakage current 352.6 mA, above the limit of 300 mA (detector alarm).",
        ),
        "overvoltage": (
            "⚠️ Overvoltage · Kitchen box",
            "Phase B voltage 262.3 V, above the limit of 253 V (detector alarm).",
        ),
        "undervoltage": (
            "⚠️ Undervoltage · Kitchen box",
            "Phase A voltage 182.5 V, below the limit of 198 V (detector alarm).",
        ),
        "phase_loss": (
            "⚠️ Phase loss · Kitchen box",
            "Phase C voltage 0 V, below the limit (detector alarm).",
        ),
        "supply_outage": (
            "⚠️ Supply outage · Kitchen box",
            (
                "Kitchen box has lost its supply since {since}: every phase reads below the limit"
                " of 110 V while the detector still answers. Check the upstream switch and the"
                " supply."
            ),
        ),
        "unbalance": (
            "⚠️ Phase unbalance · Kitchen box",
            "Voltage unbalance 6.5 %, above the limit of 4 % (your limit).",
        ),
        "sensor_fault": (
            "🛠️ Sensor fault · Kitchen box",
            (
                "The detector of Kitchen box reports a sensor fault: its readings may be wrong "
                "and alarms may be missed. Have it checked."
            ),
        ),
        "contactor_tripped": (
            "⚡ Contactor tripped · Kitchen box",
            (
                "The contactor of Kitchen box has tripped: the box has no power. Find the cause "
                "before switching it back on."
            ),
        ),
        "offline": (
            "📴 Box offline · Kitchen box",
            "Kitchen box has been offline since {since}. " + CHECK,
        ),
        "gateway_unreachable": (
            f"📡 Gateway unreachable · {GATEWAY}",
            (
                f"Gateway {GATEWAY} cannot be reached since {{since}}: the boxes behind it are "
                "not monitored. Check the gateway, its network and its supply."
            ),
        ),
    },
    "zh": {
        "overcurrent": ("⚠️ 过流 · Kitchen box", "A相电流 94.4 A，超过限值 63 A（探测器报警）。"),
        "cable_over_temperature": (
            "⚠️ 线缆超温 · Kitchen box",
            "B相线缆温度 86.2 °C，超过限值 70 °C（探测器报警）。",
        ),
        "box_over_temperature": (
            "⚠️ 箱内超温 · Kitchen box",
            "箱内温度 65 °C，超过限值 60 °C（探测器报警）。",
        ),
        "leakage": (
            "⚠️ 剩余电流超限 · Kitchen box",
            "剩余电流 352.6 mA，超过限值 300 mA（探测器报警）。",
        ),
        "overvoltage": ("⚠️ 过压 · Kitchen box", "B相电压 262.3 V，超过限值 253 V（探测器报警）。"),
        "undervoltage": (
            "⚠️ 欠压 · Kitchen box",
            "A相电压 182.5 V，低于限值 198 V（探测器报警）。",
        ),
        "phase_loss": ("⚠️ 缺相 · Kitchen box", "C相电压 0 V，低于限值（探测器报警）。"),
        "supply_outage": (
            "⚠️ 失压（停电） · Kitchen box",
            (
                "Kitchen box 自 {since} 起失压（停电）：各相电压均低于限值 110 V，探测器仍在线。"
                "请检查上级开关和供电。"
            ),
        ),
        "unbalance": (
            "⚠️ 三相不平衡 · Kitchen box",
            "电压不平衡度 6.5 %，超过限值 4 %（自设限值）。",
        ),
        "sensor_fault": (
            "🛠️ 传感器故障 · Kitchen box",
            "Kitchen box 的探测器报传感器故障：读数可能失准，可能漏报警，请尽快检修。",
        ),
        "contactor_tripped": (
            "⚡ 接触器跳闸 · Kitchen box",
            "Kitchen box 的接触器已跳闸（分闸），该配电箱已断电。请查明原因后再合闸送电。",
        ),
        "offline": (
            "📴 配电箱离线 · Kitchen box",
            "Kitchen box 自 {since} 起离线，请检查配电箱电源及通信线路（网关、总线或网络）。",
        ),
        "gateway_unreachable": (
            f"📡 网关通信中断 · {GATEWAY}",
            (
                f"网关 {GATEWAY} 自 {{since}} 起通信中断，其下配电箱均无法监测。"
                "请检查网关及其网络和电源。"
            ),
        ),
    },
}


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_every_cause_says_what_where_and_when(
    hass: HomeAssistant,
    site: Site,
    notify: Notifications,
    phone: str,
    language: str,
) -> None:
    await use_blueprints(
        hass,
        {
            name: {"mobile_devices": [phone], "language": language}
            for name in sorted(set(BLUEPRINT_OF.values()))
        },
    )
    for number, cause in enumerate(BLUEPRINT_OF):
        notify.clear()
        data = {"device_id": site.kitchen, "limit": "above", "origin": "device"}
        data |= READINGS[cause]
        event = await fire_alarm(hass, cause=cause, alarm_id=f"{number:012x}", **data)
        assert len(notify.phone) == 1, cause
        call = notify.phone[0]
        title, first = EXPECTED[language][cause]
        lines = call.data["message"].splitlines()
        assert (call.data["title"], lines[0]) == (title, first.format(since=hm(event["time"])))
        sep = "：" if language == "zh" else ": "
        words = ("网关", "时间") if language == "zh" else ("Gateway", "Time")
        if cause == "gateway_unreachable":
            assert lines[1:] == [
                f"{words[0]}{sep}{GATEWAY}",
                f"{words[1]}{sep}{local_time(event['time'])}",
            ]
        else:
            place = (
                ["配电箱：Kitchen box", "区域：Kitchen", "位置：B2 floor, staff kitchen"]
                if language == "zh"
                else ["Box: Kitchen box", "Area: Kitchen", "Location: B2 floor, staff kitchen"]
            )
            assert lines[1:] == [*place, f"{words[1]}{sep}{local_time(event['time'])}"]
        assert tag_of(call) == f"safe_power_{event['alarm_id']}"
        keys = list(actions_of(call).values())
        ack = f"SAFE_POWER_ACK_{event['alarm_id']}"
        if cause in ("offline", "gateway_unreachable"):
            assert keys == [ack]  # nothing to switch off
        else:
            assert keys == [f"SAFE_POWER_OFF_{event['alarm_id']}", ack]
        # No limit text for the causes without a limit, below only for those with a floor.
        below, limit = ("低于限值", "限值") if language == "zh" else ("below the limit", "limit")
        assert (limit in lines[0]) == (event["limit"] is not None)
        assert (below in lines[0]) == (event["limit"] == "below")
        # Home Assistant's own notification says the same, under the same id.
        assert notify.persistent[-1].data["message"] == call.data["message"]
        assert notify.persistent[-1].data["notification_id"] == tag_of(call)


# A phase loss Home Assistant read from the voltages (origin home_assistant), and a leakage of
# one circuit of a multi-circuit detector: the message says where the figure comes from.
PHASE_LOSS_READ = {"origin": "home_assistant", "value": 96.0, "threshold": 110.0}
CIRCUIT_3 = {"origin": "device", "limit": "above", "value": 341.0, "channel": "leakage_current_3"}


@pytest.mark.parametrize(
    ("language", "cause", "blueprint", "data", "first"),
    [
        (
            "en",
            "phase_loss",
            "supply",
            PHASE_LOSS_READ,
            "Phase C voltage 96 V, below the limit of 110 V (read from the voltages).",
        ),
        (
            "zh",
            "phase_loss",
            "supply",
            PHASE_LOSS_READ,
            "C相电压 96 V，低于限值 110 V（由电压判定）。",
        ),
        (
            "en",
            "leakage",
            "leakage",
            CIRCUIT_3,
            "Circuit 3 leakage current 341 mA, above the limit of 300 mA (detector alarm).",
        ),
        (
            "zh",
            "leakage",
            "leakage",
            CIRCUIT_3,
            "第3路剩余电流 341 mA，超过限值 300 mA（探测器报警）。",
        ),
    ],
)
async def test_the_message_says_where_the_figure_comes_from(
    hass: HomeAssistant,
    site: Site,
    notify: Notifications,
    phone: str,
    language: str,
    cause: str,
    blueprint: str,
    data: dict[str, Any],
    first: str,
) -> None:
    await use_blueprints(hass, {blueprint: {"mobile_devices": [phone], "language": language}})
    await fire_alarm(hass, cause=cause, device_id=site.kitchen, **(READINGS[cause] | data))
    [call] = notify.phone
    assert call.data["message"].splitlines()[0] == first


async def test_a_hundred_alarms_at_once(hass: HomeAssistant, phone: str) -> None:
    """A hundred boxes alarming together: a hundred notifications, each with its own tag.

    The phone's notify action is held until all of them are in flight, as a slow push service
    would: a run limit below a hundred would drop the rest.
    """
    release, all_in = asyncio.Event(), asyncio.Event()
    sent: list[ServiceCall] = []

    async def slow_phone(call: ServiceCall) -> None:
        sent.append(call)
        if len(sent) == 100:
            all_in.set()
        await release.wait()

    hass.services.async_register("notify", PHONE, slow_phone)
    await use_blueprints(hass, {"overload": {"mobile_devices": [phone], "persistent": False}})
    for number in range(100):
        hass.bus.async_fire(
            "safe_power_alarm",
            alarm(alarm_id=f"{number:012x}", device_id=f"box{number:03}", box=f"Box {number}"),
        )
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(3):  # the runs reach the phone, each holding it
            await all_in.wait()
    assert len(sent) == 100  # all at once, none dropped or queued behind the others
    release.set()
    await settle(hass)
    assert {tag_of(c) for c in sent} == {f"safe_power_{n:012x}" for n in range(100)}
    assert {c.data["title"] for c in sent} == {f"⚠️ Overload · Box {n}" for n in range(100)}


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_follow_ups_replace_the_alarm(
    hass: HomeAssistant, site: Site, notify: Notifications, phone: str, language: str
) -> None:
    await use_blueprints(hass, {"overload": {"mobile_devices": [phone], "language": language}})
    now = dt_util.utcnow().isoformat()
    base = {"device_id": site.kitchen}
    await fire_alarm(hass, **base)
    person = {"at": now, "via": "app", "user_id": None, "user": "Li Wei"}
    await fire_alarm(hass, "acknowledged", **base, state="acknowledged", acknowledged=person)
    await fire_alarm(
        hass,
        "power_result",
        **base,
        result={**person, "command": "off", "ok": True, "error": None},
    )
    await fire_alarm(
        hass,
        "power_result",
        **base,
        result={**person, "command": "off", "ok": False, "error": "Kitchen box is offline."},
    )
    await fire_alarm(hass, "cleared", **base, state="cleared", cleared=now, cleared_value=10.2)
    at = hm(now)
    if language == "en":
        expected = [
            ("⚠️ Overload · Kitchen box", "Phase A current 94.4 A, above the limit of 63 A"),
            (
                "✅ Acknowledged by Li Wei · Kitchen box",
                f"Overload at Kitchen box acknowledged by Li Wei at {at}.",
            ),
            (
                "🔌 Power cut by Li Wei · Kitchen box",
                (
                    f"The contactor of Kitchen box is open, confirmed by read-back ({at}). "
                    "Switch it back on only once the cause is fixed."
                ),
            ),
            (
                "❌ Power off failed: Kitchen box is offline · Kitchen box",
                (
                    "Could not cut the power of Kitchen box: Kitchen box is offline. "
                    "Cut it on site now!"
                ),
            ),
            (
                "✅ All clear · Kitchen box",
                f"Overload at Kitchen box has cleared at {at}; Phase A current now 10.2 A.",
            ),
        ]
    else:
        expected = [
            ("⚠️ 过流 · Kitchen box", "A相电流 94.4 A，超过限值 63 A"),
            ("✅ Li Wei 已确认 · Kitchen box", f"Kitchen box 的过流报警已由 Li Wei 于 {at} 确认。"),
            (
                "🔌 Li Wei 已分闸断电 · Kitchen box",
                f"Kitchen box 已分闸断电，接触器断开已回读确认（{at}）。排除故障后方可合闸送电。",
            ),
            (
                "❌ 分闸失败：Kitchen box is offline · Kitchen box",
                "Kitchen box 分闸失败：Kitchen box is offline。请立即到现场断电！",
            ),
            (
                "✅ 报警解除 · Kitchen box",
                f"Kitchen box 的过流报警已于 {at} 解除，A相电流现为 10.2 A。",
            ),
        ]
    got = [(c.data["title"], c.data["message"].splitlines()[0]) for c in notify.phone]
    assert [t for t, _ in got] == [t for t, _ in expected]
    for (_, line), (_, start) in zip(got, expected, strict=True):
        assert line.startswith(start)
    # One notification on the phone, replaced each time; only the alarm and a failed power
    # cut are loud and carry the buttons again.
    assert {tag_of(c) for c in notify.phone} == {"safe_power_a1b2c3d4e5f6"}
    loud = [c.data["data"]["importance"] == "high" for c in notify.phone]
    assert loud == [True, False, False, True, False]
    assert [len(actions_of(c)) for c in notify.phone] == [2, 0, 0, 2, 0]


async def test_all_clear_can_remove_the_notification(
    hass: HomeAssistant, site: Site, notify: Notifications, phone: str
) -> None:
    await use_blueprints(hass, {"leakage": {"mobile_devices": [phone], "all_clear": "remove"}})
    now = dt_util.utcnow().isoformat()
    data = {"device_id": site.kitchen, "cause": "leakage", "unit": "mA"}
    await fire_alarm(hass, **data, value=352.6, threshold=300.0, channel="leakage_current")
    await fire_alarm(hass, "cleared", **data, state="cleared", cleared=now, cleared_value=12.0)
    removal = notify.phone[-1]
    assert removal.data == {
        "message": "clear_notification",
        "data": {"tag": tag_of(notify.phone[0])},
    }
    assert [c.data["notification_id"] for c in notify.dismissed] == [tag_of(notify.phone[0])]
    assert len(notify.persistent) == 1  # the alarm's, dismissed now


async def test_late_alarm_and_diagnosis(
    hass: HomeAssistant, site: Site, notify: Notifications, phone: str
) -> None:
    """An alarm that was old on arrival says when it happened and that it came late."""
    await use_blueprints(hass, {"leakage": {"mobile_devices": [phone]}})
    now = dt_util.utcnow()
    raised = (now - timedelta(minutes=40)).isoformat()
    event = await fire_alarm(
        hass,
        device_id=site.kitchen,
        cause="leakage",
        value=352.6,
        threshold=300.0,
        unit="mA",
        channel="leakage_current",
        time=raised,
        received=now.isoformat(),
        clock="box",
        late=True,
        diagnosis=[
            {
                "rule": "insulation_ageing",
                "confidence": 0.7,
                "en": "Insulation ageing.",
                "zh": "老化",
            },
            {
                "rule": "faulty_appliance",
                "confidence": 0.2,
                "en": "A faulty appliance.",
                "zh": "故障",
            },
        ],
    )
    assert notify.phone[0].data["message"].splitlines()[4:] == [
        f"Time: {local_time(event['time'])}",
        f"Raised at {hm(raised)}, received late ({hm(event['received'])}).",
        "Likely cause: Insulation ageing. (70%)",
    ]

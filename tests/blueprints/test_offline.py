"""The offline blueprint: plain offline, offline right after an alarm, correlated offline.

Depends on the service actions `safe_power.offline_after_alarm` and
`safe_power.offline_neighbours`. A warned neighbour's "Power off" is answered by the integration
(recorded on the alarm that warned); the blueprint tells that box's clients.
"""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.safe_power.const import DEFAULT_OFFLINE_AFTER
from safe_power_tools.simulator import SimulatedGateway

from .conftest import (
    BOILER,
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


def _of(events: list[Any], kind: str) -> list[dict[str, Any]]:
    return [e.data for e in events if e.data["type"] == kind]


async def _until_offline(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Run the alarm-lane polls a silent box fails before it counts as offline."""
    for _ in range(DEFAULT_OFFLINE_AFTER):
        await step(hass, freezer, 2)


async def _back_online(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, gateway: SimulatedGateway, *units: int
) -> None:
    for unit in units:
        gateway.boxes[unit].set_fault(None)
    await step(hass, freezer, 300)  # past the back-off of a dead box


async def test_plain_offline(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    events = async_capture_events(hass, "safe_power_alarm")
    await use_blueprint(hass, "offline", {"mobile_devices": [phone]})
    gateway.boxes[1].set_fault("offline")
    await _until_offline(hass, freezer)
    [raised] = _of(events, "raised")
    assert raised["cause"] == "offline"
    assert len(notify.phone) == 1
    call = notify.phone[0]
    assert call.data["title"] == "📴 Box offline · Kitchen box"
    assert call.data["message"].splitlines() == [
        (
            f"Kitchen box has been offline since {hm(raised['time'])}. Check the box's supply "
            "and its connection (gateway, bus or network)."
        ),
        "Box: Kitchen box",
        "Area: Kitchen",
        "Location: B2 floor, staff kitchen",
        f"Time: {local_time(raised['time'])}",
    ]
    assert actions_of(call) == {"Acknowledge": f"SAFE_POWER_ACK_{raised['alarm_id']}"}
    assert titles(notify.kitchen_client) == [call.data["title"]]
    assert notify.boiler_client == []  # nobody else offline: no neighbour warned

    await _back_online(hass, freezer, gateway, 1)
    [cleared] = _of(events, "cleared")
    clear = notify.phone[-1]
    assert clear.data["title"] == "✅ All clear · Kitchen box"
    minutes = round(
        (
            dt_util.parse_datetime(cleared["cleared"]) - dt_util.parse_datetime(raised["time"])
        ).total_seconds()
        / 60
    )
    assert clear.data["message"].splitlines()[0] == (
        f"Kitchen box is back online ({hm(cleared['cleared'])}) after {minutes} min offline."
    )
    assert tag_of(clear) == tag_of(call)


async def test_offline_right_after_an_alarm(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    events = async_capture_events(hass, "safe_power_alarm")
    await use_blueprint(hass, "offline", {"mobile_devices": [phone], "language": "zh"})
    box = gateway.boxes[1]
    box.set_scenario("leakage_ramp")
    for _ in range(60):
        gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)
    [leakage] = _of(events, "raised")
    assert leakage["cause"] == "leakage"
    assert notify.phone == []  # the leakage blueprint's

    await step(hass, freezer, 10)
    box.set_fault("offline")
    await _until_offline(hass, freezer)
    [call] = notify.phone
    assert call.data["title"] == "🔥 报警后离线 · Kitchen box"
    first = call.data["message"].splitlines()[0]
    assert first.startswith(
        f"Kitchen box 在剩余电流报警（{num(leakage['value'])} mA，限值 300 mA，"
        f"{local_time(leakage['time'])}）后 "
    )
    assert first.endswith(" 秒离线，线路或探测器可能已被烧毁，请立即到现场检查！")
    assert "区域：Kitchen" in call.data["message"]


async def test_neighbours_offline_together(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    await use_blueprint(hass, "offline", {"mobile_devices": [phone]})
    gateway.boxes[1].set_fault("offline")
    gateway.boxes[2].set_fault("offline")
    await _until_offline(hass, freezer)

    by_title = {c.data["title"]: c.data["message"] for c in notify.phone}
    assert set(by_title) == {"📴 Box offline · Kitchen box", "📴 Box offline · B2 east shaft box 3"}
    kitchen = by_title["📴 Box offline · Kitchen box"]
    assert (
        "1 other box within 100 m went offline within 2 min: an area power cut, or a fire on a "
        "shared feeder:\nB2 east shaft box 3 (20 m, offline at "
    ) in kitchen
    assert "Still online nearby: Boiler room box (their users have been warned)" in kitchen

    # The boiler room box is still online: its bound client is warned, with a power-off for it.
    warning = notify.boiler_client[-1]
    assert warning.data["title"] == f"⚠️ Boxes near {BOILER} went offline"
    assert warning.data["message"].startswith(
        f"{BOILER} (Boiler room · B2 floor, boiler room) is still online, but 2 boxes within "
        "100 m went offline together around "
    )
    [(label, key)] = actions_of(warning).items()
    assert label == f"Power off · {BOILER}"
    prefix = f"SAFE_POWER_OFF_DEVICE_{site.boiler}_"
    assert key.startswith(prefix)
    warned_by = key.removeprefix(prefix)
    assert all(c.data["title"] != warning.data["title"] for c in notify.phone)

    # The integration answers the button (no automation run waits for it): it cuts that box
    # and records it on the alarm that warned, naming the box and the person.
    await tap(hass, key, device_name="Boiler caretaker")
    assert gateway.boxes[3].contactor_closed is False
    assert hass.states.get("switch.boiler_room_box_contactor").state == "off"
    done = f"🔌 Power cut by Boiler caretaker · {BOILER}"
    assert titles(notify.boiler_client)[-1] == done
    assert tag_of(notify.boiler_client[-1]) == tag_of(warning)
    assert titles(notify.phone)[-1] == done
    register = await hass.services.async_call(
        "safe_power", "alarms", {}, blocking=True, return_response=True
    )
    [warner] = [a for a in register["alarms"] if a["alarm_id"] == warned_by]
    [command] = warner["power"]
    assert (command["box"], command["user"], command["ok"]) == (BOILER, "Boiler caretaker", True)
    assert warner["state"] == "active"  # the offline box itself still needs someone

    await _back_online(hass, freezer, gateway, 1, 2)
    assert {"✅ All clear · Kitchen box", "✅ All clear · B2 east shaft box 3"} <= set(
        titles(notify.phone)
    )
    # Over an hour later, with the boxes back, the old warning's button no longer cuts power.
    gateway.boxes[3].contactor_closed = True
    await step(hass, freezer, 3600)
    await tap(hass, key, device_name="Boiler caretaker")
    assert gateway.boxes[3].contactor_closed is True
    assert titles(notify.boiler_client)[-1] == f"ℹ️ Warning over, power not cut · {BOILER}"

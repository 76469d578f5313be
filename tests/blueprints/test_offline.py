"""The offline blueprint: plain offline, offline right after an alarm, correlated offline.

Depends on the service actions `safe_power.offline_after_alarm` and
`safe_power.offline_neighbours`.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest

from custom_components.safe_power.const import DEFAULT_OFFLINE_AFTER
from safe_power_tools.simulator import SimulatedGateway

from .conftest import (
    BOILER,
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

QUIET = {"hours": 0, "minutes": 30, "seconds": 0}  # repeats out of the way


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
    automation = await use_blueprint(
        hass,
        "offline",
        {"boxes": site.all, "mobile_devices": [phone], "repeat_interval": QUIET},
    )
    gateway.boxes[1].set_fault("offline")
    await _until_offline(hass, freezer)
    log = log_attributes(hass, "kitchen_box")
    assert log["cause"] == "offline"
    assert notify.phone == []  # a minute's grace

    await step(hass, freezer, 60)
    assert len(notify.phone) == 1
    call = notify.phone[0]
    assert call.data["title"] == "📴 Box offline · Kitchen box"
    assert call.data["message"].splitlines() == [
        (
            f"Kitchen box has not answered since {local_time(log['time'])}: offline for 1 min "
            "(alert after 1 min). Check the gateway, the bus and the box's supply."
        ),
        "Box: Kitchen box",
        "Area: Kitchen",
        "Location: B2 floor, staff kitchen",
        f"Time: {local_time(log['time'])}",
    ]
    assert list(actions_of(call)) == ["Acknowledge"]
    assert [c.data["title"] for c in notify.kitchen_client] == [call.data["title"]]
    assert notify.boiler_client == []  # nobody else offline: no neighbour warned

    await _back_online(hass, freezer, gateway, 1)
    assert notify.phone[-1].data["title"] == "✅ All clear · Kitchen box"
    assert notify.phone[-1].data["message"].startswith("Kitchen box is back online (")
    assert runs(hass, automation) == 0


async def test_back_within_the_grace_time(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    automation = await use_blueprint(
        hass,
        "offline",
        {
            "boxes": site.all,
            "mobile_devices": [phone],
            "offline_for": {"hours": 0, "minutes": 10, "seconds": 0},
        },
    )
    gateway.boxes[1].set_fault("offline")
    await _until_offline(hass, freezer)
    await _back_online(hass, freezer, gateway, 1)
    assert log_attributes(hass, "kitchen_box")["event_type"] == "cleared"
    assert notify.phone == []
    assert runs(hass, automation) == 0


async def test_offline_right_after_an_alarm(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    await use_blueprint(
        hass,
        "offline",
        {"boxes": site.all, "mobile_devices": [phone], "repeat_interval": QUIET},
    )
    box = gateway.boxes[1]
    box.set_scenario("leakage_ramp")
    for _ in range(60):
        gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)
    alarm = log_attributes(hass, "kitchen_box")
    assert alarm["cause"] == "leakage"

    await step(hass, freezer, 10)
    box.set_fault("offline")
    await _until_offline(hass, freezer)
    assert hass.states.get("binary_sensor.kitchen_box_connectivity").state == "off"
    # At once, without the grace time.
    assert len(notify.phone) == 1
    call = notify.phone[0]
    assert call.data["title"] == "🔥 Offline after an alarm · Kitchen box"
    first = call.data["message"].splitlines()[0]
    assert first.startswith("Kitchen box went offline ")
    assert (
        f" s after its leakage alarm ({num(alarm['value'])} mA, limit 300 mA, "
        f"at {local_time(alarm['time'])}): the fire may have damaged the wiring or the "
        "detector. Check on site now!" in first
    )
    assert "Area: Kitchen" in call.data["message"]


async def test_neighbours_offline_together(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    automation = await use_blueprint(
        hass,
        "offline",
        {"boxes": site.all, "mobile_devices": [phone], "repeat_interval": QUIET},
    )
    gateway.boxes[1].set_fault("offline")
    gateway.boxes[2].set_fault("offline")
    await _until_offline(hass, freezer)
    assert log_attributes(hass, "kitchen_box")["cause"] == "offline"
    assert log_attributes(hass, "b2_east_shaft_box_3")["cause"] == "offline"

    await step(hass, freezer, 60)
    by_title = {c.data["title"]: c.data["message"] for c in notify.phone}
    kitchen = by_title["📴 Box offline · Kitchen box"]
    assert "1 other box within 100 m went offline within 2 min" in kitchen
    assert "B2 east shaft box 3 (20 m, offline at " in kitchen
    assert "Still online nearby: Boiler room box (their users have been warned)" in kitchen
    assert "📴 Box offline · B2 east shaft box 3" in by_title

    # The boiler room box is still online: its bound client is warned, with a power-off for it.
    assert notify.boiler_client
    warning = notify.boiler_client[-1]
    assert warning.data["title"] == f"⚠️ Boxes near {BOILER} went offline"
    assert warning.data["message"].startswith(
        f"{BOILER} (Boiler room · B2 floor, boiler room) is still online, but 2 boxes within "
        "100 m went offline together around "
    )
    actions = actions_of(warning)
    assert list(actions) == [f"Power off · {BOILER}", "Acknowledge"]
    assert actions[f"Power off · {BOILER}"].endswith(f"_{site.boiler}")
    # The warning goes to that box's clients only, not to the user's phone.
    assert all(c.data["title"] != warning.data["title"] for c in notify.phone)

    await tap(hass, actions[f"Power off · {BOILER}"])
    assert gateway.boxes[3].contactor_closed is False
    assert hass.states.get("switch.boiler_room_box_contactor").state == "off"
    assert notify.boiler_client[-1].data["title"] == f"🔌 Power cut · {BOILER}"

    await _back_online(hass, freezer, gateway, 1, 2)
    titles = [c.data["title"] for c in notify.phone]
    assert "✅ All clear · Kitchen box" in titles
    assert "✅ All clear · B2 east shaft box 3" in titles
    assert notify.boiler_client[-1].data["title"] == f"✅ All clear · {BOILER}"
    assert runs(hass, automation) == 0

"""Acknowledge stops the repeats of every blueprint's alert; clearing still sends the all-clear."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest

from custom_components.safe_power.const import DEFAULT_OFFLINE_AFTER
from safe_power_tools.simulator import SimulatedGateway

from .conftest import Notifications, Site, actions_of, runs, step, tap, use_blueprint

pytestmark = pytest.mark.usefixtures("socket_enabled")

TWO_MINUTES = {"hours": 0, "minutes": 2, "seconds": 0}


@pytest.mark.parametrize(
    ("name", "measurement", "high", "low", "limit", "title"),
    [
        ("overload", "current_a", None, None, 30, "⚠️ Overload · Boiler room box"),
        (
            "over_temperature",
            "cable_temperature_a",
            61.0,
            35.0,
            60,
            "⚠️ Cable over-temperature · Boiler room box",
        ),
        (
            "leakage",
            "leakage_current",
            120.0,
            15.0,
            100,
            "⚠️ Leakage current too high · Boiler room box",
        ),
    ],
)
async def test_threshold_blueprints(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
    name: str,
    measurement: str,
    high: float | None,
    low: float | None,
    limit: float,
    title: str,
) -> None:
    automation = await use_blueprint(
        hass,
        name,
        {
            "boxes": site.all,
            "mobile_devices": [phone],
            "limit": limit,
            "duration": {"hours": 0, "minutes": 0, "seconds": 20},
            "repeat_interval": TWO_MINUTES,
        },
    )
    box = gateway.boxes[3]

    def set_reading(high_reading: bool) -> None:
        if high is None:  # a current: change the load, the physics follows
            box.load = 40.0 if high_reading else 10.0
            box.tick(1)
        else:
            box.values[measurement] = high if high_reading else low

    set_reading(True)
    await gateway.push()
    await step(hass, freezer, 15)
    await step(hass, freezer, 20)
    assert [c.data["title"] for c in notify.phone] == [title]
    await step(hass, freezer, 120)
    assert len(notify.phone) == 2

    await tap(hass, actions_of(notify.phone[-1])["Acknowledge"])
    await step(hass, freezer, 120)
    await step(hass, freezer, 3600)
    assert len(notify.phone) == 2
    assert box.contactor_closed is True

    set_reading(False)
    await gateway.push()
    await step(hass, freezer, 15)
    assert notify.phone[-1].data["title"] == "✅ All clear · Boiler room box"
    assert runs(hass, automation) == 0


async def test_offline(
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
        {"boxes": site.all, "mobile_devices": [phone], "repeat_interval": TWO_MINUTES},
    )
    gateway.boxes[3].set_fault("offline")
    for _ in range(DEFAULT_OFFLINE_AFTER):  # failed polls before a box counts as offline
        await step(hass, freezer, 2)
    await step(hass, freezer, 60)
    assert [c.data["title"] for c in notify.phone] == ["📴 Box offline · Boiler room box"]
    await step(hass, freezer, 120)
    assert len(notify.phone) == 2
    assert notify.phone[-1].data["title"] == "📴 Reminder: Box offline · Boiler room box"

    await tap(hass, actions_of(notify.phone[-1])["Acknowledge"])
    await step(hass, freezer, 120)
    await step(hass, freezer, 3600)
    assert len(notify.phone) == 2

    gateway.boxes[3].set_fault(None)
    await step(hass, freezer, 300)
    assert notify.phone[-1].data["title"] == "✅ All clear · Boiler room box"
    assert runs(hass, automation) == 0

"""The over-temperature blueprint: a loose terminal heats one phase; your own limit."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from safe_power_tools.simulator import SimulatedGateway

from .conftest import Notifications, Site, local_time, num, step, titles, use_blueprint

pytestmark = pytest.mark.usefixtures("socket_enabled")

SHAFT = "b2_east_shaft_box_3"
THIRTY_SECONDS = {"hours": 0, "minutes": 0, "seconds": 30}


def _of(events: list[Any], kind: str) -> list[dict[str, Any]]:
    return [e.data for e in events if e.data["type"] == kind]


async def test_hot_phase_with_its_diagnosis(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    events = async_capture_events(hass, "safe_power_alarm")
    await use_blueprint(hass, "over_temperature", {"mobile_devices": [phone]})
    box = gateway.boxes[2]
    box.trip_on_alarm = False
    box.set_scenario("hot_phase")
    for _ in range(60):  # a minute: phase A's cable heats past 70 °C at normal current
        gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)

    [raised] = _of(events, "raised")
    assert raised["cause"] == "cable_over_temperature"
    assert titles(notify.phone) == ["⚠️ Cable over-temperature · B2 east shaft box 3"]
    lines = notify.phone[0].data["message"].splitlines()
    assert lines == [
        (
            f"Phase A cable temperature {num(raised['value'])} °C, above the limit of 70 °C "
            "(detector alarm)."
        ),
        "Box: B2 east shaft box 3",
        "Area: Plant room",
        "Location: B2 floor, east shaft",
        f"Time: {local_time(raised['time'])}",
        # The integration's most likely cause, and only that one.
        (
            f"Likely cause: {raised['diagnosis'][0]['en']} "
            f"({round(raised['diagnosis'][0]['confidence'] * 100)}%)"
        ),
    ]
    assert titles(notify.shaft_client) == titles(notify.phone)


async def test_own_limit_clears_when_every_cable_is_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    """50 °C for 30 s on two cables, below the detector's 70 °C: one alarm for the box."""
    events = async_capture_events(hass, "safe_power_alarm")
    await use_blueprint(
        hass,
        "over_temperature",
        {
            "mobile_devices": [phone],
            "sensors": [
                f"sensor.{SHAFT}_phase_a_cable_temperature",
                f"sensor.{SHAFT}_neutral_cable_temperature",
            ],
            "limit": 50,
            "duration": THIRTY_SECONDS,
        },
    )
    box = gateway.boxes[2]
    box.values["cable_temperature_n"] = 55.5
    box.values["cable_temperature_a"] = 52.0
    box.values["box_temperature"] = 58.0  # the box's own temperature is not a cable's
    await gateway.push()
    await step(hass, freezer, 15)
    assert hass.states.get(f"binary_sensor.{SHAFT}_cable_over_temperature").state == "off"
    await step(hass, freezer, 30)
    [raised] = _of(events, "raised")
    assert raised["origin"] == "user_limit"
    assert titles(notify.phone) == ["⚠️ Cable over-temperature · B2 east shaft box 3"]
    first = notify.phone[0].data["message"].splitlines()[0]
    assert first in (
        "Neutral cable temperature 55.5 °C, above the limit of 50 °C (your limit).",
        "Phase A cable temperature 52 °C, above the limit of 50 °C (your limit).",
    )

    # The neutral cools down, phase A is still above: the alarm stays.
    box.values["cable_temperature_n"] = 41.0
    await gateway.push()
    await step(hass, freezer, 15)
    await step(hass, freezer, 30)
    assert _of(events, "cleared") == []

    box.values["cable_temperature_a"] = 40.0
    await gateway.push()
    await step(hass, freezer, 15)
    await step(hass, freezer, 30)
    assert [e["alarm_id"] for e in _of(events, "cleared")] == [raised["alarm_id"]]
    assert titles(notify.phone)[-1] == "✅ All clear · B2 east shaft box 3"

"""The over-temperature blueprint: a loose terminal heats one phase; the user's own limit."""

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

SHAFT = "b2_east_shaft_box_3"


async def test_hot_phase_detector_alarm(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    automation = await use_blueprint(
        hass, "over_temperature", {"boxes": site.all, "mobile_devices": [phone], "limit": 150}
    )
    box = gateway.boxes[2]
    box.trip_on_alarm = False
    box.set_scenario("hot_phase")
    for _ in range(60):  # a minute: phase A's cable heats past 70 °C at normal current
        gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)

    log = log_attributes(hass, SHAFT)
    assert log["cause"] == "cable_over_temperature"
    assert [c.data["title"] for c in notify.phone] == [
        "⚠️ Cable over-temperature · B2 east shaft box 3"
    ]
    message = notify.phone[0].data["message"]
    lines = message.splitlines()
    assert lines[:5] == [
        (
            f"Phase A cable temperature {num(log['value'])} °C, above the limit of 70 °C "
            "(detector alarm)."
        ),
        "Box: B2 east shaft box 3",
        "Area: Plant room",
        "Location: B2 floor, east shaft",
        f"Time: {local_time(log['time'])}",
    ]
    # The integration's diagnosis, when it has one, is the likely cause.
    for diagnosis in (log.get("diagnosis") or [])[:2]:
        assert f"Likely cause: {diagnosis['en']}" in message
    assert [c.data["title"] for c in notify.shaft_client] == [notify.phone[0].data["title"]]

    await tap(hass, actions_of(notify.phone[0])["Power off"])
    assert box.contactor_closed is False
    assert hass.states.get(f"switch.{SHAFT}_contactor").state == "off"
    assert notify.phone[-1].data["title"] == "🔌 Power cut · B2 east shaft box 3"

    # Without current the cable cools down: the detector clears, the all-clear follows.
    box.set_scenario("recover")
    for _ in range(120):
        gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)
    assert notify.phone[-1].data["title"] == "✅ All clear · B2 east shaft box 3"
    assert runs(hass, automation) == 0


async def test_own_limit_on_the_neutral(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    """50 °C for 30 s on the neutral cable, below the detector's 70 °C."""
    await use_blueprint(
        hass,
        "over_temperature",
        {
            "boxes": site.all,
            "mobile_devices": [phone],
            "limit": 50,
            "duration": {"hours": 0, "minutes": 0, "seconds": 30},
        },
    )
    box = gateway.boxes[2]
    box.values["cable_temperature_n"] = 55.5
    box.values["box_temperature"] = 58.0  # the box's own temperature is not a cable's
    await gateway.push()
    await step(hass, freezer, 15)
    assert hass.states.get(f"sensor.{SHAFT}_neutral_cable_temperature").state == "55.5"
    assert hass.states.get(f"binary_sensor.{SHAFT}_cable_over_temperature").state == "off"
    assert notify.phone == []

    await step(hass, freezer, 30)
    assert len(notify.phone) == 1
    assert notify.phone[0].data["message"].splitlines()[0] == (
        "Neutral cable temperature 55.5 °C, above the limit of 50 °C (your limit)."
    )

    box.values["cable_temperature_n"] = 41.0
    await gateway.push()
    await step(hass, freezer, 15)
    assert notify.phone[-1].data["title"] == "✅ All clear · B2 east shaft box 3"

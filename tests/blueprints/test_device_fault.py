"""The device fault blueprint: a tripped contactor, and a gateway that cannot be reached.

A gateway outage is its own alarm: the boxes behind it are neither offline nor cleared, so the
offline blueprint sends nothing and no neighbour is warned of an "area outage".
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from safe_power_tools.simulator import SimulatedGateway

from .conftest import Notifications, Site, actions_of, step, titles, use_blueprints

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_contactor_tripped(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    await use_blueprints(hass, {"device_fault": {"mobile_devices": [phone]}})
    gateway.boxes[2].set_scenario("overload")  # this box trips on its overcurrent alarm
    gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)
    assert gateway.boxes[2].contactor_closed is False
    # Only the trip: the overcurrent alarm is the overload blueprint's.
    assert titles(notify.phone) == ["⚡ Contactor tripped · B2 east shaft box 3"]
    assert notify.phone[0].data["message"].splitlines()[0] == (
        "The contactor of B2 east shaft box 3 has tripped: the box has no power. Find the cause "
        "before switching it back on."
    )
    assert titles(notify.shaft_client) == titles(notify.phone)


async def test_gateway_unreachable_is_not_an_area_outage(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    site: Site,
    notify: Notifications,
    phone: str,
) -> None:
    await use_blueprints(
        hass,
        {
            # One box chosen: the gateway's alarm concerns it (the box is behind it).
            "device_fault": {"boxes": [site.kitchen], "mobile_devices": [phone]},
            "offline": {"mobile_devices": [phone]},
        },
    )
    await gateway.stop()
    await step(hass, freezer, 2)
    await step(hass, freezer, 31)  # past the integration's 30 s grace
    for _ in range(5):
        await step(hass, freezer, 2)
    gateway_name = setup_integration.title
    assert titles(notify.phone) == [f"📡 Gateway unreachable · {gateway_name}"]
    assert list(actions_of(notify.phone[0])) == ["Acknowledge"]  # nothing to switch off
    # No box offline, no neighbour warned, no box's bound client told.
    assert notify.kitchen_client == []
    assert notify.boiler_client == []

    await gateway.start()
    for _ in range(5):
        await step(hass, freezer, 2)
    assert titles(notify.phone)[-1] == f"✅ All clear · {gateway_name}"
    assert notify.phone[-1].data["message"].startswith(f"Gateway {gateway_name} answers again (")
    assert len(notify.phone) == 2

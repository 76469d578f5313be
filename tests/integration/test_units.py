"""Units (二级单位) kept apart: a Home Assistant per unit, the broker decides what it hears.

Home Assistant has no per-user entity permissions, so the supported segregation is a Home
Assistant per unit (docs/panel.md, "Units"): each logs in to the broker as its unit, and the
broker's ACL (mosquitto `acl_file`) lets it read only its own boxes' topics; a site-wide
instance logs in as a user that reads them all. Two boxes of two units announce themselves on a
real mosquitto; each Home Assistant is offered exactly the boxes its login may read.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from homeassistant.components import mqtt
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.safe_power.const import DOMAIN
from safe_power_tools.mqtt_common import AclListener, MosquittoBroker

from .mqtt_helpers import BoxClient, three_phase_config, wait_for

pytestmark = pytest.mark.usefixtures("socket_enabled")

UNIT_A, UNIT_B = "SP24U0001", "SP24U0002"  # the shop's box, the clinic's box
ACL = f"""
# The shop (unit A) reads its own box and may command it; nothing else.
user unit_a
topic read safe_power/{UNIT_A}/#
topic write safe_power/{UNIT_A}/set

# The clinic (unit B), likewise.
user unit_b
topic read safe_power/{UNIT_B}/#
topic write safe_power/{UNIT_B}/set

# The site's duty room sees every box.
user site
topic readwrite safe_power/#
"""
PASSWORDS = {"unit_a": "shop-secret", "unit_b": "clinic-secret", "site": "site-secret"}


@pytest.fixture
async def broker() -> AsyncIterator[MosquittoBroker]:
    """A broker with the units' logins on a listener of their own."""
    broker = MosquittoBroker(units=AclListener(passwords=PASSWORDS, acl=ACL))
    await broker.start()
    yield broker
    await broker.stop()
    broker.cleanup()


@pytest.fixture
async def boxes(broker: MosquittoBroker) -> AsyncIterator[list[BoxClient]]:
    """Both units' boxes, announced (retained config and `online`) on the boxes' listener."""
    clients = [BoxClient(broker.port, three_phase_config(b, b)) for b in (UNIT_A, UNIT_B)]
    for client in clients:
        await client.start()
        await client.announce()
    yield clients
    for client in clients:
        await client.stop()


@pytest.mark.parametrize(
    ("login", "offered"),
    [("unit_a", {UNIT_A}), ("unit_b", {UNIT_B}), ("site", {UNIT_A, UNIT_B})],
)
async def test_each_home_assistant_is_offered_its_units_boxes(
    hass: HomeAssistant,
    mock_hass_config: None,
    broker: MosquittoBroker,
    boxes: list[BoxClient],
    login: str,
    offered: set[str],
) -> None:
    del boxes
    entry = MockConfigEntry(
        domain="mqtt",
        version=2,
        minor_version=1,
        data={
            "broker": "127.0.0.1",
            "port": broker.units_port,
            "username": login,
            "password": PASSWORDS[login],
            "protocol": "5",
        },
        options={"birth_message": {}},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    assert await mqtt.async_wait_for_mqtt_client(hass)

    def found() -> set[str]:
        flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        return {str(f["context"].get("unique_id")) for f in flows}

    await wait_for(lambda: found() == offered, f"{login} is offered {sorted(offered)}")
    # Nothing more arrives later: the broker never delivers the other unit's retained config.
    await hass.async_block_till_done()
    assert found() == offered

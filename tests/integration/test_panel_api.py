"""The panel's websocket commands, over a real websocket connection of the harness.

The kitchen box (unit 1) overloads; the panel lists the fleet, queries and follows the
register, acknowledges and cuts power as the user it is logged in as.
"""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar, device_registry as dr, floor_registry as fr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.safe_power.const import DOMAIN
from custom_components.safe_power.fleet import async_get_fleet
from safe_power_tools.simulator import SimulatedGateway

from .conftest import advance, subentry_id

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def _overload_kitchen(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, gateway: SimulatedGateway
) -> None:
    gateway.boxes[1].set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    await advance(hass, freezer, 2)


async def _call(client: Any, events: list[dict[str, Any]] | None = None, **msg: Any) -> Any:
    """Send a command, return its result; events arriving before it go to `events`."""
    await client.send_json_auto_id(msg)
    while (reply := await client.receive_json())["type"] == "event":
        assert events is not None, reply
        events.append(reply["event"])
    assert reply.get("success"), reply
    return reply["result"]


async def test_the_fleet_with_places_and_entities(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    floor = fr.async_get(hass).async_create("Basement 2", level=-2)
    area = ar.async_get(hass).async_create("East shaft", floor_id=floor.floor_id)
    shaft_id = async_get_fleet(hass).boxes["SP3P0002"].device_id
    dr.async_get(hass).async_update_device(shaft_id, area_id=area.id, name_by_user="Shaft 3")

    client = await hass_ws_client(hass)
    fleet = await _call(client, type="safe_power/fleet")
    assert fleet["can_power"] is True  # the harness's user is an admin
    by_serial = {b["serial"]: b for b in fleet["boxes"]}
    shaft = by_serial["SP3P0002"]
    assert shaft["name"] == "Shaft 3"  # the user's name for it
    assert (shaft["area"], shaft["floor"], shaft["level"]) == ("East shaft", "Basement 2", -2)
    assert (shaft["x"], shaft["y"], shaft["location"]) == (12.5, 40.0, "B2 floor, east shaft")
    # The building as set; the site, not set, is this Home Assistant's name.
    assert (shaft["site"], shaft["building"]) == (hass.config.location_name, "Plant block")
    assert by_serial["SP1P0001"]["building"] is None
    assert shaft["transport"] == "modbus"
    assert shaft["entities"]["contactor"] == "switch.b2_east_shaft_box_3_contactor"
    assert shaft["entities"]["current_c"].startswith("sensor.")
    assert "connectivity" not in shaft["entities"]  # disabled by default
    assert "current_b" not in by_serial["SP1P0001"]["entities"]  # single-phase
    # The alarm settings, whose numbers are off by default, as the box reported them last.
    assert "overcurrent_threshold" not in shaft["entities"]
    assert shaft["settings"]["overcurrent_threshold"] == {"value": 63.0, "unit": "A"}
    assert by_serial["SP1P0001"]["settings"]["leakage_threshold"] == {"value": 300.0, "unit": "mA"}
    # So are the supply-quality alarms' binary sensors: their alarms reach the register.
    assert "alarm_phase_loss" not in shaft["entities"]
    assert shaft["entities"]["alarm_leakage"].startswith("binary_sensor.")


async def test_alarms_followed_acknowledged_and_cut(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: Any,
) -> None:
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "safe_power/subscribe_alarms"})
    assert (await client.receive_json())["success"]

    await _overload_kitchen(hass, freezer, gateway)
    raised = await client.receive_json()
    assert raised["type"] == "event"
    assert raised["event"]["type"] == "raised"
    alarm = raised["event"]["alarm"]
    assert (alarm["cause"], alarm["box"], alarm["state"]) == (
        "overcurrent",
        "Kitchen box",
        "active",
    )

    listed = await _call(client, type="safe_power/alarms", states=["active"], limit=10)
    assert [a["alarm_id"] for a in listed["alarms"]] == [alarm["alarm_id"]]
    assert listed["total"] == 1

    events: list[dict[str, Any]] = []
    done = await _call(client, events, type="safe_power/acknowledge", alarm_ids=[alarm["alarm_id"]])
    assert done == {"acknowledged": [alarm["alarm_id"]]}
    [acknowledged] = events
    assert acknowledged["type"] == "acknowledged"
    assert acknowledged["alarm"]["acknowledged"]["via"] == "dashboard"
    assert acknowledged["alarm"]["acknowledged"]["user"] == hass_admin_user.name

    cut = await _call(client, events, type="safe_power/power_off", alarm_id=alarm["alarm_id"])
    assert cut == {"ok": True, "error": None}
    assert events[-1]["type"] == "power_result"
    assert gateway.boxes[1].contactor_closed is False


async def test_a_box_page_follows_its_settings(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The settings as the box reports them, live, though their number entities are off.

    Another user changes one from the device page; the entry is reloaded; the box page's
    subscription hears each new value once, and nothing of the readings between them.
    """
    entry = setup_integration

    async def next_settings() -> dict[str, Any]:
        # A subscription that lost its box would leave this waiting: fail instead.
        event = await client.receive_json(timeout=10)
        assert event["type"] == "event", event
        settings: dict[str, Any] = event["event"]["settings"]
        return settings

    shaft = async_get_fleet(hass).boxes["SP3P0002"].device_id
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {"type": "safe_power/subscribe_box_settings", "device_id": shaft}
    )
    assert (await client.receive_json())["success"]
    first = await next_settings()
    assert first["overcurrent_threshold"] == {"value": 63.0, "unit": "A"}
    assert first["leakage_threshold"] == {"value": 300.0, "unit": "mA"}

    for seconds in (2, 2, 15):  # alarm ticks and a telemetry read: new values, same settings
        await advance(hass, freezer, seconds)
    sid = subentry_id(entry, "SP3P0002")
    await entry.runtime_data.async_write_setting(sid, "overcurrent_threshold", 50.0)
    changed = await next_settings()
    assert changed == {**first, "overcurrent_threshold": {"value": 50.0, "unit": "A"}}
    assert gateway.boxes[2].settings["overcurrent_threshold"] == 50.0

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await entry.runtime_data.async_write_setting(sid, "leakage_threshold", 100.0)
    again = await next_settings()
    assert again["overcurrent_threshold"]["value"] == 50.0  # as the new hub read it
    assert again["leakage_threshold"] == {"value": 100.0, "unit": "mA"}


async def test_bad_requests_are_answered_not_crashed(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    client = await hass_ws_client(hass)
    settings = "safe_power/subscribe_box_settings"
    for msg, code in (
        ({"type": "safe_power/alarms", "states": ["burning"]}, "invalid_format"),
        ({"type": "safe_power/alarms", "device_ids": ["no-such-box"]}, "home_assistant_error"),
        ({"type": "safe_power/power_off", "alarm_id": "nope"}, "home_assistant_error"),
        ({"type": settings, "device_id": "nope"}, "home_assistant_error"),
        ({"type": settings}, "invalid_format"),
    ):
        await client.send_json_auto_id(msg)
        reply = await client.receive_json()
        assert not reply["success"]
        assert reply["error"]["code"] == code, reply


async def test_only_admins_cut_power(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
) -> None:
    client = await hass_ws_client(hass, hass_read_only_access_token)
    fleet = await _call(client, type="safe_power/fleet")
    assert fleet["can_power"] is False
    assert len(fleet["boxes"]) == 2
    await client.send_json_auto_id({"type": "safe_power/power_off", "alarm_id": "any"})
    reply = await client.receive_json()
    assert reply["error"]["code"] == "unauthorized"


async def test_the_panel_is_in_the_sidebar_and_served(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    assert await async_setup_component(hass, "frontend", {})
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    panel = hass.data["frontend_panels"]["safe-power"]
    assert panel.sidebar_title == "Safe Power"
    assert panel.require_admin is False
    module_url = panel.config["_panel_custom"]["module_url"]
    assert module_url.startswith("/safe_power_static/safe-power-panel.js?v=")
    client = await hass_client()
    response = await client.get(module_url)
    assert response.status == 200
    assert "safe-power-panel" in await response.text()


async def test_settings_allow_power_and_narrow_a_users_panel(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
    hass_read_only_user: Any,
) -> None:
    """An admin lets the shop's electrician cut power and shows them only the kitchen."""
    kitchen_area = ar.async_get(hass).async_create("Kitchen")
    kitchen = async_get_fleet(hass).boxes["SP1P0001"].device_id
    dr.async_get(hass).async_update_device(kitchen, area_id=kitchen_area.id)
    admin = await hass_ws_client(hass)
    user = await hass_ws_client(hass, hass_read_only_access_token)

    await user.send_json_auto_id({"type": "safe_power/settings"})
    assert (await user.receive_json())["error"]["code"] == "unauthorized"
    await admin.send_json_auto_id(
        {
            "type": "safe_power/settings/update",
            "power_users": ["nobody"],
            "user_areas": {},
        }
    )
    error = (await admin.receive_json())["error"]
    # Translated where the panel reads it: the key and what to fill in.
    assert (error["translation_domain"], error["translation_key"]) == (DOMAIN, "settings_unknown")
    assert error["translation_placeholders"] == {"names": "nobody"}
    assert error["message"] == (
        "These users or areas no longer exist: nobody. Reload the page and save again"
    )
    saved = await _call(
        admin,
        type="safe_power/settings/update",
        power_users=[hass_read_only_user.id],
        user_areas={hass_read_only_user.id: [kitchen_area.id]},
    )
    assert saved["power_users"] == [hass_read_only_user.id]
    assert saved["tariff"] is None  # the default schedule
    await admin.send_json_auto_id(
        {
            "type": "safe_power/settings/update",
            "power_users": [],
            "user_areas": {},
            "tariff": [{"start": "08:00", "period": "noon"}],
        }
    )
    assert (await admin.receive_json())["error"]["translation_key"] == "report_bad_tariff"
    assert await _call(admin, type="safe_power/settings") == saved

    fleet = await _call(user, type="safe_power/fleet")
    assert fleet["can_power"] is True
    assert [b["serial"] for b in fleet["boxes"]] == ["SP1P0001"]  # the kitchen only
    assert len((await _call(admin, type="safe_power/fleet"))["boxes"]) == 2

    await user.send_json_auto_id({"type": "safe_power/subscribe_alarms"})
    assert (await user.receive_json())["success"]
    gateway.boxes[2].set_scenario("overload")  # not the user's box
    await _overload_kitchen(hass, freezer, gateway)
    seen = await user.receive_json()
    assert seen["event"]["alarm"]["serial"] == "SP1P0001"
    listed = await _call(user, type="safe_power/alarms")
    assert {a["serial"] for a in listed["alarms"]} == {"SP1P0001"}
    shaft = await _call(
        admin,
        type="safe_power/alarms",
        device_ids=[async_get_fleet(hass).boxes["SP3P0002"].device_id],
    )
    other = shaft["alarms"][0]["alarm_id"]
    await user.send_json_auto_id({"type": "safe_power/power_off", "alarm_id": other})
    refused = (await user.receive_json())["error"]
    assert refused["translation_key"] == "unknown_alarm"  # not the user's box
    shaft_device = async_get_fleet(hass).boxes["SP3P0002"].device_id
    await user.send_json_auto_id(
        {"type": "safe_power/subscribe_box_settings", "device_id": shaft_device}
    )
    assert (await user.receive_json())["error"]["translation_key"] == "unknown_box"
    events: list[dict[str, Any]] = []
    cut = await _call(
        user, events, type="safe_power/power_off", alarm_id=seen["event"]["alarm"]["alarm_id"]
    )
    assert cut["ok"] is True
    assert events[-1]["alarm"]["power"][-1]["user"] == hass_read_only_user.name

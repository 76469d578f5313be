"""The config flow, the reconfigure flow and the box subentry flow, against the simulator."""

from __future__ import annotations

import socket

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import area_registry as ar, device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.safe_power.const import DOMAIN
from safe_power_tools.simulator.box import SimulatedBox
from safe_power_tools.simulator.server import SimulatedGateway

from .conftest import subentry_id

pytestmark = pytest.mark.usefixtures("socket_enabled")


def free_port() -> int:
    """Return a port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _to_scan(hass: HomeAssistant, port: int) -> str:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["step_id"] == "user"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {"transport": "tcp"})
    assert result["step_id"] == "network"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": port}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "scan"
    return result["flow_id"]


async def test_full_flow(hass: HomeAssistant, gateway: SimulatedGateway) -> None:
    area = ar.async_get(hass).async_create("Kitchen")
    flow_id = await _to_scan(hass, gateway.port)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"first_unit": 1, "last_unit": 4}
    )
    assert result["step_id"] == "boxes"
    assert result["description_placeholders"] == {"count": "2"}
    result = await hass.config_entries.flow.async_configure(flow_id, {"boxes": ["1", "2"]})
    assert result["step_id"] == "box"
    assert result["description_placeholders"]["serial"] == "SP1P0001"
    result = await hass.config_entries.flow.async_configure(
        flow_id,
        {
            "name": "Kitchen box",
            "area_id": area.id,
            "location": "Ground floor, kitchen wall",
            "latitude": 31.2304,
            "longitude": 121.4737,
        },
    )
    assert result["step_id"] == "box"
    assert result["description_placeholders"]["serial"] == "SP3P0002"
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"name": "Shaft box", "location": "B2", "x": 12.5, "y": 40, "floor": -2}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == f"127.0.0.1:{gateway.port}"
    assert result["data"] == {"transport": "tcp", "host": "127.0.0.1", "port": gateway.port}
    entry = result["result"]
    boxes = {s.unique_id: s for s in entry.subentries.values()}
    assert set(boxes) == {"SP1P0001", "SP3P0002"}
    kitchen = boxes["SP1P0001"]
    assert kitchen.title == "Kitchen box"
    assert kitchen.data["unit_id"] == 1
    assert kitchen.data["phases"] == 1
    assert kitchen.data["profile"] == "safe_power_reference"
    assert kitchen.data["area_id"] == area.id
    assert kitchen.data["latitude"] == 31.2304
    assert boxes["SP3P0002"].data["phases"] == 3
    assert boxes["SP3P0002"].data["floor"] == -2
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, "SP1P0001"), entry.entry_id)
    assert device is not None
    assert device.area_id == area.id


async def test_cannot_connect_then_recover(hass: HomeAssistant, gateway: SimulatedGateway) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {"transport": "tcp"})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": free_port()}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": gateway.port}
    )
    assert result["step_id"] == "scan"


async def test_serial_port_missing(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"transport": "serial"}
    )
    assert result["step_id"] == "serial"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            "serial_port": "/dev/ttySAFEPOWERMISSING",
            "baudrate": "9600",
            "parity": "N",
            "stopbits": "1",
            "bytesize": "8",
        },
    )
    assert result["errors"] == {"base": "cannot_connect"}


async def test_nothing_found(hass: HomeAssistant, gateway: SimulatedGateway) -> None:
    flow_id = await _to_scan(hass, gateway.port)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"first_unit": 10, "last_unit": 12}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "no_boxes_found"}


async def test_no_box_selected(hass: HomeAssistant, gateway: SimulatedGateway) -> None:
    flow_id = await _to_scan(hass, gateway.port)
    await hass.config_entries.flow.async_configure(flow_id, {"first_unit": 1, "last_unit": 2})
    result = await hass.config_entries.flow.async_configure(flow_id, {"boxes": []})
    assert result["errors"] == {"base": "no_box_selected"}


async def test_already_configured(
    hass: HomeAssistant, gateway: SimulatedGateway, setup_integration: MockConfigEntry
) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {"transport": "tcp"})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": "127.0.0.1", "port": gateway.port}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_boxes_on_another_gateway_entry_are_not_offered(
    hass: HomeAssistant, gateway: SimulatedGateway, setup_integration: MockConfigEntry
) -> None:
    # The same boxes behind a second address (e.g. a second gateway port to the same bus).
    second = SimulatedGateway(
        [SimulatedBox(unit_id=1, serial="SP1P0001", phases=1, seed=1)], host="127.0.0.1", port=0
    )
    await second.start()
    try:
        flow_id = await _to_scan(hass, second.port)
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"first_unit": 1, "last_unit": 1}
        )
        assert result["errors"] == {"base": "all_boxes_configured"}
    finally:
        await second.stop()


async def test_reconfigure_new_address(
    hass: HomeAssistant, gateway: SimulatedGateway, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    old_port = gateway.port
    moved = SimulatedGateway(
        [
            SimulatedBox(unit_id=1, serial="SP1P0001", phases=1, seed=1),
            SimulatedBox(unit_id=2, serial="SP3P0002", phases=3, seed=2),
        ],
        host="127.0.0.1",
        port=0,
    )
    await moved.start()
    try:
        result = await entry.start_reconfigure_flow(hass)
        assert result["step_id"] == "reconfigure"
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"host": "127.0.0.1", "port": free_port()}
        )
        assert result["errors"] == {"base": "cannot_connect"}
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"host": "127.0.0.1", "port": moved.port}
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "reconfigure_successful"
        await hass.async_block_till_done()
        assert entry.data["port"] == moved.port != old_port
        assert entry.state is ConfigEntryState.LOADED
        # Same devices: unique ids are serials, not addresses.
        assert dr.async_get(hass).async_get_device_by_identifier(
            (DOMAIN, "SP1P0001"), entry.entry_id
        )
    finally:
        await hass.config_entries.async_unload(entry.entry_id)
        await moved.stop()


async def test_reconfigure_refuses_another_gateway(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    other = SimulatedGateway(
        [SimulatedBox(unit_id=1, serial="OTHER0001", phases=1, seed=5)], host="127.0.0.1", port=0
    )
    await other.start()
    try:
        result = await setup_integration.start_reconfigure_flow(hass)
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"host": "127.0.0.1", "port": other.port}
        )
        assert result["errors"] == {"base": "wrong_gateway"}
    finally:
        await other.stop()


async def test_add_box_later(
    hass: HomeAssistant, gateway: SimulatedGateway, config_entry: MockConfigEntry
) -> None:
    # Start with only the single-phase box configured.
    three = subentry_id(config_entry, "SP3P0002")
    config_entry.add_to_hass(hass)
    hass.config_entries.async_remove_subentry(config_entry, three)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.b2_east_shaft_box_3_phase_b_voltage") is None

    result = await hass.config_entries.subentries.async_init(
        (config_entry.entry_id, "box"), context={"source": SOURCE_USER}
    )
    assert result["step_id"] == "user"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"first_unit": 1, "last_unit": 3}
    )
    assert result["step_id"] == "box"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"unit_id": "2", "name": "Shaft box", "location": "B2 east shaft"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert {s.unique_id for s in config_entry.subentries.values()} == {"SP1P0001", "SP3P0002"}
    assert config_entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.shaft_box_phase_b_voltage") is not None


async def test_add_box_when_all_are_configured(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    result = await hass.config_entries.subentries.async_init(
        (setup_integration.entry_id, "box"), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"first_unit": 1, "last_unit": 3}
    )
    assert result["errors"] == {"base": "all_boxes_configured"}


async def test_reconfigure_box_location(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    area = ar.async_get(hass).async_create("Basement")
    sid = subentry_id(entry, "SP3P0002")
    result = await entry.start_subentry_reconfigure_flow(hass, sid)
    assert result["step_id"] == "reconfigure"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            "name": "Shaft box 3",
            "area_id": area.id,
            "location": "B2, east shaft, box 3",
            "floor": -2,
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    sub = entry.subentries[sid]
    assert sub.title == "Shaft box 3"
    assert sub.data["location"] == "B2, east shaft, box 3"
    assert "x" not in sub.data  # cleared in the form: cleared in the data
    assert sub.data["serial"] == "SP3P0002"
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, "SP3P0002"), entry.entry_id)
    assert device is not None
    assert device.area_id == area.id
    assert device.name == "Shaft box 3"
    # Entity ids stay as they were: automations that use them keep working.
    state = hass.states.get("sensor.b2_east_shaft_box_3_location")
    assert state is not None
    assert state.state == "B2, east shaft, box 3"
    assert state.attributes["floor"] == -2


async def test_remove_box(hass: HomeAssistant, setup_integration: MockConfigEntry) -> None:
    entry = setup_integration
    registry = dr.async_get(hass)
    assert registry.async_get_device_by_identifier((DOMAIN, "SP1P0001"), entry.entry_id) is not None
    hass.config_entries.async_remove_subentry(entry, subentry_id(entry, "SP1P0001"))
    await hass.async_block_till_done()
    assert registry.async_get_device_by_identifier((DOMAIN, "SP1P0001"), entry.entry_id) is None
    assert hass.states.get("sensor.kitchen_box_phase_a_voltage") is None
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.b2_east_shaft_box_3_phase_a_voltage") is not None

"""Config, reconfigure, options and box subentry flows, driven over HTTP as the frontend does.

Every form goes through Home Assistant's flow views (`tests/flow_api.py`): each answer must be
HTTP 200 with the form's schema serialized, as the frontend receives it. The gateways are
real simulated Modbus gateways on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
import socket
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import SOURCE_MQTT, ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import area_registry as ar, device_registry as dr
from homeassistant.helpers.service_info.mqtt import MqttServiceInfo
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.safe_power.box.modbus import GatewayConnectionError
from custom_components.safe_power.box.mqtt import encode_config
from custom_components.safe_power.const import DOMAIN
from safe_power_tools.simulator.box import SimulatedBox
from safe_power_tools.simulator.serial_link import SerialLink
from safe_power_tools.simulator.server import SimulatedGateway
from tests.flow_api import FlowApi, fields, select_options

from .conftest import subentry_id
from .mqtt_helpers import three_phase_config

pytestmark = pytest.mark.usefixtures("socket_enabled")

PHONE = "notify.mobile_app_electrician_phone"
GROUP = "notify.duty_electricians"  # a notify entity


def free_port() -> int:
    """Return a port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def notify_targets(hass: HomeAssistant) -> None:
    """A phone's notify action and a notify entity, as a user's Home Assistant has them."""

    async def _sent(call: ServiceCall) -> None:
        """Nothing: the flow only checks that the action exists."""

    hass.services.async_register("notify", PHONE.split(".")[1], _sent)
    hass.states.async_set(GROUP, "unknown")


async def _to_scan(flows: FlowApi, port: int, transport: str = "tcp") -> str:
    form = await flows.start()
    assert form["step_id"] == "user"
    assert select_options(form, "transport") == ["tcp", "rtu_over_tcp", "serial", "mqtt"]
    form = await flows.submit(form["flow_id"], {"transport": transport})
    assert form["step_id"] == "network"
    assert set(fields(form)) == {"host", "port"}
    form = await flows.submit(form["flow_id"], {"host": " 127.0.0.1 ", "port": port})
    assert form["type"] == "form"
    assert form["step_id"] == "scan"
    assert form["description_placeholders"] == {"gateway": f"127.0.0.1:{port}"}
    return str(form["flow_id"])


@pytest.mark.usefixtures("notify_targets")
async def test_full_flow(hass: HomeAssistant, flows: FlowApi, gateway: SimulatedGateway) -> None:
    area = ar.async_get(hass).async_create("Kitchen")
    flow_id = await _to_scan(flows, gateway.port)
    form = await flows.submit(flow_id, {"first_unit": 1, "last_unit": 4})
    assert form["step_id"] == "boxes"
    assert form["description_placeholders"] == {"count": "2"}
    assert select_options(form, "boxes") == ["1", "2"]
    form = await flows.submit(flow_id, {"boxes": ["1", "2"]})
    assert form["step_id"] == "box"
    assert form["description_placeholders"]["serial"] == "SP1P0001"
    box = fields(form)
    assert box["name"]["description"] == {"suggested_value": "SP-400-1P 1"}
    assert "area" in box["area_id"]["selector"]
    # Bound clients: this Home Assistant's notify actions and entities, other names allowed.
    assert select_options(form, "notify_targets") == [GROUP, PHONE]
    assert box["notify_targets"]["selector"]["select"]["custom_value"] is True

    details: dict[str, Any] = {
        "name": " Kitchen box ",
        "area_id": area.id,
        "location": "Ground floor, kitchen wall",
        "latitude": 31.2304,
        "longitude": 121.4737,
        "notify_targets": [PHONE, "notify.nobody_here"],
    }
    form = await flows.submit(flow_id, details)
    assert form["step_id"] == "box"
    assert form["errors"] == {"notify_targets": "invalid_notify_target"}
    # What the user typed is still there.
    assert fields(form)["location"]["description"] == {
        "suggested_value": "Ground floor, kitchen wall"
    }
    form = await flows.submit(flow_id, details | {"notify_targets": [PHONE, f" {GROUP} "]})
    assert form["step_id"] == "box"
    assert form["description_placeholders"]["serial"] == "SP3P0002"
    result = await flows.submit(
        flow_id, {"name": "Shaft box", "location": "B2", "x": 12.5, "y": 40, "floor": -2}
    )
    assert result["type"] == "create_entry"
    assert result["title"] == f"127.0.0.1:{gateway.port}"
    entry = hass.config_entries.async_get_entry(result["result"]["entry_id"])
    assert entry is not None
    assert entry.data == {"transport": "tcp", "host": "127.0.0.1", "port": gateway.port}
    assert entry.options == {"telemetry_interval": 15, "alarm_interval": 2}
    boxes = {s.unique_id: s for s in entry.subentries.values()}
    assert set(boxes) == {"SP1P0001", "SP3P0002"}
    kitchen = boxes["SP1P0001"]
    assert kitchen.title == "Kitchen box"
    assert kitchen.data["unit_id"] == 1
    assert kitchen.data["phases"] == 1
    assert kitchen.data["profile"] == "safe_power_reference"
    assert kitchen.data["area_id"] == area.id
    assert kitchen.data["latitude"] == 31.2304
    assert kitchen.data["notify_targets"] == [PHONE, GROUP]
    assert boxes["SP3P0002"].data["phases"] == 3
    assert boxes["SP3P0002"].data["floor"] == -2
    assert "notify_targets" not in boxes["SP3P0002"].data
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, "SP1P0001"), entry.entry_id)
    assert device is not None
    assert device.area_id == area.id


async def test_rtu_over_tcp_flow(hass: HomeAssistant, flows: FlowApi) -> None:
    """A transparent serial server: RTU frames over TCP, same forms as Modbus TCP."""
    sim = SimulatedGateway(
        [SimulatedBox(unit_id=3, serial="SPRTU0003", phases=3, seed=3)],
        host="127.0.0.1",
        port=0,
        framer="rtu",
    )
    await sim.start()
    try:
        flow_id = await _to_scan(flows, sim.port, transport="rtu_over_tcp")
        form = await flows.submit(flow_id, {"first_unit": 3, "last_unit": 3})
        assert select_options(form, "boxes") == ["3"]
        await flows.submit(flow_id, {"boxes": ["3"]})
        result = await flows.submit(flow_id, {"name": "Plant room"})
        assert result["type"] == "create_entry"
        entry = hass.config_entries.async_get_entry(result["result"]["entry_id"])
        assert entry is not None
        assert entry.data["transport"] == "rtu_over_tcp"
        await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.LOADED
    finally:
        for entry in hass.config_entries.async_entries(DOMAIN):
            await hass.config_entries.async_unload(entry.entry_id)
        await sim.stop()


async def test_cannot_connect_then_recover(flows: FlowApi, gateway: SimulatedGateway) -> None:
    form = await flows.start()
    form = await flows.submit(form["flow_id"], {"transport": "tcp"})
    form = await flows.submit(form["flow_id"], {"host": "127.0.0.1", "port": free_port()})
    assert form["type"] == "form"
    assert form["errors"] == {"base": "cannot_connect"}
    form = await flows.submit(form["flow_id"], {"host": "127.0.0.1", "port": gateway.port})
    assert form["step_id"] == "scan"


async def test_serial_form_and_missing_port(flows: FlowApi) -> None:
    form = await flows.start()
    form = await flows.submit(form["flow_id"], {"transport": "serial"})
    assert form["step_id"] == "serial"
    # Option keys the frontend translates (lowercase, hassfest's rule).
    assert select_options(form, "parity") == ["none", "even", "odd"]
    assert fields(form)["parity"]["selector"]["select"]["translation_key"] == "parity"
    form = await flows.submit(
        form["flow_id"],
        {
            "serial_port": "/dev/ttySAFEPOWERMISSING",
            "baudrate": "9600",
            "parity": "even",
            "stopbits": "1",
            "bytesize": "8",
        },
    )
    assert form["errors"] == {"base": "cannot_connect"}


async def test_nothing_found(flows: FlowApi, gateway: SimulatedGateway) -> None:
    flow_id = await _to_scan(flows, gateway.port)
    form = await flows.submit(flow_id, {"first_unit": 10, "last_unit": 12})
    assert form["type"] == "form"
    assert form["errors"] == {"base": "no_boxes_found"}


async def test_scan_when_the_gateway_goes_away(flows: FlowApi) -> None:
    sim = SimulatedGateway(
        [SimulatedBox(unit_id=1, serial="SPGONE001", phases=1, seed=1)], host="127.0.0.1", port=0
    )
    await sim.start()
    flow_id = await _to_scan(flows, sim.port)
    await sim.stop()
    form = await flows.submit(flow_id, {"first_unit": 1, "last_unit": 2})
    assert form["errors"] == {"base": "cannot_connect"}


async def test_no_box_selected(flows: FlowApi, gateway: SimulatedGateway) -> None:
    flow_id = await _to_scan(flows, gateway.port)
    await flows.submit(flow_id, {"first_unit": 1, "last_unit": 2})
    form = await flows.submit(flow_id, {"boxes": []})
    assert form["step_id"] == "boxes"
    assert form["errors"] == {"base": "no_box_selected"}


async def test_already_configured(
    flows: FlowApi, gateway: SimulatedGateway, setup_integration: MockConfigEntry
) -> None:
    form = await flows.start()
    form = await flows.submit(form["flow_id"], {"transport": "tcp"})
    result = await flows.submit(form["flow_id"], {"host": "127.0.0.1", "port": gateway.port})
    assert result["type"] == "abort"
    assert result["reason"] == "already_configured"


async def test_boxes_on_another_gateway_entry_are_not_offered(
    flows: FlowApi, setup_integration: MockConfigEntry
) -> None:
    # The same boxes behind a second address (e.g. a second gateway port to the same bus).
    second = SimulatedGateway(
        [SimulatedBox(unit_id=1, serial="SP1P0001", phases=1, seed=1)], host="127.0.0.1", port=0
    )
    await second.start()
    try:
        flow_id = await _to_scan(flows, second.port)
        form = await flows.submit(flow_id, {"first_unit": 1, "last_unit": 1})
        assert form["errors"] == {"base": "all_boxes_configured"}
    finally:
        await second.stop()


async def test_reconfigure_new_address(
    hass: HomeAssistant,
    flows: FlowApi,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
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
        form = await flows.start(entry_id=entry.entry_id)
        assert form["step_id"] == "reconfigure"
        assert fields(form)["port"]["description"] == {"suggested_value": old_port}
        form = await flows.submit(form["flow_id"], {"host": "127.0.0.1", "port": free_port()})
        assert form["errors"] == {"base": "cannot_connect"}
        result = await flows.submit(form["flow_id"], {"host": "127.0.0.1", "port": moved.port})
        assert result["type"] == "abort"
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
    flows: FlowApi, setup_integration: MockConfigEntry
) -> None:
    other = SimulatedGateway(
        [SimulatedBox(unit_id=1, serial="OTHER0001", phases=1, seed=5)], host="127.0.0.1", port=0
    )
    await other.start()
    try:
        form = await flows.start(entry_id=setup_integration.entry_id)
        form = await flows.submit(form["flow_id"], {"host": "127.0.0.1", "port": other.port})
        assert form["errors"] == {"base": "wrong_gateway"}
    finally:
        await other.stop()


async def test_reconfigure_serial_gateway(hass: HomeAssistant, flows: FlowApi) -> None:
    """The stored settings come back in the form as its options; a missing port is refused."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="/dev/ttyUSB0",
        data={
            "transport": "serial",
            "serial_port": "/dev/ttySAFEPOWERGONE",
            "baudrate": 19200,
            "parity": "E",
            "stopbits": 1,
            "bytesize": 8,
        },
    )
    entry.add_to_hass(hass)
    form = await flows.start(entry_id=entry.entry_id)
    assert form["step_id"] == "reconfigure"
    suggested = {name: f["description"]["suggested_value"] for name, f in fields(form).items()}
    assert suggested == {
        "serial_port": "/dev/ttySAFEPOWERGONE",
        "baudrate": "19200",
        "parity": "even",
        "stopbits": "1",
        "bytesize": "8",
    }
    form = await flows.submit(form["flow_id"], suggested | {"parity": "odd"})
    assert form["errors"] == {"base": "cannot_connect"}


async def test_reconfigure_without_boxes_only_tests_the_address(
    hass: HomeAssistant, flows: FlowApi, gateway: SimulatedGateway
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN, title="gw", data={"transport": "tcp", "host": "127.0.0.1", "port": 1}
    )
    entry.add_to_hass(hass)
    form = await flows.start(entry_id=entry.entry_id)
    result = await flows.submit(form["flow_id"], {"host": "127.0.0.1", "port": gateway.port})
    assert result["reason"] == "reconfigure_successful"
    assert entry.data["port"] == gateway.port


async def test_options(
    hass: HomeAssistant, flows: FlowApi, setup_integration: MockConfigEntry
) -> None:
    form = await flows.start_options(setup_integration.entry_id)
    assert form["step_id"] == "init"
    shown = {
        name: (f.get("description") or {}).get("suggested_value", f.get("default"))
        for name, f in fields(form).items()
    }
    assert shown == {
        "telemetry_interval": 15,
        "alarm_interval": 2,
        "offline_after_failures": 3,
        "reminder_interval": 5,
        "escalate_after": 10,
        "escalate_again_after": 30,
    }
    chosen = {
        "telemetry_interval": 30,
        "alarm_interval": 5,
        "offline_after_failures": 4,
        "reminder_interval": 0,
        "escalate_after": 15,
        "escalate_again_after": 0,
    }
    result = await flows.submit_options(form["flow_id"], chosen)
    assert result["type"] == "create_entry"
    await hass.async_block_till_done()
    assert setup_integration.options == chosen
    assert setup_integration.state is ConfigEntryState.LOADED


async def test_options_of_an_mqtt_box(hass: HomeAssistant, flows: FlowApi) -> None:
    """An MQTT box pushes its data: only its alarm reminders are options."""
    entry = MockConfigEntry(domain=DOMAIN, title="MQTT box", data={"transport": "mqtt"})
    entry.add_to_hass(hass)
    form = await flows.start_options(entry.entry_id)
    assert list(fields(form)) == ["reminder_interval", "escalate_after", "escalate_again_after"]
    chosen = {"reminder_interval": 2, "escalate_after": 5, "escalate_again_after": 20}
    result = await flows.submit_options(form["flow_id"], chosen)
    assert result["type"] == "create_entry"
    assert entry.options == chosen


@pytest.mark.usefixtures("notify_targets")
async def test_add_box_later(
    hass: HomeAssistant,
    flows: FlowApi,
    gateway: SimulatedGateway,
    config_entry: MockConfigEntry,
) -> None:
    # Start with only the single-phase box configured.
    three = subentry_id(config_entry, "SP3P0002")
    config_entry.add_to_hass(hass)
    hass.config_entries.async_remove_subentry(config_entry, three)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.b2_east_shaft_box_3_phase_b_voltage") is None

    form = await flows.start_subentry(config_entry.entry_id)
    assert form["step_id"] == "user"
    form = await flows.submit_subentry(form["flow_id"], {"first_unit": 1, "last_unit": 3})
    assert form["step_id"] == "box"
    assert select_options(form, "unit_id") == ["2"]
    assert PHONE in select_options(form, "notify_targets")
    details = {"unit_id": "2", "name": "Shaft box", "location": "B2 east shaft"}
    form = await flows.submit_subentry(form["flow_id"], details | {"notify_targets": ["x"]})
    assert form["errors"] == {"notify_targets": "invalid_notify_target"}
    result = await flows.submit_subentry(form["flow_id"], details | {"notify_targets": [PHONE]})
    assert result["type"] == "create_entry"
    await hass.async_block_till_done()
    assert {s.unique_id for s in config_entry.subentries.values()} == {"SP1P0001", "SP3P0002"}
    assert config_entry.subentries[subentry_id(config_entry, "SP3P0002")].data[
        "notify_targets"
    ] == [PHONE]
    assert config_entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.shaft_box_phase_b_voltage") is not None


async def test_add_box_errors(
    hass: HomeAssistant, flows: FlowApi, setup_integration: MockConfigEntry
) -> None:
    form = await flows.start_subentry(setup_integration.entry_id)
    form = await flows.submit_subentry(form["flow_id"], {"first_unit": 1, "last_unit": 3})
    assert form["errors"] == {"base": "all_boxes_configured"}
    await hass.config_entries.async_unload(setup_integration.entry_id)
    hass.config_entries.async_update_entry(
        setup_integration, data={**setup_integration.data, "port": free_port()}
    )
    form = await flows.submit_subentry(form["flow_id"], {"first_unit": 1, "last_unit": 3})
    assert form["errors"] == {"base": "cannot_connect"}


@pytest.mark.usefixtures("notify_targets")
async def test_reconfigure_box_location(
    hass: HomeAssistant, flows: FlowApi, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    area = ar.async_get(hass).async_create("Basement")
    sid = subentry_id(entry, "SP3P0002")
    form = await flows.start_subentry(entry.entry_id, sid)
    assert form["step_id"] == "reconfigure"
    assert form["description_placeholders"] == {"unit": "2", "serial": "SP3P0002"}
    assert fields(form)["x"]["description"] == {"suggested_value": 12.5}
    details = {
        "name": "Shaft box 3",
        "area_id": area.id,
        "location": "B2, east shaft, box 3",
        "floor": -2,
    }
    form = await flows.submit_subentry(form["flow_id"], details | {"notify_targets": ["notify"]})
    assert form["errors"] == {"notify_targets": "invalid_notify_target"}
    result = await flows.submit_subentry(form["flow_id"], details | {"notify_targets": [GROUP]})
    assert result["type"] == "abort"
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    sub = entry.subentries[sid]
    assert sub.title == "Shaft box 3"
    assert sub.data["location"] == "B2, east shaft, box 3"
    assert sub.data["notify_targets"] == [GROUP]
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
    assert state.attributes["notify_targets"] == [GROUP]


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


@pytest.fixture
async def serial_port(tmp_path: Path) -> AsyncIterator[str]:
    """An RS-485 adapter without hardware: a socat pty relayed to a simulated RTU gateway."""
    sim = SimulatedGateway(
        [SimulatedBox(unit_id=7, serial="SPSER0007", phases=3, seed=7)],
        host="127.0.0.1",
        port=0,
        framer="rtu",
    )
    await sim.start()
    link = SerialLink(tmp_path / "ttySP0", sim.port)
    await link.start()
    yield str(link.path)
    await link.stop()
    await sim.stop()


async def test_serial_rtu_flow(hass: HomeAssistant, flows: FlowApi, serial_port: str) -> None:
    """Serial RTU end to end: form, scan over the (virtual) serial line, box, reconfigure."""
    settings = {"baudrate": "9600", "parity": "none", "stopbits": "1", "bytesize": "8"}
    form = await flows.start()
    form = await flows.submit(form["flow_id"], {"transport": "serial"})
    assert fields(form)["serial_port"]["default"] == "/dev/ttyUSB0"
    form = await flows.submit(form["flow_id"], {"serial_port": serial_port, **settings})
    assert form["step_id"] == "scan"
    form = await flows.submit(form["flow_id"], {"first_unit": 7, "last_unit": 7})
    assert select_options(form, "boxes") == ["7"]
    form = await flows.submit(form["flow_id"], {"boxes": ["7"]})
    result = await flows.submit(form["flow_id"], {"name": "Workshop box"})
    assert result["type"] == "create_entry"
    entry = hass.config_entries.async_get_entry(result["result"]["entry_id"])
    assert entry is not None
    assert entry.data == {
        "transport": "serial",
        "serial_port": serial_port,
        "baudrate": 9600,
        "parity": "N",
        "stopbits": 1,
        "bytesize": 8,
    }
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.workshop_box_phase_c_voltage").state not in (
        "unavailable",
        "unknown",
    )

    # "Add box" scans through the running gateway's own connection: the port opens once.
    form = await flows.start_subentry(entry.entry_id)
    form = await flows.submit_subentry(form["flow_id"], {"first_unit": 6, "last_unit": 8})
    assert form["errors"] == {"base": "all_boxes_configured"}

    # The same adapter again is refused; Reconfigure (new settings) finds the same box there.
    form = await flows.start()
    form = await flows.submit(form["flow_id"], {"transport": "serial"})
    result = await flows.submit(form["flow_id"], {"serial_port": serial_port, **settings})
    assert result["reason"] == "already_configured"
    form = await flows.start(entry_id=entry.entry_id)
    assert fields(form)["parity"]["description"] == {"suggested_value": "none"}
    form = await flows.submit(
        form["flow_id"], {"serial_port": "/dev/ttySAFEPOWERMISSING", **settings}
    )
    assert form["errors"] == {"base": "cannot_connect"}
    assert entry.state is ConfigEntryState.LOADED  # released for the test, then back
    result = await flows.submit(
        form["flow_id"], {"serial_port": serial_port, **settings, "baudrate": "19200"}
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.data["baudrate"] == 19200
    assert entry.state is ConfigEntryState.LOADED
    await hass.config_entries.async_unload(entry.entry_id)


async def test_reconfigure_when_the_boxes_do_not_answer(
    hass: HomeAssistant, flows: FlowApi, config_entry: MockConfigEntry
) -> None:
    """An address where no configured unit answers is accepted: the boxes may be powered off."""
    config_entry.add_to_hass(hass)
    empty = SimulatedGateway([], host="127.0.0.1", port=0)
    await empty.start()
    try:
        form = await flows.start(entry_id=config_entry.entry_id)
        result = await flows.submit(form["flow_id"], {"host": "127.0.0.1", "port": empty.port})
        assert result["reason"] == "reconfigure_successful"
    finally:
        await empty.stop()


async def test_reconfigure_when_the_gateway_fails_during_the_check(
    hass: HomeAssistant, flows: FlowApi, config_entry: MockConfigEntry
) -> None:
    """The gateway answers the connection test, then drops before the boxes are asked."""
    config_entry.add_to_hass(hass)
    sim = SimulatedGateway(
        [SimulatedBox(unit_id=1, serial="SP1P0001", phases=1, seed=1)], host="127.0.0.1", port=0
    )
    await sim.start()
    try:
        form = await flows.start(entry_id=config_entry.entry_id)
        with patch(
            "custom_components.safe_power.config_flow.ModbusGateway.identify",
            side_effect=GatewayConnectionError("gone"),
        ):
            form = await flows.submit(form["flow_id"], {"host": "127.0.0.1", "port": sim.port})
        assert form["errors"] == {"base": "cannot_connect"}
    finally:
        await sim.stop()


async def _discover(hass: HomeAssistant, topic: str, payload: str) -> Any:
    """Start the flow the MQTT integration starts for a retained message on the manifest's topic."""
    return await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_MQTT},
        data=MqttServiceInfo(
            topic=topic,
            payload=payload,
            qos=1,
            retain=True,
            subscribed_topic="safe_power/+/config",
            timestamp=0,
        ),
    )


@pytest.mark.parametrize(
    ("topic", "payload"),
    [
        ("safe_power/SP1/state", "{}"),  # not a config topic
        ("elsewhere/SP1/config", "{}"),  # not under the prefix
        ("safe_power/SP1/config", "not json"),
        ("safe_power/SP1/config", ""),  # the retained config was deleted
    ],
)
async def test_discovery_of_something_else_aborts(
    hass: HomeAssistant, topic: str, payload: str
) -> None:
    result = await _discover(hass, topic, payload)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "invalid_discovery_info"
    assert not hass.config_entries.async_entries(DOMAIN)


async def test_discovered_box_already_behind_a_gateway(
    hass: HomeAssistant, config_entry: MockConfigEntry
) -> None:
    """A box on a Modbus gateway that also talks MQTT (a bridge) is not added twice."""
    config_entry.add_to_hass(hass)
    config = encode_config(three_phase_config("SP3P0002", serial="SP3P0002"))
    result = await _discover(hass, "safe_power/SP3P0002/config", config)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"

"""Every flow as a user walks it, over the HTTP API the frontend uses, in a real Home Assistant.

One Home Assistant process for the module, started as `scripts/develop` starts it (no gateway
yet), with: the e2e fleet's simulator serving its Modbus boxes as RTU over TCP and on a
virtual serial port (a socat pty), its MQTT boxes on a real mosquitto, and a second simulator
serving the default fleet over Modbus TCP. The tests run in order and build on each other, as
a user's afternoon does: gateways over the three Modbus transports, the MQTT boxes by
discovery and by hand, then Add box, Remove box, Reconfigure and Options.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
import json
from pathlib import Path
from typing import Any

import pytest

from safe_power_tools.devenv import (
    DEFAULT_FLEET,
    REPO,
    BootstrapError,
    HassApi,
    enable_entities,
    watch_entries,
    watch_events,
    watch_flows,
    watch_states,
)
from safe_power_tools.mqtt_common import free_port
from safe_power_tools.simulator.control import serve_command
from tests.flow_api import FlowApi, fields, select_options

from . import register_map_box
from .conftest import Site, fleet_units, start_ready, start_site, stop_site

UNITS = fleet_units()
DEFAULT_UNITS = fleet_units(DEFAULT_FLEET)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Home Assistant onboarded, MQTT set up, no Safe Power gateway yet."""
    site = start_site(
        "flows", tmp_path_factory.mktemp("flows"), gateway=False, mqtt=True, serial=True
    )
    # The default fleet behind a Modbus TCP gateway, in a simulator of its own.
    tcp_port = free_port()
    tcp = start_ready(  # the simulator logs "Control on ..." once everything listens
        serve_command(tcp_port, free_port(), DEFAULT_FLEET),
        site.output / "simulator-tcp.log",
        "Control on",
        cwd=REPO,
    )
    site.extra["tcp_port"] = tcp_port
    try:
        yield site
    finally:
        tcp.terminate()
        tcp.wait(30)
        stop_site(site)


async def _wait_loaded(api: HassApi, entry_id: str, within: float = 60) -> dict[str, Any]:
    """Wait until the entry is loaded (as the integrations page is told); return it."""

    def loaded(entries: Mapping[str, Mapping[str, Any]]) -> bool:
        if (entry := entries.get(entry_id)) is None:
            return False
        assert entry["state"] in ("loaded", "not_loaded", "setup_in_progress"), entry
        return bool(entry["state"] == "loaded")

    return dict((await watch_entries(api, loaded, within))[entry_id])


async def _state_known(api: HassApi, entity_id: str, within: float = 30) -> None:
    """Wait until an entity has a value (not unknown, not unavailable), as pushed to the UI."""
    await watch_states(
        api,
        [entity_id],
        lambda states: states.get(entity_id, "unavailable") not in ("unknown", "unavailable"),
        within,
    )


async def _devices(api: HassApi, entry_id: str) -> dict[str, dict[str, Any]]:
    """The entry's boxes (its devices with a serial number) by serial number."""
    registry = await api.ws("config/device_registry/list")
    return {
        d["serial_number"]: d
        for d in registry
        if entry_id in d["config_entries"] and d["serial_number"] is not None
    }


async def _gateway(api: HassApi, entry_id: str, model: str) -> None:
    """The gateway is a device of its own: its boxes come through it, its bus has figures."""
    registry = await api.ws("config/device_registry/list")
    [gateway] = [
        d for d in registry if entry_id in d["config_entries"] and d["serial_number"] is None
    ]
    assert gateway["model"] == model
    boxes = await _devices(api, entry_id)
    assert {box["via_device_id"] for box in boxes.values()} == {gateway["id"]}
    entities = await api.ws("config/entity_registry/list")
    mine = {
        e["translation_key"]: e["entity_id"] for e in entities if e["device_id"] == gateway["id"]
    }
    assert set(mine) == {"bus_utilisation", "alarm_detection_interval"}
    await _state_known(api, mine["alarm_detection_interval"])  # two alarm sweeps: a period
    utilisation = await api.call(f"/api/states/{mine['bus_utilisation']}")
    assert 0 <= float(utilisation["state"]) <= 100
    interval = await api.call(f"/api/states/{mine['alarm_detection_interval']}")
    assert 1.5 <= float(interval["state"]) <= 10  # 2 s, as a loaded machine keeps it


async def _entry_by_title(api: HassApi, title: str) -> dict[str, Any]:
    entries = await api.call("/api/config/config_entries/entry")
    return next(e for e in entries if e["domain"] == "safe_power" and e["title"] == title)


async def test_first_start_is_clean(api: HassApi) -> None:
    """No HTTP confirmation, no repair, nothing failing: what a new user sees first."""
    issues = (await api.ws("repairs/list_issues"))["issues"]
    assert issues == []
    assert await api.ws("persistent_notification/get") == []
    entries = await api.call("/api/config/config_entries/entry")
    assert [e for e in entries if e["state"] != "loaded"] == []
    assert {"mqtt", "sun"} <= {e["domain"] for e in entries}
    handlers = await api.call("/api/config/config_entries/flow_handlers")
    assert "safe_power" in handlers


async def _add_gateway(
    flows: FlowApi, transport: str, connection: dict[str, Any], units: list[int]
) -> dict[str, Any]:
    """Walk "Add integration" for a gateway, checking every form as the frontend gets it."""
    form = await flows.start()
    assert form["step_id"] == "user"
    assert select_options(form, "transport") == ["tcp", "rtu_over_tcp", "serial", "mqtt"]
    form = await flows.submit(form["flow_id"], {"transport": transport})
    assert form["step_id"] == ("serial" if transport == "serial" else "network")
    form = await flows.submit(form["flow_id"], connection)
    assert form["step_id"] == "scan", form.get("errors")
    assert set(fields(form)) == {"first_unit", "last_unit"}
    form = await flows.submit(form["flow_id"], {"first_unit": 1, "last_unit": 8})
    assert form["step_id"] == "boxes"
    form = await flows.submit(form["flow_id"], {"boxes": [str(u) for u in units]})
    result = form
    for _ in units:
        assert result["step_id"] == "box"
        unit = int(result["description_placeholders"]["unit"])
        box = DEFAULT_UNITS[unit] if transport == "tcp" else UNITS[unit]
        assert "notify.persistent_notification" in select_options(result, "notify_targets")
        result = await flows.submit(
            result["flow_id"],
            {
                "name": box["name"],
                "location": box["location"],
                "floor": box["floor"],
                "x": box["x"],
                "y": box["y"],
                "notify_targets": ["notify.persistent_notification"],
            },
        )
    assert result["type"] == "create_entry", result
    return result


async def test_modbus_tcp_gateway(site: Site, flows: FlowApi, api: HassApi) -> None:
    port = site.extra["tcp_port"]
    result = await _add_gateway(
        flows, "tcp", {"host": "127.0.0.1", "port": port}, sorted(DEFAULT_UNITS)
    )
    assert result["title"] == f"127.0.0.1:{port}"
    entry_id = result["result"]["entry_id"]
    await _wait_loaded(api, entry_id)
    devices = await _devices(api, entry_id)
    assert sorted(devices) == sorted(b["serial"] for b in DEFAULT_UNITS.values())
    state = await api.call("/api/states/sensor.kitchen_box_phase_a_voltage")
    assert 180 < float(state["state"]) < 260
    location = await api.call("/api/states/sensor.kitchen_box_location")
    assert location["state"] == "Ground floor, kitchen wall"
    assert location["attributes"]["notify_targets"] == ["notify.persistent_notification"]
    await _gateway(api, entry_id, "Modbus TCP")


async def test_rtu_over_tcp_gateway(site: Site, flows: FlowApi, api: HassApi) -> None:
    """The e2e simulator speaks RTU frames over TCP (a transparent serial server)."""
    result = await _add_gateway(
        flows, "rtu_over_tcp", {"host": "127.0.0.1", "port": site.dev.modbus_port}, [1]
    )
    await _wait_loaded(api, result["result"]["entry_id"])
    assert sorted(await _devices(api, result["result"]["entry_id"])) == ["SP24E0001"]


async def test_serial_gateway(site: Site, flows: FlowApi, api: HassApi) -> None:
    """Serial RTU on a virtual serial port; the box already added over TCP is not offered."""
    serial = {
        "serial_port": str(site.dev.serial_link),
        "baudrate": "9600",
        "parity": "none",
        "stopbits": "1",
        "bytesize": "8",
    }
    form = await flows.start()
    form = await flows.submit(form["flow_id"], {"transport": "serial"})
    assert select_options(form, "parity") == ["none", "even", "odd"]
    form = await flows.submit(form["flow_id"], serial)
    form = await flows.submit(form["flow_id"], {"first_unit": 1, "last_unit": 3})
    assert select_options(form, "boxes") == ["2", "3"]
    await flows.post(f"/api/config/config_entries/flow/{form['flow_id']}", {"boxes": []})
    result = await _add_gateway(flows, "serial", serial, [2, 3])
    entry_id = result["result"]["entry_id"]
    entry = await _wait_loaded(api, entry_id)
    assert entry["title"] == str(site.dev.serial_link)
    assert sorted(await _devices(api, entry_id)) == ["SP24E0002", "SP24E0003"]
    await _gateway(api, entry_id, "Modbus RTU (RS-485)")


async def _discovered(api: HassApi) -> dict[str, dict[str, Any]]:
    """The boxes under Discovered (flows in progress), by the name they are offered with."""

    def discovered(flows: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
        return {
            f["context"]["title_placeholders"]["name"]: dict(f)
            for f in flows.values()
            if f["handler"] == "safe_power" and f["context"]["source"] == "mqtt"
        }

    return discovered(await watch_flows(api, lambda flows: len(discovered(flows)) >= 2, 30))


async def test_mqtt_discovery_confirm(flows: FlowApi, api: HassApi) -> None:
    """Discovered → Add: the form shows what the box published; empty fields keep it."""
    discovered = await _discovered(api)
    assert set(discovered) == {"SP-400-3P SP24M0011", "SP-400-1P SP24M0012"}
    form = await flows.show(discovered["SP-400-3P SP24M0011"]["flow_id"])
    assert form["step_id"] == "mqtt_confirm"
    suggested = {
        n: f.get("description", {}).get("suggested_value") for n, f in fields(form).items()
    }
    assert suggested["location"] == "Roof, plant room, east wall"
    assert (suggested["x"], suggested["y"], suggested["floor"]) == (8.0, 20.0, 5)
    result = await flows.submit(form["flow_id"], {"name": "Roof plant box", "location": ""})
    assert result["type"] == "create_entry"
    entry_id = result["result"]["entry_id"]
    await _wait_loaded(api, entry_id)
    await _state_known(api, "sensor.roof_plant_box_phase_b_current")
    location = await api.call("/api/states/sensor.roof_plant_box_location")
    assert location["state"] == "Roof, plant room, east wall"
    assert location["attributes"]["floor"] == 5


async def test_manual_mqtt_add(flows: FlowApi, api: HassApi) -> None:
    """The second MQTT box added by its prefix and id (as for another prefix)."""
    form = await flows.start()
    form = await flows.submit(form["flow_id"], {"transport": "mqtt"})
    assert form["step_id"] == "mqtt_box"
    form = await flows.submit(form["flow_id"], {"prefix": "safe_power", "box_id": "NO_SUCH"})
    assert form["errors"] == {"base": "no_config"}
    form = await flows.submit(form["flow_id"], {"prefix": "safe_power", "box_id": "SP24M0012"})
    assert form["step_id"] == "mqtt_confirm"
    assert form["description_placeholders"]["topic"] == "safe_power/SP24M0012/config"
    result = await flows.submit(
        form["flow_id"], {"name": "Guard house box", "notify_targets": ["notify.nobody"]}
    )
    assert result["errors"] == {"notify_targets": "invalid_notify_target"}
    result = await flows.submit(form["flow_id"], {"name": "Guard house box"})
    assert result["type"] == "create_entry"
    await _wait_loaded(api, result["result"]["entry_id"])
    # Its discovered offer is gone with it.
    progress = await api.ws("config_entries/flow/progress")
    assert not [f for f in progress if f["handler"] == "safe_power"]


async def test_remove_and_add_box(site: Site, flows: FlowApi, api: HassApi) -> None:
    """Delete a box (its subentry), then bring it back with Add box."""
    gateway = await _entry_by_title(api, f"127.0.0.1:{site.extra['tcp_port']}")
    entry_id = gateway["entry_id"]
    subentries = await api.ws("config_entries/subentries/list", entry_id=entry_id)
    lobby = next(s for s in subentries if s["title"] == "Lobby lighting box")
    await api.ws(
        "config_entries/subentries/delete", entry_id=entry_id, subentry_id=lobby["subentry_id"]
    )
    await _wait_loaded(api, entry_id)
    assert "SP24A0002" not in await _devices(api, entry_id)

    form = await flows.start_subentry(entry_id)
    assert form["step_id"] == "user"
    form = await flows.submit_subentry(form["flow_id"], {"first_unit": 1, "last_unit": 6})
    assert form["step_id"] == "box"
    assert select_options(form, "unit_id") == ["2"]
    result = await flows.submit_subentry(
        form["flow_id"], {"unit_id": "2", "name": "Lobby box", "location": "Lobby"}
    )
    assert result["type"] == "create_entry"
    await _wait_loaded(api, entry_id)

    async def lobby_box() -> bool:
        return "SP24A0002" in await _devices(api, entry_id)

    await watch_events(api, "device_registry_updated", lobby_box, 30)


async def test_reconfigure_gateway_box_and_mqtt_box(
    site: Site, flows: FlowApi, api: HassApi
) -> None:
    gateway = await _entry_by_title(api, f"127.0.0.1:{site.extra['tcp_port']}")
    entry_id = gateway["entry_id"]
    form = await flows.start(entry_id=entry_id)
    assert form["step_id"] == "reconfigure"
    form = await flows.submit(form["flow_id"], {"host": "127.0.0.1", "port": free_port()})
    assert form["errors"] == {"base": "cannot_connect"}
    result = await flows.submit(
        form["flow_id"], {"host": "127.0.0.1", "port": site.extra["tcp_port"]}
    )
    assert result["reason"] == "reconfigure_successful"
    await _wait_loaded(api, entry_id)

    subentries = await api.ws("config_entries/subentries/list", entry_id=entry_id)
    kitchen = next(s for s in subentries if s["title"] == "Kitchen box")
    form = await flows.start_subentry(entry_id, kitchen["subentry_id"])
    assert form["step_id"] == "reconfigure"
    assert fields(form)["location"]["description"] == {
        "suggested_value": "Ground floor, kitchen wall"
    }
    result = await flows.submit_subentry(
        form["flow_id"], {"name": "Kitchen box", "location": "Ground floor, kitchen, by the door"}
    )
    assert result["reason"] == "reconfigure_successful"
    await _wait_loaded(api, entry_id)
    await watch_states(
        api,
        ["sensor.kitchen_box_location"],
        lambda states: (
            states.get("sensor.kitchen_box_location") == "Ground floor, kitchen, by the door"
        ),
        30,
    )

    serial = await _entry_by_title(api, str(site.dev.serial_link))
    form = await flows.start(entry_id=serial["entry_id"])
    suggested = {n: f["description"]["suggested_value"] for n, f in fields(form).items()}
    assert suggested["parity"] == "none"
    result = await flows.submit(form["flow_id"], suggested | {"baudrate": "19200"})
    assert result["reason"] == "reconfigure_successful"
    await _wait_loaded(api, serial["entry_id"])

    roof = await _entry_by_title(api, "Roof plant box")
    form = await flows.start(entry_id=roof["entry_id"])
    assert form["step_id"] == "reconfigure_box"
    result = await flows.submit(form["flow_id"], {"name": "Roof plant box", "floor": 6})
    assert result["reason"] == "box_changed"
    await _wait_loaded(api, roof["entry_id"])


async def test_options(site: Site, flows: FlowApi, api: HassApi) -> None:
    gateway = await _entry_by_title(api, f"127.0.0.1:{site.extra['tcp_port']}")
    form = await flows.start_options(gateway["entry_id"])
    assert form["step_id"] == "init"
    result = await flows.submit_options(
        form["flow_id"], {"telemetry_interval": 20, "alarm_interval": 3}
    )
    assert result["type"] == "create_entry"
    await _wait_loaded(api, gateway["entry_id"])


async def _entities(api: HassApi, entry_id: str) -> dict[str, dict[str, Any]]:
    """The entry's entity registry entries by translation key."""
    registry = await api.ws("config/entity_registry/list")
    return {
        e["translation_key"]: e
        for e in registry
        if e["config_entry_id"] == entry_id and e["translation_key"]
    }


async def _set(api: HassApi, entity_id: str, value: float) -> None:
    """Set a number as its more-info dialog does (websocket call_service)."""
    await api.ws(
        "call_service",
        domain="number",
        service="set_value",
        service_data={"value": value},
        target={"entity_id": entity_id},
    )


async def test_a_box_written_from_the_register_map(flows: FlowApi, api: HassApi) -> None:
    """A box made from docs/register-map.md alone (pyModbusTCP), set up and set as a user does.

    Its measurements, settings (written with 06, read back) and contactor all go through the
    contract; a setting the box does not keep is a translated error, and the old value stays.
    """
    port = free_port()
    server, box = register_map_box.serve(port)
    try:
        form = await flows.start()
        form = await flows.submit(form["flow_id"], {"transport": "tcp"})
        form = await flows.submit(form["flow_id"], {"host": "127.0.0.1", "port": port})
        form = await flows.submit(form["flow_id"], {"first_unit": 1, "last_unit": 3})
        assert form["step_id"] == "boxes", form.get("errors")
        assert select_options(form, "boxes") == ["1"]  # units 2 and 3: exception 0x0B
        form = await flows.submit(form["flow_id"], {"boxes": ["1"]})
        result = await flows.submit(form["flow_id"], {"name": "Register map box", "floor": 0})
        assert result["type"] == "create_entry", result
        entry_id = result["result"]["entry_id"]
        await _wait_loaded(api, entry_id)
        [device] = (await _devices(api, entry_id)).values()
        assert (device["model"], device["serial_number"], device["sw_version"]) == (
            "RM-400",
            "RM24000001",
            "0.9.1",
        )
        entities = await _entities(api, entry_id)
        ids = {key: e["entity_id"] for key, e in entities.items()}

        async def state(key: str) -> str:
            return str((await api.call(f"/api/states/{ids[key]}"))["state"])

        # Section 3.3 decoded: scale, 32-bit words high first, int16, the markers.
        assert await state("voltage_a") == "230.1"
        assert await state("current_a") == "12.345"
        assert await state("leakage_current") == "12.5"
        assert await state("box_temperature") == "-5.2"
        assert await state("energy") == "1234.56"
        # "Not present" at set-up (no neutral sensor): the entity waits, disabled, for a value.
        assert entities["current_n"]["disabled_by"] == "integration"

        # Settings: disabled by default (the panel shows them); the installer enables them.
        assert entities["leakage_threshold"]["disabled_by"] == "integration"
        await enable_entities(api, [ids["leakage_threshold"], ids["overcurrent_threshold"]])
        # Function code 06 to holding 213 / 210, read back, shown once kept.
        assert float(await state("leakage_threshold")) == 300
        await _set(api, ids["leakage_threshold"], 500)
        assert box.holding[register_map_box.LEAKAGE_SETTING] == 500
        assert float(await state("leakage_threshold")) == 500
        await _set(api, ids["overcurrent_threshold"], 40.5)
        assert box.holding[register_map_box.SETTINGS] == 405  # scale 0.1
        assert float(await state("overcurrent_threshold")) == 40.5
        # Within the profile's range but beyond this detector's: acknowledged, not kept.
        with pytest.raises(BootstrapError, match="did not confirm Leakage threshold = 2000 mA"):
            await _set(api, ids["leakage_threshold"], 2000)
        assert box.holding[register_map_box.LEAKAGE_SETTING] == 500
        assert float(await state("leakage_threshold")) == 500
        # Beyond the profile's range: refused before anything is written.
        with pytest.raises(BootstrapError, match="outside valid range"):
            await _set(api, ids["leakage_threshold"], 5000)

        # The contactor: command register 200, confirmed by status bit 0.
        await api.ws(
            "call_service",
            domain="switch",
            service="turn_off",
            target={"entity_id": ids["contactor"]},
        )
        assert box.commands == [register_map_box.POWER_OFF]
        assert await state("contactor") == "off"
    finally:
        server.stop()


def test_log_is_clean(site: Site) -> None:
    """Nothing the integration did logged an error or a traceback; no form failed to render."""
    log = site.log()
    assert "unable to serialize" not in log
    bad = [
        line
        for line in log.splitlines()
        if (" ERROR " in line or "Traceback" in line) and "safe_power" in line
    ]
    assert bad == []
    assert (
        json.loads((site.dev.config_dir / ".storage" / "http").read_text())["data"]["pending"]
        is None
    )


def test_output_folder(site: Site) -> None:
    """The run's logs are where the README says (test-output/e2e/...)."""
    assert Path(site.output, "hass.log").stat().st_size > 0

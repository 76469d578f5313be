"""A multi-circuit detector (组合式): each circuit's leakage and probe, its own entity and alarm.

Served by the simulator from the profile `safe_power_multi_circuit` (docs/register-map.md,
section 8), over Modbus, and by a box on a real mosquitto over MQTT.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from types import MappingProxyType

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.safe_power.alarms import EVENT_SAFE_POWER_ALARM, async_get_alarms
from custom_components.safe_power.box.model import AlarmCause
from custom_components.safe_power.box.mqtt import Capabilities
from custom_components.safe_power.box.profile import load_profiles
from custom_components.safe_power.const import (
    CONF_ALARM_INTERVAL,
    CONF_PROFILE,
    CONF_TELEMETRY_INTERVAL,
    CONF_TIMEOUT,
    CONF_TRANSPORT,
    DOMAIN,
)
from safe_power_tools.mqtt_common import MosquittoBroker
from safe_power_tools.simulator import SimulatedBox, SimulatedGateway

from .conftest import TIMEOUT, advance, box_subentry
from .mqtt_helpers import BoxClient, reading, three_phase_config, wait_for

pytestmark = pytest.mark.usefixtures("socket_enabled")

SERIAL = "SM24C0007"
NAME = "Workshop feeders"


@pytest.fixture
async def multi_gateway(socket_enabled: None) -> AsyncIterator[SimulatedGateway]:
    """A gateway with one 8-circuit, 4-probe detector at unit 7."""
    box = SimulatedBox(
        unit_id=7,
        serial=SERIAL,
        phases=3,
        model="SP-800-8L4T",
        profile=load_profiles()["safe_power_multi_circuit"],
    )
    sim = SimulatedGateway([box], host="127.0.0.1", port=0)
    await sim.start()
    yield sim
    await sim.stop()


@pytest.fixture
async def multi_entry(hass: HomeAssistant, multi_gateway: SimulatedGateway) -> MockConfigEntry:
    """The gateway entry with the detector, as the config flow creates it."""
    box = multi_gateway.boxes[7]
    subentry = box_subentry(box, NAME)
    subentry["data"] = {**subentry["data"], CONF_PROFILE: "safe_power_multi_circuit"}
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=f"127.0.0.1:{multi_gateway.port}",
        data={
            CONF_TRANSPORT: "tcp",
            "host": "127.0.0.1",
            "port": multi_gateway.port,
            CONF_TIMEOUT: TIMEOUT,
        },
        options={CONF_TELEMETRY_INTERVAL: 15, CONF_ALARM_INTERVAL: 2},
        subentries_data=[subentry],
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return entry


async def test_each_circuit_and_probe_is_an_entity(
    hass: HomeAssistant, multi_entry: MockConfigEntry
) -> None:
    registry = er.async_get(hass)
    mine = er.async_entries_for_config_entry(registry, multi_entry.entry_id)
    names = {e.unique_id.removeprefix(f"{SERIAL}_"): e.entity_id for e in mine}
    for n in range(1, 9):
        assert (
            names[f"leakage_current_{n}"] == f"sensor.workshop_feeders_circuit_{n}_leakage_current"
        )
        assert (
            names[f"alarm_leakage_current_{n}"]
            == f"binary_sensor.workshop_feeders_circuit_{n}_leakage"
        )
    for n in range(1, 5):
        assert names[f"temperature_{n}"] == f"sensor.workshop_feeders_temperature_{n}"
    # Channels the map does not have (9-16), and the single-transformer keys: none.
    assert "leakage_current_9" not in names
    assert "leakage_current" not in names
    state = hass.states.get("sensor.workshop_feeders_circuit_3_leakage_current")
    assert state.attributes["unit_of_measurement"] == "mA"
    assert state.attributes["friendly_name"] == "Workshop feeders Circuit 3 leakage current"
    assert 2.0 <= float(state.state) <= 15.5
    probe = hass.states.get("binary_sensor.workshop_feeders_temperature_2_over_temperature")
    assert probe.state == STATE_OFF


async def test_a_circuit_that_leaks_alarms_on_its_own(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    multi_gateway: SimulatedGateway,
    multi_entry: MockConfigEntry,
) -> None:
    events = async_capture_events(hass, EVENT_SAFE_POWER_ALARM)
    box = multi_gateway.boxes[7]
    box.set_scenario("leakage_ramp")  # circuit 1 creeps past 300 mA
    for _ in range(60):
        multi_gateway.tick(1)
    await multi_gateway.push()
    await advance(hass, freezer, 16)

    circuit_1 = "binary_sensor.workshop_feeders_circuit_1_leakage"
    assert hass.states.get(circuit_1).state == STATE_ON
    assert hass.states.get("binary_sensor.workshop_feeders_circuit_2_leakage").state == STATE_OFF
    assert hass.states.get("binary_sensor.workshop_feeders_leakage").state == STATE_ON
    [raised] = [e.data for e in events if e.data["type"] == "raised"]
    # The register's alarm says which circuit, with its reading and the detector's limit.
    assert (raised["cause"], raised["channel"], raised["threshold"]) == (
        "leakage",
        "leakage_current_1",
        300,
    )
    assert raised["value"] > 300

    box.set_scenario("recover")
    for _ in range(5):
        multi_gateway.tick(1)
    await multi_gateway.push()
    await advance(hass, freezer, 16)
    assert hass.states.get(circuit_1).state == STATE_OFF
    assert async_get_alarms(hass).register.open_alarms(SERIAL) == []


async def test_mqtt_channels_alarm_from_the_state_and_from_alarm_messages(
    hass: HomeAssistant, mqtt_ready: MockConfigEntry, mosquitto: MosquittoBroker, flows: object
) -> None:
    del flows
    config = three_phase_config()
    caps = config.capabilities
    config = replace(
        config,
        capabilities=Capabilities(
            measurements=caps.measurements | {"leakage_current_1", "leakage_current_2"},
            alarms=caps.alarms,
            contactor=caps.contactor,
            commands=caps.commands,
            settings=caps.settings,
            channel_alarms=frozenset({"leakage_current_1", "leakage_current_2"}),
        ),
    )
    assert config.capabilities.alarms >= {AlarmCause.LEAKAGE}
    client = BoxClient(mosquitto.port, config)
    await client.start()
    try:
        await client.announce()
        flow = await wait_for(
            lambda: hass.config_entries.flow.async_progress_by_handler(DOMAIN), "discovered"
        )
        result = await hass.config_entries.flow.async_configure(
            flow[0]["flow_id"], {"name": "Plant room box"}
        )
        assert result["type"] == "create_entry"
        await hass.async_block_till_done()
        entry = result["result"]
        await wait_for(
            lambda: (box := entry.runtime_data.data.get(config.box_id)) is not None and box.online,
            "online",
        )
        channel_2 = "binary_sensor.plant_room_box_circuit_2_leakage"
        values = {"leakage_current_1": 12.0, "leakage_current_2": 341.0}
        state = replace(
            reading(**values),
            alarms=frozenset({AlarmCause.LEAKAGE}),
            channel_alarms=frozenset({"leakage_current_2"}),
        )
        await client.send_state(state)
        await wait_for(lambda: hass.states.get(channel_2).state == STATE_ON, "circuit 2 on")
        assert hass.states.get("binary_sensor.plant_room_box_circuit_1_leakage").state == (
            STATE_OFF
        )
        [record] = async_get_alarms(hass).register.open_alarms(config.identity.serial)
        assert (record.cause, record.channel, record.value) == (
            "leakage",
            "leakage_current_2",
            341.0,
        )
        await client.send_state(replace(reading(**values), settings=MappingProxyType({})))
        await wait_for(lambda: hass.states.get(channel_2).state == STATE_OFF, "circuit 2 off")
    finally:
        await client.stop()


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_its_alarm_delay_is_set_over_modbus(
    hass: HomeAssistant, multi_gateway: SimulatedGateway, multi_entry: MockConfigEntry
) -> None:
    """The detector's leakage delay (holding 213): a number in seconds, written and read back."""
    number = "number.workshop_feeders_leakage_alarm_delay"
    assert hass.states.get(number).state == "3.0"
    assert hass.states.get(number).attributes["max"] == 60  # the profile's, not 600
    await hass.services.async_call(
        "number", "set_value", {"entity_id": number, "value": 20}, blocking=True
    )
    assert multi_gateway.boxes[7].settings["leakage_delay"] == 20
    assert hass.states.get(number).state == "20.0"

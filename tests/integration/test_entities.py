"""The entities of a single-phase and a three-phase box, and their values."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import slugify
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from safe_power_tools.simulator.server import SimulatedGateway

pytestmark = pytest.mark.usefixtures("socket_enabled")

# Decimals each measurement keeps on the wire (the register map's scale).
DECIMALS = {
    "voltage": 1,
    "line_voltage": 1,
    "current": 3,
    "leakage_current": 1,
    "cable_temperature": 1,
    "box_temperature": 1,
    "active_power": 0,
    "power_factor": 3,
    "frequency": 2,
    "energy": 2,
}
KITCHEN, SHAFT = "kitchen_box", "b2_east_shaft_box_3"


def _decimals(key: str) -> int:
    for prefix, places in sorted(DECIMALS.items(), key=lambda kv: -len(kv[0])):
        if key == prefix or key.startswith(f"{prefix}_"):
            return places
    raise KeyError(key)


async def test_entity_set(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    setup_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Which entities each box and the gateway get, with their classes, units and categories.

    The gateway's entities are named after its entry (the simulator's port changes from run
    to run): they appear as `gateway`.
    """
    gateway = slugify(setup_integration.title)
    entries = er.async_entries_for_config_entry(entity_registry, setup_integration.entry_id)
    described: dict[str, Any] = {}
    for entry in sorted(entries, key=lambda e: e.entity_id):
        state = hass.states.get(entry.entity_id)
        described[entry.entity_id.replace(gateway, "gateway")] = {
            "unique_id": entry.unique_id.replace(setup_integration.entry_id, "gateway"),
            "translation_key": entry.translation_key,
            "device_class": entry.original_device_class,
            "unit": entry.unit_of_measurement,
            "category": entry.entity_category,
            "disabled": entry.disabled_by is not None,
            "state_class": state.attributes.get("state_class") if state else None,
        }
    assert described == snapshot


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_single_phase_box_has_no_phase_b_or_c(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    assert hass.states.get(f"sensor.{KITCHEN}_phase_a_voltage") is not None
    for missing in (
        "sensor.{}_phase_b_voltage",
        "sensor.{}_phase_c_current",
        "sensor.{}_voltage_unbalance",
        "binary_sensor.{}_phase_loss",
        "binary_sensor.{}_unbalance",
    ):
        assert hass.states.get(missing.format(KITCHEN)) is None
    assert hass.states.get(f"sensor.{SHAFT}_phase_c_voltage") is not None
    assert hass.states.get(f"binary_sensor.{SHAFT}_phase_loss") is not None


@pytest.mark.parametrize(("unit", "slug"), [(1, KITCHEN), (2, SHAFT)])
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_values_equal_what_the_box_serves(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    unit: int,
    slug: str,
) -> None:
    box = gateway.boxes[unit]
    checked = 0
    for key, served in box.values.items():
        if served is None:
            continue
        entity_id = entity_registry.async_get_entity_id(
            "sensor", "safe_power", f"{box.serial}_{key}"
        )
        assert entity_id is not None, key
        entry = entity_registry.async_get(entity_id)
        assert entry is not None
        if entry.disabled_by is not None:
            continue
        state = hass.states.get(entity_id)
        assert state is not None
        assert float(state.state) == pytest.approx(round(served, _decimals(key)), abs=1e-9), key
        checked += 1
    assert checked == (12 if unit == 1 else 23)  # every value: the rarely used enabled here
    # The thresholds the detector reports.
    assert hass.states.get(f"number.{slug}_leakage_threshold").state == "300.0"
    assert hass.states.get(f"number.{slug}_overcurrent_threshold").state == "63.0"
    assert hass.states.get(f"switch.{slug}_contactor").state == "on"
    assert hass.states.get(f"binary_sensor.{slug}_connectivity").state == "on"
    assert hass.states.get(f"binary_sensor.{slug}_leakage").state == "off"


async def test_supply_quality_of_three_phase_box(
    hass: HomeAssistant, gateway: SimulatedGateway, setup_integration: MockConfigEntry
) -> None:
    values = gateway.boxes[2].values
    lines = [round(values[f"line_voltage_{p}"] or 0, 1) for p in ("ab", "bc", "ca")]
    mean = sum(lines) / 3
    expected = max(abs(v - mean) for v in lines) / mean * 100
    state = hass.states.get(f"sensor.{SHAFT}_voltage_unbalance")
    assert state is not None
    shown = float(state.state)
    assert shown == round(shown, 1)  # 0.1 %, as analysers show it
    assert shown == pytest.approx(expected, abs=0.06)
    assert state.attributes["unit_of_measurement"] == "%"


async def test_location_sensor(hass: HomeAssistant, setup_integration: MockConfigEntry) -> None:
    state = hass.states.get(f"sensor.{SHAFT}_location")
    assert state is not None
    assert state.state == "B2 floor, east shaft"
    assert state.attributes["x"] == 12.5
    assert state.attributes["y"] == 40.0
    assert state.attributes["floor"] == -2
    assert state.attributes["building"] == "Plant block"
    assert "site" not in state.attributes  # not set: the attributes hold what is

"""The detector's alarm settings as numbers: written from Home Assistant, confirmed by the box.

Modbus: the simulator's holding registers, read back. MQTT: a `settings` command through
mosquitto, confirmed by the box's acknowledging state (test_mqtt.py's box).
"""

from __future__ import annotations

from homeassistant.components.number import ATTR_VALUE, SERVICE_SET_VALUE
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from safe_power_tools.simulator import SimulatedGateway

# The settings' numbers are disabled by default (test_panel_api.py: the panel has them anyway);
# an installer turns them on to change a setting, as these tests do.
pytestmark = pytest.mark.usefixtures("entity_registry_enabled_by_default")

LEAKAGE = "number.kitchen_box_leakage_threshold"
OVERCURRENT = "number.b2_east_shaft_box_3_overcurrent_threshold"


async def _set(hass: HomeAssistant, entity_id: str, value: float) -> None:
    await hass.services.async_call(
        "number", SERVICE_SET_VALUE, {ATTR_ENTITY_ID: entity_id, ATTR_VALUE: value}, blocking=True
    )


async def test_settings_are_numbers_written_and_read_back(
    hass: HomeAssistant,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    state = hass.states.get(LEAKAGE)
    assert state is not None
    assert (state.state, state.attributes["min"], state.attributes["max"]) == (
        "300.0",
        10.0,
        3000.0,
    )
    assert er.async_get(hass).async_get(LEAKAGE).entity_category == er.EntityCategory.CONFIG
    await _set(hass, LEAKAGE, 500)
    assert gateway.boxes[1].settings["leakage_threshold"] == 500.0  # in the box's register
    assert hass.states.get(LEAKAGE).state == "500.0"  # as read back
    # The change is logged with who asked for it.
    assert "leakage_threshold 300.0 → 500.0 requested by" in caplog.text
    await _set(hass, OVERCURRENT, 80.4)
    assert gateway.boxes[2].settings["overcurrent_threshold"] == 80.4  # 0.1 A register
    assert hass.states.get(OVERCURRENT).state == "80.4"


async def test_a_setting_outside_its_range_never_reaches_the_box(
    hass: HomeAssistant, gateway: SimulatedGateway, setup_integration: MockConfigEntry
) -> None:
    for wrong in (-5, 1e308, 5):
        with pytest.raises(ServiceValidationError):
            await _set(hass, LEAKAGE, wrong)
    assert gateway.boxes[1].settings["leakage_threshold"] == 300.0


async def test_a_setting_the_box_does_not_keep_is_an_error(
    hass: HomeAssistant,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The box accepts the write but its settings still read the old value: say so."""
    kitchen = gateway.boxes[1]
    monkeypatch.setattr(kitchen, "write_holding", lambda *_: None)
    with pytest.raises(HomeAssistantError) as err:
        await _set(hass, LEAKAGE, 500)
    assert err.value.translation_key == "setting_not_confirmed"
    # The setting as its entity is named, the value with its unit: what the user set.
    assert err.value.translation_placeholders == {
        "box": "Kitchen box",
        "setting": "Leakage threshold",
        "value": "500 mA",
    }
    assert hass.states.get(LEAKAGE).state == "300.0"
    # Refused with a Modbus exception: a translated error too.
    monkeypatch.undo()
    kitchen.set_fault("exception", code=3)
    with pytest.raises(HomeAssistantError) as err:
        await _set(hass, LEAKAGE, 500)
    assert err.value.translation_key in {"command_rejected", "box_offline"}


async def test_old_threshold_sensors_are_replaced(
    hass: HomeAssistant, gateway: SimulatedGateway, config_entry: MockConfigEntry
) -> None:
    """The read-only threshold sensors of earlier versions go; the numbers take their place."""
    config_entry.add_to_hass(hass)
    registry = er.async_get(hass)
    old = registry.async_get_or_create(
        "sensor", "safe_power", "SP1P0001_leakage_threshold", config_entry=config_entry
    )
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert registry.async_get(old.entity_id) is None
    assert hass.states.get(LEAKAGE) is not None

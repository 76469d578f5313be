"""Diagnostics: everything needed to debug a gateway, hosts and locations redacted."""

from __future__ import annotations

from datetime import timedelta
from unittest.mock import patch

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from .conftest import subentry_id

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    setup_integration: MockConfigEntry,
) -> None:
    entry = setup_integration
    diag = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert diag["entry"]["data"]["host"] == "**REDACTED**"
    assert diag["entry"]["data"]["port"] == entry.data["port"]
    assert diag["transport"]["gateway"]["host"] == "**REDACTED**"
    assert diag["transport"]["connected"] is True
    assert diag["last_update_success"] is True
    sid = subentry_id(entry, "SP3P0002")
    assert diag["transport"]["boxes"][sid]["profile"] == "safe_power_reference"
    assert diag["transport"]["boxes"][sid]["unit_id"] == 2
    shaft = diag["boxes"][sid]
    assert shaft["details"]["x"] == "**REDACTED**"
    assert shaft["details"]["location"] == "**REDACTED**"
    assert shaft["details"]["building"] == "**REDACTED**"
    assert shaft["details"]["floor"] == -2
    assert shaft["serial"] == "SP3P0002"
    assert shaft["online"] is True
    assert "phase_loss" in shaft["capabilities"]["alarms"]
    assert 150 < shaft["reading"]["values"]["voltage_b"] < 300
    assert shaft["reading"]["contactor_closed"] is True
    assert "voltage_unbalance" in shaft["derived"]
    assert "127.0.0.1" not in str(diag)


async def test_options_change_reloads(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["step_id"] == "init"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"telemetry_interval": 30, "alarm_interval": 5}
    )
    await hass.async_block_till_done()
    assert entry.options["telemetry_interval"] == 30
    assert entry.options["alarm_interval"] == 5
    coordinator = entry.runtime_data
    assert coordinator.telemetry_interval == 30
    assert coordinator.alarm_interval == 5
    # The next tick comes an alarm interval after this one started: the whole seconds the
    # first tick took on a slow machine are cut from the timer's wait (`_keep_period`).
    assert coordinator.update_interval is not None
    assert 0 < coordinator.update_interval.total_seconds() <= 5


@pytest.mark.parametrize(
    ("start", "now", "wait"),
    [
        (1000.2, 1000.9, 5.0),  # within the second it started: a whole interval
        (1000.9, 1001.1, 4.0),  # into the next second: the timer adds it back
        (1000.5, 1003.4, 2.0),
        (1000.0, 1007.0, 0.05),  # overran the interval: the next tick at once
    ],
)
async def test_the_next_tick_keeps_the_alarm_period(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    start: float,
    now: float,
    wait: float,
) -> None:
    """The wait to the next tick is the alarm interval less the whole seconds this one took."""
    coordinator = setup_integration.runtime_data
    coordinator.alarm_interval = 5.0
    with patch.object(hass.loop, "time", return_value=now):
        coordinator._keep_period(start)
    assert coordinator.update_interval == timedelta(seconds=wait)

"""Installer profiles (and the repair issue for a broken one) and the RTU-over-TCP transport."""

from __future__ import annotations

import json
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.safe_power.profiles import async_get_profiles
from safe_power_tools.simulator import SimulatedBox, SimulatedGateway

from .conftest import TIMEOUT, box_subentry

pytestmark = pytest.mark.usefixtures("socket_enabled")


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """Use a writable configuration folder for the installer's profiles."""
    return hass_tmp_config_dir


async def test_broken_installer_profile_is_a_repair_issue(
    hass: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    setup_integration: MockConfigEntry,
) -> None:
    folder = Path(hass.config.path("safe_power/profiles"))
    folder.mkdir(parents=True)
    (folder / "my_detector.json").write_text('{"schema": 1, "id": "my_detector",', "utf-8")
    good = json.loads(
        (
            Path(__file__).parents[2] / "custom_components/safe_power/box/profiles/acrel_asj.json"
        ).read_text("utf-8")
    )
    good["id"] = "installer_relay"
    (folder / "installer_relay.json").write_text(json.dumps(good), "utf-8")

    assert await hass.config_entries.async_reload(setup_integration.entry_id)
    await hass.async_block_till_done()
    issue = issue_registry.async_get_issue("safe_power", "broken_profile_my_detector.json")
    assert issue is not None
    assert issue.translation_key == "broken_profile"
    assert "my_detector.json" in issue.translation_placeholders["error"]
    # The shipped profiles and the good installer profile keep working.
    assert hass.states.get("sensor.kitchen_box_phase_a_voltage").state != "unavailable"
    assert "installer_relay" in await async_get_profiles(hass)

    # Fixed file: the issue goes away at the next load.
    (folder / "my_detector.json").unlink()
    assert await hass.config_entries.async_reload(setup_integration.entry_id)
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue("safe_power", "broken_profile_my_detector.json") is None


async def test_rtu_over_tcp(hass: HomeAssistant) -> None:
    sim = SimulatedGateway(
        [SimulatedBox(unit_id=3, serial="SPRTU0003", phases=3, seed=3)], framer="rtu"
    )
    await sim.start()
    try:
        entry = MockConfigEntry(
            domain="safe_power",
            data={
                "transport": "rtu_over_tcp",
                "host": "127.0.0.1",
                "port": sim.port,
                "timeout": TIMEOUT,
            },
            subentries_data=[box_subentry(sim.boxes[3], "Serial server box")],
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        state = hass.states.get("sensor.serial_server_box_phase_b_voltage")
        assert state is not None
        assert float(state.state) == pytest.approx(round(sim.boxes[3].values["voltage_b"] or 0, 1))
        assert await hass.config_entries.async_unload(entry.entry_id)
    finally:
        await sim.stop()

"""The voltage qualification rate, per day and per month, kept through reloads and restarts.

Through the simulator's single-phase box, the frozen clock (telemetry every 15 s), the entry
reloaded, and a restart from what the Store kept.
"""

from __future__ import annotations

from datetime import datetime
import itertools
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.safe_power.const import CONF_NOMINAL_VOLTAGE
from safe_power_tools.simulator import SimulatedGateway

from .conftest import advance, box_subentry

DAY = "sensor.kitchen_box_voltage_qualification_rate"
MONTH = "sensor.kitchen_box_voltage_qualification_rate_this_month"
_TICK = itertools.count()


async def _poll(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, gw: SimulatedGateway, volts: float
) -> None:
    """Serve a phase A voltage and let one telemetry poll (15 s later) read it."""
    gw.boxes[1].values["voltage_a"] = volts + next(_TICK) % 2 / 10  # every poll a new reading
    await gw.push_box(1)
    await advance(hass, freezer, 15)


def _rate(hass: HomeAssistant, entity_id: str) -> float:
    return float(hass.states.get(entity_id).state)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_rates_survive_a_reload(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    for volts in (230.0, 230.0, 250.0, 230.0, 230.0):  # 250 V: above 220 V + 7 %
        await _poll(hass, freezer, gateway, volts)
    day, month = _rate(hass, DAY), _rate(hass, MONTH)
    assert 60 <= day < 100  # one sample of four intervals out of limits
    assert day == month
    assert await hass.config_entries.async_reload(setup_integration.entry_id)
    await hass.async_block_till_done()
    await _poll(hass, freezer, gateway, 230.0)
    assert _rate(hass, DAY) >= day  # counted on from where it was, not unknown


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_rates_survive_a_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """What the Store kept: today half of an hour within limits, the month 90 % of ten hours."""
    now = dt_util.now()
    hass_storage["safe_power.quality"] = {
        "version": 1,
        "key": "safe_power.quality",
        "data": {
            "boxes": {
                "SP1P0001": {
                    "day": [now.date().isoformat(), 3600.0, 1800.0],
                    "month": [now.strftime("%Y-%m"), 36000.0, 32400.0],
                    "last": [now.isoformat(), True],
                }
            }
        },
    }
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert _rate(hass, DAY) == 50.0
    assert _rate(hass, MONTH) == 90.0


# The first interval is the set-up's reading (about 230 V); then two of 240 V.
@pytest.mark.parametrize(("nominal", "expected"), [(None, 33.33), ("230", 100.0)])
async def test_nominal_voltage_of_the_box(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    nominal: str | None,
    expected: float,
) -> None:
    """240 V is out of limits on a 220/380 V supply, within them on a 230/400 V one."""
    details = {} if nominal is None else {CONF_NOMINAL_VOLTAGE: nominal}
    entry = MockConfigEntry(
        domain="safe_power",
        title="gw",
        data={"transport": "tcp", "host": "127.0.0.1", "port": gateway.port, "timeout": 1.0},
        subentries_data=[box_subentry(gateway.boxes[1], "Kitchen box", **details)],
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    for _ in range(3):
        await _poll(hass, freezer, gateway, 240.0)
    assert _rate(hass, DAY) == expected


async def test_a_new_day_counts_from_midnight(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    """Across midnight with the frozen clock: the new day counts from midnight on, its own."""
    local = dt_util.as_local(dt_util.utcnow())
    freezer.move_to(datetime(local.year, local.month, local.day, 23, 59, 20, tzinfo=local.tzinfo))
    for _ in range(4):  # 23:59:35 … 00:00:20
        await _poll(hass, freezer, gateway, 230.0)
    today = dt_util.now()
    assert today.hour == 0
    assert 0 < _rate(hass, DAY) == 100.0

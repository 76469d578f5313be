"""`safe_power.report` against the recorder: figures from known long-term statistics.

A day in Shanghai is given to the recorder as the statistics the kitchen box's sensors would
have made (hourly energy, the hour's highest power, the qualification rate, the unbalance);
the report's totals, peak/flat/valley split, maximum demand and rate must be exactly those.
The alarms come from the register, through a real overload of the simulated box.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder.models import StatisticMeanType
from homeassistant.components.recorder.statistics import async_import_statistics
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.safe_power.const import DOMAIN
from custom_components.safe_power.fleet import async_get_fleet
from custom_components.safe_power.panel_settings import async_get_panel_settings
from safe_power_tools.simulator import SimulatedGateway

from .conftest import advance

pytestmark = pytest.mark.usefixtures("socket_enabled")


@pytest.fixture
def mock_recorder_before_hass(async_setup_recorder_instance: Any) -> None:
    """Ready the recorder before Home Assistant starts (what `recorder_mock` needs)."""


SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 20)
# kWh drawn in each local hour 0..23, and the hour's highest power in W.
ENERGY = [1.0 + h / 10 for h in range(24)]
POWER = [1000.0 * (2 + (h % 12)) for h in range(24)]
VALLEY = [*range(7), 23]  # the default schedule: 23:00-07:00
FLAT = [7, *range(11, 18)]
PEAK = [*range(8, 11), *range(18, 23)]


def _hour(h: int) -> datetime:
    return datetime.combine(DAY, datetime.min.time(), SHANGHAI) + timedelta(hours=h)


def _entity(hass: HomeAssistant, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, f"SP1P0001_{key}")
    assert entity_id is not None, key
    return entity_id


def _meta(statistic_id: str, unit: str, *, total: bool) -> Any:
    return {
        "mean_type": StatisticMeanType.NONE if total else StatisticMeanType.ARITHMETIC,
        "has_sum": total,
        "name": None,
        "source": "recorder",
        "statistic_id": statistic_id,
        "unit_class": None,
        "unit_of_measurement": unit,
    }


@pytest.fixture
async def web(hass: HomeAssistant) -> None:
    """The web server, before the integration (it registers its view of the files)."""
    assert await async_setup_component(hass, "http", {})


async def _import_day(hass: HomeAssistant) -> None:
    """The kitchen box's day, as its sensors' long-term statistics."""
    total = 0.0
    energy = [{"start": _hour(-1), "state": 1000.0, "sum": 0.0}]
    for h, kwh in enumerate(ENERGY):
        total += kwh
        energy.append({"start": _hour(h), "state": 1000.0 + total, "sum": total})
    async_import_statistics(hass, _meta(_entity(hass, "energy"), "kWh", total=True), energy)
    power = [{"start": _hour(h), "mean": w / 2, "min": 0.0, "max": w} for h, w in enumerate(POWER)]
    async_import_statistics(hass, _meta(_entity(hass, "active_power"), "W", total=False), power)
    # The rate restarts at midnight: the day's last hour holds the day's figure.
    rate = [
        {"start": _hour(h), "mean": 100.0 - h / 10, "min": 90.0, "max": 100.0} for h in range(24)
    ]
    async_import_statistics(
        hass, _meta(_entity(hass, "voltage_qualification_rate"), "%", total=False), rate
    )
    await async_wait_recording_done(hass)


async def _report(hass: HomeAssistant, **data: Any) -> dict[str, Any]:
    answer = await hass.services.async_call(
        DOMAIN, "report", data, blocking=True, return_response=True
    )
    assert isinstance(answer, dict)
    return answer


async def test_a_day_from_the_recorders_statistics(
    recorder_mock: Any,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    await hass.config.async_set_time_zone("Asia/Shanghai")
    freezer.move_to(_hour(24 + 9))  # the next morning
    await _import_day(hass)

    report = await _report(hass, period="day", date=DAY.isoformat(), save=False)
    assert report["period"]["label"] == "2026-11-20"
    assert report["summary"]["energy"] == pytest.approx(sum(ENERGY))
    split = report["summary"]["by_period"]
    assert split["valley"] == pytest.approx(sum(ENERGY[h] for h in VALLEY))
    assert split["flat"] == pytest.approx(sum(ENERGY[h] for h in FLAT))
    assert split["peak"] == pytest.approx(sum(ENERGY[h] for h in PEAK))
    demand = report["summary"]["max_demand"]
    assert demand["kw"] == pytest.approx(max(POWER) / 1000)
    assert demand["at"] == _hour(POWER.index(max(POWER))).isoformat()
    [kitchen] = [b for b in report["quality"]["boxes"] if b["name"] == "Kitchen box"]
    assert kitchen["qualification_mean"] == pytest.approx(100.0 - 23 / 10)
    assert "files" not in report


async def test_the_sites_saved_schedule_splits_the_energy(
    recorder_mock: Any,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
) -> None:
    """The administrators' schedule (panel settings) is the report's default; a bad one is
    refused with a translated error."""
    await hass.config.async_set_time_zone("Asia/Shanghai")
    freezer.move_to(_hour(24 + 9))
    await _import_day(hass)
    flat_then_peak = [{"start": "00:00", "period": "flat"}, {"start": "12:00", "period": "peak"}]
    async_get_panel_settings(hass).update([], {}, flat_then_peak)
    report = await _report(hass, period="day", date=DAY.isoformat(), save=False)
    split = report["summary"]["by_period"]
    assert split["flat"] == pytest.approx(sum(ENERGY[:12]))
    assert split["peak"] == pytest.approx(sum(ENERGY[12:]))
    with pytest.raises(ServiceValidationError) as err:
        await _report(hass, period="day", tariff=[{"start": "25:00", "period": "peak"}])
    assert err.value.translation_key == "report_bad_tariff"


async def test_saved_files_and_their_link(
    recorder_mock: Any,
    hass: HomeAssistant,
    web: None,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    hass_client_no_auth: Any,
    hass_client: Any,
) -> None:
    await hass.config.async_set_time_zone("Asia/Shanghai")
    client, anonymous = await hass_client(), await hass_client_no_auth()  # the web server
    gateway.boxes[1].set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    await advance(hass, freezer, 2)

    report = await _report(hass, period="month", language="zh")
    assert report["alarms"]["total"] >= 1
    assert {c["key"] for c in report["alarms"]["by_cause"]} >= {"overcurrent"}
    files = report["files"]
    folder = Path(hass.config.path("safe_power/reports"))
    html = next(folder.glob("*.html")).read_text(encoding="utf-8")
    assert "安全用电报告" in html
    assert "Kitchen box" in html
    assert next(folder.glob("*.csv")).read_bytes().startswith(b"\xef\xbb\xbf")  # Excel's BOM
    # The signed link opens without a login (a notification carries it); others do not.
    assert "authSig=" in files["html"]
    assert (await anonymous.get(files["html"])).status == 200
    assert (await anonymous.get(files["html"].split("?")[0])).status == 401
    # Only the saved reports: nothing else of the configuration folder.
    assert (await client.get("/api/safe_power/reports/..%2Fsecrets.yaml")).status in (400, 404)
    assert (await client.get("/api/safe_power/reports/secrets.yaml")).status == 404
    assert (await client.get(files["csv"].split("?")[0])).status == 200


async def test_bad_requests(
    recorder_mock: Any, hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await _report(hass, period="custom", start="2026-11-20T00:00:00")
    assert err.value.translation_key == "report_custom_period"
    with pytest.raises(ServiceValidationError) as err:
        await _report(hass, period="day", device_id=["nope"])
    assert err.value.translation_key == "unknown_box"


async def test_a_user_given_areas_gets_their_boxes_only(
    recorder_mock: Any,
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    hass_read_only_user: Any,
) -> None:
    """The panel's areas for a user bound the report they make, whatever they ask for."""
    kitchen = ar.async_get(hass).async_create("Kitchen")
    dr.async_get(hass).async_update_device(
        async_get_fleet(hass).boxes["SP1P0001"].device_id, area_id=kitchen.id
    )
    async_get_panel_settings(hass).update([], {hass_read_only_user.id: [kitchen.id]})
    mine = await hass.services.async_call(
        DOMAIN,
        "report",
        {"period": "day", "save": False},
        blocking=True,
        return_response=True,
        context=Context(user_id=hass_read_only_user.id),
    )
    assert mine["scope"]["boxes"] == 1
    everything = await _report(hass, period="day", save=False)
    assert everything["scope"]["boxes"] == 2

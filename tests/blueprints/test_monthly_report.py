"""The monthly report blueprint: last month's report on the first, its summary to the phone.

The report itself (figures, files, links) is tested in tests/integration/test_report.py; here
the policy: when it runs, for which month, and what the message says in both languages.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from .conftest import (
    BLUEPRINTS,
    REPO,
    Notifications,
    Site,
    load_blueprint,
    settle,
    settle_until,
    use_blueprint,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")


@pytest.fixture
def mock_recorder_before_hass(async_setup_recorder_instance: Any) -> None:
    """Ready the recorder before Home Assistant starts: the report reads its statistics."""


@pytest.mark.usefixtures("automations_off")
@pytest.mark.parametrize(
    ("language", "title", "lines"),
    [
        (
            "en",
            "📊 Safe Power monthly report · 2026-11",
            ["Energy 0.0 kWh (peak 0.0, flat 0.0, valley 0.0)", "0 alarms, 0 still open"],
        ),
        (
            "zh",
            "📊 安全用电月报 · 2026-11",
            ["用电量 0.0 kWh（峰 0.0，平 0.0，谷 0.0）", "报警 0 次，未恢复 0 次"],
        ),
    ],
)
async def test_last_month_on_the_first(
    recorder_mock: Any,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    site: Site,
    notify: Notifications,
    phone: str,
    language: str,
    title: str,
    lines: list[str],
) -> None:
    del site
    await use_blueprint(hass, "monthly_report", {"mobile_devices": [phone], "language": language})
    tz = dt_util.get_default_time_zone()
    for day in (30, 31):  # 8:00 on the 30th of November, then on the 1st of December
        at = datetime(2026, 11, 1, 8, 0, 1, tzinfo=tz) + timedelta(days=day - 1)
        freezer.move_to(at)
        async_fire_time_changed(hass, at)
        await settle(hass)
        if day == 30:
            assert notify.phone == []  # not the first of the month
    await settle_until(hass, lambda: notify.phone and notify.persistent, "the report sent")
    [call] = notify.phone
    assert call.data["title"] == title
    assert call.data["message"].splitlines() == lines  # no web server here: no link
    [persistent] = notify.persistent
    assert persistent.data["title"] == title


def test_valid_and_documented() -> None:
    blueprint = load_blueprint("monthly_report")
    assert blueprint.validate() is None
    inputs: dict[str, Any] = {}
    for section in blueprint.metadata["input"].values():
        inputs.update(section["input"])
    assert "bound_clients" not in inputs  # a tenant is not sent the building's report
    assert [key for key, spec in inputs.items() if "default" not in spec] == []
    text = (BLUEPRINTS / "monthly_report.yaml").read_text(encoding="utf-8")
    doc = (REPO / "docs" / "blueprints.md").read_text(encoding="utf-8")
    assert "monthly_report.yaml)" in doc
    for key in inputs:
        assert f"!input {key}" in text, key
        assert f"`{key}`" in doc, key

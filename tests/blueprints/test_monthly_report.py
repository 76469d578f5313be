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
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from .conftest import (
    BLUEPRINTS,
    REPO,
    Notifications,
    Site,
    load_blueprint,
    settle_until,
    step,
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
            [
                "Energy 0.0 kWh (peak 0.0, flat 0.0, valley 0.0)",
                "0 alarms, 0 still open",
                "The full report (prints on A4): ",
            ],
        ),
        (
            "zh",
            "📊 安全用电月报 · 2026-11",
            [
                "用电量 0.0 kWh（峰 0.0，平 0.0，谷 0.0）",
                "报警 0 次，未恢复 0 次",
                "完整报表（A4 可打印）：",
            ],
        ),
    ],
)
async def test_last_month_on_the_first(
    recorder_mock: Any,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_ws_client: WebSocketGenerator,
    site: Site,
    notify: Notifications,
    phone: str,
    language: str,
    title: str,
    lines: list[str],
) -> None:
    del site
    tz = dt_util.get_default_time_zone()
    # The trigger's timer is set from the frozen clock when the automation starts: start at a
    # fixed moment (not today's), then move on the loop's clock (`step`), as the harness fires
    # timers. async_fire_time_changed compared the target with the real time instead, and
    # missed the 8:00 timer whenever the set-up had taken more than about a second.
    ws = await hass_ws_client(hass)  # signed in now: its token is not valid before
    freezer.move_to(datetime(2026, 11, 29, 9, 0, 0, tzinfo=tz))
    await use_blueprint(hass, "monthly_report", {"mobile_devices": [phone], "language": language})
    day = timedelta(days=1)
    await step(hass, freezer, (day - timedelta(minutes=59, seconds=59)).total_seconds())
    assert dt_util.now() == datetime(2026, 11, 30, 8, 0, 1, tzinfo=tz)
    # The trigger ran at 8:00 and the condition stopped it (the automation's trace says so):
    # not the first of the month.
    await ws.send_json({"id": 1, "type": "trace/list", "domain": "automation"})
    traces = (await ws.receive_json())["result"]
    assert [trace["script_execution"] for trace in traces] == ["failed_conditions"]
    assert notify.phone == []
    await step(hass, freezer, day.total_seconds())
    assert dt_util.now().day == 1
    await settle_until(hass, lambda: notify.phone and notify.persistent, "the report sent")
    [call] = notify.phone
    assert call.data["title"] == title
    *summary, link = call.data["message"].splitlines()
    assert summary == lines[:-1]
    page = f"/api/safe_power/reports/safe-power-month-2026-11-{language}.html?authSig="
    assert link.startswith(lines[-1] + page)  # signed for a week (the web server runs here)
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

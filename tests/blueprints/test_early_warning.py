"""The early-warning blueprint: a daily digest of the boxes heading for their setting.

The kitchen box's leakage has crept from 80 to 260 mA over five days (its history is given to
the integration as its week of samples; the MQTT test takes the same scenario through a real
broker); the other boxes are steady.
"""

from __future__ import annotations

from datetime import timedelta
import re
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest

from custom_components.safe_power.fleet import async_get_fleet

from .conftest import (
    BLUEPRINTS,
    REPO,
    Notifications,
    Site,
    load_blueprint,
    settle,
    titles,
    use_blueprint,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _creeping_kitchen(hass: HomeAssistant) -> None:
    box = async_get_fleet(hass).boxes["SP1P0001"]
    now = dt_util.utcnow()
    step = timedelta(minutes=15)
    box.coarse.clear()
    for i in range(5 * 96 + 1):
        leakage = 80.0 + 180.0 * i / (5 * 96)
        box.coarse.append((now - (5 * 96 - i) * step, {"leakage_current": leakage}))


async def _run(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call("automation", "trigger", {"entity_id": entity_id})
    await settle(hass)


@pytest.mark.parametrize(
    ("language", "title", "line"),
    [
        (
            "en",
            "⚠️ Early warning: 1 box heading for a setting within 14 days",
            (
                r"Kitchen box \(Kitchen · B2 floor, staff kitchen\): leakage 260 mA, "
                r"rising 36(\.0)? mA a day: the 300 mA setting in about 1\.1 days "
                r"\(ageing or damp insulation\)"
            ),
        ),
        (
            "zh",
            "⚠️ 早期预警：1 个配电箱将在 14 天内达到报警值",
            (
                r"Kitchen box（Kitchen · B2 floor, staff kitchen）：剩余电流 260 mA，"
                r"每天上升 36(\.0)? mA，约 1\.1 天后达到报警值 300 mA（绝缘可能老化或受潮）"
            ),
        ),
    ],
)
@pytest.mark.usefixtures("automations_off")
async def test_a_digest_names_the_box_the_trend_and_the_days_left(
    hass: HomeAssistant,
    site: Site,
    notify: Notifications,
    phone: str,
    language: str,
    title: str,
    line: str,
) -> None:
    del site
    automation = await use_blueprint(
        hass, "early_warning", {"mobile_devices": [phone], "language": language}
    )
    await _run(hass, automation)
    assert notify.phone == []  # nobody heading anywhere yet: no message at all

    _creeping_kitchen(hass)
    await _run(hass, automation)
    [call] = notify.phone
    assert call.data["title"] == title
    assert re.search(line, call.data["message"]), call.data["message"]
    assert len(call.data["message"].splitlines()) == 2  # the box, then the advice
    # The kitchen's bound client hears of its own box; the others' clients of nothing.
    [client] = notify.kitchen_client
    assert re.fullmatch(line, client.data["message"]), client.data["message"]
    assert notify.shaft_client == notify.boiler_client == []
    [persistent] = notify.persistent
    assert persistent.data["notification_id"] == "safe_power_early_warning"


@pytest.mark.usefixtures("automations_off")
async def test_only_the_chosen_boxes_and_horizon(
    hass: HomeAssistant, site: Site, notify: Notifications, phone: str
) -> None:
    _creeping_kitchen(hass)
    automation = await use_blueprint(
        hass,
        "early_warning",
        {"mobile_devices": [phone], "boxes": [site.shaft, site.boiler], "within_days": 30},
    )
    await _run(hass, automation)
    assert notify.phone == []  # the kitchen is not among the chosen boxes
    short = await use_blueprint(
        hass, "early_warning", {"mobile_devices": [phone], "within_days": 1}
    )
    await _run(hass, short)
    assert titles(notify.phone) == []  # 1.1 days: beyond the horizon


def test_valid_and_documented() -> None:
    """A valid blueprint, every input optional, used and in docs/blueprints.md."""
    blueprint = load_blueprint("early_warning")
    assert blueprint.validate() is None
    inputs: dict[str, Any] = {}
    for section in blueprint.metadata["input"].values():
        inputs.update(section["input"])
    assert [key for key, spec in inputs.items() if "default" not in spec] == []
    text = (BLUEPRINTS / "early_warning.yaml").read_text(encoding="utf-8")
    for key in inputs:
        assert f"!input {key}" in text, key
    doc = (REPO / "docs" / "blueprints.md").read_text(encoding="utf-8")
    assert "early_warning.yaml)" in doc
    for key in inputs:
        assert f"`{key}`" in doc, key

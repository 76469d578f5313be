"""A box's history is prepared for diagnosis once for the alarms it raises together."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any, cast
from unittest.mock import patch

from homeassistant.core import HomeAssistant

from custom_components.safe_power import fleet as fleet_module
from custom_components.safe_power.box.diagnosis import diagnose
from custom_components.safe_power.box.history import Packed, pack
from custom_components.safe_power.box.model import AlarmCause
from custom_components.safe_power.fleet import PREPARED_KEPT, Fleet, FleetBox
from custom_components.safe_power.hub import SafePowerHub
from tests.box.test_diagnosis import MINUTE, week

SETTINGS = {"overcurrent_threshold": 80.0}


def _fleet_with_boxes(hass: HomeAssistant, count: int) -> Fleet:
    """A fleet with boxes that each have a week of history (an overload at the end)."""
    fleet = Fleet(hass)
    history = week(overload=True)
    for n in range(count):
        serial = f"SP{n}"
        reading = SimpleNamespace(settings=SETTINGS)
        hub = SimpleNamespace(data={serial: SimpleNamespace(reading=reading)})
        box = FleetBox(serial, cast("SafePowerHub", hub), serial, f"device_{n}")
        for when, values in history:
            box.add_sample(when, values)
        fleet.boxes[serial] = box
    return fleet


async def test_two_alarms_of_a_box_prepare_its_history_once(hass: HomeAssistant) -> None:
    fleet = _fleet_with_boxes(hass, PREPARED_KEPT + 1)
    box = fleet.boxes["SP0"]
    with patch.object(fleet_module, "prepare", wraps=fleet_module.prepare) as prepared:
        overcurrent = fleet.diagnose("SP0", AlarmCause.OVERCURRENT)
        hot = fleet.diagnose("SP0", AlarmCause.CABLE_OVER_TEMPERATURE)
        assert prepared.call_count == 1
        # The very diagnoses a fresh look at the history gives.
        for cause, found in (
            (AlarmCause.OVERCURRENT, overcurrent),
            (AlarmCause.CABLE_OVER_TEMPERATURE, hot),
        ):
            assert found == diagnose(box.history(), cause=cause, settings=SETTINGS)
        assert [d.rule for d in overcurrent][:1] == ["overload"]

        # A new sample: the history moved, it is prepared again.
        last, values = box.history()[-1]
        box.add_sample(last + MINUTE, dict(values))
        fleet.diagnose("SP0", AlarmCause.OVERCURRENT)
        assert prepared.call_count == 2
        fleet.diagnose("SP0", AlarmCause.LEAKAGE)
        assert prepared.call_count == 2

        # Other boxes' alarms push it out; a few boxes are kept, not the whole fleet's.
        for n in range(1, PREPARED_KEPT + 1):
            fleet.diagnose(f"SP{n}", AlarmCause.OVERCURRENT)
        assert prepared.call_count == 2 + PREPARED_KEPT
        fleet.diagnose("SP0", AlarmCause.OVERCURRENT)
        assert prepared.call_count == 3 + PREPARED_KEPT

        # Nothing is kept past the turn of the event loop it was prepared in.
        await asyncio.sleep(0)
        fleet.diagnose("SP0", AlarmCause.OVERCURRENT)
        assert prepared.call_count == 4 + PREPARED_KEPT


async def test_nothing_is_kept_after_a_storm(hass: HomeAssistant) -> None:
    fleet = _fleet_with_boxes(hass, 1)
    fleet.diagnose("SP0", AlarmCause.OVERCURRENT)
    kept: dict[str, Any] = fleet._prepared
    assert list(kept) == ["SP0"]
    await asyncio.sleep(0)
    assert kept == {}


def test_packed_items_are_the_mapping_s_items() -> None:
    """The one-pass view diagnose reads is the mapping's own, as a view of it too."""
    values = pack({"current_a": 12.5, "leakage_current": 0.0, "voltage_c": 230.0})
    assert values is not None
    sample = Packed(values)
    items = sample.items()
    assert list(items) == [(k, sample[k]) for k in sample]
    assert list(items) == [("voltage_c", 230.0), ("current_a", 12.5), ("leakage_current", 0.0)]
    assert len(items) == 3
    assert ("current_a", 12.5) in items
    assert ("current_a", 1.0) not in items
    assert ("current_b", 12.5) not in items
    assert items == dict(sample).items()

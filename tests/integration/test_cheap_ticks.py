"""An alarm-lane tick costs work only for what it changed (issue 12, "cheap ticks").

Each entity listens to the hub with its box and the value it shows (`EntityWatch`): the hub
calls it only when that value or its box's status moved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.safe_power.box.trend import CABLES
from custom_components.safe_power.hub import EVERY, STATUS, EntityWatch, Routes, SafePowerHub
from custom_components.safe_power.sensor import SafePowerTrendSensor
from safe_power_tools.simulator import SimulatedGateway

from .conftest import advance

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _count_calls(hub: SafePowerHub) -> Counter[EntityWatch | None]:
    """Count the hub's calls to its listeners, by what each listens for."""
    calls: Counter[EntityWatch | None] = Counter()

    def counted(callback: Callable[[], None], context: object) -> Callable[[], None]:
        def call() -> None:
            calls[context if isinstance(context, EntityWatch) else None] += 1
            callback()

        return call

    for remove, (callback, context) in list(hub._listeners.items()):
        hub._listeners[remove] = (counted(callback, context), context)
    hub._routes = None  # routed through the counting ones from now on
    return calls


async def test_a_tick_calls_only_the_entities_whose_value_moved(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    hub: SafePowerHub = setup_integration.runtime_data
    await advance(hass, freezer, 2)
    watched = [c for _, c in hub._listeners.values() if isinstance(c, EntityWatch)]
    # Every enabled entity of both boxes (those of the boxes' subentries) listens with its box
    # and value.
    registry = er.async_get(hass)
    enabled = [
        entry
        for entry in er.async_entries_for_config_entry(registry, setup_integration.entry_id)
        if entry.config_subentry_id is not None and not entry.disabled
    ]
    assert len(watched) == len(enabled) > 40
    calls = _count_calls(hub)

    # An alarm-lane tick that read the same bits: the data did not change, so no listener at
    # all is called (the coordinator's always_update=False), though both boxes were read.
    requests = sum(gateway.requests.values())
    await advance(hass, freezer, 2)
    assert sum(gateway.requests.values()) == requests + 2
    assert calls == Counter()

    # The kitchen box (unit 1) alarms: its entities hear of it, the other box's do not.
    kitchen = next(k for k, info in hub.boxes.items() if info.serial == "SP1P0001")
    gateway.boxes[1].set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    calls.clear()
    seen: list[dict[str, frozenset[str] | None]] = []
    remove = hub.async_add_listener(lambda: seen.append(dict(hub.changed)))
    await advance(hass, freezer, 2)
    remove()
    # Handed over the moment its bits were read: its status moved, the other box's did not.
    assert seen[0][kitchen] is None
    assert all(changed[other] is not None for changed in seen for other in set(changed) - {kitchen})
    # (The early-warning trends look at every update: they move with the history.)
    called = {c for c in calls if c is not None and c.value != EVERY}
    assert {c.box for c in called} == {kitchen}
    assert called == {c for c in watched if c.box == kitchen and c.value != EVERY}
    assert sum(1 for c in watched if c.value == EVERY) == 4  # 2 early warnings a box enabled

    # A telemetry read: the values that moved, and no one else.
    calls.clear()
    await advance(hass, freezer, 16)
    moved = {k: v for k, v in hub.changed.items() if v}
    assert moved  # currents, temperatures, power, energy moved
    for context in calls:
        if context is not None:
            assert context.value in {*moved.get(context.box, ()), STATUS, EVERY}


async def test_the_routes_follow_listeners_that_come_and_go(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    """A listener removed is not called again; one added in its place (same count) is."""
    hub: SafePowerHub = setup_integration.runtime_data
    heard: Counter[str] = Counter()
    remove_one = hub.async_add_listener(lambda: heard.update(["one"]))
    gateway.boxes[1].set_scenario("overload")
    gateway.tick(1)
    await advance(hass, freezer, 16)
    assert heard["one"] >= 1
    count = len(hub._listeners)

    remove_one()
    remove_two = hub.async_add_listener(lambda: heard.update(["two"]))
    assert len(hub._listeners) == count  # as many listeners as before, another one
    heard.clear()
    gateway.boxes[1].set_scenario("normal")
    gateway.tick(1)
    await advance(hass, freezer, 16)
    assert heard["one"] == 0
    assert heard["two"] >= 1
    remove_two()


def test_routes_reach_only_whom_an_update_concerns() -> None:
    """By box and value: a moved value, a moved status, a box the update does not name."""
    called: list[str] = []

    def listener(name: str) -> Callable[[], None]:
        return lambda: called.append(name)

    routes = Routes(
        [
            (listener("a_voltage"), EntityWatch("a", "voltage_a")),
            (listener("a_status"), EntityWatch("a", STATUS)),
            (listener("a_trend"), EntityWatch("a", EVERY)),
            (listener("b_voltage"), EntityWatch("b", "voltage_a")),
            (listener("register"), None),
        ]
    )

    def concerned(changed: dict[str, frozenset[str] | None]) -> set[str]:
        called.clear()
        for update_callback in routes.concerned(changed):
            update_callback()
        return set(called)

    everyone = {"a_voltage", "a_status", "a_trend", "b_voltage", "register"}
    assert concerned({}) == everyone  # first update, or the hub's availability moved
    assert concerned({"a": frozenset(), "b": frozenset()}) == {"a_trend", "register"}
    assert concerned({"a": frozenset({"voltage_a"}), "b": frozenset()}) == {
        "a_voltage",
        "a_trend",
        "register",
    }
    assert concerned({"a": None, "b": frozenset({"current_a"})}) == {
        "a_voltage",
        "a_status",
        "a_trend",
        "register",
    }
    assert concerned({"a": frozenset()}) == {"a_trend", "register", "b_voltage"}  # b unnamed


async def test_an_early_warning_looks_again_only_when_its_inputs_or_history_moved(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    """The margin and the days to the limit hear of every update but work only on their own.

    The margin reads the cable temperatures and the cable setting, the days the leakage
    setting; both read the week's history, which moves with a coarse sample (15 minutes).
    """
    looked: Counter[str] = Counter()
    shown = SafePowerTrendSensor.shown

    def counting(self: SafePowerTrendSensor) -> object:
        looked[f"{self.key}/{self.entity_description.key}"] += 1
        return shown(self)

    monkeypatch.setattr(SafePowerTrendSensor, "shown", counting)
    hub: SafePowerHub = setup_integration.runtime_data
    shaft = next(k for k, info in hub.boxes.items() if info.serial == "SP3P0002")
    await advance(hass, freezer, 16)  # a telemetry read after the first coarse sample

    # Alarm-lane ticks that moved nothing: no early warning works anything out.
    looked.clear()
    await advance(hass, freezer, 2)
    await advance(hass, freezer, 2)
    assert looked == Counter()

    # A cable of the shaft box heats up: its margin is worked out and shown, nothing else.
    box = gateway.boxes[2]
    box.values["cable_temperature_b"] = 61.5
    await gateway.push()
    await advance(hass, freezer, 15)
    assert looked[f"{shaft}/cable_temperature_margin"] >= 1
    assert not any(k.endswith("leakage_days_to_limit") for k in looked)
    setting = hub.data[shaft].reading.settings["cable_temperature_threshold"]
    hottest = max(v for k, v in hub.data[shaft].values.items() if k in CABLES)
    assert hottest == 61.5
    state = hass.states.get("sensor.b2_east_shaft_box_3_cable_temperature_margin")
    assert float(state.state) == pytest.approx(setting - 61.5)

    # A quarter of an hour on, the week's history has a new sample: both look again.
    looked.clear()
    await advance(hass, freezer, 900)
    assert any(k.endswith("leakage_days_to_limit") for k in looked)

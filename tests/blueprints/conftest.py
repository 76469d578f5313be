"""Fixtures for the blueprint tests: the simulated gateway of tests/integration, placed boxes.

The boxes, the set-up and the frozen clock come from tests/integration/conftest.py (importing
that module also configures freezegun the way those fixtures need). Here a third box joins the
two, the three get coordinates 20 m apart in a row on one floor and a bound client each, so the
correlation actions have neighbours to find (and an online one to warn), and the repository's
blueprints are copied into a writable config dir.

The blueprints hear the alarm register's `safe_power_alarm` events. Most tests let the
simulated boxes raise real alarms; `alarm()` builds an event's data as the register fires it
(docs/alarms.md) for what is clearer to state directly (every cause's wording, a late alarm,
a hundred alarms at once).

Time: `step()` moves the frozen clock and fires what falls due, like `advance()`, but waits
with `settle()`: it settles before it moves the clock (a refresh the coordinator started on its
own, its interval runs on the loop's real clock, must not be in flight when the clock moves, or
the poll due then is skipped), and it picks the timers due on the loop's clock alone
(`fire_due`), not through `async_fire_time_changed`, whose look-ahead depends on the wall clock.
The register's timer wakes at least every 30 s: step it in 30 s steps.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
import logging
from pathlib import Path
import shutil
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint import Blueprint, BlueprintInputs
from homeassistant.const import EVENT_CALL_SERVICE
from homeassistant.core import Context, Event, HomeAssistant, ServiceCall, callback
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
)
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util, yaml as yaml_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.safe_power.const import (
    CONF_FLOOR,
    CONF_LOCATION,
    CONF_TIMEOUT,
    CONF_TRANSPORT,
    CONF_X,
    CONF_Y,
    DOMAIN,
)
from safe_power_tools.simulator import SimulatedBox, SimulatedGateway
from tests.integration.conftest import (  # noqa: F401  (fixtures, used by name)
    TIMEOUT,
    auto_enable_custom_integrations,
    box_subentry,
    fire_due,
    make_boxes,
    setup_integration,
)

REPO = Path(__file__).resolve().parents[2]
BLUEPRINTS = REPO / "blueprints" / "automation" / "safe_power"
NAMES = (
    "overload",
    "over_temperature",
    "leakage",
    "supply",
    "device_fault",
    "neighbour_correlation",
    "offline",
)
# Not on the register's events: a daily digest (tests/blueprints/test_early_warning.py).
DIGESTS = ("early_warning", "monthly_report")

KITCHEN = "Kitchen box"
SHAFT = "B2 east shaft box 3"
BOILER = "Boiler room box"
PHONE = "mobile_app_duty_phone"  # the user's phone (the blueprint's mobile app device)
KITCHEN_CLIENT = "mobile_app_kitchen_tablet"  # the kitchen box's bound client
SHAFT_CLIENT = "mobile_app_shaft_caretaker"  # the shaft box's bound client
BOILER_CLIENT = "mobile_app_boiler_room"  # the boiler room box's bound client


@pytest.fixture(autouse=True)
def no_errors_in_runs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail a test whose automation runs logged an error (a template, a missing action...)."""
    yield
    errors = [
        record.getMessage()
        for record in caplog.get_records("call")
        if record.levelno >= logging.ERROR
        and record.name.startswith(
            ("homeassistant.components.automation", "homeassistant.helpers.script")
        )
    ]
    assert not errors, errors


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """A writable config dir: the automation set-up copies example blueprints into it."""
    return hass_tmp_config_dir


@pytest.fixture
async def gateway(socket_enabled: None) -> AsyncIterator[SimulatedGateway]:
    """The gateway of tests/integration with a third box: a single-phase one at unit 3."""
    sim = SimulatedGateway(
        [*make_boxes(), SimulatedBox(unit_id=3, serial="SP1P0003", phases=1, seed=3)],
        host="127.0.0.1",
        port=0,
    )
    await sim.start()
    yield sim
    await sim.stop()


@pytest.fixture
def bound_clients() -> dict[str, list[str]]:
    """Each box's bound clients (notify targets), by box name: one notify action each."""
    return {
        KITCHEN: [f"notify.{KITCHEN_CLIENT}"],
        SHAFT: [f"notify.{SHAFT_CLIENT}"],
        BOILER: [f"notify.{BOILER_CLIENT}"],
    }


@pytest.fixture
def config_entry(gateway: SimulatedGateway, bound_clients: dict[str, list[str]]) -> MockConfigEntry:
    """Three boxes on floor -2 of one building, 20 m apart in a row, each with a bound client."""
    one, three, boiler = gateway.boxes[1], gateway.boxes[2], gateway.boxes[3]
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"127.0.0.1:{gateway.port}",
        data={
            CONF_TRANSPORT: "tcp",
            "host": "127.0.0.1",
            "port": gateway.port,
            CONF_TIMEOUT: TIMEOUT,
        },
        options={"telemetry_interval": 15, "alarm_interval": 2},
        subentries_data=[
            box_subentry(
                one,
                KITCHEN,
                **{
                    CONF_LOCATION: "B2 floor, staff kitchen",
                    CONF_X: 12.5,
                    CONF_Y: 20.0,
                    CONF_FLOOR: -2,
                    "notify_targets": bound_clients[KITCHEN],
                },
            ),
            box_subentry(
                three,
                SHAFT,
                **{
                    CONF_LOCATION: "B2 floor, east shaft",
                    CONF_X: 12.5,
                    CONF_Y: 40.0,
                    CONF_FLOOR: -2,
                    "notify_targets": bound_clients[SHAFT],
                },
            ),
            box_subentry(
                boiler,
                BOILER,
                **{
                    CONF_LOCATION: "B2 floor, boiler room",
                    CONF_X: 12.5,
                    CONF_Y: 60.0,
                    CONF_FLOOR: -2,
                    "notify_targets": bound_clients[BOILER],
                },
            ),
        ],
    )


def load_blueprint(name: str) -> Blueprint:
    """Load a repository blueprint with Home Assistant's own automation blueprint schema."""
    path = BLUEPRINTS / f"{name}.yaml"
    data = yaml_util.load_yaml_dict(path)
    return Blueprint(
        data, expected_domain="automation", path=path.name, schema=AUTOMATION_BLUEPRINT_SCHEMA
    )


def substitute(name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """Return the automation config a blueprint renders with these inputs."""
    bp = load_blueprint(name)
    bi = BlueprintInputs(bp, {"use_blueprint": {"path": f"{name}.yaml", "input": inputs}})
    bi.validate()
    return dict(bi.async_substitute())


async def install_blueprints(hass: HomeAssistant) -> None:
    """Copy the repository's blueprints where Home Assistant looks for them."""
    dest = Path(hass.config.path("blueprints/automation/safe_power"))

    def _copy() -> None:
        dest.mkdir(parents=True, exist_ok=True)
        for name in NAMES + DIGESTS:
            shutil.copy(BLUEPRINTS / f"{name}.yaml", dest / f"{name}.yaml")

    await hass.async_add_executor_job(_copy)


async def use_blueprint(hass: HomeAssistant, name: str, inputs: dict[str, Any]) -> str:
    """Create an automation from a repository blueprint; return its entity id."""
    return (await use_blueprints(hass, {name: inputs}))[0]


def automation_config(automations: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Return the configuration of one automation per blueprint (name -> inputs)."""
    return {
        "automation": [
            {
                "id": f"safe_power_{name}",
                "alias": f"Safe Power {name}",
                "use_blueprint": {"path": f"safe_power/{name}.yaml", "input": inputs},
            }
            for name, inputs in automations.items()
        ]
    }


async def use_blueprints(hass: HomeAssistant, automations: dict[str, dict[str, Any]]) -> list[str]:
    """Create one automation per repository blueprint (name -> inputs); return their ids."""
    await install_blueprints(hass)
    config = automation_config(automations)
    assert await async_setup_component(hass, "automation", config)
    await hass.async_block_till_done()
    entity_ids = [f"automation.safe_power_{name}" for name in automations]
    for entity_id in entity_ids:
        state = hass.states.get(entity_id)
        assert state is not None, f"{entity_id} did not load"
        assert state.state == "on", f"{entity_id} is not valid"
    return entity_ids


async def reload_automations(hass: HomeAssistant, automations: dict[str, dict[str, Any]]) -> None:
    """Reload the automations (automation.reload) from the same configuration."""
    with patch(
        "homeassistant.config.load_yaml_config_file",
        return_value=automation_config(automations),
    ):
        await hass.services.async_call("automation", "reload", blocking=True)
    await settle(hass)


def device_id(hass: HomeAssistant, serial: str) -> str:
    """Return the device id of a box."""
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, serial), entry.entry_id)
    assert device is not None
    return device.id


class Notifications:
    """Mocked notify actions: the user's phone and the boxes' bound clients."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Register the mocked notify actions."""
        self.phone = async_mock_service(hass, "notify", PHONE)
        self.kitchen_client = async_mock_service(hass, "notify", KITCHEN_CLIENT)
        self.shaft_client = async_mock_service(hass, "notify", SHAFT_CLIENT)
        self.boiler_client = async_mock_service(hass, "notify", BOILER_CLIENT)
        self.persistent = async_mock_service(hass, "persistent_notification", "create")
        self.dismissed = async_mock_service(hass, "persistent_notification", "dismiss")

    def clear(self) -> None:
        """Forget what was sent so far."""
        for calls in (
            self.phone,
            self.kitchen_client,
            self.shaft_client,
            self.boiler_client,
            self.persistent,
            self.dismissed,
        ):
            calls.clear()


@pytest.fixture
async def automations_off(hass: HomeAssistant) -> AsyncIterator[None]:
    """Turn the automations off at the end: a digest's daily time trigger holds a timer."""
    yield
    await hass.services.async_call("automation", "turn_off", {"entity_id": "all"}, blocking=True)


@pytest.fixture
def phone(hass: HomeAssistant) -> str:
    """The user's phone: a mobile_app device named "Duty phone" (notify.mobile_app_duty_phone)."""
    entry = MockConfigEntry(domain="mobile_app", title="Duty phone")
    entry.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("mobile_app", "duty")}, name="Duty phone"
    )
    return device.id


@dataclass(frozen=True)
class Site:
    """The boxes' device ids, each placed in an area."""

    kitchen: str
    shaft: str
    boiler: str

    @property
    def all(self) -> list[str]:
        """Return every box."""
        return [self.kitchen, self.shaft, self.boiler]


@pytest.fixture
def site(hass: HomeAssistant, setup_integration: MockConfigEntry) -> Site:  # noqa: F811
    """The set-up boxes, in the areas Kitchen, Plant room and Boiler room."""
    areas = ar.async_get(hass)
    devices = dr.async_get(hass)
    ids = []
    for serial, area in (
        ("SP1P0001", "Kitchen"),
        ("SP3P0002", "Plant room"),
        ("SP1P0003", "Boiler room"),
    ):
        ids.append(device_id(hass, serial))
        devices.async_update_device(ids[-1], area_id=areas.async_create(area).id)
    return Site(*ids)


@pytest.fixture
def notify(hass: HomeAssistant) -> Notifications:
    """The mocked notify actions."""
    return Notifications(hass)


def actions_of(call: ServiceCall) -> dict[str, str]:
    """Return a notification's actions, title -> key."""
    return {a["title"]: a["action"] for a in call.data["data"].get("actions", [])}


def titles(calls: list[ServiceCall]) -> list[str]:
    """Return the titles of the notifications sent."""
    return [c.data["title"] for c in calls]


def tag_of(call: ServiceCall) -> str:
    """Return a phone notification's tag."""
    return str(call.data["data"]["tag"])


def hm(iso: str) -> str:
    """Format an ISO time as the blueprints' "since HH:MM": local hours and minutes."""
    moment = dt_util.parse_datetime(iso)
    assert moment is not None
    return dt_util.as_local(moment).strftime("%H:%M")


def alarm(kind: str = "raised", **data: Any) -> dict[str, Any]:
    """Return the data of a `safe_power_alarm` event as the register fires it.

    By default a detector's overcurrent alarm of the kitchen box, raised just now.
    """
    now = dt_util.utcnow().isoformat()
    event: dict[str, Any] = {
        "alarm_id": "a1b2c3d4e5f6",
        "serial": "SP1P0001",
        "device_id": None,
        "entry_id": None,
        "box": KITCHEN,
        "cause": "overcurrent",
        "origin": "device",
        "value": 94.4,
        "threshold": 63.0,
        "limit": "above",
        "unit": "A",
        "channel": "current_a",
        "time": now,
        "received": now,
        "clock": "read",
        "late": False,
        "area_id": "kitchen",
        "area": "Kitchen",
        "location": "B2 floor, staff kitchen",
        "latitude": None,
        "longitude": None,
        "x": 12.5,
        "y": 20.0,
        "floor": -2,
        "diagnosis": [],
        "notify_targets": [],
        "state": "active",
        "acknowledged": None,
        "cleared": None,
        "cleared_value": None,
        "power": [],
        "notifications": {"count": 1, "last": now, "level": 0},
        "type": kind,
        "level": 0,
        "age": 0,
    }
    event.update(data)
    return event


async def fire_alarm(hass: HomeAssistant, kind: str = "raised", **data: Any) -> dict[str, Any]:
    """Fire a `safe_power_alarm` event (see `alarm`) and let the automations handle it."""
    event = alarm(kind, **data)
    hass.bus.async_fire("safe_power_alarm", event)
    await settle(hass)
    return event


def num(value: float) -> str:
    """Format a reading as the blueprints do: one decimal, none for whole numbers."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def local_time(iso: str) -> str:
    """Format an ISO time as the blueprints do: local time to the second."""
    moment = dt_util.parse_datetime(iso)
    assert moment is not None
    return dt_util.as_local(moment).strftime("%Y-%m-%d %H:%M:%S")


def log_attributes(hass: HomeAssistant, box: str) -> dict[str, Any]:
    """Return the attributes of a box's alarm log (its latest event)."""
    state = hass.states.get(f"event.{box}_alarm_log")
    assert state is not None
    return dict(state.attributes)


def runs(hass: HomeAssistant, automation: str) -> int:
    """Return how many runs of an automation are in progress."""
    state = hass.states.get(automation)
    assert state is not None
    return int(state.attributes["current"])


# Automation and script runs execute in tasks that wait for one another and for time or events:
# they are never "done" while a run waits for a tap or its next repeat. Everything else Home
# Assistant tracks (service calls, coordinator refreshes: real Modbus I/O) is waited for.
_SCRIPT_TASKS = frozenset(
    {
        "Script.async_run",
        "AutomationEntity._async_trigger_if_enabled",
        "_ScriptRun.async_run",
        "_QueuedScriptRun.async_run",
    }
)
_QUIET_ROUNDS = 20  # loop iterations without any script progress before the loop is settled


def _chain(task: asyncio.Task[Any]) -> tuple[tuple[str, int], ...]:
    """Return where a task is suspended: every coroutine it awaits, with its position."""
    out: list[tuple[str, int]] = []
    coro: Any = task.get_coro()
    while coro is not None and hasattr(coro, "cr_code"):
        frame = coro.cr_frame
        out.append((coro.cr_code.co_name, frame.f_lasti if frame is not None else -1))
        coro = coro.cr_await
    return tuple(out)


def _qualname(task: asyncio.Task[Any]) -> str:
    return str(getattr(task.get_coro(), "__qualname__", ""))


async def settle(hass: HomeAssistant) -> None:
    """Run what is pending until only automation runs that wait are left.

    `hass.async_block_till_done()` would also wait for the automation runs that wait for a tap
    or for their next repeat, i.e. forever. Work in flight (Modbus requests to the simulator,
    service calls) is real I/O and is waited for; automation runs are settled once none of
    them has moved for a number of loop iterations.
    """
    current = asyncio.current_task()
    quiet, last = 0, None
    while quiet < _QUIET_ROUNDS:
        await asyncio.sleep(0)
        tracked = hass._tasks | hass._background_tasks
        busy = [
            t
            for t in tracked
            if t is not current
            and not t.done()
            # The recorder adds plain futures: they are work in flight like any task.
            and (not isinstance(t, asyncio.Task) or _qualname(t) not in _SCRIPT_TASKS)
        ]
        if busy:
            quiet, last = 0, None
            await asyncio.wait(busy, timeout=0.01)
            continue
        snapshot = frozenset(
            (id(t), _chain(t))
            for t in asyncio.all_tasks()
            if t is not current and _qualname(t) in _SCRIPT_TASKS
        )
        quiet = quiet + 1 if snapshot == last else 0
        last = snapshot


async def settle_until(hass: HomeAssistant, done: Callable[[], object], what: str) -> None:
    """Settle until `done()`, for runs that wait on the recorder's own thread (a report).

    The recorder's database jobs are not Home Assistant tasks, so `settle` may find the run
    quiet while its query is still running. Its next action call (the notification) wakes
    this up to settle again; that real I/O gets up to 10 s.
    """
    called = asyncio.Event()

    @callback
    def _called(_: Event) -> None:
        called.set()

    unsubscribe = hass.bus.async_listen(EVENT_CALL_SERVICE, _called)
    try:
        async with asyncio.timeout(10):
            await settle(hass)
            while not done():
                await called.wait()
                called.clear()
                await settle(hass)
    except TimeoutError as err:
        raise AssertionError(f"{what}: not done after 10 s") from err
    finally:
        unsubscribe()


async def step(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    """Move the frozen clock on and run what falls due within `seconds` (see `advance`).

    What is in flight is finished first. The coordinator's interval runs on the loop's real
    clock, so on a loaded machine it fires on its own between two steps (a poll at the old
    frozen time). While such a refresh is in flight the coordinator has no timer scheduled:
    moving the clock then would fire nothing, and the poll due at the new time (the telemetry
    a `for:` duration starts from) would come one step late. `settle()` returns with no
    tracked task pending and nothing awaits between it and the firing below.
    """
    await settle(hass)
    freezer.tick(timedelta(seconds=seconds))
    fire_due(hass, seconds)
    await settle(hass)


async def tap(
    hass: HomeAssistant,
    action: str,
    *,
    device_name: str | None = None,
    user_id: str | None = None,
) -> None:
    """Tap an action of a mobile app notification, as the Companion app reports it."""
    data = {"action": action}
    if device_name is not None:
        data["sourceDeviceName"] = device_name
    hass.bus.async_fire("mobile_app_notification_action", data, context=Context(user_id=user_id))
    await settle(hass)

"""The development tools' API client keeps talking when Home Assistant drops its websocket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
import pytest

from safe_power_tools.devenv import (
    BootstrapError,
    HassApi,
    watch_attributes,
    watch_entries,
    watch_events,
    watch_flows,
    watch_states,
)

TOKEN = "fake-token"  # noqa: S105  (the fake server's only account)


class FakeHomeAssistant:
    """A websocket API that answers commands and can drop the connection after one."""

    def __init__(self) -> None:
        """Count the connections and the commands received."""
        self.connections = 0
        self.commands: list[str] = []
        self.drop_after_next = False
        # Subscriptions: the events pushed after the result, by command type (as Home
        # Assistant pushes them, then keeps the connection open).
        self.pushes: dict[str, list[Any]] = {}
        self.refused: set[str] = set()
        self.open = 0

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Log in, then answer each command with its own type; drop when told to."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.connections += 1
        await socket.send_json({"type": "auth_required"})
        auth = await socket.receive_json()
        await socket.send_json({"type": "auth_ok" if auth["access_token"] == TOKEN else "no"})
        self.open += 1
        async for message in socket:
            command = message.json()
            self.commands.append(command["type"])
            result = {"id": command["id"], "type": "result", "success": True}
            if command["type"] in self.refused:
                error = {"code": "unknown_command", "message": "Unknown command."}
                await socket.send_json(result | {"success": False, "error": error})
                continue
            await socket.send_json(result | {"result": command["type"]})
            for event in self.pushes.get(command["type"], []):
                await socket.send_json({"id": command["id"], "type": "event", "event": event})
            if self.drop_after_next:  # as Home Assistant does when its pings go unanswered
                self.drop_after_next = False
                await socket.close()
        self.open -= 1
        return socket


@pytest.fixture
async def fake(socket_enabled: None) -> AsyncIterator[tuple[FakeHomeAssistant, HassApi]]:
    """A fake Home Assistant on 127.0.0.1 and a logged-in client of it."""
    hass = FakeHomeAssistant()
    app = web.Application()
    app.router.add_get("/api/websocket", hass.websocket)
    async with TestServer(app, host="127.0.0.1") as server, aiohttp.ClientSession() as session:
        api = HassApi(session, str(server.make_url("")).rstrip("/"))
        api.token = TOKEN
        yield hass, api
        await api.close()


async def test_a_dropped_websocket_is_opened_again(
    fake: tuple[FakeHomeAssistant, HassApi],
) -> None:
    hass, api = fake
    assert await api.ws("first") == "first"
    hass.drop_after_next = True
    assert await api.ws("second") == "second"  # then the server closes the connection
    assert await api.ws("third") == "third"  # sent on a new one, once
    assert hass.commands == ["first", "second", "third"]
    assert hass.connections == 2


def _state(state: str) -> dict[str, Any]:
    return {"s": state, "a": {}, "c": "01K", "lc": 1.0}


async def test_states_are_followed_from_the_compressed_events(
    fake: tuple[FakeHomeAssistant, HassApi],
) -> None:
    """What the frontend is pushed: whole states ("a"), changes ("c"), removals ("r")."""
    hass, api = fake
    hass.pushes["subscribe_entities"] = [
        {"a": {"switch.contactor": _state("on"), "sensor.leakage": _state("unavailable")}},
        {"c": {"switch.contactor": {"+": {"s": "off", "lc": 2.0}}}},
        {"c": {"sensor.leakage": {"+": {"lu": 3.0}}}},  # attributes only: still unavailable
        {"r": ["switch.contactor"]},
        {"c": {"sensor.leakage": {"+": {"s": "41"}}}},
        {"a": {"sensor.later": _state("2")}},
    ]
    seen: list[dict[str, str]] = []

    def done(states: Any) -> bool:
        seen.append(dict(states))
        return bool(states.get("sensor.leakage") not in (None, "unavailable"))

    states = await watch_states(api, ["switch.contactor", "sensor.leakage"], done, 5)
    assert states == {"sensor.leakage": "41"}
    assert [s.get("switch.contactor") for s in seen] == ["on", "off", "off", None, None]
    assert len(seen) == 5  # it returned at the event that made it true, not later
    assert hass.commands == ["subscribe_entities"]
    await asyncio.sleep(0)
    assert hass.open == 0  # the subscription's own websocket is closed


async def test_since_leaves_out_states_that_have_not_changed_since(
    fake: tuple[FakeHomeAssistant, HassApi],
) -> None:
    """`since`: an entity counts once its state has changed after that time ("lc")."""
    hass, api = fake
    hass.pushes["subscribe_entities"] = [
        {"a": {"sensor.a": _state("1") | {"lc": 100.0}, "sensor.b": _state("2") | {"lc": 100.0}}},
        {"c": {"sensor.a": {"+": {"s": "3", "lc": 300.0}}}},
        {"c": {"sensor.b": {"+": {"lu": 400.0}}}},  # updated, not changed: still before
        {"c": {"sensor.b": {"+": {"s": "4", "lc": 500.0}}}},
    ]
    seen: list[dict[str, str]] = []

    def done(states: Any) -> bool:
        seen.append(dict(states))
        return len(states) == 2

    since = datetime.fromtimestamp(200.0, UTC)
    assert await watch_states(api, ["sensor.a", "sensor.b"], done, 5, since=since) == {
        "sensor.a": "3",
        "sensor.b": "4",
    }
    assert seen == [{}, {"sensor.a": "3"}, {"sensor.a": "3"}, {"sensor.a": "3", "sensor.b": "4"}]


async def test_a_wait_that_never_comes_says_what_it_saw(
    fake: tuple[FakeHomeAssistant, HassApi],
) -> None:
    hass, api = fake
    hass.pushes["subscribe_entities"] = [{"a": {"switch.contactor": _state("on")}}]
    with pytest.raises(TimeoutError, match=r"after 0.2 s: \{'switch.contactor': 'on'\}"):
        await watch_states(api, ["switch.contactor"], lambda s: "off" in s.values(), 0.2)
    hass.refused.add("subscribe_entities")
    with pytest.raises(BootstrapError, match="subscribe_entities failed"):
        await watch_states(api, ["switch.contactor"], lambda _states: False, 5)


async def test_attributes_are_followed_from_the_compressed_events(
    fake: tuple[FakeHomeAssistant, HassApi],
) -> None:
    """Changed attributes come under "+", removed ones under "-"; other entities do not count."""
    hass, api = fake
    log = "event.box_alarm_log"
    hass.pushes["subscribe_entities"] = [
        {"a": {log: _state("t0") | {"a": {"event_type": "cleared", "cause": "leakage"}}}},
        {"c": {"event.other": {"+": {"a": {"cause": "overcurrent"}}}}},
        {"c": {log: {"+": {"s": "t1", "a": {"event_type": "alarm"}}, "-": {"a": ["cause"]}}}},
        {"c": {log: {"+": {"a": {"cause": "overcurrent"}}}}},
    ]
    seen: list[dict[str, Any]] = []

    def done(attributes: Any) -> bool:
        seen.append(dict(attributes))
        return bool(attributes.get("cause") == "overcurrent")

    assert await watch_attributes(api, log, done, 5) == {
        "event_type": "alarm",
        "cause": "overcurrent",
    }
    assert seen[:3] == [
        {"event_type": "cleared", "cause": "leakage"},
        {"event_type": "cleared", "cause": "leakage"},  # another entity's change
        {"event_type": "alarm"},  # the cause went with the new state
    ]
    assert len(seen) == 4
    with pytest.raises(TimeoutError, match=r"after 0\.2 s: event\.box_alarm_log"):
        await watch_attributes(api, log, lambda _a: False, 0.2)


async def test_entries_and_flows_are_followed_for_their_domain(
    fake: tuple[FakeHomeAssistant, HassApi],
) -> None:
    hass, api = fake

    def entry(entry_id: str, domain: str, state: str) -> dict[str, Any]:
        return {"entry_id": entry_id, "domain": domain, "state": state, "title": entry_id}

    hass.pushes["config_entries/subscribe"] = [
        [
            {"type": None, "entry": entry("a", "safe_power", "setup_in_progress")},
            {"type": None, "entry": entry("m", "met", "setup_error")},
        ],
        [{"type": "added", "entry": entry("b", "safe_power", "not_loaded")}],
        [{"type": "updated", "entry": entry("a", "safe_power", "loaded")}],
        [{"type": "removed", "entry": entry("b", "safe_power", "not_loaded")}],
    ]
    entries = await watch_entries(api, lambda e: all(x["state"] == "loaded" for x in e.values()), 5)
    assert {k: v["state"] for k, v in entries.items()} == {"a": "loaded"}

    flow = {"handler": "safe_power", "context": {"source": "mqtt"}}
    hass.pushes["config_entries/flow/subscribe"] = [
        [{"type": None, "flow_id": "f1", "flow": flow}],
        [{"type": "added", "flow_id": "f2", "flow": flow}, {"type": "removed", "flow_id": "f1"}],
        [{"type": "added", "flow_id": "f3", "flow": flow}],
    ]
    flows = await watch_flows(api, lambda f: len(f) >= 2, 5)
    assert sorted(flows) == ["f2", "f3"]


async def test_an_event_makes_the_condition_checked_again(
    fake: tuple[FakeHomeAssistant, HassApi],
) -> None:
    hass, api = fake
    hass.pushes["subscribe_events"] = [{"event_type": "device_registry_updated"}] * 2
    checks: list[int] = []

    async def holds() -> bool:
        checks.append(len(checks))
        return len(checks) == 2  # false when subscribed, true after the first event

    await watch_events(api, "device_registry_updated", holds, 5)
    assert checks == [0, 1]

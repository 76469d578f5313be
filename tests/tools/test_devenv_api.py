"""The development tools' API client keeps talking when Home Assistant drops its websocket."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
import pytest

from safe_power_tools.devenv import HassApi

TOKEN = "fake-token"  # noqa: S105  (the fake server's only account)


class FakeHomeAssistant:
    """A websocket API that answers commands and can drop the connection after one."""

    def __init__(self) -> None:
        """Count the connections and the commands received."""
        self.connections = 0
        self.commands: list[str] = []
        self.drop_after_next = False

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Log in, then answer each command with its own type; drop when told to."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.connections += 1
        await socket.send_json({"type": "auth_required"})
        auth = await socket.receive_json()
        await socket.send_json({"type": "auth_ok" if auth["access_token"] == TOKEN else "no"})
        async for message in socket:
            command = message.json()
            self.commands.append(command["type"])
            result = {"id": command["id"], "type": "result", "success": True}
            await socket.send_json(result | {"result": command["type"]})
            if self.drop_after_next:  # as Home Assistant does when its pings go unanswered
                self.drop_after_next = False
                await socket.close()
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

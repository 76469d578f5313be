"""The config-entry flow endpoints as the frontend calls them, for the harness and e2e tests.

Every answer must be HTTP 200 with JSON: that is where Home Assistant turns each form's schema
into the field list the frontend draws, and where a schema it cannot serialize becomes an
HTTP 500 for the user. The session is anything with aiohttp's `get`/`post` (the harness's
`hass_client()` or an `aiohttp.ClientSession` with a `base_url` and a bearer token).
"""

from __future__ import annotations

import json
from typing import Any, Protocol

DOMAIN = "safe_power"
FLOW = "/api/config/config_entries/flow"
OPTIONS = "/api/config/config_entries/options/flow"
SUBENTRIES = "/api/config/config_entries/subentries/flow"


class _Response(Protocol):
    status: int

    async def text(self) -> str: ...


class _Session(Protocol):
    def get(self, path: str) -> Any: ...

    def post(self, path: str, *, json: Any = None) -> Any: ...


class FlowApi:
    """Start and answer config, options and subentry flows over HTTP."""

    def __init__(self, session: _Session) -> None:
        """Use an authenticated aiohttp session or test client."""
        self.session = session

    async def _answer(self, response: _Response, what: str) -> dict[str, Any]:
        text = await response.text()
        assert response.status == 200, f"{what}: HTTP {response.status}: {text[:1000]}"
        result: dict[str, Any] = json.loads(text)
        return result

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST a JSON body; return the JSON answer of an HTTP 200."""
        async with self.session.post(path, json=body) as response:
            return await self._answer(response, f"POST {path} {body}")

    async def get(self, path: str) -> Any:
        """GET and return the JSON answer of an HTTP 200."""
        async with self.session.get(path) as response:
            return await self._answer(response, f"GET {path}")

    # Config flows (user, reconfigure, and discovered ones continued by the user).
    async def start(self, *, entry_id: str | None = None) -> dict[str, Any]:
        """Start "Add integration" (or Reconfigure, with the entry's id)."""
        body: dict[str, Any] = {"handler": DOMAIN, "show_advanced_options": True}
        if entry_id is not None:
            body["entry_id"] = entry_id
        return await self.post(FLOW, body)

    async def show(self, flow_id: str) -> dict[str, Any]:
        """Open a flow in progress (as the frontend does for a discovered device)."""
        result: dict[str, Any] = await self.get(f"{FLOW}/{flow_id}")
        return result

    async def submit(self, flow_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """Answer the flow's current form."""
        return await self.post(f"{FLOW}/{flow_id}", data)

    # Options.
    async def start_options(self, entry_id: str) -> dict[str, Any]:
        """Open the entry's options ("Configure")."""
        return await self.post(OPTIONS, {"handler": entry_id})

    async def submit_options(self, flow_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """Answer the options form."""
        return await self.post(f"{OPTIONS}/{flow_id}", data)

    # Subentries (boxes of a gateway).
    async def start_subentry(
        self, entry_id: str, subentry_id: str | None = None, subentry_type: str = "box"
    ) -> dict[str, Any]:
        """Start "Add box" (or a box's Reconfigure, with the subentry's id)."""
        body: dict[str, Any] = {"handler": [entry_id, subentry_type]}
        if subentry_id is not None:
            body["subentry_id"] = subentry_id
        return await self.post(SUBENTRIES, body)

    async def submit_subentry(self, flow_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """Answer the subentry flow's form."""
        return await self.post(f"{SUBENTRIES}/{flow_id}", data)


def fields(form: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return a form's serialized fields by name, as the frontend receives them."""
    assert form["type"] == "form", form
    return {field["name"]: field for field in form["data_schema"]}


def select_options(form: dict[str, Any], name: str) -> list[str]:
    """Return the values a select field offers."""
    options = fields(form)[name]["selector"]["select"]["options"]
    return [o["value"] if isinstance(o, dict) else o for o in options]

"""Floor plans: an administrator uploads a floor's drawing; the panel gets a signed link.

Over the harness's real websocket and web server: the image is checked (format, size), kept
under the configuration folder with its placement in metres, served to a signed link only, and
replaced or deleted.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")

# A 1×1 PNG and a 1×1 JPEG, as a browser would send them.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60 + b"\xff\xd9"


@pytest.fixture
async def web(hass: HomeAssistant) -> None:
    """The web server, before the integration (it registers the images' view)."""
    assert await async_setup_component(hass, "http", {})


async def _send(client: Any, **msg: Any) -> dict[str, Any]:
    await client.send_json_auto_id(msg)
    reply: dict[str, Any] = await client.receive_json()
    return reply


async def test_upload_link_replace_delete(
    hass: HomeAssistant,
    web: None,
    setup_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    admin = await hass_ws_client(hass)
    anonymous = await hass_client_no_auth()
    place = {"x": -2.0, "y": -1.5, "width": 40.0, "height": 65.0}
    image = base64.b64encode(PNG).decode()
    reply = await _send(admin, type="safe_power/plans/set", floor="level:-2", image=image, **place)
    assert reply["success"], reply

    plans = (await _send(admin, type="safe_power/plans"))["result"]
    plan = plans["level:-2"]
    assert {k: plan[k] for k in place} == place
    assert "authSig=" in plan["url"]
    got = await anonymous.get(plan["url"])
    assert got.status == 200
    assert await got.read() == PNG
    assert (await anonymous.get(plan["url"].split("?")[0])).status == 401
    folder = Path(hass.config.path("safe_power/plans"))
    [png] = folder.iterdir()
    assert png.name.startswith("level_-2-")
    assert png.suffix == ".png"

    # A new drawing replaces the old file; moving it keeps the image.
    jpeg = base64.b64encode(JPEG).decode()
    assert (await _send(admin, type="safe_power/plans/set", floor="level:-2", image=jpeg, **place))[
        "success"
    ]
    assert [p.name for p in folder.iterdir()] == [png.with_suffix(".jpg").name]
    moved = {**place, "x": 5.0}
    assert (await _send(admin, type="safe_power/plans/set", floor="level:-2", **moved))["success"]
    assert (await _send(admin, type="safe_power/plans"))["result"]["level:-2"]["x"] == 5.0

    assert (await _send(admin, type="safe_power/plans/delete", floor="level:-2"))["success"]
    assert (await _send(admin, type="safe_power/plans"))["result"] == {}
    assert list(folder.iterdir()) == []


async def test_floors_of_named_buildings(
    hass: HomeAssistant,
    web: None,
    setup_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """The same floor in two buildings (or sites) has two drawings, even with look-alike names."""
    admin = await hass_ws_client(hass)
    anonymous = await hass_client_no_auth()
    place = {"x": 0.0, "y": 0.0, "width": 10.0, "height": 10.0}
    floors = ("level:0@A 1", "level:0@A_1", "level:0@3 号楼@@东院区")
    for floor, image in zip(floors, (PNG, JPEG, PNG), strict=True):
        data = base64.b64encode(image).decode()
        reply = await _send(admin, type="safe_power/plans/set", floor=floor, image=data, **place)
        assert reply["success"], reply
    plans = (await _send(admin, type="safe_power/plans"))["result"]
    assert set(plans) == set(floors)
    folder = Path(hass.config.path("safe_power/plans"))
    assert len(list(folder.iterdir())) == 3
    assert await (await anonymous.get(plans["level:0@A_1"]["url"])).read() == JPEG
    assert await (await anonymous.get(plans["level:0@3 号楼@@东院区"]["url"])).read() == PNG
    for floor in floors:
        assert (await _send(admin, type="safe_power/plans/delete", floor=floor))["success"]
    assert list(folder.iterdir()) == []


async def test_bad_uploads_and_non_admins(
    hass: HomeAssistant,
    web: None,
    setup_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
) -> None:
    admin = await hass_ws_client(hass)
    place = {"x": 0, "y": 0, "width": 10, "height": 10}
    for image in ("not base64!", base64.b64encode(b"GIF89a....").decode()):
        reply = await _send(admin, type="safe_power/plans/set", floor="f1", image=image, **place)
        assert reply["error"]["code"] == "invalid_format", reply
    reply = await _send(admin, type="safe_power/plans/set", floor="f1", **place)
    assert reply["error"]["code"] == "invalid_format"  # a new plan needs its image
    reply = await _send(admin, type="safe_power/plans/set", floor="../etc", image="", **place)
    assert reply["error"]["code"] == "invalid_format"  # not a floor's key
    user = await hass_ws_client(hass, hass_read_only_access_token)
    image = base64.b64encode(PNG).decode()
    reply = await _send(user, type="safe_power/plans/set", floor="f1", image=image, **place)
    assert reply["error"]["code"] == "unauthorized"
    assert (await _send(user, type="safe_power/plans"))["result"] == {}  # reading is for all

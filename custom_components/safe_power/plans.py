"""Floor plans: an image under each floor of the panel's plan, placed in metres.

An administrator uploads a floor's drawing (PNG, JPEG or WebP, up to 5 MB) and says how it
lies in the boxes' x/y metres: where its top-left corner is and how wide and high it is. The
image is kept in `<config>/safe_power/plans/`, its placement with the panel settings' Store
(`safe_power.plans`), and the panel gets a signed link to it (the SVG's `<image>` cannot send
an authorization header).
"""

from __future__ import annotations

import base64
import binascii
from datetime import timedelta
import hashlib
from http import HTTPStatus
from pathlib import Path
import re
from typing import Any, Final

from aiohttp import web
from homeassistant.components.http.auth import async_sign_path
from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import ERR_INVALID_FORMAT
from homeassistant.components.websocket_api.decorators import async_response, websocket_command
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import Unauthorized
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.helpers.storage import Store
from homeassistant.util.hass_dict import HassKey
import probatio as vol

from .const import DOMAIN
from .panel import async_register_view

FOLDER: Final = "safe_power/plans"  # under the configuration folder
URL: Final = "/api/safe_power/plans"
STORAGE_KEY: Final = f"{DOMAIN}.plans"
MAX_BYTES: Final = 5 * 1024 * 1024
LINK_VALID: Final = timedelta(days=1)
# The formats a browser draws, by their first bytes.
FORMATS: Final = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg", b"RIFF": "webp"}
# A floor's key: an HA floor id or "level:<n>", then "@<building>" and "@@<site>" if named.
_KEY = re.compile(r"^[\w:.-]{1,100}(@[^\x00-\x1f\x7f/\\]{1,100}){0,3}$")
_FILE = re.compile(r"^[\w.-]+\.(png|jpg|webp)$")
_DATA: HassKey[_Plans] = HassKey(f"{DOMAIN}_plans")


class _Plans:
    """The floors' placements: read from the Store once, kept in memory, saved on change."""

    def __init__(self, store: Store[dict[str, Any]]) -> None:
        self.store = store
        self.plans: dict[str, Any] | None = None

    async def async_get(self) -> dict[str, Any]:
        """Return the placements by floor (read on first use)."""
        if self.plans is None:
            stored = await self.store.async_load()
            plans = stored.get("plans") if isinstance(stored, dict) else None
            self.plans = plans if isinstance(plans, dict) else {}
        return self.plans

    async def async_save(self) -> None:
        """Store the placements as they are now."""
        await self.store.async_save({"plans": self.plans or {}})


def _format(image: bytes) -> str | None:
    for magic, kind in FORMATS.items():
        if image.startswith(magic) and (kind != "webp" or image[8:12] == b"WEBP"):
            return kind
    return None


def _file_name(floor: str, kind: str) -> str:
    """Return a file name for a floor's drawing: its key made safe, unique by a digest."""
    digest = hashlib.sha256(floor.encode()).hexdigest()[:8]
    return re.sub(r"[^A-Za-z0-9_.-]", "_", floor)[:60] + f"-{digest}.{kind}"


@websocket_command({vol.Required("type"): "safe_power/plans"})
@async_response
async def ws_plans(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Send each floor's plan: a signed link to its image and where it lies, in metres."""
    plans = await hass.data[_DATA].async_get()
    answer = {
        floor: {
            **{k: plan[k] for k in ("x", "y", "width", "height")},
            "url": async_sign_path(hass, f"{URL}/{plan['file']}", LINK_VALID),
        }
        for floor, plan in plans.items()
        if isinstance(plan, dict) and _FILE.match(str(plan.get("file", "")))
    }
    connection.send_result(msg["id"], answer)


_METRES = vol.All(vol.Coerce(float), vol.Range(min=-100_000, max=100_000))
_SIZE = vol.All(vol.Coerce(float), vol.Range(min=0.1, max=100_000))


@websocket_command(
    {
        vol.Required("type"): "safe_power/plans/set",
        vol.Required("floor"): vol.All(str, vol.Match(_KEY)),
        vol.Optional("image"): str,  # base64, without a data: prefix; absent: keep the image
        vol.Required("x"): _METRES,
        vol.Required("y"): _METRES,
        vol.Required("width"): _SIZE,
        vol.Required("height"): _SIZE,
    }
)
@async_response
async def ws_set_plan(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Store a floor's image and placement (administrators)."""
    if not connection.user.is_admin:
        raise Unauthorized
    floor = msg["floor"]
    plans = await hass.data[_DATA].async_get()
    plan = {k: msg[k] for k in ("x", "y", "width", "height")}
    if "image" in msg:
        try:
            image = base64.b64decode(msg["image"], validate=True)
        except binascii.Error, ValueError:
            connection.send_error(msg["id"], ERR_INVALID_FORMAT, "The image is not base64")
            return
        kind = _format(image)
        if kind is None or len(image) > MAX_BYTES:
            connection.send_error(
                msg["id"], ERR_INVALID_FORMAT, "A floor plan is a PNG, JPEG or WebP of at most 5 MB"
            )
            return
        name = _file_name(floor, kind)
        folder = Path(hass.config.path(FOLDER))

        def write() -> None:
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob(f"{Path(name).stem}.*"):
                old.unlink()
            (folder / name).write_bytes(image)

        await hass.async_add_executor_job(write)
        plan["file"] = name
    elif floor in plans:
        plan["file"] = plans[floor]["file"]
    else:
        connection.send_error(msg["id"], ERR_INVALID_FORMAT, "A new floor plan needs its image")
        return
    plans[floor] = plan
    await hass.data[_DATA].async_save()
    connection.send_result(msg["id"])


@websocket_command({vol.Required("type"): "safe_power/plans/delete", vol.Required("floor"): str})
@async_response
async def ws_delete_plan(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Forget a floor's plan and delete its image (administrators)."""
    if not connection.user.is_admin:
        raise Unauthorized
    plans = await hass.data[_DATA].async_get()
    if (plan := plans.pop(msg["floor"], None)) is not None:
        path = Path(hass.config.path(FOLDER)) / str(plan.get("file", ""))
        if _FILE.match(path.name):
            await hass.async_add_executor_job(lambda: path.unlink(missing_ok=True))
        await hass.data[_DATA].async_save()
    connection.send_result(msg["id"])


class PlanView(HomeAssistantView):
    """Serve a floor's image to a logged-in user, or to a signed link."""

    url = URL + "/{name}"
    name = "api:safe_power:plan"
    requires_auth = True

    async def get(self, request: web.Request, name: str) -> web.StreamResponse:
        """Return the image, or 404 for anything that is not one."""
        hass = request.app[KEY_HASS]
        path = Path(hass.config.path(FOLDER)) / name
        if not _FILE.match(name) or not await hass.async_add_executor_job(path.is_file):
            return web.Response(status=HTTPStatus.NOT_FOUND)
        return web.FileResponse(path)


@callback
def async_setup_plans(hass: HomeAssistant) -> None:
    """Register the floor plans' commands and (with the web server) the images' view."""
    hass.data[_DATA] = _Plans(Store(hass, 1, STORAGE_KEY))
    for command in (ws_plans, ws_set_plan, ws_delete_plan):
        async_register_command(hass, command)
    async_register_view(hass, PlanView())

"""The Safe Power panel in the sidebar: a frontend module the integration serves itself.

The module is built from `frontend/` (TypeScript + Lit) into `frontend/safe-power-panel.js`
inside the integration and committed, so a HACS install needs no build. Its URL carries the
bundle's hash: a new version is loaded at once, the old one is cached for good.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

from homeassistant.components import frontend, panel_custom
from homeassistant.components.http.server import StaticPathConfig
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.http import HomeAssistantView

from .const import LOGGER

PANEL_PATH: Final = "safe-power"  # the sidebar entry: /safe-power
STATIC_URL: Final = "/safe_power_static"
ELEMENT: Final = "safe-power-panel"
MODULE: Final = Path(__file__).parent / "frontend" / f"{ELEMENT}.js"
ICON: Final = "mdi:home-lightning-bolt-outline"
TITLES: Final = {"en": "Safe Power", "zh": "安全用电"}


@callback
def async_register_view(hass: HomeAssistant, view: HomeAssistantView) -> None:
    """Serve a view of the integration's files (reports, floor drawings), with the web server.

    Home Assistant's web server takes views at any time (it never freezes its router); a test
    client started before the integration did freezes it, so the view is left out there.
    """
    if "http" in hass.config.components and not hass.http.app.router.frozen:
        hass.http.register_view(view)


def _version() -> str | None:
    """Return the bundle's content hash, None when it has not been built."""
    try:
        return hashlib.sha256(MODULE.read_bytes()).hexdigest()[:16]
    except FileNotFoundError:
        return None


async def async_setup_panel(hass: HomeAssistant) -> None:
    """Serve the bundle and add the panel to the sidebar (when the frontend is loaded)."""
    if "frontend" not in hass.config.components:  # it brings the web server
        return
    version = await hass.async_add_executor_job(_version)
    if version is None:
        LOGGER.warning("The panel is not built (%s is missing): run scripts/setup", MODULE)
        return
    await hass.http.async_register_static_paths(
        [StaticPathConfig(STATIC_URL, str(MODULE.parent), cache_headers=True)]
    )
    url = f"{STATIC_URL}/{MODULE.name}?v={version}"
    # On every page too: the Lovelace cards (safe-power-alarms-card, safe-power-box-card) are
    # in the same module, so a dashboard needs no resource, and an update takes at once.
    frontend.add_extra_js_url(hass, url)
    language = "zh" if hass.config.language.startswith("zh") else "en"
    await panel_custom.async_register_panel(
        hass,
        frontend_url_path=PANEL_PATH,
        webcomponent_name=ELEMENT,
        sidebar_title=TITLES[language],
        sidebar_icon=ICON,
        module_url=url,
        require_admin=False,
        config={},
    )

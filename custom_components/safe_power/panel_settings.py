"""The site's settings the panel keeps: who may do what, reports' tariff, state updates.

Home Assistant has no per-user entity permissions: any user can read every state through the
API. These settings shape the *panel* (and its websocket commands): which users besides the
administrators may cut power from it, and which areas a user's panel shows (a convenience for
a tenant's electrician, not segregation; for that, see docs/panel.md, "Units"). Besides, two
settings of the whole site: the time-of-use schedule of reports, and whether measurements
write a state on every change or on significant changes only (`box/deadband.py`, for large
sites). Kept with `Store` (`safe_power.panel`), changed by administrators only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.storage import Store
from homeassistant.util.hass_dict import HassKey

from .box.deadband import DEFAULT_HEARTBEAT_MINUTES, HEARTBEAT_RANGE, StateUpdates
from .box.tariff import TimeOfUse
from .const import DOMAIN, LOGGER

STORAGE_KEY: Final = f"{DOMAIN}.panel"
STORAGE_VERSION: Final = 1
_DATA: HassKey[PanelSettings] = HassKey(f"{DOMAIN}_panel_settings")


@dataclass
class PanelSettings:
    """The panel's permissions, as the administrators set them."""

    power_users: set[str] = field(default_factory=set)  # user ids allowed to cut power
    user_areas: dict[str, list[str]] = field(default_factory=dict)  # user id → area ids
    # The site's time-of-use schedule for reports ([{start, period}]), None: the default.
    tariff: list[dict[str, str]] | None = None
    # Measurements: a state on every change, or on significant ones and at least every
    # heartbeat while they move (box/deadband.py); read by the sensors at every update.
    state_updates: StateUpdates = StateUpdates.EVERY_CHANGE
    heartbeat_minutes: int = DEFAULT_HEARTBEAT_MINUTES
    store: Store[dict[str, Any]] | None = field(default=None, repr=False, compare=False)

    def can_power(self, user: User) -> bool:
        """Return whether a user may cut power from the panel."""
        return user.is_admin or user.id in self.power_users

    def areas_of(self, user: User) -> set[str] | None:
        """Return the areas a user's panel shows, None for all."""
        areas = self.user_areas.get(user.id)
        return None if not areas or user.is_admin else set(areas)

    def as_dict(self) -> dict[str, Any]:
        """Return the settings as stored and as the panel reads them."""
        return {
            "power_users": sorted(self.power_users),
            "user_areas": {u: list(a) for u, a in sorted(self.user_areas.items())},
            "tariff": self.tariff,
            "state_updates": self.state_updates.value,
            "heartbeat_minutes": self.heartbeat_minutes,
        }

    @property
    def heartbeat(self) -> float | None:
        """Return the heartbeat in seconds with significant changes only, None: every change."""
        if self.state_updates is StateUpdates.EVERY_CHANGE:
            return None
        return self.heartbeat_minutes * 60.0

    @callback
    def update(
        self,
        power_users: Iterable[str],
        user_areas: dict[str, list[str]],
        tariff: list[dict[str, str]] | None = None,
        state_updates: StateUpdates | None = None,
        heartbeat_minutes: int | None = None,
    ) -> None:
        """Take new settings and store them (`tariff` already checked by TimeOfUse).

        `state_updates` and `heartbeat_minutes` left out (a panel older than them) stay.
        """
        self.power_users = set(power_users)
        self.user_areas = {u: sorted(set(a)) for u, a in user_areas.items() if a}
        self.tariff = tariff
        if state_updates is not None:
            self.state_updates = state_updates
        if heartbeat_minutes is not None:
            self.heartbeat_minutes = heartbeat_minutes
        if self.store is not None:
            self.store.async_delay_save(self.as_dict, 1)


def _read(data: Any) -> PanelSettings:
    """Read stored settings; anything unreadable is left out with a warning."""
    settings = PanelSettings()
    if not isinstance(data, dict):
        if data is not None:
            LOGGER.warning("The panel settings are unreadable; starting without them")
        return settings
    users = data.get("power_users")
    settings.power_users = (
        {u for u in users if isinstance(u, str)} if isinstance(users, list) else set()
    )
    tariff = data.get("tariff")
    if tariff is not None:
        try:
            settings.tariff = TimeOfUse.from_config(tariff).as_config()
        except (TypeError, ValueError) as err:
            LOGGER.warning(
                "The saved time-of-use schedule is unreadable (%s): using the default", err
            )
    try:
        settings.state_updates = StateUpdates(data.get("state_updates", StateUpdates.EVERY_CHANGE))
    except ValueError:
        LOGGER.warning(
            "The saved state updates setting %r is unknown: a state on every change",
            data["state_updates"],
        )
    heartbeat = data.get("heartbeat_minutes", DEFAULT_HEARTBEAT_MINUTES)
    low, high = HEARTBEAT_RANGE
    if isinstance(heartbeat, int) and not isinstance(heartbeat, bool) and low <= heartbeat <= high:
        settings.heartbeat_minutes = heartbeat
    else:
        LOGGER.warning(
            "The saved heartbeat %r is not %s to %s minutes: using %s",
            heartbeat,
            low,
            high,
            DEFAULT_HEARTBEAT_MINUTES,
        )
    areas = data.get("user_areas")
    if isinstance(areas, dict):
        settings.user_areas = {
            u: [a for a in v if isinstance(a, str)]
            for u, v in areas.items()
            if isinstance(u, str) and isinstance(v, list)
        }
    return settings


async def async_setup_panel_settings(hass: HomeAssistant) -> PanelSettings:
    """Load the panel's settings (once, at the integration's set-up).

    Nothing stored yet: a new installation writes measurements' states on significant changes
    only (a fifth of the database, docs/scaling.md); one that already has Safe Power's entities
    (set up before this setting had a default of its own) keeps a state on every change. The
    choice is stored at once, so the next start reads it rather than guessing again.
    """
    store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, STORAGE_KEY)
    stored = await store.async_load()
    settings = _read(stored)
    settings.store = store
    if stored is None:
        existing = any(e.platform == DOMAIN for e in er.async_get(hass).entities.values())
        settings.state_updates = StateUpdates.EVERY_CHANGE if existing else StateUpdates.SIGNIFICANT
        store.async_delay_save(settings.as_dict, 1)
    hass.data[_DATA] = settings
    return settings


@callback
def async_get_panel_settings(hass: HomeAssistant) -> PanelSettings:
    """Return the panel's settings."""
    return hass.data[_DATA]

"""Device profiles: the ones shipped with the integration plus an installer's own.

An installer can drop profile files into `<config>/safe_power/profiles/`; a broken file is
reported as a repair issue and skipped, the shipped profiles keep working.
"""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .box.profile import PROFILES_DIR, Profile, ProfileError, load_profile
from .const import DOMAIN, LOGGER

USER_PROFILES = "safe_power/profiles"


def _load_all(user_dir: Path) -> tuple[dict[str, Profile], dict[str, str]]:
    profiles: dict[str, Profile] = {}
    errors: dict[str, str] = {}
    for directory in (PROFILES_DIR, user_dir):
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.json")):
            try:
                profiles[path.stem] = load_profile(path)
            except ProfileError as err:
                errors[path.name] = str(err)
    return profiles, errors


async def async_get_profiles(hass: HomeAssistant) -> dict[str, Profile]:
    """Load and validate the profiles (at each gateway set-up, so a reload picks up edits)."""
    user_dir = Path(hass.config.path(USER_PROFILES))
    profiles, errors = await hass.async_add_executor_job(_load_all, user_dir)
    for name, message in errors.items():
        LOGGER.error("Device profile %s is broken and was skipped: %s", name, message)
        ir.async_create_issue(
            hass,
            DOMAIN,
            f"broken_profile_{name}",
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key="broken_profile",
            translation_placeholders={"file": name, "error": message},
        )
    registry = ir.async_get(hass)
    for domain, issue_id in list(registry.issues):
        name = issue_id.removeprefix("broken_profile_")
        if domain == DOMAIN and name != issue_id and name not in errors:
            ir.async_delete_issue(hass, DOMAIN, issue_id)
    return profiles

"""Buttons of a box: alarm reset and self-test, where the detector takes them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .box.profile import Commands
from .coordinator import SafePowerConfigEntry
from .entity import SafePowerEntity

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class SafePowerButtonDescription(ButtonEntityDescription):
    """A command button: which value of the command register it writes."""

    command_fn: Callable[[Commands], int | None]


BUTTONS = (
    SafePowerButtonDescription(
        key="alarm_reset",
        translation_key="alarm_reset",
        entity_category=EntityCategory.CONFIG,
        command_fn=lambda commands: commands.alarm_reset,
    ),
    SafePowerButtonDescription(
        key="self_test",
        translation_key="self_test",
        entity_category=EntityCategory.DIAGNOSTIC,
        command_fn=lambda commands: commands.self_test,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SafePowerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the command buttons of every box."""
    coordinator = entry.runtime_data
    for subentry_id in coordinator.boxes:
        commands = coordinator.link(subentry_id).profile.commands
        if commands is None:
            continue
        async_add_entities(
            [
                SafePowerButton(coordinator, subentry_id, description)
                for description in BUTTONS
                if description.command_fn(commands) is not None
            ],
            config_subentry_id=subentry_id,
        )


class SafePowerButton(SafePowerEntity, ButtonEntity):
    """Sends one command to the box."""

    entity_description: SafePowerButtonDescription

    async def async_press(self) -> None:
        """Write the command."""
        commands = self.link.profile.commands
        value = self.entity_description.command_fn(commands) if commands else None
        if value is not None:
            await self.coordinator.async_command(self.subentry_id, value)

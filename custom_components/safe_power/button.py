"""Buttons of a box: alarm reset and self-test, where the detector takes them."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .box.mqtt import Command
from .coordinator import SafePowerConfigEntry
from .entity import SafePowerEntity

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class SafePowerButtonDescription(ButtonEntityDescription):
    """A command button: which value of the command register it writes."""

    command: Command


BUTTONS = (
    SafePowerButtonDescription(
        key="alarm_reset",
        translation_key="alarm_reset",
        entity_category=EntityCategory.CONFIG,
        command=Command.ALARM_RESET,
    ),
    SafePowerButtonDescription(
        key="self_test",
        translation_key="self_test",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,  # an installer's commissioning step
        command=Command.SELF_TEST,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SafePowerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the command buttons of every box."""
    hub = entry.runtime_data
    for key, box in hub.boxes.items():
        async_add_entities(
            [
                SafePowerButton(hub, key, description)
                for description in BUTTONS
                if description.command in box.capabilities.commands
            ],
            config_subentry_id=box.subentry_id,
        )


class SafePowerButton(SafePowerEntity, ButtonEntity):
    """Sends one command to the box."""

    def shown(self) -> object:
        """Return nothing: a button's state is its last press, written by Home Assistant."""
        return None

    entity_description: SafePowerButtonDescription

    async def async_press(self) -> None:
        """Send the command."""
        await self.coordinator.async_command(self.key, self.entity_description.command)

"""The contactor of a box: on means the supply is connected."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.components.switch.const import SwitchDeviceClass
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .alarms import async_actor, async_get_alarms
from .box.alarm_register import Via
from .box.mqtt import Command
from .coordinator import SafePowerConfigEntry
from .entity import SafePowerEntity

PARALLEL_UPDATES = 1  # one command at a time: each one is confirmed by read-back

_SWITCHING = frozenset({Command.CONTACTOR_OPEN, Command.CONTACTOR_CLOSE})
CONTACTOR = SwitchEntityDescription(
    key="contactor", translation_key="contactor", device_class=SwitchDeviceClass.SWITCH
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SafePowerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the contactor of every box that can switch one."""
    hub = entry.runtime_data
    for key, box in hub.boxes.items():
        if box.capabilities.contactor and box.capabilities.commands >= _SWITCHING:
            async_add_entities(
                [SafePowerContactor(hub, key, CONTACTOR)], config_subentry_id=box.subentry_id
            )


class SafePowerContactor(SafePowerEntity, SwitchEntity):
    """The contactor that cuts the box's supply; every command is confirmed by read-back."""

    def shown(self) -> object:
        """Return the value the state shows."""
        return self.is_on

    @property
    def is_on(self) -> bool | None:
        """Return True while the contactor is closed (power on)."""
        box = self.box
        return None if box is None or box.reading is None else box.reading.contactor_closed

    async def async_turn_on(self, **kwargs: Any) -> None:  # noqa: ARG002
        """Close the contactor; refused while an alarm is active (`safe_power.power_on` forces)."""
        await self._async_switch(closed=True)

    async def async_turn_off(self, **kwargs: Any) -> None:  # noqa: ARG002
        """Open the contactor (cut the power)."""
        await self._async_switch(closed=False)

    async def _async_switch(self, *, closed: bool) -> None:
        """Switch through the register, so the command is kept with the box's alarms."""
        context = self._context or Context()
        via = Via.DASHBOARD if context.user_id else Via.AUTOMATION
        actor = await async_actor(self.hass, context, via)
        await async_get_alarms(self.hass).async_set_contactor(
            self.coordinator, self.key, closed=closed, force=False, actor=actor
        )

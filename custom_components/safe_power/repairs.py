"""Repairs the user fixes: a box's energy meter replaced (its lower reading accepted)."""

from __future__ import annotations

from typing import Any

from homeassistant.components.repairs import ConfirmRepairFlow, RepairsFlow, RepairsFlowResult
from homeassistant.core import HomeAssistant

from .energy import async_accept_reading


class MeterReplacedFlow(ConfirmRepairFlow):
    """Confirm that a box's meter was replaced: its lower reading becomes the meter's."""

    def __init__(self, serial: str) -> None:
        """Remember whose meter it is."""
        super().__init__()
        self.serial = serial

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Take the lower reading once the user confirmed."""
        if user_input is not None:
            async_accept_reading(self.hass, self.serial)
        return await super().async_step_confirm(user_input)


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, Any] | None
) -> RepairsFlow:
    """Return the flow of a fixable issue (only the meter's is)."""
    serial = (data or {}).get("serial")
    if not issue_id.startswith("energy_backwards_") or not isinstance(serial, str):
        raise ValueError(f"unknown repair {issue_id}")
    return MeterReplacedFlow(serial)

"""Repairs the user fixes: a box's energy meter replaced, a gateway's bus too full."""

from __future__ import annotations

from typing import Any

from homeassistant.components.repairs import ConfirmRepairFlow, RepairsFlow, RepairsFlowResult
from homeassistant.core import HomeAssistant

from .const import CONF_ALARM_INTERVAL, CONF_TELEMETRY_INTERVAL
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


class BusOverloadFlow(ConfirmRepairFlow):
    """Confirm the intervals a gateway's bus can keep: the gateway's options take them."""

    def __init__(self, entry_id: str, alarm_interval: int, telemetry_interval: int) -> None:
        """Remember the gateway and the intervals proposed."""
        super().__init__()
        self.entry_id = entry_id
        self.intervals = {
            CONF_ALARM_INTERVAL: alarm_interval,
            CONF_TELEMETRY_INTERVAL: telemetry_interval,
        }

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Set the intervals once the user confirmed (the gateway reloads with them)."""
        if user_input is not None:
            entry = self.hass.config_entries.async_get_entry(self.entry_id)
            if entry is None:
                return self.async_abort(reason="gateway_removed")
            self.hass.config_entries.async_update_entry(
                entry, options={**entry.options, **self.intervals}
            )
        return await super().async_step_confirm(user_input)


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, Any] | None
) -> RepairsFlow:
    """Return the flow of a fixable issue."""
    data = data or {}
    if issue_id.startswith("energy_backwards_") and isinstance(serial := data.get("serial"), str):
        return MeterReplacedFlow(serial)
    if issue_id.startswith("bus_overloaded_") and isinstance(entry_id := data.get("entry_id"), str):
        return BusOverloadFlow(
            entry_id, int(data["alarm_interval"]), int(data["telemetry_interval"])
        )
    raise ValueError(f"unknown repair {issue_id}")

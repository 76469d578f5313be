"""A Modbus gateway's own figures (its bus's load) and the repair when its bus is too full."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .box.bus import bus_share, sustainable_intervals
from .box.modbus import Transport
from .const import DOMAIN

if TYPE_CHECKING:
    from .coordinator import SafePowerCoordinator

OVERLOAD: Final = 1.0  # share of the bus above which the configured intervals are not kept
CLEARED: Final = 0.85  # share under which the repair goes away again
SETTLE_TICKS: Final = 5  # ticks in a row on the same side before the repair comes or goes


@dataclass(frozen=True, slots=True)
class GatewayFigures:
    """What a gateway's bus carried lately (see `BusLoad`)."""

    utilisation: float | None = None  # share of the last minute the bus was held, 0-1
    alarm_period: float | None = None  # s: the longest time between two alarm sweeps
    demand: tuple[float, float] | None = None  # s: one alarm sweep, one telemetry round

    def shown(self) -> tuple[int | None, float | None]:
        """Return the figures as the gateway's sensors show them (%, s to 0.1)."""
        return (
            None if self.utilisation is None else round(self.utilisation * 100),
            None if self.alarm_period is None else round(self.alarm_period, 1),
        )


MODELS: Final = {
    Transport.TCP: "Modbus TCP",
    Transport.RTU_OVER_TCP: "Modbus RTU over TCP",
    Transport.SERIAL: "Modbus RTU (RS-485)",
}


def gateway_identifier(entry: ConfigEntry) -> tuple[str, str]:
    """Return the device identifier of a Modbus gateway (its boxes are linked through it)."""
    return (DOMAIN, f"gateway_{entry.entry_id}")


def overload_issue_id(entry: ConfigEntry) -> str:
    """Return the repair issue id of a gateway whose bus is too full."""
    return f"bus_overloaded_{entry.entry_id}"


class OverloadWatch:
    """Raise a repair when a gateway's bus cannot keep its intervals; withdraw it when it can.

    The share the configured intervals need is worked out from the measured duration of each
    box's reads (`bus_share`); above 1.0 for `SETTLE_TICKS` ticks in a row the repair says what
    the bus does now and proposes the intervals it can keep (`sustainable_intervals`), with a
    fix that applies them. It goes when the share has been under `CLEARED` as long.
    """

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry, hub: SafePowerCoordinator) -> None:
        """Watch one gateway; its repair goes when the entry unloads."""
        self.hass = hass
        self.entry = entry
        self.hub = hub
        self.raised = False
        self._streak = 0
        entry.async_on_unload(self._withdraw)

    @callback
    def check(self, figures: GatewayFigures) -> None:
        """Look at the latest figures (once per tick)."""
        if figures.demand is None:
            return
        sweep, telemetry = figures.demand
        hub = self.hub
        share = bus_share(sweep, telemetry, hub.alarm_interval, hub.telemetry_interval)
        wrong_side = share < CLEARED if self.raised else share > OVERLOAD
        self._streak = self._streak + 1 if wrong_side else 0
        if self._streak < SETTLE_TICKS:
            return
        self._streak = 0
        if self.raised:
            self._withdraw()
            return
        alarm, telemetry_interval = sustainable_intervals(sweep, telemetry, hub.telemetry_interval)
        self.raised = True
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            overload_issue_id(self.entry),
            is_fixable=True,
            is_persistent=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="bus_overloaded",
            translation_placeholders={
                "gateway": self.entry.title,
                "boxes": str(len(hub.boxes)),
                "share": f"{share * 100:.0f}",
                "alarm_interval": f"{hub.alarm_interval:g}",
                "telemetry_interval": f"{hub.telemetry_interval:g}",
                "period": "-" if figures.alarm_period is None else f"{figures.alarm_period:.1f}",
                "proposed_alarm": str(alarm),
                "proposed_telemetry": str(telemetry_interval),
            },
            data={
                "entry_id": self.entry.entry_id,
                "alarm_interval": alarm,
                "telemetry_interval": telemetry_interval,
            },
        )

    @callback
    def _withdraw(self) -> None:
        self.raised = False
        ir.async_delete_issue(self.hass, DOMAIN, overload_issue_id(self.entry))

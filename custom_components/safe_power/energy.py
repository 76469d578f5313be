"""A box's energy meter read lower than shown: its repair issue and its confirmation.

See `box.energy` for why a lower reading is held (the energy sensor holds it). While it is, a
repair says so; confirming it (the meter was replaced or reset) makes the lower reading the
meter's: the sensor listens for `signal_accept`.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send

from .const import DOMAIN

ENERGY_KEY = "energy"


def issue_id(serial: str) -> str:
    """Return the repair issue of a box whose meter reads lower than before."""
    return f"energy_backwards_{serial}"


def signal_accept(serial: str) -> str:
    """Return the signal that takes a box's lower meter reading as its meter's."""
    return f"{DOMAIN}_energy_accept_{serial}"


@callback
def async_accept_reading(hass: HomeAssistant, serial: str) -> None:
    """Take a box's lower meter reading as its new meter's (the repair was confirmed)."""
    async_dispatcher_send(hass, signal_accept(serial))

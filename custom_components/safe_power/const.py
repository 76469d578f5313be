"""Constants for the Safe Power integration."""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "safe_power"
LOGGER = logging.getLogger(__package__)

SUBENTRY_BOX: Final = "box"

# Config entry data (the gateway)
CONF_TRANSPORT: Final = "transport"
CONF_SERIAL_PORT: Final = "serial_port"
CONF_BAUDRATE: Final = "baudrate"
CONF_PARITY: Final = "parity"
CONF_STOPBITS: Final = "stopbits"
CONF_BYTESIZE: Final = "bytesize"
CONF_TIMEOUT: Final = "timeout"

# Config entry data (an MQTT box: one entry per box)
TRANSPORT_MQTT: Final = "mqtt"
CONF_PREFIX: Final = "prefix"
CONF_BOX_ID: Final = "box_id"
CONF_MANUFACTURER: Final = "manufacturer"
CONF_CONFIG: Final = "config"  # the box's retained /config payload, as last accepted

# Options
CONF_TELEMETRY_INTERVAL: Final = "telemetry_interval"
CONF_ALARM_INTERVAL: Final = "alarm_interval"
DEFAULT_TELEMETRY_INTERVAL: Final = 15
DEFAULT_ALARM_INTERVAL: Final = 2
# Reminders and escalation of unacknowledged alarms, in minutes (0: off)
CONF_REMINDER_INTERVAL: Final = "reminder_interval"
CONF_ESCALATE_AFTER: Final = "escalate_after"
CONF_ESCALATE_AGAIN_AFTER: Final = "escalate_again_after"
DEFAULT_REMINDER_INTERVAL: Final = 5
DEFAULT_ESCALATE_AFTER: Final = 10
DEFAULT_ESCALATE_AGAIN_AFTER: Final = 30
# Consecutive failed polls before a Modbus box counts as offline (and is backed off)
CONF_OFFLINE_AFTER: Final = "offline_after_failures"
DEFAULT_OFFLINE_AFTER: Final = 3

# Subentry data (one box)
CONF_UNIT_ID: Final = "unit_id"
CONF_SERIAL: Final = "serial"
CONF_MODEL: Final = "model"
CONF_FIRMWARE: Final = "firmware"
CONF_PHASES: Final = "phases"
CONF_PROFILE: Final = "profile"
CONF_AREA: Final = "area_id"
CONF_SITE: Final = "site"  # the site's name, when one Home Assistant sees several sites
CONF_BUILDING: Final = "building"
CONF_LOCATION: Final = "location"
CONF_LATITUDE: Final = "latitude"
CONF_LONGITUDE: Final = "longitude"
CONF_X: Final = "x"
CONF_Y: Final = "y"
CONF_FLOOR: Final = "floor"
CONF_NOTIFY_TARGETS: Final = "notify_targets"  # the box's bound clients: notify actions
# The supply's nominal phase voltage: "220" (220/380 V, China, the default) or "230" (230/400 V).
CONF_NOMINAL_VOLTAGE: Final = "nominal_voltage"
NOMINAL_VOLTAGES: Final = ("220", "230")

# Where a box is, as the alarms record it: names, free text, coordinates and floor.
PLACE_KEYS: Final = (
    CONF_SITE,
    CONF_BUILDING,
    CONF_LOCATION,
    CONF_LATITUDE,
    CONF_LONGITUDE,
    CONF_X,
    CONF_Y,
    CONF_FLOOR,
)

# The box details a user sets in the flows (area, place, bound clients).
DETAIL_KEYS: Final = (CONF_AREA, *PLACE_KEYS, CONF_NOMINAL_VOLTAGE, CONF_NOTIFY_TARGETS)

CONF_FIRST_UNIT: Final = "first_unit"
CONF_LAST_UNIT: Final = "last_unit"
CONF_BOXES: Final = "boxes"

ATTR_FORCE: Final = "force"

EVENT_ALARM: Final = "alarm"
EVENT_CLEARED: Final = "cleared"

# Measurements whose sensors start disabled: rarely looked at on a device page, and each enabled
# entity costs memory and recorder rows. A measurement absent at set-up that comes back is
# enabled by the integration, but never one of these.
RARELY_USED: Final = frozenset(
    {
        "line_voltage_ab",
        "line_voltage_bc",
        "line_voltage_ca",
        "active_power_a",
        "active_power_b",
        "active_power_c",
        "power_factor",
        "frequency",
    }
)

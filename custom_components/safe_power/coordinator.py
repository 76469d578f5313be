"""The gateway coordinator: one poll loop per gateway, a fast alarm lane and telemetry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .box.modbus import (
    BoxExceptionError,
    BoxLink,
    BoxPoller,
    BoxTimeoutError,
    GatewayConfig,
    GatewayConnectionError,
    GatewayError,
    ModbusGateway,
    ReadbackError,
    Transport,
)
from .box.model import AlarmCause, BoxReading
from .box.profile import Profile
from .box.quality import QualificationRate, current_unbalance, voltage_unbalance
from .const import (
    CONF_ALARM_INTERVAL,
    CONF_BAUDRATE,
    CONF_BYTESIZE,
    CONF_PARITY,
    CONF_PHASES,
    CONF_PROFILE,
    CONF_SERIAL_PORT,
    CONF_STOPBITS,
    CONF_TELEMETRY_INTERVAL,
    CONF_TIMEOUT,
    CONF_TRANSPORT,
    CONF_UNIT_ID,
    DEFAULT_ALARM_INTERVAL,
    DEFAULT_TELEMETRY_INTERVAL,
    DOMAIN,
    LOGGER,
    SUBENTRY_BOX,
)


@dataclass(frozen=True, slots=True)
class BoxData:
    """What the entities of one box show after a poll."""

    online: bool
    reading: BoxReading | None
    derived: MappingProxyType[str, float] = field(default_factory=lambda: MappingProxyType({}))
    last_error: str | None = None

    @property
    def values(self) -> MappingProxyType[str, float]:
        """Return the accepted measurements (empty before the first telemetry)."""
        return self.reading.values if self.reading else MappingProxyType({})

    @property
    def alarms(self) -> frozenset[AlarmCause]:
        """Return the alarms the detector reports."""
        return self.reading.alarms if self.reading else frozenset()


type SafePowerConfigEntry = ConfigEntry[SafePowerCoordinator]


def gateway_config(data: dict[str, Any] | Any) -> GatewayConfig:
    """Build the gateway configuration from config entry data."""
    transport = Transport(data[CONF_TRANSPORT])
    if transport is Transport.SERIAL:
        return GatewayConfig(
            transport,
            serial_port=data[CONF_SERIAL_PORT],
            baudrate=int(data.get(CONF_BAUDRATE, 9600)),
            parity=data.get(CONF_PARITY, "N"),
            stopbits=int(data.get(CONF_STOPBITS, 1)),
            bytesize=int(data.get(CONF_BYTESIZE, 8)),
            timeout=float(data.get(CONF_TIMEOUT, 1.0)),
        )
    return GatewayConfig(
        transport,
        host=data[CONF_HOST],
        port=int(data[CONF_PORT]),
        timeout=float(data.get(CONF_TIMEOUT, 1.0)),
    )


class SafePowerCoordinator(DataUpdateCoordinator[dict[str, BoxData]]):
    """Polls every box of one gateway.

    The coordinator ticks at the alarm interval (default 2 s) and reads the alarm/status
    registers of every box; every telemetry interval (default 15 s) the same tick reads the
    whole telemetry block instead. Entities are keyed by the box's subentry id.
    """

    config_entry: SafePowerConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: SafePowerConfigEntry, profiles: dict[str, Profile]
    ) -> None:
        """Set up the gateway client and one link per configured box."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.title}",
            update_interval=timedelta(
                seconds=entry.options.get(CONF_ALARM_INTERVAL, DEFAULT_ALARM_INTERVAL)
            ),
            always_update=False,
        )
        self.telemetry_interval = float(
            entry.options.get(CONF_TELEMETRY_INTERVAL, DEFAULT_TELEMETRY_INTERVAL)
        )
        self.gateway = ModbusGateway(gateway_config(entry.data))
        self.boxes: dict[str, ConfigSubentry] = {}
        links: list[BoxLink] = []
        self._links: dict[str, BoxLink] = {}
        for subentry in entry.subentries.values():
            if subentry.subentry_type != SUBENTRY_BOX:
                continue
            profile = profiles.get(subentry.data[CONF_PROFILE])
            if profile is None:
                LOGGER.error(
                    "Box %s uses the unknown profile %s; it is skipped",
                    subentry.title,
                    subentry.data[CONF_PROFILE],
                )
                continue
            link = BoxLink(int(subentry.data[CONF_UNIT_ID]), profile, subentry.data[CONF_PHASES])
            self.boxes[subentry.subentry_id] = subentry
            self._links[subentry.subentry_id] = link
            links.append(link)
        self.poller = BoxPoller(self.gateway, links)
        self._quality = {sid: QualificationRate(link.phases) for sid, link in self._links.items()}
        self._next_telemetry = 0.0
        self._was_online: dict[str, bool] = {}
        self._dropped: dict[str, frozenset[str]] = {}

    async def _async_setup(self) -> None:
        """Open the connection to the gateway."""
        try:
            await self.gateway.connect()
        except GatewayConnectionError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"gateway": self.gateway.config.label},
            ) from err

    async def _async_update_data(self) -> dict[str, BoxData]:
        """Poll every box that is not backing off."""
        now = dt_util.utcnow()
        ts = now.timestamp()
        telemetry = ts >= self._next_telemetry
        try:
            await self.poller.poll(ts, telemetry=telemetry)
        except GatewayConnectionError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"gateway": self.gateway.config.label},
            ) from err
        if telemetry:
            self._next_telemetry = ts + self.telemetry_interval
        local_now = dt_util.as_local(now)
        data: dict[str, BoxData] = {}
        for sid, link in self._links.items():
            if telemetry and link.online and link.reading is not None:
                self._quality[sid].add(local_now, link.reading.values)
            self._log_transition(sid, link)
            if telemetry and link.online:
                self._log_dropped(sid, link)
            data[sid] = self._box_data(sid, link)
        return data

    def _box_data(self, sid: str, link: BoxLink) -> BoxData:
        derived: dict[str, float] = {}
        if link.reading is not None and link.phases == 3:
            if (vu := voltage_unbalance(link.reading.values)) is not None:
                derived["voltage_unbalance"] = vu
            if (cu := current_unbalance(link.reading.values)) is not None:
                derived["current_unbalance"] = cu
        if (rate := self._quality[sid].rate) is not None:
            derived["voltage_qualification_rate"] = rate
        return BoxData(link.online, link.reading, MappingProxyType(derived), link.last_error)

    def _log_transition(self, sid: str, link: BoxLink) -> None:
        """Log once when a box stops answering and once when it is back."""
        was = self._was_online.get(sid)
        if was is link.online:
            return
        self._was_online[sid] = link.online
        name = self.boxes[sid].title
        if not link.online:
            LOGGER.warning(
                "Box %s (unit %s) is unavailable: %s; asking again in %.0f s",
                name,
                link.unit,
                link.last_error,
                link.retry_at - dt_util.utcnow().timestamp(),
            )
        elif was is not None:
            LOGGER.info("Box %s (unit %s) is back online", name, link.unit)

    def _log_dropped(self, sid: str, link: BoxLink) -> None:
        """Warn once when a box starts sending implausible values, once when it stops."""
        dropped = frozenset(link.dropped)
        before = self._dropped.get(sid, frozenset())
        if dropped == before:
            return
        self._dropped[sid] = dropped
        if dropped - before:
            LOGGER.warning(
                "Box %s sent implausible values, not shown: %s",
                self.boxes[sid].title,
                ", ".join(sorted(dropped - before)),
            )
        if not dropped:
            LOGGER.info("Box %s sends plausible values again", self.boxes[sid].title)

    def link(self, subentry_id: str) -> BoxLink:
        """Return the poller's link of a box."""
        return self._links[subentry_id]

    async def async_set_contactor(self, subentry_id: str, *, closed: bool, force: bool) -> None:
        """Switch a box's contactor, confirmed by read-back; raise a translated error."""
        link = self._links[subentry_id]
        name = self.boxes[subentry_id].title
        if not link.online:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="box_offline",
                translation_placeholders={"box": name},
            )
        if closed and link.reading and link.reading.alarms and not force:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="alarm_active",
                translation_placeholders={"box": name},
            )
        LOGGER.info(
            "Contactor of box %s (unit %s): %s requested%s",
            name,
            link.unit,
            "close (power on)" if closed else "open (power off)",
            " with force despite active alarms" if force and closed else "",
        )
        try:
            await self.poller.set_contactor(link.unit, closed=closed)
        except ReadbackError as err:
            LOGGER.error("Contactor of box %s did not follow the command", name)
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="readback_mismatch",
                translation_placeholders={"box": name},
            ) from err
        except GatewayError as err:
            raise self._command_error(name, err) from err
        LOGGER.info("Contactor of box %s confirmed %s", name, "closed" if closed else "open")
        self.async_set_updated_data(
            {**(self.data or {}), subentry_id: self._box_data(subentry_id, link)}
        )

    async def async_command(self, subentry_id: str, value: int) -> None:
        """Send a plain command (alarm reset, self-test) to a box."""
        name = self.boxes[subentry_id].title
        if not self._links[subentry_id].online:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="box_offline",
                translation_placeholders={"box": name},
            )
        try:
            await self.poller.command(self._links[subentry_id].unit, value)
        except GatewayError as err:
            raise self._command_error(name, err) from err
        LOGGER.info("Command %s sent to box %s", value, name)
        await self.async_request_refresh()

    @staticmethod
    def _command_error(name: str, err: GatewayError) -> HomeAssistantError:
        if isinstance(err, BoxExceptionError):
            return HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_rejected",
                translation_placeholders={"box": name, "code": str(err.code)},
            )
        key = "command_timeout" if isinstance(err, BoxTimeoutError) else "command_failed"
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key=key,
            translation_placeholders={"box": name, "error": str(err)},
        )

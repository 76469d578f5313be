"""The gateway coordinator: one poll loop per gateway, a fast alarm lane and telemetry."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, replace
import datetime as dt
from datetime import timedelta
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.update_coordinator import UpdateFailed
from homeassistant.util import dt as dt_util

from .box.modbus import (
    BoxExceptionError,
    BoxTimeoutError,
    GatewayConfig,
    GatewayConnectionError,
    GatewayError,
    ModbusGateway,
    ReadbackError,
    Transport,
    profile_capabilities,
)
from .box.mqtt import Command
from .box.poller import BoxLink, BoxPoller
from .box.profile import Profile
from .const import (
    CONF_ALARM_INTERVAL,
    CONF_BAUDRATE,
    CONF_BYTESIZE,
    CONF_FIRMWARE,
    CONF_MODEL,
    CONF_OFFLINE_AFTER,
    CONF_PARITY,
    CONF_PHASES,
    CONF_PROFILE,
    CONF_SERIAL,
    CONF_SERIAL_PORT,
    CONF_STOPBITS,
    CONF_TELEMETRY_INTERVAL,
    CONF_TIMEOUT,
    CONF_TRANSPORT,
    CONF_UNIT_ID,
    DEFAULT_ALARM_INTERVAL,
    DEFAULT_OFFLINE_AFTER,
    DEFAULT_TELEMETRY_INTERVAL,
    DETAIL_KEYS,
    DOMAIN,
    LOGGER,
    RARELY_USED,
    SUBENTRY_BOX,
)
from .gateway import GatewayFigures, OverloadWatch
from .hub import BoxData, BoxInfo, Derivation, SafePowerHub, SettingNotKeptError

type SafePowerConfigEntry = ConfigEntry[SafePowerHub]

MIN_GAP: Final = 0.05  # s: the shortest wait between two ticks (the coordinator's timer)


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


class SafePowerCoordinator(SafePowerHub):
    """Polls every box of one gateway.

    The coordinator ticks at the alarm interval (default 2 s), one tick starting an interval
    after the last one started: each reads the alarm/status registers of every box, then the
    telemetry that is due (every box every telemetry interval, default 15 s) in the time left
    before the next tick (`BoxPoller.tick`). The first poll reads everything. Entities are keyed
    by the box's subentry id; the gateway's own figures (`GatewayFigures`) reach its sensors
    by a dispatcher signal.
    """

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
        self.alarm_interval = float(entry.options.get(CONF_ALARM_INTERVAL, DEFAULT_ALARM_INTERVAL))
        self.gateway = ModbusGateway(gateway_config(entry.data))
        self.boxes = {}
        self._subentries: dict[str, ConfigSubentry] = {}
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
            self._subentries[subentry.subentry_id] = subentry
            self._links[subentry.subentry_id] = link
            self.boxes[subentry.subentry_id] = self._info(subentry, link)
            links.append(link)
        self.poller = BoxPoller(
            self.gateway,
            links,
            offline_after_failures=int(
                entry.options.get(CONF_OFFLINE_AFTER, DEFAULT_OFFLINE_AFTER)
            ),
            telemetry_interval=self.telemetry_interval,
            clock=hass.loop.time,
        )
        self.figures = GatewayFigures()
        self.poller.on_alarm = self._hand_over_alarm
        self._keys = {link.unit: sid for sid, link in self._links.items()}
        self._fill: asyncio.Task[None] | None = None  # the telemetry read after a sweep
        self._deadline = 0.0  # when the next sweep is due (the poller's clock)
        self._overload = OverloadWatch(hass, entry, self)
        self._derive = {sid: Derivation(hass, self.boxes[sid]) for sid in self._links}
        self._silent_rounds = 0  # polls in a row in which no box answered
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

    @staticmethod
    def _info(subentry: ConfigSubentry, link: BoxLink) -> BoxInfo:
        data = subentry.data
        return BoxInfo(
            title=subentry.title,
            serial=data[CONF_SERIAL],
            manufacturer=link.profile.manufacturer,
            model=data[CONF_MODEL],
            firmware=data.get(CONF_FIRMWARE) or "",
            phases=link.phases,
            capabilities=profile_capabilities(link.profile, link.phases),
            subentry_id=subentry.subentry_id,
            details={k: data[k] for k in DETAIL_KEYS if data.get(k) is not None},
        )

    def note_absent(self) -> None:
        """After the first poll: note what each box marks "not present" (see `BoxInfo.absent`).

        Every measurement of the box's profile gets an entity; those it reports as absent (e.g.
        no neutral sensor) start disabled. One present but implausible is not absent. A box
        that did not answer has nothing absent.
        """
        for sid, link in self._links.items():
            if link.online and link.reading is not None:
                info = self.boxes[sid]
                present = set(link.reading.values) | set(link.dropped)
                absent = frozenset(info.capabilities.measurements - present)
                self.boxes[sid] = replace(info, absent=absent)

    @callback
    def _enable_returned(self, sid: str, link: BoxLink) -> None:
        """Enable the entity of a measurement that was absent at set-up and now has a value.

        Only an entity the integration disabled for its absence is enabled (not one the user
        disabled, nor one that starts disabled anyway: `RARELY_USED`); the entry reloads so that
        it is added.
        """
        info = self.boxes[sid]
        if link.reading is None or not (came := info.absent & set(link.reading.values)):
            return
        self.boxes[sid] = replace(info, absent=info.absent - came)
        if not (came := came - RARELY_USED):
            return
        registry = er.async_get(self.hass)
        enabled = []
        for key in sorted(came):
            entity_id = registry.async_get_entity_id("sensor", DOMAIN, f"{info.serial}_{key}")
            entry = registry.async_get(entity_id) if entity_id else None
            if entry is not None and entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION:
                registry.async_update_entity(entry.entity_id, disabled_by=None)
                enabled.append(key)
        if enabled:
            LOGGER.info(
                "Box %s now measures %s: enabled, the gateway reloads",
                info.title,
                ", ".join(enabled),
            )
            self.hass.config_entries.async_schedule_reload(self.config_entry.entry_id)

    async def _async_update_data(self) -> dict[str, BoxData]:
        """Poll every box that is not backing off: an alarm tick, or everything the first time.

        A tick returns the alarm sweep's data at once (the entities and the alarm register hear
        of an alarm then, not after the telemetry) and leaves the telemetry that fits before
        the next tick to a task of its own (`_async_fill`), which hands over what it read.
        """
        start = self.hass.loop.time()
        try:
            data = await self._async_poll()
        finally:
            self._keep_period(start)
            self._update_figures()
        if self.data is not None and (self._fill is None or self._fill.done()):
            self._fill = self.config_entry.async_create_background_task(
                self.hass, self._async_fill(), f"{DOMAIN} telemetry {self.config_entry.title}"
            )
        return data

    async def _async_poll(self) -> dict[str, BoxData]:
        now = dt_util.utcnow()
        ts = now.timestamp()
        first = self.data is None
        try:
            if first:  # everything; no alarm sweep (it would count the long read as one)
                asked, answered = await self.poller.poll(ts, telemetry=True)
            else:
                self.poller.load.sweep(self.poller.clock())
                self._deadline = self.poller.clock() + self.alarm_interval
                asked, answered = await self.poller.poll(ts, telemetry=False)
            silent = self._silent_rounds >= self.poller.offline_after_failures
            if silent and not asked and self._links:
                # Every box backs off while the gateway is silent: ask one at every poll, so
                # that its return is seen at once, not when the longest back-off ends.
                probe = next(iter(self._links.values()))
                await self.poller.poll_box(probe, ts, telemetry=first)
                asked, answered = 1, int(probe.failures == 0)
            if answered and silent:
                # The gateway is back. Its boxes missed polls because of it, not on their
                # own: ask the ones it left backing off now, rather than show them offline.
                for link in self._links.values():
                    if not link.online:
                        await self.poller.poll_box(link, ts, telemetry=first)
        except GatewayConnectionError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"gateway": self.gateway.config.label},
            ) from err
        # Every box silent together, round after round: the gateway (or its bus) is gone,
        # not each box. It counts as unreachable, so that nobody reads it as an area outage.
        if answered:
            self._silent_rounds = 0
        elif asked >= 2 or (not asked and self._silent_rounds):
            self._silent_rounds += 1
        if self._silent_rounds >= self.poller.offline_after_failures:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="gateway_silent",
                translation_placeholders={"gateway": self.gateway.config.label},
            )
        return self._collect(now)

    @callback
    def _hand_over_alarm(self, link: BoxLink) -> None:
        """Hand a box's moved alarms over at once, before the sweep reads the next box.

        The rest of the sweep follows when it ends; the entities and the alarm register hear
        of the alarm the moment its bits are read (and the values of that moment with them).
        """
        if self.data is None or not self.last_update_success:
            return  # the first poll, or the gateway is down: the poll's own data follows
        sid = self._keys[link.unit]
        self.data = {**self.data, sid: self._box_data(sid, link)}
        self.async_update_listeners()

    async def _async_fill(self) -> None:
        """Read the telemetry that fits before the next tick; hand over what it read.

        The data is set and the listeners told directly: `async_set_updated_data` would move
        the next tick, which must start an alarm interval after this one did.
        """
        now = dt_util.utcnow()
        try:
            await self.poller.fill(now.timestamp(), deadline=self._deadline)
        except GatewayConnectionError:
            return  # the next tick finds out and says so
        if self.last_update_success and any(link.fresh for link in self._links.values()):
            self.data = self._collect(now)
            self.async_update_listeners()
        self._update_figures(tick=False)

    def _collect(self, now: dt.datetime) -> dict[str, BoxData]:
        """Return every box's data; a fresh telemetry reading is taken into the figures once."""
        local_now = dt_util.as_local(now)
        data: dict[str, BoxData] = {}
        for sid, link in self._links.items():
            # Only a reading the box gave at this poll counts; a box that missed it keeps
            # its last reading on show, but that is no new sample of its supply.
            fresh = link.fresh and link.online and link.failures == 0
            link.fresh = False
            if fresh and link.reading is not None:
                self._derive[sid].add(local_now, link.reading)
            self._log_transition(sid, link)
            if fresh:
                self._log_dropped(sid, link)
                self._enable_returned(sid, link)
            data[sid] = self._box_data(sid, link)
        return data

    def _keep_period(self, start: float) -> None:
        """Start the next tick one alarm interval after this one started, not after it ended.

        The coordinator schedules its next refresh, once this one returns, at the whole second
        of the loop's clock plus its fixed fraction plus `update_interval`: a tick that ran
        into the next second would push every later one a second back. The interval is cut by
        the whole seconds this tick took; a tick that overran the interval is followed at once.
        """
        elapsed = int(self.hass.loop.time()) - int(start)
        seconds = max(self.alarm_interval - elapsed, MIN_GAP)
        if self.update_interval is None or self.update_interval.total_seconds() != seconds:
            self.update_interval = timedelta(seconds=seconds)

    def _update_figures(self, *, tick: bool = True) -> None:
        """Work the gateway's figures out; tell its sensors when a shown one moved.

        Once per tick (`tick`), the overload repair looks at them too.
        """
        load = self.poller.load
        shown = self.figures.shown()
        self.figures = GatewayFigures(
            utilisation=load.utilisation(self.poller.clock()),
            alarm_period=load.sweep_period(),
            demand=self.poller.demand(),
        )
        if self.figures.shown() != shown:
            async_dispatcher_send(self.hass, self.figures_signal)
        if tick:
            self._overload.check(self.figures)

    @property
    def figures_signal(self) -> str:
        """Return the dispatcher signal of this gateway's figures."""
        return f"{DOMAIN}_gateway_figures_{self.config_entry.entry_id}"

    def _box_data(self, sid: str, link: BoxLink) -> BoxData:
        derive = self._derive[sid]
        silent = link.silent_since if not link.online else None
        return BoxData(
            link.online,
            link.reading,
            derive.figures(link.reading),
            link.last_error,
            silent_since=None if silent is None else dt_util.utc_from_timestamp(silent),
            faults=derive.faults(link.reading),
        )

    def _log_transition(self, sid: str, link: BoxLink) -> None:
        """Log once when a box is declared offline and once when it is back.

        A box that misses a reply or two stays online and logs nothing; one that has not
        answered since start-up is logged when it counts as offline, not before.
        """
        if not link.online and not link.offline:
            return  # not answered yet, but not offline either: nothing to say yet
        was = self._was_online.get(sid)
        if was is link.online:
            return
        self._was_online[sid] = link.online
        name = self.boxes[sid].title
        # Info, not warning (quality scale "log-when-unavailable"): one line each way.
        if not link.online:
            LOGGER.info(
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

    def diagnostics(self) -> dict[str, Any]:
        """Return the gateway and the poller's view of every box."""
        return {
            "gateway": asdict(self.gateway.config),
            "connected": self.gateway.connected,
            "requests": self.gateway.requests,
            "alarm_interval": self.alarm_interval,
            "telemetry_interval": self.telemetry_interval,
            "bus": asdict(self.figures),
            "boxes": {
                sid: {
                    "unit_id": link.unit,
                    "profile": link.profile.id,
                    "online": link.online,
                    "failures": link.failures,
                    "last_error": link.last_error,
                    "dropped_values": list(link.dropped),
                }
                for sid, link in self._links.items()
            },
        }

    def link(self, subentry_id: str) -> BoxLink:
        """Return the poller's link of a box."""
        return self._links[subentry_id]

    async def async_set_contactor(self, key: str, *, closed: bool, force: bool) -> None:
        """Switch a box's contactor, confirmed by read-back; raise a translated error."""
        await self.async_check_contactor_command(key, closed=closed, force=force)
        link = self._links[key]
        name = self.boxes[key].title
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
        # Currents and power follow the contactor: read them at the next (alarm-lane) tick
        # rather than showing the load of a box that has just been cut for a whole interval.
        link.telemetry_due = 0.0
        self.async_set_updated_data({**(self.data or {}), key: self._box_data(key, link)})

    def setting_range(self, key: str, setting: str) -> tuple[float, float]:
        """Return the range of a setting on the box's detector (its profile's)."""
        return self._links[key].profile.setting_range(setting)

    async def async_write_setting(self, key: str, setting: str, value: float) -> None:
        """Write a box's alarm setting, confirmed by reading the settings back."""
        await self.async_check_contactor_command(key, closed=False, force=False)  # online
        link = self._links[key]
        name = self.boxes[key].title
        try:
            await self.poller.write_setting(link.unit, setting, value)
        except ReadbackError as err:
            # A warning: the user who set it gets the translated error.
            LOGGER.warning("Box %s did not take the setting %s = %s: %s", name, setting, value, err)
            raise SettingNotKeptError from err
        except GatewayError as err:
            raise self._command_error(name, err) from err
        self.async_set_updated_data({**(self.data or {}), key: self._box_data(key, link)})

    async def async_command(self, key: str, command: Command) -> None:
        """Send a plain command (alarm reset, self-test) to a box."""
        name = self.boxes[key].title
        # The online check only.
        await self.async_check_contactor_command(key, closed=False, force=False)
        try:
            await self.poller.command(self._links[key].unit, command)
        except GatewayError as err:
            raise self._command_error(name, err) from err
        LOGGER.info("Command %s sent to box %s", command, name)
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

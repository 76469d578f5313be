"""Every box of every entry, seen together: where each is, what it raised, what it measured.

The correlation engine (`box.correlation`) and the diagnosis rules (`box.diagnosis`) are pure;
this module feeds them from Home Assistant: each hub registers its boxes with their places,
the alarm log records alarms and offline/online transitions, and every telemetry update adds a
sample to the box's recent history. The service actions read it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, Final

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import area_registry as ar, device_registry as dr
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .box.correlation import Correlator, Event as CorrelationEvent
from .box.diagnosis import Diagnosis, NeighbourFacts, Prepared, diagnose, prepare
from .box.history import (
    History,
    Packed,
    Sample,
    coarse_snapshot,
    pack,
    restore,
    snapshot,
)
from .box.model import AlarmCause, AlarmDetail
from .box.places import Place
from .box.trend import (
    LeakageTrend,
    cable_peak_slope,
    cable_temperature,
    leakage_trend,
)
from .const import (
    CONF_BUILDING,
    CONF_FLOOR,
    CONF_LATITUDE,
    CONF_LOCATION,
    CONF_LONGITUDE,
    CONF_NOTIFY_TARGETS,
    CONF_X,
    CONF_Y,
    DOMAIN,
    LOGGER,
)
from .hub import SafePowerHub

# Sent when a hub's boxes join the fleet or leave it (an entry set up, unloaded or reloaded).
SIGNAL_FLEET_BOXES: Final = f"{DOMAIN}_fleet_boxes"

# Neighbourhoods the alarm log's diagnosis looks at (the services take their own).
DIAGNOSIS_DISTANCE: Final = 50.0  # m: boxes sharing a feeder or a floor
DIAGNOSIS_WINDOW: Final = timedelta(minutes=10)
OFFLINE_DISTANCE: Final = 100.0  # m
OFFLINE_DELTA: Final = timedelta(minutes=2)
OFFLINE_AFTER_ALARM: Final = timedelta(minutes=5)
# Recent telemetry kept per box: fine samples for hours, coarse ones for a week (insulation
# ageing shows over days).
FINE_SPACING: Final = 10.0  # s
FINE_SAMPLES: Final = 1080  # 3 h at 10 s
COARSE_SPACING: Final = 900.0  # s
COARSE_SAMPLES: Final = 7 * 96  # 7 days at 15 min

# The history is stored so that correlation and diagnosis see across a restart: the
# correlation events and each box's latest fine samples every SAVE_EVERY, the week of coarse
# samples (a hundred times more, and one new sample a box in 15 minutes) every
# SAVE_COARSE_EVERY in a document of its own; both when Home Assistant stops. Samples are
# stored as `[time, value, ...]` in the order of the document's "keys" (earlier versions:
# `[time, {key: value}]` with every key, and the coarse samples in the first document).
STORAGE_VERSION: Final = 1
STORAGE_KEY: Final = f"{DOMAIN}.history"
COARSE_STORAGE_KEY: Final = f"{DOMAIN}.history_coarse"
SAVE_EVERY: Final = timedelta(minutes=15)
SAVE_COARSE_EVERY: Final = timedelta(hours=3)
STORED_FINE: Final = 90  # the last 15 min of fine samples
# A box's history prepared for diagnosis is kept for its next alarm while the history has not
# moved, within the same turn of the event loop: a box raising two alarms at once (overcurrent
# and cable over-temperature) has its week cleaned and worked out once. A few boxes only (a
# prepared week is 1.6 MB of dicts, tracemalloc).
PREPARED_KEPT: Final = 2

_DATA: HassKey[Fleet] = HassKey(f"{DOMAIN}_fleet")


@dataclass(frozen=True, slots=True)
class Trends:
    """A box's early warnings from its week of coarse samples."""

    leakage: LeakageTrend | None
    cable_peak_slope: float | None  # K/day of the daily maxima


@dataclass(slots=True)
class FleetBox:
    """One box as the fleet knows it: its hub, its device and its recent readings."""

    serial: str
    hub: SafePowerHub
    key: str
    device_id: str
    fine: History = field(default_factory=lambda: History(FINE_SAMPLES))
    coarse: History = field(default_factory=lambda: History(COARSE_SAMPLES))
    _trends: tuple[object, Trends] | None = field(default=None, repr=False)

    @property
    def title(self) -> str:
        """Return the box's name."""
        return self.hub.boxes[self.key].title

    @property
    def details(self) -> Mapping[str, Any]:
        """Return the box's location details and bound clients."""
        return self.hub.boxes[self.key].details

    @property
    def online(self) -> bool:
        """Return True while Home Assistant can read the box."""
        box = (self.hub.data or {}).get(self.key)
        return bool(box and box.online and self.hub.last_update_success and self.hub.reachable)

    def add_sample(self, when: datetime, values: Mapping[str, float]) -> None:
        """Keep a reading's history keys, thinned to the fine and coarse spacings."""
        if not values or (packed := pack(values)) is None:
            return
        sample = (when, Packed(packed))
        if not self.fine or (when - self.fine[-1][0]).total_seconds() >= FINE_SPACING:
            self.fine.append(sample)
        if not self.coarse or (when - self.coarse[-1][0]).total_seconds() >= COARSE_SPACING:
            self.coarse.append(sample)

    def history(self) -> list[Sample]:
        """Return the week's coarse samples followed by the recent fine ones."""
        start = self.fine[0][0] if self.fine else None
        older = [s for s in self.coarse if start is None or s[0] < start]
        return [*older, *self.fine]

    def trends(self) -> Trends:
        """Return where leakage and the cable temperature are heading.

        Worked out again when a coarse sample (every 15 min) has been added, not per reading:
        a line over a week does not move with one more sample.
        """
        stamp = (len(self.coarse), self.coarse[-1][0] if self.coarse else None)
        if self._trends is None or self._trends[0] != stamp:
            history = list(self.coarse)
            self._trends = (stamp, Trends(leakage_trend(history), cable_peak_slope(history)))
        return self._trends[1]


def _rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def place_of(details: Mapping[str, Any], title: str) -> Place:
    """Return a box's place from its details; incomplete coordinates leave it unplaced."""
    try:
        return Place(
            latitude=details.get(CONF_LATITUDE),
            longitude=details.get(CONF_LONGITUDE),
            x=details.get(CONF_X),
            y=details.get(CONF_Y),
            floor=details.get(CONF_FLOOR),
        )
    except ValueError as err:
        LOGGER.warning(
            "Box %s has incomplete coordinates (%s): it is left out of neighbour searches",
            title,
            err,
        )
        return Place()


class Fleet:
    """The boxes of all entries, the correlation engine and the recent histories."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Start empty: hubs register their boxes when their entry is set up."""
        self.hass = hass
        self.correlator = Correlator()
        self.boxes: dict[str, FleetBox] = {}  # by serial
        self._by_device: dict[str, str] = {}
        self._restored: dict[str, tuple[list[Sample], list[Sample]]] = {}
        # serial → (the histories and where they stood, the prepared history); see PREPARED_KEPT
        self._prepared: dict[str, tuple[tuple[object, ...], Prepared]] = {}
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, STORAGE_KEY, serialize_in_event_loop=False
        )
        self._coarse_store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, COARSE_STORAGE_KEY, serialize_in_event_loop=False
        )

    async def async_load(self) -> None:
        """Restore the stored history; save it every SAVE_EVERY and when Home Assistant stops."""
        loaded: Any = await self._store.async_load()
        data: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
        coarse: Any = await self._coarse_store.async_load()
        self.correlator.restore(data.get("events") or [])
        self._restored = await self.hass.async_add_executor_job(restore, data, coarse)
        hass = self.hass
        async_track_time_interval(hass, self._save, SAVE_EVERY, cancel_on_shutdown=True)
        async_track_time_interval(
            hass, self._save_coarse, SAVE_COARSE_EVERY, cancel_on_shutdown=True
        )
        hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, self._save)
        hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, self._save_coarse)

    @callback
    def _save(self, _arg: Any = None) -> None:
        """Store the events and the fine samples; built and written in the executor.

        Here only the packed histories are copied: turning every sample into JSON in the event
        loop took it seconds with 1,000 boxes.
        """
        fine: dict[str, Iterable[Sample]] = {s: f for s, (f, _c) in self._restored.items()}
        for serial, box in self.boxes.items():
            fine[serial] = box.fine.copy(STORED_FINE)
        events = self.correlator.export()
        self._store.async_delay_save(lambda: snapshot(events, fine), 0)

    @callback
    def _save_coarse(self, _arg: Any = None) -> None:
        """Store the week of coarse samples; built and written in the executor."""
        coarse: dict[str, Iterable[Sample]] = {s: c for s, (_f, c) in self._restored.items()}
        for serial, box in self.boxes.items():
            coarse[serial] = box.coarse.copy()
        self._coarse_store.async_delay_save(lambda: coarse_snapshot(coarse), 0)

    def register(self, hub: SafePowerHub, device_ids: Mapping[str, str]) -> Callable[[], None]:
        """Add a hub's boxes (key → device id); return the call that takes them out again."""
        serials: list[str] = []
        for key, info in hub.boxes.items():
            device_id = device_ids[key]
            previous = self.boxes.get(info.serial)
            box = FleetBox(info.serial, hub, key, device_id)
            if previous is not None:  # a reload keeps the history
                box.fine, box.coarse = previous.fine, previous.coarse
            elif (restored := self._restored.pop(info.serial, None)) is not None:
                box.fine.extend(restored[0])  # the history from before the restart
                box.coarse.extend(restored[1])
            self.boxes[info.serial] = box
            self._by_device[device_id] = info.serial
            self.correlator.place(info.serial, place_of(info.details, info.title))
            serials.append(info.serial)

        @callback
        def _on_update() -> None:
            now = dt_util.utcnow()
            for serial in serials:
                box = self.boxes.get(serial)
                data = (hub.data or {}).get(box.key) if box else None
                if box is not None and data is not None and data.online:
                    box.add_sample(data.time or now, data.values)

        remove_listener = hub.async_add_listener(_on_update)

        @callback
        def _unregister() -> None:
            remove_listener()
            for serial in serials:
                box = self.boxes.get(serial)
                if box is not None and box.hub is hub:
                    # History and place stay: a reload brings the box back at once.
                    del self.boxes[serial]
                    self._by_device.pop(box.device_id, None)
            async_dispatcher_send(self.hass, SIGNAL_FLEET_BOXES)

        async_dispatcher_send(self.hass, SIGNAL_FLEET_BOXES)
        return _unregister

    def by_device(self, device_id: str) -> FleetBox | None:
        """Return the box of a device."""
        serial = self._by_device.get(device_id)
        return self.boxes.get(serial) if serial else None

    # --- what the alarm log records -----------------------------------------------------

    def record_alarm(
        self, serial: str, detail: AlarmDetail | None, cause: AlarmCause
    ) -> CorrelationEvent | None:
        """Record an alarm raised by a box; return the event (None: too old to keep)."""
        return self.correlator.record(
            serial,
            cause,
            received=dt_util.utcnow(),
            time=detail.time if detail else None,
            value=detail.value if detail else None,
            threshold=detail.threshold if detail else None,
            unit=detail.unit if detail else None,
            channel=detail.channel if detail else None,
        )

    def record_connectivity(
        self, serial: str, *, online: bool, time: datetime | None = None
    ) -> CorrelationEvent | None:
        """Record a box going offline or coming back (`time`: when, if not now)."""
        if online:
            return self.correlator.record_online(serial, received=dt_util.utcnow(), time=time)
        return self.correlator.record_offline(serial, received=dt_util.utcnow(), time=time)

    def diagnose(self, serial: str, cause: AlarmCause | None) -> list[Diagnosis]:
        """Return the probable causes of a box's alarm, from its history and neighbours."""
        box = self.boxes.get(serial)
        if box is None:
            return []
        facts = None
        if cause is AlarmCause.OFFLINE:
            facts = NeighbourFacts.from_correlation(
                offline_neighbours=self._query(
                    self.correlator.offline_neighbours, serial, OFFLINE_DISTANCE, OFFLINE_DELTA
                ),
                offline_after_alarm=self._query(
                    self.correlator.offline_after_alarm, serial, OFFLINE_AFTER_ALARM
                ),
            )
        elif cause is not None and self.correlator.latest(serial, cause) is not None:
            facts = NeighbourFacts.from_correlation(
                neighbour_alarms=self._query(
                    self.correlator.neighbour_alarms,
                    serial,
                    cause,
                    DIAGNOSIS_DISTANCE,
                    DIAGNOSIS_WINDOW,
                )
            )
        data = (box.hub.data or {}).get(box.key)
        settings = data.reading.settings if data and data.reading else MappingProxyType({})
        return diagnose(
            self._prepared_history(box), cause=cause, neighbours=facts, settings=settings
        )

    def _prepared_history(self, box: FleetBox) -> Prepared:
        """Return the box's history prepared for diagnosis, once while it stands still."""
        fine, coarse = box.fine, box.coarse
        stamp = (
            fine,
            coarse,
            len(fine),
            fine[-1][0] if fine else None,
            len(coarse),
            coarse[-1][0] if coarse else None,
        )
        if not self._prepared:  # forgotten at the next turn of the event loop
            self.hass.loop.call_soon(self._prepared.clear)
        kept = self._prepared.pop(box.serial, None)
        prepared = kept[1] if kept is not None and kept[0] == stamp else prepare(box.history())
        self._prepared[box.serial] = (stamp, prepared)  # the newest last
        while len(self._prepared) > PREPARED_KEPT:
            del self._prepared[next(iter(self._prepared))]
        return prepared

    @staticmethod
    def _query[T](query: Callable[..., T], *args: Any) -> T | None:
        """Run a correlation query; a box without the needed event has no answer."""
        try:
            return query(*args)
        except KeyError, ValueError:
            return None

    def early_warning(self, serial: str) -> dict[str, Any]:
        """Return where a box's leakage and cable temperature are heading (plain JSON).

        `days_to_limit`: the sooner of the two, None when neither is heading for its setting.
        """
        box = self.boxes[serial]
        trends = box.trends()
        data = (box.hub.data or {}).get(box.key)
        settings = data.reading.settings if data and data.reading else MappingProxyType({})
        leakage_limit = settings.get("leakage_threshold")
        leakage: dict[str, Any] | None = None
        if (trend := trends.leakage) is not None:
            leakage = {
                "trend": round(trend.slope, 1),
                "baseline": round(trend.baseline, 1),
                "limit": leakage_limit,
                "days_to_limit": _rounded(trend.days_to(leakage_limit)),
                "days_of_history": round(trend.days, 1),
            }
        cable: dict[str, Any] | None = None
        values = data.values if data is not None else MappingProxyType({})
        limit = settings.get("cable_temperature_threshold")
        if (now := cable_temperature(values, trends.cable_peak_slope, limit)) is not None:
            cable = {
                "hottest": now.hottest,
                "conductor": now.conductor,
                "limit": limit,
                "margin": _rounded(now.margin),
                "trend": _rounded(now.slope, 2),
                "days_to_limit": _rounded(now.days_to_limit()),
            }
        days: list[float] = [
            d for w in (leakage, cable) if w and (d := w["days_to_limit"]) is not None
        ]
        return self.describe(
            serial, days_to_limit=min(days, default=None), leakage=leakage, cable=cable
        )

    # --- how the services describe a box ------------------------------------------------

    def describe(self, serial: str, **extra: Any) -> dict[str, Any]:
        """Return a box's device id, name, area, building and location for a service response."""
        box = self.boxes[serial]
        return {
            "device_id": box.device_id,
            "name": box.title,
            "area": self.area_name(box.device_id),
            "building": box.details.get(CONF_BUILDING),
            "location": box.details.get(CONF_LOCATION),
            **extra,
        }

    def area_id(self, device_id: str) -> str | None:
        """Return the id of the area a device is in now."""
        device = dr.async_get(self.hass).async_get(device_id)
        return None if device is None else device.area_id

    def area_name(self, device_id: str) -> str | None:
        """Return the name of the area a device is in now."""
        device = dr.async_get(self.hass).async_get(device_id)
        if device is None or device.area_id is None:
            return None
        area = ar.async_get(self.hass).async_get_area(device.area_id)
        return area.name if area else None

    def notify_targets(self, serial: str) -> list[str]:
        """Return the box's bound clients."""
        return list(self.boxes[serial].details.get(CONF_NOTIFY_TARGETS) or [])


async def async_setup_fleet(hass: HomeAssistant) -> Fleet:
    """Create the fleet and restore its history (once, at the integration's set-up)."""
    fleet = async_get_fleet(hass)
    await fleet.async_load()
    return fleet


@callback
def async_get_fleet(hass: HomeAssistant) -> Fleet:
    """Return the fleet, created on first use."""
    if (fleet := hass.data.get(_DATA)) is None:
        fleet = hass.data[_DATA] = Fleet(hass)
    return fleet

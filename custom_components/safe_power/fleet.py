"""Every box of every entry, seen together: where each is, what it raised, what it measured.

The correlation engine (`box.correlation`) and the diagnosis rules (`box.diagnosis`) are pure;
this module feeds them from Home Assistant: each hub registers its boxes with their places,
the alarm log records alarms and offline/online transitions, and every telemetry update adds a
sample to the box's recent history. The service actions read it back.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import math
from types import MappingProxyType
from typing import Any, Final

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import area_registry as ar, device_registry as dr
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .box.correlation import Correlator, Event as CorrelationEvent
from .box.diagnosis import Diagnosis, NeighbourFacts, Prepared, diagnose, prepare
from .box.model import AlarmCause, AlarmDetail
from .box.places import Place
from .box.trend import (
    CABLES,
    LEAKAGE,
    PHASE_CURRENTS,
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

# What the diagnosis rules (box/diagnosis.py) and the early-warning trends (box/trend.py) read
# of a sample: only these are kept in the histories, packed (`History`). Keeping whole readings
# (a reference box reports 23 measurements) took 1.5 kB a sample, 2.7 MB a box after a week;
# 1,500 boxes: 4 GB of Home Assistant's memory. Packed, a sample takes 104 bytes.
HISTORY_KEYS: Final = (
    "voltage_a",
    "voltage_b",
    "voltage_c",
    *PHASE_CURRENTS,
    "current_n",
    *CABLES,
    LEAKAGE,
)
_SLOT: Final = MappingProxyType({key: i for i, key in enumerate(HISTORY_KEYS)})
_WIDTH: Final = len(HISTORY_KEYS)
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND: Final = timedelta(microseconds=1)

type Sample = tuple[datetime, Mapping[str, float]]
_DATA: HassKey[Fleet] = HassKey(f"{DOMAIN}_fleet")


def _pack(values: Mapping[str, float]) -> array[float] | None:
    """Return the history's keys of a reading as doubles (NaN: absent); None without any."""
    packed = array("d", [values.get(key, math.nan) for key in HISTORY_KEYS])
    return packed if any(v == v for v in packed) else None  # noqa: PLR0124  (NaN)


class Packed(Mapping[str, float]):
    """A sample's values as the diagnosis and the trends read them, over packed doubles.

    A key the box did not report is NaN in the array and absent from the mapping (accepted
    measurements are finite).
    """

    __slots__ = ("_values",)

    def __init__(self, values: array[float]) -> None:
        """Wrap packed values, in the order of HISTORY_KEYS."""
        self._values = values

    def __getitem__(self, key: str) -> float:
        """Return a value; KeyError for a key the box did not report or one not kept."""
        value = self._values[_SLOT[key]]
        if value != value:  # noqa: PLR0124  (NaN: not reported)
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        """Iterate over the keys reported."""
        values = self._values
        return (key for key, v in zip(HISTORY_KEYS, values, strict=True) if v == v)  # noqa: PLR0124

    def __len__(self) -> int:
        """Return the number of keys reported."""
        return sum(1 for v in self._values if v == v)  # noqa: PLR0124

    def items(self) -> ItemsView[str, float]:
        """Return the reported keys and values, read in one pass (diagnose reads them all)."""
        return _PackedItems(self)


class _PackedItems(ItemsView[str, float]):
    """A packed sample's items without a look-up per key (the Mapping's own view does one)."""

    _mapping: Packed

    def __iter__(self) -> Iterator[tuple[str, float]]:
        """Iterate over the reported keys and their values."""
        values = self._mapping._values  # noqa: SLF001
        return ((key, v) for key, v in zip(HISTORY_KEYS, values, strict=True) if v == v)  # noqa: PLR0124

    def __repr__(self) -> str:
        """Show the values as a dict."""
        return f"Packed({dict(self)!r})"


class History:
    """A box's samples in the order added, at most `maxlen` (the oldest go), packed.

    Times (µs since the epoch) and values (HISTORY_KEYS' doubles) are two arrays: 104 bytes a
    sample. It reads like a deque of `(time, values)`: iteration, `len`, `[0]`, `[-1]`,
    `append` and `clear`; a sample with none of the history's keys is not kept.
    """

    __slots__ = ("_maxlen", "_times", "_values")

    def __init__(self, maxlen: int) -> None:
        """Start empty."""
        self._maxlen = maxlen
        self._times: array[int] = array("q")
        self._values: array[float] = array("d")

    @property
    def maxlen(self) -> int:
        """Return how many samples are kept at most."""
        return self._maxlen

    def __len__(self) -> int:
        """Return the number of samples kept."""
        return min(len(self._times), self._maxlen)

    def _first(self) -> int:
        return len(self._times) - len(self)

    def _sample(self, index: int) -> Sample:
        when = _EPOCH + self._times[index] * _MICROSECOND
        return when, Packed(self._values[index * _WIDTH : (index + 1) * _WIDTH])

    def __getitem__(self, index: int) -> Sample:
        """Return the index-th sample (negative: from the newest)."""
        count = len(self)
        if not -count <= index < count:
            raise IndexError(index)
        return self._sample(self._first() + index % count)

    def __iter__(self) -> Iterator[Sample]:
        """Iterate over the samples, oldest first."""
        for index in range(self._first(), len(self._times)):
            yield self._sample(index)

    def append(self, sample: Sample) -> None:
        """Keep a sample (and forget the oldest beyond `maxlen`)."""
        when, values = sample
        packed = values._values if isinstance(values, Packed) else _pack(values)  # noqa: SLF001
        if packed is None:
            return
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        self._times.append((when - _EPOCH) // _MICROSECOND)
        self._values.extend(packed)
        # The oldest go in batches: deleting the head of an array moves the rest.
        if (excess := len(self._times) - self._maxlen) >= max(1, self._maxlen // 8):
            del self._times[:excess]
            del self._values[: excess * _WIDTH]

    def extend(self, samples: Iterable[Sample]) -> None:
        """Keep several samples."""
        for sample in samples:
            self.append(sample)

    def clear(self) -> None:
        """Forget every sample."""
        del self._times[:]
        del self._values[:]

    def copy(self, last: int | None = None) -> History:
        """Return a copy (of the newest `last` samples): the executor may read it."""
        count = len(self) if last is None else min(last, len(self))
        start = len(self._times) - count
        copied = History(self._maxlen)
        copied._times = self._times[start:]
        copied._values = self._values[start * _WIDTH :]
        return copied


def _samples_out(samples: Iterable[Sample]) -> list[list[float | None]]:
    """Return samples as stored: `[time, value, ...]` in HISTORY_KEYS' order, null: absent."""
    return [
        [
            round(when.timestamp(), 3),
            *(round(values[k], 3) if k in values else None for k in HISTORY_KEYS),
        ]
        for when, values in samples
    ]


def _number(value: Any) -> float:
    """Return a stored value as a float, NaN for anything else."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return math.nan


def _samples_in(items: Any, keys: Any = HISTORY_KEYS) -> list[Sample]:
    """Read stored samples (only the history's keys are kept); anything unreadable is skipped.

    `keys`: the document's order of the values; samples of earlier versions are
    `[time, {key: value}]`.
    """
    order = [str(k) for k in keys] if isinstance(keys, list | tuple) else list(HISTORY_KEYS)
    samples: list[Sample] = []
    for item in items if isinstance(items, list) else []:
        try:
            ts, *rest = item
            when = datetime.fromtimestamp(float(ts), UTC)
            if len(rest) == 1 and isinstance(rest[0], dict):
                values = {str(k): _number(v) for k, v in rest[0].items()}
            else:
                values = {k: _number(v) for k, v in zip(order, rest, strict=False)}
        except TypeError, ValueError, AttributeError, OverflowError, OSError:
            continue
        clean = {k: v for k, v in values.items() if k in _SLOT and math.isfinite(v)}
        if (packed := _pack(clean)) is not None:
            samples.append((when, Packed(packed)))
    samples.sort(key=lambda s: s[0])
    return samples


def _restore(data: Any, coarse_data: Any) -> dict[str, tuple[list[Sample], list[Sample]]]:
    """Read every box's stored samples (in the executor: a week of 1,000 boxes is 10^6)."""
    samples = data.get("samples") if isinstance(data, dict) else None
    restored: dict[str, tuple[list[Sample], list[Sample]]] = {}
    keys = data.get("keys", HISTORY_KEYS) if isinstance(data, dict) else HISTORY_KEYS
    for serial, kept in (samples if isinstance(samples, dict) else {}).items():
        if isinstance(kept, dict):  # earlier versions kept the coarse samples here too
            restored[serial] = (
                _samples_in(kept.get("fine"), keys),
                _samples_in(kept.get("coarse"), keys),
            )
    coarse = coarse_data.get("coarse") if isinstance(coarse_data, dict) else None
    keys = coarse_data.get("keys", HISTORY_KEYS) if isinstance(coarse_data, dict) else keys
    for serial, items in (coarse if isinstance(coarse, dict) else {}).items():
        fine = restored.get(serial, ([], []))[0]
        restored[serial] = (fine, _samples_in(items, keys))
    return restored


def _snapshot(events: list[dict[str, Any]], fine: Mapping[str, Iterable[Sample]]) -> dict[str, Any]:
    """Return the stored events and fine samples (in the executor: the samples are copies)."""
    return {
        "events": events,
        "keys": list(HISTORY_KEYS),
        "samples": {serial: {"fine": _samples_out(kept)} for serial, kept in fine.items()},
    }


def _coarse_snapshot(coarse: Mapping[str, Iterable[Sample]]) -> dict[str, Any]:
    """Return the stored coarse samples (in the executor)."""
    return {
        "keys": list(HISTORY_KEYS),
        "coarse": {serial: _samples_out(kept) for serial, kept in coarse.items()},
    }


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
        if not values or (packed := _pack(values)) is None:
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
        self._restored = await self.hass.async_add_executor_job(_restore, data, coarse)
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
        self._store.async_delay_save(lambda: _snapshot(events, fine), 0)

    @callback
    def _save_coarse(self, _arg: Any = None) -> None:
        """Store the week of coarse samples; built and written in the executor."""
        coarse: dict[str, Iterable[Sample]] = {s: c for s, (_f, c) in self._restored.items()}
        for serial, box in self.boxes.items():
            coarse[serial] = box.coarse.copy()
        self._coarse_store.async_delay_save(lambda: _coarse_snapshot(coarse), 0)

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

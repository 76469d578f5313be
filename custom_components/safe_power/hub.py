"""What every transport gives the entities: boxes described alike, polled or pushed.

A Modbus gateway (`coordinator.SafePowerCoordinator`) and an MQTT box (`mqtt_hub.MqttBoxHub`)
are both a `SafePowerHub`: a coordinator whose data maps a box key to its `BoxData`, with a
`BoxInfo` per box that says what the box has. The entity platforms only know this module.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
import datetime as dt
from types import MappingProxyType
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import PERCENTAGE
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import translation
from homeassistant.helpers.device_registry import DeviceEntry
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .box.model import AlarmCause, AlarmDetail, BoxReading
from .box.mqtt import Capabilities, Command
from .box.profile import SETTING_RANGES
from .box.quality import NOMINAL_PHASE_VOLTAGE, current_unbalance, voltage_unbalance
from .box.supply_faults import derivable, lost_phases, supply_faults
from .const import CONF_NOMINAL_VOLTAGE, DOMAIN
from .quality_store import quality_store


class SettingNotKeptError(Exception):
    """The box acknowledged a setting, but its settings still show another value.

    The number entity turns it into the translated error, with its own name and unit.
    """


# What an unbalance alarm reports, in this order: a load's unbalance shows in its currents.
UNBALANCE_FIGURES: Final = ("current_unbalance", "voltage_unbalance")


@dataclass(frozen=True, slots=True)
class BoxData:
    """What the entities of one box show now."""

    online: bool
    reading: BoxReading | None
    derived: MappingProxyType[str, float] = field(default_factory=lambda: MappingProxyType({}))
    last_error: str | None = None
    # Alarm details the box reported itself (MQTT /alarm), preferred to the reading's.
    details: MappingProxyType[AlarmCause, AlarmDetail] = field(
        default_factory=lambda: MappingProxyType({})
    )
    # Offline: since when it has not answered (its first missed poll), when the hub knows.
    silent_since: dt.datetime | None = None
    # When the reading was taken by the box's own clock (MQTT), None: when it was read.
    time: dt.datetime | None = None
    # Power faults Home Assistant reads from the box's voltages (box/supply_faults.py).
    faults: MappingProxyType[AlarmCause, AlarmDetail] = field(
        default_factory=lambda: MappingProxyType({})
    )

    @property
    def values(self) -> MappingProxyType[str, float]:
        """Return the accepted measurements (empty before the first telemetry)."""
        return self.reading.values if self.reading else MappingProxyType({})

    @property
    def device_alarms(self) -> frozenset[AlarmCause]:
        """Return the alarms the detector reports itself."""
        return self.reading.alarms if self.reading else frozenset()

    @property
    def alarms(self) -> frozenset[AlarmCause]:
        """Return the alarms of the box: the detector's, and the faults read from voltages."""
        return self.device_alarms | self.faults.keys()

    @property
    def channel_alarms(self) -> frozenset[str]:
        """Return the channels of a multi-circuit detector in alarm."""
        return self.reading.channel_alarms if self.reading else frozenset()

    def alarm_detail(self, cause: AlarmCause) -> AlarmDetail | None:
        """Return what, for an alarm cause: the box's own words first, else the reading's.

        A detector's unbalance alarm comes without a figure of its own: the unbalance worked
        out from its currents (else from its voltages) is the value it reports.
        """
        if (detail := self.details.get(cause) or self.faults.get(cause)) is not None:
            return detail
        if self.reading is None:
            return None
        detail = self.reading.alarm_detail(cause)
        if cause is AlarmCause.UNBALANCE and detail.value is None:
            for key in UNBALANCE_FIGURES:
                if (value := self.derived.get(key)) is not None:
                    return replace(detail, value=value, channel=key, unit=PERCENTAGE)
        return detail


@dataclass(frozen=True, slots=True)
class BoxInfo:
    """One box as the entities see it, whatever the transport."""

    title: str
    serial: str
    manufacturer: str
    model: str
    firmware: str
    phases: int
    capabilities: Capabilities
    subentry_id: str | None  # the box's subentry (Modbus), None for an entry of its own (MQTT)
    details: Mapping[str, Any]  # area, location text and coordinates as configured
    # Measurements it has but marked "not present" when it was set up (no neutral sensor, say):
    # their entities start disabled, and are enabled when a value comes.
    absent: frozenset[str] = frozenset()

    @property
    def derived_faults(self) -> frozenset[AlarmCause]:
        """Return the power faults read from its voltages: the ones it does not flag itself."""
        return derivable(self.capabilities.measurements, self.capabilities.alarms, self.phases)

    @property
    def alarm_causes(self) -> frozenset[AlarmCause]:
        """Return every alarm the box can have: its detector's and the derived faults."""
        return self.capabilities.alarms | self.derived_faults


# Supply-quality figures are percentages. Qualification rates are kept to 0.01 %, as reports
# give them (99.95 %). Unbalances to 0.1 %, as power-quality analysers show them: they are
# judged against 2 % and 4 % (GB/T 15543), the detectors' voltages are class 0.5, and a 0.1 V
# step of one phase moves the unbalance by about 0.03 %, so finer digits would only write a new
# state at nearly every reading (a third of them at 0.1 %).
FIGURE_DIGITS: Final = 2
UNBALANCE_DIGITS: Final = 1


def nominal_voltage(info: BoxInfo) -> float:
    """Return a box's nominal phase voltage (V): as set in its details, else 220 V."""
    return float(info.details.get(CONF_NOMINAL_VOLTAGE) or NOMINAL_PHASE_VOLTAGE)


# The values the unbalance figures come from (box/quality.py).
UNBALANCE_INPUTS: Final = (
    *(f"voltage_{p}" for p in "abc"),
    *(f"line_voltage_{p}" for p in ("ab", "bc", "ca")),
    *(f"current_{p}" for p in "abc"),
)


class Derivation:
    """What Home Assistant works out from a box's readings.

    Supply-quality figures (unbalance, qualification rate) and the power faults its detector
    does not flag (box/supply_faults.py).
    """

    def __init__(self, hass: HomeAssistant, info: BoxInfo) -> None:
        """Take the box's qualification counter, kept through restarts and reloads."""
        self.phases = info.phases
        self.nominal = nominal_voltage(info)
        self._causes = info.derived_faults
        self._store = quality_store(hass)
        self.quality = self._store.counter(info.serial, info.phases, self.nominal)
        self._lost: frozenset[str] = frozenset()
        self._reading: BoxReading | None = None
        self._faults: MappingProxyType[AlarmCause, AlarmDetail] = MappingProxyType({})
        self._counted = 0  # samples the qualification counter took
        self._unbalance_key: tuple[float | None, ...] | None = None
        self._unbalance: MappingProxyType[str, float] = MappingProxyType({})
        self._rates_key: tuple[int, dt.date] | None = None
        self._rates: dict[str, float] = {}

    def faults(self, reading: BoxReading | None) -> MappingProxyType[AlarmCause, AlarmDetail]:
        """Return the power faults of the latest reading (the same until a new one comes)."""
        if reading is None or not self._causes:
            return MappingProxyType({})
        if reading is not self._reading:
            self._reading = reading
            self._lost = lost_phases(
                reading.values, phases=self.phases, nominal=self.nominal, lost_before=self._lost
            )
            self._faults = MappingProxyType(
                supply_faults(
                    reading.values,
                    self._lost,
                    phases=self.phases,
                    nominal=self.nominal,
                    causes=self._causes,
                    contactor_closed=reading.contactor_closed,
                )
            )
        return self._faults

    def add(self, when: dt.datetime, reading: BoxReading) -> None:
        """Account a telemetry sample for the qualification rate (local time)."""
        if self.quality.add(when, reading.values):
            self._counted += 1
            self._store.changed()

    def figures(self, reading: BoxReading | None) -> MappingProxyType[str, float]:
        """Return the derived figures for the latest reading (rates of the local day now).

        Each part is worked out again only when what it comes from moved: the unbalances
        when the phase voltages or currents did, the rates when the counts or the day did.
        """
        values = reading.values if reading is not None else {}
        unbalance_key = tuple(values.get(k) for k in UNBALANCE_INPUTS)
        if unbalance_key != self._unbalance_key:
            self._unbalance_key = unbalance_key
            self._unbalance = self._unbalances(values)
        rates_key = (self._counted, dt_util.now().date())
        if rates_key != self._rates_key:
            self._rates_key = rates_key
            self._rates = self._qualification(rates_key[1])
        if not self._rates:
            return self._unbalance
        return MappingProxyType({**self._unbalance, **self._rates})

    def _unbalances(self, values: Mapping[str, float]) -> MappingProxyType[str, float]:
        derived: dict[str, float] = {}
        if self.phases == 3:
            if (vu := voltage_unbalance(values)) is not None:
                derived["voltage_unbalance"] = round(vu, UNBALANCE_DIGITS)
            if (cu := current_unbalance(values)) is not None:
                derived["current_unbalance"] = round(cu, UNBALANCE_DIGITS)
        return MappingProxyType(derived)

    def _qualification(self, today: dt.date) -> dict[str, float]:
        derived: dict[str, float] = {}
        day, month = self.quality.rates(today)
        if day is not None:
            derived["voltage_qualification_rate"] = round(day, FIGURE_DIGITS)
        if month is not None:
            derived["voltage_qualification_rate_month"] = round(month, FIGURE_DIGITS)
        return derived


_GONE: Final = object()  # a key a mapping does not have
STATUS: Final = "\x00status"  # never a value key: entities that only show the box's status
EVERY: Final = "\x00every"  # never a value key: entities that look again at every update


@dataclass(frozen=True, slots=True)
class EntityWatch:
    """What an entity listens to the hub for: its box, and the value key it shows (or STATUS)."""

    box: str
    value: str


def changed_keys(old: BoxData | None, new: BoxData | None) -> frozenset[str] | None:
    """Return the values, figures and settings that differ; None when the status changed.

    The status is everything else an entity may show: online, alarms, contactor, details.
    """
    if old is None or new is None or old.reading is None or new.reading is None:
        return None
    before, after = old.reading, new.reading
    if (
        old.online != new.online
        or old.alarms != new.alarms
        or before.channel_alarms != after.channel_alarms
        or old.faults != new.faults
        or before.contactor_closed != after.contactor_closed
        or old.details != new.details
    ):
        return None
    changed: set[str] = set()
    for one, two in (
        (before.values, after.values),
        (old.derived, new.derived),
        (before.settings, after.settings),
    ):
        if one is two:
            continue
        new_keys = False
        for key, value in two.items():
            if one.get(key, _GONE) != value:
                changed.add(key)
                new_keys = new_keys or key not in one
        if new_keys or len(one) != len(two):  # a key of `one` may be missing from `two`
            changed.update(key for key in one if key not in two)
    return frozenset(changed)


class Routes:
    """A hub's listeners by box and value: an update reaches only those it concerns.

    An `EntityWatch` listener of a box hears of an update that moved its value or the box's
    status (or of a box `changed` does not name); any other listener, and `EVERY` watches,
    of every update. An empty `changed` (the first update, or the hub's availability moved)
    reaches everyone.
    """

    def __init__(self, listeners: Iterable[tuple[CALLBACK_TYPE, Any]]) -> None:
        """Sort the listeners (the hub's `_listeners` values: callback and context)."""
        self.everyone: list[CALLBACK_TYPE] = []
        self.always: list[CALLBACK_TYPE] = []
        self.boxes: dict[str, tuple[list[CALLBACK_TYPE], dict[str, list[CALLBACK_TYPE]]]] = {}
        for update_callback, context in listeners:
            self.everyone.append(update_callback)
            if not isinstance(context, EntityWatch) or context.value == EVERY:
                self.always.append(update_callback)
                continue
            of_box, by_value = self.boxes.setdefault(context.box, ([], {}))
            of_box.append(update_callback)
            by_value.setdefault(context.value, []).append(update_callback)

    def concerned(self, changed: Mapping[str, frozenset[str] | None]) -> list[CALLBACK_TYPE]:
        """Return the listeners an update with these changes concerns."""
        if not changed:
            return self.everyone
        called = list(self.always)
        for box, (of_box, by_value) in self.boxes.items():
            moved = changed.get(box)
            if moved is None:
                called.extend(of_box)  # its status moved, or an update says nothing of it
                continue
            for key in moved:
                if (listeners := by_value.get(key)) is not None:
                    called.extend(listeners)
        return called


class SafePowerHub(DataUpdateCoordinator[dict[str, BoxData]]):
    """A coordinator of boxes: Modbus polls them, MQTT pushes them.

    Before the entities hear of an update, `changed` says per box which values changed
    (None: anything may have), so that only those entities look at it.
    """

    config_entry: ConfigEntry
    boxes: dict[str, BoxInfo]
    via_device_id: str | None = None  # the device the boxes are reached through (a gateway)
    _seen: tuple[dict[str, BoxData] | None, bool, bool] = (None, True, True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Set up the coordinator; nothing has changed yet."""
        super().__init__(*args, **kwargs)
        self.changed: dict[str, frozenset[str] | None] = {}
        # The listeners by box and value, built again when a listener came or went: the
        # coordinator numbers each one it adds, so (count, last number) tells. A closure per
        # listener to say so cost 0.7 kB an entity (bench/memory_probe.py).
        self._routes: tuple[tuple[int, int], Routes] | None = None
        # The boxes' devices, made when the entry is set up (before its entities): an entity
        # links to its box's device without a device registry look-up of its own.
        self.devices: dict[str, DeviceEntry] = {}

    @callback
    def async_update_listeners(self) -> None:
        """Work out what changed since the last update, then tell whom it concerns.

        An entity listens with its box and the value it shows as context (`SafePowerEntity`):
        it hears of an update only when that value or its box's status moved. An alarm-lane
        tick that changed nothing costs no entity any work, and a message that moved three
        values reaches three entities without looking at the others (`Routes`). Other
        listeners hear of every update.
        """
        data, ok, reachable = self._seen
        if ok != self.last_update_success or reachable != self.reachable or data is None:
            self.changed = {}
        else:
            self.changed = {
                key: changed_keys(data.get(key), box) for key, box in (self.data or {}).items()
            }
        self._seen = (self.data, self.last_update_success, self.reachable)
        listeners = (len(self._listeners), self._last_listener_id)
        if self._routes is None or self._routes[0] != listeners:
            self._routes = (listeners, Routes(self._listeners.values()))
        routes = self._routes[1]
        for update_callback in routes.concerned(self.changed):
            try:
                update_callback()
            except Exception:
                self.logger.exception(
                    "Unexpected error updating listener %s for %s", id(update_callback), self.name
                )

    @property
    def reachable(self) -> bool:
        """Return False while the transport itself is down (an MQTT broker, not a box)."""
        return True

    @abstractmethod
    async def async_set_contactor(self, key: str, *, closed: bool, force: bool) -> None:
        """Open or close a box's contactor, confirmed, or raise a translated error."""

    def setting_range(self, key: str, setting: str) -> tuple[float, float]:  # noqa: ARG002
        """Return the range a box's setting may take (its detector's own, where known)."""
        return SETTING_RANGES[setting]

    @abstractmethod
    async def async_write_setting(self, key: str, setting: str, value: float) -> None:
        """Write one of a box's alarm settings, confirmed, or raise a translated error."""

    @abstractmethod
    async def async_command(self, key: str, command: Command) -> None:
        """Send a box a command that needs no confirmation (alarm reset, self-test)."""

    @abstractmethod
    def diagnostics(self) -> dict[str, Any]:
        """Return the transport's diagnostics (redaction is the caller's)."""

    async def async_check_contactor_command(self, key: str, *, closed: bool, force: bool) -> None:
        """Refuse a command to an offline box, and power-on while it alarms unless forced.

        Only the alarms the box can have block (a single-phase box's phase-loss bit, say, is
        not one), and the refusal names them.
        """
        box = (self.data or {}).get(key)
        info = self.boxes[key]
        name = info.title
        if box is None or not box.online or not self.last_update_success:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="box_offline",
                translation_placeholders={"box": name},
            )
        blocking = [c for c in AlarmCause if c in box.alarms and c in info.alarm_causes]
        if closed and blocking and not force:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="alarm_active",
                translation_placeholders={
                    "box": name,
                    "alarms": await async_alarm_names(self.hass, blocking),
                },
            )


async def async_alarm_names(hass: HomeAssistant, causes: Iterable[AlarmCause]) -> str:
    """Return alarm causes as their entities are named, in Home Assistant's language."""
    language = hass.config.language
    names = await translation.async_get_translations(hass, language, "entity", [DOMAIN])
    words = [
        names.get(f"component.{DOMAIN}.entity.binary_sensor.alarm_{cause.value}.name", cause.value)
        for cause in causes
    ]
    return ("、" if language.startswith("zh") else ", ").join(words)

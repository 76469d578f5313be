"""1,000 boxes in one Home Assistant: start-up, CPU, memory and recorder growth of a large site.

Run from the repository root::

    .venv/bin/python bench/site_1000.py                       # 1,000 MQTT + 16 x 32 Modbus
    .venv/bin/python bench/site_1000.py --mqtt 250 --gateways 4 --per-gateway 32
    .venv/bin/python bench/site_1000.py --smoke               # 40 MQTT + 2 x 8, about 3 min

Everything is a process of its own on 127.0.0.1, started as a user's site runs:

- a mosquitto (Debian's, as the tests start it: `MosquittoBroker`) on a free port;
- the MQTT boxes: box simulator processes (`python -m safe_power_tools.simulator serve`) whose
  fleet files say `"transport": "mqtt"`, `--mqtt-per-process` boxes each (200), every box a
  paho client of its own publishing the contract of docs/mqtt.md (retained config and
  availability, a state every `--state-interval` s, 15); the simulators' physics tick every
  `--sim-tick` s (5: Home Assistant sees the same traffic as with 1 s, states every 15 s and
  telemetry read every 15 s, and 21 simulator processes leave the 2 cores to hass);
- the Modbus gateways: one simulator process per gateway, `--per-gateway` three-phase reference
  boxes behind each (unit ids 1..N);
- a real `hass` (`python -m homeassistant`, as `safe_power_tools/devenv.py` starts it, its
  configuration without Safe Power's debug logging, `homeassistant.setup` at debug for the
  per-entry set-up times), the recorder on with its default SQLite database.

Then, through the HTTP and websocket API the frontend uses: onboarding and the MQTT integration
(devenv's `bootstrap`), a floor and an area per building level, each gateway added through the
integration's config flow with all of its boxes (named and placed), and each MQTT box confirmed
as a user does under Settings -> Devices & services -> Discovered: its discovered flow opened
(GET) and its form sent with the name and area (POST), one box after the other. Each MQTT box
is a config entry of its own.

Measured and printed:

1. the set-up: discovery (flows offered), each gateway's flow, each MQTT box's confirmation
   (median, p95, and how it grows from the first to the last hundred);
2. values: the time from the hass process's start, and from the last entry added, to every
   enabled Safe Power entity being there and not unavailable with every measurement entity
   (unique id `<serial>_<measurement key>` of the register map) holding a value (polled every
   `--poll` s: that is the resolution);
3. steady state over `--window` s after `--settle` s: hass CPU % of one core (utime + stime of
   /proc/<pid>/stat), VmRSS, RSS per box (minus the RSS before the first Safe Power entry,
   with MQTT and the discovered flows), entities (enabled, disabled, all states); the
   simulators' and mosquitto's CPU beside it (they share the machine's cores);
4. the recorder: rows added to states, state_attributes, events, statistics_short_term and
   statistics over the window (by their ids), the database and WAL files' growth, the bytes per
   row of each table with its indexes (SQLite's dbstat), how far behind the newest recorded
   state is; extrapolated per day: states rows per second x 86,400, short-term statistics
   rows of one 5-minute compile x 288, long-term rows = statistics with metadata x 24 a day;
   sizes = rows x bytes per row. With purge_keep_days (10) the states and short-term statistics
   stay at about 10 days' worth; long-term statistics are kept for ever;
5. a restart (SIGTERM, then start again, as after an update): the stop, the start to all
   values, Safe Power's config-entry set-up times (the debug lines of homeassistant.setup:
   elapsed per entry, median / p95 / max, and the whole set-up divided by the entries); then,
   `--settle` s later, the RSS and RSS per box again (the same RSS before the first entry
   taken off): the first process also holds what confirming every MQTT box left behind;
6. a profile (unless `--no-profile`) by py-spy (PyPI; installed by pip into the temporary
   folder when the environment has none), sampling `--rate` times a second: the restart's
   start-up (from a second after the process starts until every value) and `--profile-window`
   s of steady state after it; CPU seen per thread, then the event loop's (MainThread) top Safe
   Power functions by inclusive time and its top functions by own time. (cProfile is no use
   here: in Python 3.14 it profiles every thread on one call stack.);
7. what a user opens on a site this size, timed: the panel's box and alarm lists (websocket),
   `safe_power.early_warnings` over every box, a gateway's and an MQTT box's diagnostics;
8. an alarm storm (`--storm-window` s, 0: none): a supply outage on every box of the first
   gateway and the first MQTT simulator at once; hass CPU over the window, when the fleet's
   active-alarm count stopped moving, and a py-spy profile of it; then the boxes recover.

`--state-updates` sets the site's state updates through the panel's settings command once the
boxes are added, as an administrator would: `significant` (changes only, box/deadband.py), a new
installation's default, or `every_change`; it is kept over the restart.

A full run (1,000 MQTT boxes, 16 x 32 Modbus) takes about 25 minutes here; `--smoke` about 3.5.
Every process the benchmark starts is stopped and its temporary folder removed, also on errors,
Ctrl+C and SIGTERM; it always exits 0. `--logs DIR` keeps the logs (and profiles) in DIR.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
import contextlib
from dataclasses import dataclass, field, replace
import importlib.util
import json
import os
from pathlib import Path
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any, Self

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # measure this checkout

import aiohttp
from homeassistant.const import __version__ as ha_version

from custom_components.safe_power.box.profile import load_profiles
from safe_power_tools.devenv import (
    CONFIGURATION,
    REPO,
    BootstrapError,
    DevSite,
    HassApi,
    Running,
    add_gateway,
    bootstrap,
    form_defaults,
    place_floors,
)
from safe_power_tools.mqtt_common import MosquittoBroker, MqttProbe, free_port
from safe_power_tools.simulator.control import serve_command

HOST = "127.0.0.1"
DOMAIN = "safe_power"
PROFILE_ID = "safe_power_reference"
TICKS = os.sysconf("SC_CLK_TCK")
MB = 1024 * 1024
STOP_TIMEOUT = 90.0
FLOW = "/api/config/config_entries/flow"
DEBUG_LOGGING = "    custom_components.safe_power: debug\n"
SETUP_LOGGING = "    homeassistant.setup: debug\n"
# One config entry's set-up, as homeassistant.setup logs it at debug.
SETUP_LINE = re.compile(
    r"Phase config_entry_setup for safe_power \((\w+)\) took ([\d.]+)s "
    r"\(elapsed=([\d.]+)s\)"
)
# Targets of the design (DESIGN.md section 6): informative.
VALUES_TARGET = 60.0  # s from start to all values
CPU_TARGET = 30.0  # % of one core
RSS_TARGET = 1536.0  # MB
BOX_TARGET = 0.6  # MB of RSS a box


def say(text: str = "") -> None:
    """Print a line at once (progress of a long run)."""
    print(text, flush=True)


def verdict(ok: bool) -> str:
    """Return the informative verdict word."""
    return "PASS" if ok else "MISS"


def pct(values: Sequence[float], q: float) -> float:
    """Return the q-quantile (0..1) of values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def spread(values: Sequence[float], unit: str = "s", digits: int = 2) -> str:
    """Return `median m, p95 p, max x` of values."""
    if not values:
        return "-"
    return (
        f"median {statistics.median(values):.{digits}f} {unit}, p95 {pct(values, 0.95):.{digits}f}"
        f" {unit}, max {max(values):.{digits}f} {unit} (n={len(values)})"
    )


# --- the site: fleets ------------------------------------------------------------------------


FLOORS = range(-2, 18)  # building levels: B2 .. Floor 17


def place(index: int) -> dict[str, Any]:
    """Return where the index-th box of the site is: one building, x/y metres and a floor."""
    floor = FLOORS[index % len(FLOORS)]
    slot = index // len(FLOORS)
    x, y = (slot % 10) * 6.0, (slot // 10 % 10) * 6.0
    return {
        "floor": floor,
        "x": x,
        "y": y,
        "location": f"Level {floor}, riser {slot % 10}, box {slot // 10}",
    }


def write_fleet(path: Path, boxes: list[dict[str, Any]]) -> None:
    """Write a simulator fleet file."""
    doc = {"schema": 1, "building": "Bench tower", "boxes": boxes}
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")


@dataclass(slots=True)
class Fleets:
    """The fleet files of the site and what a user names each box."""

    gateways: list[Path] = field(default_factory=list)
    mqtt: list[Path] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # serial -> name
    floors: dict[str, int] = field(default_factory=dict)  # serial -> floor
    modbus_boxes: int = 0
    mqtt_boxes: int = 0

    @property
    def boxes(self) -> int:
        """Return every box of the site."""
        return self.modbus_boxes + self.mqtt_boxes


def make_fleets(root: Path, args: argparse.Namespace) -> Fleets:
    """Write one fleet file per gateway and per MQTT simulator process."""
    fleets = Fleets()
    index = 0
    for gateway in range(1, args.gateways + 1):
        boxes = []
        for unit in range(1, args.per_gateway + 1):
            serial = f"SPG{gateway:02d}U{unit:03d}"
            name = f"Gateway {gateway} box {unit}"
            boxes.append(
                {
                    "unit_id": unit,
                    "serial": serial,
                    "phases": 3,
                    "name": name,
                    "profile": PROFILE_ID,
                    "seed": index,
                    **place(index),
                }
            )
            fleets.names[serial] = name
            fleets.floors[serial] = boxes[-1]["floor"]
            index += 1
        path = root / f"gateway-{gateway:02d}.json"
        write_fleet(path, boxes)
        fleets.gateways.append(path)
        fleets.modbus_boxes += len(boxes)
    per = max(1, args.mqtt_per_process)
    for first in range(0, args.mqtt, per):
        boxes = []
        for number in range(first, min(args.mqtt, first + per)):
            serial = f"SPM{number + 1:05d}"
            name = f"MQTT box {number + 1}"
            boxes.append(
                {
                    "unit_id": number - first + 1,
                    "serial": serial,
                    "phases": 3,
                    "name": name,
                    "transport": "mqtt",
                    "profile": PROFILE_ID,
                    "seed": index,
                    **place(index),
                }
            )
            fleets.names[serial] = name
            fleets.floors[serial] = boxes[-1]["floor"]
            index += 1
        path = root / f"mqtt-{first // per + 1:02d}.json"
        write_fleet(path, boxes)
        fleets.mqtt.append(path)
        fleets.mqtt_boxes += len(boxes)
    return fleets


# --- processes -------------------------------------------------------------------------------


def cpu_ticks(pid: int) -> int:
    """Return a process's user + system CPU time in clock ticks (0 once it is gone)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return 0
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])


def rss_mb(pid: int) -> float:
    """Return a process's VmRSS in MB."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wait_for_port(port: int, process: subprocess.Popen[bytes], within: float = 60) -> None:
    """Wait until something listens on a port of 127.0.0.1 (raise if the process ended)."""
    deadline = time.monotonic() + within
    while True:
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), 0.2):
            return
        if process.poll() is not None:
            raise BootstrapError(f"a simulator exited with status {process.returncode}")
        if time.monotonic() > deadline:
            raise BootstrapError(f"a simulator did not listen on {port}")
        time.sleep(0.1)


def terminate(process: subprocess.Popen[bytes]) -> None:
    """Stop a child process with SIGTERM (SIGKILL after a while) and reap it."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait()


@dataclass(slots=True)
class Simulator:
    """One simulator process: its fleet, ports and process."""

    fleet: Path
    port: int
    control: int
    process: subprocess.Popen[bytes]


@dataclass
class Site:
    """Everything the benchmark started; `stop()` ends it all."""

    root: Path
    fleets: Fleets
    broker: MosquittoBroker | None = None
    gateways: list[Simulator] = field(default_factory=list)
    mqtt_sims: list[Simulator] = field(default_factory=list)
    dev: DevSite | None = None
    running: Running | None = None
    rss_at_window: float = 0.0  # MB when the steady window started
    _logs: list[Any] = field(default_factory=list)

    @property
    def logs(self) -> Path:
        """Return the folder of the processes' logs."""
        return self.root / "logs"

    async def start_broker(self) -> None:
        """Start mosquitto on a free port of 127.0.0.1."""
        self.broker = MosquittoBroker()
        await self.broker.start(within=15)

    def _simulator(self, fleet: Path, extra: Sequence[str] = ()) -> Simulator:
        port, control = free_port(), free_port()
        self.logs.mkdir(parents=True, exist_ok=True)
        log = (self.logs / f"sim-{fleet.stem}.log").open("ab")
        self._logs.append(log)
        process = subprocess.Popen(
            [*serve_command(port, control, fleet, host=HOST), *extra],
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        return Simulator(fleet, port, control, process)

    def start_simulators(self, state_interval: float, tick: float) -> None:
        """Start one simulator per gateway and per MQTT fleet file; wait for their ports."""
        assert self.broker is not None
        ticks = ["--tick", f"{tick:g}"]
        for fleet in self.fleets.gateways:
            self.gateways.append(self._simulator(fleet, ticks))
        mqtt = [*ticks, "--mqtt-port", str(self.broker.port)]
        mqtt += ["--state-interval", f"{state_interval:g}"]
        for fleet in self.fleets.mqtt:
            self.mqtt_sims.append(self._simulator(fleet, mqtt))
        # 21 interpreters importing at once on 2 shared cores take a while.
        for sim in self.gateways:
            wait_for_port(sim.port, sim.process, within=300)
        for sim in self.mqtt_sims:
            wait_for_port(sim.control, sim.process, within=300)

    def simulator_pids(self) -> list[int]:
        """Return the simulators' process ids."""
        return [s.process.pid for s in (*self.gateways, *self.mqtt_sims)]

    def check_alive(self) -> None:
        """Raise if a simulator or hass ended."""
        for sim in (*self.gateways, *self.mqtt_sims):
            if sim.process.poll() is not None:
                raise BootstrapError(f"the simulator of {sim.fleet.name} exited")
        if self.running is not None:
            self.running.check_alive()

    async def stop(self) -> None:
        """Stop hass, the simulators and the broker; close the logs."""
        if self.running is not None:
            with contextlib.suppress(Exception):
                self.running.stop()
        for sim in (*self.mqtt_sims, *self.gateways):
            with contextlib.suppress(Exception):
                sim.process.send_signal(signal.SIGTERM)
        for sim in (*self.mqtt_sims, *self.gateways):
            with contextlib.suppress(Exception):
                terminate(sim.process)
        if self.broker is not None:
            with contextlib.suppress(Exception):
                await self.broker.stop()
            if self.broker.log.exists():
                with contextlib.suppress(OSError):
                    shutil.copyfile(self.broker.log, self.logs / "mosquitto.log")
            self.broker.cleanup()
        for log in self._logs:
            log.close()


async def wait_mqtt_connected(site: Site, within: float = 180) -> float:
    """Wait until every simulated MQTT box says `online` on the broker; return the seconds."""
    assert site.broker is not None
    started = time.monotonic()
    probe = MqttProbe(site.broker.port, topic="safe_power/+/availability", client_id="site_1000")
    await probe.start(within=15)
    try:

        def online() -> int:
            latest = {m.topic: m.payload for m in probe.messages}
            return sum(1 for payload in latest.values() if payload == b"online")

        try:
            await probe.wait_until(lambda: online() >= site.fleets.mqtt_boxes, within=within)
        except TimeoutError:
            raise BootstrapError(
                f"{online()} of {site.fleets.mqtt_boxes} MQTT boxes online in {within:g} s"
            ) from None
    finally:
        await probe.stop()
    return time.monotonic() - started


# --- Home Assistant's API ------------------------------------------------------------------


class Api(HassApi):
    """devenv's API, with a websocket of its own for each command.

    A large site's registry is more than aiohttp's 4 MB default message, and a websocket left
    idle while flows go over HTTP misses Home Assistant's heartbeat and is closed under it.
    """

    async def ws(self, kind: str, **data: Any) -> Any:
        """Send one websocket command on a fresh connection and return its result."""
        async with self.session.ws_connect(
            self.url + "/api/websocket", max_msg_size=0, heartbeat=30
        ) as ws:
            await ws.receive_json()  # auth_required
            await ws.send_json({"type": "auth", "access_token": self.token})
            if (answer := await ws.receive_json())["type"] != "auth_ok":
                raise BootstrapError(f"websocket login refused: {answer}")
            await ws.send_json({"id": 1, "type": kind, **data})
            async with asyncio.timeout(600):
                while True:
                    message = await ws.receive_json()
                    if message.get("id") == 1 and message["type"] == "result":
                        if not message["success"]:
                            raise BootstrapError(f"websocket {kind} failed: {message['error']}")
                        return message["result"]


@contextlib.asynccontextmanager
async def api_session(dev: DevSite, token: str) -> Any:
    """Yield an API logged in with a token."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=900)) as session:
        api = Api(session, dev.url)
        api.token = token
        try:
            yield api
        finally:
            await api.close()


MEASURED = tuple(f"_{key}" for key in load_profiles()[PROFILE_ID].measurements)


@dataclass(slots=True)
class Readiness:
    """How far Home Assistant is from showing every value."""

    boxes: int = 0  # boxes with a phase A voltage entity
    enabled: int = 0  # enabled Safe Power entities
    disabled: int = 0
    states: int = 0  # every state Home Assistant holds
    waiting: list[str] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # entity id -> its key (unique id's end)
    registry: list[dict[str, Any]] = field(default_factory=list)  # Safe Power's entries

    def ready(self, boxes: int) -> bool:
        """Return True when every box's entities are there and hold values."""
        return self.boxes >= boxes and not self.waiting


async def readiness(api: Api, registry: list[dict[str, Any]] | None = None) -> Readiness:
    """Return which enabled Safe Power entities are missing, unavailable or without value.

    `registry`: Safe Power's entity registry entries when known (a restart changes none):
    listing 80,000 entries costs Home Assistant seconds of its start-up.
    """
    states = {s["entity_id"]: s["state"] for s in await api.call("/api/states")}
    if registry is None:
        listed = await api.ws("config/entity_registry/list")
        registry = [e for e in listed if e["platform"] == DOMAIN]
    found = Readiness(states=len(states), registry=registry)
    for entity in registry:
        if entity["disabled_by"]:
            found.disabled += 1
            continue
        found.enabled += 1
        unique_id: str = entity["unique_id"]
        found.keys[entity["entity_id"]] = unique_id.split("_", 1)[-1]
        if unique_id.endswith("_voltage_a"):
            found.boxes += 1
        state = states.get(entity["entity_id"])
        if (
            state is None
            or state == "unavailable"
            or (unique_id.endswith(MEASURED) and state == "unknown")
        ):
            found.waiting.append(entity["entity_id"])
    return found


async def wait_for_values(
    site: Site,
    api: Api,
    within: float,
    poll: float,
    registry: list[dict[str, Any]] | None = None,
) -> tuple[float, Readiness]:
    """Wait until every box's entities hold values; return the monotonic time it was seen."""
    deadline = time.monotonic() + within
    last = Readiness()
    while True:
        site.check_alive()
        with contextlib.suppress(aiohttp.ClientError, TimeoutError):
            last = await readiness(api, registry)
            if last.ready(site.fleets.boxes):
                return time.monotonic(), last
        if time.monotonic() > deadline:
            raise BootstrapError(
                f"not every value after {within:g} s: {last.boxes} of {site.fleets.boxes} boxes,"
                f" {len(last.waiting)} entities waiting, e.g. {last.waiting[:4]}"
            )
        await asyncio.sleep(poll)


# --- adding the boxes ----------------------------------------------------------------------


async def add_gateways(site: Site, api: Api, areas: dict[int, str]) -> list[float]:
    """Add every gateway through the config flow; return the seconds each took."""
    assert site.dev is not None
    took = []
    for sim in site.gateways:
        started = time.monotonic()
        gateway_site = replace(site.dev, modbus_port=sim.port, fleet=sim.fleet)
        await add_gateway(api, gateway_site, areas)
        took.append(time.monotonic() - started)
        say(f"  gateway {sim.fleet.stem} added in {took[-1]:.1f} s")
    return took


async def discovered(api: Api) -> dict[str, str]:
    """Return the Safe Power flows offered under Discovered: serial -> flow id."""
    return {
        f["context"]["unique_id"]: f["flow_id"]
        for f in await api.ws("config_entries/flow/progress")
        if f["handler"] == DOMAIN and f["context"]["source"] == "mqtt"
    }


async def wait_discovered(site: Site, api: Api, within: float) -> dict[str, str]:
    """Wait until every MQTT box is offered under Discovered."""
    deadline = time.monotonic() + within
    while True:
        offered = await discovered(api)
        if len(offered) >= site.fleets.mqtt_boxes:
            return offered
        if time.monotonic() > deadline:
            raise BootstrapError(
                f"{len(offered)} of {site.fleets.mqtt_boxes} MQTT boxes discovered in {within:g} s"
            )
        await asyncio.sleep(1)


async def confirm_mqtt(
    site: Site, api: Api, offered: dict[str, str], areas: dict[int, str]
) -> list[float]:
    """Confirm every discovered box as a user does, one after the other; return the seconds."""
    took = []
    for number, (serial, flow_id) in enumerate(sorted(offered.items()), 1):
        started = time.monotonic()
        step = await api.call(f"{FLOW}/{flow_id}")  # the dialog opens
        answer = form_defaults(step["data_schema"])
        answer |= {"name": site.fleets.names.get(serial, serial)}
        if (floor := site.fleets.floors.get(serial)) is not None:
            answer["area_id"] = areas[floor]
        result = await api.call(f"{FLOW}/{flow_id}", answer)
        if result.get("type") != "create_entry":
            raise BootstrapError(f"confirming {serial} did not add it: {result}")
        took.append(time.monotonic() - started)
        if number % 100 == 0 or number == len(offered):
            last = took[-100:]
            say(
                f"  {number} MQTT boxes confirmed; the last {len(last)}: median "
                f"{statistics.median(last) * 1000:.0f} ms, max {max(last) * 1000:.0f} ms"
            )
    return took


# --- the recorder ----------------------------------------------------------------------------

ID_COLUMNS = {
    "states": "state_id",
    "state_attributes": "attributes_id",
    "events": "event_id",
    "statistics_short_term": "id",
    "statistics": "id",
}


@dataclass(slots=True)
class RecorderSnapshot:
    """The recorder's database at one moment."""

    when: float
    ids: dict[str, int]
    db_bytes: int
    wal_bytes: int
    newest_state: float | None  # last_updated_ts of the newest recorded state


def database(dev: DevSite) -> Path:
    """Return the recorder's default SQLite file."""
    return dev.config_dir / "home-assistant_v2.db"


def connect_ro(path: Path) -> sqlite3.Connection:
    """Open the recorder's database read-only (it is in WAL mode: readers do not block it)."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)


def recorder_snapshot(dev: DevSite) -> RecorderSnapshot:
    """Return the highest id of each table, the files' sizes and the newest state's time."""
    path = database(dev)
    ids: dict[str, int] = {}
    with contextlib.closing(connect_ro(path)) as db:
        for table, column in ID_COLUMNS.items():
            ids[table] = db.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}").fetchone()[0]  # noqa: S608
        newest = db.execute("SELECT MAX(last_updated_ts) FROM states").fetchone()[0]
    wal = path.with_name(path.name + "-wal")
    return RecorderSnapshot(
        when=time.time(),
        ids=ids,
        db_bytes=path.stat().st_size,
        wal_bytes=wal.stat().st_size if wal.exists() else 0,
        newest_state=newest,
    )


@dataclass(slots=True)
class TableSize:
    """A table's rows and the bytes it and its indexes take."""

    rows: int
    bytes: int

    @property
    def per_row(self) -> float:
        """Return the bytes per row, indexes included."""
        return self.bytes / self.rows if self.rows else 0.0


def table_sizes(dev: DevSite) -> tuple[dict[str, TableSize], dict[str, int]]:
    """Return each table's rows and bytes (dbstat), and other figures of the statistics."""
    with contextlib.closing(connect_ro(database(dev))) as db:
        owners = dict(
            db.execute("SELECT name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index')")
        )
        pages: dict[str, int] = {}
        for name, size in db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
            table = owners.get(name, name)
            pages[table] = pages.get(table, 0) + int(size)
        sizes = {
            table: TableSize(
                db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0],  # noqa: S608
                pages.get(table, 0),
            )
            for table in (*ID_COLUMNS, "states_meta", "statistics_meta")
        }
        extra: dict[str, int] = {}
        row = db.execute(
            "SELECT COUNT(*) FROM statistics_short_term WHERE start_ts ="
            " (SELECT MAX(start_ts) FROM statistics_short_term)"
        ).fetchone()
        extra["short_term_per_compile"] = row[0]
        row = db.execute(
            "SELECT COUNT(*) FROM statistics WHERE start_ts ="
            " (SELECT MAX(start_ts) FROM statistics)"
        ).fetchone()
        extra["long_term_per_hour"] = row[0]
        extra["statistic_ids"] = sizes["statistics_meta"].rows
    return sizes, extra


def human(count: float) -> str:
    """Return a byte count in kB / MB / GB."""
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count:.0f} B"


def written_by_key(
    dev: DevSite, first: RecorderSnapshot, keys: dict[str, str]
) -> tuple[dict[str, int], dict[str, int]]:
    """Return the state rows since a snapshot by entity key, and the events by type."""
    with contextlib.closing(connect_ro(database(dev))) as db:
        rows = db.execute(
            "SELECT m.entity_id, COUNT(*) FROM states s JOIN states_meta m"
            " ON s.metadata_id = m.metadata_id WHERE s.state_id > ? GROUP BY m.entity_id",
            (first.ids["states"],),
        ).fetchall()
        events = db.execute(
            "SELECT t.event_type, COUNT(*) FROM events e JOIN event_types t"
            " ON e.event_type_id = t.event_type_id WHERE e.event_id > ? GROUP BY t.event_type",
            (first.ids["events"],),
        ).fetchall()
    by_key: dict[str, int] = {}
    for entity_id, count in rows:
        key = keys.get(entity_id, f"(not Safe Power) {entity_id.split('.', 1)[0]}")
        by_key[key] = by_key.get(key, 0) + count
    return by_key, dict(events)


def report_recorder(
    dev: DevSite,
    first: RecorderSnapshot,
    last: RecorderSnapshot,
    *,
    log: str,
    readiness: Readiness,
    boxes: int,
) -> list[str]:
    """Return the recorder's figures over a window and their extrapolation per day."""
    span = last.when - first.when
    lines = [f"recorder over {span:.0f} s (default SQLite, commit every 5 s):"]
    by_key, events = written_by_key(dev, first, readiness.keys)
    total = sum(by_key.values())
    top = sorted(by_key.items(), key=lambda kv: -kv[1])[:12]
    lines.append(
        f"  states written: {total / span:.0f}/s, {total / span * 60 / boxes:.1f} a box a minute;"
        " by entity (its unique id's key), a box a minute: "
        + ", ".join(f"{key} {n / span * 60 / boxes:.2f}" for key, n in top)
    )
    lines.append(
        "  events recorded by type: "
        + ", ".join(f"{k} {n}" for k, n in sorted(events.items(), key=lambda kv: -kv[1])[:6])
    )
    sizes, extra = table_sizes(dev)
    for table in ID_COLUMNS:
        added = last.ids[table] - first.ids[table]
        size = sizes[table]
        lines.append(
            f"  {table:<22} +{added:>9} rows ({added / span:8.1f}/s); now {size.rows} rows,"
            f" {human(size.bytes)} with indexes, {size.per_row:.0f} B/row"
        )
    growth = (last.db_bytes + last.wal_bytes) - (first.db_bytes + first.wal_bytes)
    lines.append(
        f"  files: database {human(last.db_bytes)} + WAL {human(last.wal_bytes)};"
        f" grew {human(growth)} in the window ({human(growth / span * 86400)}/day at that pace)"
    )
    if last.newest_state is not None and first.newest_state is not None:
        lines.append(
            f"  newest recorded state {first.when - first.newest_state:.1f} s old at the start,"
            f" {last.when - last.newest_state:.1f} s at the end (the recorder keeps up when this"
            " stays within the commit interval and a few seconds)"
        )
    states_day = (last.ids["states"] - first.ids["states"]) / span * 86400
    attrs_day = (last.ids["state_attributes"] - first.ids["state_attributes"]) / span * 86400
    short_day = extra["short_term_per_compile"] * 288
    long_day = extra["statistic_ids"] * 24
    per_day = {
        "states": (states_day, sizes["states"].per_row),
        "state_attributes": (attrs_day, sizes["state_attributes"].per_row),
        "statistics_short_term": (short_day, sizes["statistics_short_term"].per_row),
        "statistics": (
            long_day,
            sizes["statistics"].per_row or sizes["statistics_short_term"].per_row,
        ),
    }
    total = 0.0
    lines.append("  per day (extrapolated):")
    for table, (rows, per_row) in per_day.items():
        total += rows * per_row
        lines.append(f"    {table:<22} {rows:>13,.0f} rows  {human(rows * per_row):>9}")
    kept = 10 * (
        per_day["states"][0] * per_day["states"][1] + attrs_day * sizes["state_attributes"].per_row
    )
    kept += 10 * short_day * per_day["statistics_short_term"][1]
    lines.append(
        f"    total {human(total)}/day; with purge_keep_days 10: about {human(kept)} of states and"
        f" short-term statistics kept, plus {human(long_day * per_day['statistics'][1] * 365)}"
        " of long-term statistics a year"
    )
    lines.append(
        f"    (states: rows added in the window x 86400 / {span:.0f} s; short-term: the"
        f" {extra['short_term_per_compile']} rows of the last 5-minute compile x 288;"
        f" long-term: {extra['statistic_ids']} statistics x 24; bytes per row from dbstat)"
    )
    if "backlog" in log or "queue reached the maximum size" in log:
        lines.append("  the recorder logged a backlog (see hass.log)")
    return lines


# --- profiles --------------------------------------------------------------------------------


@dataclass(slots=True)
class Profile:
    """py-spy's samples of hass, by thread, aggregated per function."""

    rate: int
    threads: dict[str, int] = field(default_factory=dict)  # thread name -> samples
    inclusive: dict[str, int] = field(default_factory=dict)  # main thread, per function
    own: dict[str, int] = field(default_factory=dict)  # main thread, the frame on top

    @classmethod
    def read(cls, path: Path, rate: int) -> Self:
        """Read py-spy's raw output (`--format raw --threads`): one stack and count a line."""
        found = cls(rate)
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            stack, _, count_text = line.rpartition(" ")
            if not stack or not count_text.isdigit():
                continue
            count = int(count_text)
            thread, *frames = stack.split(";")
            name = thread.split(": ", 1)[-1]
            name = re.sub(r"_\d+$", "", name)  # SyncWorker_3 -> SyncWorker
            functions = [function_of(frame) for frame in frames]
            if name.startswith("thread ("):  # no Python name: the class whose run() it is
                runs = [f.split(".run (", 1)[0] for f in functions if ".run (" in f]
                name = next((r for r in runs if r != "Thread"), name)
            if functions and idle(functions[-1]):  # py-spy took a wait for work
                name = f"{name} (waiting)"
            found.threads[name] = found.threads.get(name, 0) + count
            if name != "MainThread" or not frames:
                continue
            for function in set(functions):
                found.inclusive[function] = found.inclusive.get(function, 0) + count
            found.own[functions[-1]] = found.own.get(functions[-1], 0) + count
        return found

    def seconds(self, samples: int) -> float:
        """Return the CPU seconds a number of samples stands for."""
        return samples / self.rate

    def describe(self, title: str, top: int) -> list[str]:
        """Return the top Safe Power functions by inclusive time and the top own times."""
        main = self.threads.get("MainThread", 0)
        busy = [(name, n) for name, n in self.threads.items() if not name.endswith("(waiting)")]
        threads = ", ".join(
            f"{name} {self.seconds(n):.1f} s" for name, n in sorted(busy, key=lambda t: -t[1])[:6]
        )
        lines = [f"{title}: CPU seen by thread (waits for work left out): {threads}"]
        ours = [f for f in self.inclusive if "custom_components/safe_power/" in f]
        ours.sort(key=lambda f: -self.inclusive[f])
        share = sum(self.own[f] for f in self.own if "custom_components/safe_power/" in f)
        lines.append(
            f"  event loop (MainThread) {self.seconds(main):.1f} s, of which Safe Power's own"
            f" code {self.seconds(share):.1f} s; Safe Power functions by inclusive time:"
        )
        for function in ours[:top]:
            n = self.inclusive[function]
            lines.append(
                f"    {self.seconds(n):7.2f} s {100 * n / max(1, main):5.1f} %"
                f"  own {self.seconds(self.own.get(function, 0)):6.2f} s  {short(function)}"
            )
        lines.append("  event loop by own time (any code):")
        for function in sorted(self.own, key=lambda f: -self.own[f])[:top]:
            n = self.own[function]
            lines.append(
                f"    {self.seconds(n):7.2f} s {100 * n / max(1, main):5.1f} %  {short(function)}"
            )
        return lines


WAITS = ("EpollSelector.select (", "_worker (", "QueueListener.dequeue (", "_ChannelShutdown")


def idle(function: str) -> bool:
    """Return True for a thread waiting for work (the event loop in epoll, an idle executor)."""
    return function.startswith(WAITS)


def function_of(frame: str) -> str:
    """Return `name (file)` of a py-spy frame `name (file:line)`."""
    return re.sub(r":\d+\)$", ")", frame)


def short(function: str) -> str:
    """Return a function with its file relative to the integration or site-packages."""
    for marker in ("custom_components/safe_power/", "site-packages/", "lib/python3.14/"):
        if marker in function:
            head, _, tail = function.partition("(")
            return f"{head}({tail.split(marker, 1)[1]}"
    return function


def find_py_spy(root: Path) -> str | None:
    """Return py-spy's path: on PATH, in the environment, or installed by pip for this run."""
    if found := shutil.which("py-spy") or shutil.which(
        "py-spy", path=str(Path(sys.executable).parent)
    ):
        return found
    target = root / "py-spy"
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(target), "py-spy"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    binary = target / "bin" / "py-spy"
    if done.returncode != 0 or not binary.exists():
        say(f"  py-spy could not be installed: {done.stderr.strip()[-300:]}")
        return None
    return str(binary)


class Sampler:
    """py-spy recording a process until stopped (SIGINT) or for a duration."""

    def __init__(self, py_spy: str, pid: int, out: Path, rate: int, duration: float | None) -> None:
        """Start recording."""
        self.out = out
        self.rate = rate
        command = [py_spy, "record", "--pid", str(pid), "--rate", str(rate), "--format", "raw"]
        command += ["--threads", "--full-filenames", "--output", str(out)]
        if duration is not None:
            command += ["--duration", f"{duration:.0f}"]
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def stop(self, within: float = 120) -> Profile | None:
        """Stop recording (or wait for the duration's end); return the profile."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            _out, err = self.process.communicate(timeout=within)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _out, err = self.process.communicate()
        if not self.out.exists():
            say(f"  py-spy wrote no profile: {err.decode(errors='replace').strip()[-300:]}")
            return None
        return Profile.read(self.out, self.rate)


# --- one start of hass ---------------------------------------------------------------------


@dataclass(slots=True)
class Start:
    """One start of hass: when, and what it took."""

    started: float
    values_at: float = 0.0
    readiness: Readiness = field(default_factory=Readiness)
    setup: list[tuple[str, float, float]] = field(default_factory=list)  # entry, took, elapsed

    @property
    def to_values(self) -> float:
        """Return the seconds from the process's start to every value."""
        return self.values_at - self.started


def setup_lines(log: str) -> list[tuple[str, float, float]]:
    """Return Safe Power's config-entry set-up times from homeassistant.setup's debug lines."""
    return [(m[1], float(m[2]), float(m[3])) for m in SETUP_LINE.finditer(log)]


def log_text(site: Site) -> str:
    """Return hass's log so far."""
    path = site.logs / "hass.log"
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def start_hass(site: Site, env: dict[str, str] | None = None) -> float:
    """Start hass (with extra environment variables); return when it was started."""
    assert site.running is not None
    saved = {k: os.environ.get(k) for k in env or {}}
    os.environ.update(env or {})
    try:
        started = time.monotonic()
        site.running.start_hass()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return started


def hass_pid(site: Site) -> int:
    """Return the running hass's process id."""
    assert site.running is not None
    return site.running.processes["hass"].pid


async def restart(
    site: Site,
    args: argparse.Namespace,
    token: str,
    registry: list[dict[str, Any]],
    py_spy: str | None = None,
) -> tuple[float, Start, Profile | None]:
    """Stop hass (SIGTERM), start it again, wait for every value; return the stop's seconds.

    With py-spy, the start-up is sampled from a second after the process starts (py-spy needs
    the interpreter loaded) until every value is there.
    """
    assert site.running is not None
    assert site.dev is not None
    before = len(log_text(site))
    stopping = time.monotonic()
    status = site.running.stop_hass()
    stopped = time.monotonic() - stopping
    if status not in (0, None):
        say(f"  note: hass exited with status {status}")
    start = Start(started=start_hass(site))
    sampler = None
    if py_spy is not None:
        await asyncio.sleep(1)
        out = site.logs / "profile-start-up.txt"
        sampler = Sampler(py_spy, hass_pid(site), out, args.rate, None)
    profile = None
    try:
        async with api_session(site.dev, token) as api:
            await api.wait_until_up(site.running)
            start.values_at, start.readiness = await wait_for_values(
                site, api, args.values_timeout, args.poll, registry
            )
    finally:
        if sampler is not None:
            profile = sampler.stop()
    start.setup = setup_lines(log_text(site)[before:])
    return stopped, start, profile


async def measure_window(
    site: Site, seconds: float
) -> tuple[float, float, float, float, RecorderSnapshot, RecorderSnapshot]:
    """Return hass CPU %, RSS MB, simulators' CPU %, mosquitto CPU % and the recorder's ends."""
    assert site.dev is not None
    pid = hass_pid(site)
    sims = site.simulator_pids()
    broker = site.broker.process.pid if site.broker and site.broker.process else None
    first = recorder_snapshot(site.dev)
    site.rss_at_window = rss_mb(pid)
    t0, c0 = time.monotonic(), cpu_ticks(pid)
    s0 = sum(cpu_ticks(p) for p in sims)
    b0 = cpu_ticks(broker) if broker else 0
    await asyncio.sleep(seconds)
    span = time.monotonic() - t0
    cpu = 100.0 * (cpu_ticks(pid) - c0) / TICKS / span
    sim_cpu = 100.0 * (sum(cpu_ticks(p) for p in sims) - s0) / TICKS / span
    broker_cpu = 100.0 * ((cpu_ticks(broker) if broker else 0) - b0) / TICKS / span
    rss = rss_mb(pid)
    last = recorder_snapshot(site.dev)
    return cpu, rss, sim_cpu, broker_cpu, first, last


def describe_setup(start: Start, entries: int) -> str:
    """Return the config-entry set-up times of one start."""
    if not start.setup:
        return "  config-entry set-up: no homeassistant.setup debug lines found"
    elapsed = [e for _entry, _took, e in start.setup]
    took = [t for _entry, t, _e in start.setup]
    return (
        f"  Safe Power config entries set up: {len(start.setup)} of {entries};"
        f" elapsed per entry {spread(elapsed)}; less waits {spread(took)};"
        f" start to all values / entries = {start.to_values / max(1, entries) * 1000:.0f} ms"
    )


# --- the run ---------------------------------------------------------------------------------


def configuration() -> str:
    """Return devenv's configuration.yaml with the set-up timings instead of debug logging."""
    if DEBUG_LOGGING not in CONFIGURATION:
        raise SystemExit("devenv's configuration changed: update DEBUG_LOGGING in this bench")
    return CONFIGURATION.replace(DEBUG_LOGGING, SETUP_LOGGING)


async def run(args: argparse.Namespace, root: Path) -> list[str]:
    """Start the site, add the boxes, measure; return the summary lines."""
    summary: list[str] = []
    fleets = make_fleets(root, args)
    site = Site(root=root, fleets=fleets)
    try:
        say(
            f"site: {fleets.mqtt_boxes} MQTT boxes in {len(fleets.mqtt)} simulator process(es),"
            f" {len(fleets.gateways)} gateways x {args.per_gateway} Modbus boxes"
            f" = {fleets.boxes} boxes"
        )
        await site.start_broker()
        assert site.broker is not None
        site.start_simulators(args.state_interval, args.sim_tick)
        if fleets.mqtt_boxes:
            took = await wait_mqtt_connected(site)
            say(f"  every MQTT box connected to mosquitto in {took:.1f} s")
        site.dev = DevSite(root=root / "site", ha_port=free_port(), mqtt_port=site.broker.port)
        site.dev.write_config()
        (site.dev.config_dir / "configuration.yaml").write_text(configuration(), encoding="utf-8")
        site.running = Running(site.dev, log_dir=site.logs)
        first = Start(started=start_hass(site))
        token = await bootstrap(site.dev, site.running, gateway=False)
        say(f"  hass up, onboarded, MQTT added: {time.monotonic() - first.started:.0f} s")
        async with api_session(site.dev, token) as api:
            # A long-lived token: an access token lasts 30 minutes, and hass restarts.
            token = await api.ws(
                "auth/long_lived_access_token", client_name="bench/site_1000", lifespan=1
            )
            offered: dict[str, str] = {}
            if fleets.mqtt_boxes:
                offered = await wait_discovered(site, api, args.values_timeout)
                say(
                    f"  {len(offered)} MQTT boxes offered under Discovered"
                    f" {time.monotonic() - first.started:.0f} s after the start"
                )
            await asyncio.sleep(args.settle)
            rss_before = rss_mb(hass_pid(site))
            say(f"  RSS before the first Safe Power entry: {rss_before:.0f} MB")
            areas = await place_floors(api, set(FLOORS))
            adding = time.monotonic()
            gateway_took = await add_gateways(site, api, areas)
            confirm_took = await confirm_mqtt(site, api, offered, areas)
            added = time.monotonic()
            say(f"  every box added in {added - adding:.0f} s; waiting for every value")
            # The site's setting, as its panel sets it.
            await api.ws(
                "safe_power/settings/update",
                power_users=[],
                user_areas={},
                state_updates=args.state_updates,
            )
            say(f"  the site's state updates: {args.state_updates}")
            first.values_at, first.readiness = await wait_for_values(
                site, api, args.values_timeout, args.poll
            )
        summary.append(
            f"first start: hass start to every value {first.to_values:.1f} s (onboarding, MQTT"
            " and adding every box through the UI's API included)"
        )
        summary.append("set-up through the UI's API:")
        if gateway_took:
            summary.append(
                f"  gateway flows ({args.per_gateway} boxes each): {spread(gateway_took, 's', 1)}"
            )
        if confirm_took:
            head, tail = confirm_took[:100], confirm_took[-100:]
            summary.append(
                f"  MQTT box confirmations: {spread([t * 1000 for t in confirm_took], 'ms', 0)};"
                f" first 100 median {statistics.median(head) * 1000:.0f} ms, last 100 median"
                f" {statistics.median(tail) * 1000:.0f} ms; {sum(confirm_took) / 60:.1f} min"
                " one after the other"
            )
        summary.append(
            f"  from the last entry added to every value: {first.values_at - added:.1f} s"
            f" (polled every {args.poll:g} s)"
        )
        ready = first.readiness
        summary.append(
            f"entities: {ready.enabled} enabled Safe Power entities"
            f" ({ready.enabled / fleets.boxes:.1f} a box), {ready.disabled} disabled;"
            f" {ready.states} states in Home Assistant"
        )

        say(f"  every value there; settling {args.settle:g} s, then a {args.window:g} s window")
        await asyncio.sleep(args.settle)
        cpu, rss, sim_cpu, broker_cpu, rec0, rec1 = await measure_window(site, args.window)
        per_box = (rss - rss_before) / fleets.boxes
        summary.append(
            f"steady state over {args.window:g} s: hass CPU {cpu:.1f} % of one core"
            f" [<= {CPU_TARGET:g} %: {verdict(cpu <= CPU_TARGET)}], RSS {rss:.0f} MB"
            f" [<= {RSS_TARGET:g} MB: {verdict(rss <= RSS_TARGET)}], RSS per box"
            f" {per_box:.2f} MB [<= {BOX_TARGET:g} MB: {verdict(per_box <= BOX_TARGET)}]"
            f" ((RSS - {rss_before:.0f} MB before the first entry)"
            f" / {fleets.boxes}; {site.rss_at_window:.0f} MB at the window's start); simulators"
            f" {sim_cpu:.0f} %, mosquitto {broker_cpu:.0f} % of one core beside it"
        )
        summary += report_recorder(
            site.dev, rec0, rec1, log=log_text(site), readiness=first.readiness, boxes=fleets.boxes
        )

        py_spy = None if args.no_profile else find_py_spy(root)
        say("  restarting hass (SIGTERM, start, every value)")
        stopped, again, start_profile = await restart(
            site, args, token, first.readiness.registry, py_spy
        )
        summary.append(
            f"restart: stop {stopped:.1f} s; start to every value {again.to_values:.1f} s"
            f" [<= {VALUES_TARGET:g} s: {verdict(again.to_values <= VALUES_TARGET)}]"
        )
        summary.append(describe_setup(again, fleets.mqtt_boxes + len(fleets.gateways)))
        if start_profile is not None:
            summary += start_profile.describe("start-up profile (py-spy)", args.top)
        # The first process confirmed every MQTT box and built every entity: what it holds
        # for that is not a box's. The restarted one holds what a site that has run for a
        # while holds (the histories restored from their store).
        say(f"  letting the restarted hass settle {args.settle:g} s")
        await asyncio.sleep(args.settle)
        rss_again = rss_mb(hass_pid(site))
        per_box_again = (rss_again - rss_before) / fleets.boxes
        summary.append(
            f"after the restart and {args.settle:g} s: RSS {rss_again:.0f} MB, RSS per box"
            f" {per_box_again:.2f} MB"
            f" [<= {BOX_TARGET:g} MB: {verdict(per_box_again <= BOX_TARGET)}]"
        )
        if py_spy is not None:
            say(f"  profiling {args.profile_window:g} s of steady state")
            if (steady := await steady_profile(site, args, py_spy)) is not None:
                summary += steady.describe(
                    f"steady-state profile over {args.profile_window:g} s (py-spy)", args.top
                )
        summary += await interactive(site, token)
        if args.storm_window > 0 and (site.gateways or site.mqtt_sims):
            say(f"  alarm storm for {args.storm_window:g} s")
            summary += await storm(site, args, token, py_spy)
    except BootstrapError as err:
        summary.append(f"stopped: {err}")
        tail = log_text(site).splitlines()[-15:]
        summary += [f"    {line}" for line in tail]
    finally:
        say("  stopping every process")
        await site.stop()
        if args.logs is not None:
            args.logs.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                shutil.copytree(site.logs, args.logs, dirs_exist_ok=True)
    return summary


async def steady_profile(site: Site, args: argparse.Namespace, py_spy: str) -> Profile | None:
    """Sample hass for the profile window."""
    out = site.logs / "profile-steady.txt"
    sampler = Sampler(py_spy, hass_pid(site), out, args.rate, args.profile_window)
    await asyncio.sleep(args.profile_window)
    return await asyncio.get_running_loop().run_in_executor(None, sampler.stop)


async def control_all(sim: Simulator, action: str) -> None:
    """Apply a scenario to every box of a simulator (its long reply is not read)."""
    reader, writer = await asyncio.open_connection(HOST, sim.control)
    try:
        writer.write(f"all {action}\n".encode())
        await writer.drain()
        with contextlib.suppress(ValueError, asyncio.LimitOverrunError):
            await asyncio.wait_for(reader.readline(), 30)  # done when it answers
    finally:
        writer.close()
        await writer.wait_closed()


async def timed(what: str, call: Any) -> str:
    """Run an API call; return how long it took and how large its answer was."""
    started = time.monotonic()
    answer = await call
    size = len(json.dumps(answer))
    return f"{what} {(time.monotonic() - started) * 1000:.0f} ms ({human(size)})"


async def interactive(site: Site, token: str) -> list[str]:
    """Time what a user opens on a large site: the panel, an action over all boxes, diagnostics."""
    assert site.dev is not None
    lines = []
    async with api_session(site.dev, token) as api:
        entries = [
            e for e in await api.call("/api/config/config_entries/entry") if e["domain"] == DOMAIN
        ]
        calls = [
            ("panel's box list (ws safe_power/fleet)", api.ws("safe_power/fleet")),
            ("panel's alarm list (ws safe_power/alarms)", api.ws("safe_power/alarms")),
            (
                "safe_power.early_warnings over every box",
                api.call(
                    "/api/services/safe_power/early_warnings?return_response", {"within_days": 30}
                ),
            ),
        ]
        gateway = next((e for e in entries if ":" in e["title"]), None)
        mqtt_box = next((e for e in entries if ":" not in e["title"]), None)
        for name, entry in (("a gateway's", gateway), ("an MQTT box's", mqtt_box)):
            if entry is not None:
                path = f"/api/diagnostics/config_entry/{entry['entry_id']}"
                calls.append((f"{name} diagnostics", api.call(path)))
        for what, call in calls:
            try:
                lines.append(await timed(what, call))
            except BootstrapError as err:
                lines.append(f"{what}: {err}")
    return ["on a site this size: " + "; ".join(lines)]


async def storm(site: Site, args: argparse.Namespace, token: str, py_spy: str | None) -> list[str]:
    """A supply outage on a gateway's and an MQTT simulator's boxes at once: alarms, correlation.

    Returns hass's CPU over the storm window, how long until the fleet's active-alarm count
    stopped moving, and a profile of the window.
    """
    assert site.dev is not None
    hit = [*site.gateways[:1], *site.mqtt_sims[:1]]
    boxes = sum(len(json.loads(s.fleet.read_text(encoding="utf-8"))["boxes"]) for s in hit)
    pid = hass_pid(site)
    async with api_session(site.dev, token) as api:
        registry = await api.ws("config/entity_registry/list")
        counter = next(
            (e["entity_id"] for e in registry if e["unique_id"] == "fleet_active_alarms"), None
        )
        sampler = None
        if py_spy is not None:
            sampler = Sampler(
                py_spy, pid, site.logs / "profile-storm.txt", args.rate, args.storm_window
            )
        ticks, started = cpu_ticks(pid), time.monotonic()
        for sim in hit:
            await control_all(sim, "outage")
        last_change, seen = started, None
        while time.monotonic() - started < args.storm_window:
            if counter is not None:
                state = (await api.call(f"/api/states/{counter}"))["state"]
                if state != seen:
                    seen, last_change = state, time.monotonic()
            await asyncio.sleep(1)
        cpu = 100.0 * (cpu_ticks(pid) - ticks) / TICKS / (time.monotonic() - started)
        profile = None
        if sampler is not None:
            profile = await asyncio.get_running_loop().run_in_executor(None, sampler.stop)
        for sim in hit:
            await control_all(sim, "recover")
    text = (
        f"alarm storm: a supply outage on {boxes} boxes at once ({len(hit)} simulators): hass CPU"
        f" {cpu:.0f} % of one core over {args.storm_window:g} s; the fleet's active alarms"
        f" reached {seen} and stopped moving {last_change - started:.1f} s after the outage"
    )
    lines = [text]
    if profile is not None:
        lines += profile.describe("alarm-storm profile (py-spy)", args.top)
    return lines


def main() -> None:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mqtt", type=int, default=1000, help="MQTT boxes (1000)")
    parser.add_argument("--gateways", type=int, default=16, help="Modbus gateways (16)")
    parser.add_argument("--per-gateway", type=int, default=32, help="boxes per gateway (32)")
    parser.add_argument(
        "--mqtt-per-process", type=int, default=200, help="per simulator (200, at most 247)"
    )
    parser.add_argument("--state-interval", type=float, default=15.0, help="MQTT state, s (15)")
    parser.add_argument(
        "--sim-tick", type=float, default=5.0, help="simulators' physics tick, s (5)"
    )
    parser.add_argument("--window", type=float, default=300.0, help="measured seconds (300)")
    parser.add_argument("--settle", type=float, default=60.0, help="seconds before it (60)")
    parser.add_argument("--poll", type=float, default=5.0, help="readiness poll, s (5)")
    parser.add_argument("--values-timeout", type=float, default=900.0, help="s (900)")
    parser.add_argument("--no-profile", action="store_true", help="skip the profiled start")
    parser.add_argument("--profile-window", type=float, default=120.0, help="s (120)")
    parser.add_argument("--top", type=int, default=15, help="functions per profile list (15)")
    parser.add_argument("--rate", type=int, default=100, help="py-spy samples a second (100)")
    parser.add_argument(
        "--storm-window", type=float, default=90.0, help="alarm storm, s (90; 0: none)"
    )
    parser.add_argument(
        "--state-updates",
        choices=("every_change", "significant"),
        default="significant",
        help="the site's setting (panel, Settings): every change, or significant ones only",
    )
    parser.add_argument("--logs", type=Path, default=None, help="keep the logs in this folder")
    parser.add_argument(
        "--smoke", action="store_true", help="40 MQTT + 2 x 8 Modbus, short windows (~3 min)"
    )
    args = parser.parse_args()
    if args.smoke:
        args.mqtt, args.gateways, args.per_gateway = 40, 2, 8
        args.window, args.settle, args.poll, args.profile_window = 30.0, 10.0, 2.0, 20.0
        args.storm_window = 30.0
    if args.mqtt < 0 or args.gateways < 0 or not 1 <= args.per_gateway <= 247:
        parser.error("need --mqtt >= 0, --gateways >= 0 and 1 <= --per-gateway <= 247")
    if not 1 <= args.mqtt_per_process <= 247:  # the simulator's unit ids
        parser.error("need 1 <= --mqtt-per-process <= 247")
    if args.mqtt + args.gateways == 0:
        parser.error("nothing to measure: no MQTT box and no gateway")
    if importlib.util.find_spec("homeassistant") is None or shutil.which("mosquitto") is None:
        say("Home Assistant or mosquitto is not installed here: nothing measured")
        return
    say(
        f"bench/site_1000.py: Home Assistant {ha_version}, Python {platform.python_version()},"
        f" {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f} at start"
        " (a shared machine: other work lands in the windows too)"
    )
    started = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="site_1000-"))
    summary: list[str] = []

    async def main_task() -> None:
        task = asyncio.current_task()
        assert task is not None
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        summary.extend(await run(args, root))

    try:
        asyncio.run(main_task())
    except KeyboardInterrupt, asyncio.CancelledError:
        say("interrupted: the figures so far")
    except (OSError, RuntimeError, aiohttp.ClientError, sqlite3.Error) as err:
        say(f"failed: {type(err).__name__}: {err}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    say()
    say(f"---- figures ({(time.monotonic() - started) / 60:.1f} min) ----")
    for line in summary:
        say(line)


if __name__ == "__main__":
    main()

"""Home Assistant's footprint per box: Safe Power ÷ core's `modbus` integration, real processes.

Run from the repository root::

    .venv/bin/python bench/ha_footprint.py [--boxes 16,64] [--repeats 3] [--window 120]
    .venv/bin/python bench/ha_footprint.py --boxes 4 --repeats 1 --window 20   # smoke, ~5 min

Each measured run is a `hass` process of its own (`python -m homeassistant`, as
`safe_power_tools/devenv.py` starts it) on a fresh configuration folder, in front of the box
simulator in a process of its own (`python -m safe_power_tools.simulator serve`) serving N
three-phase reference boxes (profile `safe_power_reference`, unit ids 1..N, a fleet file written
to the temporary folder). Both sides read the same boxes at the same rates:

- Safe Power: the site the end-to-end tests start (`DevSite`, `Running`, `bootstrap`):
  onboarding, then the gateway added through the integration's real config flow with every box,
  default options (telemetry every 15 s, alarm lane every 2 s). It reads per box the alarm and
  status words (04, 100, 2 registers) every 2 s and the telemetry block (04, 100, 34) every 15 s.
- core: the same onboarding, no gateway; `configuration.yaml` has one `modbus:` hub (type tcp,
  127.0.0.1) with, per box, one sensor of 2 values (`virtual_count: 1`) on the alarm and status
  words every 2 s, and the telemetry 102..133 every 15 s decoded as the register map says (data
  types, scales, "not present" markers as `nan_value`). Core decodes one read as one data type
  with one scale (`virtual_count`; a `custom` structure cannot have virtual sensors), so the
  fewest reads it offers for the 32 registers are the runs of one type and scale: 8 sensors
  (voltages 6 × uint16 ×0.1, currents 4 × uint32 ×0.001, leakage, temperatures 5 × int16 ×0.1,
  powers 4 × int32, power factor, frequency, energy), worked out from the profile. That is
  8 reads where Safe Power makes 1; the request counts are printed.

Both use devenv's configuration without its debug logging of Safe Power (logger `info` on both
sides, as an installation runs). Requests are counted on the wire: the hass processes talk to
the simulator through a relay in this process that counts each Modbus TCP request by unit,
function, start and count (the simulator counts requests too, but its control port does not
report them). Core's `modbus` needs `modbus-connection` and `tmodbus`; when the project's
environment lacks them, pip installs them into the temporary folder (PYTHONPATH of the hass
processes) instead of the shared virtual environment.

Method: once every entity of the side holds a value (core: every modbus sensor a number, and
box 1's values are compared with the simulator's own; Safe Power: none unavailable, and every
entity of a register-map measurement a value) and a `--settle` of 30 s, the hass process's CPU
time (utime + stime of /proc/<pid>/stat, in clock ticks of os.sysconf) is taken over `--window`
seconds of wall time (this process only sleeps meanwhile), then VmRSS (/proc/<pid>/status) and
the entities (the states API; the integration's own: Safe Power's enabled ones from the entity
registry, core's by their names). A "no boxes" baseline per side takes the per-process base
out: Safe Power loaded without a gateway (`safe_power:` in YAML runs its `async_setup`: panel,
services, fleet sensor; it also logs that YAML is not supported), core with an empty
`modbus:` (the integration and its libraries loaded, no hub). The runs are interleaved:
SP 0, core 0 (in the first `--baselines` repeats), then SP N, core N for each N, repeat after
repeat, so that machine drift hits both sides.

Figures, median [min-max] over the repeats:
- per run: CPU % of one core, RSS, entities, requests per box per minute by request, and
  whether the recorder's 5-minute statistics compile (minute 0, 5, ... second 10) fell in the
  window: it costs both sides a burst by their entities with a state class, once in 300 s, so a
  120 s window holds it or not, which shows in the spread;
- per box: (value at the largest N - value at the smallest N) / their difference, for RSS and
  CPU %, per repeat from that repeat's two runs; and (value - baseline) / N for each N (the
  baseline: the median of the side's no-box runs);
- targets (informative PASS/MISS): CPU per box, Safe Power ÷ core ≤ 1.0 at each N (the ratio
  of the medians of (value - baseline) / N; the whole processes' ratio beside it); Safe Power
  RSS per box ≤ 0.6 MB (the slope when two sizes are measured, else (value - baseline) / N).

Options: `--boxes` (fleet sizes, 16,64), `--repeats` (3), `--window` (s, 120), `--settle` (s,
30), `--baselines` (repeats with no-box runs, 1). A default run takes about 45 minutes, the
smoke option about 5. The machine is shared: other work slows the runs and may land in a
window, so look at the spread. Every process the benchmark starts is stopped and its
temporary folder removed, also on errors and Ctrl+C; it always exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
import contextlib
from dataclasses import dataclass, field
import importlib.util
import json
import os
from pathlib import Path
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any, Self

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # measure this checkout

import aiohttp
import homeassistant
from homeassistant.const import __version__ as ha_version
from homeassistant.util.package import is_installed

from custom_components.safe_power.box.profile import DataType, Field, load_profiles
from custom_components.safe_power.const import (
    DEFAULT_ALARM_INTERVAL as ALARM_INTERVAL,  # s, also core's scan_interval of the words
    DEFAULT_TELEMETRY_INTERVAL as TELEMETRY_INTERVAL,  # s, also core's of the telemetry
)
from safe_power_tools.devenv import (
    CONFIGURATION,
    REPO,
    BootstrapError,
    DevSite,
    HassApi,
    Running,
    bootstrap,
)
from safe_power_tools.mqtt_common import free_port
from safe_power_tools.simulator.control import send_control, serve_command

HOST = "127.0.0.1"
PROFILE_ID = "safe_power_reference"
CPU_RATIO_TARGET = 1.0  # Safe Power ÷ core, CPU per box
RSS_PER_BOX_TARGET = 0.6  # MB of RSS per Safe Power box
READY_TIMEOUT = 180.0  # s for every entity to hold a value
STOP_TIMEOUT = 60.0
TICKS = os.sysconf("SC_CLK_TCK")
MB = 1024 * 1024
HA_PACKAGE = Path(homeassistant.__file__).parent  # core's modbus is not imported: see core_packages
SP, CORE = "Safe Power", "core modbus"
SIDES = (SP, CORE)
CORE_HUB = "bench"
CORE_NAME = re.compile(r"^sensor\.mb\d{3}_r\d+")  # core's entities, see core_entity
DEBUG_LOGGING = "  logs:\n    custom_components.safe_power: debug\n"


def verdict(ok: bool) -> str:
    """Return the informative verdict word."""
    return "PASS" if ok else "MISS"


def say(text: str = "") -> None:
    """Print a line at once (progress of a long run)."""
    print(text, flush=True)


# --- what is read: the profile, and core's YAML for it ---------------------------------------


@dataclass(frozen=True, slots=True)
class CoreRead:
    """One core modbus sensor with virtual sensors: one read of one type and scale."""

    key: str  # the entity's name after the box's: r<first register>
    keys: tuple[str, ...]  # the profile's keys of the values, in register order
    address: int
    count: int  # registers
    data_type: DataType
    scale: float
    missing: int | None  # the "not present" marker, core's nan_value
    interval: int  # s


# unit, device class, state class of a measurement key's entity (by the key's start)
UNITS: tuple[tuple[str, str | None, str | None, str], ...] = (
    ("voltage", "V", "voltage", "measurement"),
    ("line_voltage", "V", "voltage", "measurement"),
    ("current", "A", "current", "measurement"),
    ("leakage_current", "mA", "current", "measurement"),
    ("cable_temperature", "°C", "temperature", "measurement"),
    ("box_temperature", "°C", "temperature", "measurement"),
    ("active_power", "W", "power", "measurement"),
    ("power_factor", None, "power_factor", "measurement"),
    ("frequency", "Hz", "frequency", "measurement"),
    ("energy", "kWh", "energy", "total_increasing"),
)


def unit_of(key: str) -> tuple[str | None, str | None, str]:
    """Return the unit, device class and state class core's entity of a measurement gets."""
    best = max((u for u in UNITS if key.startswith(u[0])), key=lambda u: len(u[0]))
    return best[1], best[2], best[3]


def core_reads() -> list[CoreRead]:
    """Return the fewest core sensors reading what Safe Power reads of a reference box.

    The status lane (alarm and status words) as one read every 2 s; the measurements grouped
    into runs of adjacent fields of one type, scale and marker, each one read every 15 s.
    """
    profile = load_profiles()[PROFILE_ID]
    status = profile.status_fields
    reads = [
        CoreRead(
            f"r{status[0].address}",
            ("alarm_word", "status_word"),
            status[0].address,
            2,
            DataType.UINT16,
            1.0,
            None,
            ALARM_INTERVAL,
        )
    ]
    if [(f.address, f.type) for f in status] != [
        (status[0].address, DataType.UINT16),
        (status[0].address + 1, DataType.UINT16),
    ]:
        raise SystemExit("the reference profile's alarm and status words are not two uint16")
    run: list[tuple[str, Field]] = []

    def close() -> None:
        first = run[0][1]
        reads.append(
            CoreRead(
                f"r{first.address}",
                tuple(k for k, _ in run),
                first.address,
                sum(f.width for _, f in run),
                first.type,
                first.scale,
                first.missing,
                TELEMETRY_INTERVAL,
            )
        )
        run.clear()

    for key, fld in sorted(profile.measurements.items(), key=lambda item: item[1].address):
        if run:
            last = run[-1][1]
            if (
                fld.type is not last.type
                or fld.scale != last.scale
                or fld.missing != last.missing
                or fld.address != last.address + last.width
            ):
                close()
        run.append((key, fld))
    if run:
        close()
    return reads


def decimals(scale: float) -> int:
    """Return the decimals a scaled integer has (0.1 → 1, 0.001 → 3, 1 → 0)."""
    text = f"{scale:.6f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def core_entity(unit: int, read: CoreRead, index: int) -> str:
    """Return the entity id core gives the index-th value of a read."""
    base = f"sensor.mb{unit:03d}_{read.key}"
    return base if index == 0 else f"{base}_{index}"


def core_yaml(port: int, units: Sequence[int], reads: Sequence[CoreRead]) -> str:
    """Return the `modbus:` block reading `reads` from each unit, grouped per read."""
    lines = [
        "modbus:",
        f"  - name: {CORE_HUB}",
        "    type: tcp",
        f"    host: {HOST}",
        f"    port: {port}",
        "    sensors:",
    ]
    for unit in units:
        for read in reads:
            lines += [
                f'      - name: "mb{unit:03d} {read.key}"',
                f"        device_address: {unit}",
                "        input_type: input",
                f"        address: {read.address}",
                f"        data_type: {read.data_type.value}",
                f"        scan_interval: {read.interval}",
            ]
            if len(read.keys) > 1:
                lines.append(f"        virtual_count: {len(read.keys) - 1}")
            if read.scale != 1:
                lines.append(f"        scale: {read.scale}")
                lines.append(f"        precision: {decimals(read.scale)}")
            if read.missing is not None:
                lines.append(f"        nan_value: {read.missing}")
            if read.interval == TELEMETRY_INTERVAL:
                unit_name, device_class, state_class = unit_of(read.keys[0])
                if unit_name:
                    lines.append(f'        unit_of_measurement: "{unit_name}"')
                if device_class:
                    lines.append(f"        device_class: {device_class}")
                lines.append(f"        state_class: {state_class}")
    return "\n".join(lines) + "\n"


def base_configuration() -> str:
    """Return devenv's configuration.yaml without Safe Power's debug logging."""
    if DEBUG_LOGGING not in CONFIGURATION:
        raise SystemExit("devenv's configuration changed: update DEBUG_LOGGING in this bench")
    return CONFIGURATION.replace(DEBUG_LOGGING, "")


def write_fleet(path: Path, count: int) -> None:
    """Write a fleet file of `count` three-phase reference boxes at unit ids 1..count."""
    boxes = [
        {
            "unit_id": unit,
            "serial": f"SPF{unit:05d}",
            "phases": 3,
            "name": f"Bench box {unit}",
            "location": f"Bench row {unit}",
            "profile": PROFILE_ID,
            "seed": unit,
        }
        for unit in range(1, count + 1)
    ]
    doc = {"schema": 1, "building": "Bench building", "boxes": boxes}
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")


# --- processes ------------------------------------------------------------------------------


def wait_for_port(port: int, process: subprocess.Popen[bytes], within: float = 30) -> None:
    """Wait until something listens on a port of 127.0.0.1 (raise if the process ended)."""
    deadline = time.monotonic() + within
    while True:
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), 0.2):
            return
        if process.poll() is not None or time.monotonic() > deadline:
            raise BootstrapError(f"the simulator did not listen on {port}")
        time.sleep(0.1)


def terminate(process: subprocess.Popen[bytes]) -> None:
    """Stop a child process with SIGTERM (SIGKILL after a minute) and reap it."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait()


@contextlib.contextmanager
def simulator(fleet: Path, log: Path) -> Iterator[tuple[int, int]]:
    """Serve a fleet from a simulator process of its own; yield its Modbus and control ports."""
    port, control = free_port(), free_port()
    args = serve_command(port, control, fleet, host=HOST)
    with log.open("ab") as output:
        process = subprocess.Popen(
            args, cwd=REPO, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            wait_for_port(port, process)
            yield port, control
            if process.poll() is not None:
                raise BootstrapError(f"the simulator exited with status {process.returncode}")
        finally:
            terminate(process)


class CountingRelay:
    """A Modbus TCP relay on 127.0.0.1 that counts the requests passing through it.

    Its own event loop runs in a thread of this process, so that its work does not land in
    the measured `hass`. Requests are counted by (unit, function, start, count); the replies
    pass through unread.
    """

    def __init__(self, upstream: int) -> None:
        """Relay to the simulator's Modbus port `upstream` once started."""
        self.upstream = upstream
        self.port = 0
        self._counts: Counter[tuple[int, int, int, int]] = Counter()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="relay", daemon=True)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    def __enter__(self) -> Self:
        """Start listening on a free port."""
        self._thread.start()
        self.port = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *_exc: object) -> None:
        """Close every connection and end the thread."""
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def counts(self) -> Counter[tuple[int, int, int, int]]:
        """Return a copy of the counts so far."""
        with self._lock:
            return Counter(self._counts)

    async def _start(self) -> int:
        self._server = await asyncio.start_server(self._client, HOST, 0)
        return int(self._server.sockets[0].getsockname()[1])

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()
        if self._server is not None:
            self._server.close_clients()
            await self._server.wait_closed()

    def _count(self, buffer: bytearray) -> None:
        """Count and drop the complete MBAP frames at the start of `buffer`."""
        while len(buffer) >= 8:
            total = 6 + int.from_bytes(buffer[4:6], "big")
            if len(buffer) < total:
                return
            unit, function = buffer[6], buffer[7]
            start = count = 0
            if function in (3, 4) and total >= 12:
                start = int.from_bytes(buffer[8:10], "big")
                count = int.from_bytes(buffer[10:12], "big")
            with self._lock:
                self._counts[unit, function, start, count] += 1
            del buffer[:total]

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            up_reader, up_writer = await asyncio.open_connection(HOST, self.upstream)
        except OSError:
            writer.close()
            self._writers.discard(writer)
            return
        self._writers.add(up_writer)

        async def replies() -> None:
            with contextlib.suppress(ConnectionError):
                while data := await up_reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            writer.close()

        task = asyncio.get_running_loop().create_task(replies())
        buffer = bytearray()
        try:
            while data := await reader.read(65536):
                buffer += data
                self._count(buffer)
                up_writer.write(data)
                await up_writer.drain()
        except ConnectionError:
            pass
        finally:
            up_writer.close()
            with contextlib.suppress(asyncio.CancelledError, ConnectionError):
                await task
            writer.close()
            self._writers.discard(writer)
            self._writers.discard(up_writer)


def cpu_ticks(pid: int) -> int:
    """Return a process's user + system CPU time in clock ticks."""
    text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)


def rss_bytes(pid: int) -> int:
    """Return a process's resident set size (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def children(pid: int) -> list[int]:
    """Return the child processes of a process (Home Assistant should start none)."""
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text(encoding="ascii")
            found += [int(c) for c in text.split()]
    return found


@contextlib.contextmanager
def core_packages(folder: Path) -> Iterator[str]:
    """Make core modbus's requirements importable by the hass processes; yield a note.

    What the environment already has is used; the rest is installed by pip into `folder`
    (removed with the run's temporary folder), put on PYTHONPATH for the child processes.
    """
    manifest = HA_PACKAGE / "components" / "modbus" / "manifest.json"
    wanted = json.loads(manifest.read_text(encoding="utf-8"))["requirements"]
    missing = [req for req in wanted if not is_installed(req)]
    if not missing:
        yield "core modbus's requirements: from the environment"
        return
    constraints = HA_PACKAGE / "package_constraints.txt"
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--target",
        str(folder),
        *(["--constraint", str(constraints)] if constraints.exists() else []),
        *missing,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"pip could not install {missing}: {done.stderr.strip()[-500:]}")
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), before]))
    try:
        yield f"core modbus's requirements {', '.join(missing)}: installed by pip for this run"
    finally:
        if before is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = before


# --- one run --------------------------------------------------------------------------------


@dataclass(slots=True)
class Sample:
    """What one run measured."""

    side: str
    boxes: int
    repeat: int
    cpu: float = 0.0  # % of one core over the window
    rss: float = 0.0  # MB at the end of the window
    entities: int = 0  # the side's own enabled entities with a state
    states: int = 0  # every state Home Assistant holds
    # requests per box per minute by (function, start, count), counted by the relay
    requests: dict[tuple[int, int, int], float] = field(default_factory=dict)
    window: float = 0.0
    ready_after: float = 0.0  # s from the start of hass to every entity holding a value
    unknown: int = 0  # the side's entities left unknown (legitimately: events, buttons...)
    unavailable: int = 0  # the side's entities unavailable at the end of the window
    check: str = ""
    statistics: bool = False  # the recorder's 5-minute statistics ran in the window


STATISTICS_PERIOD = 300  # s: the recorder compiles statistics at minute 0, 5, ... second 10
STATISTICS_OFFSET = 10


def statistics_ran(start: float, end: float) -> bool:
    """Return True when the recorder's statistics compile fell between two wall-clock times."""
    first = (start - STATISTICS_OFFSET) // STATISTICS_PERIOD
    return (end - STATISTICS_OFFSET) // STATISTICS_PERIOD > first


@dataclass(slots=True)
class Context:
    """What every run shares."""

    root: Path
    window: float
    settle: float
    reads: list[CoreRead]
    fleets: dict[int, Path] = field(default_factory=dict)
    checked: bool = False


def has_value(state: dict[str, Any] | None) -> bool:
    """Return True when an entity holds a value (not missing, unavailable or unknown)."""
    return state is not None and state["state"] not in ("unavailable", "unknown")


async def side_entities(
    api: HassApi, side: str, states: dict[str, dict[str, Any]]
) -> tuple[list[str], set[str]]:
    """Return the side's enabled entities, and those that must hold a value once polled.

    Core: every modbus sensor. Safe Power: the entities of the register map's measurements
    (unique id `<serial>_<key>`); its other entities may stay unknown (event entities and
    buttons until something happens, the days to the leakage limit while none is in sight).
    """
    if side == CORE:
        ids = sorted(e for e in states if CORE_NAME.match(e))
        return ids, set(ids)
    keys = tuple(f"_{key}" for key in load_profiles()[PROFILE_ID].measurements)
    registry = [
        e
        for e in await api.ws("config/entity_registry/list")
        if e["platform"] == "safe_power" and not e["disabled_by"] and not e["hidden_by"]
    ]
    measured = {e["entity_id"] for e in registry if e["unique_id"].endswith(keys)}
    return sorted(e["entity_id"] for e in registry), measured


def waiting_for(
    ids: Sequence[str], measured: set[str], states: dict[str, dict[str, Any]]
) -> list[str]:
    """Return the entities not there yet or unavailable, and the measured ones without value."""
    return [
        e
        for e in ids
        if (state := states.get(e)) is None
        or state["state"] == "unavailable"
        or (e in measured and not has_value(state))
    ]


async def states_of(api: HassApi) -> dict[str, dict[str, Any]]:
    """Return every state by entity id."""
    return {s["entity_id"]: s for s in await api.call("/api/states")}


async def decoding_check(ctx: Context, states: dict[str, dict[str, Any]], control: int) -> str:
    """Compare core's decoded values of box 1 with the simulator's own (they drift a little)."""
    reply = await send_control("1 status", port=control)
    truth: dict[str, float] = reply["boxes"][0]["values"]
    pairs = []
    for read in ctx.reads:
        for index, key in enumerate(read.keys):
            state = states.get(core_entity(1, read, index))
            if key in truth and state is not None and has_value(state):
                pairs.append((key, float(state["state"]), float(truth[key])))
    if not pairs:
        return "decoding check: no value to compare"
    worst = max(pairs, key=lambda p: abs(p[1] - p[2]) / max(abs(p[2]), 1e-9))
    shown = ", ".join(f"{k} {a:g}/{b:g}" for k, a, b in pairs[:: max(1, len(pairs) // 6)])
    return (
        f"decoding check, box 1, core/simulator: {len(pairs)} values, e.g. {shown}; "
        f"largest relative gap {worst[0]} {abs(worst[1] - worst[2]) / max(abs(worst[2]), 1e-9):.1%}"
        " (the simulator moves between the two reads)"
    )


async def measure(
    ctx: Context,
    sample: Sample,
    *,
    dev: DevSite,
    token: str,
    pid: int,
    started: float,
    relay: CountingRelay | None,
    control: int | None,
) -> None:
    """Wait for every entity to hold a value, settle, then measure the window."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        api = HassApi(session, dev.url)
        api.token = token
        try:
            deadline = time.monotonic() + READY_TIMEOUT
            while True:
                states = await states_of(api)
                ids, measured = await side_entities(api, sample.side, states)
                missing = waiting_for(ids, measured, states)
                expected = ctx_expected(ctx, sample)
                if not missing and len(ids) >= expected:
                    break
                if time.monotonic() > deadline:
                    raise BootstrapError(
                        f"{len(missing)} of {len(ids)} entities hold no value "
                        f"(expected at least {expected}), e.g. {missing[:5]}"
                    )
                await asyncio.sleep(1)
            sample.ready_after = time.monotonic() - started
            if sample.side == CORE and sample.boxes and control is not None and not ctx.checked:
                sample.check = await decoding_check(ctx, states, control)
                ctx.checked = True
            await api.close()  # nothing of this process talks to hass during the window
            await asyncio.sleep(ctx.settle)
            counts0 = relay.counts() if relay else Counter()
            ticks0, wall0, clock0 = cpu_ticks(pid), time.monotonic(), time.time()
            await asyncio.sleep(ctx.window)
            ticks1, wall1, clock1 = cpu_ticks(pid), time.monotonic(), time.time()
            rss = rss_bytes(pid)
            counts1 = relay.counts() if relay else Counter()
            if kids := children(pid):
                say(f"    note: hass has child processes {kids}, not measured")
            states = await states_of(api)
            ids, _measured = await side_entities(api, sample.side, states)
        finally:
            await api.close()
    sample.window = wall1 - wall0
    sample.statistics = statistics_ran(clock0, clock1)
    sample.cpu = 100.0 * (ticks1 - ticks0) / TICKS / sample.window
    sample.rss = rss / MB
    sample.states = len(states)
    sample.entities = sum(1 for e in ids if e in states)
    sample.unknown = sum(1 for e in ids if e in states and states[e]["state"] == "unknown")
    sample.unavailable = sum(1 for e in ids if e in states and states[e]["state"] == "unavailable")
    if sample.boxes:
        per_minute = 60.0 / sample.window / sample.boxes
        for (_unit, function, start, count), n in (counts1 - counts0).items():
            key = (function, start, count)
            sample.requests[key] = sample.requests.get(key, 0.0) + n * per_minute


def ctx_expected(ctx: Context, sample: Sample) -> int:
    """Return the fewest entities the side must have (core: every value of every read)."""
    if sample.side == CORE:
        return sample.boxes * sum(len(r.keys) for r in ctx.reads)
    return sample.boxes  # Safe Power: at least one per box (its count is reported)


def log_tail(logs: Path, lines: int = 12) -> str:
    """Return the last lines of a run's Home Assistant log, to say why it failed."""
    for name in ("hass.log", "simulator.log"):
        path = logs / name
        if path.exists():
            text = path.read_text(encoding="utf-8", errors="replace").splitlines()
            return f"last lines of {name}:\n" + "\n".join(f"      {t}" for t in text[-lines:])
    return "no log"


def run_once(ctx: Context, sample: Sample) -> bool:
    """Start a site for one run, measure it, stop everything it started; False if it failed."""
    name = f"{'sp' if sample.side == SP else 'core'}{sample.boxes}-r{sample.repeat}"
    folder = ctx.root / name
    logs = folder / "logs"
    logs.mkdir(parents=True)
    try:
        start_and_measure(ctx, sample, folder, logs)
    except (BootstrapError, OSError, RuntimeError, TimeoutError, aiohttp.ClientError) as err:
        say(f"    run failed: {type(err).__name__}: {err}")
        say(f"    {log_tail(logs)}")
        return False
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return True


def start_and_measure(ctx: Context, sample: Sample, folder: Path, logs: Path) -> None:
    """Start the simulator, the relay and hass, bootstrap, measure; stop them in any case."""
    with contextlib.ExitStack() as stack:
        relay: CountingRelay | None = None
        control: int | None = None
        if sample.boxes:
            port, control = stack.enter_context(
                simulator(ctx.fleets[sample.boxes], logs / "simulator.log")
            )
            relay = stack.enter_context(CountingRelay(port))
        dev = DevSite(
            root=folder,
            ha_port=free_port(),
            modbus_port=relay.port if relay else free_port(),
            control_port=control or free_port(),
            fleet=ctx.fleets.get(sample.boxes, ctx.root / "none.json"),
        )
        dev.write_config()
        configuration = base_configuration()
        if sample.side == CORE:
            # No Safe Power on the core side: not even its files in custom_components.
            (dev.config_dir / "custom_components" / "safe_power").unlink()
            units = range(1, sample.boxes + 1)
            if sample.boxes:
                configuration += core_yaml(dev.modbus_port, units, ctx.reads)
            else:
                configuration += "modbus:\n"
        elif not sample.boxes:
            configuration += "safe_power:\n"  # loaded without a gateway (logs a YAML error)
        (dev.config_dir / "configuration.yaml").write_text(configuration, encoding="utf-8")
        running = Running(dev, log_dir=logs)
        stack.callback(running.stop)
        started = time.monotonic()
        running.start_hass()
        pid = running.processes["hass"].pid
        gateway = sample.side == SP and sample.boxes > 0
        token = asyncio.run(bootstrap(dev, running, gateway=gateway))
        asyncio.run(
            measure(
                ctx,
                sample,
                dev=dev,
                token=token,
                pid=pid,
                started=started,
                relay=relay,
                control=control,
            )
        )
        running.check_alive()


# --- figures --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Spread:
    """Median and range of the repeats of a figure."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        """Return the median."""
        return statistics.median(self.values)

    def show(self, digits: int = 2, unit: str = "") -> str:
        """Format as `median [min-max] unit`, or `-` without values."""
        if not self.values:
            return "-"
        text = f"{self.median:.{digits}f}"
        if len(self.values) > 1:
            text += f" [{min(self.values):.{digits}f}-{max(self.values):.{digits}f}]"
        return f"{text}{unit}"


class Results:
    """The samples of a benchmark run, by side, number of boxes and repeat."""

    def __init__(self) -> None:
        """Start empty."""
        self.samples: dict[tuple[str, int, int], Sample] = {}

    def add(self, sample: Sample) -> None:
        """Keep a measured run."""
        self.samples[sample.side, sample.boxes, sample.repeat] = sample

    def runs(self, side: str, boxes: int) -> list[Sample]:
        """Return the measured runs of a side and size, by repeat."""
        return [s for (sd, n, _r), s in sorted(self.samples.items()) if sd == side and n == boxes]

    def spread(self, side: str, boxes: int, value: Callable[[Sample], float]) -> Spread:
        """Return a figure over the repeats of a side and size."""
        return Spread(tuple(value(s) for s in self.runs(side, boxes)))

    def per_box(self, side: str, boxes: int, value: Callable[[Sample], float]) -> Spread:
        """Return (value - baseline) / boxes per repeat; the baseline: the median of its runs."""
        base = self.spread(side, 0, value)
        if not base.values:
            return Spread(())
        return Spread(tuple((value(s) - base.median) / boxes for s in self.runs(side, boxes)))

    def slope(self, side: str, lo: int, hi: int, value: Callable[[Sample], float]) -> Spread:
        """Return (value at `hi` boxes - value at `lo` boxes) / (hi - lo), per repeat."""
        out = []
        for sample in self.runs(side, hi):
            other = self.samples.get((side, lo, sample.repeat))
            if other is not None:
                out.append((value(sample) - value(other)) / (hi - lo))
        return Spread(tuple(out))


def requests_line(sample_list: Sequence[Sample]) -> str:
    """Return the mean requests per box per minute, by function, start and count."""
    total: dict[tuple[int, int, int], float] = {}
    for sample in sample_list:
        for key, rate in sample.requests.items():
            total[key] = total.get(key, 0.0) + rate / len(sample_list)
    parts = [
        f"{fc:02d}/{start}x{count}: {rate:.1f}"
        for (fc, start, count), rate in sorted(total.items(), key=lambda kv: kv[0][1:])
        if rate >= 0.05
    ]
    return f"{sum(total.values()):.1f}/min ({', '.join(parts)})" if parts else "none counted"


def report(results: Results, sizes: Sequence[int], elapsed: float) -> None:
    """Print the figures and the verdicts."""
    say()
    say(f"---- figures (medians [min-max] over the repeats; {elapsed / 60:.0f} min in all) ----")
    for side in SIDES:
        say(f"{side}:")
        for boxes in (0, *sizes):
            runs = results.runs(side, boxes)
            if not runs:
                say(f"  {boxes:>3} boxes: no measured run")
                continue
            label = "no boxes" if boxes == 0 else f"{boxes:>3} boxes"
            say(
                f"  {label}: CPU {results.spread(side, boxes, lambda s: s.cpu).show(2, ' %')}, "
                f"RSS {results.spread(side, boxes, lambda s: s.rss).show(1, ' MB')}, "
                f"entities {results.spread(side, boxes, lambda s: s.entities).show(0)} "
                f"(unknown {results.spread(side, boxes, lambda s: s.unknown).show(0)}; "
                f"all states {results.spread(side, boxes, lambda s: s.states).show(0)}), "
                f"n={len(runs)} ({sum(s.statistics for s in runs)} with the statistics compile)"
            )
            if boxes:
                say(f"      requests per box: {requests_line(runs)}")
    say()
    say("---- per box ----")
    lo, hi = min(sizes), max(sizes)
    slopes: dict[str, tuple[Spread, Spread]] = {}
    for side in SIDES:
        say(f"{side}:")
        if hi > lo:
            cpu = results.slope(side, lo, hi, lambda s: s.cpu)
            rss = results.slope(side, lo, hi, lambda s: s.rss)
            slopes[side] = (cpu, rss)
            say(f"  ({hi} - {lo}) / {hi - lo}: CPU {cpu.show(4, ' %')}, RSS {rss.show(3, ' MB')}")
        for boxes in sizes:
            cpu = results.per_box(side, boxes, lambda s: s.cpu)
            rss = results.per_box(side, boxes, lambda s: s.rss)
            ent = results.per_box(side, boxes, lambda s: s.entities)
            say(
                f"  ({boxes} - baseline) / {boxes}: CPU {cpu.show(4, ' %')}, "
                f"RSS {rss.show(3, ' MB')}, entities {ent.show(1)}"
            )
    say()
    say("---- targets ----")
    for boxes in sizes:
        sp = results.per_box(SP, boxes, lambda s: s.cpu)
        core = results.per_box(CORE, boxes, lambda s: s.cpu)
        whole_sp = results.spread(SP, boxes, lambda s: s.cpu)
        whole_core = results.spread(CORE, boxes, lambda s: s.cpu)
        if not sp.values or not core.values or core.median <= 0:
            say(f"CPU per box at {boxes} boxes, Safe Power ÷ core: not measured")
            continue
        ratio = sp.median / core.median
        pairs = [a / b for a, b in zip(sp.values, core.values, strict=False) if b > 0]
        pair_text = f", per repeat {Spread(tuple(pairs)).show(2)}" if len(pairs) > 1 else ""
        say(
            f"CPU per box at {boxes} boxes, Safe Power ÷ core: {ratio:.2f}{pair_text} "
            f"(whole process {whole_sp.median / whole_core.median:.2f})"
            f"  [≤ {CPU_RATIO_TARGET}: {verdict(ratio <= CPU_RATIO_TARGET)}]"
        )
    if SP in slopes and slopes[SP][1].values:
        rss_box, how = slopes[SP][1], f"({hi} - {lo}) / {hi - lo}"
    else:
        rss_box, how = results.per_box(SP, hi, lambda s: s.rss), f"({hi} - baseline) / {hi}"
    if rss_box.values:
        say(
            f"Safe Power RSS per box, {how}: {rss_box.show(3, ' MB')}"
            f"  [≤ {RSS_PER_BOX_TARGET} MB: {verdict(rss_box.median <= RSS_PER_BOX_TARGET)}]"
        )
    else:
        say("Safe Power RSS per box: not measured")


# --- main -----------------------------------------------------------------------------------


def describe_reads(reads: Sequence[CoreRead]) -> list[str]:
    """Return what each side reads per box, for the header."""
    profile = load_profiles()[PROFILE_ID]
    plan = [
        *(f"04/{b.address}x{b.count} every {ALARM_INTERVAL} s" for b in profile.status_plan()),
        *(
            f"04/{b.address}x{b.count} every {TELEMETRY_INTERVAL} s"
            for b in profile.telemetry_plan()
        ),
        f"03/{profile.settings_plan()[0].address}x{profile.settings_plan()[0].count} hourly",
    ]
    core = [
        f"04/{r.address}x{r.count} {r.data_type.value}"
        + (f" ×{r.scale:g}" if r.scale != 1 else "")
        + f" ({len(r.keys)}) every {r.interval} s"
        for r in reads
    ]
    return [
        f"Safe Power reads per box: {'; '.join(plan)}",
        f"core reads per box: {'; '.join(core)}",
    ]


def one_run(ctx: Context, results: Results, sample: Sample) -> None:
    """Measure one run, keep it and print its line (or why it failed)."""
    started = time.monotonic()
    if not run_once(ctx, sample):
        return
    results.add(sample)
    say(
        f"  repeat {sample.repeat}, {sample.side:<11} {sample.boxes:>3} boxes: "
        f"CPU {sample.cpu:6.2f} % over {sample.window:.0f} s, RSS {sample.rss:6.1f} MB, "
        f"entities {sample.entities} ({sample.unknown} unknown) of {sample.states} states; "
        f"values after {sample.ready_after:.0f} s; run {time.monotonic() - started:.0f} s"
        + ("; 5-min statistics in the window" if sample.statistics else "")
    )
    if sample.unavailable:
        say(f"    {sample.unavailable} entities unavailable at the end of the window")
    if sample.check:
        say(f"    {sample.check}")


def run(args: argparse.Namespace, sizes: list[int]) -> None:
    """Run every repeat, interleaved, then print the figures."""
    started = time.monotonic()
    reads = core_reads()
    runs = 2 * (len(sizes) * args.repeats + min(args.baselines, args.repeats))
    # about 45 s a run beyond the settle and the window: start, onboarding, flow, stop
    minutes = runs * (args.window + args.settle + 45) / 60
    say(
        f"bench/ha_footprint.py: Home Assistant {ha_version}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f} at start "
        "(a shared machine: other work lands in the windows too)"
    )
    say(
        f"fleets of {', '.join(map(str, sizes))} reference boxes, {args.repeats} repeat(s), "
        f"no-box baselines in the first {min(args.baselines, args.repeats)}; window "
        f"{args.window:g} s after a {args.settle:g} s settle: {runs} hass runs, about "
        f"{minutes:.0f} min"
    )
    for line in describe_reads(reads):
        say(line)
    root = Path(tempfile.mkdtemp(prefix="ha_footprint-"))
    results = Results()
    try:
        with core_packages(root / "packages") as note:
            say(note)
            ctx = Context(root=root, window=args.window, settle=args.settle, reads=reads)
            for boxes in sizes:
                ctx.fleets[boxes] = root / f"fleet-{boxes}.json"
                write_fleet(ctx.fleets[boxes], boxes)
            for repeat in range(1, args.repeats + 1):
                # the baselines first (in the first `--baselines` repeats), then each size
                sized = sizes if repeat > args.baselines else [0, *sizes]
                for boxes in sized:
                    for side in SIDES:
                        one_run(ctx, results, Sample(side=side, boxes=boxes, repeat=repeat))
    except KeyboardInterrupt:
        say("interrupted: the figures so far")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    report(results, sizes, time.monotonic() - started)


def interrupted(_signum: int, _frame: object) -> None:
    """Turn SIGTERM into KeyboardInterrupt, so that every process started is stopped."""
    raise KeyboardInterrupt


def main() -> None:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--boxes", default="16,64", help="fleet sizes, comma-separated (16,64; at most 247)"
    )
    parser.add_argument("--repeats", type=int, default=3, help="interleaved repeats (3)")
    parser.add_argument("--window", type=float, default=120.0, help="measured seconds (120)")
    parser.add_argument(
        "--settle", type=float, default=30.0, help="seconds between values and window (30)"
    )
    parser.add_argument(
        "--baselines", type=int, default=1, help="repeats that start with the no-box runs (1)"
    )
    args = parser.parse_args()
    try:
        sizes = sorted({int(b) for b in args.boxes.split(",")})
    except ValueError:
        parser.error("--boxes takes numbers separated by commas, e.g. 16,64")
    if not sizes or not all(1 <= b <= 247 for b in sizes):
        parser.error("each fleet size must be within 1..247")
    if args.repeats < 1 or args.window <= 0 or args.settle < 0 or args.baselines < 1:
        parser.error("need repeats ≥ 1, window > 0, settle ≥ 0, baselines ≥ 1")
    if importlib.util.find_spec("homeassistant") is None:
        say("Home Assistant is not installed in this environment: nothing measured")
        return
    signal.signal(signal.SIGTERM, interrupted)  # stop what was started, as Ctrl+C does
    try:
        run(args, sizes)
    except SystemExit as err:  # a step that cannot go on says why; a benchmark exits 0
        say(f"stopped: {err}")


if __name__ == "__main__":
    main()

"""Where Home Assistant's memory goes per Safe Power box: a real `hass`, two fleet sizes, diffed.

Run from the repository root::

    .venv/bin/python bench/memory_probe.py [--boxes 16,64] [--variant recorder] [--trace 20]
    .venv/bin/python bench/memory_probe.py --variant exclude --trace 0        # RSS and types only
    .venv/bin/python bench/memory_probe.py --boxes 64 --watch 600 --trace 1  # growth over 10 min
    .venv/bin/python bench/memory_probe.py --transport mqtt --trace 0        # MQTT boxes instead

For each fleet size (`--boxes`, at least two: the fixed costs of the process cancel in the
difference) one `hass` process of its own is started as `bench/ha_footprint.py` starts it
(`safe_power_tools.devenv`: a temporary configuration folder, the box simulator in a process of
its own serving N three-phase reference boxes, onboarding, the gateway added through the real
config flow with every box, default options and the default entity set). Once every entity
holds a value, Home Assistant is restarted (`--no-restart`: measured in the process that ran
the config flow) so that what is measured is a site's everyday process, not the flow's
leftovers; with `--trace F` the restarted process runs under `PYTHONTRACEMALLOC=F` (F frames
per allocation; 0: no tracemalloc). After every value is back and `--settle` seconds, a small
throwaway integration (`memprobe`, written into the temporary configuration folder, a
websocket command) reports from inside the process:

- the process: VmRSS (anonymous and file-backed), glibc's malloc figures (`mallinfo2`: in use,
  free but held, mmapped), SQLite's own allocator (`sqlite3_memory_used`), Python's allocated
  blocks, tracemalloc's live total and its own overhead;
- counts: states, entity registry entries, devices, config entries, bus listeners, timers;
- the recorder's caches: pending and committed states, the attributes and states-meta LRUs,
  the session's identity map, the queue;
- after a full `gc.collect()`, every object the collector tracks, by type (count and shallow
  size; strings, numbers and bytes are not tracked by the collector: see tracemalloc);
- with `--trace`: a tracemalloc snapshot, dumped to a file and read back here.

The report diffs the two sizes, per box (÷ the box difference) and per enabled Safe Power
entity (÷ the entity difference):

1. RSS and the allocator figures;
2. owners: each live allocation charged to the innermost frame in Home Assistant or an
   integration (generic helpers such as homeassistant/util and third-party libraries charged
   to their caller; SQLAlchemy under the recorder is the recorder's), grouped by module;
3. the Safe Power lines that caused live allocations (the innermost Safe Power frame of each
   allocation's traceback, wherever the allocation itself happened);
4. the top allocation lines (innermost frame, with the source line);
5. object types (gc).

Variants (`--variant`): `recorder` (the default configuration: the recorder on SQLite with its
defaults), `exclude` (Safe Power's box entities left out of the recorder by `entity_globs`),
`commit1` / `commit30` (the recorder's `commit_interval`), `norecorder` (no recorder, history,
logbook nor energy). `--watch S` keeps the largest size running S seconds after the report and
samples RSS, the allocator and tracemalloc's live total every `--interval` seconds: growth in
live objects shows in tracemalloc, growth in fragmentation or C memory only in RSS.

`--transport mqtt` measures MQTT boxes instead of a gateway's: each size starts a mosquitto
(`MosquittoBroker`, as the tests start it) on a free port of 127.0.0.1 and serves the same N
three-phase reference boxes from the simulator with `"transport": "mqtt"` (every box a paho
client of its own, publishing the contract of docs/mqtt.md); after onboarding Home Assistant's
MQTT integration is added, pointed at the broker, and each box Safe Power's MQTT discovery
offers under Discovered is confirmed as a user does (its flow opened, then its form sent with
the box's name, building and location): each box is a config entry of its own. The broker and
the simulator keep running across the restart. The report is the same, with the Safe Power
config entries and the MQTT client's subscriptions among the counts.

`--integration` measures Safe Power from a folder (default: this checkout's committed HEAD,
exported to the temporary folder, so that work in progress in the tree is not measured;
`--integration tree` for the working tree). Every process the probe starts is stopped and its
temporary folder removed (`--keep` keeps it), also on errors and Ctrl+C; it always exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import defaultdict
from collections.abc import Callable, Iterator
import contextlib
from dataclasses import dataclass, field
import json
import linecache
import os
from pathlib import Path
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # measure this checkout

import aiohttp
from homeassistant.const import __version__ as ha_version

from bench.ha_footprint import terminate as stop, write_fleet  # the same fleet and stop
from safe_power_tools.devenv import (
    CONFIGURATION,
    DOMAIN,
    REPO,
    BootstrapError,
    DevSite,
    HassApi,
    Running,
    add_gateway,
    add_mqtt,
    count_energy,
    form_defaults,
    place_floors,
    remove_internet_only,
    wait_for_entities,
    wait_for_integration,
    wait_until_running,
    watch_entries,
    watch_flows,
)
from safe_power_tools.mqtt_common import MosquittoBroker, free_ports
from safe_power_tools.simulator.control import serve_command

HOST = "127.0.0.1"
READY_TIMEOUT = 300.0  # s for every entity to hold a value (tracemalloc slows a start a lot)
FLOW = "/api/config/config_entries/flow"
KB, MB = 1024, 1024 * 1024
DEBUG_LOGGING = "  logs:\n    custom_components.safe_power: debug\n"
BOX_GLOB = "*.bench_box_*"  # the boxes' entities ("Bench box N"), not the gateway's
VARIANTS = {
    "recorder": "",
    "exclude": f'recorder:\n  exclude:\n    entity_globs:\n      - "{BOX_GLOB}"\n',
    "commit1": "recorder:\n  commit_interval: 1\n",
    "commit30": "recorder:\n  commit_interval: 30\n",
    "norecorder": "",
}
NEEDS_RECORDER = ("history:\n", "logbook:\n", "energy:\n")

# --- the throwaway integration that reports from inside hass ------------------------------

PROBE_MANIFEST = {
    "domain": "memprobe",
    "name": "Memory probe (bench/memory_probe.py)",
    "version": "0.0.1",
    "documentation": "https://example.invalid/memprobe",
    "codeowners": [],
    "dependencies": ["websocket_api"],
    "iot_class": "local_push",
}

PROBE_COMPONENT = r'''
"""Report this process's memory on a websocket command (bench/memory_probe.py)."""
from __future__ import annotations

from collections import Counter
import ctypes
import ctypes.util
import gc
import json
import sys
import time
import tracemalloc

import voluptuous as vol

from homeassistant.components import websocket_api
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er


class _MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def _sqlite():
    try:
        lib = ctypes.CDLL("libsqlite3.so.0")
        lib.sqlite3_memory_used.restype = ctypes.c_int64
        lib.sqlite3_memory_highwater.restype = ctypes.c_int64
        return lib
    except OSError:
        return None


def _proc() -> dict:
    out = {}
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem", "VmHWM", "VmSize"):
                out[key] = int(value.split()[0]) * 1024
    # the anonymous mappings by kind: the brk heap, 64 MB thread arenas, Python's 1 MB arenas
    kinds = Counter()
    name = ""
    size = 0
    with open("/proc/self/smaps", encoding="ascii", errors="replace") as f:
        for line in f:
            first = line.split(None, 1)[0]
            if "-" in first and not first.endswith(":"):
                parts = line.split()
                lo, hi = (int(x, 16) for x in parts[0].split("-"))
                size = hi - lo
                path = parts[5] if len(parts) > 5 else ""
                if path == "[heap]":
                    name = "heap (brk)"
                elif path.startswith("/"):
                    code = path.endswith((".so", ".pyc")) or ".so." in path
                    kind = "sqlite db" if ".db" in path else "code (.so, .pyc)" if code else "other"
                    name = "file " + kind
                elif path:
                    name = path
                elif size >= 60 * 1024 * 1024:
                    name = "anon >= 60 MB (thread malloc arenas)"
                elif size == 1024 * 1024 or size == 1024 * 1024 + 4096:
                    name = "anon 1 MB (Python arenas)"
                else:
                    name = "anon other"
            elif first == "Rss:":
                kinds[name] += int(line.split()[1]) * 1024
    out["rss_by_mapping"] = dict(kinds)
    return out


def _malloc() -> dict:
    libc = _libc()
    if libc is None or not hasattr(libc, "mallinfo2"):
        return {}
    libc.mallinfo2.restype = _MallInfo2
    m = libc.mallinfo2()
    return {"arena": m.arena, "mmapped": m.hblkhd, "in_use": m.uordblks, "free_held": m.fordblks,
            "keepcost": m.keepcost}


def _recorder(hass: HomeAssistant) -> dict | None:
    try:
        from homeassistant.components.recorder import get_instance
        inst = get_instance(hass)
    except Exception:  # noqa: BLE001
        return None
    out = {"backlog": inst.backlog, "commit_interval": inst.commit_interval}
    sm = inst.states_manager
    out["states_pending"] = len(sm._pending)
    out["states_last_committed"] = len(sm._last_committed_id)
    for name in ("state_attributes_manager", "states_meta_manager", "event_data_manager",
                 "event_type_manager", "statistics_meta_manager"):
        m = getattr(inst, name, None)
        if m is None:
            continue
        idm = getattr(m, "_id_map", None)
        if idm is not None:
            out[name + ".lru_len"] = len(idm)
            if hasattr(idm, "get_size"):
                out[name + ".lru_size"] = idm.get_size()
            try:
                out[name + ".lru_key_bytes"] = sum(sys.getsizeof(k) for k in list(idm.keys()))
            except Exception:  # noqa: BLE001
                pass
        pending = getattr(m, "_pending", None)
        if pending is not None:
            out[name + ".pending"] = len(pending)
    sess = inst.event_session
    if sess is not None:
        out["session_identity_map"] = len(sess.identity_map)
        out["session_new"] = len(sess.new)
    return out


def _mqtt(hass: HomeAssistant) -> dict:
    """Count the MQTT client's subscriptions (nothing without the MQTT integration)."""
    try:
        from homeassistant.components.mqtt.models import DATA_MQTT
        client = hass.data[DATA_MQTT].client
    except Exception:  # noqa: BLE001
        return {}
    simple = getattr(client, "_simple_subscriptions", {})
    wildcard = getattr(client, "_wildcard_subscriptions", {})
    return {"mqtt_topics": len(simple) + len({s.topic for s in wildcard}),
            "mqtt_subscriptions": sum(len(s) for s in simple.values()) + len(wildcard)}


def _types(limit: int) -> dict:
    gc.collect()
    counts = Counter()
    sizes = Counter()
    for obj in gc.get_objects():
        t = type(obj)
        key = f"{t.__module__}.{t.__qualname__}"
        counts[key] += 1
        try:
            sizes[key] += sys.getsizeof(obj)
        except TypeError:
            pass
    return {k: [counts[k], sizes[k]] for k in counts}


@callback
@websocket_api.websocket_command({
    vol.Required("type"): "memprobe/stats",
    vol.Optional("types", default=False): bool,
    vol.Optional("snapshot"): str,
    vol.Optional("collect", default=True): bool,
})
def ws_stats(hass: HomeAssistant, connection, msg) -> None:
    started = time.monotonic()
    if msg["collect"]:
        gc.collect()
    out = {"time": time.time(), "proc": _proc(), "malloc": _malloc()}
    lib = _sqlite()
    if lib is not None:
        out["sqlite_memory_used"] = lib.sqlite3_memory_used()
        out["sqlite_memory_highwater"] = lib.sqlite3_memory_highwater(0)
    out["python_blocks"] = sys.getallocatedblocks()
    out["gc_objects"] = len(gc.get_objects())
    if tracemalloc.is_tracing():
        cur, peak = tracemalloc.get_traced_memory()
        out["tracemalloc"] = {"traced": cur, "peak": peak,
                              "overhead": tracemalloc.get_tracemalloc_memory(),
                              "frames": tracemalloc.get_traceback_limit()}
    ents = er.async_get(hass).entities
    sp = [e for e in ents.values() if e.platform == "safe_power"]
    out["counts"] = {
        "states": hass.states.async_entity_ids_count(),
        "entity_registry": len(ents),
        "sp_registry": len(sp),
        "sp_enabled": sum(1 for e in sp if not e.disabled_by),
        "sp_states": sum(1 for e in sp if hass.states.get(e.entity_id) is not None),
        "devices": len(dr.async_get(hass).devices),
        "config_entries": len(hass.config_entries.async_entries()),
        "sp_entries": len(hass.config_entries.async_entries("safe_power")),
        "bus_listeners": sum(hass.bus.async_listeners().values()),
        "loop_timers": len(getattr(hass.loop, "_scheduled", ())),
        **_mqtt(hass),
    }
    out["recorder"] = _recorder(hass)
    if (path := msg.get("snapshot")) and tracemalloc.is_tracing():
        snap = tracemalloc.take_snapshot()  # before the type count allocates its tables
        snap.dump(path)
        out["snapshot"] = path
        del snap
    if msg["types"]:
        out["types"] = _types(0)
    out["seconds"] = time.monotonic() - started
    connection.send_result(msg["id"], out)


VALUED = ("a", "b", "c", "n", "current", "energy")  # measurements that must hold a value


@callback
@websocket_api.websocket_command({vol.Required("type"): "memprobe/ready"})
def ws_ready(hass: HomeAssistant, connection, msg) -> None:
    """Say which enabled Safe Power entities hold no value, without any JSON cache filled.

    (/api/states and config/entity_registry/list would cache each state's and each
    registry entry's JSON, memory a site without a browser open does not hold.)
    """
    enabled = 0
    missing = []
    for entry in er.async_get(hass).entities.values():
        if entry.platform != "safe_power" or entry.disabled_by:
            continue
        enabled += 1
        state = hass.states.get(entry.entity_id)
        if state is None or state.state == "unavailable" or (
            state.state == "unknown"
            and entry.entity_id.startswith("sensor.bench_box_")
            and entry.entity_id.rsplit("_", 1)[-1] in VALUED
        ):
            missing.append(entry.entity_id)
    connection.send_result(msg["id"], {"enabled": enabled, "missing": missing[:5],
                                       "n_missing": len(missing)})


async def async_setup(hass: HomeAssistant, config) -> bool:
    websocket_api.async_register_command(hass, ws_stats)
    websocket_api.async_register_command(hass, ws_ready)
    return True
'''


def say(text: str = "") -> None:
    """Print a line at once (progress of a long run)."""
    print(text, flush=True)


# --- a site ---------------------------------------------------------------------------------


def configuration(variant: str) -> str:
    """Return devenv's configuration (no debug logging) for a variant, with the probe."""
    text = CONFIGURATION.replace(DEBUG_LOGGING, "")
    if variant == "norecorder":
        for line in NEEDS_RECORDER:
            text = text.replace(line, "")
    return text + VARIANTS[variant] + "memprobe:\n"


@contextlib.contextmanager
def simulator(
    fleet: Path, port: int, control: int, log: Path, mqtt_port: int | None = None
) -> Iterator[None]:
    """Serve a fleet from a simulator process of its own.

    `mqtt_port`: the broker of the fleet's MQTT boxes; the simulator then serves no Modbus
    (its control port is waited for instead).
    """
    command = serve_command(port, control, fleet, host=HOST)
    if mqtt_port is not None:
        command += ["--mqtt-port", str(mqtt_port)]
        port = control
    with log.open("ab") as output:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                with contextlib.suppress(OSError), socket.create_connection((HOST, port), 0.2):
                    break
                if process.poll() is not None or time.monotonic() > deadline:
                    raise BootstrapError(f"the simulator did not listen on {port}")
                time.sleep(0.1)
            yield
        finally:
            stop(process)


async def bootstrap(
    dev: DevSite, running: Running, *, energy: bool, broker: int | None = None
) -> str:
    """Onboard and add the boxes as a user does (devenv's bootstrap); return a token.

    Without `broker`: the gateway by the config flow. With it: MQTT, pointed at the broker,
    then every box Safe Power's discovery offers confirmed (`confirm_mqtt_boxes`).
    """
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=300)) as session:
        api = HassApi(session, dev.url)
        try:
            await api.wait_until_up(running)
            if await api.onboard(dev.user, dev.password, dev.language):
                await remove_internet_only(api)
            if broker is None:
                levels = {b["floor"] for b in dev.modbus_boxes() if b.get("floor") is not None}
                areas = await place_floors(api, levels)
                entry_id = await add_gateway(api, dev, areas)
                await wait_for_entities(api, entry_id, len(dev.modbus_boxes()), 120)
            else:
                await add_mqtt(api, broker)
                await confirm_mqtt_boxes(api, dev)
            if energy:
                await count_energy(api)
            await wait_until_running(api)
            await wait_for_integration(api)
        finally:
            await api.close()
        assert api.token is not None
        return api.token


async def confirm_mqtt_boxes(api: HassApi, dev: DevSite) -> None:
    """Confirm every MQTT box of the fleet offered under Discovered; wait for their entries.

    Each is confirmed with its name, building and location from the fleet file (the details
    the gateway variant's flow gets), one after the other, as bench/site_1000.py does; each
    becomes a config entry of its own.
    """
    boxes = {box["serial"]: box for box in dev.boxes()}

    def ours(flows: Any) -> dict[str, str]:
        return {
            flow["context"].get("unique_id"): flow_id
            for flow_id, flow in flows.items()
            if flow["handler"] == DOMAIN and flow["context"]["source"] == "mqtt"
        }

    try:
        flows = await watch_flows(api, lambda flows: set(boxes) <= set(ours(flows)), 180)
    except TimeoutError as err:
        raise BootstrapError(f"not every MQTT box was discovered: {err}") from err
    for serial, flow_id in sorted(ours(flows).items()):
        if (box := boxes.get(serial)) is None:
            continue
        step = await api.call(f"{FLOW}/{flow_id}")  # the dialog opens
        answer = form_defaults(step["data_schema"]) | {"name": box["name"]}
        answer |= {"building": dev.building(), "location": box.get("location", "")}
        result = await api.call(f"{FLOW}/{flow_id}", answer)
        if result.get("type") != "create_entry":
            raise BootstrapError(f"confirming {serial} did not add it: {result}")

    def loaded(entries: Any) -> bool:
        return sum(1 for e in entries.values() if e["state"] == "loaded") >= len(boxes)

    try:
        await watch_entries(api, loaded, 180)
    except TimeoutError as err:
        raise BootstrapError(f"not every MQTT box's entry has loaded: {err}") from err


async def login(dev: DevSite, running: Running) -> str:
    """Log in to a restarted Home Assistant; return a token."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=300)) as session:
        api = HassApi(session, dev.url)
        try:
            await api.wait_until_up(running, within=600)
            await api.login(dev.user, dev.password)
            await wait_until_running(api, within=600)
            await wait_for_integration(api, within=600)
        finally:
            await api.close()
        assert api.token is not None
        return api.token


async def wait_for_values(dev: DevSite, token: str, within: float) -> tuple[int, float]:
    """Wait until no enabled Safe Power entity is missing or unavailable and every measurement
    has a value (asked of the probe integration: the states and registry APIs would fill JSON
    caches that then count as the site's memory).

    Return the enabled Safe Power entities and the seconds waited.
    """
    started = time.monotonic()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=300)) as session:
        api = HassApi(session, dev.url)
        api.token = token
        try:
            while True:
                ready = await api.ws("memprobe/ready")
                if ready["enabled"] and not ready["n_missing"]:
                    return int(ready["enabled"]), time.monotonic() - started
                if time.monotonic() - started > within:
                    raise BootstrapError(
                        f"{ready['n_missing']} of {ready['enabled']} entities hold no value,"
                        f" e.g. {ready['missing']}"
                    )
                await asyncio.sleep(2)
        finally:
            await api.close()


async def probe(dev: DevSite, token: str, *, types: bool, snapshot: Path | None) -> dict[str, Any]:
    """Ask the probe integration for its figures."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=900)) as session:
        api = HassApi(session, dev.url)
        api.token = token
        try:
            data: dict[str, Any] = {"types": types}
            if snapshot is not None:
                data["snapshot"] = str(snapshot)
            result: dict[str, Any] = await api.ws("memprobe/stats", **data)
            return result
        finally:
            await api.close()


# --- one size -------------------------------------------------------------------------------


class ProbeRunning(Running):
    """devenv's processes, but hass runs in its configuration folder.

    Home Assistant imports `custom_components` with the configuration folder on sys.path only
    for a moment; started from the repository (devenv's cwd), the namespace package then
    resolves to the repository's own custom_components and neither the probe integration nor
    an exported Safe Power would be seen.
    """

    def start_hass(self) -> None:
        """Start Home Assistant on the site's configuration folder, from that folder."""
        env = dict(os.environ)
        cache = Path(os.environ.get("SAFE_POWER_CACHE", Path.home() / ".cache" / "safe-power"))
        if (shim := cache / "py314-include").is_dir():
            env["CPATH"] = os.pathsep.join(filter(None, [str(shim), env.get("CPATH")]))
        assert self.log_dir is not None
        self.log_dir.mkdir(parents=True, exist_ok=True)
        output = (self.log_dir / "hass.log").open("ab")
        self._logs.append(output)
        config = self.site.config_dir
        self.processes["hass"] = subprocess.Popen(
            [sys.executable, "-m", "homeassistant", "--config", str(config)],
            cwd=config,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


@dataclass(slots=True)
class Run:
    """What one fleet size measured."""

    boxes: int
    stats: dict[str, Any] = field(default_factory=dict)
    snapshot: Path | None = None
    ready_after: float = 0.0
    watch: list[dict[str, Any]] = field(default_factory=list)


def export_head(folder: Path) -> Path:
    """Export the committed custom_components/safe_power of HEAD into a folder; return it."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "HEAD", "custom_components/safe_power"],
        capture_output=True,
        check=True,
    ).stdout
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "custom_components" / "safe_power"


def mqtt_fleet(path: Path, boxes: int) -> None:
    """Write the gateway variant's fleet of reference boxes, each an MQTT box instead."""
    write_fleet(path, boxes)
    doc = json.loads(path.read_text(encoding="utf-8"))
    for box in doc["boxes"]:
        box["transport"] = "mqtt"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")


@contextlib.contextmanager
def broker(runner: asyncio.Runner, port: int, logs: Path) -> Iterator[MosquittoBroker]:
    """Run a mosquitto on 127.0.0.1:port (on the runner's loop); stop it and remove its folder."""
    mosquitto = MosquittoBroker(port=port)
    try:
        runner.run(mosquitto.start(within=15))
        yield mosquitto
    finally:
        with contextlib.suppress(Exception):
            runner.run(mosquitto.stop())
        if mosquitto.log.exists():
            with contextlib.suppress(OSError):
                shutil.copyfile(mosquitto.log, logs / "mosquitto.log")
        mosquitto.cleanup()


def measure_size(
    args: argparse.Namespace, root: Path, boxes: int, integration: Path, *, watch: float
) -> Run:
    """Start a site of `boxes` boxes, restart it, measure; stop everything in any case."""
    run = Run(boxes)
    folder = root / f"n{boxes}"
    logs = folder / "logs"
    logs.mkdir(parents=True)
    fleet = folder / "fleet.json"
    mqtt = args.transport == "mqtt"
    (mqtt_fleet if mqtt else write_fleet)(fleet, boxes)
    ha_port, modbus_port, control_port, mqtt_port = free_ports(4)
    dev = DevSite(
        root=folder,
        ha_port=ha_port,
        modbus_port=modbus_port,
        control_port=control_port,
        fleet=fleet,
        mqtt_port=mqtt_port if mqtt else None,
    )
    dev.write_config()
    link = dev.config_dir / "custom_components" / "safe_power"
    link.unlink()
    link.symlink_to(integration)
    probe_dir = dev.config_dir / "custom_components" / "memprobe"
    probe_dir.mkdir()
    (probe_dir / "manifest.json").write_text(json.dumps(PROBE_MANIFEST), encoding="utf-8")
    (probe_dir / "__init__.py").write_text(PROBE_COMPONENT, encoding="utf-8")
    (dev.config_dir / "configuration.yaml").write_text(
        configuration(args.variant), encoding="utf-8"
    )
    energy = args.variant != "norecorder"
    # One event loop for the whole size: the broker's process belongs to the loop it started on.
    with asyncio.Runner() as runner, contextlib.ExitStack() as stack:
        if mqtt:
            stack.enter_context(broker(runner, mqtt_port, logs))
        stack.enter_context(
            simulator(
                fleet,
                modbus_port,
                control_port,
                logs / "simulator.log",
                mqtt_port=mqtt_port if mqtt else None,
            )
        )
        running = ProbeRunning(dev, log_dir=logs)
        try:
            started = time.monotonic()
            running.start_hass()
            token = runner.run(
                bootstrap(dev, running, energy=energy, broker=mqtt_port if mqtt else None)
            )
            count, _waited = runner.run(wait_for_values(dev, token, READY_TIMEOUT))
            say(
                f"  {boxes} boxes: set up, {count} Safe Power entities enabled, "
                f"{time.monotonic() - started:.0f} s"
            )
            if args.restart:
                running.stop_hass()
                if args.trace:
                    os.environ["PYTHONTRACEMALLOC"] = str(args.trace)
                try:
                    started = time.monotonic()
                    running.start_hass()
                finally:
                    os.environ.pop("PYTHONTRACEMALLOC", None)
                token = runner.run(login(dev, running))
                count, _waited = runner.run(wait_for_values(dev, token, READY_TIMEOUT * 2))
            run.ready_after = time.monotonic() - started
            traced = f", tracemalloc {args.trace} frames" if args.trace else ""
            how = f" (restarted{traced})" if args.restart else ""
            say(
                f"  {boxes} boxes: every value after {run.ready_after:.0f} s"
                f"{how};"
                f" settling {args.settle:g} s"
            )
            time.sleep(args.settle)
            snap = folder / "snapshot.tracemalloc" if args.trace and args.restart else None
            run.stats = runner.run(probe(dev, token, types=True, snapshot=snap))
            if snap is not None and snap.exists():
                run.snapshot = root / f"snapshot-{boxes}.tracemalloc"
                shutil.move(snap, run.snapshot)
            say(
                f"  {boxes} boxes: RSS {run.stats['proc']['VmRSS'] / MB:.1f} MB "
                f"(probe took {run.stats['seconds']:.1f} s)"
            )
            if watch > 0:
                end = time.monotonic() + watch
                run.watch.append(run.stats)
                while time.monotonic() < end:
                    time.sleep(min(args.interval, max(0.0, end - time.monotonic())))
                    sample = runner.run(probe(dev, token, types=False, snapshot=None))
                    run.watch.append(sample)
                    say("    " + watch_line(run.watch[0], sample))
                run.stats["watch_end"] = run.watch[-1]
            running.check_alive()
        finally:
            running.stop()
    return run


def watch_line(first: dict[str, Any], now: dict[str, Any]) -> str:
    """Return one sample of a growth watch, next to the first."""
    span = now["time"] - first["time"]
    rss = now["proc"]["VmRSS"] / MB
    text = f"+{span:4.0f} s: RSS {rss:7.1f} MB ({rss - first['proc']['VmRSS'] / MB:+6.1f})"
    if (t := now.get("tracemalloc")) and (t0 := first.get("tracemalloc")):
        text += (
            f", traced live {t['traced'] / MB:7.1f} MB ({(t['traced'] - t0['traced']) / MB:+6.1f})"
        )
    m, m0 = now.get("malloc", {}), first.get("malloc", {})
    if m and m0:
        text += (
            f", malloc in use {m['in_use'] / MB:6.1f} ({(m['in_use'] - m0['in_use']) / MB:+5.1f})"
            f" free held {m['free_held'] / MB:6.1f}"
            f" ({(m['free_held'] - m0['free_held']) / MB:+5.1f})"
        )
    if "sqlite_memory_used" in now:
        text += f", sqlite {now['sqlite_memory_used'] / MB:.1f}"
    rec = now.get("recorder") or {}
    if rec:
        text += f", recorder backlog {rec.get('backlog')}"
    return text


# --- analysis -------------------------------------------------------------------------------

# Generic code: an allocation there is charged to its caller.
PASS_THROUGH = (
    "/homeassistant/util/",
    "/homeassistant/helpers/json.py",
    "/homeassistant/helpers/frame.py",
    "/homeassistant/helpers/typing.py",
    "/homeassistant/helpers/deprecation.py",
)


def owner_of(filename: str) -> str | None:
    """Return the owner a frame's file stands for, or None for generic code (charged up)."""
    if any(p in filename for p in PASS_THROUGH):
        return None
    if "/custom_components/" in filename:
        rest = filename.split("/custom_components/", 1)[1]
        return "SP " + rest.split("/", 1)[1] if rest.startswith("safe_power/") else "custom " + rest
    if "/homeassistant/" in filename:
        rest = filename.rsplit("/homeassistant/", 1)[1]
        if rest.startswith("components/"):
            parts = rest.split("/")
            if parts[1] == "recorder":
                return "HA recorder"
            return f"HA components/{parts[1]}"
        return "HA " + rest
    return None


def lib_of(filename: str) -> str:
    """Return a short name of a non-Home-Assistant frame's package (its owner when nothing else)."""
    if "site-packages/" in filename:
        return "lib " + filename.split("site-packages/", 1)[1].split("/", 1)[0]
    if filename.startswith("<frozen"):
        return "python imports"
    return "python " + Path(filename).stem


@dataclass(slots=True)
class Digest:
    """A snapshot reduced to totals by key."""

    total: int = 0
    count: int = 0
    owner: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    sp_line: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    line: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    owner_line: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def digest(path: Path) -> Digest:
    """Read a dumped snapshot back and total it by owner, Safe Power line and allocation line."""
    snap = tracemalloc.Snapshot.load(str(path)).filter_traces(
        [tracemalloc.Filter(inclusive=False, filename_pattern="*/memprobe/*", all_frames=True)]
    )
    out = Digest()
    cache: dict[tuple[Any, ...], tuple[str, str | None, str, str]] = {}
    for stat in snap.statistics("traceback"):
        frames = tuple((f.filename, f.lineno) for f in stat.traceback)  # oldest first
        key = frames
        hit = cache.get(key)
        if hit is None:
            innermost = frames[-1]
            line = f"{innermost[0]}:{innermost[1]}"
            owner = None
            owner_line = line
            sp = None
            for filename, lineno in reversed(frames):
                if owner is None and (o := owner_of(filename)) is not None:
                    owner, owner_line = o, f"{filename}:{lineno}"
                if sp is None and "/custom_components/safe_power/" in filename:
                    sp = f"{filename}:{lineno}"
                if owner is not None and sp is not None:
                    break
            if owner is None:
                owner = lib_of(innermost[0])
                if "sqlalchemy" in owner:
                    owner = "HA recorder"  # SQLAlchemy only runs for the recorder here
            hit = (owner, sp, line, owner_line)
            cache[key] = hit
        owner, sp, line, owner_line = hit
        out.total += stat.size
        out.count += stat.count
        out.owner[owner] += stat.size
        out.line[line] += stat.size
        out.owner_line[owner_line] += stat.size
        if sp is not None:
            out.sp_line[sp] += stat.size
    return out


def short(location: str) -> str:
    """Return a file:line shortened to its package path, with the source line."""
    filename, _, lineno = location.rpartition(":")
    source = linecache.getline(filename, int(lineno)).strip() if lineno.isdigit() else ""
    for marker in ("/custom_components/", "site-packages/", "/lib/python3"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    return f"{filename}:{lineno}  {source[:70]}"


def table(
    title: str,
    lo: dict[str, int],
    hi: dict[str, int],
    per: tuple[int, int],
    top: int,
    *,
    label: Callable[[str], str] = str,
    min_kb: float = 0.2,
) -> None:
    """Print the keys whose bytes grew the most from the small size to the large one.

    `per`: the boxes and the enabled entities the large size has more.
    """
    dboxes, dents = per
    rows = sorted(((hi.get(k, 0) - lo.get(k, 0), k) for k in set(lo) | set(hi)), reverse=True)
    say(f"\n{title}")
    say(f"  {'kB/box':>8} {'B/entity':>9} {'MB small':>9} {'MB large':>9}  where")
    shown = 0
    rest = 0
    for delta, key in rows:
        if shown < top and delta / dboxes / KB >= min_kb:
            say(
                f"  {delta / dboxes / KB:8.1f} {delta / dents:9.0f} {lo.get(key, 0) / MB:9.2f}"
                f" {hi.get(key, 0) / MB:9.2f}  {label(key)}"
            )
            shown += 1
        else:
            rest += delta
    say(f"  {rest / dboxes / KB:8.1f} {rest / dents:9.0f} {'':>9} {'':>9}  (the rest)")


def report(args: argparse.Namespace, runs: list[Run]) -> None:
    """Print the per-box and per-entity figures between the smallest and the largest size."""
    lo, hi = runs[0], runs[-1]
    dboxes = hi.boxes - lo.boxes
    ents = hi.stats["counts"]["sp_enabled"] - lo.stats["counts"]["sp_enabled"]
    dents = max(1, ents)
    registry = hi.stats["counts"]["sp_registry"] - lo.stats["counts"]["sp_registry"]
    entries = hi.stats["counts"].get("sp_entries", 0) - lo.stats["counts"].get("sp_entries", 0)
    say(
        f"\n==== {args.transport} boxes, {args.variant}: {lo.boxes} → {hi.boxes} boxes:"
        f" +{dboxes} boxes, +{ents} enabled Safe Power entities ({ents / dboxes:.1f} a box), "
        f"+{registry} registry entries, +{entries} Safe Power config entries ===="
    )
    say("\nprocess (kB per box; B per enabled entity):")

    def row(name: str, a: float, b: float) -> None:
        say(
            f"  {name:<40} {a / MB:9.1f} MB → {b / MB:9.1f} MB: {(b - a) / dboxes / KB:8.1f} kB/box"
            f" {(b - a) / dents:9.0f} B/entity"
        )

    p0, p1 = lo.stats["proc"], hi.stats["proc"]
    for key in ("VmRSS", "RssAnon", "RssFile"):
        row(key, p0.get(key, 0), p1.get(key, 0))
    for key in sorted(set(p0["rss_by_mapping"]) | set(p1["rss_by_mapping"])):
        row("  RSS of " + key, p0["rss_by_mapping"].get(key, 0), p1["rss_by_mapping"].get(key, 0))
    m0, m1 = lo.stats.get("malloc", {}), hi.stats.get("malloc", {})
    for key in ("in_use", "free_held", "mmapped"):
        if key in m0:
            row("glibc malloc " + key, m0[key], m1[key])
    if "sqlite_memory_used" in lo.stats:
        row(
            "SQLite's allocator (in use)",
            lo.stats["sqlite_memory_used"],
            hi.stats["sqlite_memory_used"],
        )
    t0, t1 = lo.stats.get("tracemalloc"), hi.stats.get("tracemalloc")
    if t0 and t1:
        row("tracemalloc: live Python allocations", t0["traced"], t1["traced"])
        row("tracemalloc: its own overhead", t0["overhead"], t1["overhead"])
    say(
        f"  {'python allocated blocks':<40} {lo.stats['python_blocks']:>12,}"
        f" → {hi.stats['python_blocks']:>12,}:"
        f" {(hi.stats['python_blocks'] - lo.stats['python_blocks']) / dboxes:8.0f} /box"
    )
    say(
        f"  {'gc-tracked objects':<40} {lo.stats['gc_objects']:>12,}"
        f" → {hi.stats['gc_objects']:>12,}:"
        f" {(hi.stats['gc_objects'] - lo.stats['gc_objects']) / dboxes:8.0f} /box"
    )
    say(
        "\ncounts: "
        + ", ".join(
            f"{k} {lo.stats['counts'][k]} → {hi.stats['counts'].get(k)}" for k in lo.stats["counts"]
        )
    )
    if lo.stats.get("recorder"):
        r0, r1 = lo.stats["recorder"], hi.stats["recorder"]
        say("recorder: " + ", ".join(f"{k} {r0.get(k)} → {r1.get(k)}" for k in r0))
    if lo.snapshot and hi.snapshot:
        say("\nreading the tracemalloc snapshots...")
        d0, d1 = digest(lo.snapshot), digest(hi.snapshot)
        say(
            f"traced live: {d0.total / MB:.1f} MB → {d1.total / MB:.1f} MB: "
            f"{(d1.total - d0.total) / dboxes / KB:.1f} kB/box,"
            f" {(d1.total - d0.total) / dents:.0f} B/entity "
            f"({(d1.count - d0.count) / dboxes:.0f} blocks/box)"
        )
        table(
            "owners (the innermost frame in Home Assistant or an integration; generic helpers"
            " and libraries charged to their caller):",
            d0.owner,
            d1.owner,
            (dboxes, dents),
            args.top,
        )
        table(
            "owners, by line (the frame the owner was found at):",
            d0.owner_line,
            d1.owner_line,
            (dboxes, dents),
            args.top * 2,
            label=short,
        )
        table(
            "Safe Power lines that caused live allocations (innermost Safe Power frame):",
            d0.sp_line,
            d1.sp_line,
            (dboxes, dents),
            args.top,
            label=short,
        )
        table(
            "allocation lines (innermost frame):",
            d0.line,
            d1.line,
            (dboxes, dents),
            args.top * 2,
            label=short,
        )
    ty0, ty1 = lo.stats.get("types", {}), hi.stats.get("types", {})
    if ty0 and ty1:
        rows = sorted(
            ((ty1.get(k, [0, 0])[1] - ty0.get(k, [0, 0])[1], k) for k in set(ty0) | set(ty1)),
            reverse=True,
        )
        say("\nobject types the collector tracks (shallow sizes; count per box):")
        say(f"  {'kB/box':>8} {'n/box':>7}  type")
        for delta, key in rows[: args.top * 2]:
            n = ty1.get(key, [0, 0])[0] - ty0.get(key, [0, 0])[0]
            say(f"  {delta / dboxes / KB:8.1f} {n / dboxes:7.1f}  {key}")
        sp_types = [k for k in set(ty0) | set(ty1) if "safe_power" in k]
        say("  Safe Power's own types (n/box, kB/box shallow):")
        for key in sorted(sp_types, key=lambda k: -(ty1.get(k, [0, 0])[1] - ty0.get(k, [0, 0])[1]))[
            :40
        ]:
            n = ty1.get(key, [0, 0])[0] - ty0.get(key, [0, 0])[0]
            s = ty1.get(key, [0, 0])[1] - ty0.get(key, [0, 0])[1]
            if n:
                say(f"  {s / dboxes / KB:8.2f} {n / dboxes:7.1f}  {key}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "variant": args.variant,
                    "transport": args.transport,
                    "runs": [
                        {
                            "boxes": r.boxes,
                            "stats": r.stats,
                            "ready_after": r.ready_after,
                            "watch": r.watch,
                        }
                        for r in runs
                    ],
                },
                indent=1,
            ),
            encoding="utf-8",
        )
        say(f"\nraw figures: {args.json}")


def main() -> None:
    """Parse the options, measure each size, report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--boxes", default="16,64", help="fleet sizes, comma-separated (16,64)")
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="recorder")
    parser.add_argument(
        "--transport",
        choices=("modbus", "mqtt"),
        default="modbus",
        help="boxes behind one Modbus gateway (default) or MQTT boxes, an entry each",
    )
    parser.add_argument(
        "--trace",
        type=int,
        default=20,
        help="tracemalloc frames in the measured process (20; 0: off)",
    )
    parser.add_argument("--settle", type=float, default=45.0, help="seconds after every value (45)")
    parser.add_argument(
        "--no-restart",
        dest="restart",
        action="store_false",
        help="measure the process that ran the config flow (no tracemalloc)",
    )
    parser.add_argument(
        "--watch",
        type=float,
        default=0.0,
        help="then keep the largest size running this many seconds, sampling",
    )
    parser.add_argument("--interval", type=float, default=60.0, help="seconds between samples (60)")
    parser.add_argument("--top", type=int, default=20, help="rows per table (20)")
    parser.add_argument(
        "--integration",
        default="head",
        help="Safe Power to measure: head (committed, default), tree, or a folder",
    )
    parser.add_argument("--json", help="also write the raw figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    sizes = sorted({int(b) for b in args.boxes.split(",")})
    if not sizes or not all(1 <= b <= 247 for b in sizes) or (len(sizes) < 2 and not args.watch):
        parser.error("--boxes takes two or more sizes within 1..247 (one with --watch)")
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    root = Path(tempfile.mkdtemp(prefix="memory_probe-"))
    say(
        f"bench/memory_probe.py: Home Assistant {ha_version}, Python {platform.python_version()},"
        f" {args.transport} boxes, variant {args.variant}, sizes {sizes},"
        f" tracemalloc {args.trace or 'off'}, restart {args.restart},"
        f" load average {os.getloadavg()[0]:.2f}; folder {root}"
    )
    if args.integration == "head":
        integration = export_head(root / "head")
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        say(f"Safe Power: committed HEAD {head}")
    elif args.integration == "tree":
        integration = REPO / "custom_components" / "safe_power"
    else:
        integration = Path(args.integration).resolve()
    runs: list[Run] = []
    try:
        for boxes in sizes:  # one at a time, each a site of its own
            run = measure_size(
                args, root, boxes, integration, watch=args.watch if boxes == sizes[-1] else 0.0
            )
            runs.append(run)
        if len(runs) >= 2:
            report(args, runs)
        elif runs and runs[0].watch:
            say("\nwatch:")
            for sample in runs[0].watch:
                say("  " + watch_line(runs[0].watch[0], sample))
        if args.watch and runs and runs[-1].watch:
            first, last = runs[-1].watch[0], runs[-1].watch[-1]
            say("\ngrowth over the watch: " + watch_line(first, last))
    except (BootstrapError, OSError, RuntimeError, TimeoutError, aiohttp.ClientError) as err:
        say(f"stopped: {type(err).__name__}: {err}")
        for log in sorted(root.glob("n*/logs/hass.log")):
            say(f"  last lines of {log}:")
            for line in log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]:
                say(f"    {line}")
    except KeyboardInterrupt:
        say("interrupted")
    finally:
        if args.keep:
            say(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

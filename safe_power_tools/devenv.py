"""A development Home Assistant with a simulated fleet: what `scripts/develop` runs.

The end-to-end tests start exactly the same thing on free ports. Everything goes through the
public HTTP and websocket API, as the frontend does:

1. a configuration folder whose HTTP settings are in `.storage/http` (a YAML `http:` block is
   a pending change in Home Assistant 2026.10: it asks the user to confirm it, raises a
   repair issue and reverts after five minutes),
2. the box simulator and Home Assistant as child processes,
3. onboarding (the owner account), a floor and an area for each of the fleet's floors, the
   integration's real config flow adding the simulated gateway with every box placed in its
   floor's area, and the Energy dashboard counting each box's energy.

If a step fails, it says which in one line and stops everything it started.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
import json
import os
from pathlib import Path
import signal
import subprocess
import sys
import time
from typing import IO, Any, Final

import aiohttp

from safe_power_tools.simulator.control import serve_command

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FLEET = REPO / "safe_power_tools" / "simulator" / "fleets" / "default.json"
INTEGRATION = REPO / "custom_components" / "safe_power"
DOMAIN = "safe_power"
HEADER = "# Development configuration written by safe_power_tools/devenv.py (scripts/develop)."
START_TIMEOUT = 300.0  # s for Home Assistant to answer HTTP (a first start installs packages)
STOP_TIMEOUT = 60.0

CONFIGURATION = f"""{HEADER}
# It is written anew at every start; put your own settings in a configuration of your own.
# default_config without the parts that need the internet or hardware (cloud, go2rtc,
# bluetooth, dhcp, ssdp, zeroconf, usb). The HTTP server's settings are in .storage/http.
frontend:
config:
history:
logbook:
energy:
automation: !include automations.yaml
script: !include scripts.yaml
scene: !include scenes.yaml
person:
sun:
zone:
mobile_app:
conversation:
assist_pipeline:
media_source:
webhook:
my:
notify:
logger:
  default: info
  logs:
    custom_components.safe_power: debug
homeassistant:
  name: Safe Power development
  unit_system: metric
  time_zone: Asia/Shanghai
  country: CN
  currency: CNY
  latitude: 31.2304
  longitude: 121.4737
"""


class BootstrapError(RuntimeError):
    """A step of bringing the development Home Assistant up failed (the message says which)."""


def floor_name(level: int) -> str:
    """Name a building level as the fleet's locations do: Ground floor, B1, B2, Floor 1…."""
    if level == 0:
        return "Ground floor"
    return f"B{-level}" if level < 0 else f"Floor {level}"


def http_storage(port: int) -> dict[str, Any]:
    """Return `.storage/http` serving on 127.0.0.1 only: stable, confirmed, nothing pending."""
    return {
        "version": 2,
        "minor_version": 2,
        "key": "http",
        "data": {
            "stable": {
                "server_host": ["127.0.0.1"],
                "server_port": port,
                "cors_allowed_origins": ["https://cast.home-assistant.io"],
                "login_attempts_threshold": -1,
                "ip_ban_enabled": True,
                "ssl_profile": "modern",
                "use_x_frame_options": True,
                "created_at": datetime.now(UTC).isoformat(),
                "error": None,
                "error_message": None,
            },
            "pending": None,
            "yaml_migration_done": True,
        },
    }


@dataclass
class DevSite:
    """One development Home Assistant: its folder, ports and fleet."""

    root: Path
    ha_port: int = 8123
    modbus_port: int = 5020
    control_port: int = 5021
    fleet: Path = DEFAULT_FLEET
    mqtt_port: int | None = None  # a broker for the fleet's MQTT boxes and Home Assistant
    serial_link: Path | None = None  # also serve the Modbus boxes on this virtual serial port
    wire_baud: int | None = None  # emulate an RS-485 bus of this speed behind the gateway
    language: str = "en"
    # YAML appended to configuration.yaml, e.g. a `recorder:` block with a `db_url`
    configuration: str = ""
    user: str = "dev"
    password: str = "safepower"  # noqa: S105  (the development account, printed for the user)

    @property
    def config_dir(self) -> Path:
        """Home Assistant's configuration folder."""
        return self.root / "config"

    @property
    def url(self) -> str:
        """Where Home Assistant answers."""
        return f"http://127.0.0.1:{self.ha_port}"

    def boxes(self) -> list[dict[str, Any]]:
        """Return the fleet's boxes as the fleet file describes them."""
        doc = json.loads(self.fleet.read_text(encoding="utf-8"))
        boxes: list[dict[str, Any]] = doc["boxes"]
        return boxes

    def building(self) -> str:
        """Return the building every box of the fleet is in unless it names its own."""
        building: str = json.loads(self.fleet.read_text(encoding="utf-8")).get("building", "")
        return building

    def modbus_boxes(self) -> list[dict[str, Any]]:
        """Return the boxes served over Modbus (not the MQTT ones)."""
        return [b for b in self.boxes() if b.get("transport", "modbus") == "modbus"]

    def write_config(self) -> None:
        """Write the configuration folder (kept: .storage and everything Home Assistant made)."""
        config = self.config_dir
        (config / "custom_components").mkdir(parents=True, exist_ok=True)
        (config / ".storage").mkdir(exist_ok=True)
        link = config / "custom_components" / DOMAIN
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(INTEGRATION)
        yaml = config / "configuration.yaml"
        if not yaml.exists() or yaml.read_text(encoding="utf-8").startswith(HEADER):
            yaml.write_text(CONFIGURATION + self.configuration, encoding="utf-8")
        for name, empty in (
            ("automations.yaml", "[]\n"),
            ("scripts.yaml", ""),
            ("scenes.yaml", ""),
        ):
            if not (config / name).exists():
                (config / name).write_text(empty, encoding="utf-8")
        (config / ".storage" / "http").write_text(
            json.dumps(http_storage(self.ha_port), indent=2), encoding="utf-8"
        )


@dataclass
class Running:
    """The simulator and Home Assistant as child processes; `stop()` ends what was started."""

    site: DevSite
    log_dir: Path | None = None  # None: the processes write to this terminal
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _logs: list[IO[bytes]] = field(default_factory=list)

    def _start(self, name: str, args: list[str], env: dict[str, str] | None = None) -> None:
        output: IO[bytes] | None = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            output = (self.log_dir / f"{name}.log").open("ab")
            self._logs.append(output)
        self.processes[name] = subprocess.Popen(  # noqa: S603  (our own interpreter and modules)
            args,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
        )

    def start_simulator(self) -> None:
        """Serve the fleet: Modbus TCP, the control port, MQTT boxes and a serial port."""
        site = self.site
        args = serve_command(
            site.modbus_port, site.control_port, site.fleet, wire_baud=site.wire_baud
        )
        if site.mqtt_port is not None:
            args += ["--mqtt-port", str(site.mqtt_port)]
        if site.serial_link is not None:
            args += ["--serial-link", str(site.serial_link)]
        self._start("simulator", args)

    def start_hass(self) -> None:
        """Start Home Assistant on the site's configuration folder."""
        env = dict(os.environ)
        # A few packages Home Assistant installs at run time build from source and need the
        # Python headers scripts/setup prepared (only when it unpacked its own Python).
        cache = Path(os.environ.get("SAFE_POWER_CACHE", Path.home() / ".cache" / "safe-power"))
        if (shim := cache / "py314-include").is_dir():
            env["CPATH"] = os.pathsep.join(filter(None, [str(shim), env.get("CPATH")]))
        args = [sys.executable, "-m", "homeassistant", "--config", str(self.site.config_dir)]
        self._start("hass", args, env)

    def check_alive(self) -> None:
        """Raise if a child process has ended."""
        for name, process in self.processes.items():
            if process.poll() is not None:
                where = f" (see {self.log_dir / name}.log)" if self.log_dir else ""
                raise BootstrapError(f"{name} exited with status {process.returncode}{where}")

    def stop_hass(self) -> int | None:
        """Stop Home Assistant as a service manager would (SIGTERM); return its exit status."""
        process = self.processes.pop("hass", None)
        return None if process is None else _stop(process)

    def stop(self) -> None:
        """Stop every child process, newest first."""
        for name in reversed(list(self.processes)):
            _stop(self.processes.pop(name))
        for log in self._logs:
            log.close()
        self._logs.clear()


def _stop(process: subprocess.Popen[bytes]) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


_CLOSED: Final = frozenset(
    {aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED}
)


class HassApi:
    """Home Assistant's HTTP and websocket API, as the frontend uses them."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        """Talk to Home Assistant at `url`."""
        self.session = session
        self.url = url
        self.token: str | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._id = 0

    @property
    def client_id(self) -> str:
        """The OAuth client id of this "frontend"."""
        return f"{self.url}/"

    async def call(
        self, path: str, body: Any = None, *, form: bool = False, method: str | None = None
    ) -> Any:
        """POST a body (GET without one) and return the JSON answer; raise on HTTP errors."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        kwargs: dict[str, Any] = {"data": body} if form else {"json": body}
        verb = method or ("GET" if body is None else "POST")
        async with self.session.request(
            verb, self.url + path, headers=headers, **kwargs
        ) as response:
            text = await response.text()
            if response.status >= 400:
                raise BootstrapError(f"{verb} {path} answered HTTP {response.status}: {text[:300]}")
            return json.loads(text) if text else None

    async def open_websocket(self) -> aiohttp.ClientWebSocketResponse:
        """Open a websocket of its own and log in on it, as the frontend does."""
        socket = await self.session.ws_connect(self.url + "/api/websocket")
        await socket.receive_json()  # auth_required
        await socket.send_json({"type": "auth", "access_token": self.token})
        if (answer := await socket.receive_json())["type"] != "auth_ok":
            await socket.close()
            raise BootstrapError(f"websocket login refused: {answer}")
        return socket

    async def _connect(self) -> aiohttp.ClientWebSocketResponse:
        self._ws = await self.open_websocket()
        return self._ws

    async def subscribe(
        self, command: Mapping[str, Any], seen: Callable[[Any], bool], within: float
    ) -> None:
        """Subscribe as the frontend does; return once `seen` is true of an event.

        The subscription has a websocket of its own, closed on return: Home Assistant pushes
        each event as it happens, so a wait ends when what it waits for happens, not at the
        next poll. Subscriptions that matter here (`subscribe_entities`,
        `config_entries/subscribe`) start with an event holding the current state, so what
        was already true ends the wait at once. TimeoutError after `within` s.
        """
        socket = await self.open_websocket()
        try:
            async with asyncio.timeout(within):
                await socket.send_json({"id": 1, **command})
                async for received in socket:
                    if received.type is not aiohttp.WSMsgType.TEXT:
                        break
                    message = json.loads(received.data)
                    if message.get("type") == "result":
                        if not message["success"]:
                            raise BootstrapError(f"{command['type']} failed: {message['error']}")
                    elif message.get("type") == "event" and seen(message["event"]):
                        return
            raise BootstrapError(f"{command['type']}: the websocket closed")
        finally:
            await socket.close()

    async def ws(self, kind: str, **data: Any) -> Any:
        """Send one websocket command and return its result.

        Home Assistant closes a websocket that left its pings unanswered for a minute, which
        this one does while it is not reading (a long config flow over HTTP in between): a
        command that could not be sent, or that the connection closed on before any answer,
        goes on a new connection (Home Assistant did not read it, so nothing happens twice).
        """
        self._id += 1
        command = {"id": self._id, "type": kind, **data}
        socket, again = await self._send(command), True
        while True:
            received = await socket.receive()
            if received.type in _CLOSED and again:
                again = False
                # Closed before it answered: Home Assistant had stopped reading (the pings)
                # and never saw the command, which goes on a new connection, once.
                self._ws = None
                socket = await self._send(command)
                continue
            if received.type is not aiohttp.WSMsgType.TEXT:
                raise BootstrapError(f"websocket {kind}: the connection ended ({received.type})")
            message = json.loads(received.data)
            if message.get("id") == self._id and message["type"] == "result":
                if not message["success"]:
                    raise BootstrapError(f"websocket {kind} failed: {message['error']}")
                return message["result"]

    async def _send(self, command: dict[str, Any]) -> aiohttp.ClientWebSocketResponse:
        """Send a command, on a new connection if the last one is gone; return the socket."""
        if (socket := self._ws) is not None and not socket.closed:
            with contextlib.suppress(ConnectionResetError):  # aiohttp's ClientConnectionReset...
                await socket.send_json(command)
                return socket
        socket = await self._connect()
        await socket.send_json(command)
        return socket

    async def close(self) -> None:
        """Close the websocket."""
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def wait_until_up(self, running: Running | None, within: float = START_TIMEOUT) -> None:
        """Wait until Home Assistant answers HTTP (raise if its process ends first)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            if running is not None:
                running.check_alive()
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                async with self.session.get(self.url + "/manifest.json") as response:
                    if response.status < 500:  # the HTTP server answers
                        return
            if loop.time() > deadline:
                raise BootstrapError(f"Home Assistant did not answer on {self.url} in {within:g} s")
            await asyncio.sleep(0.5)

    async def _token(self, code: str) -> str:
        answer = await self.call(
            "/auth/token",
            {"grant_type": "authorization_code", "code": code, "client_id": self.client_id},
            form=True,
        )
        return str(answer["access_token"])

    async def onboard(self, user: str, password: str, language: str) -> bool:
        """Create the owner account if onboarding is pending, else log in; keep the token.

        Return whether onboarding ran now.
        """
        try:
            steps = {step["step"]: step["done"] for step in await self.call("/api/onboarding")}
        except BootstrapError:  # onboarded before this start: the view is not there
            steps = {"user": True}
        if steps.get("user"):
            await self.login(user, password)
            return False
        answer = await self.call(
            "/api/onboarding/users",
            {
                "client_id": self.client_id,
                "name": "Developer",
                "username": user,
                "password": password,
                "language": language,
            },
        )
        self.token = await self._token(answer["auth_code"])
        # The frontend's onboarding makes the owner's language the system's (entity names).
        await self.ws("config/core/update", language=language)
        for step in ("core_config", "analytics"):
            if not steps.get(step):
                await self.call(f"/api/onboarding/{step}", {})
        if not steps.get("integration"):
            await self.call(
                "/api/onboarding/integration",
                {"client_id": self.client_id, "redirect_uri": self.client_id},
            )
        return True

    async def login(self, user: str, password: str) -> None:
        """Log in with the login flow, as the login page does."""
        flow = await self.call(
            "/auth/login_flow",
            {
                "client_id": self.client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": self.client_id,
            },
        )
        result = await self.call(
            f"/auth/login_flow/{flow['flow_id']}",
            {"client_id": self.client_id, "username": user, "password": password},
        )
        if result.get("type") != "create_entry":
            raise BootstrapError(f"cannot log in as {user}: {result.get('errors')}")
        self.token = await self._token(result["result"])


# Integrations onboarding adds that need the internet: without it they only retry and log.
INTERNET_ONLY: frozenset[str] = frozenset({"met", "radio_browser", "google_translate"})


SETTLED = frozenset({"loaded", "setup_error", "setup_retry", "not_loaded", "failed_unload"})


async def remove_internet_only(api: HassApi, within: float = 30) -> None:
    """Remove what onboarding added that cannot work offline (no internet on this machine).

    Onboarding adds the weather forecast and the radio browser in the background: wait until
    both have tried to start, then remove those that failed (with the internet they stay).
    """

    def settled(entries: Mapping[str, Mapping[str, Any]]) -> bool:
        found = {e["domain"]: e["state"] for e in entries.values()}
        return {"met", "radio_browser"} <= set(found) and all(
            state in SETTLED for state in found.values()
        )

    with contextlib.suppress(TimeoutError):  # then remove what has not started by now
        await watch_entries(api, settled, within, INTERNET_ONLY)
    # Not "setup_retry" only: a retry may be under way (Home Assistant retries at its start).
    # Removing waits for the attempt to end (the entry's setup lock).
    for entry in await api.call("/api/config/config_entries/entry"):
        if entry["domain"] in INTERNET_ONLY and entry["state"] != "loaded":
            await api.call(f"/api/config/config_entries/entry/{entry['entry_id']}", method="DELETE")


async def place_floors(api: HassApi, levels: set[int]) -> dict[int, str]:
    """Make a floor and an area of the same name for each level; return level → area id.

    The empty example areas onboarding creates (living room, kitchen, bedroom) are removed,
    so that the Overview shows the boxes by floor.
    """
    floors = {f["name"]: f["floor_id"] for f in await api.ws("config/floor_registry/list")}
    areas = await api.ws("config/area_registry/list")
    devices = await api.ws("config/device_registry/list")
    used = {d["area_id"] for d in devices if d["area_id"]}
    wanted = {floor_name(level) for level in levels}
    for area in areas:
        if area["name"] not in wanted and area["area_id"] not in used and not area["floor_id"]:
            await api.ws("config/area_registry/delete", area_id=area["area_id"])
    by_name = {a["name"]: a["area_id"] for a in areas}
    placed: dict[int, str] = {}
    for level in sorted(levels):
        name = floor_name(level)
        if name not in floors:
            floor = await api.ws("config/floor_registry/create", name=name, level=level)
            floors[name] = floor["floor_id"]
        if name not in by_name:
            area = await api.ws("config/area_registry/create", name=name, floor_id=floors[name])
            by_name[name] = area["area_id"]
        placed[level] = by_name[name]
    return placed


def form_defaults(schema: list[dict[str, Any]]) -> dict[str, Any]:
    """Return what the frontend sends for a form left as it is: defaults and suggestions."""
    answer: dict[str, Any] = {}
    for item in schema:
        suggested = (item.get("description") or {}).get("suggested_value")
        if item.get("type") == "expandable":
            answer[item["name"]] = form_defaults(item["schema"])
        elif suggested is not None:
            answer[item["name"]] = suggested
        elif "default" in item:
            answer[item["name"]] = item["default"]
    return answer


async def add_mqtt(api: HassApi, port: int) -> None:
    """Connect Home Assistant's MQTT integration to the broker on 127.0.0.1, once."""
    entries = await api.call("/api/config/config_entries/entry")
    if any(e["domain"] == "mqtt" for e in entries):
        return
    flow = "/api/config/config_entries/flow"
    step = await api.call(flow, {"handler": "mqtt", "show_advanced_options": False})
    if step["type"] == "menu":
        step = await api.call(f"{flow}/{step['flow_id']}", {"next_step_id": "broker"})
    answer = form_defaults(step["data_schema"]) | {"broker": "127.0.0.1", "port": port}
    # What the form's switch and drop-down show when left alone: no certificates, no TLS.
    answer["other_settings"] |= {"set_client_cert": False, "set_ca_cert": "off"}
    step = await api.call(f"{flow}/{step['flow_id']}", answer)
    if step.get("type") != "create_entry":
        raise BootstrapError(f"the MQTT set-up did not finish: {step}")


async def add_gateway(api: HassApi, site: DevSite, areas: dict[int, str]) -> str:
    """Add the simulated gateway through the integration's config flow; return its entry id."""
    entries = await api.call("/api/config/config_entries/entry")
    for entry in entries:
        if entry["domain"] == DOMAIN and entry["title"] == f"127.0.0.1:{site.modbus_port}":
            return str(entry["entry_id"])
    boxes = {box["unit_id"]: box for box in site.modbus_boxes()}
    flow = "/api/config/config_entries/flow"
    step = await api.call(flow, {"handler": DOMAIN, "show_advanced_options": False})
    path = f"{flow}/{step['flow_id']}"
    await api.call(path, {"transport": "tcp"})
    step = await api.call(path, {"host": "127.0.0.1", "port": site.modbus_port})
    if step.get("step_id") != "scan":
        raise BootstrapError(f"the simulated gateway did not answer: {step.get('errors')}")
    step = await api.call(path, {"first_unit": min(boxes), "last_unit": max(boxes)})
    if step.get("step_id") != "boxes":
        raise BootstrapError(f"the scan found no boxes: {step.get('errors')}")
    step = await api.call(path, {"boxes": [str(u) for u in sorted(boxes)]})
    while step.get("step_id") == "box":
        box = boxes[int(step["description_placeholders"]["unit"])]
        details = {"name": box["name"], "location": box.get("location", "")}
        details["building"] = box.get("building", site.building())
        details |= {k: box[k] for k in ("x", "y", "floor") if box.get(k) is not None}
        if box.get("floor") is not None:
            details["area_id"] = areas[box["floor"]]
        step = await api.call(path, details)
    if step.get("type") != "create_entry":
        raise BootstrapError(f"the config flow did not finish: {step}")
    return str(step["result"]["entry_id"])


async def count_energy(api: HassApi) -> int:
    """Put every box's energy meter on the Energy dashboard; return how many are there."""
    registry = await api.ws("config/entity_registry/list")
    meters = sorted(
        e["entity_id"]
        for e in registry
        if e["platform"] == DOMAIN and e["unique_id"].endswith("_energy") and not e["disabled_by"]
    )
    prefs: dict[str, Any] = {"device_consumption": []}
    with contextlib.suppress(BootstrapError):  # no preferences saved yet
        prefs = await api.ws("energy/get_prefs")
    counted = {d["stat_consumption"] for d in prefs.get("device_consumption", [])}
    if missing := [m for m in meters if m not in counted]:
        devices = prefs.get("device_consumption", []) + [{"stat_consumption": m} for m in missing]
        await api.ws("energy/save_prefs", device_consumption=devices)
    return len(meters)


async def watch_states(
    api: HassApi,
    entity_ids: Sequence[str],
    done: Callable[[Mapping[str, str]], bool],
    within: float,
    *,
    since: datetime | None = None,
) -> dict[str, str]:
    """Follow entities' states as the frontend does (`subscribe_entities`) until `done`.

    `done` sees the states by entity id (an entity without a state is absent, and so is one
    whose state last changed before `since`); they are returned. TimeoutError after `within`
    s, with the states last seen in its message.
    """
    states: dict[str, str] = {}
    changed: dict[str, float] = {}  # last_changed, as the compressed states carry it ("lc")
    after = since.timestamp() if since is not None else None

    def seen(event: Mapping[str, Any]) -> bool:
        # Compressed events: "a" whole states, "c" changes ("+": what is new), "r" removed.
        for entity_id, state in event.get("a", {}).items():
            states[entity_id], changed[entity_id] = state["s"], state["lc"]
        for entity_id, diff in event.get("c", {}).items():
            new = diff.get("+", {})
            if "s" in new:
                states[entity_id] = new["s"]
            if "lc" in new:
                changed[entity_id] = new["lc"]
        for entity_id in event.get("r", []):
            states.pop(entity_id, None)
        if after is None:
            return done(states)
        return done({e: s for e, s in states.items() if changed.get(e, 0.0) > after})

    command = {"type": "subscribe_entities", "entity_ids": list(entity_ids)}
    try:
        await api.subscribe(command, seen, within)
    except TimeoutError as err:
        raise TimeoutError(f"after {within:g} s: {states}") from err
    return states


async def watch_attributes(
    api: HassApi,
    entity_id: str,
    done: Callable[[Mapping[str, Any]], bool],
    within: float,
) -> dict[str, Any]:
    """Follow one entity's attributes as the frontend does (`subscribe_entities`) until `done`.

    `done` sees the attributes (empty while the entity has no state); they are returned.
    Compressed changes carry the attributes that changed (`"+": {"a": ...}`) and the names of
    those removed (`"-": {"a": [...]}`). TimeoutError after `within` s, with the attributes
    last seen in its message.
    """
    attributes: dict[str, Any] = {}

    def seen(event: Mapping[str, Any]) -> bool:
        if (whole := event.get("a", {}).get(entity_id)) is not None:
            attributes.clear()
            attributes.update(whole.get("a", {}))
        if (diff := event.get("c", {}).get(entity_id)) is not None:
            for name in diff.get("-", {}).get("a", []):
                attributes.pop(name, None)
            attributes.update(diff.get("+", {}).get("a", {}))
        if entity_id in event.get("r", []):
            attributes.clear()
        return done(attributes)

    command = {"type": "subscribe_entities", "entity_ids": [entity_id]}
    try:
        await api.subscribe(command, seen, within)
    except TimeoutError as err:
        raise TimeoutError(f"after {within:g} s: {entity_id} {attributes}") from err
    return attributes


async def watch_entries(
    api: HassApi,
    done: Callable[[Mapping[str, Mapping[str, Any]]], bool],
    within: float,
    domains: Collection[str] = (DOMAIN,),
) -> dict[str, Mapping[str, Any]]:
    """Follow the domains' config entries (`config_entries/subscribe`) until `done`.

    `done` sees the entries by id, as the integrations page gets them (`state`, `title`, ...);
    they are returned. TimeoutError after `within` s, with the entries' states in its message.
    """
    entries: dict[str, Mapping[str, Any]] = {}

    def seen(event: list[Mapping[str, Any]]) -> bool:
        for change in event:
            entry = change["entry"]
            if entry["domain"] not in domains:
                continue
            if change["type"] == "removed":
                entries.pop(entry["entry_id"], None)
            else:
                entries[entry["entry_id"]] = entry
        return done(entries)

    try:
        await api.subscribe({"type": "config_entries/subscribe"}, seen, within)
    except TimeoutError as err:
        states = {e["title"]: e["state"] for e in entries.values()}
        raise TimeoutError(f"after {within:g} s: {states}") from err
    return entries


async def wait_for_entities(api: HassApi, entry_id: str, count: int, within: float) -> None:
    """Wait until the gateway entry is loaded with one device per box."""
    try:
        await watch_entries(
            api, lambda entries: entries.get(entry_id, {}).get("state") == "loaded", within
        )
    except TimeoutError as err:
        raise BootstrapError(f"the gateway entry has not loaded: {err}") from err
    devices = [
        d for d in await api.ws("config/device_registry/list") if entry_id in d["config_entries"]
    ]
    if len(devices) < count:  # the devices are made before the entry is loaded
        raise BootstrapError(f"the gateway entry is loaded with {len(devices)} of {count} boxes")


async def watch_flows(
    api: HassApi, done: Callable[[Mapping[str, Mapping[str, Any]]], bool], within: float
) -> dict[str, Mapping[str, Any]]:
    """Follow the flows offered under Discovered (`config_entries/flow/subscribe`) until `done`.

    `done` sees the flows in progress by id (`handler`, `context`, ...); they are returned.
    """
    flows: dict[str, Mapping[str, Any]] = {}

    def seen(event: list[Mapping[str, Any]]) -> bool:
        for change in event:
            if change["type"] == "removed":
                flows.pop(change["flow_id"], None)
            else:
                flows[change["flow_id"]] = change["flow"]
        return done(flows)

    try:
        await api.subscribe({"type": "config_entries/flow/subscribe"}, seen, within)
    except TimeoutError as err:
        raise TimeoutError(f"after {within:g} s: {sorted(flows)}") from err
    return flows


async def watch_events(
    api: HassApi, event_type: str, holds: Callable[[], Awaitable[bool]], within: float
) -> None:
    """Return once `holds()`: checked as soon as `event_type` events are followed, then at each.

    For what Home Assistant has no subscription of its own, but an event when it may have
    changed (`device_registry_updated`, say). TimeoutError after `within` s.
    """
    socket = await api.open_websocket()
    try:
        async with asyncio.timeout(within):
            await socket.send_json({"id": 1, "type": "subscribe_events", "event_type": event_type})
            async for received in socket:
                if received.type is not aiohttp.WSMsgType.TEXT:
                    break
                message = json.loads(received.data)
                if message.get("type") == "result" and not message["success"]:
                    raise BootstrapError(f"subscribe_events failed: {message['error']}")
                if message.get("type") in ("result", "event") and await holds():
                    return
        raise BootstrapError("subscribe_events: the websocket closed")
    finally:
        await socket.close()


async def enable_entities(api: HassApi, entity_ids: list[str], within: float = 90) -> None:
    """Enable disabled entities as their settings dialog does; wait until they have a state.

    Home Assistant reloads the entry 30 s after an entity of it is enabled (the dialog says so).
    """
    for entity_id in entity_ids:
        await api.ws("config/entity_registry/update", entity_id=entity_id, disabled_by=None)
    try:
        await watch_states(
            api,
            entity_ids,
            lambda states: all(states.get(e, "unavailable") != "unavailable" for e in entity_ids),
            within,
        )
    except TimeoutError as err:
        raise BootstrapError(f"{', '.join(entity_ids)}: no state after enabling, {err}") from err


async def wait_until_running(api: HassApi, within: float = START_TIMEOUT) -> None:
    """Wait until Home Assistant has finished starting (a first start installs packages)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while (state := (await api.call("/api/config"))["state"]) != "RUNNING":
        if loop.time() > deadline:
            raise BootstrapError(f"Home Assistant is still {state} after {within:g} s")
        await asyncio.sleep(0.5)


async def wait_for_integration(api: HassApi, within: float = 120) -> None:
    """Wait until every Safe Power entry has started (raise if one failed)."""

    def started(entries: Mapping[str, Mapping[str, Any]]) -> bool:
        states = {e["title"]: e["state"] for e in entries.values()}
        if failed := {t: s for t, s in states.items() if s in ("setup_error", "migration_error")}:
            raise BootstrapError(f"Safe Power did not start: {failed}")
        return all(state == "loaded" for state in states.values())

    try:
        await watch_entries(api, started, within)
    except TimeoutError as err:
        raise BootstrapError(f"Safe Power has not started: {err}") from err


async def bootstrap(site: DevSite, running: Running | None, *, gateway: bool = True) -> str:
    """Bring a started Home Assistant to where a developer starts; return an access token."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        api = HassApi(session, site.url)
        try:
            await api.wait_until_up(running)
            if await api.onboard(site.user, site.password, site.language):
                await remove_internet_only(api)
            if site.mqtt_port is not None:
                await add_mqtt(api, site.mqtt_port)
            if gateway:
                levels = {b["floor"] for b in site.modbus_boxes() if b.get("floor") is not None}
                areas = await place_floors(api, levels)
                entry_id = await add_gateway(api, site, areas)
                await wait_for_entities(api, entry_id, len(site.modbus_boxes()), 60)
                await count_energy(api)
            await wait_until_running(api)
            await wait_for_integration(api)
        finally:
            await api.close()
        assert api.token is not None  # noqa: S101  (onboard() set it or raised)
        return api.token


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scripts/develop", description=__doc__.split("\n", 1)[0] if __doc__ else None
    )
    parser.add_argument("--root", type=Path, default=REPO / ".dev", help="folder for config/")
    parser.add_argument("--ha-port", type=int, default=8123)
    parser.add_argument("--modbus-port", type=int, default=5020)
    parser.add_argument("--control-port", type=int, default=5021)
    parser.add_argument("--fleet", type=Path, default=DEFAULT_FLEET)
    parser.add_argument("--language", default="en", help="the owner's language at onboarding")
    parser.add_argument(
        "--wire-baud",
        type=int,
        default=None,
        help="emulate an RS-485 bus of this baud rate behind the gateway: each request and reply"
        " holds it for its wire time (1200 fills it with the default fleet: see the repair)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the development Home Assistant until Ctrl+C."""
    args = _parser().parse_args(argv)
    site = DevSite(
        root=args.root,
        ha_port=args.ha_port,
        modbus_port=args.modbus_port,
        control_port=args.control_port,
        fleet=args.fleet,
        language=args.language,
        wire_baud=args.wire_baud,
    )
    site.write_config()
    running = Running(site)
    stop = False

    def _stop(_signum: int, _frame: Any) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, _stop)
    try:
        running.start_simulator()
        running.start_hass()
        asyncio.run(bootstrap(site, running))
        sys.stdout.write(
            f"\nHome Assistant:  {site.url}   user: {site.user}   password: {site.password}\n"
            f"Make a box alarm: .venv/bin/python -m safe_power_tools.simulator ctl"
            f" --control-port {site.control_port} 3 overload\n"
            "                  (scenarios: overload hot_phase leakage_ramp phase_loss outage"
            " offline recover)\nStop: Ctrl+C\n"
        )
        sys.stdout.flush()
        while not stop:
            running.check_alive()
            time.sleep(1)
    except BootstrapError as err:
        sys.stderr.write(f"\nscripts/develop: {err}. Stopping what it started.\n")
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

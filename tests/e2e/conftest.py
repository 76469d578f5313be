"""The user's path: a real Home Assistant process, started as `scripts/develop` starts it.

Each test module gets its own site (configuration folder, free ports, simulator, and a
mosquitto where MQTT is needed) from `safe_power_tools.devenv`, the module scripts/develop
runs. Tests talk to it only through the HTTP and websocket API the frontend uses, or through
a real browser. Logs and screenshots go to the run's output folder (`test-output/e2e/`, or
`$SAFE_POWER_TEST_OUTPUT`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
import json
import os
from pathlib import Path
import shutil
import subprocess
import threading
from typing import Any

import aiohttp
import pytest
import pytest_socket

from safe_power_tools.devenv import REPO, DevSite, HassApi, Running, bootstrap
from safe_power_tools.mqtt_common import MosquittoBroker, free_ports
from safe_power_tools.simulator.control import send_control
from tests.flow_api import FlowApi

OUTPUT = Path(os.environ.get("SAFE_POWER_TEST_OUTPUT", REPO / "test-output")) / "e2e"
E2E_FLEET = Path(__file__).parent / "fleet.json"
THREAD_WIND_DOWN = 10.0  # s a thread a test started may take to end after it


def pytest_sessionstart(session: pytest.Session) -> None:
    """Start every run with an empty output folder."""
    del session
    shutil.rmtree(OUTPUT, ignore_errors=True)
    OUTPUT.mkdir(parents=True, exist_ok=True)


@dataclass
class Site:
    """A running development Home Assistant and what it was started with."""

    dev: DevSite
    running: Running
    output: Path
    token: str = ""
    broker: MosquittoBroker | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def start(self, *, gateway: bool) -> None:
        """Start Home Assistant (the simulator runs on) and bootstrap it."""
        self.running.start_hass()
        self.token = asyncio.run(bootstrap(self.dev, self.running, gateway=gateway))

    async def restart(self) -> int | None:
        """Stop Home Assistant as a service manager does (SIGTERM), then start it again."""
        # Blocking on purpose: nothing else runs in the test's loop meanwhile, and no executor
        # thread is left behind.
        status = self.running.stop_hass()
        self.running.start_hass()
        self.token = await bootstrap(self.dev, self.running, gateway=False)
        return status

    async def control(self, unit: int | str, action: str) -> dict[str, Any]:
        """Steer the simulator (e.g. raise an overload on a box)."""
        return await send_control(f"{unit} {action}", port=self.dev.control_port)

    def session(self) -> aiohttp.ClientSession:
        """An HTTP session logged in as the owner, rooted at Home Assistant's URL."""
        return aiohttp.ClientSession(
            base_url=self.dev.url,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=aiohttp.ClientTimeout(total=120),
        )

    async def api(self, session: aiohttp.ClientSession) -> HassApi:
        """The HTTP + websocket API on a session."""
        api = HassApi(session, self.dev.url)
        api.token = self.token
        return api

    def log(self) -> str:
        """Home Assistant's log so far."""
        return (self.output / "hass.log").read_text(encoding="utf-8", errors="replace")


def start_site(
    name: str,
    tmp: Path,
    *,
    gateway: bool = True,
    mqtt: bool = False,
    serial: bool = False,
    fleet: Path | None = None,
    language: str = "en",
    configuration: str = "",
) -> Site:
    """Start a site; the caller stops it with `stop_site`.

    `configuration` is YAML appended to the site's configuration.yaml.
    """
    pytest_socket.enable_socket()  # the fixture runs before the test's own socket_enabled
    output = OUTPUT / name
    output.mkdir(parents=True, exist_ok=True)
    broker = None
    if mqtt:  # the broker's process belongs to a loop of its own, kept until it stops
        broker = MosquittoBroker()
        loop = asyncio.new_event_loop()
        loop.run_until_complete(broker.start())
    ha_port, modbus_port, control_port = free_ports(3)
    dev = DevSite(
        root=tmp,
        ha_port=ha_port,
        modbus_port=modbus_port,
        control_port=control_port,
        fleet=fleet or E2E_FLEET,
        mqtt_port=broker.port if broker else None,
        serial_link=tmp / "ttySP0" if serial else None,
        language=language,
        configuration=configuration,
    )
    dev.write_config()
    site = Site(dev=dev, running=Running(dev, log_dir=output), output=output, broker=broker)
    if broker is not None:
        site.extra["broker_loop"] = loop
    try:
        site.running.start_simulator()
        site.start(gateway=gateway)
    except BaseException:
        stop_site(site)
        raise
    return site


def stop_site(site: Site) -> None:
    """Stop Home Assistant, the simulator and the broker."""
    site.running.stop()
    if site.broker is not None:
        loop = site.extra["broker_loop"]
        loop.run_until_complete(site.broker.stop())
        loop.close()
        site.broker.cleanup()


@pytest.fixture
async def http(site: Site) -> AsyncIterator[aiohttp.ClientSession]:
    """An authenticated HTTP session to the module's Home Assistant."""
    async with site.session() as session:
        yield session


@pytest.fixture
def flows(http: aiohttp.ClientSession) -> FlowApi:
    """The flow endpoints the frontend uses, on the module's Home Assistant."""
    return FlowApi(http)


@pytest.fixture
async def api(site: Site, http: aiohttp.ClientSession) -> AsyncIterator[HassApi]:
    """HTTP and websocket API of the module's Home Assistant."""
    api = await site.api(http)
    yield api
    await api.close()


def start_ready(
    args: list[str], log: Path, ready: str, within: float = 30, **popen: Any
) -> subprocess.Popen[bytes]:
    """Start a child process and return once its output says `ready` (it listens, say).

    The child's output is copied to `log` by a thread for as long as it runs: the wait is for
    the line it writes, not a poll of its port. RuntimeError if it ends or stays silent first.
    """
    process = subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **popen
    )
    said = threading.Event()
    marker = ready.encode()

    def copy() -> None:
        assert process.stdout is not None
        with log.open("ab") as out:
            for line in process.stdout:
                out.write(line)
                out.flush()
                if marker in line:
                    said.set()
        said.set()  # the output ended: the process did

    threading.Thread(target=copy, name=f"log {log.name}", daemon=True).start()
    if not said.wait(within) or process.poll() is not None:
        process.kill()
        process.wait()
        raise RuntimeError(f"{args[0]} did not say {ready!r} within {within:g} s (see {log})")
    return process


def fleet_units(path: Path = E2E_FLEET) -> dict[int, dict[str, Any]]:
    """The e2e fleet's boxes by unit id."""
    return {b["unit_id"]: b for b in json.loads(path.read_text(encoding="utf-8"))["boxes"]}


@pytest.fixture(autouse=True)
def _sockets(socket_enabled: None) -> None:
    """Every e2e test talks to real processes on 127.0.0.1."""


@pytest.fixture(autouse=True)
def verify_cleanup() -> Iterator[None]:
    """Threads a test started have ended soon after it (replaces the harness's own check).

    The harness's check is made for tests of a `hass` object in the test's process; here the
    Home Assistants are other processes, and the threads an event loop's executor or the
    browser's driver starts take a moment to wind down after their loop has closed.
    """
    before = set(threading.enumerate())
    yield
    started = [t for t in threading.enumerate() if t not in before]
    for thread in started:
        thread.join(THREAD_WIND_DOWN)
    assert [t.name for t in started if t.is_alive() and not t.daemon] == []

"""paho-mqtt plumbing shared by the MQTT box simulator, the bridge and the tests.

`MqttConnection` is one paho client (2.x API, `CallbackAPIVersion.VERSION2`) whose network loop
runs in paho's own thread (`loop_start()`); paho reconnects by itself
(`reconnect_delay_set`). Every event it reports (connected, disconnected, message, publish
acknowledged) is handed to the asyncio loop with `loop.call_soon_threadsafe`, so the owner's
callbacks always run in the event loop thread and never in paho's. Publishing and subscribing
are thread-safe in paho and are called from the event loop directly.

Subscriptions are remembered and made again on every (re)connection: a broker that restarted
without persistence has forgotten them, and so does a clean session. A connection counts as
connected (`wait_connected`, `on_connect`) once the broker acknowledged those subscriptions, so a
message sent to a box right after it connected is not lost.

`kill()` ends a connection the way a power cut does: the socket is shut down without an MQTT
DISCONNECT, so the broker publishes the client's last will.

`alarm_payload` turns a reading into an `/alarm` entry, the same way for the simulator and the
bridge (through the schema module, the only encoder of payloads).

`MqttProbe` is a small test client: it subscribes to a filter (default `#`), records every
message and lets a test await a condition with a deadline. `MosquittoBroker` runs a real
mosquitto on a free port of 127.0.0.1 for tests (start, stop, restart on the same port), with a
bridge to another broker if asked (`BridgeConnection`, docs/scaling.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
import contextlib
from dataclasses import dataclass, field
from datetime import datetime
import logging
from pathlib import Path
import shutil
import socket
import ssl
import subprocess
import tempfile
from typing import Any, Final

from paho.mqtt.client import (
    Client,
    ConnectFlags,
    DisconnectFlags,
    MQTTMessage,
    MQTTMessageInfo,
)
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode, MQTTProtocolVersion
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

from custom_components.safe_power.box.model import AlarmCause, BoxReading
from custom_components.safe_power.box.mqtt import AlarmMessage, encode_alarm

_LOGGER = logging.getLogger(__name__)

DEFAULT_PORT: Final = 1883
DEFAULT_KEEPALIVE: Final = 60  # s
RECONNECT_MIN: Final = 1  # s, paho's first reconnect delay (then doubling)
RECONNECT_MAX: Final = 30  # s


@dataclass(frozen=True, slots=True, kw_only=True)
class BrokerConfig:
    """Where the broker is and how to log in."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    username: str | None = None
    password: str | None = field(default=None, repr=False)  # never in a log line
    tls: bool = False  # implied by ca_certs / certfile
    ca_certs: str | None = None  # CA bundle; None with tls: the system's CAs
    certfile: str | None = None  # client certificate (mutual TLS)
    keyfile: str | None = None
    tls_insecure: bool = False  # do not check the broker's host name (self-signed test brokers)
    keepalive: int = DEFAULT_KEEPALIVE
    reconnect_min: int = RECONNECT_MIN
    reconnect_max: int = RECONNECT_MAX

    @property
    def uses_tls(self) -> bool:
        """Return True when the connection is encrypted."""
        return self.tls or self.ca_certs is not None or self.certfile is not None

    @property
    def label(self) -> str:
        """Return host:port for log lines (no credentials)."""
        return f"{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class Will:
    """A last will: what the broker publishes when the connection dies without DISCONNECT."""

    topic: str
    payload: str
    qos: int = 1
    retain: bool = True


@dataclass(frozen=True, slots=True)
class Message:
    """A received MQTT message, as handed to the event loop."""

    topic: str
    payload: bytes
    qos: int
    retain: bool

    @property
    def text(self) -> str:
        """Return the payload as text (invalid UTF-8 replaced)."""
        return self.payload.decode("utf-8", "replace")


def new_client(broker: BrokerConfig, client_id: str, will: Will | None = None) -> Client:
    """Return a configured paho client (not connected): auth, TLS, will and reconnect delays."""
    client = Client(
        CallbackAPIVersion.VERSION2,
        client_id=client_id,
        clean_session=True,
        protocol=MQTTProtocolVersion.MQTTv311,
    )
    if broker.username is not None:
        client.username_pw_set(broker.username, broker.password)
    if broker.uses_tls:
        client.tls_set(
            ca_certs=broker.ca_certs,
            certfile=broker.certfile,
            keyfile=broker.keyfile,
            cert_reqs=ssl.CERT_REQUIRED,
        )
        if broker.tls_insecure:
            client.tls_insecure_set(value=True)
    if will is not None:
        client.will_set(will.topic, will.payload, qos=will.qos, retain=will.retain)
    client.reconnect_delay_set(broker.reconnect_min, broker.reconnect_max)
    # An exception in a callback is logged instead of ending paho's network thread (and with
    # it every reconnection).
    client.suppress_exceptions = True
    client.enable_logger(_LOGGER.getChild("paho"))
    return client


def alarm_payload(reading: BoxReading, cause: AlarmCause, time: datetime, *, raised: bool) -> str:
    """Return the `/alarm` payload of a cause raised or cleared, from a reading."""
    detail = reading.alarm_detail(cause)
    message = AlarmMessage(
        time=time,
        cause=cause,
        raised=raised,
        value=detail.value,
        threshold=detail.threshold,
        channel=detail.channel,
    )
    try:
        return encode_alarm(message)
    except ValueError:  # a value the schema would not carry: report the alarm without it
        return encode_alarm(AlarmMessage(time, cause, raised, None, None, None))


class MqttConnection:
    """One paho client on its own network thread; its events run in the asyncio loop.

    `on_connect()` runs in the loop after every successful (re)connection, once the broker
    acknowledged the remembered subscriptions; `on_disconnect()` after every loss;
    `on_message(message)` for every message received.
    """

    def __init__(
        self,
        broker: BrokerConfig,
        client_id: str,
        *,
        will: Will | None = None,
        on_connect: Callable[[], None] | None = None,
        on_disconnect: Callable[[], None] | None = None,
        on_message: Callable[[Message], None] | None = None,
    ) -> None:
        """Prepare the connection; nothing is opened before `start`."""
        self.broker = broker
        self.client_id = client_id
        self.will = will
        self._on_connect = on_connect
        self._on_disconnect = on_disconnect
        self._on_message = on_message
        self._subscriptions: dict[str, int] = {}
        self._subscribe_mid: int | None = None  # paho's thread only: the renewal awaited
        self._client: Client | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connected = asyncio.Event()
        self.connected = False  # as seen from the event loop
        self.connections = 0  # successful connections so far (reconnects included)

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        """Connect in the background; paho keeps reconnecting until `stop` or `kill`."""
        if self._client is not None:
            raise RuntimeError("the connection is already started")
        self._loop = asyncio.get_running_loop()
        client = new_client(self.broker, self.client_id, self.will)
        client.on_connect = self._paho_connect
        client.on_disconnect = self._paho_disconnect
        client.on_message = self._paho_message
        client.on_subscribe = self._paho_subscribe
        client.connect_async(self.broker.host, self.broker.port, self.broker.keepalive)
        client.loop_start()
        self._client = client

    @property
    def started(self) -> bool:
        """Return True between `start` and `stop`/`kill`."""
        return self._client is not None

    async def wait_connected(self, within: float = 5.0) -> None:
        """Wait until the broker accepted the connection (TimeoutError after `within` seconds)."""
        async with asyncio.timeout(within):
            await self._connected.wait()

    async def stop(self, within: float = 5.0) -> None:
        """Disconnect cleanly (the broker does not publish the will) and end the thread."""
        client, self._client = self._client, None
        if client is None:
            return
        client.disconnect()
        await self._join(client, within)
        self._set_disconnected()

    async def kill(self, within: float = 5.0) -> None:
        """Drop the connection without DISCONNECT, so the broker publishes the last will.

        The socket is shut down at once (the broker sees the connection die and publishes the
        will right away); paho's thread then ends within about a second (it may be sleeping in
        a reconnect wait), and this waits for it.
        """
        client, self._client = self._client, None
        if client is None:
            return
        sock = client.socket()
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._set_disconnected()
        await self._join(client, within)

    @staticmethod
    async def _join(client: Client, within: float) -> None:
        """Stop paho's thread (it may sleep up to 1 s in a reconnect wait)."""
        loop = asyncio.get_running_loop()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within):
                await loop.run_in_executor(None, client.loop_stop)

    # --- traffic ------------------------------------------------------------------------------

    def subscribe(self, topic: str, qos: int = 1) -> None:
        """Subscribe now if connected, and again on every reconnection."""
        self._subscriptions[topic] = qos
        if self._client is not None and self.connected:
            self._client.subscribe(topic, qos)

    def unsubscribe(self, topic: str) -> None:
        """Forget a subscription."""
        if self._subscriptions.pop(topic, None) is not None and self._client is not None:
            self._client.unsubscribe(topic)

    def publish(
        self, topic: str, payload: str | bytes, *, qos: int = 0, retain: bool = False
    ) -> MQTTMessageInfo | None:
        """Publish (thread-safe); QoS 1 messages wait in paho's queue while disconnected.

        Returns paho's message info, or None when the connection is not started.
        """
        if self._client is None:
            return None
        return self._client.publish(topic, payload, qos=qos, retain=retain)

    async def publish_wait(
        self,
        topic: str,
        payload: str | bytes,
        *,
        qos: int = 1,
        retain: bool = False,
        within: float = 5.0,
    ) -> bool:
        """Publish and wait until the broker acknowledged it; return False if it did not."""
        info = self.publish(topic, payload, qos=qos, retain=retain)
        if info is None:
            return False
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, info.wait_for_publish, within)
        except RuntimeError, ValueError:
            return False
        return info.is_published()

    # --- paho's thread ------------------------------------------------------------------------

    def _handoff(self, func: Callable[..., Any], *args: Any) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed in the meantime
            loop.call_soon_threadsafe(func, *args)

    def _paho_connect(
        self,
        client: Client,
        _userdata: Any,
        _flags: ConnectFlags,
        reason_code: ReasonCode,
        _properties: Properties | None,
    ) -> None:
        if reason_code.is_failure:
            _LOGGER.warning(
                "MQTT broker %s refused %s: %s", self.broker.label, self.client_id, reason_code
            )
            return
        subscriptions = list(self._subscriptions.items())
        if subscriptions:
            result, mid = client.subscribe(subscriptions)
            if result == MQTTErrorCode.MQTT_ERR_SUCCESS and mid is not None:
                self._subscribe_mid = mid
                return  # connected once the broker acknowledged them (`_paho_subscribe`)
        self._handoff(self._set_connected, client)

    def _paho_subscribe(
        self,
        client: Client,
        _userdata: Any,
        mid: int,
        reason_codes: list[ReasonCode],
        _properties: Properties | None,
    ) -> None:
        if mid != self._subscribe_mid:
            return  # a later single subscription
        self._subscribe_mid = None
        if refused := [code for code in reason_codes if code.is_failure]:
            _LOGGER.warning(
                "MQTT broker %s refused subscriptions of %s: %s",
                self.broker.label,
                self.client_id,
                refused,
            )
        self._handoff(self._set_connected, client)

    def _paho_disconnect(
        self,
        client: Client,
        _userdata: Any,
        _flags: DisconnectFlags,
        _reason_code: ReasonCode,
        _properties: Properties | None,
    ) -> None:
        self._handoff(self._lost, client)

    def _paho_message(self, _client: Client, _userdata: Any, message: MQTTMessage) -> None:
        msg = Message(message.topic, bytes(message.payload), message.qos, bool(message.retain))
        if self._on_message is not None:
            self._handoff(self._on_message, msg)

    # --- back in the event loop ---------------------------------------------------------------

    def _set_connected(self, client: Client) -> None:
        if client is not self._client:
            return  # a stopped client's late report
        self.connected = True
        self.connections += 1
        self._connected.set()
        if self._on_connect is not None:
            self._on_connect()

    def _lost(self, client: Client) -> None:
        if client is not self._client:
            return
        self._set_disconnected()
        if self._on_disconnect is not None:
            self._on_disconnect()

    def _set_disconnected(self) -> None:
        self.connected = False
        self._connected.clear()


class MqttProbe:
    """A test client that records every message under a topic filter.

    ```
    probe = MqttProbe(port)
    await probe.start()                       # subscribed when this returns
    msg = await probe.wait_for(lambda m: m.topic.endswith("/availability"), within=5)
    await probe.stop()
    ```
    """

    def __init__(
        self,
        port: int,
        host: str = "127.0.0.1",
        topic: str = "#",
        client_id: str = "safe-power-probe",
        broker: BrokerConfig | None = None,
    ) -> None:
        """Prepare the probe (`broker`, when given, replaces host and port)."""
        self.topic = topic
        self.messages: list[Message] = []
        self._arrived = asyncio.Event()
        self.connection = MqttConnection(
            broker or BrokerConfig(host=host, port=port),
            client_id,
            on_message=self._record,
        )

    async def start(self, within: float = 5.0) -> None:
        """Connect and subscribe; returns once the subscription is in place."""
        marker = f"_probe/{self.connection.client_id}/ready"
        self.connection.subscribe(self.topic, 1)
        self.connection.subscribe(marker, 1)
        self.connection.start()
        await self.connection.wait_connected(within)
        # The broker handles our packets in order: once our own marker comes back,
        # the subscription to `topic` is active too.
        self.connection.publish(marker, b"1", qos=1)
        await self.wait_for(lambda m: m.topic == marker, within=within)

    async def stop(self) -> None:
        """Disconnect."""
        await self.connection.stop()

    def _record(self, message: Message) -> None:
        self.messages.append(message)
        self._arrived.set()

    def publish(
        self, topic: str, payload: str | bytes, *, qos: int = 1, retain: bool = False
    ) -> None:
        """Publish a message."""
        self.connection.publish(topic, payload, qos=qos, retain=retain)

    def on(self, topic: str, since: int = 0) -> list[Message]:
        """Return the messages received on one topic (from index `since`)."""
        return [m for m in self.messages[since:] if m.topic == topic]

    def mark(self) -> int:
        """Return the index of the next message (for `since`)."""
        return len(self.messages)

    async def wait_for(
        self, predicate: Callable[[Message], bool], *, within: float = 5.0, since: int = 0
    ) -> Message:
        """Return the first message from index `since` on that satisfies the predicate."""
        async with asyncio.timeout(within):
            checked = since
            while True:
                for message in self.messages[checked:]:
                    if predicate(message):
                        return message
                checked = max(checked, len(self.messages))
                self._arrived.clear()
                await self._arrived.wait()

    async def wait_until(
        self, condition: Callable[[], bool], *, within: float = 5.0, step: float = 0.02
    ) -> None:
        """Wait until a condition holds; TimeoutError after `within` seconds.

        The condition is checked on every message and every `step` seconds, so it may be about
        anything (a box's state changed by a message the probe saw earlier, for example).
        """
        async with asyncio.timeout(within):
            while not condition():
                self._arrived.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(step):
                        await self._arrived.wait()


async def wait_until(
    condition: Callable[[], bool], *, within: float = 5.0, step: float = 0.02
) -> None:
    """Poll a condition until it holds; TimeoutError after `within` seconds."""
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110  (a condition nobody signals)
            await asyncio.sleep(step)


def topics(messages: Iterable[Message]) -> list[str]:
    """Return the topics of messages (for assertion messages)."""
    return [m.topic for m in messages]


# --- a real broker for tests ------------------------------------------------------------------

MOSQUITTO: Final = "/usr/sbin/mosquitto"
MOSQUITTO_PASSWD: Final = "/usr/bin/mosquitto_passwd"  # noqa: S105  (a tool, not a password)


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    return free_ports(1)[0]


def free_ports(count: int) -> list[int]:
    """Return `count` different TCP ports free on 127.0.0.1 right now.

    Held open together while they are chosen: one at a time, the system may hand the same
    port out twice (seen: Home Assistant and the simulator given one port, the simulator
    then could not listen).
    """
    with contextlib.ExitStack() as stack:
        socks = [
            stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            for _ in range(count)
        ]
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in socks]


@dataclass(frozen=True, slots=True, kw_only=True)
class TlsListener:
    """A second listener of a test broker: TLS only, with its own login rules.

    `cafile` checks client certificates (with `require_certificate`); `passwords` (user name to
    password) turns anonymous logins off on this listener.
    """

    cafile: Path
    certfile: Path
    keyfile: Path
    require_certificate: bool = False
    passwords: Mapping[str, str] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class AclListener:
    """A second, plain listener of a test broker where each user sees only what `acl` allows.

    `passwords`: user name to password (no anonymous logins there); `acl`: the text of a
    mosquitto `acl_file` ("user unit_a" then "topic read safe_power/SP1/#" lines). The design
    of docs/panel.md, "Units": one Home Assistant per unit, each logged in as its unit.
    """

    passwords: Mapping[str, str] = field(repr=False)
    acl: str


@dataclass(frozen=True)
class BridgeConnection:
    """A mosquitto bridge from a test broker to another broker's port on 127.0.0.1.

    The broker connects to `port` as `username` and carries what `options` says: the rest of the
    mosquitto `connection` section, one option a line (`topic ... out 1`, `notification_topic`,
    `cleansession`...). The design of docs/scaling.md: a unit's broker bridged to the site's.
    """

    name: str
    port: int
    username: str
    password: str = field(repr=False)
    options: str = ""

    def lines(self) -> list[str]:
        """Return the `connection` section of mosquitto.conf."""
        return [
            f"connection {self.name}",
            f"address 127.0.0.1:{self.port}",
            f"remote_username {self.username}",
            f"remote_password {self.password}",
            *(line.strip() for line in self.options.splitlines() if line.strip()),
        ]


class MosquittoBroker:
    """A mosquitto process for tests, on a fixed free port: start, stop, start again.

    It listens on 127.0.0.1 only, takes anonymous clients and keeps nothing on disk (a restart
    forgets retained messages, like a broker without persistence). Its configuration lives in a
    folder of its own that the user `mosquitto` can read (run as root, mosquitto drops to it).
    With `tls`, a second listener on `tls_port` speaks TLS only and may require a client
    certificate and a password; with `units`, a second listener on `units_port` takes only the
    users of its password file, each limited by its ACL; the first listener stays open to
    anonymous test clients. With `bridge`, it also bridges to another broker.
    ```
    broker = MosquittoBroker()
    await broker.start()          # returns once the port accepts connections
    ... broker.port ...
    await broker.restart()
    await broker.stop()
    broker.cleanup()
    ```
    """

    def __init__(
        self,
        executable: str = MOSQUITTO,
        port: int | None = None,
        tls: TlsListener | None = None,
        units: AclListener | None = None,
        bridge: BridgeConnection | None = None,
    ) -> None:
        """Write the configuration; nothing runs before `start`."""
        self.executable = executable
        self.port = port or free_port()
        self.tls_port: int | None = None
        self.units_port: int | None = None
        self.dir = Path(tempfile.mkdtemp(prefix="safe-power-mosquitto-"))
        self.dir.chmod(0o755)
        lines = [f"listener {self.port} 127.0.0.1", "allow_anonymous true"]
        if tls is not None or units is not None:
            lines.insert(0, "per_listener_settings true")  # each listener its own logins
        if units is not None:
            self.units_port = free_port()
            acl = self.dir / "acl"
            acl.write_text(units.acl, encoding="utf-8")
            acl.chmod(0o644)
            lines += [
                f"listener {self.units_port} 127.0.0.1",
                "allow_anonymous false",
                f"password_file {self._passwords(units.passwords, 'unit-passwords')}",
                f"acl_file {acl}",
            ]
        if tls is not None:
            self.tls_port = free_port()
            lines.append(f"listener {self.tls_port} 127.0.0.1")
            for key, source in (
                ("cafile", tls.cafile),
                ("certfile", tls.certfile),
                ("keyfile", tls.keyfile),
            ):
                lines.append(f"{key} {self._readable(source)}")
            lines.append(f"require_certificate {str(tls.require_certificate).lower()}")
            if tls.passwords:
                lines += [
                    "allow_anonymous false",
                    f"password_file {self._passwords(tls.passwords, 'passwords')}",
                ]
            else:
                lines.append("allow_anonymous true")
        lines += ["log_dest stderr", "persistence false"]
        if bridge is not None:  # last: every line after `connection` belongs to the bridge
            lines += bridge.lines()
        self.conf = self.dir / "mosquitto.conf"
        self.conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.conf.chmod(0o644)
        self.log = self.dir / "mosquitto.log"  # written by us from its stderr, not by it
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0

    def _readable(self, source: Path) -> Path:
        """Copy a file into the broker's folder, readable by the user mosquitto runs as."""
        target = self.dir / source.name
        shutil.copyfile(source, target)
        target.chmod(0o644)
        return target

    def _passwords(self, passwords: Mapping[str, str], name: str) -> Path:
        """Write a password file with mosquitto's own tool (it hashes the passwords)."""
        target = self.dir / name
        target.touch()
        for user, password in passwords.items():
            subprocess.run(  # noqa: S603  (fixed tool, arguments are the test's own)
                [MOSQUITTO_PASSWD, "-b", str(target), user, password],
                check=True,
                capture_output=True,
            )
        target.chmod(0o644)
        return target

    async def start(self, within: float = 5.0) -> None:
        """Start the broker and wait until its port accepts connections."""
        if self.process is not None:
            raise RuntimeError("the broker is already running")
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                self.executable, "-c", str(self.conf), stdout=log, stderr=log
            )
        self.starts += 1
        async with asyncio.timeout(within):
            while True:
                if self.process.returncode is not None:
                    tail = self.log.read_text(errors="replace")[-2000:]
                    self.process = None
                    raise RuntimeError(f"mosquitto exited: {tail}")
                try:
                    _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                except OSError:
                    await asyncio.sleep(0.02)
                    continue
                writer.close()
                with contextlib.suppress(OSError):
                    await writer.wait_closed()
                return

    async def stop(self) -> None:
        """Terminate the broker (every client connection drops) and wait until it exited."""
        process, self.process = self.process, None
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        try:
            async with asyncio.timeout(5.0):
                await process.wait()
        except TimeoutError:
            process.kill()
            await process.wait()

    async def restart(self) -> None:
        """Stop, then start again on the same port."""
        await self.stop()
        await self.start()

    def cleanup(self) -> None:
        """Remove the broker's folder (after `stop`)."""
        shutil.rmtree(self.dir, ignore_errors=True)

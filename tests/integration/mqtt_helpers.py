"""Helpers for the MQTT tests: a box as a real paho client, and waiting on real sockets."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from paho.mqtt.client import CallbackAPIVersion, Client, MQTTMessage

from custom_components.safe_power.box.model import AlarmCause, BoxIdentity, BoxReading
from custom_components.safe_power.box.mqtt import (
    QOS,
    RETAIN,
    BoxConfig,
    BoxLocation,
    Capabilities,
    Command,
    Topic,
    encode_config,
    encode_state,
    topic,
)

PREFIX = "safe_power"


def three_phase_config(box_id: str = "SP24B0107", serial: str = "SP24B0107") -> BoxConfig:
    """A three-phase box with a contactor, as docs/mqtt.md's example describes it."""
    return BoxConfig(
        box_id=box_id,
        identity=BoxIdentity("Safe Power", "SP-400-3P", serial, "2.4.1", 3),
        capabilities=Capabilities(
            measurements=frozenset(
                {
                    "voltage_a",
                    "voltage_b",
                    "voltage_c",
                    "current_a",
                    "current_b",
                    "current_c",
                    "leakage_current",
                    "cable_temperature_a",
                    "cable_temperature_b",
                    "cable_temperature_c",
                    "energy",
                }
            ),
            alarms=frozenset(
                {AlarmCause.OVERCURRENT, AlarmCause.LEAKAGE, AlarmCause.CABLE_OVER_TEMPERATURE}
            ),
            contactor=True,
            commands=frozenset(Command),
            settings=frozenset({"leakage_threshold"}),
        ),
        location=BoxLocation(text="B1 plant room", x=12.5, y=3.0, floor=-1, building="Building 2"),
    )


def reading(**values: float) -> BoxReading:
    """A complete reading of the three-phase box, with some values overridden."""
    base = {
        "voltage_a": 229.8,
        "voltage_b": 231.2,
        "voltage_c": 228.4,
        "current_a": 41.2,
        "current_b": 38.7,
        "current_c": 44.9,
        "leakage_current": 36.0,
        "cable_temperature_a": 41.5,
        "cable_temperature_b": 40.1,
        "cable_temperature_c": 43.0,
        "energy": 18234.56,
    }
    return BoxReading(
        values=MappingProxyType(base | values),
        contactor_closed=True,
        settings=MappingProxyType({"leakage_threshold": 300.0}),
    )


class BoxClient:
    """A box on the broker: a real paho client with the contract's last will."""

    def __init__(self, port: int, config: BoxConfig, prefix: str = PREFIX) -> None:
        """Prepare the client; `start` connects it."""
        self.port = port
        self.config = config
        self.prefix = prefix
        self.commands: list[dict[str, Any]] = []
        self.on_command: Callable[[bytes], None] | None = None
        self.client = Client(
            CallbackAPIVersion.VERSION2, client_id=f"test-box-{config.box_id}", clean_session=True
        )
        self.client.will_set(self.topic(Topic.AVAILABILITY), "offline", qos=1, retain=True)
        self.client.on_message = self._message
        self._loop: asyncio.AbstractEventLoop | None = None

    def topic(self, kind: Topic) -> str:
        """Return one of the box's topics."""
        return topic(self.prefix, self.config.box_id, kind)

    async def start(self) -> None:
        """Connect and subscribe to the box's `/set`."""
        self._loop = asyncio.get_running_loop()
        await self._loop.run_in_executor(None, self.client.connect, "127.0.0.1", self.port, 30)
        self.client.loop_start()
        self.client.subscribe(self.topic(Topic.SET), qos=1)

    def _message(self, client: Client, userdata: Any, msg: MQTTMessage) -> None:  # noqa: ARG002
        if self.on_command is not None and self._loop is not None:
            self._loop.call_soon_threadsafe(self.on_command, msg.payload)

    async def publish(
        self, kind: Topic, payload: str | bytes, *, retain: bool | None = None
    ) -> None:
        """Publish on one of the box's topics and wait until the broker has it."""
        info = self.client.publish(
            self.topic(kind),
            payload,
            qos=QOS[kind],
            retain=RETAIN[kind] if retain is None else retain,
        )
        assert self._loop is not None
        await self._loop.run_in_executor(None, info.wait_for_publish, 5)

    async def announce(self) -> None:
        """Publish the retained config and `online`."""
        await self.publish(Topic.CONFIG, encode_config(self.config))
        await self.publish(Topic.AVAILABILITY, "online")

    async def send_state(self, state: BoxReading, ack: str | None = None) -> None:
        """Publish a state with the current time."""
        await self.publish(Topic.STATE, encode_state(datetime.now(UTC), state, ack))

    def kill(self) -> None:
        """Drop the connection without DISCONNECT: the broker publishes the last will."""
        self.client.loop_stop()
        sock = self.client.socket()
        if sock is not None:
            sock.close()

    async def stop(self) -> None:
        """Disconnect cleanly."""
        self.client.disconnect()
        self.client.loop_stop()


async def wait_for(condition: Callable[[], Any], what: str, within: float = 10.0) -> Any:
    """Wait until `condition()` is truthy: messages travel through a real broker."""
    try:
        async with asyncio.timeout(within):
            while not (result := condition()):
                await asyncio.sleep(0.01)
    except TimeoutError:
        raise AssertionError(f"not within {within} s: {what}") from None
    return result

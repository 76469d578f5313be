"""Steering a running simulator: a line-based TCP control endpoint on 127.0.0.1.

A client sends one line, `<unit id | all> <action> [argument]`, and gets one line of JSON back:
`{"ok": true, "boxes": [<status of each addressed box>]}` or `{"ok": false, "error": "..."}`.
Actions:

- scenarios: normal, overload, hot_phase, leakage_ramp, phase_loss, outage, offline, recover
- wire faults: slow [seconds, default 2], exception [code, default 4], garbage,
  stuck_contactor (`recover` clears any fault)
- detector commands, as if written to the command register: open, close, reset, self_test
- tick <seconds>: advance the physics at once (e.g. `all tick 60` to skip a leakage ramp)
- meter <kWh>: set the energy meter (a meter replaced, or a bad read: it reads lower)
- status: change nothing
- MQTT boxes only (`serve` with boxes whose fleet entry says `"transport": "mqtt"`):
  malformed, flapping, silent_commands (see `mqtt_box.py`)

The same lines steer MQTT boxes: scenarios, commands and `tick` act on the box as on a Modbus
one and its new state and alarms are published at once; `offline` drops the broker connection
without DISCONNECT, so the broker publishes its last will, and `recover` connects it again;
`slow`, `exception`, `garbage` and `stuck_contactor` show as late answers to commands, refused
commands, implausible values in its states and a contactor that does not move.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
import json
import logging
from pathlib import Path
import sys
from typing import Any, Final, Protocol

from .box import SCENARIO_NAMES, Fault, SimulatedBox
from .server import SimulatedGateway

_LOGGER = logging.getLogger(__name__)

DEFAULT_CONTROL_PORT: Final = 5021
COMMANDS: Final = ("open", "close", "reset", "self_test")
MQTT_ACTIONS: Final = ("malformed", "flapping", "silent_commands")  # MQTT boxes only
ACTIONS: Final = (
    *SCENARIO_NAMES,
    *(f.value for f in Fault if f is not Fault.OFFLINE),
    *COMMANDS,
    "tick",
    "meter",  # set the energy meter to the argument (kWh): a meter replaced, or a bad read
    "status",
    *MQTT_ACTIONS,
)
CONTROL_TIMEOUT: Final = 5.0  # s for a control round trip
_MAX_LINE: Final = 1024
# ValueError: a line beyond the stream's limit. A tuple keeps the code valid on Python 3.13.
_STREAM_ERRORS: Final = (ConnectionError, ValueError)


class MqttControlled(Protocol):
    """What the control endpoint needs of an MQTT box (`mqtt_box.MqttSimulatedBox`)."""

    box: SimulatedBox

    async def controlled(self, action: str) -> None:
        """Publish what an action applied to `box` changed, or set an MQTT test mode."""

    def status(self) -> dict[str, Any]:
        """Return the box's status, with its MQTT side."""


def _apply(box: SimulatedBox, action: str, argument: float | None) -> None:
    """Apply one action to one box (ValueError when it does not apply)."""
    if action in SCENARIO_NAMES:
        box.set_scenario(action)
    elif action == Fault.SLOW:
        box.set_fault(Fault.SLOW, delay=argument)
    elif action == Fault.EXCEPTION:
        box.set_fault(Fault.EXCEPTION, code=None if argument is None else int(argument))
    elif action in (Fault.GARBAGE, Fault.STUCK_CONTACTOR):
        box.set_fault(action)
    elif action in COMMANDS:
        cmds = box.profile.commands
        if cmds is None:
            raise ValueError("this box takes no commands")
        value = {
            "open": cmds.contactor_open,
            "close": cmds.contactor_close,
            "reset": cmds.alarm_reset,
            "self_test": cmds.self_test,
        }[action]
        if value is None:
            raise ValueError(f"this box has no {action} command")
        box.command(value)
    elif action == "tick":
        box.tick(1.0 if argument is None else argument)
    elif action == "meter":
        if argument is None or argument < 0:
            raise ValueError("meter needs the new reading in kWh")
        box.energy = argument
        box.tick(0.0)


async def handle_line(
    gateway: SimulatedGateway,
    line: str,
    mqtt_boxes: Mapping[int, MqttControlled] | None = None,
) -> dict[str, Any]:
    """Execute one control line against a gateway's boxes and return the JSON reply.

    `mqtt_boxes` (by unit id) are simulated boxes on MQTT that the same line can address.
    """
    words = line.split()
    if len(words) not in (2, 3):
        return {"ok": False, "error": "usage: <unit id|all> <action> [argument]"}
    target, action = words[0], words[1].lower()
    if action not in ACTIONS:
        return {"ok": False, "error": f"unknown action {action!r}; one of {', '.join(ACTIONS)}"}
    argument: float | None = None
    if len(words) == 3:
        try:
            argument = float(words[2])
        except ValueError:
            return {"ok": False, "error": f"argument {words[2]!r} is not a number"}
    mqtt = dict(mqtt_boxes or {})
    mqtt_targets: list[MqttControlled] = []
    if target == "all":
        boxes = list(gateway.boxes.values())
        mqtt_targets = list(mqtt.values())
    elif target.isdigit() and int(target) in gateway.boxes:
        boxes = [gateway.boxes[int(target)]]
    elif target.isdigit() and int(target) in mqtt:
        boxes, mqtt_targets = [], [mqtt[int(target)]]
    else:
        return {"ok": False, "error": f"no box with unit id {target!r}"}
    if action in MQTT_ACTIONS:
        if not mqtt_targets or (boxes and target != "all"):
            return {"ok": False, "error": f"{action} applies to MQTT boxes only"}
        boxes = []
    try:
        for box in boxes:
            _apply(box, action, argument)
        if action not in MQTT_ACTIONS:
            for mbox in mqtt_targets:
                _apply(mbox.box, action, argument)
    except ValueError as err:
        return {"ok": False, "error": str(err)}
    for mbox in mqtt_targets:
        await mbox.controlled(action)
    await gateway.push()
    if action != "status":
        _LOGGER.info("Control: %s", " ".join(words))
    statuses = [box.status() for box in boxes] + [mbox.status() for mbox in mqtt_targets]
    return {"ok": True, "boxes": statuses}


class ControlServer:
    """The control endpoint of a running simulator."""

    def __init__(
        self,
        gateway: SimulatedGateway,
        host: str = "127.0.0.1",
        port: int = 0,
        mqtt_boxes: Mapping[int, MqttControlled] | None = None,
    ) -> None:
        """Nothing listens before `start`."""
        self.gateway = gateway
        self.host = host
        self.port = port
        self.mqtt_boxes = dict(mqtt_boxes or {})
        self._server: asyncio.Server | None = None

    async def start(self) -> int:
        """Listen and return the bound port."""
        self._server = await asyncio.start_server(self._client, self.host, self.port)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self.port

    async def stop(self) -> None:
        """Stop listening and close client connections."""
        if self._server is not None:
            self._server.close()
            self._server.close_clients()
            await self._server.wait_closed()
            self._server = None

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while line := await reader.readline():
                if len(line) > _MAX_LINE:
                    reply: dict[str, Any] = {"ok": False, "error": "line too long"}
                else:
                    reply = await handle_line(
                        self.gateway, line.decode(errors="replace"), self.mqtt_boxes
                    )
                writer.write(json.dumps(reply).encode() + b"\n")
                await writer.drain()
        except _STREAM_ERRORS:
            pass
        finally:
            writer.close()


async def send_control(
    line: str, host: str = "127.0.0.1", port: int = DEFAULT_CONTROL_PORT
) -> dict[str, Any]:
    """Send one control line to a running simulator and return its JSON reply."""
    async with asyncio.timeout(CONTROL_TIMEOUT):
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(line.strip().encode() + b"\n")
            await writer.drain()
            reply: dict[str, Any] = json.loads(await reader.readline())
        finally:
            writer.close()
            await writer.wait_closed()
    return reply


def serve_command(
    port: int,
    control_port: int,
    fleet: Path,
    *,
    host: str = "127.0.0.1",
    wire_baud: int | None = None,
) -> list[str]:
    """Return the command line of a simulator process serving `fleet` (`python -m ... serve`)."""
    command = [sys.executable, "-m", "safe_power_tools.simulator", "serve", "--host", host]
    command += ["--port", str(port), "--control-port", str(control_port), "--fleet", str(fleet)]
    if wire_baud is not None:
        command += ["--wire-baud", str(wire_baud)]
    return command

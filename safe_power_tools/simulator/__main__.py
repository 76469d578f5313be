"""Command line of the box simulator: `serve` a fleet, `ctl` a running one.

Examples:
```
python -m safe_power_tools.simulator serve --port 5020 --control-port 5021
python -m safe_power_tools.simulator ctl 3 overload
python -m safe_power_tools.simulator ctl all status
python -m safe_power_tools.simulator serve --fleet my_fleet.json --mqtt-host 127.0.0.1
```
Boxes whose fleet entry says `"transport": "mqtt"` speak the MQTT contract to the broker given by
`--mqtt-host/--mqtt-port/--mqtt-prefix` instead of Modbus; `ctl` steers them the same way.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
import contextlib
import logging
import signal
import sys
from typing import Any

from custom_components.safe_power.box.bus import SerialBus
from custom_components.safe_power.box.mqtt import DEFAULT_PREFIX
from safe_power_tools.mqtt_common import DEFAULT_PORT as DEFAULT_MQTT_PORT, BrokerConfig

from .control import ACTIONS, DEFAULT_CONTROL_PORT, ControlServer, send_control
from .fleet import FleetError
from .mqtt_box import (
    DEFAULT_STATE_INTERVAL,
    MqttSimulatedBox,
    load_fleet_transports,
    run_mqtt_boxes,
)
from .serial_link import SerialLink, SerialLinkError
from .server import SimulatedGateway

_LOGGER = logging.getLogger("safe_power_tools.simulator")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safe-power-sim",
        description="Simulated Safe Power distribution boxes behind a Modbus TCP gateway.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser(
        "serve",
        help="run a fleet of simulated boxes until Ctrl+C",
        description="Serve a fleet of simulated boxes over Modbus and take control commands.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address the Modbus server binds (default 127.0.0.1)"
    )
    serve.add_argument(
        "--port", type=int, default=5020, help="Modbus TCP port (default 5020; 0: any free port)"
    )
    serve.add_argument(
        "--control-port",
        type=int,
        default=DEFAULT_CONTROL_PORT,
        help=f"control port on 127.0.0.1 for `ctl` (default {DEFAULT_CONTROL_PORT})",
    )
    serve.add_argument(
        "--fleet",
        default="default",
        help="fleet name in safe_power_tools/simulator/fleets/ or path to a fleet JSON file",
    )
    serve.add_argument(
        "--framer",
        choices=("socket", "rtu"),
        default="socket",
        help="socket: Modbus TCP (MBAP header); rtu: RTU frames over TCP (default socket)",
    )
    serve.add_argument(
        "--serial-link",
        metavar="PATH",
        help="also serve the boxes on a virtual serial port at PATH (a socat pty; implies"
        " --framer rtu): a Modbus RTU master opens PATH as it would an RS-485 adapter",
    )
    serve.add_argument(
        "--tick", type=float, default=1.0, help="seconds between physics ticks (default 1)"
    )
    serve.add_argument(
        "--mqtt-host",
        default="127.0.0.1",
        help='broker of the fleet\'s boxes with "transport": "mqtt" (default 127.0.0.1)',
    )
    serve.add_argument(
        "--mqtt-port",
        type=int,
        default=DEFAULT_MQTT_PORT,
        help=f"broker port (default {DEFAULT_MQTT_PORT})",
    )
    serve.add_argument(
        "--mqtt-prefix",
        default=DEFAULT_PREFIX,
        help=f"topic prefix of the MQTT boxes (default {DEFAULT_PREFIX})",
    )
    serve.add_argument(
        "--wire-baud",
        type=int,
        default=None,
        help="emulate the RS-485 bus behind the gateway at this baud rate (8N1): each request"
        " and reply hold it, one at a time, for their RTU wire time (default: no bus)",
    )
    serve.add_argument(
        "--state-interval",
        type=float,
        default=DEFAULT_STATE_INTERVAL,
        help=f"seconds between an MQTT box's states (default {DEFAULT_STATE_INTERVAL:g})",
    )

    ctl = sub.add_parser(
        "ctl",
        help="steer a running simulator",
        description="Send one command to a running `serve` and print the boxes it touched.",
        epilog="actions: " + ", ".join(ACTIONS),
    )
    ctl.add_argument("target", help="unit id of a box, or 'all'")
    ctl.add_argument("action", choices=ACTIONS, metavar="action", help="what to do (see below)")
    ctl.add_argument(
        "argument",
        nargs="?",
        help="seconds for slow and tick, exception code for exception",
    )
    ctl.add_argument("--host", default="127.0.0.1", help="host of the control port")
    ctl.add_argument(
        "--control-port",
        type=int,
        default=DEFAULT_CONTROL_PORT,
        help=f"control port of the running simulator (default {DEFAULT_CONTROL_PORT})",
    )
    return parser


async def serve(
    *,
    host: str,
    port: int,
    control_port: int,
    fleet: str,
    framer: str,
    tick: float,
    mqtt_host: str = "127.0.0.1",
    mqtt_port: int = DEFAULT_MQTT_PORT,
    mqtt_prefix: str = DEFAULT_PREFIX,
    state_interval: float = DEFAULT_STATE_INTERVAL,
    serial_link: str | None = None,
    wire_baud: int | None = None,
) -> None:
    """Run a fleet until SIGINT or SIGTERM."""
    if serial_link:
        framer = "rtu"
    modbus_boxes, mqtt_sims = load_fleet_transports(fleet)
    wire = SerialBus(wire_baud) if wire_baud else None
    gateway = SimulatedGateway(modbus_boxes, host=host, port=port, framer=framer, wire=wire)
    broker = BrokerConfig(host=mqtt_host, port=mqtt_port)
    mqtt_boxes = {
        box.unit_id: MqttSimulatedBox(
            box, broker, prefix=mqtt_prefix, state_interval=state_interval
        )
        for box in mqtt_sims
    }
    bound = await gateway.start() if modbus_boxes else None
    control = ControlServer(gateway, "127.0.0.1", control_port, mqtt_boxes)
    try:
        control_bound = await control.start()
    except BaseException:
        await gateway.stop()
        raise
    if bound is not None:
        _LOGGER.info(
            "Serving %d boxes (unit ids %s) on %s:%d (%s framing)",
            len(gateway.boxes),
            ", ".join(str(u) for u in gateway.boxes),
            host,
            bound,
            framer,
        )
    if mqtt_boxes:
        _LOGGER.info(
            "Serving %d MQTT boxes (unit ids %s) on the broker %s, prefix %s",
            len(mqtt_boxes),
            ", ".join(str(u) for u in mqtt_boxes),
            broker.label,
            mqtt_prefix,
        )
    link = None
    if serial_link and bound is not None:
        link = SerialLink(serial_link, bound)
        try:
            await link.start()
        except BaseException:
            await control.stop()
            await gateway.stop()
            raise
        _LOGGER.info("Serving the same boxes on the virtual serial port %s", serial_link)
    _LOGGER.info("Control on 127.0.0.1:%d", control_bound)
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopped.set)
    runners = [asyncio.create_task(gateway.run(tick))]
    if mqtt_boxes:
        runners.append(asyncio.create_task(run_mqtt_boxes(mqtt_boxes.values(), tick)))
    try:
        await stopped.wait()
    finally:
        for runner in runners:
            runner.cancel()
        for runner in runners:
            with contextlib.suppress(asyncio.CancelledError):
                await runner
        if link is not None:
            await link.stop()
        await control.stop()
        await gateway.stop()
        _LOGGER.info("Stopped")


def format_status(status: dict[str, Any]) -> str:
    """Return one human-readable line for a box's status."""
    v = status["values"]

    def per_phase(prefix: str, unit: str) -> str:
        parts = [f"{v[k]:g}" for p in "abc" if (k := f"{prefix}_{p}") in v]
        return "/".join(parts) + f" {unit}" if parts else "-"

    # A multi-circuit detector: its circuits' leakage and its probes, the ones in alarm marked.
    alarming = set(status.get("channel_alarms", ()))
    channels = "".join(
        f"\n    {label} "
        + "  ".join(
            f"{key.rsplit('_', 1)[1]}:{v[key]:g}{'!' if key in alarming else ''}"
            for key in v
            if key.startswith(prefix) and key.removeprefix(prefix).isdigit()
        )
        + f" {unit}"
        for label, prefix, unit in (
            ("circuits", "leakage_current_", "mA"),
            ("probes  ", "temperature_", "°C"),
        )
        if any(key.startswith(prefix) and key.removeprefix(prefix).isdigit() for key in v)
    )
    mqtt = ""
    if status.get("transport") == "mqtt":
        link = "connected" if status.get("connected") else "disconnected"
        mqtt = f" mqtt={link} mode={status.get('mqtt_fault') or '-'}"
    return (
        f"{status['unit_id']:>3} {status['name'] or status['serial']:<28} "
        f"{status['phases']}P {status['scenario']:<12} fault={status['fault'] or '-':<15} "
        f"contactor={status['contactor']:<6} alarms={','.join(status['alarms']) or '-'}{mqtt}\n"
        f"    V {per_phase('voltage', 'V')}  I {per_phase('current', 'A')}  "
        f"leakage {v.get('leakage_current', '-')} mA  "
        f"cable {per_phase('cable_temperature', '°C')}  box {v.get('box_temperature', '-')} °C  "
        f"P {v.get('active_power', '-')} W  E {v.get('energy', '-')} kWh{channels}"
    )


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")


def _ctl(args: argparse.Namespace) -> int:
    line = f"{args.target} {args.action} {args.argument or ''}"
    try:
        reply = asyncio.run(send_control(line, args.host, args.control_port))
    except (OSError, TimeoutError) as err:
        _say(f"Cannot reach the simulator's control port {args.host}:{args.control_port}: {err}")
        return 2
    if not reply.get("ok"):
        _say(f"Refused: {reply.get('error')}")
        return 1
    for status in reply["boxes"]:
        sys.stdout.write(format_status(status) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "ctl":
        return _ctl(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)  # it logs every timeout as error
    try:
        asyncio.run(
            serve(
                host=args.host,
                port=args.port,
                control_port=args.control_port,
                fleet=args.fleet,
                framer=args.framer,
                tick=args.tick,
                mqtt_host=args.mqtt_host,
                mqtt_port=args.mqtt_port,
                mqtt_prefix=args.mqtt_prefix,
                state_interval=args.state_interval,
                serial_link=args.serial_link,
                wire_baud=args.wire_baud,
            )
        )
    except FleetError as err:
        _say(f"Bad fleet: {err}")
        return 2
    except SerialLinkError as err:
        _say(f"Cannot make the serial port: {err}")
        return 2
    except (OSError, RuntimeError) as err:  # pymodbus raises RuntimeError for a busy port
        _say(f"Cannot listen: {err}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

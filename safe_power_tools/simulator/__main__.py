"""Command line of the box simulator: `serve` a fleet, `ctl` a running one.

Examples:
```
python -m safe_power_tools.simulator serve --port 5020 --control-port 5021
python -m safe_power_tools.simulator ctl 3 overload
python -m safe_power_tools.simulator ctl all status
```
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

from .control import ACTIONS, DEFAULT_CONTROL_PORT, ControlServer, send_control
from .fleet import FleetError, load_fleet
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
        "--tick", type=float, default=1.0, help="seconds between physics ticks (default 1)"
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
    *, host: str, port: int, control_port: int, fleet: str, framer: str, tick: float
) -> None:
    """Run a fleet until SIGINT or SIGTERM."""
    gateway = SimulatedGateway(load_fleet(fleet), host=host, port=port, framer=framer)
    bound = await gateway.start()
    control = ControlServer(gateway, "127.0.0.1", control_port)
    try:
        control_bound = await control.start()
    except BaseException:
        await gateway.stop()
        raise
    _LOGGER.info(
        "Serving %d boxes (unit ids %s) on %s:%d (%s framing); control on 127.0.0.1:%d",
        len(gateway.boxes),
        ", ".join(str(u) for u in gateway.boxes),
        host,
        bound,
        framer,
        control_bound,
    )
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopped.set)
    runner = asyncio.create_task(gateway.run(tick))
    try:
        await stopped.wait()
    finally:
        runner.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await runner
        await control.stop()
        await gateway.stop()
        _LOGGER.info("Stopped")


def format_status(status: dict[str, Any]) -> str:
    """Return one human-readable line for a box's status."""
    v = status["values"]

    def per_phase(prefix: str, unit: str) -> str:
        parts = [f"{v[k]:g}" for p in "abc" if (k := f"{prefix}_{p}") in v]
        return "/".join(parts) + f" {unit}" if parts else "-"

    return (
        f"{status['unit_id']:>3} {status['name'] or status['serial']:<28} "
        f"{status['phases']}P {status['scenario']:<12} fault={status['fault'] or '-':<15} "
        f"contactor={status['contactor']:<6} alarms={','.join(status['alarms']) or '-'}\n"
        f"    V {per_phase('voltage', 'V')}  I {per_phase('current', 'A')}  "
        f"leakage {v.get('leakage_current', '-')} mA  "
        f"cable {per_phase('cable_temperature', '°C')}  box {v.get('box_temperature', '-')} °C  "
        f"P {v.get('active_power', '-')} W  E {v.get('energy', '-')} kWh"
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
            )
        )
    except FleetError as err:
        _say(f"Bad fleet: {err}")
        return 2
    except (OSError, RuntimeError) as err:  # pymodbus raises RuntimeError for a busy port
        _say(f"Cannot listen: {err}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

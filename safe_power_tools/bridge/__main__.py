"""The installer's command: `python -m safe_power_tools.bridge` (or `safe-power-bridge`).

Examples:
```
safe-power-bridge --gateway-host 192.168.1.50 --units 1-32 --mqtt-host broker.local
safe-power-bridge --serial-port /dev/ttyUSB0 --baudrate 9600 --units 1-8 --mqtt-host 127.0.0.1
safe-power-bridge --config /etc/safe-power-bridge.toml
```
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Mapping, Sequence
import logging
import os
from pathlib import Path
import signal
import sys
from typing import Any

from custom_components.safe_power.box.profile import Profile
from safe_power_tools.bridge.bridge import (
    DEFAULT_ALARM_INTERVAL,
    DEFAULT_CLIENT_ID,
    DEFAULT_SETTINGS_INTERVAL,
    DEFAULT_TELEMETRY_INTERVAL,
    Bridge,
    BridgeConfig,
    ConfigError,
    build_config,
    check_profiles,
    load_bridge_profiles,
    parse_units,
    read_config_file,
)

PASSWORD_ENV = "SAFE_POWER_MQTT_PASSWORD"  # noqa: S105  (a variable name, not a password)

EPILOG = f"""\
configuration file (--config, JSON or TOML; flags override it), in TOML:

  profiles = "profiles"            # folder of extra device profiles (relative to this file)

  [gateway]
  host = "192.168.1.50"            # a Modbus TCP gateway ...
  port = 502
  framer = "tcp"                   # tcp (Modbus TCP) or rtu_over_tcp
  # serial_port = "/dev/ttyUSB0"   # ... or a serial RS-485 adapter (instead of host)
  # baudrate = 9600; parity = "N"; stopbits = 1; bytesize = 8
  timeout = 1.0                    # s per request
  units = "1-32"                   # unit ids to scan: "1-32", "1-5,9" or [1, 2, 3]

  [mqtt]
  host = "127.0.0.1"
  port = 1883
  username = "bridge"
  password = "secret"              # or the environment variable {PASSWORD_ENV}
  tls = false                      # true: TLS with the system's CAs, or:
  # ca = "ca.crt"; cert = "client.crt"; key = "client.key"; insecure = false
  client_id = "{DEFAULT_CLIENT_ID}"
  prefix = "safe_power"
  keepalive = 60

  [polling]
  telemetry_interval = {DEFAULT_TELEMETRY_INTERVAL:g}
  alarm_interval = {DEFAULT_ALARM_INTERVAL:g}
  settings_interval = {DEFAULT_SETTINGS_INTERVAL:g}
  rescan_interval = 0              # s; 0: units that did not answer the scan are not asked again

  [[boxes]]                        # optional: boxes to publish even outside the scanned range,
  unit = 3                         # and where each box is
  profile = "safe_power_reference" # optional: skip the profile detection
  location = {{ text = "B2, east shaft, box 3", floor = -2, x = 12.5, y = 4.0 }}
  # location = {{ latitude = 31.23, longitude = 121.47 }}

The same in JSON: {{"gateway": {{"host": ...}}, "mqtt": {{...}}, "polling": {{...}},
"boxes": [{{"unit": 3, "location": {{"text": ...}}}}]}}.

Each box is published under <prefix>/<serial>/config|state|alarm|availability and takes
commands on <prefix>/<serial>/set (docs/mqtt.md). The bridge's own status is retained on
<prefix>/_bridge/<client id>/availability. Stop with Ctrl+C or SIGTERM: every box is then
published offline.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safe-power-bridge",
        description=(
            "Poll the Safe Power boxes behind one Modbus gateway (TCP, RTU over TCP or serial "
            "RS-485) and publish them over MQTT in the Safe Power contract, for Home Assistant."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        argument_default=None,
    )
    parser.add_argument(
        "--config", type=Path, help="JSON or TOML configuration file (flags override it)"
    )

    gw = parser.add_argument_group("Modbus gateway")
    gw.add_argument("--gateway-host", help="host name or address of a Modbus TCP gateway")
    gw.add_argument("--gateway-port", type=int, help="its TCP port (default 502)")
    gw.add_argument(
        "--framer",
        choices=("tcp", "rtu_over_tcp"),
        help="tcp: Modbus TCP (MBAP header); rtu_over_tcp: RTU frames through a plain "
        "serial-to-TCP converter (default tcp)",
    )
    gw.add_argument(
        "--serial-port", help="serial RS-485 adapter (e.g. /dev/ttyUSB0), instead of a host"
    )
    gw.add_argument("--baudrate", type=int, help="serial speed (default 9600)")
    gw.add_argument("--parity", choices=("N", "E", "O"), help="serial parity (default N)")
    gw.add_argument("--stopbits", type=int, choices=(1, 2), help="serial stop bits (default 1)")
    gw.add_argument("--bytesize", type=int, choices=(7, 8), help="serial data bits (default 8)")
    gw.add_argument("--timeout", type=float, help="seconds to wait for a box's answer (default 1)")
    gw.add_argument(
        "--units",
        help='unit ids to scan for boxes: "1-32", "1-5,9,12" (boxes listed in the '
        "configuration file are added)",
    )
    gw.add_argument(
        "--profiles",
        help="folder of extra device profiles (JSON files, as in the integration)",
    )

    mq = parser.add_argument_group("MQTT broker")
    mq.add_argument("--mqtt-host", help="broker host (default 127.0.0.1)")
    mq.add_argument("--mqtt-port", type=int, help="broker port (default 1883)")
    mq.add_argument("--mqtt-username", help="user name")
    mq.add_argument(
        "--mqtt-password",
        help=f"password (better: the environment variable {PASSWORD_ENV} or the file)",
    )
    mq.add_argument(
        "--mqtt-tls",
        action="store_true",
        default=None,
        help="use TLS, checking the broker against the system's CAs (or --mqtt-ca)",
    )
    mq.add_argument("--mqtt-ca", help="CA certificate file of the broker (implies TLS)")
    mq.add_argument("--mqtt-cert", help="client certificate file for mutual TLS")
    mq.add_argument("--mqtt-key", help="private key file of the client certificate")
    mq.add_argument(
        "--mqtt-insecure",
        action="store_true",
        default=None,
        help="do not check the broker certificate's host name (test brokers only)",
    )
    mq.add_argument("--mqtt-keepalive", type=int, help="keep-alive in seconds (default 60)")
    mq.add_argument(
        "--client-id",
        help=f"MQTT client id of the bridge, also its id in topics (default {DEFAULT_CLIENT_ID}); "
        "each box's availability connection uses <client id>-<box id>",
    )
    mq.add_argument("--prefix", help="topic prefix (default safe_power)")

    po = parser.add_argument_group("polling")
    po.add_argument(
        "--telemetry-interval",
        type=float,
        help=f"seconds between telemetry reads (default {DEFAULT_TELEMETRY_INTERVAL:g})",
    )
    po.add_argument(
        "--alarm-interval",
        type=float,
        help=f"seconds between alarm/status reads (default {DEFAULT_ALARM_INTERVAL:g})",
    )
    po.add_argument(
        "--settings-interval",
        type=float,
        help=f"seconds between reads of the thresholds (default {DEFAULT_SETTINGS_INTERVAL:g})",
    )
    po.add_argument(
        "--rescan-interval",
        type=float,
        help="seconds between new attempts at scanned unit ids that did not answer "
        "(default 0: never; each empty unit id costs one timeout on the bus)",
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        help="log level (default INFO)",
    )
    return parser


_SETTINGS = (
    "gateway_host",
    "gateway_port",
    "framer",
    "serial_port",
    "baudrate",
    "parity",
    "stopbits",
    "bytesize",
    "timeout",
    "units",
    "profiles",
    "mqtt_host",
    "mqtt_port",
    "mqtt_username",
    "mqtt_password",
    "mqtt_tls",
    "mqtt_ca",
    "mqtt_cert",
    "mqtt_key",
    "mqtt_insecure",
    "mqtt_keepalive",
    "client_id",
    "prefix",
    "telemetry_interval",
    "alarm_interval",
    "settings_interval",
    "rescan_interval",
)


def config_from_args(args: argparse.Namespace) -> BridgeConfig:
    """Return the bridge configuration: the file's settings overridden by the flags."""
    settings: dict[str, Any] = {}
    if args.config is not None:
        settings.update(read_config_file(args.config))
    if (password := os.environ.get(PASSWORD_ENV)) is not None:
        settings["mqtt_password"] = password
    flags = {key: getattr(args, key) for key in _SETTINGS}
    if flags["units"] is not None:
        flags["units"] = parse_units(flags["units"], "--units")
    settings.update({k: v for k, v in flags.items() if v is not None})
    if flags["serial_port"] is not None:
        settings.pop("gateway_host", None)
    elif flags["gateway_host"] is not None:
        settings.pop("serial_port", None)
    return build_config(settings)


async def run(config: BridgeConfig, profiles: Mapping[str, Profile] | None = None) -> None:
    """Run a bridge until SIGINT or SIGTERM, then stop it cleanly."""
    bridge = Bridge(config, profiles=profiles)
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopped.set)
    await bridge.start()
    try:
        await stopped.wait()
    finally:
        await bridge.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        config = config_from_args(args)
        profiles = load_bridge_profiles(config.profiles_dir)
        check_profiles(config, profiles)
    except ConfigError as err:
        sys.stderr.write(f"Bad configuration: {err}\n")
        return 2
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)  # it logs every timeout as error
    try:
        asyncio.run(run(config, profiles))
    except OSError as err:  # a TLS file that is not a certificate or key, for example
        sys.stderr.write(f"Cannot start: {err}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

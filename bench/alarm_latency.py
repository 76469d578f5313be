"""Benchmark: an alarm at the box → the blueprint's notify action called, in the test harness.

Run from the repository root (it runs itself under pytest, for the Home Assistant harness):

    .venv/bin/python bench/alarm_latency.py [--alarms 200] [--modbus-alarms 10]

MQTT: a box (a real paho client) publishes `/alarm` through a real mosquitto on 127.0.0.1;
Home Assistant runs the leakage blueprint as an automation for that box, with a legacy notify
action as target. Measured: from just before the publish to the moment the notify action is
called (wall clock, `time.perf_counter`), for `--alarms` alarms, each cleared before the next.
Target (DESIGN §6): median ≤ 100 ms.

Modbus: the simulated gateway's box raises its leakage bit; Home Assistant polls the alarm lane
every second (the shortest interval the options allow). Measured the same way; target: the
alarm interval plus one request.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
import json
import os
from pathlib import Path
import random
import shutil
import statistics
import sys
import time

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLUEPRINT = ROOT / "blueprints" / "automation" / "safe_power" / "leakage.yaml"
OPTIONS = {"alarms": 200, "modbus_alarms": 10}
_ENV = "SAFE_POWER_BENCH_OPTIONS"


def main() -> int:
    """Parse the options and run the benchmark under pytest."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alarms", type=int, default=OPTIONS["alarms"])
    parser.add_argument("--modbus-alarms", type=int, default=OPTIONS["modbus_alarms"])
    os.environ[_ENV] = json.dumps(vars(parser.parse_args()))
    return pytest.main(
        [
            str(Path(__file__)),
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(ROOT),
            "-o",
            "python_files=alarm_latency.py",
            "-o",
            "log_level=WARNING",
            "-W",
            "ignore::DeprecationWarning",
        ]
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())


# --- the benchmark, as tests the harness runs ------------------------------------------------

from homeassistant.components.automation import DOMAIN as AUTOMATION  # noqa: E402
from homeassistant.core import HomeAssistant, ServiceCall  # noqa: E402
from homeassistant.helpers import device_registry as dr  # noqa: E402
from homeassistant.setup import async_setup_component  # noqa: E402
from pytest_homeassistant_custom_component.common import MockConfigEntry  # noqa: E402

from custom_components.safe_power.box.model import AlarmCause  # noqa: E402
from custom_components.safe_power.box.mqtt import (  # noqa: E402
    AlarmMessage,
    Topic,
    encode_alarm,
    encode_config,
)
from safe_power_tools.mqtt_common import MosquittoBroker  # noqa: E402
from safe_power_tools.simulator import SimulatedGateway  # noqa: E402
from tests.integration.conftest import (  # noqa: E402
    auto_enable_custom_integrations,  # noqa: F401  # fixtures this module uses
    config_entry,  # noqa: F401
    gateway,  # noqa: F401
    mosquitto,  # noqa: F401
    mqtt_ready,  # noqa: F401
)
from tests.integration.mqtt_helpers import BoxClient, three_phase_config, wait_for  # noqa: E402

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _options() -> dict[str, int]:
    return {**OPTIONS, **json.loads(os.environ.get(_ENV, "{}"))}


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """A writable configuration folder: the automation set-up copies blueprints into it."""
    return hass_tmp_config_dir


async def _automation(hass: HomeAssistant, device_id: str) -> list[float]:
    """Run the leakage blueprint for one box; return the times its notify action is called."""
    dest = Path(hass.config.path("blueprints/automation/safe_power/leakage.yaml"))
    dest.parent.mkdir(parents=True, exist_ok=True)
    await hass.async_add_executor_job(shutil.copy, BLUEPRINT, dest)
    called: list[float] = []

    async def _notify(call: ServiceCall) -> None:
        called.append(time.perf_counter())

    hass.services.async_register("notify", "bench", _notify)
    config = {
        AUTOMATION: [
            {
                "id": "bench",
                "alias": "Leakage",
                "use_blueprint": {
                    "path": "safe_power/leakage.yaml",
                    "input": {
                        "boxes": [device_id],
                        "device_alarm": True,
                        "notify_actions": ["notify.bench"],
                        "persistent": False,
                        "bound_clients": False,
                    },
                },
            }
        ]
    }
    assert await async_setup_component(hass, AUTOMATION, config)
    await hass.async_block_till_done()
    return called


def _report(title: str, latencies: list[float], target: float) -> None:
    ms = sorted(x * 1000 for x in latencies)
    median = statistics.median(ms)
    p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
    verdict = "PASS" if median <= target else "MISS"
    print(f"  {title}: {len(ms)} alarms")
    print(f"    median {median:8.1f} ms   p95 {p95:8.1f} ms   min {ms[0]:.1f}   max {ms[-1]:.1f}")
    print(f"    target: median ≤ {target:.0f} ms: {verdict}")


async def test_mqtt_alarm_latency(
    hass: HomeAssistant, mqtt_ready: MockConfigEntry, mosquitto: MosquittoBroker
) -> None:
    """/alarm published by a box → notify action called by the blueprint."""
    box_id = "LATENCY01"
    entry = MockConfigEntry(
        domain="safe_power",
        title="Latency box",
        unique_id=box_id,
        data={
            "transport": "mqtt",
            "prefix": "safe_power",
            "box_id": box_id,
            "config": encode_config(three_phase_config(box_id=box_id, serial=box_id)),
            "location": "Bench, rack 1",
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    device = dr.async_get(hass).async_get_device_by_identifier(
        (entry.domain, box_id), entry.entry_id
    )
    assert device is not None
    called = await _automation(hass, device.id)

    box = BoxClient(mosquitto.port, three_phase_config(box_id=box_id, serial=box_id))
    await box.start()
    await box.publish(Topic.AVAILABILITY, "online")
    hub = entry.runtime_data
    await wait_for(lambda: hub.data.get(box_id) is not None, "box online")
    latencies: list[float] = []
    try:
        for n in range(_options()["alarms"]):
            before = len(called)
            raised = AlarmMessage(
                time=datetime.now(UTC),
                cause=AlarmCause.LEAKAGE,
                raised=True,
                value=350.0 + n % 50,
                threshold=300.0,
                channel="leakage_current",
            )
            started = time.perf_counter()
            await box.publish(Topic.ALARM, encode_alarm(raised))
            await wait_for(lambda: len(called) > before, "notified")  # noqa: B023
            latencies.append(called[before] - started)
            cleared = AlarmMessage(
                datetime.now(UTC), AlarmCause.LEAKAGE, False, 120.0, 300.0, "leakage_current"
            )
            await box.publish(Topic.ALARM, encode_alarm(cleared))
            # The blueprint sends an all-clear: wait for it, so it is not taken for the next.
            await wait_for(lambda: len(called) > before + 1, "all-clear sent")  # noqa: B023
    finally:
        await box.stop()
    print()
    _report("MQTT /alarm → notify (real mosquitto, leakage blueprint)", latencies, 100)


async def test_modbus_alarm_latency(
    hass: HomeAssistant, gateway: SimulatedGateway, config_entry: MockConfigEntry
) -> None:
    """The detector's leakage bit set → notify action called, with a 1 s alarm lane."""
    config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        config_entry, options={**config_entry.options, "alarm_interval": 1}
    )
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    device = dr.async_get(hass).async_get_device_by_identifier(
        ("safe_power", "SP3P0002"), config_entry.entry_id
    )
    assert device is not None
    called = await _automation(hass, device.id)
    box = gateway.boxes[2]
    box.trip_on_alarm = False
    hub_key = next(
        k for k, info in config_entry.runtime_data.boxes.items() if info.serial == "SP3P0002"
    )
    latencies: list[float] = []
    for _ in range(_options()["modbus_alarms"]):
        await asyncio.sleep(random.uniform(0, 1))  # any phase of the 1 s poll cycle
        before = len(called)
        box.set_scenario("leakage_ramp")
        gateway.tick(60)  # a minute of physics: leakage past its threshold, the bit set
        started = time.perf_counter()
        await gateway.push()
        await wait_for(lambda: len(called) > before, "notified", within=10)  # noqa: B023
        latencies.append(called[before] - started)
        box.set_scenario("recover")
        gateway.tick(box.alarm_hold + 1)  # past the detector's alarm hold time
        await gateway.push()
        hub = config_entry.runtime_data
        await wait_for(
            lambda: not hub.data[hub_key].alarms,  # noqa: B023
            "cleared",
            within=10,
        )
    _report("Modbus alarm bit → notify (1 s alarm lane, simulator on 127.0.0.1)", latencies, 1100)

"""Benchmark: Home Assistant CPU per box telemetry message, Safe Power vs plain MQTT discovery.

Run from the repository root (it runs itself under pytest, for the Home Assistant harness):

    .venv/bin/python bench/mqtt_ingest.py [--boxes 20] [--rounds 150] [--batches 8]

One Home Assistant, one real mosquitto on 127.0.0.1. The same three-phase telemetry reaches it
two ways, for `--boxes` boxes each:

- Safe Power: one MQTT box entry per box, its `/state` message parsed once by the contract's
  parser and fanned out to the box's entities;
- plain MQTT discovery: per box, one `sensor` per measurement and a `binary_sensor` for the
  contactor, each with a JSON value template on the same state message.

Messages are handed to Home Assistant's MQTT client exactly as paho delivers them
(`_async_mqtt_on_message`), so what is measured is Home Assistant's work per message: topic
matching, decoding, parsing or templates, state writes. Both sides alternate in batches and the
process CPU time (`time.process_time`) of each batch is taken; every message changes every value
so no state write is skipped. Printed: CPU µs per message on each side, their ratio (target
≤ 0.5) and the messages per second one core sustains through Safe Power; realistic traffic
twice, first with Safe Power's default for a new installation, the site's "significant changes
only" (box/deadband.py; the plain side still writes every change), then with every change.
"""

from __future__ import annotations

import argparse
from collections import Counter
import cProfile
from dataclasses import replace
import json
import os
from pathlib import Path
import pstats
import random
import statistics
import sys
import time
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
OPTIONS = {"boxes": 20, "rounds": 150, "batches": 8}
_ENV = "SAFE_POWER_BENCH_OPTIONS"
MEASUREMENTS = (
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
    "active_power",
    "frequency",
    "energy",
)


# How a real box's telemetry moves between two messages 15 s apart, at the device's resolution:
# (measurement, start, step, probability that it changes).
_WALK: tuple[tuple[str, float, float, float], ...] = (
    ("voltage_a", 229.0, 0.1, 0.5),
    ("voltage_b", 230.0, 0.1, 0.5),
    ("voltage_c", 231.0, 0.1, 0.5),
    ("current_a", 40.0, 0.01, 0.3),
    ("current_b", 41.0, 0.01, 0.3),
    ("current_c", 42.0, 0.01, 0.3),
    ("leakage_current", 30.0, 1.0, 0.1),
    ("cable_temperature_a", 40.0, 0.1, 0.05),
    ("cable_temperature_b", 41.0, 0.1, 0.05),
    ("cable_temperature_c", 42.0, 0.1, 0.05),
    ("active_power", 27000.0, 10.0, 0.3),
    ("frequency", 49.99, 0.01, 0.2),
    ("energy", 1000.0, 0.01, 0.25),
)


def _messages(
    boxes: int, count: int, *, every_value_changes: bool, energy_from: float = 1000.0
) -> list[list[bytes]]:
    """Per round, one complete state per box: a random walk, or every value moving.

    The energy meters start at `energy_from` (a later run starts above where the one before
    ended: a meter going backwards would be held, and write nothing).
    """
    rng = random.Random(1)
    start = {key: start for key, start, _, _ in _WALK} | {"energy": energy_from}
    current = [dict(start) for _ in range(boxes)]
    rounds: list[list[bytes]] = []
    for round_no in range(count):
        payloads = []
        for values in current:
            for key, _, step, chance in _WALK:
                if every_value_changes or rng.random() < chance:
                    up = key == "energy" or rng.random() < 0.5
                    values[key] = round(values[key] + (step if up else -step), 3)
            doc = {
                "schema": 1,
                "time": "2026-11-21T12:00:00Z",
                "values": values,
                "alarms": [],
                "contactor": "open" if every_value_changes and round_no % 2 else "closed",
            }
            payloads.append(json.dumps(doc, separators=(",", ":")).encode())
        rounds.append(payloads)
    return rounds


def _discovery_configs(box: int) -> list[tuple[str, dict[str, Any]]]:
    """MQTT discovery configs of one box: a templated sensor per measurement, the contactor."""
    state_topic = f"plain/box{box}/state"
    device = {"identifiers": [f"plain{box}"], "name": f"Plain box {box}"}
    configs = [
        (
            f"homeassistant/sensor/plain{box}_{key}/config",
            {
                "name": key,
                "unique_id": f"plain{box}_{key}",
                "state_topic": state_topic,
                "value_template": f"{{{{ value_json['values']['{key}'] }}}}",
                "state_class": "measurement" if key != "energy" else "total_increasing",
                "device": device,
            },
        )
        for key in MEASUREMENTS
    ]
    configs.append(
        (
            f"homeassistant/binary_sensor/plain{box}_contactor/config",
            {
                "name": "contactor",
                "unique_id": f"plain{box}_contactor",
                "state_topic": state_topic,
                "value_template": "{{ value_json.contactor }}",
                "payload_on": "closed",
                "payload_off": "open",
                "device": device,
            },
        )
    )
    return configs


def main() -> int:
    """Parse the options and run the benchmark under pytest."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--boxes", type=int, default=OPTIONS["boxes"])
    parser.add_argument("--rounds", type=int, default=OPTIONS["rounds"])
    parser.add_argument("--batches", type=int, default=OPTIONS["batches"])
    args = parser.parse_args()
    os.environ[_ENV] = json.dumps(vars(args))  # for the copy of this module pytest imports
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
            "python_files=mqtt_ingest.py",
            "-o",
            "log_level=WARNING",
            "-W",
            "ignore::DeprecationWarning",
        ]
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())


# --- the benchmark, as a test the harness runs ----------------------------------------------

from homeassistant.components.mqtt.models import DATA_MQTT  # noqa: E402
from homeassistant.const import EVENT_STATE_CHANGED  # noqa: E402
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback  # noqa: E402
from paho.mqtt.client import MQTTMessage  # noqa: E402
from pytest_homeassistant_custom_component.common import MockConfigEntry  # noqa: E402

from custom_components.safe_power.box.deadband import StateUpdates  # noqa: E402
from custom_components.safe_power.box.mqtt import BoxConfig, encode_config  # noqa: E402
from custom_components.safe_power.panel_settings import async_get_panel_settings  # noqa: E402
from tests.integration.conftest import (  # noqa: E402
    auto_enable_custom_integrations,  # noqa: F401  # fixtures this module uses
    mosquitto,  # noqa: F401
    mqtt_ready,  # noqa: F401
)
from tests.integration.mqtt_helpers import three_phase_config  # noqa: E402

pytestmark = pytest.mark.usefixtures("socket_enabled", "mqtt_ready")


def _config(box_id: str) -> BoxConfig:
    """The reference three-phase box, measuring exactly what the plain side has sensors for."""
    config = three_phase_config(box_id=box_id, serial=box_id)
    return replace(
        config, capabilities=replace(config.capabilities, measurements=frozenset(MEASUREMENTS))
    )


def _message(topic: str, payload: bytes) -> MQTTMessage:
    msg = MQTTMessage(topic=topic.encode())
    msg.payload = payload
    return msg


async def test_mqtt_ingest(hass: HomeAssistant) -> None:
    """Set both sides up, then alternate batches of messages and compare CPU time."""
    options = {**OPTIONS, **json.loads(os.environ.get(_ENV, "{}"))}
    boxes, rounds, batches = options["boxes"], options["rounds"], options["batches"]
    client = hass.data[DATA_MQTT].client
    deliver = client._async_mqtt_on_message  # noqa: SLF001  # what paho calls for a message

    for box in range(boxes):
        box_id = f"BENCH{box:03d}"
        entry = MockConfigEntry(
            domain="safe_power",
            title=f"Bench box {box}",
            unique_id=box_id,
            data={
                "transport": "mqtt",
                "prefix": "safe_power",
                "box_id": box_id,
                "config": encode_config(_config(box_id)),
            },
        )
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        deliver(None, None, _message(f"safe_power/{box_id}/availability", b"online"))
        for topic, config in _discovery_configs(box):
            deliver(None, None, _message(topic, json.dumps(config).encode()))
    await hass.async_block_till_done(wait_background_tasks=True)
    plain = [s for s in hass.states.async_all() if s.entity_id.startswith("sensor.plain_box")]
    if len(plain) != boxes * len(MEASUREMENTS):
        pytest.fail(f"{len(plain)} plain MQTT sensors set up, not {boxes * len(MEASUREMENTS)}")

    def run(side: str, first_round: int) -> float:
        if os.environ.get("BENCH_PROFILE") == side:
            prof = cProfile.Profile()
            prof.enable()
            try:
                return _run(side, first_round)
            finally:
                prof.disable()
                pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
        return _run(side, first_round)

    topics = {
        "sp": [f"safe_power/BENCH{box:03d}/state" for box in range(boxes)],
        "plain": [f"plain/box{box}/state" for box in range(boxes)],
    }

    def _run(side: str, first_round: int) -> float:
        batch = [
            _message(topic, payload)
            for payloads in traffic[first_round : first_round + rounds]
            for topic, payload in zip(topics[side], payloads, strict=True)
        ]
        started = time.process_time()
        for msg in batch:
            deliver(None, None, msg)
        return time.process_time() - started

    # State writes per side, counted once per mode outside the timed batches' figures: what
    # the entities cost Home Assistant is mostly their writes, the same price on both sides.
    writes: Counter[str] = Counter()

    @callback
    def _count_write(event: Event[EventStateChangedData]) -> None:
        entity_id = event.data["entity_id"]
        writes["sp" if "bench_box_" in entity_id else "plain"] += 1

    hass.bus.async_listen(EVENT_STATE_CHANGED, _count_write)
    messages = rounds * boxes
    print()
    print(f"MQTT ingest: {boxes} boxes, {messages} messages per batch and side, {batches} batches")
    settings = async_get_panel_settings(hass)
    for mode, (every_value_changes, updates) in enumerate(
        (
            (False, StateUpdates.SIGNIFICANT),
            (False, StateUpdates.EVERY_CHANGE),
            (True, StateUpdates.EVERY_CHANGE),
        )
    ):
        settings.update(settings.power_users, settings.user_areas, settings.tariff, updates)
        traffic = _messages(
            boxes,
            rounds * (batches + 1),
            every_value_changes=every_value_changes,
            energy_from=1000.0 + 1000.0 * mode,
        )
        per_message: dict[str, list[float]] = {"sp": [], "plain": []}
        writes.clear()
        ratios: list[float] = []
        for batch in range(batches + 1):
            times = {}
            for side in ("sp", "plain") if batch % 2 else ("plain", "sp"):
                times[side] = run(side, batch * rounds)
                await hass.async_block_till_done(wait_background_tasks=True)
            if batch == 0:
                continue  # warm-up: template compilation, first state writes
            for side, spent in times.items():
                per_message[side].append(spent / messages * 1e6)
            ratios.append(times["sp"] / times["plain"])
        sp = statistics.median(per_message["sp"])
        plain_us = statistics.median(per_message["plain"])
        ratio = statistics.median(ratios)
        verdict = "PASS" if ratio <= 0.5 else "MISS"
        entities = len(MEASUREMENTS) + 1
        print(
            "  every value changes in every message (worst case)"
            if every_value_changes
            else "  realistic telemetry (random walk at device resolution)"
            + (
                ", significant changes only (box/deadband.py; a new installation's default)"
                if updates is StateUpdates.SIGNIFICANT
                else ", every change"
            )
        )
        print(f"    Safe Power:      {sp:8.1f} µs CPU per message (median of batches)")
        print(f"    MQTT discovery:  {plain_us:8.1f} µs CPU per message ({entities} templated)")
        print(
            f"    ratio:           {ratio:8.3f}  (per batch {min(ratios):.3f}…{max(ratios):.3f};"
            f" target ≤ 0.5: {verdict})"
        )
        print(f"    one core:        {1e6 / sp:8.0f} Safe Power state messages per second")
        sent = messages * (batches + 1)
        print(
            f"    state writes:    {writes['sp'] / sent:8.2f} per message through Safe Power,"
            f" {writes['plain'] / sent:.2f} through MQTT discovery"
        )
    value = hass.states.get("sensor.bench_box_0_phase_a_current")
    if value is None or float(value.state) <= 30:  # the messages must really have gone through
        pytest.fail(f"Safe Power did not take the messages: {value}")

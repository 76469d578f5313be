"""Property test through Home Assistant: >10,000 generated and mutated payloads on every topic.

Hypothesis generates the payloads (the strategies of `tests/mqtt_payloads.py`); each one is
handed to the live box's message callback exactly as Home Assistant's MQTT client would, and
mutated configs also go through discovery. Asserted after every message: nothing escaped the
callback, every state shown is plausible, a rejected payload changed no state, and no device
or entry was created from an invalid config.
"""

from __future__ import annotations

from collections.abc import Callable
import json
import math
import time

from homeassistant.components.mqtt import ReceiveMessage
from homeassistant.config_entries import SOURCE_MQTT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.service_info.mqtt import MqttServiceInfo
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.safe_power.box.model import QUANTITIES
from custom_components.safe_power.box.mqtt import (
    BoxConfig,
    PayloadError,
    Topic,
    encode_config,
    parse_alarm,
    parse_availability,
    parse_config,
    parse_state,
    topic,
)
from custom_components.safe_power.const import DOMAIN
from tests.mqtt_payloads import BOX, json_values, mutated

from .mqtt_helpers import three_phase_config

pytestmark = pytest.mark.usefixtures("socket_enabled")

PER_TOPIC = {Topic.CONFIG: 2500, Topic.STATE: 3500, Topic.ALARM: 2500, Topic.AVAILABILITY: 1000}
RANDOM_JSON = 1000
DISCOVERY = 1500
PARSERS: dict[Topic, Callable[[bytes], object]] = {
    Topic.CONFIG: lambda p: parse_config(p, BOX),
    Topic.STATE: parse_state,
    Topic.ALARM: parse_alarm,
    Topic.AVAILABILITY: parse_availability,
}
ONOFF = {"on", "off", "unavailable", "unknown"}


def _generate[T](strategy: st.SearchStrategy[T], count: int) -> list[T]:
    """Draw `count` examples (Hypothesis' generate phase, no shrinking, no database)."""
    drawn: list[T] = []

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: T) -> None:
        drawn.append(value)

    collect()
    return drawn


def _raw(payload: bytes | str) -> bytes:
    return payload if isinstance(payload, bytes) else payload.encode("utf-8", "surrogatepass")


def _accepted(kind: Topic, payload: bytes) -> bool:
    try:
        PARSERS[kind](payload)
    except PayloadError:
        return False
    return True


def _devices(hass: HomeAssistant) -> list[str]:
    """Return the ids of the integration's devices."""
    return [d.id for d in dr.async_get(hass).devices if any(i[0] == DOMAIN for i in d.identifiers)]


def _snapshot(hass: HomeAssistant) -> dict[str, str]:
    return {s.entity_id: s.state for s in hass.states.async_all() if "fuzz_box" in s.entity_id}


def _check_plausible(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Every value shown is a plausible measurement; every alarm is on, off or unknown."""
    data = entry.runtime_data.data.get(BOX)
    if data is not None:
        for key, value in data.values.items():
            assert QUANTITIES[key].accept(value), (key, value)
    for state in hass.states.async_all("binary_sensor"):
        assert state.state in ONOFF
    for state in hass.states.async_all("sensor"):
        if state.state in ("unknown", "unavailable") or state.entity_id.endswith("_location"):
            continue
        assert math.isfinite(float(state.state)), state


@pytest.fixture
def fuzz_config() -> BoxConfig:
    """The box every generated payload is aimed at (the strategies use this box id)."""
    return three_phase_config(box_id=BOX, serial=BOX)


@pytest.fixture
async def fuzz_entry(
    hass: HomeAssistant, mqtt_ready: MockConfigEntry, fuzz_config: BoxConfig
) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Fuzz box",
        unique_id=BOX,
        data={
            "transport": "mqtt",
            "prefix": "safe_power",
            "box_id": BOX,
            "config": encode_config(fuzz_config),
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def test_generated_payloads_on_every_topic(
    hass: HomeAssistant, fuzz_entry: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = fuzz_entry.runtime_data
    new_configs: list[BoxConfig] = []
    # A valid new config reloads the entry; here it is only recorded (and must be valid).
    monkeypatch.setattr(hub, "on_new_config", new_configs.append)
    handlers = hub.handlers
    sent = rejected = 0
    started = time.monotonic()
    batches: list[tuple[Topic, list[bytes]]] = [
        (kind, [_raw(p) for p in _generate(mutated(kind), count)])
        for kind, count in PER_TOPIC.items()
        if kind is not Topic.AVAILABILITY
    ]
    availability = _generate(
        st.sampled_from([b"online", b"offline", b" online\n"])
        | st.binary(max_size=40)
        | st.text(max_size=20).map(_raw),
        PER_TOPIC[Topic.AVAILABILITY],
    )
    batches.append((Topic.AVAILABILITY, availability))
    random_json = [_raw(json.dumps(v)) for v in _generate(json_values, RANDOM_JSON)]
    batches.extend((kind, random_json[i::3]) for i, kind in enumerate(PARSERS) if i < 3)

    devices_before = _devices(hass)
    for kind, payloads in batches:
        subject = topic("safe_power", BOX, kind)
        for payload in payloads:
            before = _snapshot(hass)
            handlers[kind](ReceiveMessage(subject, payload, 0, False, subject, time.time()))
            await hass.async_block_till_done()
            sent += 1
            if not _accepted(kind, payload):
                rejected += 1
                assert _snapshot(hass) == before, (kind, payload[:200])
            _check_plausible(hass, fuzz_entry)
    assert sent >= 10_000
    assert rejected > sent // 4  # most mutations must be invalid, or the test proves little
    for config in new_configs:
        assert config.identity.serial == BOX
    assert _devices(hass) == devices_before
    assert hass.config_entries.async_entries(DOMAIN) == [fuzz_entry]
    print(f"{sent} payloads, {rejected} rejected, {time.monotonic() - started:.1f} s")  # noqa: T201


async def test_generated_configs_through_discovery(
    hass: HomeAssistant, mqtt_ready: MockConfigEntry
) -> None:
    """Only a valid config is ever offered; nothing is created without the user."""
    offered = 0
    for payload in (_raw(p) for p in _generate(mutated(Topic.CONFIG), DISCOVERY)):
        info = MqttServiceInfo(
            topic=f"safe_power/{BOX}/config",
            payload=payload,
            qos=1,
            retain=True,
            subscribed_topic="safe_power/+/config",
            timestamp=time.time(),
        )
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_MQTT}, data=info
        )
        if _accepted(Topic.CONFIG, payload) and payload:
            assert result["type"] is FlowResultType.FORM, result
            offered += 1
            hass.config_entries.flow.async_abort(result["flow_id"])
        else:
            assert result["type"] is FlowResultType.ABORT
            assert result["reason"] == "invalid_discovery_info"
    assert offered > 0
    assert not hass.config_entries.async_entries(DOMAIN)
    assert _devices(hass) == []

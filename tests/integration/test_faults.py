"""Faults on the wire: every box but the faulty one keeps updating; nothing raises."""

from __future__ import annotations

import itertools
import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.safe_power.const import CONF_OFFLINE_AFTER, DEFAULT_OFFLINE_AFTER
from safe_power_tools.simulator import SimulatedBox, SimulatedGateway

from .conftest import TIMEOUT, advance

pytestmark = pytest.mark.usefixtures("socket_enabled")

KITCHEN = "sensor.kitchen_box_phase_a_voltage"
KITCHEN_ONLINE = "binary_sensor.kitchen_box_connectivity"
KITCHEN_LOG = "event.kitchen_box_alarm_log"
SHAFT = "sensor.b2_east_shaft_box_3_phase_a_voltage"
_STEP = itertools.count(1)


async def _until_offline(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Run the alarm-lane polls a faulty box needs to fail before it counts as offline."""
    for _ in range(DEFAULT_OFFLINE_AFTER):
        await advance(hass, freezer, 2)


def _kitchen_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """The integration's log records about the kitchen box (unit 1)."""
    return [
        r
        for r in caplog.records
        if r.name.startswith("custom_components.safe_power")
        and "Kitchen box (unit 1)" in r.getMessage()
    ]


async def _new_voltage(hass: HomeAssistant, gateway: SimulatedGateway, unit: int) -> float:
    """Give a box a new, recognisable phase A voltage and push it to the wire."""
    value = 205.0 + next(_STEP) / 10
    gateway.boxes[unit].values["voltage_a"] = value
    await gateway.push_box(unit)
    return value


# Connectivity, which these tests watch, is disabled by default.
@pytest.mark.usefixtures("every_change", "entity_registry_enabled_by_default")  # 0.1 V a poll
@pytest.mark.parametrize(
    ("fault", "kwargs"),
    [
        ("offline", {}),  # no answer: timeout
        ("slow", {"delay": TIMEOUT * 3}),  # answers, but too late
        ("exception", {"code": 4}),  # device failure
        ("exception", {"code": 11}),  # gateway: target device failed to respond
    ],
)
async def test_faulty_box_goes_unavailable_others_keep_updating(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    fault: str,
    kwargs: dict[str, float],
) -> None:
    caplog.set_level(logging.INFO, "pymodbus")  # as Home Assistant's default log level has it
    gateway.boxes[1].set_fault(fault, **kwargs)
    await _until_offline(hass, freezer)
    assert hass.states.get(KITCHEN).state == STATE_UNAVAILABLE
    assert hass.states.get(KITCHEN_ONLINE).state == "off"
    # The other box still updates at every telemetry poll while the faulty one backs off.
    for _ in range(4):
        expected = await _new_voltage(hass, gateway, 2)
        await advance(hass, freezer, 15)
        assert float(hass.states.get(SHAFT).state) == expected
    assert hass.states.get(KITCHEN).state == STATE_UNAVAILABLE
    # One log line when it went, none per cycle.
    assert caplog.text.count("Box Kitchen box (unit 1) is unavailable") == 1

    gateway.boxes[1].set_fault(None)
    expected = await _new_voltage(hass, gateway, 1)
    await advance(hass, freezer, 300)  # the longest back-off
    await advance(hass, freezer, 15)
    assert float(hass.states.get(KITCHEN).state) == expected
    assert hass.states.get(KITCHEN_ONLINE).state == "on"
    assert caplog.text.count("Box Kitchen box (unit 1) is back online") == 1
    # At info (the quality scale's log-when-unavailable): going and coming back are expected.
    assert {r.levelname for r in _kitchen_records(caplog)} == {"INFO"}
    # Nothing from pymodbus per request it retried or gave up on.
    chatter = [r for r in caplog.records if r.name.startswith("pymodbus")]
    assert [r.getMessage() for r in chatter if r.levelno >= logging.WARNING] == []


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_one_lost_reply_is_not_offline(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A box that misses one reply stays available, keeps its reading and logs nothing."""
    caplog.set_level(logging.DEBUG, "custom_components.safe_power")
    shown = hass.states.get(KITCHEN).state
    changes = async_capture_events(hass, "state_changed")
    gateway.boxes[1].set_fault("offline")
    asked = gateway.requests[1]
    await advance(hass, freezer, 2)
    assert gateway.requests[1] > asked  # the reply really was missed
    assert hass.states.get(KITCHEN).state == shown
    assert hass.states.get(KITCHEN_ONLINE).state == "on"
    coordinator = setup_integration.runtime_data
    sid = next(s for s, box in coordinator.boxes.items() if box.serial == "SP1P0001")
    assert coordinator.data[sid].online
    assert coordinator.data[sid].last_error  # why the last poll failed

    gateway.boxes[1].set_fault(None)
    expected = await _new_voltage(hass, gateway, 1)
    await advance(hass, freezer, 2)  # asked again at once: no back-off
    await advance(hass, freezer, 15)
    assert float(hass.states.get(KITCHEN).state) == expected
    assert hass.states.get(KITCHEN_ONLINE).state == "on"
    assert coordinator.data[sid].last_error is None
    assert _kitchen_records(caplog) == []
    # No offline alarm in the alarm log either.
    assert not [c for c in changes if c.data["entity_id"] == KITCHEN_LOG]


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_three_lost_replies_make_the_box_unavailable(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    gateway.boxes[1].set_fault("offline")
    await advance(hass, freezer, 2)
    assert hass.states.get(KITCHEN_ONLINE).state == "on"
    await advance(hass, freezer, 2)
    await advance(hass, freezer, 2)
    assert DEFAULT_OFFLINE_AFTER == 3
    assert hass.states.get(KITCHEN).state == STATE_UNAVAILABLE
    assert hass.states.get(KITCHEN_ONLINE).state == "off"
    records = _kitchen_records(caplog)
    assert [r.levelname for r in records] == ["INFO"]
    assert (
        records[0]
        .getMessage()
        .startswith("Box Kitchen box (unit 1) is unavailable: Modbus Error: ")
    )
    assert records[0].getMessage().endswith("; asking again in 10 s")


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_offline_after_is_an_option(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    config_entry: MockConfigEntry,
) -> None:
    """An installer with a clean bus may want a box offline at its first lost reply."""
    config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        config_entry, options={**config_entry.options, CONF_OFFLINE_AFTER: 1}
    )
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert config_entry.runtime_data.poller.offline_after_failures == 1
    gateway.boxes[1].set_fault("offline")
    await advance(hass, freezer, 2)
    assert hass.states.get(KITCHEN_ONLINE).state == "off"


async def test_dead_box_costs_one_timeout_per_back_off_period(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    gateway.boxes[1].set_fault("offline")
    before_dead = gateway.requests[1]
    await _until_offline(hass, freezer)
    # A lost reply is asked again at the next poll: three timeouts once (three polls) ...
    assert gateway.requests[1] - before_dead == DEFAULT_OFFLINE_AFTER
    assert hass.states.get(KITCHEN).state == STATE_UNAVAILABLE
    before_dead, before_alive = gateway.requests[1], gateway.requests[2]
    for _ in range(60):  # two minutes of alarm-lane cycles
        await advance(hass, freezer, 2)
    asked_dead = gateway.requests[1] - before_dead
    asked_alive = gateway.requests[2] - before_alive
    assert asked_alive >= 60  # every cycle
    # ... then back-off 10 s, 20 s, 40 s, 80 s: at most 4 attempts in two minutes, not 60.
    assert 1 <= asked_dead <= 4


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_gateway_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await gateway.stop()
    await advance(hass, freezer, 2)
    assert hass.states.get(KITCHEN).state == STATE_UNAVAILABLE
    assert hass.states.get(SHAFT).state == STATE_UNAVAILABLE
    assert hass.states.get("binary_sensor.kitchen_box_connectivity").state == "off"
    await advance(hass, freezer, 2)
    await advance(hass, freezer, 2)
    logged = [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and "Cannot connect to gateway" in r.getMessage()
    ]
    assert len(logged) == 1  # the coordinator logs once, not per cycle

    await gateway.start()  # same port
    expected = await _new_voltage(hass, gateway, 2)
    await advance(hass, freezer, 15)
    assert float(hass.states.get(SHAFT).state) == expected
    assert hass.states.get(KITCHEN).state != STATE_UNAVAILABLE


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_implausible_values_are_not_shown(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    shaft = gateway.boxes[2]
    shaft.set_fault("garbage")  # markers, a 3000 °C cable, -300 °C box, 4 MA on phase B ...
    gateway.tick(1)
    await gateway.push()
    for _ in range(3):
        await advance(hass, freezer, 15)
    for entity_id in (
        "sensor.b2_east_shaft_box_3_box_temperature",
        "sensor.b2_east_shaft_box_3_phase_b_current",
        "sensor.b2_east_shaft_box_3_power_factor",
    ):
        assert hass.states.get(entity_id).state == STATE_UNKNOWN, entity_id
    # Nothing alarms from a decoding error, and the box itself stays available.
    assert hass.states.get("binary_sensor.b2_east_shaft_box_3_overcurrent").state == "off"
    assert hass.states.get("binary_sensor.b2_east_shaft_box_3_connectivity").state == "on"
    assert caplog.text.count("sent implausible values") == 1


async def test_not_present_measurements_start_disabled_and_come_back(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, socket_enabled: None
) -> None:
    """A box without neutral sensors reports 'not present': its neutral entities start
    disabled; fitted later, they are enabled and show their values without a manual reload."""
    from .conftest import box_subentry  # noqa: PLC0415

    sim = SimulatedGateway(
        [SimulatedBox(unit_id=7, serial="SP3N0007", phases=3, has_neutral_sensors=False)]
    )
    await sim.start()
    try:
        entry = MockConfigEntry(
            domain="safe_power",
            data={"transport": "tcp", "host": "127.0.0.1", "port": sim.port, "timeout": TIMEOUT},
            subentries_data=[box_subentry(sim.boxes[7], "No neutral")],
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        registry = er.async_get(hass)
        assert hass.states.get("sensor.no_neutral_phase_c_current") is not None
        for entity_id in (
            "sensor.no_neutral_neutral_current",
            "sensor.no_neutral_neutral_cable_temperature",
        ):
            registered = registry.async_get(entity_id)
            assert registered is not None  # the profile has it
            assert registered.disabled_by is er.RegistryEntryDisabler.INTEGRATION
            assert hass.states.get(entity_id) is None

        sim.boxes[7].has_neutral_sensors = True  # fitted
        sim.tick(1)
        await sim.push()
        await advance(hass, freezer, 15)
        await hass.async_block_till_done(wait_background_tasks=True)
        await advance(hass, freezer, 15)
        assert registry.async_get("sensor.no_neutral_neutral_current").disabled_by is None
        state = hass.states.get("sensor.no_neutral_neutral_current")
        assert state is not None
        assert float(state.state) >= 0
        assert await hass.config_entries.async_unload(entry.entry_id)
    finally:
        await sim.stop()

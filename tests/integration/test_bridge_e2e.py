"""End to end: simulated Modbus boxes → the bridge → mosquitto → Home Assistant, and back."""

from __future__ import annotations

from collections.abc import AsyncIterator

from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.safe_power.box.modbus import GatewayConfig, Transport
from custom_components.safe_power.const import DOMAIN
from safe_power_tools.bridge.bridge import Bridge, BridgeConfig
from safe_power_tools.mqtt_common import BrokerConfig, MosquittoBroker
from safe_power_tools.simulator import SimulatedGateway

from .conftest import TIMEOUT
from .mqtt_helpers import wait_for

pytestmark = pytest.mark.usefixtures("socket_enabled")

THREE = "SP3P0002"  # the three-phase box at unit 2; the bridge names it by its serial


@pytest.fixture
async def bridge(gateway: SimulatedGateway, mosquitto: MosquittoBroker) -> AsyncIterator[Bridge]:
    """The bridge on the simulated gateway, publishing to the real broker every second."""
    running = Bridge(
        BridgeConfig(
            gateway=GatewayConfig(
                Transport.TCP, host="127.0.0.1", port=gateway.port, timeout=TIMEOUT
            ),
            broker=BrokerConfig(port=mosquitto.port),
            units=(1, 2),
            telemetry_interval=1.0,
            alarm_interval=0.5,
        )
    )
    await running.start()
    yield running
    await running.stop()


async def test_modbus_box_through_the_bridge(
    hass: HomeAssistant,
    mqtt_ready: MockConfigEntry,
    gateway: SimulatedGateway,
    bridge: Bridge,
) -> None:
    # Both boxes are offered under Discovered; add the three-phase one.
    flows = await wait_for(
        lambda: (
            (f := hass.config_entries.flow.async_progress_by_handler(DOMAIN)) and len(f) == 2 and f
        ),
        "both bridged boxes discovered",
    )
    flow = next(f for f in flows if f["context"]["unique_id"] == THREE)
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"name": "Shaft box", "location": "B2 east shaft"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].data["box_id"] == THREE

    # Telemetry: what the simulator serves over Modbus is what Home Assistant shows.
    box = gateway.boxes[2]
    current = "sensor.shaft_box_phase_b_current"
    await wait_for(
        lambda: (
            (s := hass.states.get(current)) is not None
            and s.state not in ("unknown", "unavailable")
        ),
        "bridged telemetry shown",
    )
    await wait_for(
        lambda: (
            float(hass.states.get(current).state)
            == pytest.approx(box.values["current_b"], abs=0.01)
        ),
        "the simulator's phase B current",
    )
    switch = "switch.shaft_box_contactor"
    assert hass.states.get(switch).state == STATE_ON

    # Power off in Home Assistant: /set → bridge → Modbus write → read-back → acknowledged state.
    await hass.services.async_call(DOMAIN, "power_off", {"entity_id": switch}, blocking=True)
    assert hass.states.get(switch).state == STATE_OFF
    assert box.contactor_closed is False
    await hass.services.async_call(DOMAIN, "power_on", {"entity_id": switch}, blocking=True)
    assert hass.states.get(switch).state == STATE_ON
    assert box.contactor_closed is True

    # An alarm on the Modbus box reaches the alarm log through the bridge.
    box.trip_on_alarm = False
    box.set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    await wait_for(
        lambda: hass.states.get("binary_sensor.shaft_box_overcurrent").state == STATE_ON,
        "overcurrent alarm through the bridge",
    )
    log = hass.states.get("event.shaft_box_alarm_log")
    assert log.attributes["cause"] == "overcurrent"
    assert log.attributes["location"] == "B2 east shaft"

"""Correlation, diagnosis and power actions against two neighbouring simulated boxes."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.safe_power.const import (
    CONF_ALARM_INTERVAL,
    CONF_FLOOR,
    CONF_LOCATION,
    CONF_NOTIFY_TARGETS,
    CONF_TELEMETRY_INTERVAL,
    CONF_TIMEOUT,
    CONF_TRANSPORT,
    CONF_X,
    CONF_Y,
    DEFAULT_OFFLINE_AFTER,
    DOMAIN,
)
from safe_power_tools.simulator import SimulatedGateway

from .conftest import TIMEOUT, advance, box_subentry

pytestmark = pytest.mark.usefixtures("socket_enabled")

KITCHEN, SHAFT = "SP1P0001", "SP3P0002"


@pytest.fixture
def config_entry(gateway: SimulatedGateway) -> MockConfigEntry:
    """Both boxes on floor -2 of one building, 2.5 m apart; the kitchen box has a client."""
    one, three = gateway.boxes[1], gateway.boxes[2]
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"127.0.0.1:{gateway.port}",
        data={
            CONF_TRANSPORT: "tcp",
            "host": "127.0.0.1",
            "port": gateway.port,
            CONF_TIMEOUT: TIMEOUT,
        },
        options={CONF_TELEMETRY_INTERVAL: 15, CONF_ALARM_INTERVAL: 2},
        subentries_data=[
            box_subentry(
                one,
                "Kitchen box",
                **{
                    CONF_LOCATION: "B2, kitchen wall",
                    CONF_X: 10.0,
                    CONF_Y: 40.0,
                    CONF_FLOOR: -2,
                    CONF_NOTIFY_TARGETS: ["notify.mobile_app_chef"],
                },
            ),
            box_subentry(
                three,
                "B2 east shaft box 3",
                **{CONF_LOCATION: "B2, east shaft", CONF_X: 12.5, CONF_Y: 40.0, CONF_FLOOR: -2},
            ),
        ],
    )


def _device(hass: HomeAssistant, entry: MockConfigEntry, serial: str) -> str:
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, serial), entry.entry_id)
    assert device is not None
    return device.id


async def _call(hass: HomeAssistant, service: str, **data: object) -> dict[str, object]:
    response = await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=True
    )
    assert response is not None
    return dict(response)


async def test_neighbour_alarms_and_diagnosis(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    entry = setup_integration
    shaft, kitchen = _device(hass, entry, SHAFT), _device(hass, entry, KITCHEN)
    for box in gateway.boxes.values():
        box.trip_on_alarm = False
        box.set_scenario("leakage_ramp")
    for _ in range(60):
        gateway.tick(1)
    await gateway.push()
    await advance(hass, freezer, 2)
    assert hass.states.get("binary_sensor.b2_east_shaft_box_3_leakage").state == STATE_ON

    found = await _call(hass, "neighbour_alarms", device_id=shaft)
    assert found["cause"] == "leakage"
    assert found["box"]["name"] == "B2 east shaft box 3"  # type: ignore[index]
    assert found["count"] == 1
    neighbour = found["neighbours"][0]  # type: ignore[index]
    assert neighbour["device_id"] == kitchen
    assert neighbour["name"] == "Kitchen box"
    assert neighbour["location"] == "B2, kitchen wall"
    assert neighbour["distance"] == 2.5
    assert neighbour["value"] > 300
    assert neighbour["unit"] == "mA"

    # 2 m is not enough; another cause finds nobody.
    assert (await _call(hass, "neighbour_alarms", device_id=shaft, distance=2))["count"] == 0
    found = await _call(hass, "neighbour_alarms", device_id=shaft, cause="overcurrent")
    assert found["count"] == 0

    diagnosis = await _call(hass, "diagnose", device_id=shaft)
    assert diagnosis["cause"] == "leakage"
    for item in diagnosis["diagnoses"]:  # type: ignore[attr-defined]
        assert set(item) == {"rule", "confidence", "en", "zh"}
        assert 0 < item["confidence"] <= 1
    log = hass.states.get("event.b2_east_shaft_box_3_alarm_log")
    assert isinstance(log.attributes["diagnosis"], list)
    assert log.attributes["device_id"] == shaft


async def test_offline_neighbours_and_offline_after_alarm(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    entry = setup_integration
    shaft, kitchen = _device(hass, entry, SHAFT), _device(hass, entry, KITCHEN)

    # The shaft box overloads, trips, and a few seconds later stops answering.
    gateway.boxes[2].set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    await advance(hass, freezer, 2)
    gateway.boxes[2].set_fault("offline")
    for _ in range(DEFAULT_OFFLINE_AFTER):  # failed polls before a box counts as offline
        await advance(hass, freezer, 2)

    after = await _call(hass, "offline_after_alarm", device_id=shaft)
    assert after["after_alarm"] is True
    assert after["alarm"]["cause"] == "overcurrent"  # type: ignore[index]
    assert 0 <= after["gap"] <= 300  # type: ignore[operator]
    assert (await _call(hass, "offline_after_alarm", device_id=shaft, window=0))[
        "after_alarm"
    ] is False

    alone = await _call(hass, "offline_neighbours", device_id=shaft)
    assert alone["count_offline"] == 0
    assert [(n["device_id"], n["notify_targets"]) for n in alone["online"]] == [  # type: ignore[attr-defined]
        (kitchen, ["notify.mobile_app_chef"])
    ]

    # The power cut reaches the kitchen box too: an area outage, nobody left to warn.
    gateway.boxes[1].set_fault("offline")
    for _ in range(DEFAULT_OFFLINE_AFTER):
        await advance(hass, freezer, 2)
    together = await _call(hass, "offline_neighbours", device_id=shaft)
    assert together["count_offline"] == 1
    assert together["offline"][0]["device_id"] == kitchen  # type: ignore[index]
    assert together["online"] == []
    rules = [d["rule"] for d in (await _call(hass, "diagnose", device_id=shaft))["diagnoses"]]  # type: ignore[attr-defined]
    assert rules  # offline together with a neighbour, right after an overload: explained


async def test_power_actions_by_device(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    setup_integration: MockConfigEntry,
) -> None:
    entry = setup_integration
    shaft, kitchen = _device(hass, entry, SHAFT), _device(hass, entry, KITCHEN)
    response = await _call(hass, "power_off", device_id=[shaft, kitchen])
    assert response["contactor"] == "open"
    assert {b["device_id"] for b in response["boxes"]} == {shaft, kitchen}  # type: ignore[attr-defined]
    assert hass.states.get("switch.kitchen_box_contactor").state == STATE_OFF
    assert gateway.boxes[1].contactor_closed is False
    await _call(hass, "power_on", device_id=kitchen)
    assert gateway.boxes[1].contactor_closed is True

    # An offline box is refused with a clear error (an entity action would skip it silently).
    gateway.boxes[1].set_fault("offline")
    for _ in range(DEFAULT_OFFLINE_AFTER):
        await advance(hass, freezer, 2)
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "power_off", device_id=kitchen)
    assert err.value.translation_key == "box_offline"
    # With several boxes, the others are still switched and the failure is reported.
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "power_on", device_id=[kitchen, shaft])
    assert err.value.translation_key == "some_boxes_failed"
    assert gateway.boxes[2].contactor_closed is True

    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "diagnose", device_id="not-a-box")
    assert err.value.translation_key == "unknown_box"

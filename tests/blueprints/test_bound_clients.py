"""Bound clients that are notify entities: title and message through notify.send_message.

A box's bound clients (`notify_targets`) may name legacy notify actions (notify.mobile_app_x,
called as an action, with the buttons) or notify entities (notify.send_message with the entity
as target: title and message, no buttons). Here a real `NotifyEntity` of a test integration is
bound next to a notify action; what it receives is what its `async_send_message` was given.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.notify import NotifyEntity, NotifyEntityFeature
from homeassistant.config_entries import ConfigEntry, ConfigFlow
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    mock_config_flow,
    mock_integration,
    mock_platform,
    setup_test_component_platform,
)

from custom_components.safe_power.const import DEFAULT_OFFLINE_AFTER
from safe_power_tools.simulator import SimulatedGateway

from .conftest import (
    BOILER,
    BOILER_CLIENT,
    KITCHEN,
    KITCHEN_CLIENT,
    SHAFT,
    SHAFT_CLIENT,
    Notifications,
    Site,
    actions_of,
    step,
    tap,
    titles,
    use_blueprint,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")

KITCHEN_GROUP = "notify.kitchen_electricians"  # bound to the kitchen box
BOILER_GROUP = "notify.boiler_room_caretakers"  # bound to the boiler room box


class RecordingNotifyEntity(NotifyEntity):
    """A notify entity that keeps what it was asked to send."""

    _attr_supported_features = NotifyEntityFeature.TITLE

    def __init__(self, entity_id: str) -> None:
        """Name the entity."""
        self.entity_id = entity_id
        self._attr_unique_id = entity_id
        self.sent: list[tuple[str | None, str]] = []  # (title, message)

    async def async_send_message(self, message: str, title: str | None = None) -> None:
        """Record a message."""
        self.sent.append((title, message))


@pytest.fixture
def bound_clients() -> dict[str, list[str]]:
    """The kitchen and boiler room boxes have a notify entity bound next to a notify action."""
    return {
        KITCHEN: [f"notify.{KITCHEN_CLIENT}", KITCHEN_GROUP],
        SHAFT: [f"notify.{SHAFT_CLIENT}"],
        BOILER: [f"notify.{BOILER_CLIENT}", BOILER_GROUP],
    }


class _Flow(ConfigFlow):
    """The test integration's config flow (an entry needs a flow handler)."""

    VERSION = 1


@pytest.fixture
async def groups(hass: HomeAssistant) -> AsyncIterator[dict[str, RecordingNotifyEntity]]:
    """The two notify entities, set up from a config entry of a test integration."""
    entities = {eid: RecordingNotifyEntity(eid) for eid in (KITCHEN_GROUP, BOILER_GROUP)}

    async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        await hass.config_entries.async_forward_entry_setups(entry, [Platform.NOTIFY])
        return True

    async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        return await hass.config_entries.async_unload_platforms(entry, [Platform.NOTIFY])

    mock_integration(
        hass,
        MockModule(
            "test", async_setup_entry=async_setup_entry, async_unload_entry=async_unload_entry
        ),
    )
    mock_platform(hass, "test.config_flow")
    setup_test_component_platform(
        hass, Platform.NOTIFY, list(entities.values()), from_config_entry=True
    )
    with mock_config_flow("test", _Flow):
        entry = MockConfigEntry(domain="test")
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        for entity_id in entities:
            assert hass.states.get(entity_id) is not None
        yield entities


async def _overload_kitchen(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, gateway: SimulatedGateway
) -> None:
    """The kitchen box's detector reports an overload; the alarm lane reads it."""
    gateway.boxes[1].set_scenario("overload")
    gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)


async def test_detector_alarm_reaches_a_bound_notify_entity(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
    groups: dict[str, RecordingNotifyEntity],
) -> None:
    await use_blueprint(hass, "overload", {"mobile_devices": [phone]})
    await _overload_kitchen(hass, freezer, gateway)

    [call] = notify.phone
    assert call.data["title"] == "⚠️ Overload · Kitchen box"
    # The bound notify action: the same notification with the same buttons.
    assert titles(notify.kitchen_client) == [call.data["title"]]
    assert actions_of(notify.kitchen_client[0]) == actions_of(call)
    # The bound notify entity: the same title and message, through its async_send_message.
    assert groups[KITCHEN_GROUP].sent == [(call.data["title"], call.data["message"])]
    assert groups[BOILER_GROUP].sent == []  # bound to another box

    # Who heard the alarm hears the follow-ups: acknowledged, then the all-clear.
    await tap(hass, actions_of(call)["Acknowledge"], device_name="Duty phone")
    gateway.boxes[1].set_scenario("recover")
    for _ in range(6):
        gateway.tick(1)
    await gateway.push()
    await step(hass, freezer, 2)
    assert [title for title, _ in groups[KITCHEN_GROUP].sent] == [
        "⚠️ Overload · Kitchen box",
        "✅ Acknowledged by Duty phone · Kitchen box",
        "✅ All clear · Kitchen box",
    ]
    assert groups[KITCHEN_GROUP].sent[-1] == (
        notify.phone[-1].data["title"],
        notify.phone[-1].data["message"],
    )


async def test_bound_clients_off_leaves_them_out(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
    groups: dict[str, RecordingNotifyEntity],
) -> None:
    await use_blueprint(hass, "overload", {"mobile_devices": [phone], "bound_clients": False})
    await _overload_kitchen(hass, freezer, gateway)

    assert titles(notify.phone) == ["⚠️ Overload · Kitchen box"]
    assert notify.kitchen_client == []
    assert groups[KITCHEN_GROUP].sent == []


async def test_neighbour_warning_reaches_a_bound_notify_entity(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
    groups: dict[str, RecordingNotifyEntity],
) -> None:
    """Correlated offline warns only the still-online box's clients: the entity is one."""
    await use_blueprint(hass, "offline", {"mobile_devices": [phone]})
    gateway.boxes[1].set_fault("offline")
    gateway.boxes[2].set_fault("offline")
    for _ in range(DEFAULT_OFFLINE_AFTER):  # failed polls before a box counts as offline
        await step(hass, freezer, 2)

    warning = notify.boiler_client[-1]
    assert warning.data["title"] == f"⚠️ Boxes near {BOILER} went offline"
    assert list(actions_of(warning)) == [f"Power off · {BOILER}"]
    assert (warning.data["title"], warning.data["message"]) in groups[BOILER_GROUP].sent
    # The kitchen box is offline itself: its entity hears its own offline alarm, not a warning.
    assert [title for title, _ in groups[KITCHEN_GROUP].sent] == ["📴 Box offline · Kitchen box"]


async def test_entity_bound_and_chosen_hears_it_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    gateway: SimulatedGateway,
    site: Site,
    notify: Notifications,
    phone: str,
    groups: dict[str, RecordingNotifyEntity],
) -> None:
    """A notify entity bound to the box and chosen in `notify_entities`: one message, not two."""
    await use_blueprint(
        hass,
        "overload",
        {"mobile_devices": [phone], "notify_entities": [KITCHEN_GROUP, BOILER_GROUP]},
    )
    await _overload_kitchen(hass, freezer, gateway)

    call = notify.phone[0]
    assert groups[KITCHEN_GROUP].sent == [(call.data["title"], call.data["message"])]
    assert groups[BOILER_GROUP].sent == [(call.data["title"], call.data["message"])]

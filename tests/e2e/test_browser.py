"""A person's first afternoon with Safe Power, clicked through the real frontend in Chromium.

For English and for Simplified Chinese, each on a Home Assistant of its own that starts with
no Safe Power at all (onboarded by `safe_power_tools.devenv` as `scripts/develop` does, the
default fleet's seven boxes served by the simulator):

1. log in; Settings → Devices & services → Add integration → Safe Power → Modbus TCP → the
   simulator's address → scan unit ids 1 to 7 → keep the seven boxes → name and place each box
   → finish (the "name and assign" dialog is skipped);
2. the integration's page and its devices list show the six boxes by the names typed;
3. on the three-phase "Ground floor main box" (unit 3) the contactor is switched off and on
   with the toggle of its device page: Home Assistant's state and the page's Activity agree;
4. the simulator overloads that box: the device page shows the Overcurrent alarm as unsafe and
   the alarm log's event (its details name the cause), and the Activity panel (logbook) shows
   both, naming the box;
5. in the Safe Power panel (sidebar), the overloaded box's tile says Alarm; in its Alarms tab
   the overload is acknowledged with one click, recorded as the logged-in person through the
   dashboard; at phone width a tap on the box opens its page.

What the person does goes through the browser only. The API is used to set the stage (the
system language a Chinese onboarding chooses), to steer the simulator, and to check Home
Assistant's side of what the page shows. Every step saves screenshots in the site's output
folder (`test-output/e2e/browser-<language>/`), and `FAILED-<step>.png` when it fails.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field as dataclass_field
import json
from pathlib import Path
import re
from typing import Any

from playwright.sync_api import Locator, Page, expect
import pytest

from safe_power_tools.devenv import (
    DEFAULT_FLEET,
    INTEGRATION,
    HassApi,
    enable_entities,
    watch_entries,
    watch_states,
)
from safe_power_tools.simulator.box import DEFAULT_SETTINGS

from .browser import Steps, entity_row, field, open_browser, run_async
from .conftest import Site, fleet_units, start_site, stop_site

FLEET = fleet_units(DEFAULT_FLEET)
BOX = 3  # the three-phase "Ground floor main box"
STATE_TIMEOUT = 20.0  # s for Home Assistant's state to follow a click (the alarm lane polls 2 s)


@dataclass(frozen=True)
class Language:
    """What a person reading one language sees and types."""

    code: str  # Home Assistant's language
    locale: str  # the browser's, from which the frontend picks its language
    ui: dict[str, str]  # the frontend's own words (Home Assistant's translations)
    names: dict[int, str]  # what the person names each box
    locations: dict[int, str]  # and where they say it is
    buildings: dict[int, str]  # and in which building

    def strings(self) -> dict[str, Any]:
        """The integration's translations in this language."""
        path = INTEGRATION / "translations" / f"{self.code}.json"
        strings: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return strings


ENGLISH = Language(
    code="en",
    locale="en-US",
    ui={
        "username": "Username",
        "password": "Password",
        "log_in": "Log in",
        "settings": "Settings",
        "devices_services": "Devices & services",
        "add_integration": "Add integration",
        "search_brand": "Search for a brand name",
        "submit": "Submit",
        "skip_and_finish": "Skip and finish",
        "activity": "Activity",
        "menu": "Menu",
        "details": "Details",
        "safe": "Safe",
        "unsafe": "Unsafe",
        # The Safe Power panel's own words (frontend/src/i18n.ts).
        "panel": "Safe Power",
        "tab_alarms": "Alarms",
        "acknowledge": "Acknowledge",
        "overload": "Overload",
        "state_alarm": "Alarm",
        "report": "Safe Power report",
        "make_report": "Make the report",
        "tabs": "Overview,Alarms,Floor plan,Reports",
        "fig_energy": "Energy",
        "open_printable": "Open the printable report",
        "alarm_settings": "Alarm settings",
        "overcurrent_threshold": "Overcurrent threshold",
        "leakage_threshold": "Leakage threshold",
        "detector_alarm": "Detector alarm",
        "phase_loss": "Phase loss",
        "list_separator": ", ",
    },
    names={unit: box["name"] for unit, box in FLEET.items()},
    locations={unit: box["location"] for unit, box in FLEET.items()},
    buildings={unit: "Car park" if unit == 6 else "Main building" for unit in FLEET},
)
CHINESE = Language(
    code="zh-Hans",
    locale="zh-CN",
    ui={
        "username": "用户名",
        "password": "密码",
        "log_in": "登录",
        "settings": "设置",
        "devices_services": "设备与服务",
        "add_integration": "添加集成",
        "search_brand": "搜索品牌名称",
        "submit": "提交",
        "skip_and_finish": "跳过并完成",
        "activity": "活动",
        "menu": "菜单",
        "details": "详情",
        "safe": "安全",
        "unsafe": "不安全",
        "panel": "安全用电",
        "tab_alarms": "报警",
        "acknowledge": "确认",
        "overload": "过流（过载）",
        "state_alarm": "报警",
        "report": "安全用电报告",
        "make_report": "生成报表",
        "tabs": "总览,报警,平面图,报表",
        "fig_energy": "用电量",
        "open_printable": "打开可打印报表",
        "alarm_settings": "报警设定值",
        "overcurrent_threshold": "过流报警值",
        "leakage_threshold": "剩余电流报警值",
        "detector_alarm": "探测器报警",
        "phase_loss": "缺相",
        "list_separator": "、",
    },
    names={
        1: "厨房配电箱",
        2: "大堂照明配电箱",
        3: "一层总配电箱",
        4: "B2 东侧竖井 3 号箱",
        5: "B2 东侧竖井 4 号箱",
        6: "B2 车库照明配电箱",
        7: "车间馈线多回路探测器",
    },
    locations={
        1: "一层，厨房墙面",
        2: "一层，大堂前台后方",
        3: "一层，配电间",
        4: "B2 层，东侧强电井，3 号箱",
        5: "B2 层，东侧强电井，4 号箱",
        6: "B2 层，车库，C7 柱",
        7: "一层，车间配电柜",
    },
    buildings={unit: "地下车库" if unit == 6 else "主楼" for unit in FLEET},
)


@dataclass
class Walk:
    """One language's walk: its Home Assistant, its screenshots, what the steps found."""

    site: Site
    language: Language
    steps: Steps
    login: Path  # the browser's storage between the tests (Home Assistant's login tokens)
    found: dict[str, Any] = dataclass_field(default_factory=dict)

    @property
    def ui(self) -> dict[str, str]:
        """The frontend's words in this language."""
        return self.language.ui

    def api[T](self, function: Callable[[HassApi], Awaitable[T]]) -> T:
        """Run `await function(api)` against this Home Assistant (in a thread of its own)."""

        async def call() -> T:
            async with self.site.session() as session:
                api = await self.site.api(session)
                try:
                    result: T = await function(api)
                    return result
                finally:
                    await api.close()

        return run_async(call)

    def control(self, unit: int, action: str) -> dict[str, Any]:
        """Steer the simulator."""
        answer: dict[str, Any] = run_async(lambda: self.site.control(unit, action))
        assert answer["ok"], answer
        return answer


async def _set_language(api: HassApi, language: str) -> None:
    # The onboarding a person clicks through saves the language chosen on its first page as
    # Home Assistant's own (entity names are made in it); devenv's onboarding only gives it
    # to the user, so the Chinese site gets it here, before Safe Power is added.
    await api.ws("config/core/update", language=language)


@pytest.fixture(scope="class", params=[ENGLISH, CHINESE], ids=lambda lang: lang.code)
def walk(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Walk]:
    """A fresh Home Assistant for one language's walk: onboarded, no Safe Power yet."""
    language: Language = request.param
    name = f"browser-{language.code}"
    site = start_site(
        name,
        tmp_path_factory.mktemp(name),
        gateway=False,
        fleet=DEFAULT_FLEET,
        language=language.code,
    )
    try:
        walk = Walk(
            site,
            language,
            Steps(site.output),
            tmp_path_factory.mktemp(f"{name}-login") / "state.json",
        )
        if language.code != "en":
            walk.api(lambda api: _set_language(api, language.code))
        yield walk
    finally:
        stop_site(site)


@pytest.fixture
def page(walk: Walk) -> Iterator[Page]:
    """A browser for one step of the walk, logged in once the first step has logged in."""
    if walk.steps.failed:
        pytest.skip(f"the walk stopped at {walk.steps.failed}")
    with open_browser(walk.language.locale, walk.login) as page:
        yield page


def _settings(page: Page, walk: Walk) -> None:
    """Sidebar → Settings → Devices & services."""
    page.locator("ha-sidebar").get_by_role("link", name=walk.ui["settings"]).click()
    page.get_by_role("link", name=walk.ui["devices_services"]).click()
    page.wait_for_url("**/config/integrations/dashboard")


def _model(box: dict[str, Any]) -> str:
    """The model a fleet box reports: its own (a multi-circuit detector), else SP-400-nP."""
    return str(box.get("model") or f"SP-400-{box['phases']}P")


def _integration_page(page: Page, walk: Walk) -> None:
    """Settings → Devices & services → the Safe Power card."""
    page.goto(walk.site.dev.url)
    _settings(page, walk)
    page.get_by_role("heading", name="Safe Power", exact=True).click()
    page.wait_for_url("**/config/integrations/integration/safe_power**")


def _device_page(page: Page, walk: Walk, unit: int) -> None:
    """From the integration's page, open a box's device page."""
    _integration_page(page, walk)
    name = walk.language.names[unit]
    page.get_by_role("button", name=re.compile(rf"^{re.escape(name)} SP-[48]00-")).click()
    page.wait_for_url("**/config/devices/device/**")
    device_page = page.locator("ha-config-device-page")
    expect(device_page.get_by_text(name, exact=True).first).to_be_visible()
    # Loaded: the Activity card's history has come (no spinner), the icons too.
    expect(device_page.locator("ha-logbook")).to_be_attached()
    expect(device_page.locator("ha-logbook ha-spinner")).to_have_count(0)
    page.wait_for_load_state("networkidle")


async def _entity_ids(api: HassApi, unit: int) -> dict[str, str]:
    """A box's entity ids by the integration's keys (contactor, alarm_overcurrent, ...)."""
    prefix = f"{FLEET[unit]['serial']}_"
    registry = await api.ws("config/entity_registry/list")
    return {
        e["unique_id"].removeprefix(prefix): e["entity_id"]
        for e in registry
        if e["platform"] == "safe_power" and e["unique_id"].startswith(prefix)
    }


def _state_becomes(walk: Walk, entity_id: str, expected: str) -> dict[str, Any]:
    """Wait until Home Assistant's state of an entity is `expected` (as pushed); return it."""

    async def wait(api: HassApi) -> dict[str, Any]:
        await watch_states(
            api, [entity_id], lambda states: states.get(entity_id) == expected, STATE_TIMEOUT
        )
        return await api.call(f"/api/states/{entity_id}")  # type: ignore[no-any-return]

    try:
        result: dict[str, Any] = walk.api(wait)
    except TimeoutError:
        state: dict[str, Any] = walk.api(lambda api: api.call(f"/api/states/{entity_id}"))
        pytest.fail(f"{entity_id} is {state['state']!r}, not {expected!r}, after {STATE_TIMEOUT} s")
    return result


def _name_and_state(name: str, *states: str) -> re.Pattern[str]:
    """A row's whole text: a name and one of the states, nothing else (e.g. not "Unsafe")."""
    name, state = re.escape(name), "({})".format("|".join(map(re.escape, states)))
    return re.compile(rf"^\s*({name}\s*{state}|{state}\s*{name})\s*$")


def _activity(page: Page, name: str, state: str) -> Locator:
    """The newest entry "<name> <state>" in the Activity card of a device page."""
    entry = re.compile(rf"^{re.escape(name)}\s+{re.escape(state)}(\s|$)")
    return page.locator("ha-config-device-page ha-logbook").get_by_role("button", name=entry).first


class TestWalk:
    """The walk, step by step; a step that fails skips the steps after it."""

    def test_1_add_integration(self, walk: Walk, page: Page) -> None:
        """Log in and add the gateway with its seven boxes through "Add integration"."""
        ui, steps = walk.ui, walk.steps
        flow = walk.language.strings()["config"]["step"]
        site = walk.site
        with steps.step(page, "01-log-in"):
            page.goto(site.dev.url)
            page.get_by_role("textbox", name=ui["username"]).fill(site.dev.user)
            page.get_by_role("textbox", name=ui["password"], exact=True).fill(site.dev.password)
            page.get_by_role("button", name=ui["log_in"]).click()
            page.wait_for_url(lambda url: "auth" not in url and "code=" not in url)
            # The frontend speaks the browser's language: its sidebar says "Settings" so.
            expect(
                page.locator("ha-sidebar").get_by_role("link", name=ui["settings"])
            ).to_be_visible()

        with steps.step(page, "01-add-integration"):
            _settings(page, walk)
            page.get_by_role("button", name=ui["add_integration"]).click()
            page.get_by_placeholder(ui["search_brand"]).fill("Safe Power")
            page.get_by_text("Safe Power", exact=True).click()
            dialog = page.locator("dialog-data-entry-flow")
            expect(dialog.get_by_text(flow["user"]["title"], exact=True)).to_be_visible()
            transports = walk.language.strings()["selector"]["transport"]["options"]
            dialog.get_by_role("radio", name=transports["tcp"], exact=True).check()
            dialog.get_by_role("button", name=ui["submit"]).click()

            expect(dialog.get_by_text(flow["network"]["title"], exact=True)).to_be_visible()
            labels = flow["network"]["data"]
            field(dialog, "textbox", labels["host"]).fill("127.0.0.1")
            field(dialog, "spinbutton", labels["port"]).fill(str(site.dev.modbus_port))
            dialog.get_by_role("button", name=ui["submit"]).click()

            expect(dialog.get_by_text(flow["scan"]["title"], exact=True)).to_be_visible()
            labels = flow["scan"]["data"]
            field(dialog, "spinbutton", labels["first_unit"]).fill("1")
            field(dialog, "spinbutton", labels["last_unit"]).fill(str(max(FLEET)))
            dialog.get_by_role("button", name=ui["submit"]).click()

        with steps.step(page, "01-boxes-found"):
            expect(dialog.get_by_text(flow["boxes"]["title"], exact=True)).to_be_visible()
            # Every box that answered, listed as "unit: model (serial)", all of them ticked.
            expect(dialog.get_by_role("checkbox")).to_have_count(len(FLEET))
            for unit, box in FLEET.items():
                label = f"{unit}: {_model(box)} ({box['serial']})"
                expect(dialog.get_by_role("checkbox", name=label, exact=True)).to_be_checked()
            steps.shot(page, "01a-boxes-found")
            dialog.get_by_role("button", name=ui["submit"]).click()

        labels = flow["box"]["data"]
        for unit, box in FLEET.items():
            with steps.step(page, f"01-box-{unit}"):
                title = flow["box"]["title"].format(unit=unit)
                expect(dialog.get_by_text(title, exact=True)).to_be_visible()
                name = field(dialog, "textbox", labels["name"])
                # The form suggests the model and the unit id; the person types the box's name.
                expect(name).to_have_value(re.compile(rf"^{re.escape(_model(box))} {unit}$"))
                if unit == 1:
                    steps.shot(page, "01b-box-form")
                name.fill(walk.language.names[unit])
                field(dialog, "textbox", labels["building"]).fill(walk.language.buildings[unit])
                field(dialog, "textbox", labels["location"]).fill(walk.language.locations[unit])
                field(dialog, "spinbutton", labels["x"]).fill(str(box["x"]))
                field(dialog, "spinbutton", labels["y"]).fill(str(box["y"]))
                field(dialog, "spinbutton", labels["floor"]).fill(str(box["floor"]))
                dialog.get_by_role("button", name=ui["submit"]).click()

        gateway = f"127.0.0.1:{site.dev.modbus_port}"
        devices = sorted([*walk.language.names.values(), gateway])  # the boxes and the gateway
        with steps.step(page, "01-finish"):
            # The frontend offers to rename the new devices and put them in areas: skip it.
            finish = dialog.get_by_role("button", name=ui["skip_and_finish"])
            expect(finish).to_be_visible()
            device_names = dialog.get_by_role("textbox")
            expect(device_names).to_have_count(len(devices))
            shown = [device_names.nth(i).input_value() for i in range(len(devices))]
            assert sorted(shown) == devices
            steps.shot(page, "01c-name-and-assign")
            finish.click()
            expect(dialog.get_by_role("button", name=ui["skip_and_finish"])).to_have_count(0)
            # The frontend then opens the integration's page on the new gateway.
            page.wait_for_url("**/config/integrations/integration/safe_power**")
            expect(page.get_by_role("heading", name="Safe Power", exact=True)).to_be_visible()
            expect(page.get_by_text(gateway, exact=True).first).to_be_visible()  # entry, device
            steps.shot(page, "01-integration-added")

        async def added(api: HassApi) -> tuple[list[str], list[str]]:
            entries = await watch_entries(  # the entry may still be starting
                api,
                lambda entries: all(e["state"] != "setup_in_progress" for e in entries.values()),
                STATE_TIMEOUT,
            )
            mine = list(entries.values())
            devices = await api.ws("config/device_registry/list")
            names = [
                d["name_by_user"] or d["name"]
                for d in devices
                if any(e["entry_id"] in d["config_entries"] for e in mine)
            ]
            return [e["state"] for e in mine], names

        with steps.step(page, "01-home-assistant"):
            # Home Assistant's side: one gateway, started, with a device per box as named.
            states, names = walk.api(added)
            assert states == ["loaded"]
            assert sorted(names) == devices

    def test_2_devices(self, walk: Walk, page: Page) -> None:
        """The integration's page and its devices list show the seven boxes by their names."""
        steps = walk.steps
        with steps.step(page, "02-integration-page"):
            _integration_page(page, walk)
            listing = page.locator("ha-config-integration-page")
            for name in walk.language.names.values():
                row = listing.get_by_role(
                    "button", name=re.compile(rf"^{re.escape(name)} SP-[48]00-")
                )
                expect(row).to_be_visible()
            steps.shot(page, "02-integration-page")

        with steps.step(page, "02-devices"):
            # The boxes and the gateway they are reached through.
            listing.get_by_role("link", name=re.compile(rf"^{len(FLEET) + 1}\s")).first.click()
            page.wait_for_url("**/config/devices/dashboard**")
            table = page.locator("ha-config-devices-dashboard")
            for name in walk.language.names.values():
                expect(table.get_by_text(name, exact=True)).to_be_visible()
            steps.shot(page, "02-devices")

    def test_3_contactor(self, walk: Walk, page: Page) -> None:
        """Switch the box's contactor off and on with the toggle of its device page."""
        steps = walk.steps
        entity = walk.language.strings()["entity"]["switch"]["contactor"]
        with steps.step(page, "03-device-page"):
            ids = walk.found["ids"] = walk.api(lambda api: _entity_ids(api, BOX))
            _device_page(page, walk, BOX)
            row = page.locator("hui-toggle-entity-row").filter(
                has=page.get_by_text(entity["name"], exact=True)
            )
            switch = row.get_by_role("switch")
            expect(switch).to_be_checked()
            steps.shot(page, "03-device-page")

        with steps.step(page, "04-contactor-off"):
            row.locator("ha-entity-toggle").click()
            expect(switch).not_to_be_checked()
            _state_becomes(walk, ids["contactor"], "off")
            # The device page's Activity names the change in the integration's words.
            expect(_activity(page, entity["name"], entity["state"]["off"])).to_be_visible()
            expect(switch).not_to_be_checked()  # and it stays off: the box confirmed it
            steps.shot(page, "04-contactor-off")

        with steps.step(page, "04-contactor-on"):
            row.locator("ha-entity-toggle").click()
            expect(switch).to_be_checked()
            _state_becomes(walk, ids["contactor"], "on")
            expect(_activity(page, entity["name"], entity["state"]["on"])).to_be_visible()
            steps.shot(page, "04b-contactor-on")

        with steps.step(page, "04-setting"):
            # The detector's leakage setting, disabled by default, enabled by the installer;
            # then in the Configuration card: typed in, written to the box, read back; the row
            # shows what the box kept, and so does Home Assistant.
            walk.api(lambda api: enable_entities(api, [ids["leakage_threshold"]]))
            _device_page(page, walk, BOX)
            name = walk.language.strings()["entity"]["number"]["leakage_threshold"]["name"]
            setting = page.locator("hui-number-entity-row").filter(
                has=page.get_by_text(name, exact=True)
            )
            box = setting.get_by_role("spinbutton")
            box.scroll_into_view_if_needed()
            expect(box).to_have_value("300")
            box.fill("450")
            box.press("Enter")
            _state_becomes(walk, ids["leakage_threshold"], "450.0")
            expect(box).to_have_value("450")
            steps.shot(page, "04c-setting")

    def test_4_alarm(self, walk: Walk, page: Page) -> None:
        """An overload on the box: its device page and the Activity panel show the alarm."""
        ui, steps = walk.ui, walk.steps
        strings = walk.language.strings()["entity"]
        overcurrent = strings["binary_sensor"]["alarm_overcurrent"]["name"]
        log = strings["event"]["alarm_log"]
        alarm = log["state_attributes"]["event_type"]["state"]["alarm"]
        causes = log["state_attributes"]["cause"]["state"]
        box = walk.language.names[BOX]
        ids = walk.found.get("ids") or walk.api(lambda api: _entity_ids(api, BOX))
        with steps.step(page, "05-alarm"):
            _device_page(page, walk, BOX)
            sensor = entity_row(page, overcurrent)
            expect(sensor).to_have_text(_name_and_state(overcurrent, ui["safe"]))
            walk.control(BOX, "overload")
            expect(sensor).to_have_text(_name_and_state(overcurrent, ui["unsafe"]))
            assert (
                walk.api(lambda api: api.call(f"/api/states/{ids['alarm_overcurrent']}"))["state"]
                == "on"
            )
            # The device page's Activity shows the alarm and the alarm log's event.
            expect(_activity(page, overcurrent, ui["unsafe"])).to_be_visible()
            expect(_activity(page, log["name"], alarm)).to_be_visible()
            steps.shot(page, "05-alarm")

        with steps.step(page, "05-alarm-log"):
            # The Events card, further down: the alarm log's row says when and "Alarm" (a
            # word of its own: not the "Alarm log" of its name, nor "Cleared").
            event = entity_row(page, log["name"])
            event.scroll_into_view_if_needed()
            expect(event).to_contain_text(re.compile(rf"(^|\s){re.escape(alarm)}(\s|$)"))
            steps.shot(page, "05a-alarm-log")

        with steps.step(page, "05-alarm-details"):
            # The alarm log's details say what the alarm was: an overcurrent, or the cable
            # over-temperature the overload brings a few seconds later.
            event.get_by_text(log["name"], exact=True).click()
            more_info = page.locator("ha-more-info-dialog")
            more_info.get_by_role("button", name=ui["menu"]).click()
            page.get_by_role("menuitem", name=ui["details"]).click()
            cause_name = log["state_attributes"]["cause"]["name"]
            # The row whose label is exactly the cause's (other labels may contain the word).
            cause = more_info.get_by_role("listitem").filter(
                has=page.get_by_text(cause_name, exact=True)
            )
            expect(cause).to_have_text(
                _name_and_state(cause_name, causes["overcurrent"], causes["cable_over_temperature"])
            )
            steps.shot(page, "05b-alarm-details")
            page.keyboard.press("Escape")

        with steps.step(page, "06-logbook"):
            page.locator("ha-sidebar").get_by_role("link", name=ui["activity"]).click()
            page.wait_for_url("**/logbook**")
            logbook = page.locator("ha-panel-logbook")
            # "Overcurrent → Unsafe" and "Alarm log → Alarm", each naming the box.
            for name, state in ((overcurrent, ui["unsafe"]), (log["name"], alarm)):
                words = (re.escape(name), re.escape(state), re.escape(box))
                entry = re.compile(r"{}\s*→?\s*{}\s+{}".format(*words))
                expect(logbook.get_by_role("button", name=entry).first).to_be_visible()
            steps.shot(page, "06-logbook")
            walk.control(BOX, "recover")

    def test_5_panel(self, walk: Walk, page: Page) -> None:
        """The Safe Power panel: the overloaded box is red; its alarm is acknowledged there."""
        ui, steps = walk.ui, walk.steps
        box = walk.language.names[BOX]
        with steps.step(page, "07-panel-overview"):
            walk.control(BOX, "overload")
            page.goto(walk.site.dev.url)
            page.locator("ha-sidebar").get_by_role("link", name=ui["panel"]).click()
            page.wait_for_url("**/safe-power**")
            panel = page.locator("safe-power-panel")
            tile = panel.locator(".tile").filter(has_text=box)
            expect(tile).to_contain_text(ui["state_alarm"], timeout=STATE_TIMEOUT * 1000)
            for name in walk.language.names.values():
                expect(panel.get_by_text(name, exact=True).first).to_be_visible()
            # By building (the names typed in the box forms), the box under its own.
            expect(panel.locator("h2.building-name")).to_have_count(2)
            for building in set(walk.language.buildings.values()):
                # (`has` is looked for inside each section: a locator of its own, not the panel's)
                heading = page.locator("h2.building-name", has_text=building)
                units = [u for u, b in walk.language.buildings.items() if b == building]
                section = panel.locator("section.building").filter(has=heading)
                expect(section).to_have_count(1)
                for unit in units:
                    name = walk.language.names[unit]
                    expect(section.get_by_text(name, exact=True)).to_be_visible()
            steps.shot(page, "07-panel-overview")

        with steps.step(page, "07-panel-alarms"):
            panel.get_by_role("tab", name=ui["tab_alarms"]).click()
            page.wait_for_url("**/safe-power/alarms**")
            acknowledge = page.get_by_role("button", name=ui["acknowledge"], exact=True)
            row = (
                panel.locator("tbody")
                .filter(has_text=box)
                .filter(has_text=ui["overload"])
                .filter(has=acknowledge)
            )
            expect(row).to_have_count(1, timeout=STATE_TIMEOUT * 1000)
            steps.shot(page, "07-panel-alarms")
            row.get_by_role("button", name=ui["acknowledge"], exact=True).click()
            expect(row).to_have_count(0)  # nothing left to acknowledge

            async def acknowledged(api: HassApi) -> list[dict[str, Any]]:
                answer = await api.call(
                    "/api/services/safe_power/alarms?return_response",
                    {"cause": ["overcurrent"]},
                )
                return [a for a in answer["service_response"]["alarms"] if a["state"] != "active"]

            [record] = walk.api(acknowledged)
            assert record["acknowledged"]["via"] == "dashboard"
            assert record["acknowledged"]["user"]  # the person logged in, by name
            steps.shot(page, "07b-panel-acknowledged")

        with steps.step(page, "07-panel-phone"):
            page.set_viewport_size({"width": 390, "height": 844})
            panel.get_by_role("tab").first.click()
            panel.get_by_text(box, exact=True).first.click()
            page.wait_for_url("**/safe-power/box/**")
            expect(panel.get_by_text(walk.language.locations[BOX]).first).to_be_visible()
            # The detector's settings: the leakage one from its number entity, enabled and set
            # to 450 mA in step 04; the overcurrent one, whose number is disabled, from the box
            # as the panel read it.
            settings = panel.locator("section.card").filter(
                has=page.get_by_role("heading", name=ui["alarm_settings"], exact=True)
            )

            def setting(name: str) -> Locator:
                return settings.locator("div").filter(has=page.get_by_text(name, exact=True))

            expect(setting(ui["leakage_threshold"]).locator("dd")).to_have_text(
                re.compile(r"^450\s*mA$")
            )
            overcurrent = DEFAULT_SETTINGS["overcurrent_threshold"]
            expect(setting(ui["overcurrent_threshold"]).locator("dd")).to_have_text(
                re.compile(rf"^{overcurrent:g}\s*A$")
            )
            steps.shot(page, "07c-panel-box-phone")
            walk.control(BOX, "recover")

        with steps.step(page, "07-panel-settings-live"):
            # Meanwhile an installer enables the overcurrent number on the device page (the
            # entry reloads) and sets it to 100 A (above the box's current, overloaded or not:
            # no alarm comes of it): the page open here, which read its entities before,
            # follows the box's own report of it (safe_power/subscribe_box_settings).
            ids = walk.found.get("ids") or walk.api(lambda api: _entity_ids(api, BOX))
            number = ids["overcurrent_threshold"]

            def set_overcurrent(value: float) -> Callable[[HassApi], Awaitable[Any]]:
                return lambda api: api.call(
                    "/api/services/number/set_value", {"entity_id": number, "value": value}
                )

            walk.api(lambda api: enable_entities(api, [number]))
            walk.api(set_overcurrent(100))
            expect(setting(ui["overcurrent_threshold"]).locator("dd")).to_have_text(
                re.compile(r"^100\s*A$"), timeout=STATE_TIMEOUT * 1000
            )
            settings.scroll_into_view_if_needed()
            steps.shot(page, "07d-panel-setting-followed")
            walk.api(set_overcurrent(overcurrent))
            expect(setting(ui["overcurrent_threshold"]).locator("dd")).to_have_text(
                re.compile(rf"^{overcurrent:g}\s*A$"), timeout=STATE_TIMEOUT * 1000
            )

        with steps.step(page, "07-panel-detector-alarm"):
            # A cause whose binary sensor is disabled by default (phase loss): the box page's
            # "Detector alarm" row still names it, from the alarm register, live.
            detector = panel.locator("dl.values > div").filter(
                has=page.get_by_text(ui["detector_alarm"], exact=True)
            )
            expect(detector).to_have_count(1)
            expect(detector.locator("dd")).not_to_contain_text(ui["phase_loss"])
            walk.control(BOX, "phase_loss")
            expect(detector.locator("dd")).to_contain_text(
                ui["phase_loss"], timeout=STATE_TIMEOUT * 1000
            )
            expect(detector).to_have_class("flagged")
            # With phase C lost its current is 0: the detector's unbalance alarm comes too,
            # listed as the language lists (Chinese with the 顿号, not a comma).
            expect(detector.locator("dd")).to_contain_text(
                ui["list_separator"], timeout=STATE_TIMEOUT * 1000
            )
            other = ", " if ui["list_separator"] == "、" else "、"
            expect(detector.locator("dd")).not_to_contain_text(other)
            steps.shot(page, "07d-panel-detector-alarm")
            walk.control(BOX, "recover")
            expect(detector.locator("dd")).not_to_contain_text(
                ui["phase_loss"], timeout=STATE_TIMEOUT * 1000
            )

    def test_6_report(self, walk: Walk, page: Page) -> None:
        """This month's report, made in the panel's Reports tab, opened, printed on A4 pages."""
        ui, steps = walk.ui, walk.steps
        with steps.step(page, "08-report"):
            page.goto(walk.site.dev.url + "/safe-power/reports")
            panel = page.locator("safe-power-panel")
            panel.get_by_role("button", name=ui["make_report"]).click()
            expect(panel.get_by_text(ui["fig_energy"]).first).to_be_visible(timeout=60_000)
            expect(panel.get_by_text(ui["overload"]).first).to_be_visible()  # the walk's alarm
            steps.shot(page, "08-report-panel")
            with page.context.expect_page() as opened:
                panel.get_by_role("link", name=ui["open_printable"]).or_(
                    panel.get_by_role("button", name=ui["open_printable"])
                ).click()
            printable = opened.value
            printable.set_viewport_size({"width": 1000, "height": 1300})
            expect(printable.get_by_text(ui["report"]).first).to_be_visible()
            expect(printable.get_by_text(walk.language.names[BOX]).first).to_be_visible()
            steps.shot(printable, "08-report")
            pdf = printable.pdf(format="A4", print_background=True)
            (steps.folder / "08-report.pdf").write_bytes(pdf)
            pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
            assert 1 <= pages <= 8, pages  # this month of seven boxes: a few clean A4 pages
            printable.close()

    def test_7_panel_views(self, walk: Walk, page: Page) -> None:
        """Every tab of the panel, at desktop and at phone width, in the walk's language."""
        ui, steps = walk.ui, walk.steps
        for width, height in ((1400, 1000), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(walk.site.dev.url + "/safe-power")
            panel = page.locator("safe-power-panel")
            for number, tab in enumerate(ui["tabs"].split(",")):
                with steps.step(page, f"09-{number}-{width}"):
                    panel.get_by_role("tab", name=tab).click()
                    expect(panel.get_by_role("tab", name=tab)).to_have_attribute(
                        "aria-selected", "true"
                    )
                    page.wait_for_load_state("networkidle")
                    steps.shot(page, f"09-panel-{number}-{width}")


# The Settings tab's "State updates" card (frontend/src/settings.ts), in the panel's words.
STATE_UPDATES_UI = {
    "en": {
        "card": "State updates",
        "every_change": "Every change",
        "significant": "Significant changes only (default)",
        "heartbeat": "Heartbeat",
        "heartbeat_invalid": "Fix the heartbeat to save",
        "save": "Save",
        "saved": "Saved",
        "discard": "Discard changes",
    },
    "zh-Hans": {
        "card": "状态更新",
        "significant": "仅明显变化时更新（默认）",
        "heartbeat": "心跳间隔",
    },
}


@pytest.fixture
def settings_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A Home Assistant with the simulated gateway already added (as `scripts/develop` has it)."""
    name = "browser-state-updates"
    site = start_site(name, tmp_path_factory.mktemp(name), gateway=True)
    try:
        yield site
    finally:
        stop_site(site)


def _log_in(page: Page, site: Site, ui: dict[str, str]) -> None:
    """Log in through Home Assistant's login page, in the page's language."""
    page.goto(site.dev.url)
    page.get_by_role("textbox", name=ui["username"]).fill(site.dev.user)
    page.get_by_role("textbox", name=ui["password"], exact=True).fill(site.dev.password)
    page.get_by_role("button", name=ui["log_in"]).click()
    page.wait_for_url(lambda url: "auth" not in url and "code=" not in url)
    expect(page.locator("ha-sidebar").get_by_role("link", name=ui["settings"])).to_be_visible()


def _state_updates_card(page: Page, ui: dict[str, str]) -> Locator:
    """The panel's "State updates" card (its Settings tab), once the settings have loaded."""
    panel = page.locator("safe-power-panel")
    expect(panel.get_by_role("radiogroup", name=ui["card"])).to_be_visible()
    return panel.locator("section.updates")


def _shoot_card(page: Page, card: Locator, path: Path) -> None:
    """The card at desktop width (`path`) and at phone width (`<path>-phone.png`)."""
    card.scroll_into_view_if_needed()
    card.screenshot(path=path)
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("safe-power-settings[compact]")).to_be_attached()
    card.scroll_into_view_if_needed()
    card.screenshot(path=path.with_name(f"{path.stem}-phone.png"))
    page.set_viewport_size({"width": 1400, "height": 1300})


async def _panel_settings(site: Site) -> dict[str, Any]:
    """The site's settings as the websocket command `safe_power/settings` answers them."""
    async with site.session() as session:
        api = await site.api(session)
        try:
            answer: dict[str, Any] = await api.ws("safe_power/settings")
        finally:
            await api.close()
    return answer


def test_state_updates_setting(settings_site: Site) -> None:
    """A new site's significant changes only, its heartbeat set to 10 minutes in the panel."""
    site, ui = settings_site, STATE_UPDATES_UI["en"]
    steps = Steps(site.output)
    with open_browser(ENGLISH.locale) as page:
        with steps.step(page, "state-updates-choose"):
            _log_in(page, site, ENGLISH.ui)
            page.goto(site.dev.url + "/safe-power/settings")
            card = _state_updates_card(page, ui)
            every = card.get_by_role("radio", name=ui["every_change"], exact=True)
            significant = card.get_by_role("radio", name=ui["significant"], exact=True)
            heartbeat = card.get_by_role("spinbutton", name=ui["heartbeat"], exact=True)
            panel = page.locator("safe-power-panel")
            save = panel.get_by_role("button", name=ui["save"], exact=True)
            # A new site starts with significant changes only; the heartbeat counts only with
            # them.
            expect(significant).to_be_checked()
            expect(heartbeat).to_be_enabled()
            expect(heartbeat).to_have_value("5")
            every.check()
            expect(heartbeat).to_be_disabled()
            significant.check()
            expect(heartbeat).to_be_enabled()
            heartbeat.fill("0")  # out of range: refused before anything is sent
            expect(panel.get_by_text(ui["heartbeat_invalid"])).to_be_visible()
            expect(save).to_be_disabled()
            heartbeat.fill("10")
            expect(save).to_be_enabled()
            save.click()
            expect(panel.get_by_text(ui["saved"], exact=True)).to_be_visible()
            steps.shot(page, "state-updates-saved")

        with steps.step(page, "state-updates-reload"):
            page.reload()
            card = _state_updates_card(page, ui)
            expect(card.get_by_role("radio", name=ui["significant"], exact=True)).to_be_checked()
            heartbeat = card.get_by_role("spinbutton", name=ui["heartbeat"], exact=True)
            expect(heartbeat).to_be_enabled()
            expect(heartbeat).to_have_value("10")
            # A heartbeat typed wrong can be discarded: the saved one comes back.
            heartbeat.fill("")
            discard = page.locator("safe-power-panel").get_by_role(
                "button", name=ui["discard"], exact=True
            )
            discard.click()
            expect(heartbeat).to_have_value("10")
            expect(discard).to_be_disabled()
            _shoot_card(page, card, site.output / "state_updates_en.png")

    answer = run_async(lambda: _panel_settings(site))
    assert answer["state_updates"] == "significant"
    assert answer["heartbeat_minutes"] == 10

    # The same card in Chinese: a browser in zh-CN gets Home Assistant's frontend in zh-Hans.
    zh = STATE_UPDATES_UI["zh-Hans"]
    with open_browser(CHINESE.locale) as page, steps.step(page, "state-updates-chinese"):
        _log_in(page, site, CHINESE.ui)
        page.goto(site.dev.url + "/safe-power/settings")
        card = _state_updates_card(page, zh)
        expect(card.get_by_role("radio", name=zh["significant"], exact=True)).to_be_checked()
        expect(card.get_by_role("spinbutton", name=zh["heartbeat"], exact=True)).to_have_value("10")
        _shoot_card(page, card, site.output / "state_updates_zh.png")

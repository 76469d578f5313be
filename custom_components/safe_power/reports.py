"""The management report: `safe_power.report`, its files, and the view that serves them.

The figures come from the recorder's long-term statistics (hourly energy change, the hour's
highest power, the voltage qualification rate and the unbalance) and from the alarm register;
`box/report.py` computes them and `box/report_render.py` writes the printable HTML and the CSV.
Files go to `<config>/safe_power/reports/`; the response links them through an authenticated
view, with signed URLs (valid for a week) that a notification can carry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from http import HTTPStatus
from pathlib import Path
import re
from typing import Any, Final

from aiohttp import web
from homeassistant.components.http.auth import async_sign_path
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.components.websocket_api.connection import current_connection
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, entity_registry as er
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView, current_request
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util
import probatio as vol

from .alarm_services import ALARMS_SCHEMA, async_query_alarms
from .box.report import BoxInput, ReportPeriod, TrendInput, build_report
from .box.report_render import render_csv, render_html
from .box.tariff import DEFAULT_TOU, TimeOfUse
from .const import DOMAIN
from .fleet import FleetBox, async_get_fleet
from .panel import async_register_view
from .panel_settings import async_get_panel_settings
from .services import fleet_box

SERVICE_REPORT: Final = "report"
REPORTS_DIR: Final = "safe_power/reports"  # under the configuration folder
URL: Final = "/api/safe_power/reports"
LINK_VALID: Final = timedelta(days=7)
KINDS: Final = ("day", "month", "year", "custom")
_NAME = re.compile(r"^[\w.-]+\.(html|csv)$")

REPORT_SCHEMA: Final = vol.Schema(
    {
        vol.Optional("period", default="month"): vol.In(KINDS),
        vol.Optional("date"): cv.date,
        vol.Optional("start"): cv.datetime,
        vol.Optional("end"): cv.datetime,
        vol.Optional("device_id"): vol.All(cv.ensure_list, [cv.string]),
        vol.Optional("area_id"): vol.All(cv.ensure_list, [cv.string]),
        vol.Optional("language"): vol.In(["en", "zh"]),
        vol.Optional("tariff"): vol.All(cv.ensure_list, [{str: str}]),
        vol.Optional("save", default=True): cv.boolean,
    }
)


def _period(data: Mapping[str, Any], tz: tzinfo, today: date) -> ReportPeriod:
    """Return the period asked for: the day, month or year of `date`, or start to end."""
    kind = data["period"]
    if kind == "custom":
        start, end = data.get("start"), data.get("end")
        if start is None or end is None or end <= start:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="report_custom_period"
            )
        start, end = dt_util.as_local(start), dt_util.as_local(end)
        last = end - timedelta(microseconds=1)  # the end is not in the period
        label = f"{start:%Y-%m-%d} – {last:%Y-%m-%d}"
        return ReportPeriod(start, end, "custom", label)
    day: date = data.get("date") or today
    if kind == "day":
        return ReportPeriod.for_day(day, tz)
    if kind == "month":
        return ReportPeriod.for_month(day.year, day.month, tz)
    return ReportPeriod.for_year(day.year, tz)


async def _async_boxes_in_scope(
    hass: HomeAssistant, data: Mapping[str, Any], user_id: str | None
) -> tuple[list[FleetBox], bool]:
    """Return the boxes asked for, within the areas the calling user is given (if any).

    And whether the scope is narrower than everything (then only these boxes' alarms count;
    otherwise every alarm, gateways' and removed boxes' included).
    """
    fleet = async_get_fleet(hass)
    user = await hass.auth.async_get_user(user_id) if user_id else None
    allowed = async_get_panel_settings(hass).areas_of(user) if user else None
    boxes = (
        [fleet_box(fleet, d) for d in data["device_id"]]
        if "device_id" in data
        else list(fleet.boxes.values())
    )
    if areas := data.get("area_id"):
        boxes = [b for b in boxes if fleet.area_id(b.device_id) in areas]
    if allowed is not None:
        boxes = [b for b in boxes if fleet.area_id(b.device_id) in allowed]
    narrowed = "device_id" in data or "area_id" in data or allowed is not None
    return sorted(boxes, key=lambda b: b.title.casefold()), narrowed


def _statistic_ids(hass: HomeAssistant, box: FleetBox) -> dict[str, str]:
    """Return the box's entity ids by key, for the statistics the report reads."""
    wanted = ("energy", "active_power", "voltage_qualification_rate", "voltage_unbalance")
    registry = er.async_get(hass)
    return {
        key: entity_id
        for key in wanted
        if (entity_id := registry.async_get_entity_id("sensor", DOMAIN, f"{box.serial}_{key}"))
    }


def _series(rows: Iterable[Mapping[str, Any]], field: str) -> list[tuple[datetime, float]]:
    return [
        (dt_util.utc_from_timestamp(row["start"]), value)
        for row in rows
        if isinstance(value := row.get(field), int | float)
    ]


def _daily_last(rows: Sequence[Mapping[str, Any]], tz: tzinfo) -> list[tuple[date, float]]:
    """Return each local day's last hourly mean: the rate restarts at local midnight."""
    last: dict[date, float] = {}
    for start, mean in _series(rows, "mean"):
        last[start.astimezone(tz).date()] = mean
    return sorted(last.items())


def _trend(hass: HomeAssistant, box: FleetBox) -> TrendInput:
    warning = async_get_fleet(hass).early_warning(box.serial)
    leakage, cable = warning.get("leakage") or {}, warning.get("cable") or {}
    return TrendInput(
        leakage_slope=leakage.get("trend"),
        leakage_baseline=leakage.get("baseline"),
        leakage_limit=leakage.get("limit"),
        leakage_days_to_limit=leakage.get("days_to_limit"),
        cable_temperature=cable.get("hottest"),
        cable_limit=cable.get("limit"),
        cable_margin=cable.get("margin"),
        cable_slope=cable.get("trend"),
    )


async def async_make_report(
    hass: HomeAssistant, data: Mapping[str, Any], user_id: str | None = None
) -> dict[str, Any]:
    """Gather the statistics and the alarms of a period and scope; return the report (and files)."""
    if "recorder" not in hass.config.components:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="report_needs_recorder"
        )
    tz = dt_util.get_default_time_zone()
    period = _period(data, tz, dt_util.now().date())
    boxes, narrowed = await _async_boxes_in_scope(hass, data, user_id)
    asked = data.get("tariff") or async_get_panel_settings(hass).tariff
    try:
        schedule = TimeOfUse.from_config(asked) if asked else DEFAULT_TOU
    except (TypeError, ValueError) as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="report_bad_tariff",
            translation_placeholders={"error": str(err)},
        ) from err
    ids = {box.serial: _statistic_ids(hass, box) for box in boxes}
    wanted = {entity_id for by_key in ids.values() for entity_id in by_key.values()}
    stats: dict[str, list[Any]] = {}
    if wanted:
        stats = await get_instance(hass).async_add_executor_job(
            statistics_during_period,
            hass,
            period.start,
            period.end,
            wanted,
            "hour",
            None,
            {"change", "max", "mean"},
        )
    fleet = async_get_fleet(hass)
    inputs: list[BoxInput] = []
    for box in boxes:
        by_key = ids[box.serial]

        def rows(key: str, _keys: Mapping[str, str] = by_key) -> list[Any]:
            return stats.get(_keys.get(key, ""), [])

        unbalance = rows("voltage_unbalance")
        inputs.append(
            BoxInput(
                serial=box.serial,
                name=box.title,
                area=fleet.area_name(box.device_id),
                location=box.details.get("location"),
                energy_hourly=_series(rows("energy"), "change"),
                power_hourly_max=_series(rows("active_power"), "max"),
                voltage_qualification_daily=_daily_last(rows("voltage_qualification_rate"), tz),
                unbalance_hourly=[
                    (dt_util.utc_from_timestamp(r["start"]), r["mean"], r["max"])
                    for r in unbalance
                    if isinstance(r.get("mean"), int | float)
                    and isinstance(r.get("max"), int | float)
                ],
                trend=_trend(hass, box),
            )
        )
    query: dict[str, Any] = {"start": period.start, "end": period.end, "limit": 10_000}
    if narrowed:
        query["device_id"] = [box.device_id for box in boxes]
    skip = narrowed and not boxes
    alarms = [] if skip else (await async_query_alarms(hass, ALARMS_SCHEMA(query)))["alarms"]
    language = data.get("language") or ("zh" if hass.config.language.startswith("zh") else "en")
    report = await hass.async_add_executor_job(
        lambda: build_report(period, inputs, alarms, schedule, tz, generated=dt_util.now())
    )
    answer: dict[str, Any] = report.as_dict()
    if data["save"]:
        answer["files"] = await _async_save(hass, report, language, period)
    return answer


async def _async_save(
    hass: HomeAssistant, report: Any, language: str, period: ReportPeriod
) -> dict[str, str]:
    """Write the HTML and the CSV; return their signed links."""
    folder = Path(hass.config.path(REPORTS_DIR))
    stem = f"safe-power-{period.kind}-{re.sub(r'[^0-9A-Za-z-]+', '_', period.label)}-{language}"

    def write() -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{stem}.html").write_text(render_html(report, language), encoding="utf-8")
        # With a byte order mark: Excel then reads the Chinese right.
        (folder / f"{stem}.csv").write_text(render_csv(report, language), encoding="utf-8-sig")

    await hass.async_add_executor_job(write)
    if "http" not in hass.config.components:  # no web server: nothing links the files
        return {}
    return {
        kind: async_sign_path(hass, f"{URL}/{stem}.{kind}", LINK_VALID, use_content_user=_no_user())
        for kind in ("html", "csv")
    }


def _no_user() -> bool:
    """Return True when no request or connection is there to sign with (an automation)."""
    connection = current_connection.get()
    return not (connection and connection.refresh_token_id) and current_request.get() is None


class ReportView(HomeAssistantView):
    """Serve a saved report to a logged-in user, or to a signed link."""

    url = URL + "/{name}"
    name = "api:safe_power:report"
    requires_auth = True

    async def get(self, request: web.Request, name: str) -> web.StreamResponse:
        """Return the file, or 404 for anything that is not one of the saved reports."""
        hass = request.app[KEY_HASS]
        if not _NAME.match(name):
            return web.Response(status=HTTPStatus.NOT_FOUND)
        path = Path(hass.config.path(REPORTS_DIR)) / name
        if not await hass.async_add_executor_job(path.is_file):
            return web.Response(status=HTTPStatus.NOT_FOUND)
        content_type = "text/html" if name.endswith(".html") else "text/csv"
        return web.FileResponse(path, headers={"Content-Type": f"{content_type}; charset=utf-8"})


async def _async_report(call: ServiceCall) -> ServiceResponse:
    answer: ServiceResponse = await async_make_report(call.hass, call.data, call.context.user_id)
    return answer


def async_setup_reports(hass: HomeAssistant) -> None:
    """Register the report action and (with http) the view of its files."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_REPORT,
        _async_report,
        schema=REPORT_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    async_register_view(hass, ReportView())

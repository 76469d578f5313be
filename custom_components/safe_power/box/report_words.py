"""The report's words in English and Chinese: names, headings, notes, numbers and times.

Pure Python: no Home Assistant import, and nothing of the report's other modules: `report`
computes the figures, `report_render` writes them as HTML and CSV with these words.
`language` arguments take any tag ("en", "zh", "zh-Hans", ...); `lang` arguments are the
key `lang_of` returns, "en" or "zh".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final

# The paragraph shown where a section has nothing to show.
NO_DATA: Final = {"en": "No data for this period", "zh": "本期无数据"}

# The alarm causes (`model.AlarmCause` and the register's gateway_unreachable, ...).
CAUSE_NAMES: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "overcurrent": "Overload",
        "leakage": "Residual current",
        "cable_over_temperature": "Cable over-temperature",
        "box_over_temperature": "Box over-temperature",
        "overvoltage": "Overvoltage",
        "undervoltage": "Undervoltage",
        "phase_loss": "Phase loss",
        "supply_outage": "Supply outage",
        "unbalance": "Unbalance",
        "sensor_fault": "Sensor fault",
        "contactor_tripped": "Contactor tripped",
        "offline": "Offline",
        "gateway_unreachable": "Gateway unreachable",
    },
    "zh": {
        "overcurrent": "过流（过载）",
        "leakage": "剩余电流",
        "cable_over_temperature": "线缆超温",
        "box_over_temperature": "箱体超温",
        "overvoltage": "过压",
        "undervoltage": "欠压",
        "phase_loss": "缺相",
        "supply_outage": "失压",
        "unbalance": "三相不平衡",
        "sensor_fault": "传感器故障",
        "contactor_tripped": "接触器脱扣",
        "offline": "离线",
        "gateway_unreachable": "网关通信中断",
    },
}
# The diagnosis rules (see `diagnosis`), named as an electrician would name the fault.
RULE_NAMES: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "loose_terminal": "Loose terminal",
        "overload": "Overload",
        "insulation_ageing": "Insulation ageing or damp",
        "faulty_appliance": "Faulty appliance",
        "supply_side": "Supply side",
        "neutral_fault": "Neutral fault",
        "nearby_heat": "Heat from outside the box",
        "area_outage": "Area power cut",
        "trip_or_fire_damage": "Trip or fire damage",
    },
    "zh": {
        "loose_terminal": "端子松动（接触不良）",
        "overload": "过载",
        "insulation_ageing": "绝缘老化或受潮",
        "faulty_appliance": "用电设备漏电",
        "supply_side": "上级供电侧问题",
        "neutral_fault": "零线松动或断零",
        "nearby_heat": "箱外热源",
        "area_outage": "区域停电",
        "trip_or_fire_damage": "跳闸或火损",
    },
}
# Through what someone acted on an alarm (an actor's `via`), shown when no person is known.
VIA: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "app": "app",
        "dashboard": "dashboard",
        "service": "service",
        "automation": "automation",
    },
    "zh": {"app": "手机App", "dashboard": "仪表盘", "service": "服务调用", "automation": "自动化"},
}
# Where an alarm came from (its `origin`): the detector, Home Assistant or a user's limit.
ORIGIN: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {"device": "Detector", "home_assistant": "Home Assistant", "user_limit": "User limit"},
    "zh": {"device": "探测器", "home_assistant": "Home Assistant", "user_limit": "用户自设限值"},
}
# What was left out as unusable, per `SKIP_KINDS` of `report`.
SKIPPED_NAMES: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "energy": "hourly energy values",
        "power": "hourly power values",
        "qualification": "daily qualification rates",
        "unbalance": "hourly unbalance values",
        "trend": "trend figures",
        "alarms": "alarm records",
        "alarm_fields": "parts of alarm records",
        "outside_period": "values outside the period",
    },
    "zh": {
        "energy": "小时用电量",
        "power": "小时功率",
        "qualification": "日电压合格率",
        "unbalance": "小时不平衡度",
        "trend": "趋势数据",
        "alarms": "报警记录",
        "alarm_fields": "报警记录中的部分内容",
        "outside_period": "统计周期以外的数据",
    },
}
# Every other text of the HTML and CSV: headings, column heads, notes.
TEXT: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "Safe Power report",
        "period": "Period",
        "generated": "Generated",
        "timezone": "Time zone",
        "scope": "Scope",
        "scope_boxes": "{boxes} distribution boxes",
        "scope_areas": "areas: {areas}",
        "summary": "Summary",
        "energy": "Energy",
        "max_demand": "Maximum demand",
        "qualification": "Voltage qualification rate",
        "alarms": "Alarms",
        "worst_box": "Box with the most alarms",
        "sum_alarms": "{total} ({open} still open{covered})",
        "sum_covered": "; {covered} more covered by another alarm, not counted",
        "sum_qual": "{mean} % mean",
        "sum_worst_day": "; worst day {day}, {box}: {rate} %",
        "sum_worst_box": "{box}: {count}",
        "sum_demand_all": " (all boxes: their hourly maxima added, an upper bound)",
        "sum_ack": "Acknowledged: median {median}, longest {max}",
        "responses": "Response times",
        "sec_energy_box": "Energy by distribution box",
        "sec_energy_day": "Energy by day",
        "sec_energy_month": "Energy by month",
        "box": "Distribution box",
        "area": "Area",
        "total_kwh": "Total (kWh)",
        "demand_kw": "Max demand (kW)",
        "at": "At",
        "day": "Day",
        "month": "Month",
        "all_boxes": "All boxes",
        "energy_note": (
            "Time-of-use periods (local time): {schedule}. Maximum demand: the highest hourly "
            "maximum of active power. All boxes: the highest sum of the boxes' hourly maxima in "
            "one hour, an upper bound (the boxes need not peak at the same minute)."
        ),
        "sec_quality": "Supply quality",
        "unbalance": "Voltage unbalance",
        "mean_pct": "Mean (%)",
        "max_pct": "Max (%)",
        "qual_worst": "Worst day",
        "qual_worst_rate": "Worst day (%)",
        "days": "Days",
        "hours": "Hours",
        "unb_max_at": "Max at",
        "unb_above": "Hours above {limit} %",
        "qual_note": (
            "Voltage qualification rate (GB/T 12325): per day, the share of the monitored time "
            "in which every phase voltage was within its limits; the mean weighs each day alike."
        ),
        "unb_note": (
            "Voltage unbalance: the largest deviation of a voltage from the mean of the three, "
            "in % of that mean (NEMA definition; for small unbalances close to GB/T 15543's "
            "negative-sequence definition). Mean: of the hourly means; max: the highest hourly "
            "maximum; hours above {limit} %: hours whose mean exceeded GB/T 15543's normal "
            "limit."
        ),
        "sec_alarms": "Alarms",
        "by_cause": "By cause",
        "by_box": "By distribution box",
        "by_area": "By area",
        "cause": "Cause",
        "count": "Alarms",
        "no_area": "No area",
        "sec_response": "Handling and response times",
        "response": "Response",
        "ack": "Acknowledged",
        "power_off": "Powered off (first successful off)",
        "median": "Median",
        "longest": "Longest",
        "unacked": "Not acknowledged: {n}.",
        "covered_note": (
            "Covered by another alarm (a user's limit under the detector's own alarm), listed "
            "but not counted in these figures: {n}."
        ),
        "responders": "Who responded",
        "person": "Person",
        "acks": "Acknowledged",
        "offs": "Powered off",
        "sec_alarm_list": "Alarm list",
        "raised": "Raised",
        "value": "Value / setting",
        "duration": "Duration",
        "ack_by": "Acknowledged by",
        "off_by": "Powered off by",
        "ack_col": "Acknowledged by, after",
        "off_col": "Powered off by, after",
        "still_open": "still open",
        "covered": "covered by another alarm",
        "sec_causes": "Fault cause analysis",
        "rule": "Probable cause",
        "example": "Example",
        "sec_advice": "Maintenance advice",
        "confidence": "Confidence",
        "advice": "Advice",
        "causes_note": "Each probable cause is counted once per alarm it was found in.",
        "sec_trends": "Trends",
        "leak_base": "Residual current baseline (mA)",
        "leak_slope": "Rise (mA/day)",
        "setting_ma": "Setting (mA)",
        "days_to": "Days to setting",
        "cable": "Cable temperature (°C)",
        "setting_c": "Setting (°C)",
        "margin": "Margin (K)",
        "cable_slope": "Rise (K/day)",
        "trend_note": (
            "Most urgent first: the fewest days until the residual current baseline or the "
            "cable's daily peak reaches its setting at its present rate."
        ),
        "skipped_note": "Left out as unusable: {items}.",
        "yes": "yes",
        "no": "no",
        "serial": "Serial",
        "location": "Location",
        "origin": "Origin",
        "unit": "Unit",
        "setting": "Setting",
        "measured": "Value",
        "cleared": "Cleared",
        "duration_min": "Duration (min)",
        "covered_by": "Covered by",
        "ack_at": "Acknowledged at",
        "ack_min": "Acknowledge response (min)",
        "off_at": "Powered off at",
        "off_min": "Power-off response (min)",
        "off_box": "Box powered off",
        "open_col": "Still open",
        "alarm_id": "Alarm ID",
        "demand_at": "Max demand at",
    },
    "zh": {
        "title": "安全用电报告",
        "period": "统计周期",
        "generated": "生成时间",
        "timezone": "时区",
        "scope": "范围",
        "scope_boxes": "配电箱 {boxes} 台",
        "scope_areas": "区域：{areas}",
        "summary": "概要",
        "energy": "用电量",
        "max_demand": "最大需量",
        "qualification": "电压合格率",
        "alarms": "报警",
        "worst_box": "报警最多的配电箱",
        "sum_alarms": "{total} 起（仍未解除 {open} 起{covered}）",
        "sum_covered": "；另有 {covered} 起已由其他报警覆盖，不重复计数",
        "sum_qual": "平均 {mean}%",
        "sum_worst_day": "；最差日 {day}，{box}：{rate}%",
        "sum_worst_box": "{box}：{count} 起",
        "sum_demand_all": "（全部配电箱同一小时最大值之和，上限估计）",
        "sum_ack": "确认：中位数 {median}，最长 {max}",
        "responses": "响应时间",
        "sec_energy_box": "各配电箱用电量",
        "sec_energy_day": "逐日用电量",
        "sec_energy_month": "逐月用电量",
        "box": "配电箱",
        "area": "区域",
        "total_kwh": "合计 (kWh)",
        "demand_kw": "最大需量 (kW)",
        "at": "出现时间",
        "day": "日期",
        "month": "月份",
        "all_boxes": "全部配电箱",
        "energy_note": (
            "峰平谷时段（当地时间）：{schedule}。最大需量取每小时有功功率最大值中的最高值；"
            "“全部配电箱”一行取同一小时各箱最大值之和的最高值，各箱峰值未必同时出现，故为上限估计。"
        ),
        "sec_quality": "供电质量",
        "unbalance": "三相电压不平衡度",
        "mean_pct": "平均 (%)",
        "max_pct": "最大 (%)",
        "qual_worst": "最差日",
        "qual_worst_rate": "最差日合格率 (%)",
        "days": "统计天数",
        "hours": "统计小时数",
        "unb_max_at": "最大值出现时间",
        "unb_above": "超过 {limit}% 的小时数",
        "qual_note": (
            "电压合格率（GB/T 12325）：每日监测时间内各相电压均在允许偏差范围内的时间所占比例；"
            "平均值按天等权计算。"
        ),
        "unb_note": (
            "三相电压不平衡度：各电压与三相平均值的最大偏差占平均值的百分比（NEMA 定义，"
            "不平衡度较小时与 GB/T 15543 的负序定义基本一致）；平均值为各小时平均值的平均，"
            "最大值为各小时最大值中的最高值；超过 {limit}% 的小时数按小时平均值统计"
            "（GB/T 15543 正常运行限值）。"
        ),
        "sec_alarms": "报警统计",
        "by_cause": "按报警原因",
        "by_box": "按配电箱",
        "by_area": "按区域",
        "cause": "报警原因",
        "count": "次数",
        "no_area": "未分区域",
        "sec_response": "报警处置与响应时间",
        "response": "响应时间",
        "ack": "确认",
        "power_off": "分闸（首次成功分闸）",
        "median": "中位数",
        "longest": "最长",
        "unacked": "未确认的报警：{n} 起。",
        "covered_note": (
            "另有 {n} 起报警已由其他报警覆盖（用户自设限值与探测器本身的报警重复），"
            "列入明细，但不计入以上统计。"
        ),
        "responders": "处置人员",
        "person": "人员",
        "acks": "确认次数",
        "offs": "分闸次数",
        "sec_alarm_list": "报警明细",
        "raised": "报警时间",
        "value": "测量值 / 设定值",
        "duration": "持续时间",
        "ack_by": "确认人",
        "off_by": "分闸人",
        "ack_col": "确认人 / 响应时间",
        "off_col": "分闸人 / 响应时间",
        "still_open": "仍未解除",
        "covered": "已由其他报警覆盖",
        "sec_causes": "故障原因分析",
        "rule": "可能原因",
        "example": "示例",
        "sec_advice": "维护建议",
        "confidence": "置信度",
        "advice": "建议",
        "causes_note": "每起报警中诊断出的同一原因只计一次。",
        "sec_trends": "趋势预警",
        "leak_base": "剩余电流基线 (mA)",
        "leak_slope": "增长 (mA/天)",
        "setting_ma": "设定值 (mA)",
        "days_to": "预计达到设定值 (天)",
        "cable": "线缆温度 (°C)",
        "setting_c": "设定值 (°C)",
        "margin": "裕量 (K)",
        "cable_slope": "升温 (K/天)",
        "trend_note": (
            "按紧迫程度排列：按目前的变化速度，剩余电流基线或线缆每日最高温度最早达到设定值的"
            "配电箱排在最前。"
        ),
        "skipped_note": "以下数据无法使用，已略去：{items}。",
        "yes": "是",
        "no": "否",
        "serial": "序列号",
        "location": "安装位置",
        "origin": "来源",
        "unit": "单位",
        "setting": "设定值",
        "measured": "测量值",
        "cleared": "解除时间",
        "duration_min": "持续时间 (分钟)",
        "covered_by": "覆盖它的报警",
        "ack_at": "确认时间",
        "ack_min": "确认响应时间 (分钟)",
        "off_at": "分闸时间",
        "off_min": "分闸响应时间 (分钟)",
        "off_box": "分闸的配电箱",
        "open_col": "仍未解除",
        "alarm_id": "报警编号",
        "demand_at": "最大需量出现时间",
    },
}


def lang_of(language: str) -> str:
    """Return "zh" for any Chinese language tag (zh, zh-Hans, zh-CN), else "en"."""
    return "zh" if language.lower().startswith("zh") else "en"


def number_text(value: float | None, lang: str, digits: int = 1) -> str:
    """Return a number for reading: thousands separators in English, "—" for none."""
    if value is None:
        return "—"
    return f"{value:,.{digits}f}" if lang == "en" else f"{value:.{digits}f}"


def time_text(value: datetime | None) -> str:
    """Return a local time as "2026-11-03 08:00", "—" for none."""
    return "—" if value is None else f"{value:%Y-%m-%d %H:%M}"


def duration_text(seconds: int | None, lang: str) -> str:
    """Return a duration the way people say it: "3 min 20 s", "1 h 05 min", "3分20秒"."""
    if seconds is None:
        return "—"
    s = max(seconds, 0)
    if s < 60:
        return f"{s} s" if lang == "en" else f"{s}秒"
    if s < 3600:
        m, s = divmod(s, 60)
        if lang == "en":
            return f"{m} min {s:02d} s" if s else f"{m} min"
        return f"{m}分{s}秒" if s else f"{m}分钟"
    if s < 86400:
        h, m = divmod(s // 60, 60)
        if lang == "en":
            return f"{h} h {m:02d} min"
        return f"{h}小时{m}分" if m else f"{h}小时"
    d, h = divmod(s // 3600, 24)
    if lang == "en":
        return f"{d} d {h} h"
    return f"{d}天{h}小时" if h else f"{d}天"


def cause_name(cause: str, language: str) -> str:
    """Return an alarm cause's name in a language; an unknown cause shows as its key."""
    return CAUSE_NAMES[lang_of(language)].get(cause, cause)


def rule_name(rule: str, lang: str) -> str:
    """Return a diagnosis rule's name; an unknown rule shows as its key."""
    return RULE_NAMES[lang].get(rule, rule)


def who_text(user: str | None, via: str | None, lang: str) -> str:
    """Return who acted: the person, else through what ("(automation)")."""
    if user:
        return user
    if via:
        return f"({VIA[lang].get(via, via)})" if lang == "en" else f"（{VIA[lang].get(via, via)}）"
    return "—"

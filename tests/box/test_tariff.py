"""Time-of-use schedules and the split of hourly energy by tariff period."""

from datetime import UTC, datetime, time, timedelta, timezone
import math
from zoneinfo import ZoneInfo

import pytest

from custom_components.safe_power.box.tariff import (
    DEFAULT_TOU,
    Period,
    TimeOfUse,
    hour_shares,
    split_energy,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 2026-11-10 00:00 in Shanghai (UTC+8) is 2026-11-09 16:00 UTC.
LOCAL_MIDNIGHT_UTC = datetime(2026, 11, 9, 16, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (time(0, 0), Period.VALLEY),
        (time(6, 59), Period.VALLEY),
        (time(7, 0), Period.FLAT),
        (time(7, 59, 59), Period.FLAT),
        (time(8, 0), Period.PEAK),
        (time(10, 59), Period.PEAK),
        (time(11, 0), Period.FLAT),
        (time(17, 59), Period.FLAT),
        (time(18, 0), Period.PEAK),
        (time(22, 59), Period.PEAK),
        (time(23, 0), Period.VALLEY),
        (time(23, 59), Period.VALLEY),
    ],
)
def test_default_schedule(at: time, expected: Period) -> None:
    assert DEFAULT_TOU.period_at(at) is expected


def test_default_schedule_has_eight_hours_of_each() -> None:
    hours = dict.fromkeys(DEFAULT_TOU.periods, 0)
    for lo, hi, period in DEFAULT_TOU.segments():
        hours[period] += hi - lo
    assert hours == {Period.PEAK: 480, Period.FLAT: 480, Period.VALLEY: 480}


def test_the_day_wraps_round_before_the_first_change() -> None:
    schedule = TimeOfUse((("07:00", Period.FLAT), ("19:30", Period.SHARP), ("23:00", "valley")))  # type: ignore[arg-type]
    assert schedule.period_at(time(3, 0)) is Period.VALLEY
    assert schedule.period_at(time(19, 29)) is Period.FLAT
    assert schedule.period_at(time(19, 30)) is Period.SHARP
    assert schedule.periods == (Period.SHARP, Period.FLAT, Period.VALLEY)
    assert schedule.segments()[0] == (0, 420, Period.VALLEY)


def test_config_round_trip_normalises() -> None:
    schedule = TimeOfUse.from_config(
        [{"start": "0:00", "period": "valley"}, {"start": "8:00", "period": "peak"}]
    )
    assert schedule.as_config() == [
        {"start": "00:00", "period": "valley"},
        {"start": "08:00", "period": "peak"},
    ]
    assert TimeOfUse.from_config(DEFAULT_TOU.as_config()) == DEFAULT_TOU


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ([], "at least one"),
        ([{"start": "08:00", "period": "peak"}, {"start": "07:00", "period": "flat"}], "order"),
        ([{"start": "08:00", "period": "peak"}, {"start": "08:00", "period": "flat"}], "order"),
        ([{"start": "24:00", "period": "peak"}], "00:00-23:59"),
        ([{"start": "07:60", "period": "peak"}], "minutes"),
        ([{"start": "8h", "period": "peak"}], "HH:MM"),
        ([{"start": "08:00", "period": "super_peak"}], "unknown tariff period"),
        ([{"start": "08:00"}], "start and a period"),
    ],
)
def test_invalid_schedules_are_refused(config: list[dict[str, str]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TimeOfUse.from_config(config)


def test_split_of_a_known_day_in_shanghai() -> None:
    # Local hour h (0..23) drew h + 1 kWh.
    hourly = [(LOCAL_MIDNIGHT_UTC + timedelta(hours=h), float(h + 1)) for h in range(24)]
    split = split_energy(hourly, DEFAULT_TOU, SHANGHAI)
    # valley 00-07 and 23: 1+..+7 + 24; flat 07 and 11-17: 8 + 12+..+18;
    # peak 08-11 and 18-23: 9+10+11 + 19+..+23.
    assert split.by_period == {Period.VALLEY: 52.0, Period.FLAT: 113.0, Period.PEAK: 135.0}
    assert split.total == 300.0
    assert split.skipped_hours == 0


def test_a_change_inside_an_hour_is_shared_by_minutes() -> None:
    schedule = TimeOfUse((("00:00", Period.VALLEY), ("07:30", Period.FLAT)))
    hour_at_7 = LOCAL_MIDNIGHT_UTC + timedelta(hours=7)
    hour_at_8 = LOCAL_MIDNIGHT_UTC + timedelta(hours=8)
    split = split_energy([(hour_at_7, 3.0), (hour_at_8, 2.0)], schedule, SHANGHAI)
    assert split.by_period == {Period.FLAT: 3.5, Period.VALLEY: 1.5}
    assert split.total == 5.0


def test_a_half_hour_offset_splits_whole_hours_too() -> None:
    # UTC 01:00 is 06:30 in India: half valley, half flat under the default schedule.
    india = timezone(timedelta(hours=5, minutes=30))
    split = split_energy([(datetime(2026, 11, 10, 1, tzinfo=UTC), 4.0)], DEFAULT_TOU, india)
    assert split.by_period == {Period.PEAK: 0.0, Period.FLAT: 2.0, Period.VALLEY: 2.0}


def test_an_hour_over_local_midnight_wraps() -> None:
    # UTC 18:30 is 23:30-00:30 in Shanghai; a change at 00:00 splits it.
    schedule = TimeOfUse((("00:00", Period.VALLEY), ("12:00", Period.PEAK)))
    shares = dict(hour_shares(datetime(2026, 11, 10, 15, 30, tzinfo=UTC), schedule, SHANGHAI))
    assert shares == {Period.PEAK: 0.5, Period.VALLEY: 0.5}


def test_a_daylight_saving_hour_is_walked_by_the_minute() -> None:
    # Berlin, 2026-03-29: the hour from 00:30 UTC runs 01:30-01:59 CET, then the clock jumps
    # and it runs 03:00-03:29 CEST. Its wall-clock span is not 60 minutes.
    berlin = ZoneInfo("Europe/Berlin")
    schedule = TimeOfUse((("00:00", Period.VALLEY), ("03:00", Period.PEAK)))
    shares = dict(hour_shares(datetime(2026, 3, 29, 0, 30, tzinfo=UTC), schedule, berlin))
    assert shares == {Period.VALLEY: 0.5, Period.PEAK: 0.5}


def test_bad_values_are_skipped_and_counted() -> None:
    start = LOCAL_MIDNIGHT_UTC + timedelta(hours=9)  # peak
    hourly = [
        (start, 2.0),
        (start, -500.0),  # a meter reset
        (start, math.nan),
        (start, math.inf),
        (start.replace(tzinfo=None), 1.0),  # naive: which hour is it?
        (start, True),  # not a number
    ]
    split = split_energy(hourly, DEFAULT_TOU, SHANGHAI)
    assert split.by_period == {Period.PEAK: 2.0, Period.FLAT: 0.0, Period.VALLEY: 0.0}
    assert split.total == 2.0
    assert split.skipped_hours == 5


def test_nothing_to_split() -> None:
    split = split_energy([], DEFAULT_TOU, SHANGHAI)
    assert split.total == 0.0
    assert set(split.by_period.values()) == {0.0}
    assert split.skipped_hours == 0

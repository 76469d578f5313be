"""The alarm register: records, their life, timers, queries, bounds and storage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
import json

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.safe_power.box.alarm_register import (
    Actor,
    AlarmRecord,
    AlarmRegister,
    AlarmState,
    Origin,
    PowerCommand,
    Schedule,
    Via,
    month_of,
)

T0 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
DEFAULT = Schedule()


def _register(**kwargs: object) -> AlarmRegister:
    ids = count(1)
    return AlarmRegister(id_factory=lambda: f"a{next(ids)}", **kwargs)  # type: ignore[arg-type]


def _raise(
    register: AlarmRegister,
    serial: str = "SP1",
    cause: str = "overcurrent",
    at: datetime = T0,
    origin: str = Origin.DEVICE,
    **details: object,
) -> AlarmRecord:
    record, _ = register.raise_alarm(serial, cause, origin=origin, time=at, received=at, **details)
    return record


def test_an_alarm_lives_from_raised_to_cleared() -> None:
    register = _register()
    record, new = register.raise_alarm(
        "SP1",
        "undervoltage",
        origin=Origin.DEVICE,
        time=T0 - MIN,
        received=T0,
        clock="box",
        box="Kitchen box",
        value=180.5,
        threshold=198.0,
        unit="V",
        channel="voltage_b",
        place={"area": "Kitchen", "location": "north wall", "floor": 0},
    )
    assert new
    assert record.state is AlarmState.ACTIVE
    assert record.limit == "below"
    # The same alarm while it lasts: no second record.
    again, new = register.raise_alarm(
        "SP1", "undervoltage", origin=Origin.DEVICE, time=T0, received=T0 + MIN
    )
    assert (again, new) == (record, False)
    # The user's own limit on the same cause is another alarm.
    _, new = register.raise_alarm(
        "SP1", "undervoltage", origin=Origin.USER_LIMIT, time=T0, received=T0
    )
    assert new

    actor = Actor(T0 + 2 * MIN, Via.APP, "user-1", "Li Wei")
    assert register.acknowledge(record.alarm_id, actor) is record
    assert record.state is AlarmState.ACKNOWLEDGED
    assert register.acknowledge(record.alarm_id, actor) is None  # once
    register.add_power(record.alarm_id, PowerCommand(actor, "off", ok=True))
    assert register.clear("SP1", "undervoltage", Origin.DEVICE, T0 + 5 * MIN) is record
    assert record.state is AlarmState.CLEARED
    assert register.clear("SP1", "undervoltage", Origin.DEVICE, T0 + 6 * MIN) is None
    assert register.acknowledge(record.alarm_id, actor) is None

    data = record.as_dict()
    assert data["state"] == "cleared"
    assert data["time"] == "2026-11-30T07:59:00+00:00"
    assert data["limit"] == "below"
    assert data["area"] == "Kitchen"
    assert data["acknowledged"] == {
        "at": "2026-11-30T08:02:00+00:00",
        "via": "app",
        "user_id": "user-1",
        "user": "Li Wei",
    }
    assert data["power"][0]["command"] == "off"
    assert data["power"][0]["ok"] is True
    json.dumps(data)  # plain JSON for events and service responses

    # After clearing, the cause raises a new alarm.
    _, new = register.raise_alarm(
        "SP1", "undervoltage", origin=Origin.DEVICE, time=T0, received=T0 + 10 * MIN
    )
    assert new


@pytest.mark.parametrize(
    ("cause", "limit"),
    [
        ("overcurrent", "above"),
        ("leakage", "above"),
        ("unbalance", "above"),
        ("overvoltage", "above"),
        ("undervoltage", "below"),
        ("phase_loss", "below"),
        ("offline", None),
        ("sensor_fault", None),
        ("contactor_tripped", None),
        ("gateway_unreachable", None),
    ],
)
def test_the_limit_side_of_every_cause(cause: str, limit: str | None) -> None:
    assert _raise(_register(), cause=cause).limit == limit


def test_unknown_causes_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown cause"):
        _raise(_register(), cause="fire")


def test_reminders_and_escalation_follow_the_schedule() -> None:
    register = _register()
    record = _raise(register)
    assert record.notified == 1  # the raise itself
    assert register.next_due(lambda _: DEFAULT) == T0 + 5 * MIN
    assert register.take_due(T0 + 4 * MIN, lambda _: DEFAULT) == []

    [due] = register.take_due(T0 + 5 * MIN, lambda _: DEFAULT)
    assert (due.kind, due.level) == ("reminder", 0)
    assert register.next_due(lambda _: DEFAULT) == T0 + 10 * MIN
    [due] = register.take_due(T0 + 10 * MIN, lambda _: DEFAULT)
    assert (due.kind, due.level) == ("escalated", 1)  # escalation wins over the reminder
    assert record.level == 1
    [due] = register.take_due(T0 + 15 * MIN, lambda _: DEFAULT)
    assert (due.kind, due.level) == ("reminder", 1)
    assert record.notified == 4
    assert record.as_dict()["notifications"] == {
        "count": 4,
        "last": "2026-11-30T08:15:00+00:00",
        "level": 1,
    }

    # Acknowledged: nothing more.
    register.acknowledge(record.alarm_id, Actor(T0 + 16 * MIN, Via.SERVICE))
    assert register.next_due(lambda _: DEFAULT) is None
    assert register.take_due(T0 + 60 * MIN, lambda _: DEFAULT) == []


def test_steps_missed_during_a_restart_collapse_into_one() -> None:
    register = _register()
    record = _raise(register)
    [due] = register.take_due(T0 + 45 * MIN, lambda _: DEFAULT)
    assert (due.kind, due.level) == ("escalated", 2)
    assert record.notified == 2
    assert register.next_due(lambda _: DEFAULT) == T0 + 50 * MIN  # reminders only now


def test_no_reminders_when_the_interval_is_off() -> None:
    register = _register()
    _raise(register)
    quiet = Schedule(reminder=None, escalation=())
    assert register.next_due(lambda _: quiet) is None
    assert register.take_due(T0 + 600 * MIN, lambda _: quiet) == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"reminder": timedelta(0)},
        {"escalation": (timedelta(minutes=-1),)},
        {"escalation": (timedelta(minutes=30), timedelta(minutes=10))},
    ],
)
def test_schedules_that_would_spin_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Schedule(**kwargs)  # type: ignore[arg-type]


def test_query_by_box_cause_state_area_and_time() -> None:
    register = _register()
    a = _raise(register, "SP1", "overcurrent", T0, place={"area_id": "kitchen"})
    b = _raise(register, "SP1", "leakage", T0 + MIN, place={"area_id": "kitchen"})
    c = _raise(register, "SP2", "overcurrent", T0 + 2 * MIN, place={"area_id": "b2"})
    register.clear("SP1", "overcurrent", Origin.DEVICE, T0 + 3 * MIN)

    records, total = register.query()
    assert [r.alarm_id for r in records] == [c.alarm_id, b.alarm_id, a.alarm_id]
    assert total == 3
    assert register.query(serials=["SP1"])[0] == [b, a]
    assert register.query(causes=["overcurrent"])[0] == [c, a]
    assert register.query(states=["cleared"])[0] == [a]
    assert register.query(states=["active"])[0] == [c, b]
    assert register.query(area_ids=["b2"])[0] == [c]
    assert register.query(start=T0 + MIN, end=T0 + 2 * MIN)[0] == [b]
    assert register.query(limit=1) == ([c], 3)
    assert register.query(serials=["nobody"]) == ([], 0)
    assert [r.alarm_id for r in register.open_alarms()] == [b.alarm_id, c.alarm_id]
    assert register.unacknowledged("SP2") == [c]


def test_prune_keeps_open_alarms_and_bounds_count_and_age() -> None:
    register = _register(max_count=3, max_age=timedelta(days=30))
    old = _raise(register, at=T0 - timedelta(days=40))
    register.clear("SP1", "overcurrent", Origin.DEVICE, T0 - timedelta(days=40))
    still_open = _raise(register, cause="leakage", at=T0 - timedelta(days=50))
    recent = []
    for i in range(4):
        recent.append(_raise(register, "SP2", at=T0 + i * MIN))
        register.clear("SP2", "overcurrent", Origin.DEVICE, T0 + i * MIN)
    register.take_dirty()
    assert register.prune(T0 + 10 * MIN) == 3  # the old one by age, two by count
    assert month_of(old.received) in register.take_dirty()  # rewritten without it
    october = register.month_records(month_of(old.received))
    assert [item["id"] for item in october] == [still_open.alarm_id]
    assert register.get(old.alarm_id) is None
    assert register.get(still_open.alarm_id) is still_open
    assert [r.alarm_id for r in register.query(serials=["SP2"])[0]] == [
        recent[3].alarm_id,
        recent[2].alarm_id,
    ]
    assert len(register) == 3


def test_storage_round_trip_by_month() -> None:
    register = _register()
    a = _raise(register, at=T0 - timedelta(days=30), value=35.5, threshold=32.0, unit="A")
    b = _raise(
        register,
        "SP2",
        "leakage",
        T0,
        diagnosis=[{"rule": "insulation_ageing"}],
        place={"site": "North campus", "building": "3 号楼", "area": "Plant room", "floor": -1},
    )
    register.acknowledge(b.alarm_id, Actor(T0 + MIN, Via.APP, None, "Pixel 8"))
    register.add_power(
        b.alarm_id, PowerCommand(Actor(T0 + MIN, Via.APP), "off", ok=False, error="offline")
    )
    # A neighbour the alarm warned cut its own power: recorded on the alarm, naming that box.
    neighbour = PowerCommand(Actor(T0 + MIN, Via.APP), "off", ok=True, serial="SP3", box="Boiler")
    register.add_power(b.alarm_id, neighbour)
    assert b.as_dict()["power"][1] | {"at": None} == {
        "at": None,
        "via": "app",
        "user_id": None,
        "user": None,
        "command": "off",
        "ok": True,
        "error": None,
        "serial": "SP3",
        "box": "Boiler",
    }
    register.take_due(T0 + 12 * MIN, lambda _: DEFAULT)
    dirty = register.take_dirty()
    assert dirty == [month_of(a.received), "2026-11"]
    assert register.take_dirty() == []
    assert register.months == dirty

    stored = json.loads(json.dumps({m: register.month_records(m) for m in dirty}))
    again = _register()
    assert again.load([item for month in stored.values() for item in month]) == 0
    for record in (a, b):
        assert again.get(record.alarm_id) == record
    restored = again.get(b.alarm_id)
    assert restored is not None
    assert restored.place["building"] == "3 号楼"  # where it was, after a restart
    # Open alarms are open again, timers go on where they were.
    assert again.open_alarm("SP1", "overcurrent", Origin.DEVICE) == a
    assert again.next_due(lambda _: DEFAULT) == register.next_due(lambda _: DEFAULT)


@pytest.mark.parametrize(
    "item",
    [
        "not a dict",
        {},
        {"id": "x", "serial": "SP1", "cause": "fire", "origin": "device", "time": 1, "received": 1},
        {"id": "x", "serial": "SP1", "cause": "leakage", "origin": "martians", "time": 1},
        {"id": "x", "serial": "SP1", "cause": "leakage", "origin": "device", "time": "noon"},
        {"id": "x", "serial": "SP1", "cause": "leakage", "origin": "device", "time": 1},
        {
            "id": "x",
            "serial": "SP1",
            "cause": "leakage",
            "origin": "device",
            "time": 1,
            "received": 1,
            "power": [{"command": "explode", "at": 1, "via": "app"}],
        },
        {
            "id": "x",
            "serial": "SP1",
            "cause": "leakage",
            "origin": "device",
            "time": 1,
            "received": float("nan"),
        },
    ],
)
def test_unreadable_records_are_skipped(item: object) -> None:
    register = _register()
    good = _raise(register).to_store()
    fresh = _register()
    assert fresh.load([item, good]) == 1
    assert len(fresh) == 1


def test_a_duplicate_id_is_skipped() -> None:
    register = _register()
    item = _raise(register).to_store()
    fresh = _register()
    assert fresh.load([item, item]) == 1


def test_naive_times_are_refused() -> None:
    register = _register()
    with pytest.raises(ValueError, match="timezone-aware"):
        register.raise_alarm(
            "SP1",
            "leakage",
            origin=Origin.DEVICE,
            time=datetime(2026, 1, 1),  # noqa: DTZ001
            received=datetime(2026, 1, 1),  # noqa: DTZ001
        )


def test_a_users_limit_under_the_detectors_alarm_is_covered() -> None:
    """One alarm, not two: a user's limit the detector's open alarm covers has no timers."""
    register = _register()
    detector = _raise(register, "SP1", "phase_loss")
    mine = _raise(register, "SP1", "undervoltage", T0 + MIN, Origin.USER_LIMIT)
    other_box = _raise(register, "SP2", "undervoltage", T0 + MIN, Origin.USER_LIMIT)
    assert mine.covered_by == detector.alarm_id  # phase loss covers undervoltage
    assert other_box.covered_by is None
    assert register.unacknowledged("SP1") == [detector]
    # Its own reminders and escalations do not run; the detector's do.
    due = register.take_due(T0 + 11 * MIN, lambda _: DEFAULT)
    assert {d.record.alarm_id for d in due} == {detector.alarm_id, other_box.alarm_id}
    register.clear("SP2", "undervoltage", Origin.USER_LIMIT, T0 + 12 * MIN)

    # A second detector alarm that also covers it takes over when the first clears.
    under = _raise(register, "SP1", "undervoltage", T0 + 12 * MIN)
    assert register.clear("SP1", "phase_loss", Origin.DEVICE, T0 + 13 * MIN) is detector
    assert register.uncover(detector, T0 + 13 * MIN) == []
    assert mine.covered_by == under.alarm_id

    # The last one clears: it is let go, its timers start then.
    register.clear("SP1", "undervoltage", Origin.DEVICE, T0 + 20 * MIN)
    assert register.uncover(under, T0 + 20 * MIN) == [mine]
    assert (mine.covered_by, mine.uncovered) == (None, T0 + 20 * MIN)
    assert register.unacknowledged("SP1") == [mine]
    assert register.take_due(T0 + 24 * MIN, lambda _: DEFAULT) == []
    [reminder] = register.take_due(T0 + 25 * MIN, lambda _: DEFAULT)
    assert (reminder.record, reminder.kind, reminder.level) == (mine, "reminder", 0)
    [escalated] = register.take_due(T0 + 30 * MIN, lambda _: DEFAULT)
    assert (escalated.kind, escalated.level) == ("escalated", 1)

    stored = json.loads(json.dumps(register.month_records("2026-11")))
    again = _register()
    again.load(stored)
    assert again.get(mine.alarm_id) == mine


def test_an_acknowledged_cover_passes_its_acknowledgement_on() -> None:
    register = _register()
    detector = _raise(register)
    mine = _raise(register, at=T0 + MIN, origin=Origin.USER_LIMIT)
    actor = Actor(T0 + 2 * MIN, Via.DASHBOARD, "u1", "Li Wei")
    register.acknowledge(detector.alarm_id, actor)
    register.clear("SP1", "overcurrent", Origin.DEVICE, T0 + 3 * MIN)
    assert register.uncover(detector, T0 + 3 * MIN) == [mine]
    assert mine.acknowledged == actor
    assert register.next_due(lambda _: DEFAULT) is None
    # A cover that is gone (not loaded, or cleared while Home Assistant was down) covers nothing.
    lost = _raise(register, "SP3", at=T0, origin=Origin.USER_LIMIT, covered_by="gone")
    assert not register.covered(lost)
    assert register.unacknowledged("SP3") == [lost]


def test_an_alarm_that_ended_unseen_until_the_box_says_when() -> None:
    """Found over at the first report after a gap, then dated by the box's own word."""
    register = _register()
    record = _raise(register, "SP1", "leakage", value=342.0)
    found = T0 + 30 * MIN  # the first report after the box was back
    assert register.clear("SP1", "leakage", Origin.DEVICE, found, 20.0, unseen=True) is record
    assert (record.state, record.cleared, record.cleared_unseen) == (
        AlarmState.CLEARED,
        found,
        True,
    )
    assert record.as_dict()["cleared_unseen"] is True
    stored = json.loads(json.dumps(register.month_records("2026-11")))
    assert stored[0]["cleared_unseen"] is True
    again = _register()
    again.load(stored)
    assert again.get(record.alarm_id) == record

    # The box's word: within what is known (after it was raised, not after it was found over).
    assert register.date_clear(record.alarm_id, T0 + 40 * MIN, 15.0) is record
    assert (record.cleared, record.cleared_value, record.cleared_unseen) == (found, 15.0, False)
    assert register.date_clear(record.alarm_id, T0 + 5 * MIN) is None  # dated once
    assert "cleared_unseen" not in register.month_records("2026-11")[0]
    other = _raise(register, "SP2", "leakage")
    register.clear("SP2", "leakage", Origin.DEVICE, found, unseen=True)
    assert register.date_clear(other.alarm_id, T0 - 5 * MIN) is other
    assert other.cleared == T0
    assert register.date_clear("nope", T0) is None


def test_an_alarm_never_ends_before_it_was_raised() -> None:
    """A box whose clock says its alarm ended before it began: ended when it began."""
    register = _register()
    record = _raise(register, "SP1", "leakage", at=T0)
    register.clear("SP1", "leakage", Origin.DEVICE, T0 - MIN)
    assert (record.cleared, record.cleared_unseen) == (T0, False)
    assert register.date_clear(record.alarm_id, T0 + MIN) is None  # seen: nothing to date


def test_loaded_records_of_a_box_share_its_place_and_names() -> None:
    """A register of 100,000 alarms repeats each box's place and names in every record."""
    register = _register()
    place = {"area": "Kitchen", "location": "north wall", "floor": 0, "x": 1.5}
    for hour in range(2):
        _raise(register, at=T0 + hour * 60 * MIN, place=dict(place), box="Kitchen box")
        register.clear("SP1", "overcurrent", Origin.DEVICE, T0 + (hour * 60 + 5) * MIN)
    records = sorted(register._records.values(), key=lambda r: r.received)
    stored = json.loads(json.dumps([r.to_store() for r in records]))
    first, second = (AlarmRecord.from_store(data) for data in stored)
    assert first.place == second.place == place
    assert first.place is second.place
    assert first.box is second.box
    assert first.serial is second.serial

    # A place value the register never writes (a list) is kept, in a dict of its own.
    odd = AlarmRecord.from_store(stored[0] | {"place": {"area": ["Kitchen"]}})
    assert odd.place == {"area": ["Kitchen"]}


# --- the open alarms' index by box ---------------------------------------------------------------

SERIALS = ("SP1", "SP2", "SP3")
OP = st.tuples(
    st.sampled_from(["raise", "raise", "clear", "acknowledge", "prune", "reload"]),
    st.sampled_from(SERIALS),
    st.sampled_from(["overcurrent", "leakage", "undervoltage"]),
    st.sampled_from([Origin.DEVICE, Origin.USER_LIMIT]),
)


def _open_by_scan(register: AlarmRegister) -> list[AlarmRecord]:
    """Every record not cleared, found by reading them all."""
    records, _ = register.query()
    return sorted((r for r in records if r.cleared is None), key=lambda r: (r.received, r.alarm_id))


def _check_open_index(register: AlarmRegister) -> None:
    everything = _open_by_scan(register)
    assert register.open_alarms() == everything
    for serial in (*SERIALS, "SP9"):
        own = [r for r in everything if r.serial == serial]
        assert register.open_alarms(serial) == own
        assert register.unacknowledged(serial) == [
            r for r in register.unacknowledged() if r.serial == serial
        ]
        for record in own:
            assert register.open_alarm(serial, record.cause, record.origin) is record
        states = [AlarmState.ACTIVE.value, AlarmState.ACKNOWLEDGED.value]
        found, total = register.query(serials=[serial, serial], states=states)
        assert found == own[::-1]
        assert total == len(own)


def _reloaded(register: AlarmRegister) -> AlarmRegister:
    """A new register from what the old one stores, month by month, as at a restart."""
    again = _register(max_count=register.max_count)
    for month in register.months:
        stored = json.loads(json.dumps(register.month_records(month)))
        assert again.load(stored, month) == 0
    return again


@settings(max_examples=150, deadline=None)
@given(ops=st.lists(OP, max_size=40))
def test_the_open_alarms_by_box_follow_every_change(
    ops: list[tuple[str, str, str, Origin]],
) -> None:
    """Raised, cleared, acknowledged, pruned or reloaded: a box's open alarms are its own."""
    register = _register(max_count=6)
    now = T0
    for op, serial, cause, origin in ops:
        now += MIN  # a frozen clock, moved by hand
        if op == "raise":
            _raise(register, serial, cause, now, origin)
        elif op == "clear":
            register.clear(serial, cause, origin, now)
        elif op == "acknowledge":
            if (record := register.open_alarm(serial, cause, origin)) is not None:
                register.acknowledge(record.alarm_id, Actor(now, Via.SERVICE, user="Ann"))
        elif op == "prune":
            register.prune(now)
        else:
            ids = [r.alarm_id for r in register.open_alarms()]
            register = _reloaded(register)
            assert [r.alarm_id for r in register.open_alarms()] == ids
        _check_open_index(register)


def test_a_box_s_open_alarms_after_a_reload() -> None:
    register = _register()
    a = _raise(register, "SP1", "overcurrent", T0)
    b = _raise(register, "SP2", "leakage", T0 + MIN)
    c = _raise(register, "SP1", "leakage", T0 + 2 * MIN)
    register.clear("SP1", "overcurrent", Origin.DEVICE, T0 + 3 * MIN)
    register.acknowledge(c.alarm_id, Actor(T0 + 4 * MIN, Via.APP, user="Ann"))
    again = _reloaded(register)
    assert [r.alarm_id for r in again.open_alarms("SP1")] == [c.alarm_id]
    assert [r.alarm_id for r in again.open_alarms("SP2")] == [b.alarm_id]
    assert again.open_alarms("SP3") == []
    assert again.open_alarm("SP1", "overcurrent", Origin.DEVICE) is None
    # The last one of a box cleared: the box is gone from the index, and comes back.
    assert again.clear("SP2", "leakage", Origin.DEVICE, T0 + 5 * MIN) is not None
    assert again.open_alarms("SP2") == []
    assert again.clear("SP2", "leakage", Origin.DEVICE, T0 + 6 * MIN) is None
    d = _raise(again, "SP2", "leakage", T0 + 7 * MIN)
    assert again.open_alarms("SP2") == [again.get(d.alarm_id)]
    assert a.alarm_id not in {r.alarm_id for r in again.open_alarms()}

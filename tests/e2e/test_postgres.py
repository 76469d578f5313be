"""The recorder on PostgreSQL (docs/scaling.md): a real Home Assistant on a real server.

Debian's PostgreSQL server runs as a cluster of the test's own, never the system's service:
`initdb` in a temporary folder, listening on 127.0.0.1 and on a unix socket in that folder,
on a free port. PostgreSQL refuses to run as root, so as root the server runs as the
`postgres` user Debian's package creates (else `nobody`). The role and the database are made
with the commands docs/scaling.md gives, and Home Assistant is started as scripts/develop
starts it (the default fleet behind the simulated gateway, added through the real config
flow), with the page's `recorder:` block and its `db_url` in secrets.yaml; the boxes are read
every 5 s (the gateway's options) for more rows in the time the tests take.

The tests run in order and build on each other. They read PostgreSQL itself: Safe Power's
states are there with the values and attributes the HTTP API shows; after a restart the
history API answers with the states from before it. The last one counts the rows a box's read
writes, stops Home Assistant and measures what a state row costs in PostgreSQL, against the
same rows in a SQLite database of Home Assistant's own schema
(`test-output/e2e/postgres/sizes.json`, quoted in the page).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import json
import os
from pathlib import Path
import pwd
import shutil
import signal
import sqlite3
import subprocess
import tempfile
from typing import Any
from urllib.parse import quote

from homeassistant.components.recorder import db_schema
import psycopg2
import pytest
import pytest_socket
from sqlalchemy import create_engine, insert, select

from safe_power_tools.devenv import (
    DEFAULT_FLEET,
    REPO,
    HassApi,
    form_defaults,
    wait_for_integration,
    watch_states,
)
from safe_power_tools.mqtt_common import free_port

from .conftest import OUTPUT, Site, start_ready, start_site, stop_site

DOMAIN = "safe_power"
PG_ROOT = Path("/usr/lib/postgresql")  # Debian's server binaries, one folder per major version
ROLE = "homeassistant"
DATABASE = "homeassistant"
PASSWORD = "recorder-test-secret"  # noqa: S105  (a throw-away test cluster's)
START_WITHIN = 30.0  # s for the server to accept connections
# The page's commands (as the `postgres` superuser), run by the fixture as they are written.
CREATE_ROLE = f"CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'"
CREATE_DATABASE = [
    "createdb",
    f"--owner={ROLE}",
    "--encoding=UTF8",
    "--locale=C.UTF-8",
    "--template=template0",
    DATABASE,
]
# The page's `recorder:` block; the URL is in secrets.yaml.
RECORDER = """
recorder:
  db_url: !secret recorder_db_url
  purge_keep_days: 10
"""
OUT = OUTPUT / "postgres"
SERIALS = [b["serial"] for b in json.loads(DEFAULT_FLEET.read_text(encoding="utf-8"))["boxes"]]
# How often the boxes' measurements are read in this test: a third of the default (15 s), for
# three times the rows in the time the test runs. What a read writes does not depend on it.
TELEMETRY_INTERVAL = 5
DEFAULT_TELEMETRY_INTERVAL = 15
READS = 3  # the reads after the restart whose rows are counted


def _bin_dir() -> Path | None:
    """The newest PostgreSQL server installed from Debian's packages, if any."""
    found = [
        p.parent
        for p in PG_ROOT.glob("*/bin/postgres")
        if p.parent.parent.name.isdigit() and (p.parent / "initdb").is_file()
    ]
    return max(found, key=lambda p: int(p.parent.name), default=None)


def _need_postgres() -> Path:
    """Skip on a machine without the server; in CI (where scripts/setup installs it) fail."""
    if (found := _bin_dir()) is not None:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("CI has no PostgreSQL server: scripts/setup should have installed it")
    pytest.skip(f"no PostgreSQL server under {PG_ROOT} (scripts/setup installs Debian's)")


@dataclass
class Postgres:
    """A PostgreSQL cluster of the test's own, in a temporary folder."""

    bin_dir: Path
    port: int = field(default_factory=free_port)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="safe-power-pg-")))
    process: subprocess.Popen[bytes] | None = None

    @property
    def runs_as(self) -> pwd.struct_passwd | None:
        """Whom the server runs as: the test's user, unless that is root."""
        if os.geteuid() != 0:
            return None
        for name in ("postgres", "nobody"):
            try:
                return pwd.getpwnam(name)
            except KeyError:
                continue
        pytest.fail("running as root, and there is no postgres or nobody user to run the server")

    @property
    def url(self) -> str:
        """The recorder's `db_url`: the role's password login over TCP on 127.0.0.1."""
        return f"postgresql://{ROLE}:{PASSWORD}@127.0.0.1:{self.port}/{DATABASE}"

    def _as_server_user(self) -> dict[str, Any]:
        user = self.runs_as
        if user is None:
            return {}
        return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}

    def start(self, log: Path) -> None:
        """Make the cluster, start the server and wait until it takes connections."""
        if (user := self.runs_as) is not None:
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        subprocess.run(
            [
                str(self.bin_dir / "initdb"),
                "--pgdata",
                str(self.folder / "data"),
                "--username=postgres",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            capture_output=True,
            timeout=120,
            cwd=self.folder,  # the server's user may not enter the repository's folder
            **self._as_server_user(),
        )
        self.process = start_ready(  # postgres says so once it accepts connections
            [
                str(self.bin_dir / "postgres"),
                "-D",
                str(self.folder / "data"),
                "-p",
                str(self.port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"unix_socket_directories={self.folder}",
            ],
            log,
            "database system is ready to accept connections",
            START_WITHIN,
            cwd=self.folder,
            **self._as_server_user(),
        )

    def superuser(self, database: str = "postgres") -> Any:
        """A connection as the cluster's superuser, on the unix socket."""
        return psycopg2.connect(
            host=str(self.folder), port=self.port, user="postgres", dbname=database
        )

    def client(self, tool: str, *args: str) -> None:
        """Run one of the server's client programs as the superuser, on the unix socket."""
        connect = ["--host", str(self.folder), "--port", str(self.port), "--username=postgres"]
        subprocess.run(
            [str(self.bin_dir / tool), *connect, *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def connect(self) -> Any:
        """A connection as Home Assistant's role, over TCP, as the recorder makes one."""
        return psycopg2.connect(self.url)

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove the cluster."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    """A running server with Home Assistant's role and database, made as the page says."""
    bin_dir = _need_postgres()
    pytest_socket.enable_socket()  # the fixture runs before the test's own socket_enabled
    server = Postgres(bin_dir)
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        server.start(OUT / "postgresql.log")
        server.client("psql", "--set=ON_ERROR_STOP=1", f"--command={CREATE_ROLE}")
        server.client(*CREATE_DATABASE)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def site(postgres: Postgres, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The development site, its recorder on the server, as the page configures it."""
    root = tmp_path_factory.mktemp("postgres")
    (root / "config").mkdir()
    (root / "config" / "secrets.yaml").write_text(
        f"recorder_db_url: {postgres.url}\n", encoding="utf-8"
    )
    site = start_site("postgres", root, fleet=DEFAULT_FLEET, configuration=RECORDER)
    try:
        asyncio.run(_read_every(site, TELEMETRY_INTERVAL))
        yield site
    finally:
        stop_site(site)


async def _read_every(site: Site, seconds: int) -> None:
    """Set how often the boxes' measurements are read (the options form); wait for the reload."""
    async with site.session() as session:
        api = await site.api(session)
        entries = await api.call("/api/config/config_entries/entry")
        [entry] = [e for e in entries if e["domain"] == DOMAIN]
        flow = "/api/config/config_entries/options/flow"
        step = await api.call(flow, {"handler": entry["entry_id"]})
        submitted = datetime.now(UTC)
        answer = form_defaults(step["data_schema"]) | {"telemetry_interval": seconds}
        await api.call(f"{flow}/{step['flow_id']}", answer)
        # The gateway reloads: each box's location (a constant) is written anew when it is back.
        locations = [e for e, u in (await _registry(api)).items() if u.endswith("_location")]
        assert len(locations) == len(SERIALS)
        await watch_states(  # back, with a state written since the form was sent
            api,
            locations,
            lambda states: all(states.get(e, "unavailable") != "unavailable" for e in locations),
            60,
            since=submitted,
        )
        await wait_for_integration(api)
        await api.close()


def _ts(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


async def _registry(api: HassApi) -> dict[str, str]:
    """Safe Power's enabled entities: entity id → unique id (which starts with the serial)."""
    registry = await api.ws("config/entity_registry/list")
    return {
        e["entity_id"]: e["unique_id"]
        for e in registry
        if e["platform"] == DOMAIN and not e["disabled_by"]
    }


async def _safe_power_states(api: HassApi, serial: str = "") -> dict[str, dict[str, Any]]:
    """Safe Power's entities' states (of one box, by its serial), as the HTTP API shows them."""
    ours = {e for e, unique_id in (await _registry(api)).items() if unique_id.startswith(serial)}
    return {s["entity_id"]: s for s in await api.call("/api/states") if s["entity_id"] in ours}


def _rows(db: Any, entity_ids: list[str]) -> dict[str, list[tuple[str, float, str | None]]]:
    """The recorder's rows of these entities: entity id → (state, last updated, attributes)."""
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT m.entity_id, s.state, s.last_updated_ts, a.shared_attrs"
            " FROM states s JOIN states_meta m ON m.metadata_id = s.metadata_id"
            " LEFT JOIN state_attributes a ON a.attributes_id = s.attributes_id"
            " WHERE m.entity_id = ANY(%s)",
            (entity_ids,),
        )
        found: dict[str, list[tuple[str, float, str | None]]] = {}
        for entity_id, state, updated, attributes in cursor.fetchall():
            found.setdefault(entity_id, []).append((state, updated, attributes))
    db.rollback()  # end the read's transaction: the next one sees new commits
    return found


# What the recorder must keep of every state's attributes (it leaves a few others out).
KEPT = ("friendly_name", "unit_of_measurement", "device_class", "state_class")


def _missing(db: Any, states: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The states (as the HTTP API showed them) that have no row in PostgreSQL yet."""
    rows = _rows(db, sorted(states))
    missing: dict[str, Any] = {}
    for entity_id, state in states.items():
        updated = _ts(state["last_updated"])
        kept = {k: state["attributes"][k] for k in KEPT if k in state["attributes"]}
        matches = [
            (value, json.loads(attributes or "{}"))
            for value, ts, attributes in rows.get(entity_id, [])
            if abs(ts - updated) < 1e-5
        ]
        if not any(
            value == state["state"] and {k: a.get(k) for k in kept} == kept for value, a in matches
        ):
            missing[entity_id] = (state["state"], state["last_updated"], matches)
    return missing


async def _wait_recorded(db: Any, states: dict[str, dict[str, Any]], within: float = 30) -> None:
    """Wait until PostgreSQL has a row of each state (the recorder commits every 5 s)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while missing := _missing(db, states):
        assert loop.time() < deadline, f"not in PostgreSQL after {within:g} s: {missing}"
        await asyncio.sleep(0.5)


# The recorder's tables a state row goes to, with their keys (what Safe Power's states cost).
MEASURED = {"states": "state_id", "state_attributes": "attributes_id", "states_meta": "metadata_id"}
Sizes = dict[str, dict[str, int]]


def _postgres_sizes(db: Any) -> Sizes:
    """Rows, last key, bytes on disk and row updates of the recorder's state tables."""
    sizes: Sizes = {}
    with db.cursor() as cursor:
        for table, key in MEASURED.items():
            cursor.execute(
                f"SELECT count(*), coalesce(max({key}), 0), pg_total_relation_size('{table}')"  # noqa: S608
                f" FROM {table}"
            )
            rows, last, total = cursor.fetchone()
            cursor.execute(
                "SELECT n_tup_ins, n_tup_upd, n_tup_del, n_dead_tup"
                " FROM pg_stat_user_tables WHERE relname = %s",
                (table,),
            )
            inserted, updated, deleted, dead = cursor.fetchone()
            sizes[table] = {
                "rows": rows,
                "last_id": last,
                "bytes": total,  # table, indexes, TOAST, free space and visibility maps
                "inserted": inserted,
                "updated": updated,
                "deleted": deleted,
                "dead_rows": dead,
            }
    db.rollback()
    return sizes


def _sqlite_sizes(path: Path) -> Sizes:
    """Rows and bytes (tables and their indexes, by SQLite's dbstat) of the state tables."""
    sizes: Sizes = {}
    db = sqlite3.connect(path)
    try:
        for table, key in MEASURED.items():
            [(rows, last)] = db.execute(f"SELECT count(*), coalesce(max({key}), 0) FROM {table}")  # noqa: S608
            [(size,)] = db.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name = ?1 OR name IN"
                " (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1)",
                (table,),
            )
            sizes[table] = {"rows": rows, "last_id": last, "bytes": size}
    finally:
        db.close()
    return sizes


def _copy_to_sqlite(postgres: Postgres, path: Path, upto: Sizes) -> None:
    """Copy the state tables' rows up to `upto`'s keys, in their order, into a SQLite file.

    The file has Home Assistant's own schema (the recorder's models); rows already there stay.
    """
    source = create_engine(postgres.url)
    target = create_engine(f"sqlite:///{path}")
    db_schema.Base.metadata.create_all(target)
    tables = db_schema.Base.metadata.tables
    copied = _sqlite_sizes(path)
    with source.connect() as read, target.begin() as write:
        for name in reversed(MEASURED):  # the referenced tables first
            table, key = tables[name], tables[name].c[MEASURED[name]]
            rows = read.execute(
                select(table)
                .where(key > copied[name]["last_id"], key <= upto[name]["last_id"])
                .order_by(key)
            )
            while chunk := rows.fetchmany(1000):
                write.execute(insert(table), [dict(row._mapping) for row in chunk])
    source.dispose()
    target.dispose()


def _per_state_row(first: Sizes, last: Sizes) -> dict[str, float]:
    """Bytes per state row: of the whole tables, and of what they grew by between the two."""
    rows = last["states"]["rows"]
    grown = rows - first["states"]["rows"]
    total = sum(last[t]["bytes"] for t in MEASURED)
    return {
        "whole": round(total / rows),
        "growth": round((total - sum(first[t]["bytes"] for t in MEASURED)) / grown),
        "growth_states_table_only": round(
            (last["states"]["bytes"] - first["states"]["bytes"]) / grown
        ),
    }


async def test_the_recorder_writes_safe_powers_states_to_postgresql(
    site: Site, postgres: Postgres
) -> None:
    async with site.session() as session:
        api = await site.api(session)
        info = await api.ws("recorder/info")
        assert info["recording"]
        assert info["thread_running"]
        assert info["db_in_default_location"] is False  # not the SQLite file
        registry = await _registry(api)
        states = await _safe_power_states(api)
        await api.close()
    energy = [e for e, unique_id in registry.items() if unique_id.endswith("_energy")]
    assert len(energy) == len(SERIALS)  # every box of the fleet, each with its entities
    assert set(energy) < set(states)
    with postgres.connect() as db:
        await _wait_recorded(db, states)
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT entity_id FROM states_meta WHERE entity_id = ANY(%s)", (list(registry),)
            )
            assert {row[0] for row in cursor.fetchall()} == set(registry)
            cursor.execute("SHOW server_version")
            site.extra["server_version"] = cursor.fetchone()[0]
        site.extra["sizes_before"] = _postgres_sizes(db)  # for the last test's growth figures
    db.close()


async def test_history_from_before_a_restart(site: Site, postgres: Postgres) -> None:
    async with site.session() as session:
        api = await site.api(session)
        before = await _safe_power_states(api, SERIALS[2])  # the three-phase main box
        await api.close()
    assert len(before) > 10
    since = min(datetime.fromisoformat(s["last_updated"]) for s in before.values())
    since -= timedelta(seconds=1)

    # Not waiting for the recorder: a clean stop commits what it holds.
    site.extra["restarting"] = datetime.now(UTC).timestamp()
    assert await site.restart() == 0
    restarted = datetime.now(UTC)

    async with site.session() as session:
        api = await site.api(session)
        query = (
            f"/api/history/period/{quote(since.isoformat())}"
            f"?filter_entity_id={','.join(sorted(before))}"
            f"&end_time={quote(restarted.isoformat())}&significant_changes_only=0"
        )
        history = {rows[0]["entity_id"]: rows for rows in await api.call(query) if rows}
        await api.close()
    lost = {}
    for entity_id, state in before.items():
        seen = {(r["state"], _ts(r["last_updated"])) for r in history.get(entity_id, [])}
        if not any(
            v == state["state"] and abs(t - _ts(state["last_updated"])) < 1e-5 for v, t in seen
        ):
            lost[entity_id] = (state["state"], state["last_updated"], sorted(seen))
    assert lost == {}

    with postgres.connect() as db, db.cursor() as cursor:
        cursor.execute('SELECT "end", closed_incorrect FROM recorder_runs ORDER BY run_id')
        [(first_end, first_closed_incorrect), (second_end, _)] = cursor.fetchall()
        assert first_end is not None  # the first run ended cleanly
        assert first_closed_incorrect is False
        assert second_end is None  # the second is running
    db.close()


def _reads(db: Any, voltages: dict[str, str], since: float) -> dict[str, tuple[float, float]]:
    """Each box's first and latest read since a time, told by its phase A voltage's rows."""
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT m.entity_id, min(s.last_updated_ts), max(s.last_updated_ts)"
            " FROM states s JOIN states_meta m ON m.metadata_id = s.metadata_id"
            " WHERE m.entity_id = ANY(%s) AND s.last_updated_ts > %s GROUP BY m.entity_id",
            (list(voltages.values()), since),
        )
        spans = {entity_id: (first, last) for entity_id, first, last in cursor.fetchall()}
    db.rollback()
    return {serial: spans.get(e, (0.0, 0.0)) for serial, e in voltages.items()}


def _count(first: float, last: float) -> int:
    """How many reads came after the first (which writes every entity's state)."""
    return round((last - first) / TELEMETRY_INTERVAL)


async def test_what_a_state_row_costs(site: Site, postgres: Postgres) -> None:
    """Rows per box and read, and bytes per state row in PostgreSQL and in SQLite.

    Rows: each box's rows in its reads after the restart's first (which writes every entity's
    state), the reads' instants told by its phase A voltage, which changes at every read.
    Bytes: the tables as Home Assistant left them (stopped
    first, so nothing is written meanwhile), and what they grew by since the first test, in
    PostgreSQL and for the same rows copied in their order into a SQLite file of Home
    Assistant's schema.
    """
    async with site.session() as session:
        api = await site.api(session)
        registry = await _registry(api)
        await api.close()
    voltages = {s: e for e, u in registry.items() for s in SERIALS if u == f"{s}_voltage_a"}
    assert len(voltages) == len(SERIALS)
    since = site.extra["restarting"]
    with postgres.connect() as db:
        async with asyncio.timeout(READS * TELEMETRY_INTERVAL + 60):
            while True:
                reads = _reads(db, voltages, since)
                if min(_count(*span) for span in reads.values()) >= READS:
                    break
                await asyncio.sleep(0.5)
        assert site.running.stop_hass() == 0
        per_read: dict[str, float] = {}
        with db.cursor() as cursor:
            for serial, (first, last) in reads.items():
                ours = [e for e, unique_id in registry.items() if unique_id.startswith(serial)]
                cursor.execute(
                    "SELECT count(*) FROM states s"
                    " JOIN states_meta m ON m.metadata_id = s.metadata_id"
                    " WHERE m.entity_id = ANY(%s) AND s.last_updated_ts > %s"
                    " AND s.last_updated_ts <= %s",
                    (ours, first + 1, last + 1),
                )
                per_read[serial] = cursor.fetchone()[0] / _count(first, last)
        db.rollback()
        after = _postgres_sizes(db)
    db.close()

    before = site.extra["sizes_before"]
    sqlite = OUT / "home-assistant_v2.db"
    sqlite.unlink(missing_ok=True)
    _copy_to_sqlite(postgres, sqlite, before)
    sqlite_before = _sqlite_sizes(sqlite)
    _copy_to_sqlite(postgres, sqlite, after)
    sqlite_after = _sqlite_sizes(sqlite)
    assert {t: s["rows"] for t, s in sqlite_before.items()} == {
        t: s["rows"] for t, s in before.items()
    }
    assert {t: s["rows"] for t, s in sqlite_after.items()} == {
        t: s["rows"] for t, s in after.items()
    }

    rows_per_read = sum(per_read.values()) / len(per_read)
    figures = {
        "postgresql": site.extra["server_version"],
        "boxes": len(SERIALS),
        "safe_power_entities": len(registry),
        "state_rows_per_box_and_read": {s: round(n, 1) for s, n in per_read.items()},
        "state_rows_per_box_and_day_at_15_s": round(
            rows_per_read * 86400 / DEFAULT_TELEMETRY_INTERVAL
        ),
        "bytes_per_state_row": {
            "postgresql": _per_state_row(before, after),
            "sqlite_same_rows": _per_state_row(sqlite_before, sqlite_after),
        },
        "postgresql_first_test": before,
        "postgresql_end": after,
        "sqlite_first_test": sqlite_before,
        "sqlite_end": sqlite_after,
    }
    (OUT / "sizes.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    assert after["states"]["rows"] - before["states"]["rows"] > len(SERIALS) * READS
    assert rows_per_read > 1


def test_the_page_shows_what_the_test_runs() -> None:
    """docs/scaling.md gives the commands and the configuration this module uses."""
    page = (REPO / "docs" / "scaling.md").read_text(encoding="utf-8")
    assert CREATE_ROLE.replace(PASSWORD, "CHANGE-ME") in page
    assert " ".join(CREATE_DATABASE) in page
    assert RECORDER.strip() in page
    assert "recorder_db_url: postgresql://homeassistant:CHANGE-ME@127.0.0.1/homeassistant" in page

"""A registry import or a list update killed with SIGKILL half-way leaves the database as it was; a
CSV import killed half-way keeps whole parts and the same command finishes it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from ksdesk.db import make_engine
from ksdesk.registry.models import Organisation, OrganisationName
from ksdesk.screening.models import WatchlistEntry, WatchlistVersion
from tests.cli.test_import_export import _cli, cli_env_for
from tests.conftest import BACKEND
from tests.databases import throwaway_database


def _wal_size(env) -> int:
    wal = Path(env["KSDESK_DATABASE_URL"].removeprefix("sqlite:///") + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def _holds_write_lock(env) -> bool:
    import sqlite3

    connection = sqlite3.connect(env["KSDESK_DATABASE_URL"].removeprefix("sqlite:///"), timeout=0,
                                 isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        connection.close()


def _writing_started(env, wal_before: int, lock_since: list) -> bool:
    """True once the command has written rows it has not committed: on PostgreSQL its
    transaction holds a transaction id; SQLite keeps dirty pages in memory until the commit, so
    there it is the WAL growing, or the write lock held for a few seconds."""
    url = env["KSDESK_DATABASE_URL"]
    if BACKEND == "sqlite":
        if _wal_size(env) > wal_before + 500_000:
            return True
        if not _holds_write_lock(env):
            lock_since.clear()
            return False
        lock_since.append(time.monotonic())
        return lock_since[-1] - lock_since[0] > 3.0
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()")).scalar())
    finally:
        engine.dispose()


def _kill_midway(args, env, timeout=120.0) -> None:
    process = subprocess.Popen([sys.executable, "-m", "ksdesk.cli", *args], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal_before = _wal_size(env) if BACKEND == "sqlite" else 0
    lock_since: list[float] = []
    deadline = time.monotonic() + timeout
    while not _writing_started(env, wal_before, lock_since):
        assert process.poll() is None, "the command finished before it could be killed half-way"
        assert time.monotonic() < deadline, "the command never started writing"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL


def _count(env, model) -> int:
    engine = make_engine(env["KSDESK_DATABASE_URL"])
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(model)).scalar()
    finally:
        engine.dispose()


@pytest.fixture
def env(tmp_path):
    with throwaway_database(tmp_path, "killed") as url:
        env = cli_env_for(url)
        assert _cli(["init"], env).returncode == 0
        yield env


def _names_of_imported(env) -> int:
    """The names (official and aliases) of the organisations the CSV test imports."""
    engine = make_engine(env["KSDESK_DATABASE_URL"])
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(OrganisationName).join(Organisation)
                                .where(Organisation.name.like("Research Institute number %"))).scalar()
    finally:
        engine.dispose()


def test_a_registry_import_killed_half_way_adds_no_organisation(env):
    before = _count(env, Organisation)
    _kill_midway(["registry", "import"], env)
    assert _count(env, Organisation) == before
    # And the database is healthy: the same import now runs to the end.
    result = _cli(["registry", "import"], env)
    assert result.returncode == 0, result.stderr
    assert _count(env, Organisation) == before + 51370


def test_a_csv_import_killed_half_way_keeps_whole_parts_and_the_same_command_finishes_it(env, tmp_path):
    """An import writes in short parts (so that it never holds the write lock for long): killed
    while it writes, the parts it committed are whole, and running the same file again imports the
    rest, each row once."""
    rows = 1500
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("name,country_code,org_type,aliases\n")
        for i in range(rows):
            fh.write(f"Research Institute number {i},DE,institute,Institut Nummer {i}; RI-{i}\n")
    before = _count(env, Organisation)
    process = subprocess.Popen([sys.executable, "-m", "ksdesk.cli", "import", "organisations", str(path)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while _count(env, Organisation) == before:  # every row is checked before the first part is kept
        assert process.poll() is None, "the import finished before it could be killed half-way"
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    kept = _count(env, Organisation) - before
    assert 0 < kept < rows
    assert _names_of_imported(env) == 3 * kept  # whole: every kept organisation has its two aliases
    again = _cli(["import", "organisations", str(path)], env)
    assert again.returncode == 0, again.stderr
    assert f"{kept} row(s) this file imported before were skipped" in again.stdout
    assert _count(env, Organisation) == before + rows


def test_a_list_update_killed_half_way_keeps_the_previous_version_or_the_new_one_whole(env):
    # With the registry loaded, the update writes long enough to be caught: in its own transaction
    # (then nothing of it is kept), or in the linking and re-screening after its commit (then the
    # new version is kept whole).
    assert _cli(["registry", "import"], env).returncode == 0
    ofac = Path(__file__).resolve().parents[2] / "data" / "watchlists" / "un_and_ofac" / "ofac_sdn_2021"
    before_versions = _count(env, WatchlistVersion)
    before_entries = _count(env, WatchlistEntry)
    engine = make_engine(env["KSDESK_DATABASE_URL"])
    with engine.connect() as conn:
        last_before = conn.execute(select(func.coalesce(func.max(WatchlistVersion.id), 0))).scalar()
    _kill_midway(["lists", "load", "ofac-sdn", str(ofac)], env)
    try:
        with engine.connect() as conn:
            new = conn.execute(select(func.coalesce(func.sum(WatchlistVersion.entry_count), 0))
                               .where(WatchlistVersion.id > last_before)).scalar()
    finally:
        engine.dispose()
    assert _count(env, WatchlistVersion) - before_versions in (0, 1)
    assert _count(env, WatchlistEntry) == before_entries + new

"""Long work never holds the write lock: while an import or a bulk-screening job runs, another
user's write goes through at once. Before, `ksdesk import` wrote a whole file in one transaction
(a 100,001-row file held SQLite's write lock for 360 s) and a bulk job screened inside a writing
transaction, so desk submissions waited up to 48.6 s and a job of 1,000 names failed on its own
progress commit.

The other user's write is given 200 ms to get the lock (SQLite; PostgreSQL has row locks only),
so a lock held across the work fails it with "database is locked" at once."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ksdesk import schema
from ksdesk.accounts.principal import SYSTEM
from ksdesk.db import make_engine, transaction
from ksdesk.desk.models import ClosureDay
from ksdesk.registry import io
from ksdesk.registry import service as registry
from ksdesk.registry.countries import sync_country_profiles
from ksdesk.registry.models import Organisation
from ksdesk.registry.schemas import OrganisationCreate
from ksdesk.screening import bulk
from ksdesk.screening.models import ScreeningJob
from ksdesk.wiring import install
from tests.databases import throwaway_database

OTHER_USER_WAITS_MS = 200


@pytest.fixture(scope="module")
def factory(tmp_path_factory):
    with throwaway_database(tmp_path_factory.mktemp("long_work"), "long_work") as url:
        engine = make_engine(url)
        schema.upgrade(engine)
        factory = install(engine)
        with transaction(factory) as session:
            sync_country_profiles(session)
        yield factory
        engine.dispose()


@pytest.fixture(autouse=True)
def parts_of_four_rows(monkeypatch):
    """Parts end at four rows, never at PART_SECONDS: on a loaded machine a part of four rows can
    take longer than that, and the tests below count parts and the lines where they end."""
    monkeypatch.setattr(io, "PART_ROWS", 4)
    monkeypatch.setattr(io, "PART_SECONDS", 60)


def _another_users_write(factory, day: int | date) -> None:
    with transaction(factory, busy_ms=OTHER_USER_WAITS_MS) as session:
        session.add(ClosureDay(day=day if isinstance(day, date) else date(2040, 1, day), reason="written during long work"))


def _count(factory, model, *where) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def _rows(prefix: str, n: int) -> list[tuple[int, dict]]:
    return [(line, {"name": f"{prefix} Institute {line}", "country_code": "DE", "ror_id": f"0{prefix.lower()}{line:05d}"})
            for line in range(2, n + 2)]


def test_another_users_write_goes_through_while_an_import_runs(factory):
    parts = []

    def between_parts(done: int, total: int) -> None:
        parts.append(done)
        _another_users_write(factory, len(parts))

    result = io.import_in_parts(factory, SYSTEM, "organisations", _rows("Aaa", 10), progress=between_parts)
    assert result.created == 10 and parts == [4, 8, 10]
    assert _count(factory, Organisation, Organisation.name.like("Aaa Institute %")) == 10
    assert _count(factory, ClosureDay, ClosureDay.reason == "written during long work") >= 3


def test_a_bad_row_found_while_checking_imports_nothing(factory):
    rows = _rows("Bbb", 10)
    rows[7][1]["country_code"] = "QQ"  # unknown: only writing the row finds it
    with pytest.raises(io.ImportRejected) as refused:
        io.import_in_parts(factory, SYSTEM, "organisations", rows)
    assert [p.line for p in refused.value.problems] == [9]
    assert _count(factory, Organisation, Organisation.name.like("Bbb Institute %")) == 0


def test_an_import_that_fails_in_a_later_part_keeps_the_parts_before_it_and_says_where_to_resume(factory):
    rows = _rows("Ccc", 10)

    def someone_takes_a_ror_id(done: int, total: int) -> None:
        if done == 4:  # meanwhile another user registers the organisation of line 8 (in the second part)
            with transaction(factory) as session:
                registry.create_organisation(session, SYSTEM, OrganisationCreate(
                    name="Registered meanwhile", country_code="DE", org_type="institute", ror_id=rows[6][1]["ror_id"]))

    with pytest.raises(io.ImportStopped) as stopped:
        io.import_in_parts(factory, SYSTEM, "organisations", rows, progress=someone_takes_a_ror_id)
    assert stopped.value.created == 4 and stopped.value.from_line == 6
    assert [p.line for p in stopped.value.problems] == [8]
    assert "--from-line 6" in stopped.value.message
    assert _count(factory, Organisation, Organisation.name.like("Ccc Institute %")) == 4  # the first part, whole

    del rows[6]  # the row is fixed (dropped) and the rest imported from where it stopped
    result = io.import_in_parts(factory, SYSTEM, "organisations", rows, from_line=stopped.value.from_line)
    assert result.created == 5
    assert _count(factory, Organisation, Organisation.name.like("Ccc Institute %")) == 9


def test_an_import_that_waits_too_long_for_the_database_stops_with_a_message_where_to_resume(factory, monkeypatch):
    from sqlalchemy.exc import OperationalError

    rows, real, seen = _rows("Ddd", 10), registry.create_organisation, []

    def busy_when_kept(session, actor, data):
        if data.name == "Ddd Institute 9":
            seen.append(1)
            if len(seen) == 2:  # checked fine; writing it for good meets a database that stays busy
                raise OperationalError("INSERT INTO organisation", {}, Exception("database is locked"))
        return real(session, actor, data)

    monkeypatch.setattr(io.service, "create_organisation", busy_when_kept)
    with pytest.raises(io.ImportStopped) as stopped:
        io.import_in_parts(factory, SYSTEM, "organisations", rows)
    assert (stopped.value.created, stopped.value.from_line) == (4, 6)
    assert "the database refused it (OperationalError)" in str(stopped.value.problems[0])
    assert _count(factory, Organisation, Organisation.name.like("Ddd Institute %")) == 4


def test_the_same_file_imported_again_after_a_kill_imports_only_the_rows_it_had_not(factory):
    rows, key = _rows("Eee", 10), io.file_key("organisations", "the file's text")

    def killed_after_the_first_part(done: int, total: int) -> None:
        raise KeyboardInterrupt  # as SIGKILL: nothing runs after it

    with pytest.raises(KeyboardInterrupt):
        io.import_in_parts(factory, SYSTEM, "organisations", rows, key=key, progress=killed_after_the_first_part)
    assert _count(factory, Organisation, Organisation.name.like("Eee Institute %")) == 4
    result = io.import_in_parts(factory, SYSTEM, "organisations", rows, key=key)
    assert (result.skipped, result.created) == (4, 6)
    assert _count(factory, Organisation, Organisation.name.like("Eee Institute %")) == 10


def test_another_users_write_goes_through_while_a_bulk_job_screens(factory, monkeypatch):
    names = "".join(f"Example Institute {i}\n" for i in range(1001))  # past the first progress commit
    with transaction(factory) as session:
        job_id = bulk.create_job(session, SYSTEM, "names.txt", names.encode(), None, None).id
    real, calls = bulk.service.screen_names, []

    def screen_names(*args, **kwargs):
        calls.append(1)
        _another_users_write(factory, 10 + len(calls))
        return real(*args, **kwargs)

    monkeypatch.setattr(bulk.service, "screen_names", screen_names)
    monkeypatch.setattr(bulk, "CHUNK", 256)
    bulk.run_job(factory, job_id)
    with factory() as session:
        job = session.get_one(ScreeningJob, job_id)
        assert (job.status, job.done) == ("done", 1001)
    assert len(calls) == 4  # one write per chunk of 256 names, each while the job was running


def test_another_users_write_goes_through_while_a_registry_dump_is_applied(factory, monkeypatch, tmp_path):
    from ksdesk.registry import ror_update
    from tests.sources.ror_zip import shipped_records, write_dump

    monkeypatch.setattr(ror_update, "PART_RECORDS", 20)
    monkeypatch.setattr(ror_update, "CHUNK", 10)
    dump = write_dump(tmp_path / "ror.zip", list(shipped_records(60)))
    parts: list[int] = []

    def between_parts(n: int) -> None:
        parts.append(n)
        _another_users_write(factory, date(2040, 2, len(parts)))

    report = ror_update.apply_dump_in_parts(factory, SYSTEM, dump, source_name="ror.zip", progress=between_parts)
    assert report.added == 60 and len(parts) >= 6  # three parts to add, three to compare and link
    assert _count(factory, ClosureDay, ClosureDay.day.between(date(2040, 2, 1), date(2040, 2, 28))) == len(parts)


def _no_write_transaction_open(factory, day: date) -> None:
    """Fails when any connection holds a write transaction: on SQLite another user's write then
    waits for the lock and gives up; on PostgreSQL a transaction that wrote has an id."""
    if factory.kw["bind"].dialect.name == "sqlite":
        _another_users_write(factory, day)
        return
    from sqlalchemy import text

    with factory() as session:
        writers = session.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                      "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"))
    assert writers == 0


_days = itertools.count()


@pytest.fixture
def builds_checked(factory, monkeypatch):
    """Every build of the screening index checks that no write transaction is open meanwhile."""
    from ksdesk.screening import cache

    real, builds = cache.build_index, []

    def build_index(*args, **kwargs):
        builds.append(1)
        _no_write_transaction_open(factory, date(2041, 1, 1) + timedelta(days=next(_days)))
        return real(*args, **kwargs)

    monkeypatch.setattr(cache, "build_index", build_index)
    return builds


def test_lists_load_builds_the_screening_index_after_its_commit(factory, builds_checked, monkeypatch):
    from typer.testing import CliRunner

    from ksdesk.cli import main as cli
    from ksdesk.screening.lists import un
    from ksdesk.settings import REPO_ROOT

    monkeypatch.setattr(cli.screening, "session_factory", lambda: factory)
    path = sorted((REPO_ROOT / "data" / un.FOLDER).glob(un.PATTERN))[-1]
    result = CliRunner().invoke(cli.app, ["lists", "load", "un", str(path)])
    assert result.exit_code == 0, (result.output, result.exception)
    assert "un-consolidated: version" in result.output and builds_checked


def test_the_demo_builds_the_screening_index_after_its_commits(factory, builds_checked, monkeypatch):
    from typer.testing import CliRunner

    from ksdesk.cli import main as cli
    from ksdesk.registry.ror_import import import_registry
    from ksdesk.screening import shipped
    from ksdesk.screening.lists import load_ror, load_un

    monkeypatch.setattr(cli, "session_factory", lambda: factory)
    monkeypatch.setattr(cli.screening, "import_shipped_registry", lambda session: import_registry(
        session, SYSTEM, load_ror()[:300], source="part of the shipped copy"))
    monkeypatch.setattr(shipped, "load_all_lists", lambda: [load_un()])
    result = CliRunner().invoke(cli.app, ["demo", "--without-year"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert "list entries linked to the registry" in result.output and builds_checked

"""Long work never holds the write lock: while an import or a bulk-screening job runs, another
user's write goes through at once. Before, `ksdesk import` wrote a whole file in one transaction
(a 100,001-row file held SQLite's write lock for 360 s) and a bulk job screened inside a writing
transaction, so desk submissions waited up to 48.6 s and a job of 1,000 names failed on its own
progress commit.

The other user's write is given 200 ms to get the lock (SQLite; PostgreSQL has row locks only),
so a lock held across the work fails it with "database is locked" at once."""

from __future__ import annotations

from datetime import date

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


def _another_users_write(factory, day: int) -> None:
    with transaction(factory, busy_ms=OTHER_USER_WAITS_MS) as session:
        session.add(ClosureDay(day=date(2040, 1, day), reason="written during long work"))


def _count(factory, model, *where) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def _rows(prefix: str, n: int) -> list[tuple[int, dict]]:
    return [(line, {"name": f"{prefix} Institute {line}", "country_code": "DE", "ror_id": f"0{prefix.lower()}{line:05d}"})
            for line in range(2, n + 2)]


def test_another_users_write_goes_through_while_an_import_runs(factory, monkeypatch):
    monkeypatch.setattr(io, "PART_ROWS", 4)
    parts = []

    def between_parts(done: int, total: int) -> None:
        parts.append(done)
        _another_users_write(factory, len(parts))

    result = io.import_in_parts(factory, SYSTEM, "organisations", _rows("Aaa", 10), progress=between_parts)
    assert result.created == 10 and parts == [4, 8, 10]
    assert _count(factory, Organisation, Organisation.name.like("Aaa Institute %")) == 10
    assert _count(factory, ClosureDay, ClosureDay.reason == "written during long work") >= 3


def test_a_bad_row_found_while_checking_imports_nothing(factory, monkeypatch):
    monkeypatch.setattr(io, "PART_ROWS", 4)
    rows = _rows("Bbb", 10)
    rows[7][1]["country_code"] = "QQ"  # unknown: only writing the row finds it
    with pytest.raises(io.ImportRejected) as refused:
        io.import_in_parts(factory, SYSTEM, "organisations", rows)
    assert [p.line for p in refused.value.problems] == [9]
    assert _count(factory, Organisation, Organisation.name.like("Bbb Institute %")) == 0


def test_an_import_that_fails_in_a_later_part_keeps_the_parts_before_it_and_says_where_to_resume(factory, monkeypatch):
    monkeypatch.setattr(io, "PART_ROWS", 4)
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

    monkeypatch.setattr(io, "PART_ROWS", 4)
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


def test_the_same_file_imported_again_after_a_kill_imports_only_the_rows_it_had_not(factory, monkeypatch):
    monkeypatch.setattr(io, "PART_ROWS", 4)
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
        _another_users_write(factory, 20 + len(parts))

    report = ror_update.apply_dump_in_parts(factory, SYSTEM, dump, source_name="ror.zip", progress=between_parts)
    assert report.added == 60 and len(parts) >= 6  # three parts to add, three to compare and link
    assert _count(factory, ClosureDay, ClosureDay.day >= date(2040, 1, 21)) == len(parts)

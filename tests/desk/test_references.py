"""Reference numbers stay unique and consecutive when many questions arrive at once, and one
submission never waits for another's transaction to end."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import pytest
from sqlalchemy import create_engine, delete, select, text
from sqlalchemy.engine import make_url

from ksdesk import jobs, schema
from ksdesk.db import make_engine, transaction
from ksdesk.desk import references, service
from ksdesk.desk.models import Question, ReferenceCounter
from ksdesk.wiring import install
from tests.conftest import BACKEND, PG_SERVER_URL
from tests.desk.conftest import form

THREADS, EACH = 8, 10


def test_references_look_like_the_desks_and_are_recognised_when_typed_loosely():
    assert references.format_reference(2026, 123) == "KV-2026-000123"
    assert references.normalise_reference(" kv-2026-000123 ") == "KV-2026-000123"
    assert references.normalise_reference("2026-123") is None


def test_the_counter_never_issues_a_number_twice_under_concurrency(engine):
    factory = install(engine)
    year = 2999  # a year no other test uses; the row is removed afterwards

    def take(_):
        with transaction(factory) as session:
            return references.next_number(session, year)

    try:
        with ThreadPoolExecutor(THREADS) as pool:
            numbers = list(pool.map(take, range(THREADS * EACH)))
    finally:
        with transaction(factory) as session:
            session.execute(delete(ReferenceCounter).where(ReferenceCounter.year == year))
    assert sorted(numbers) == list(range(1, THREADS * EACH + 1))


@pytest.fixture
def fresh_factory(tmp_path):
    """A database of its own, because this test commits for real from many connections."""
    if BACKEND == "postgresql":
        name = f"ksdesk_refs_{uuid.uuid4().hex[:8]}"
        server = create_engine(PG_SERVER_URL, isolation_level="AUTOCOMMIT")
        with server.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(PG_SERVER_URL).set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{tmp_path / 'refs.sqlite3'}"
    engine = make_engine(url)
    schema.upgrade(engine)
    previous = jobs._session_factory
    jobs.use_session_factory(install(engine))
    yield install(engine)
    jobs.use_session_factory(previous)
    engine.dispose()
    if BACKEND == "postgresql":
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def test_many_simultaneous_submissions_get_distinct_consecutive_references(fresh_factory):
    def submit(i):
        with transaction(fresh_factory) as session:
            return service.submit_question(session, form(countries=[], subject=f"Vraag {i}")).reference

    with ThreadPoolExecutor(THREADS) as pool:
        issued = list(pool.map(submit, range(THREADS * EACH)))
    with transaction(fresh_factory) as session:
        stored = list(session.scalars(select(Question.reference)))
    assert len(set(issued)) == len(issued) == THREADS * EACH
    assert sorted(stored) == sorted(issued)
    year = issued[0][3:7]
    assert sorted(issued) == [references.format_reference(int(year), n) for n in range(1, THREADS * EACH + 1)]


@pytest.mark.skipif(BACKEND != "postgresql", reason="SQLite admits one writer at a time, by design")
def test_a_submission_still_in_progress_does_not_hold_up_the_next(fresh_factory):
    year = 2026
    first = fresh_factory()
    try:
        number = references.next_number(first, year)  # and the first's transaction stays open

        def second():
            with transaction(fresh_factory) as session:
                return references.next_number(session, year)

        with ThreadPoolExecutor(1) as pool:
            taken = pool.submit(second)
            try:
                assert taken.result(timeout=10) == number + 1
            except FutureTimeout:
                first.rollback()  # lets the waiting one finish before the pool shuts down
                pytest.fail("the second submission waited for the first one's transaction")
    finally:
        first.rollback()
        first.close()
    # The first gave up after taking its number: that number stays used, never issued twice.
    with transaction(fresh_factory) as session:
        assert references.next_number(session, year) == number + 2

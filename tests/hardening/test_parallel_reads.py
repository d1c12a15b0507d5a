"""API reads only read: they answer while another transaction holds the write lock (SQLite) or the
token's row (PostgreSQL), and many at once all succeed. Before, every token request wrote
``api_token.last_used_at`` inside its read and failed with "database is locked"."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from ksdesk import schema
from ksdesk.accounts import service as accounts
from ksdesk.accounts.models import ApiToken
from ksdesk.accounts.principal import SYSTEM
from ksdesk.app.factory import create_app
from ksdesk.db import make_engine, transaction
from ksdesk.wiring import install
from tests.conftest import BACKEND, PASSWORD
from tests.databases import throwaway_database


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with throwaway_database(tmp_path_factory.mktemp("parallel"), "parallel") as url:
        engine = make_engine(url)
        schema.upgrade(engine)
        factory = install(engine)
        with transaction(factory) as session:
            user = accounts.create_user(session, SYSTEM, email="ann@example.org", name="Ann", password=PASSWORD,
                                        role="desk_officer", language="en")
            token = accounts.create_api_token(session, SYSTEM, user, "parallel")
        yield url, engine, factory, token
        engine.dispose()


@contextmanager
def write_lock_held(url: str, engine):
    """Another writer in the middle of its transaction: SQLite's write lock, or on PostgreSQL the
    lock on every token row."""
    if BACKEND == "sqlite":
        other = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    with engine.connect() as conn:
        conn.execute(text("SELECT id FROM api_token FOR UPDATE"))
        yield
        conn.rollback()


def _client(factory, token: str) -> TestClient:
    return TestClient(create_app(factory), base_url="https://testserver",
                      headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})


def test_an_api_read_answers_while_another_transaction_writes(served):
    url, engine, factory, token = served
    client = _client(factory, token)
    with write_lock_held(url, engine):
        done: list = []
        reader = threading.Thread(target=lambda: done.append(client.get("/api/v1/me")), daemon=True)
        reader.start()
        reader.join(timeout=10)
        assert done, "the read waited for the write lock"
        assert done[0].status_code == 200, done[0].text


def test_many_parallel_api_reads_all_succeed(served):
    _url, _engine, factory, token = served
    client = _client(factory, token)
    with ThreadPoolExecutor(max_workers=25) as pool:
        answers = list(pool.map(lambda _i: client.get("/api/v1/me").status_code, range(100)))
    assert answers == [200] * 100


def test_the_token_use_is_still_recorded_after_the_answer(served):
    _url, engine, factory, token = served
    app = create_app(factory)
    with TestClient(app, base_url="https://testserver", headers={"Authorization": f"Bearer {token}"}) as client:
        with engine.begin() as conn:
            conn.execute(ApiToken.__table__.update().values(last_used_at=None))
        assert client.get("/api/v1/me").status_code == 200
    with engine.connect() as conn:
        assert conn.execute(select(ApiToken.last_used_at)).scalar() is not None

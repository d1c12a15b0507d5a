"""Which database backend the suite runs on, and new empty databases for tests that need their own.

KSDESK_TEST_DATABASE=sqlite (default) or postgresql chooses the backend; PostgreSQL is reached
at KSDESK_TEST_PG_URL (default: the local server).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

BACKEND = os.environ.get("KSDESK_TEST_DATABASE", "sqlite")
PG_SERVER_URL = os.environ.get("KSDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@contextmanager
def throwaway_database(directory: Path, label: str) -> Iterator[str]:
    """The URL of a new, empty database of the backend under test; a PostgreSQL one is dropped after."""
    if BACKEND == "sqlite":
        yield f"sqlite:///{directory / (label + '.sqlite3')}"
        return
    if BACKEND != "postgresql":
        raise ValueError(f"unknown KSDESK_TEST_DATABASE {BACKEND!r}")
    name = f"ksdesk_{label}_{uuid.uuid4().hex[:10]}"
    server = create_engine(PG_SERVER_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_SERVER_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def downgrade(engine, revision: str) -> None:
    """Takes a migrated database back to an earlier revision, to fill it as that version did."""
    from alembic import command

    from ksdesk import schema

    config = schema.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

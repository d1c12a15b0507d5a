"""Engine, sessions and the declarative base shared by every model."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import JSON, DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware timestamps on every backend.

    SQLite has no time zones, so values are stored as naive UTC and given their zone
    back on the way out; deadline arithmetic must never mix naive and aware values.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: timestamps must carry a time zone")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict: JSON(), list: JSON()}


# Execution option that asks SQLite for the write lock when a transaction begins.
WRITE = {"ksdesk_write": True}
# How long a SQLite transaction waits for the write lock, in milliseconds, unless it says otherwise
# with the execution option "ksdesk_busy_ms" (a best-effort write that had rather give up).
BUSY_MS = 30_000


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            # Foreign keys are off by default in SQLite; WAL lets readers work during a write.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_MS}")
            cursor.close()
            # The driver would only BEGIN before the first INSERT, which breaks savepoints and
            # lets a RELEASE commit for good; SQLAlchemy's recipe is to BEGIN ourselves.
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):
            # A transaction that will write takes the write lock up front: a deferred one that
            # read first could not upgrade once another writer committed (SQLITE_BUSY_SNAPSHOT),
            # whereas an immediate one simply waits its turn (busy_timeout).
            options = connection.get_execution_options()
            immediate = options.get("ksdesk_write", False)
            busy = int(options.get("ksdesk_busy_ms", BUSY_MS))
            if connection.info.get("ksdesk_busy_ms", BUSY_MS) != busy:  # a pooled connection keeps it
                connection.exec_driver_sql(f"PRAGMA busy_timeout={busy}")
                connection.info["ksdesk_busy_ms"] = busy
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    # No pre-ping: it costs a round trip on every checkout, i.e. on every request. A connection
    # the server dropped (a restart) fails the one statement that meets it; SQLAlchemy then sees the
    # disconnect and discards every pooled connection, and that request's transaction is rolled
    # back, so it answers with an error and stores nothing. Connections are renewed every half
    # hour so that one the network silently dropped is not kept for ever.
    return create_engine(url, pool_size=10, max_overflow=20, pool_recycle=1800)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def writing_session(factory: sessionmaker[Session], *, busy_ms: int | None = None) -> Session:
    """A session whose transaction will write (see WRITE); on PostgreSQL it is an ordinary one.

    ``busy_ms``: on SQLite, wait at most this long for the write lock (default BUSY_MS)."""
    bind = factory.kw.get("bind")
    if isinstance(bind, Engine) and bind.dialect.name == "sqlite":
        options = {**WRITE, "ksdesk_busy_ms": busy_ms} if busy_ms is not None else WRITE
        return factory(bind=bind.execution_options(**options))
    return factory()


# How long long work (an import in parts) pauses between its write transactions on SQLite. A
# writer that commits and at once begins again takes the lock before any waiting writer wakes:
# SQLite's busy handler sleeps up to 100 ms between its tries, so the desk's writes would starve
# behind an import that never holds the lock for long.
TURN_SECONDS = 0.15


def give_writers_a_turn(factory: sessionmaker[Session]) -> None:
    """Between two write transactions of long work: on SQLite, wait until a writer that was
    waiting for the lock has had it; PostgreSQL locks rows, not the database, so nobody waits."""
    bind = factory.kw.get("bind")
    if bind is not None and bind.dialect.name == "sqlite":
        time.sleep(TURN_SECONDS)


@contextmanager
def transaction(factory: sessionmaker[Session], *, busy_ms: int | None = None) -> Iterator[Session]:
    """One unit of work that may write: committed when the block succeeds, rolled back otherwise."""
    session = writing_session(factory, busy_ms=busy_ms)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()

"""Reference numbers: KV-<year>-<six digits>, one sequence per year, never issued twice.

The counter is advanced with a single INSERT ... ON CONFLICT DO UPDATE ... RETURNING, so two
submissions can never read the same value.

Where it is advanced differs by database. On SQLite a writing transaction holds the database's
only write lock from its start, so the submission's own transaction advances it: a submission that
rolls back gives its number back. On PostgreSQL the increment locks the year's row until its
transaction ends, and every other submission waits for that row. In the submission's own
transaction the row stayed locked through four more statements and the commit, some 10 ms under
load, and at 100 submissions a second the desk could take no more. So there the number is taken in
a transaction of its own, committed at once: the row is locked for one statement. The price is that
a submission failing after it has its number (the database goes away mid-request) leaves that
number unused. Every question that is refused (validation, rate limit) is refused before it takes
a number, as before.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ksdesk.desk.calendar import AMSTERDAM
from ksdesk.desk.models import ReferenceCounter

PREFIX = "KV"
REFERENCE_PATTERN = re.compile(r"^KV-(\d{4})-(\d{6,})$")


def format_reference(year: int, number: int) -> str:
    return f"{PREFIX}-{year}-{number:06d}"


def upsert(session: Session):
    """The backend's INSERT with ON CONFLICT (both backends support the same clause)."""
    # Imported here: a process loads only its own backend's dialect (PostgreSQL's is some 2 MB).
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert
    raise RuntimeError(f"no atomic upsert for {dialect}")  # pragma: no cover


def next_number(session: Session, year: int) -> int:
    table = ReferenceCounter.__table__
    insert = upsert(session)
    stmt = (
        insert(table)
        .values(year=year, last_value=1)
        .on_conflict_do_update(index_elements=[table.c.year], set_={"last_value": table.c.last_value + 1})
        .returning(table.c.last_value)
    )
    bind = session.get_bind()
    if bind.dialect.name == "postgresql" and isinstance(bind, Engine):
        with bind.connect().execution_options(isolation_level="AUTOCOMMIT") as own:
            return own.execute(stmt).scalar_one()
    # SQLite; or a session bound to one connection, which has no other to take the number on.
    return session.execute(stmt).scalar_one()


def next_reference(session: Session, received_at: datetime) -> str:
    # The year the desk sees: a question sent at 23:30 UTC on 31 December is next year's in Amsterdam.
    year = received_at.astimezone(AMSTERDAM).year
    return format_reference(year, next_number(session, year))


def normalise_reference(text: str) -> str | None:
    """A reference as typed by a person (spaces, lower case), or None when it is not one."""
    candidate = re.sub(r"\s+", "", text or "").upper()
    return candidate if REFERENCE_PATTERN.match(candidate) else None

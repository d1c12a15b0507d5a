"""Reference numbers: KV-<year>-<six digits>, one sequence per year, without duplicates or gaps.

The counter is advanced with a single INSERT ... ON CONFLICT DO UPDATE ... RETURNING, so two
submissions can never read the same value: PostgreSQL locks the year's row until the
transaction ends, SQLite admits one writer at a time. A rolled-back submission rolls its
increment back with it, so the number is issued again rather than lost.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ksdesk.desk.calendar import AMSTERDAM
from ksdesk.desk.models import ReferenceCounter

PREFIX = "KV"
REFERENCE_PATTERN = re.compile(r"^KV-(\d{4})-(\d{6,})$")


def format_reference(year: int, number: int) -> str:
    return f"{PREFIX}-{year}-{number:06d}"


def upsert(session: Session):
    """The backend's INSERT with ON CONFLICT (both backends support the same clause)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
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
    return session.execute(stmt).scalar_one()


def next_reference(session: Session, received_at: datetime) -> str:
    # The year the desk sees: a question sent at 23:30 UTC on 31 December is next year's in Amsterdam.
    year = received_at.astimezone(AMSTERDAM).year
    return format_reference(year, next_number(session, year))


def normalise_reference(text: str) -> str | None:
    """A reference as typed by a person (spaces, lower case), or None when it is not one."""
    candidate = re.sub(r"\s+", "", text or "").upper()
    return candidate if REFERENCE_PATTERN.match(candidate) else None

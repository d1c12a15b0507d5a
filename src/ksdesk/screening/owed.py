"""The re-screenings that committed list and registry updates still owe (RescreenOwed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from ksdesk.screening.models import RescreenOwed
from ksdesk.text import shortened

# PostgreSQL's advisory lock that one re-screening at a time holds for its transaction: two at
# once would each miss the alerts the other has not committed yet and raise them twice. SQLite
# lets one writer in at a time anyway.
LOCK = 0x6B73_7273


def owe(session: Session, list_codes: set[str] | None, reason: str) -> None:
    """Records, in the update's transaction, that the lists (None: every list) are to be re-screened."""
    session.add(RescreenOwed(lists=sorted(list_codes) if list_codes is not None else None,
                             reason=shortened(reason, 500)))
    session.flush()


def take_turn(session: Session) -> None:
    """Waits until no other re-screening is raising alerts (see LOCK); for the caller's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK})


def owed(session: Session, *, before: datetime | None = None) -> tuple[list[int], set[str] | None]:
    """The ids of the re-screenings owed (recorded before ``before``) and the lists they cover together."""
    query = select(RescreenOwed.id, RescreenOwed.lists).order_by(RescreenOwed.id)
    if before is not None:
        query = query.where(RescreenOwed.created_at < before)
    ids: list[int] = []
    lists: set[str] | None = set()
    for row_id, codes in session.execute(query):
        ids.append(row_id)
        lists = None if lists is None or codes is None else lists | set(codes)
    return ids, lists


def paid(session: Session, ids: list[int]) -> None:
    """In the transaction that raised the alerts: the re-screenings ``ids`` are done."""
    if ids:
        session.execute(delete(RescreenOwed).where(RescreenOwed.id.in_(ids)))

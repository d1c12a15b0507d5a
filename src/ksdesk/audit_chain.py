"""The audit log as a hash chain: every row carries the hash of the row before it, so a row that
was changed, removed or slipped in shows as the first link that no longer holds.

Triggers refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) on ``audit_event``, but whoever can
write the database file or owns the tables can drop them. The chain does not stop that; it makes
it visible: ``ksdesk audit verify`` recomputes every link, and remembers the last one it checked
(the anchor) outside the database, so that a log cut short at its end is seen too.

The hashes are set when the rows are flushed, from the last row in the database at that moment:
a row a savepoint rolled back is never part of the chain. Rows get their ids in the order they
are chained: on SQLite the writer holds the database's write lock; on PostgreSQL a transaction
takes an advisory lock, held to its commit, before it chains its first row (writers that record
audit events take turns from there to their commit).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timezone
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.attributes import instance_state

from ksdesk.audit import AuditEvent
from ksdesk.db import utcnow

GENESIS = ""
# Any fixed number: the advisory lock that orders the chain on PostgreSQL.
CHAIN_LOCK = 0x6B73_6465_736B  # "ksdesk"


def content(event: Any) -> str:
    """The row's fields as canonical JSON: what its hash covers (the id is its place in the chain)."""
    at = event.at.astimezone(timezone.utc).isoformat(timespec="microseconds")
    fields = {
        "at": at, "actor_id": event.actor_id, "actor_label": event.actor_label, "action": event.action,
        "object_type": event.object_type, "object_id": event.object_id,
        "institution_id": event.institution_id, "before": event.before, "after": event.after,
        "reason": event.reason,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def link(previous: str, event: Any) -> str:
    return hashlib.sha256((previous + "\n" + content(event)).encode("utf-8")).hexdigest()


def head(session: Session) -> str:
    last = session.scalar(select(AuditEvent.row_hash).order_by(AuditEvent.id.desc()).limit(1))
    return last or GENESIS


def chain_new_events(session: Session, _flush_context: UOWTransaction, _instances: Any) -> None:
    """before_flush: links the audit events this flush inserts, in the order they were added."""
    new = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if not new:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    previous = head(session)
    for event in sorted(new, key=lambda obj: instance_state(obj).insert_order or 0):
        if event.at is None:
            event.at = utcnow()
        event.prev_hash = previous
        event.row_hash = previous = link(previous, event)


@dataclass(frozen=True)
class Break:
    event_id: int
    why: str


@dataclass(frozen=True)
class Verdict:
    rows: int
    last_id: int | None
    last_hash: str
    broken: Break | None

    @property
    def whole(self) -> bool:
        return self.broken is None


def _rows(session: Session, batch: int = 5_000) -> Iterator[Any]:
    """The rows as stored (plain rows: objects the session holds could show its own older view)."""
    table = AuditEvent.__table__
    after = 0
    while True:
        chunk = session.execute(select(table).where(table.c.id > after).order_by(table.c.id).limit(batch)).all()
        if not chunk:
            return
        yield from chunk
        after = chunk[-1].id


def verify(session: Session, anchor: dict | None = None) -> Verdict:
    """Recomputes every link in id order; the first that does not hold is the verdict's break.

    ``anchor``: {"id", "hash"} of the last row an earlier verify saw; that row must still be there,
    with that hash, or the log was cut short or rewritten since.
    """
    previous, rows, last_id = GENESIS, 0, None
    anchored = anchor is None
    for event in _rows(session):
        rows += 1
        if event.prev_hash != previous:
            return Verdict(rows, last_id, previous, Break(event.id, "the hash of the row before it does not match: "
                                                                    "a row before it was removed or inserted"))
        if event.row_hash != link(previous, event):
            return Verdict(rows, last_id, previous, Break(event.id, "its contents do not match its hash: "
                                                                    "the row was changed"))
        if anchor is not None and event.id == anchor.get("id"):
            if event.row_hash != anchor.get("hash"):
                return Verdict(rows, last_id, previous, Break(event.id, "it differs from the last verified row"))
            anchored = True
        previous, last_id = event.row_hash, event.id
    if not anchored:
        assert anchor is not None
        return Verdict(rows, last_id, previous, Break(int(anchor.get("id") or 0),
                                                      "the last verified row is gone: the log was cut short"))
    return Verdict(rows, last_id, previous, None)


def default_anchor() -> Path:
    """Beside the screening indexes' folder (var/ by default): outside the database it guards."""
    from ksdesk.settings import get_settings

    return get_settings().index_dir.parent / "audit_anchor.json"


def read_anchor(path: Path) -> dict | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return value if isinstance(value, dict) else None


def write_anchor(path: Path, verdict: Verdict) -> None:
    if verdict.last_id is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps({"id": verdict.last_id, "hash": verdict.last_hash}), encoding="utf-8")
    partial.replace(path)

"""The append-only audit log: every state change of every object is recorded here.

Rows are never updated or deleted: database triggers (see the first migration) refuse it,
so not even a bug in the application can rewrite history; and each row carries the hash of the
one before it (ksdesk.audit_chain), so whoever removes the triggers cannot do it unseen.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ksdesk.db import Base, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor_label: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(64))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"), index=True)
    before: Mapped[dict | None]
    after: Mapped[dict | None]
    reason: Mapped[str | None] = mapped_column(Text)
    # Set when the row is flushed (audit_chain.chain_new_events); SHA-256 in hex.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def changed_fields(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Keeps only the keys whose values differ, so the log shows what actually changed."""
    if before is None or after is None:
        return before, after
    keys = [k for k in set(before) | set(after) if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in sorted(keys)}, {k: after.get(k) for k in sorted(keys)}


def record(
    session: Session,
    actor,
    action: str,
    obj_type: str,
    obj_id: Any,
    *,
    before: dict | None = None,
    after: dict | None = None,
    institution_id: int | None = None,
    reason: str | None = None,
) -> AuditEvent:
    """Adds an audit event in the caller's transaction: it lands if and only if the change does."""
    before, after = changed_fields(_plain(before), _plain(after))
    event = AuditEvent(
        actor_id=getattr(actor, "user_id", None),
        actor_label=getattr(actor, "label", "system"),
        action=action,
        object_type=obj_type,
        object_id=str(obj_id),
        institution_id=institution_id,
        before=before,
        after=after,
        reason=reason,
    )
    session.add(event)
    return event


def history(session: Session, obj_type: str, obj_id: Any) -> list[AuditEvent]:
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.object_type == obj_type, AuditEvent.object_id == str(obj_id))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return list(session.scalars(stmt))

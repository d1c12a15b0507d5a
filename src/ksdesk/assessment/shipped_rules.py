"""A new default rule set reaching a database that already has one (used by the migrations that
ship one): the database whose shipped default is in force gets the new default in force as its
next version, and every assessed collaboration is flagged for re-assessment, as an upload would;
a rule set an administrator uploaded stays in force, the new default stored beside it, to be
chosen by uploading it again."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ksdesk.db import UTCDateTime, utcnow

_TABLE = sa.table('rule_set_version', sa.column('number', sa.Integer), sa.column('label', sa.String),
                  sa.column('name', sa.String), sa.column('text', sa.Text), sa.column('is_current', sa.Boolean),
                  sa.column('uploaded_at', UTCDateTime(timezone=True)), sa.column('uploaded_by', sa.String))
_ASSESSMENTS = sa.table('assessment', sa.column('collaboration_id', sa.Integer))
_FLAGS = sa.table('reassessment_flag', sa.column('collaboration_id', sa.Integer), sa.column('reason', sa.String),
                  sa.column('detail', sa.Text), sa.column('raised_at', UTCDateTime(timezone=True)))


def store_shipped_default(bind: Connection, shipped_before: tuple[str, ...]) -> None:
    """Stores the shipped default rule set unless its version is stored already; it is put in force
    when the version in force is one shipped before (or none is)."""
    from ksdesk.assessment import default_rules_text, load_rule_set

    text = default_rules_text()
    rules = load_rule_set(text)
    if bind.execute(sa.select(_TABLE.c.number).where(_TABLE.c.label == rules.version)).first() is not None:
        return  # a fresh database: migration 0004 stored the file as it is now
    current = bind.execute(sa.select(_TABLE.c.label).where(_TABLE.c.is_current.is_(True))).scalar()
    number = (bind.execute(sa.select(sa.func.max(_TABLE.c.number))).scalar() or 0) + 1
    in_force = current is None or current in shipped_before
    if in_force:
        bind.execute(_TABLE.update().values(is_current=False))
    bind.execute(_TABLE.insert().values(number=number, label=rules.version, name=rules.name, text=text,
                                        is_current=in_force, uploaded_at=utcnow(), uploaded_by="system"))
    if in_force:
        assessed = bind.execute(sa.select(_ASSESSMENTS.c.collaboration_id).distinct()).scalars().all()
        if assessed:
            bind.execute(_FLAGS.insert(), [{"collaboration_id": cid, "reason": "rule_set", "detail": rules.version,
                                            "raised_at": utcnow()} for cid in assessed])

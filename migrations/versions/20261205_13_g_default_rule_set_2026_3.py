"""Default rule set 2026.3: people going out to a Dutch institute abroad are never talent outflow

Revision ID: 0007_13g
Revises: 0007_17h
Create Date: 2026-12-05 18:00:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0007_13g'
down_revision = '0007_17h'
branch_labels = None
depends_on = None

SHIPPED_BEFORE = ("2026.1", "2026.2")


def upgrade() -> None:
    # As 0007_13a: a database whose default is in force gets the new default as its next version;
    # a rule set an administrator uploaded stays in force, the new default stored beside it.
    from ksdesk.assessment import default_rules_text, load_rule_set
    from ksdesk.db import utcnow

    text = default_rules_text()
    rules = load_rule_set(text)
    table = sa.table('rule_set_version', sa.column('number', sa.Integer), sa.column('label', sa.String),
                     sa.column('name', sa.String), sa.column('text', sa.Text), sa.column('is_current', sa.Boolean),
                     sa.column('uploaded_at', ksdesk.db.UTCDateTime(timezone=True)), sa.column('uploaded_by', sa.String))
    bind = op.get_bind()
    if bind.execute(sa.select(table.c.number).where(table.c.label == rules.version)).first() is not None:
        return  # already stored, by 0004 on a fresh database or by 0007_13a
    current = bind.execute(sa.select(table.c.label).where(table.c.is_current.is_(True))).scalar()
    number = (bind.execute(sa.select(sa.func.max(table.c.number))).scalar() or 0) + 1
    in_force = current is None or current in SHIPPED_BEFORE
    if in_force:
        bind.execute(table.update().values(is_current=False))
    op.bulk_insert(table, [{"number": number, "label": rules.version, "name": rules.name, "text": text,
                            "is_current": in_force, "uploaded_at": utcnow(), "uploaded_by": "system"}])


def downgrade() -> None:
    pass  # the stored version stays: assessments may point at it

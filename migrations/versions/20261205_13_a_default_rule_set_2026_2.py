"""Default rule set 2026.2: hits by strength and review, country standing, one reason per cause

Revision ID: 0007_13a
Revises: 0006
Create Date: 2026-12-05 11:20:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0007_13a'
down_revision = '0006'
branch_labels = None
depends_on = None

SHIPPED_BEFORE = "2026.1"


def upgrade() -> None:
    # A database made before this release has the earlier default in force; it gets the new
    # default as its next version. A rule set an administrator uploaded stays in force: the new
    # default is stored beside it, to be chosen by uploading it again.
    from ksdesk.assessment import default_rules_text, load_rule_set
    from ksdesk.db import utcnow

    text = default_rules_text()
    rules = load_rule_set(text)
    table = sa.table('rule_set_version', sa.column('number', sa.Integer), sa.column('label', sa.String),
                     sa.column('name', sa.String), sa.column('text', sa.Text), sa.column('is_current', sa.Boolean),
                     sa.column('uploaded_at', ksdesk.db.UTCDateTime(timezone=True)), sa.column('uploaded_by', sa.String))
    bind = op.get_bind()
    if bind.execute(sa.select(table.c.number).where(table.c.label == rules.version)).first() is not None:
        return  # a fresh database: migration 0004 already stored the file as it is now
    current = bind.execute(sa.select(table.c.label).where(table.c.is_current.is_(True))).scalar()
    number = (bind.execute(sa.select(sa.func.max(table.c.number))).scalar() or 0) + 1
    in_force = current in (None, SHIPPED_BEFORE)
    if in_force:
        bind.execute(table.update().values(is_current=False))
    op.bulk_insert(table, [{"number": number, "label": rules.version, "name": rules.name, "text": text,
                            "is_current": in_force, "uploaded_at": utcnow(), "uploaded_by": "system"}])


def downgrade() -> None:
    pass  # the stored version stays: assessments may point at it

"""Re-assessment notices raised before name a new rule set or catalogue without English words

Revision ID: 0007_13h
Revises: 0007_13g
Create Date: 2026-12-05 18:30:00
"""

import re

import sqlalchemy as sa
from alembic import op

revision = '0007_13h'
down_revision = '0007_13g'
branch_labels = None
depends_on = None

_FLAGS = sa.table('reassessment_flag', sa.column('id', sa.Integer), sa.column('reason', sa.String),
                  sa.column('detail', sa.Text))
# As written before: "rule set 2026.2 (version 3)" and "mitigations (version 2)".
_WRITTEN = {"rule_set": re.compile(r"^rule set (.+) \(version \d+\)$"), "catalogue": re.compile(r"^(.+) \(version \d+\)$")}


def upgrade() -> None:
    # The page shows the detail after the reason in the reader's language: the rule set's own
    # label and the catalogue's id (which the page names in Dutch or English), no English words.
    bind = op.get_bind()
    rows = bind.execute(sa.select(_FLAGS.c.id, _FLAGS.c.reason, _FLAGS.c.detail)
                        .where(_FLAGS.c.reason.in_(tuple(_WRITTEN)), _FLAGS.c.detail.like("%(version %)"))).all()
    changed = [{"row_id": i, "plain": found.group(1)} for i, reason, detail in rows
               if (found := _WRITTEN[reason].match(detail or ""))]
    if changed:
        bind.execute(_FLAGS.update().where(_FLAGS.c.id == sa.bindparam("row_id"))
                     .values(detail=sa.bindparam("plain")), changed)


def downgrade() -> None:
    pass  # the words are not written back

"""Organisations keep the registry's own description of their record for screening: all its kinds
in ROR's words, the records it became, and its web domains

Revision ID: 0013_12a
Revises: 0012_12b
Create Date: 2026-12-07 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0013_12a'
down_revision = '0012_12b'
branch_labels = None
depends_on = None

COLUMNS = ('ror_types', 'ror_successors', 'ror_domains')


def upgrade() -> None:
    # Left empty for the organisations already registered: the next registry update fills them in
    # (until then screening reads an organisation's kind from org_type, as before).
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        for column in COLUMNS:
            batch_op.add_column(sa.Column(column, sa.JSON(), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # As in 0007_18a: SQLite drops these columns in place; a batch copy of the organisation
        # table would trip every foreign key that points at it.
        for column in COLUMNS:
            op.execute(f"ALTER TABLE organisation DROP COLUMN {column}")
        return
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        for column in reversed(COLUMNS):
            batch_op.drop_column(column)

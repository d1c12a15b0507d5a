"""Outbox reply-to: a ministry's signed reply address on the notices that ask for its advice

Revision ID: 0007_17h
Revises: 0007_17g
Create Date: 2026-12-05 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007_17h'
down_revision = '0007_17g'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('desk_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_to', sa.String(length=254), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('desk_outbox', schema=None) as batch_op:
        batch_op.drop_column('reply_to')

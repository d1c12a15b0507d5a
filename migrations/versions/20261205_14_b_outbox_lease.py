"""Outbox mail being sent is leased to the worker that claimed it

Revision ID: 0007_14b
Revises: 0007_13f
Create Date: 2026-12-05 18:40:00
"""

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0007_14b'
down_revision = '0007_13f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('desk_outbox', sa.Column('lease_until', ksdesk.db.UTCDateTime(timezone=True), nullable=True))
    # A row left "sending" before the lease existed was its worker's for 15 minutes from its last
    # attempt (the sweep's rule until now): that becomes its lease, so it is retried as before.
    table = sa.table('desk_outbox', sa.column('id', sa.Integer), sa.column('status', sa.String),
                     sa.column('created_at', ksdesk.db.UTCDateTime(timezone=True)),
                     sa.column('last_attempt_at', ksdesk.db.UTCDateTime(timezone=True)),
                     sa.column('lease_until', ksdesk.db.UTCDateTime(timezone=True)))
    bind = op.get_bind()
    rows = bind.execute(sa.select(table.c.id, table.c.created_at, table.c.last_attempt_at)
                        .where(table.c.status == 'sending')).all()
    for row in rows:
        bind.execute(table.update().where(table.c.id == row.id)
                     .values(lease_until=(row.last_attempt_at or row.created_at) + timedelta(minutes=15)))


def downgrade() -> None:
    op.drop_column('desk_outbox', 'lease_until')

"""Holiday choices: per holiday, whether the desk works on it (an administrator's decision)

Revision ID: 0007_17f
Revises: 0007_13d
Create Date: 2026-12-05 15:00:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0007_17f'
down_revision = '0007_13d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('desk_holiday_choice',
    sa.Column('holiday', sa.String(length=32), nullable=False),
    sa.Column('desk_works', sa.Boolean(), nullable=False),
    sa.Column('changed_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('holiday', name=op.f('pk_desk_holiday_choice'))
    )


def downgrade() -> None:
    op.drop_table('desk_holiday_choice')

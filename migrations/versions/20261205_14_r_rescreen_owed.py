"""Re-screenings that committed list and registry updates still owe

Revision ID: 0009_14r
Revises: 0008_12b
Create Date: 2026-12-05 20:40:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0009_14r'
down_revision = '0008_12b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('screening_rescreen_owed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lists', sa.JSON(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_rescreen_owed'))
    )


def downgrade() -> None:
    op.drop_table('screening_rescreen_owed')

"""Screening alerts keep why they matched as reason codes with their parameters

Revision ID: 0010_19a
Revises: 0009_14r
Create Date: 2026-12-05 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0010_19a'
down_revision = '0009_14r'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Alerts raised before keep only their English sentence: the page shows that one, marked English.
    with op.batch_alter_table('screening_alert') as batch:
        batch.add_column(sa.Column('reasons', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('screening_alert') as batch:
        batch.drop_column('reasons')

"""Bulk screening jobs remember the column that holds each row's country

Revision ID: 0007_12a
Revises: 0007_18a
Create Date: 2026-12-05 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007_12a'
down_revision = '0007_18a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('screening_job') as batch:
        batch.add_column(sa.Column('country_column', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('screening_job') as batch:
        batch.drop_column('country_column')

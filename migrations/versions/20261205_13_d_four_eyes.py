"""Four eyes per institution: a high-risk approval waits for a second advisor's confirmation

Revision ID: 0007_13d
Revises: 0007_14i
Create Date: 2026-12-05 14:50:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0007_13d'
down_revision = '0007_14i'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('institution') as batch:
        batch.add_column(sa.Column('four_eyes', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('assessment') as batch:
        batch.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('confirmed_by', sa.String(length=254), nullable=True))
        batch.add_column(sa.Column('confirmed_at', ksdesk.db.UTCDateTime(timezone=True), nullable=True))
        batch.create_foreign_key('fk_assessment_decided_by_id_user_account', 'user_account',
                                 ['decided_by_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('assessment') as batch:
        batch.drop_constraint('fk_assessment_decided_by_id_user_account', type_='foreignkey')
        batch.drop_column('confirmed_at')
        batch.drop_column('confirmed_by')
        batch.drop_column('decided_by_id')
    with op.batch_alter_table('institution') as batch:
        batch.drop_column('four_eyes')

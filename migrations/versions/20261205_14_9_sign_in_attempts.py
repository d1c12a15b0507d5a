"""Sign-in attempts: what the sign-in throttle counts and an administrator reads

Revision ID: 0007_14i
Revises: 0007_13c
Create Date: 2026-12-05 14:50:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0007_14i'
down_revision = '0007_13c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sign_in_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('account', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_attempt'))
    )
    with op.batch_alter_table('sign_in_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_sign_in_attempt_account', ['account', 'at'], unique=False)
        batch_op.create_index('ix_sign_in_attempt_address', ['address', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_attempt_at'), ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sign_in_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_attempt_at'))
        batch_op.drop_index('ix_sign_in_attempt_address')
        batch_op.drop_index('ix_sign_in_attempt_account')
    op.drop_table('sign_in_attempt')

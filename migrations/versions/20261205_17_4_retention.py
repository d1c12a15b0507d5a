"""Retention: what the retention job erased of each closed question

Revision ID: 0007_17d
Revises: 0007_17c
Create Date: 2026-12-05 11:45:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0007_17d'
down_revision = '0007_17c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('desk_erasure',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('erased_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['desk_question.id'], name=op.f('fk_desk_erasure_question_id_desk_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', 'kind', name=op.f('pk_desk_erasure'))
    )


def downgrade() -> None:
    op.drop_table('desk_erasure')

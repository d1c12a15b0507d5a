"""Question tags: words officers give questions, to filter the queue and count in the figures

Revision ID: 0007_17g
Revises: 0007_14b
Create Date: 2026-12-05 17:40:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0007_17g'
down_revision = '0007_14b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('desk_question_tag',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=40), nullable=False),
    sa.Column('added_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['desk_question.id'], name=op.f('fk_desk_question_tag_question_id_desk_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', 'tag', name=op.f('pk_desk_question_tag'))
    )
    with op.batch_alter_table('desk_question_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_question_tag_tag'), ['tag'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('desk_question_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_question_tag_tag'))
    op.drop_table('desk_question_tag')

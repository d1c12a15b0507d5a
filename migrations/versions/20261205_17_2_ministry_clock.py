"""Ministries on the clock: a deadline per coordination request, the desk's settings, reminders sent

Revision ID: 0007_17b
Revises: 0007_14a
Create Date: 2026-12-05 11:20:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0007_17b'
down_revision = '0007_14a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('desk_coordination', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_at', ksdesk.db.UTCDateTime(timezone=True), nullable=True))

    op.create_table('desk_setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_desk_setting'))
    )
    op.create_table('desk_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('ministry', sa.String(length=16), nullable=False),
    sa.Column('due_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['desk_question.id'], name=op.f('fk_desk_reminder_question_id_desk_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_reminder')),
    sa.UniqueConstraint('question_id', 'kind', 'ministry', 'due_at', name=op.f('uq_desk_reminder_question_id'))
    )
    with op.batch_alter_table('desk_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_reminder_question_id'), ['question_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('desk_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_reminder_question_id'))
    op.drop_table('desk_reminder')
    op.drop_table('desk_setting')
    with op.batch_alter_table('desk_coordination', schema=None) as batch_op:
        batch_op.drop_column('due_at')

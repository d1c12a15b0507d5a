"""Mail in: e-mails received by ksdesk mail-in, threaded onto a question or quarantined

Revision ID: 0007_17c
Revises: 0007_17b
Create Date: 2026-12-05 11:30:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0007_17c'
down_revision = '0007_17b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('desk_inbound_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('received_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sender', sa.String(length=254), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=True),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['desk_message.id'], name=op.f('fk_desk_inbound_mail_message_id_desk_message'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['desk_question.id'], name=op.f('fk_desk_inbound_mail_question_id_desk_question'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_inbound_mail'))
    )
    with op.batch_alter_table('desk_inbound_mail', schema=None) as batch_op:
        batch_op.create_index('ix_desk_inbound_mail_status', ['status', 'received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_desk_inbound_mail_question_id'), ['question_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('desk_inbound_mail', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_inbound_mail_question_id'))
        batch_op.drop_index('ix_desk_inbound_mail_status')
    op.drop_table('desk_inbound_mail')

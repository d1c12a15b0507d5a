"""Collaborations of several institutions: participating institutions beside the lead

Revision ID: 0007_13b
Revises: 0007_17d
Create Date: 2026-12-05 11:20:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0007_13b'
down_revision = '0007_17d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('collaboration_participant',
    sa.Column('collaboration_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['collaboration_id'], ['collaboration.id'],
                            name=op.f('fk_collaboration_participant_collaboration_id_collaboration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'],
                            name=op.f('fk_collaboration_participant_institution_id_institution')),
    sa.PrimaryKeyConstraint('collaboration_id', 'institution_id', name=op.f('pk_collaboration_participant'))
    )
    op.create_index(op.f('ix_collaboration_participant_institution_id'), 'collaboration_participant',
                    ['institution_id'], unique=False)
    op.create_table('assessment_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('collaboration_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('created_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['collaboration_id'], ['collaboration.id'],
                            name=op.f('fk_assessment_note_collaboration_id_collaboration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'],
                            name=op.f('fk_assessment_note_institution_id_institution')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_note'))
    )
    op.create_index(op.f('ix_assessment_note_collaboration_id'), 'assessment_note', ['collaboration_id'], unique=False)


def downgrade() -> None:
    op.drop_table('assessment_note')
    op.drop_table('collaboration_participant')

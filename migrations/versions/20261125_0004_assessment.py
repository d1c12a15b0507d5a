"""Assessment: rule-set versions, country indicator editions, assessments, mitigations, re-assessment flags

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 12:40:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rule_set_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('uploaded_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by', sa.String(length=254), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_set_version')),
    sa.UniqueConstraint('number', name=op.f('uq_rule_set_version_number')),
    sa.UniqueConstraint('label', name=op.f('uq_rule_set_version_label'))
    )
    op.create_index(op.f('ix_rule_set_version_is_current'), 'rule_set_version', ['is_current'], unique=False)
    op.create_table('country_indicator_edition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('loaded_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('loaded_by', sa.String(length=254), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_country_indicator_edition'))
    )
    op.create_index(op.f('ix_country_indicator_edition_is_current'), 'country_indicator_edition', ['is_current'], unique=False)
    op.create_table('assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('collaboration_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('rule_set_id', sa.Integer(), nullable=False),
    sa.Column('rule_set_label', sa.String(length=64), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('inputs', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decision', sa.String(length=32), nullable=True),
    sa.Column('decision_reasons', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.String(length=254), nullable=True),
    sa.Column('decided_at', ksdesk.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('desk_question_id', sa.Integer(), nullable=True),
    sa.Column('created_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('updated_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['collaboration_id'], ['collaboration.id'], name=op.f('fk_assessment_collaboration_id_collaboration')),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_assessment_institution_id_institution')),
    sa.ForeignKeyConstraint(['rule_set_id'], ['rule_set_version.id'], name=op.f('fk_assessment_rule_set_id_rule_set_version')),
    sa.ForeignKeyConstraint(['desk_question_id'], ['desk_question.id'], name=op.f('fk_assessment_desk_question_id_desk_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment')),
    sa.UniqueConstraint('collaboration_id', 'number', name=op.f('uq_assessment_collaboration_id'))
    )
    op.create_index(op.f('ix_assessment_collaboration_id'), 'assessment', ['collaboration_id'], unique=False)
    op.create_index(op.f('ix_assessment_institution_id'), 'assessment', ['institution_id'], unique=False)
    op.create_table('assessment_mitigation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('mitigation_id', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_assessment_mitigation_assessment_id_assessment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_mitigation')),
    sa.UniqueConstraint('assessment_id', 'mitigation_id', name=op.f('uq_assessment_mitigation_assessment_id'))
    )
    op.create_index(op.f('ix_assessment_mitigation_assessment_id'), 'assessment_mitigation', ['assessment_id'], unique=False)
    op.create_table('reassessment_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('collaboration_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('raised_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('cleared_at', ksdesk.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['collaboration_id'], ['collaboration.id'], name=op.f('fk_reassessment_flag_collaboration_id_collaboration')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reassessment_flag'))
    )
    op.create_index(op.f('ix_reassessment_flag_collaboration_id'), 'reassessment_flag', ['collaboration_id'], unique=False)

    # The default rule set is version 1, so every database starts with a rule set in force.
    from ksdesk.assessment import default_rules_text, load_rule_set
    from ksdesk.db import utcnow

    text = default_rules_text()
    rules = load_rule_set(text)
    table = sa.table('rule_set_version', sa.column('number', sa.Integer), sa.column('label', sa.String),
                     sa.column('name', sa.String), sa.column('text', sa.Text), sa.column('is_current', sa.Boolean),
                     sa.column('uploaded_at', ksdesk.db.UTCDateTime(timezone=True)), sa.column('uploaded_by', sa.String))
    op.bulk_insert(table, [{"number": 1, "label": rules.version, "name": rules.name, "text": text, "is_current": True,
                            "uploaded_at": utcnow(), "uploaded_by": "system"}])


def downgrade() -> None:
    op.drop_table('reassessment_flag')
    op.drop_table('assessment_mitigation')
    op.drop_table('assessment')
    op.drop_table('country_indicator_edition')
    op.drop_table('rule_set_version')

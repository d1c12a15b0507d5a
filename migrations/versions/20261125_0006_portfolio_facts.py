"""Portfolio facts: narrow, indexed rows the overview counts, recounted with every change

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 15:00:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('portfolio_fact',
    sa.Column('collaboration_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=32), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('start_year', sa.Integer(), nullable=True),
    sa.Column('end_year', sa.Integer(), nullable=True),
    sa.Column('ikt_focus', sa.Integer(), nullable=False),
    sa.Column('ikt_like_minded', sa.Integer(), nullable=False),
    sa.Column('ikt_phase_out', sa.Integer(), nullable=False),
    sa.Column('ikt_other', sa.Integer(), nullable=False),
    sa.Column('risk_knowledge_transfer', sa.String(length=16), nullable=True),
    sa.Column('risk_influence', sa.String(length=16), nullable=True),
    sa.Column('risk_ethics', sa.String(length=16), nullable=True),
    sa.Column('risk_partnership', sa.String(length=16), nullable=True),
    sa.Column('alerts_open', sa.Integer(), nullable=False),
    sa.Column('alerts_resolved', sa.Integer(), nullable=False),
    sa.Column('flagged_since', ksdesk.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['collaboration_id'], ['collaboration.id'], name=op.f('fk_portfolio_fact_collaboration_id_collaboration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('collaboration_id', name=op.f('pk_portfolio_fact'))
    )
    with op.batch_alter_table('portfolio_fact', schema=None) as batch_op:
        batch_op.create_index('ix_portfolio_fact_alerts_open', ['institution_id', 'alerts_open'], unique=False)
        batch_op.create_index('ix_portfolio_fact_ended', ['end_year', 'end_date', 'institution_id', 'form', 'start_year'], unique=False)
        batch_op.create_index('ix_portfolio_fact_flagged_since', ['institution_id', 'flagged_since'], unique=False)
        batch_op.create_index('ix_portfolio_fact_institution_form', ['institution_id', 'form'], unique=False)
        batch_op.create_index('ix_portfolio_fact_risk', ['risk_knowledge_transfer', 'risk_influence', 'risk_ethics', 'risk_partnership', 'institution_id', 'form', 'start_year', 'end_year'], unique=False)
        batch_op.create_index('ix_portfolio_fact_started', ['start_year', 'start_date', 'institution_id', 'form', 'end_year'], unique=False)
        batch_op.create_index('ix_portfolio_fact_summary', ['form', 'institution_id', 'start_year', 'end_year', 'ikt_focus', 'ikt_like_minded', 'ikt_phase_out', 'ikt_other', 'alerts_open', 'alerts_resolved', 'flagged_since', 'start_date', 'end_date', 'risk_knowledge_transfer', 'risk_influence', 'risk_ethics', 'risk_partnership'], unique=False)

    op.create_table('portfolio_fact_area',
    sa.Column('collaboration_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.Text(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=32), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=True),
    sa.Column('end_year', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['collaboration_id'], ['collaboration.id'], name=op.f('fk_portfolio_fact_area_collaboration_id_collaboration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('collaboration_id', 'area', name=op.f('pk_portfolio_fact_area'))
    )
    with op.batch_alter_table('portfolio_fact_area', schema=None) as batch_op:
        batch_op.create_index('ix_portfolio_fact_area_area', ['area', 'institution_id', 'form', 'start_year', 'end_year'], unique=False)

    op.create_table('portfolio_fact_country',
    sa.Column('collaboration_id', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=32), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=True),
    sa.Column('end_year', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['collaboration_id'], ['collaboration.id'], name=op.f('fk_portfolio_fact_country_collaboration_id_collaboration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('collaboration_id', 'country_code', name=op.f('pk_portfolio_fact_country'))
    )
    with op.batch_alter_table('portfolio_fact_country', schema=None) as batch_op:
        batch_op.create_index('ix_portfolio_fact_country_country', ['country_code', 'institution_id', 'form', 'start_year', 'end_year'], unique=False)
        batch_op.create_index('ix_portfolio_fact_country_institution', ['institution_id', 'country_code'], unique=False)

    op.create_table('portfolio_fact_exchange',
    sa.Column('collaboration_id', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('people_in', sa.Integer(), nullable=False),
    sa.Column('people_out', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['collaboration_id'], ['collaboration.id'], name=op.f('fk_portfolio_fact_exchange_collaboration_id_collaboration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('collaboration_id', 'country_code', 'year', name=op.f('pk_portfolio_fact_exchange'))
    )
    with op.batch_alter_table('portfolio_fact_exchange', schema=None) as batch_op:
        batch_op.create_index('ix_portfolio_fact_exchange_country', ['country_code', 'collaboration_id', 'year', 'people_in', 'people_out', 'institution_id', 'form'], unique=False)
        batch_op.create_index('ix_portfolio_fact_exchange_year', ['year', 'collaboration_id', 'country_code', 'people_in', 'people_out', 'institution_id', 'form'], unique=False)

    _count_existing_collaborations()


def _count_existing_collaborations() -> None:
    # The facts of a database that already holds collaborations are counted here, with the same
    # statements the application keeps them current with. A new database has nothing to count,
    # so its upgrade does not depend on how later versions count.
    connection = op.get_bind()
    if connection.execute(sa.text("SELECT 1 FROM collaboration LIMIT 1")).first() is None:
        return
    from ksdesk.portfolio import facts

    facts.refresh(connection, None)


def downgrade() -> None:
    with op.batch_alter_table('portfolio_fact_exchange', schema=None) as batch_op:
        batch_op.drop_index('ix_portfolio_fact_exchange_year')
        batch_op.drop_index('ix_portfolio_fact_exchange_country')

    op.drop_table('portfolio_fact_exchange')
    with op.batch_alter_table('portfolio_fact_country', schema=None) as batch_op:
        batch_op.drop_index('ix_portfolio_fact_country_institution')
        batch_op.drop_index('ix_portfolio_fact_country_country')

    op.drop_table('portfolio_fact_country')
    with op.batch_alter_table('portfolio_fact_area', schema=None) as batch_op:
        batch_op.drop_index('ix_portfolio_fact_area_area')

    op.drop_table('portfolio_fact_area')
    with op.batch_alter_table('portfolio_fact', schema=None) as batch_op:
        batch_op.drop_index('ix_portfolio_fact_summary')
        batch_op.drop_index('ix_portfolio_fact_started')
        batch_op.drop_index('ix_portfolio_fact_risk')
        batch_op.drop_index('ix_portfolio_fact_institution_form')
        batch_op.drop_index('ix_portfolio_fact_flagged_since')
        batch_op.drop_index('ix_portfolio_fact_ended')
        batch_op.drop_index('ix_portfolio_fact_alerts_open')

    op.drop_table('portfolio_fact')

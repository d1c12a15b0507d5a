"""Source updates: each attempt to fetch and apply a new version of an official source; ROR status
and successor of registry organisations

Revision ID: 0007_18a
Revises: 0007_17a
Create Date: 2026-12-05 10:58:06.273684
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0007_18a'
down_revision = '0007_17a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('source_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_code', sa.String(length=64), nullable=False),
    sa.Column('at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason_code', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('snapshot', sa.String(length=100), nullable=True),
    sa.Column('digest', sa.String(length=64), nullable=True),
    sa.Column('entries', sa.Integer(), nullable=True),
    sa.Column('previous_entries', sa.Integer(), nullable=True),
    sa.Column('watchlist_version_id', sa.Integer(), nullable=True),
    sa.Column('added', sa.Integer(), nullable=True),
    sa.Column('removed', sa.Integer(), nullable=True),
    sa.Column('changed', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['watchlist_version_id'], ['watchlist_version.id'], name=op.f('fk_source_update_watchlist_version_id_watchlist_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_update'))
    )
    with op.batch_alter_table('source_update', schema=None) as batch_op:
        batch_op.create_index('ix_source_update_source', ['source_code', 'id'], unique=False)
    kept = {c["name"] for c in sa.inspect(op.get_bind()).get_columns('organisation')}
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ror_status', sa.String(length=16), nullable=True))
        if 'replaced_by_id' not in kept:  # left in place by a downgrade on SQLite (see below)
            batch_op.add_column(sa.Column('replaced_by_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(batch_op.f('fk_organisation_replaced_by_id_organisation'), 'organisation', ['replaced_by_id'], ['id'])



def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops a column with a foreign key only by copying the whole table, and
        # dropping the old organisation table inside the migration's transaction trips every
        # foreign key pointing at it. The unused, empty successor column stays; the upgrade
        # above takes it as it is.
        op.execute("UPDATE organisation SET replaced_by_id = NULL")
        op.execute("ALTER TABLE organisation DROP COLUMN ror_status")
    else:
        with op.batch_alter_table('organisation', schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f('fk_organisation_replaced_by_id_organisation'), type_='foreignkey')
            batch_op.drop_column('replaced_by_id')
            batch_op.drop_column('ror_status')
    with op.batch_alter_table('source_update', schema=None) as batch_op:
        batch_op.drop_index('ix_source_update_source')

    op.drop_table('source_update')

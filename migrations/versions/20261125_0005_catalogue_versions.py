"""Catalogue versions: uploaded editions of the technology and mitigation catalogues

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 13:30:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No rows: until an administrator uploads an edition, the files shipped with the code are in force.
    op.create_table('catalogue_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('catalogue', sa.String(length=40), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('edition', sa.String(length=200), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('uploaded_at', ksdesk.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by', sa.String(length=254), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_version')),
    sa.UniqueConstraint('catalogue', 'number', name=op.f('uq_catalogue_version_catalogue'))
    )
    op.create_index(op.f('ix_catalogue_version_catalogue'), 'catalogue_version', ['catalogue'], unique=False)
    op.create_index(op.f('ix_catalogue_version_is_current'), 'catalogue_version', ['is_current'], unique=False)


def downgrade() -> None:
    op.drop_table('catalogue_version')

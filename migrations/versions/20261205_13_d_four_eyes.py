"""Four eyes per institution: a high-risk approval waits for a second advisor's confirmation

Revision ID: 0007_13d
Revises: 0007_14i
Create Date: 2026-12-05 14:50:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0007_13d'
down_revision = '0007_14i'
branch_labels = None
depends_on = None


# Plain columns only: on SQLite each is added and dropped in place, never by copying a table
# (institution and assessment) that other tables' foreign keys point at.
COLUMNS = {
    'institution': lambda: [sa.Column('four_eyes', sa.Boolean(), nullable=False, server_default=sa.false())],
    # The user id of the advisor who decided, compared with the second advisor's; no foreign key.
    'assessment': lambda: [sa.Column('decided_by_id', sa.Integer(), nullable=True),
                           sa.Column('confirmed_by', sa.String(length=254), nullable=True),
                           sa.Column('confirmed_at', ksdesk.db.UTCDateTime(timezone=True), nullable=True)],
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        for column in columns():
            op.add_column(table, column)


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        for column in columns():
            op.drop_column(table, column.name)

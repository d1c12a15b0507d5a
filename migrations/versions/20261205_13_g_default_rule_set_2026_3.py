"""Default rule set 2026.3: people going out to a Dutch institute abroad are never talent outflow

Revision ID: 0007_13g
Revises: 0007_17h
Create Date: 2026-12-05 18:00:00
"""

from alembic import op

revision = '0007_13g'
down_revision = '0007_17h'
branch_labels = None
depends_on = None

SHIPPED_BEFORE = ("2026.1", "2026.2")


def upgrade() -> None:
    # As 0007_13a: the shipped default in force is followed by the new one; an uploaded rule set stays.
    from ksdesk.assessment.shipped_rules import store_shipped_default

    store_shipped_default(op.get_bind(), SHIPPED_BEFORE)


def downgrade() -> None:
    pass  # the stored version stays: assessments may point at it

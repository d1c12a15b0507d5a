"""Default rule set 2026.2: hits by strength and review, country standing, one reason per cause

Revision ID: 0007_13a
Revises: 0006
Create Date: 2026-12-05 11:20:00
"""

from alembic import op

revision = '0007_13a'
down_revision = '0006'
branch_labels = None
depends_on = None

SHIPPED_BEFORE = ("2026.1",)


def upgrade() -> None:
    # A database made before this release has the earlier default in force; it gets the new
    # default as its next version. A rule set an administrator uploaded stays in force: the new
    # default is stored beside it, to be chosen by uploading it again.
    from ksdesk.assessment.shipped_rules import store_shipped_default

    store_shipped_default(op.get_bind(), SHIPPED_BEFORE)


def downgrade() -> None:
    pass  # the stored version stays: assessments may point at it

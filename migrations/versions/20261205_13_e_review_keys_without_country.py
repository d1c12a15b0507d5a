"""Reviews kept under a name with a trailing country ("ASML (Netherlands)") are found under the name without it

Revision ID: 0007_13e
Revises: 0007_17f
Create Date: 2026-12-05 17:40:00
"""

from alembic import op

revision = '0007_13e'
down_revision = '0007_17f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Reviews recorded before 0007_13c were keyed on the whole query, country and all, so a review
    # of "ASML (Netherlands)" did not answer the same hit of "ASML". Each stored query is keyed
    # again with the function screening looks reviews up with. A new database has none, so its
    # upgrade does not depend on how later versions key names.
    from ksdesk.screening.review_keys import key_reviews_again

    key_reviews_again(op.get_bind())


def downgrade() -> None:
    # The old keys are not kept: a review found under more names than before harms nothing.
    pass

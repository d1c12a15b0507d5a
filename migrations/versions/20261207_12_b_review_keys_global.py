"""Reviews of a name ending in "Global" or "Worldwide" after a comma keep that word in their key

Revision ID: 0012_12b
Revises: 0011_12a
Create Date: 2026-12-07 16:00:00
"""

from alembic import op

revision = '0012_12b'
down_revision = '0011_12a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # "Global" and "Worldwide" name no country from now on, so a name that ends in one of them after a
    # comma or in brackets ("Acme (Worldwide)") keeps it in its key; reviews stored before are keyed
    # again. A new database has none.
    from ksdesk.screening.review_keys import key_reviews_again

    key_reviews_again(op.get_bind())


def downgrade() -> None:
    # The old keys are not kept: a review keyed with the word is still found under the name as written.
    pass

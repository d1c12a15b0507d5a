"""Reviews of a name with a city its own language writes ("München") are found under the English name too

Revision ID: 0011_12a
Revises: 0010_19a
Create Date: 2026-12-07 10:00:00
"""

from alembic import op

revision = '0011_12a'
down_revision = '0010_19a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Names are keyed with a city as English writes it from now on ("Technische Universität München"
    # as "technical university munich"), so that a review answers the name however the city is
    # written; reviews stored before are keyed again. A new database has none.
    from ksdesk.screening.review_keys import key_reviews_again

    key_reviews_again(op.get_bind())


def downgrade() -> None:
    # The old keys are not kept: a review found under more names than before harms nothing.
    pass

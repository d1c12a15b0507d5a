"""Reviews kept under a name with a trailing country ("ASML (Netherlands)") are found under the name without it

Revision ID: 0007_13e
Revises: 0007_17f
Create Date: 2026-12-05 17:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007_13e'
down_revision = '0007_17f'
branch_labels = None
depends_on = None

_REVIEWS = sa.table('screening_review', sa.column('id', sa.Integer), sa.column('query', sa.String),
                    sa.column('normalised_name', sa.String))


def upgrade() -> None:
    # Reviews recorded before 0007_13c were keyed on the whole query, country and all, so a review
    # of "ASML (Netherlands)" did not answer the same hit of "ASML". Each stored query is keyed
    # again with the function screening looks reviews up with. A new database has none, so its
    # upgrade does not depend on how later versions key names.
    connection = op.get_bind()
    rows = connection.execute(sa.select(_REVIEWS.c.id, _REVIEWS.c.query, _REVIEWS.c.normalised_name)).all()
    if not rows:
        return
    from ksdesk.screening.service import normalised

    keyed = ((i, normalised(query), key) for i, query, key in rows)
    changed = [{"row_id": i, "key": new} for i, new, old in keyed if new != old]
    if changed:
        connection.execute(_REVIEWS.update().where(_REVIEWS.c.id == sa.bindparam("row_id"))
                           .values(normalised_name=sa.bindparam("key")), changed)


def downgrade() -> None:
    # The old keys are not kept: a review found under more names than before harms nothing.
    pass

"""Reviews stored under the key of their name, keyed again when the way names are keyed changes.

A review answers a hit of the name it was made for under ``service.normalised``: when a change to
the word tables reads a name's words otherwise ("München" as "Munich"), reviews stored before are
found only once keyed again, which a migration does with this function.
"""

from __future__ import annotations

import sqlalchemy as sa

_REVIEWS = sa.table('screening_review', sa.column('id', sa.Integer), sa.column('query', sa.String),
                    sa.column('normalised_name', sa.String))


def key_reviews_again(connection: sa.engine.Connection) -> None:
    """Each stored review's query keyed with the function screening looks reviews up with."""
    rows = connection.execute(sa.select(_REVIEWS.c.id, _REVIEWS.c.query, _REVIEWS.c.normalised_name)).all()
    if not rows:
        return
    from ksdesk.screening.service import normalised

    keyed = ((i, normalised(query), key) for i, query, key in rows)
    changed = [{"row_id": i, "key": new} for i, new, old in keyed if new != old]
    if changed:
        connection.execute(_REVIEWS.update().where(_REVIEWS.c.id == sa.bindparam("row_id"))
                           .values(normalised_name=sa.bindparam("key")), changed)

"""People by name: pages name the person who acted, not the address they sign in with."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ksdesk.accounts.models import User


def names_of(db: Session, user_ids: Iterable[int | None]) -> dict[int, str]:
    """user id → the person's name, for the ids given (one query; unknown ids are left out)."""
    wanted = {i for i in user_ids if i is not None}
    if not wanted:
        return {}
    return {user_id: name for user_id, name in db.execute(select(User.id, User.name).where(User.id.in_(wanted)))}


def name_of(db: Session, principal) -> str:
    """The acting person's name; the system (or an account without a name) by its label."""
    return names_of(db, [principal.user_id]).get(principal.user_id) or principal.label


def people_of(db: Session, user_ids: Iterable[int | None]) -> dict[int, tuple[str, int | None]]:
    """user id → (the person's name, their institution's id), for the ids given (one query)."""
    wanted = {i for i in user_ids if i is not None}
    if not wanted:
        return {}
    rows = db.execute(select(User.id, User.name, User.institution_id).where(User.id.in_(wanted)))
    return {user_id: (name, institution_id) for user_id, name, institution_id in rows}

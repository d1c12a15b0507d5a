"""Loading the registry and the watchlists that ship with the project, then linking and re-screening."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from ksdesk.accounts.principal import SYSTEM
from ksdesk.db import transaction
from ksdesk.screening import alerts, cache, owed, watchlists
from ksdesk.screening.lists import load_all_lists


def load_lists(session: Session) -> list[watchlists.LoadReport]:
    return [watchlists.load_version(session, SYSTEM, version, source_file="shipped copy")
            for version in load_all_lists()]


def link_and_rescreen(session: Session, list_codes: set[str] | None = None, index=None) -> tuple[int, int]:
    """Links the current entries to the registry and re-screens the active collaborations for the
    hits of ``list_codes`` (None: every list) and of every re-screening still owed (owed.owe),
    which it pays in the same transaction."""
    session.flush()
    owed.take_turn(session)
    owed_ids, owed_lists = owed.owed(session)
    if owed_ids:
        list_codes = None if list_codes is None or owed_lists is None else list_codes | owed_lists
    index = index if index is not None else cache.get_index(session)
    linked = watchlists.link_current_entries(session, index)
    # With the index the links were read from: the links it records are a change of state that
    # would otherwise have the index built again here, inside the write transaction.
    raised = alerts.rescreen_active_collaborations(session, list_codes, index=index)
    owed.paid(session, owed_ids)
    return linked, raised


def rescreen_committed(factory: sessionmaker[Session], list_codes: set[str] | None = None) -> tuple[int, int]:
    """link_and_rescreen after a change that is already committed (a list or registry version): the
    new state's index, which takes many seconds to build, is built while only reading, so that the
    write transaction that links entries and raises alerts holds the lock briefly; the index of the
    state the links make is built after their commit, the one every process then reuses. Returns
    (entries linked, alerts raised)."""
    with factory() as session:
        index = cache.get_index(session)
    with transaction(factory) as session:
        linked, raised = link_and_rescreen(session, list_codes, index)
    if linked:
        with factory() as session:
            cache.get_index(session)
    return linked, raised

"""Keeps the portfolio's facts current in the transaction that changes what they are counted from.

Every write of a collaboration, its countries or exchanges, a screening alert, an assessment, a
re-assessment flag or a country's IKT standing notes the collaborations it touches: ORM changes
when they are flushed, bulk and set-wise statements (``session.execute(insert(...), rows)``,
``update(...).where(...)``) when they are executed. Before the transaction commits, and before
the overview reads the facts, those collaborations are recounted (facts.refresh). The facts are
thus committed or rolled back together with the change, and can never be seen stale.

Writes that bypass the Session (a raw connection, hand-run SQL) are not seen; backup.restore
copies the facts with every other table, and anything else must call facts.refresh itself.
The listeners below are registered by ksdesk.wiring.install on every session the system builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Delete, Table, Update, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from ksdesk.assessment.models import Assessment, ReassessmentFlag
from ksdesk.portfolio import facts
from ksdesk.registry.models import Collaboration, CollaborationCountry, CountryProfile, PersonExchange
from ksdesk.screening.models import ScreeningAlert

_KEY = "ksdesk.portfolio.pending"
# Children whose collaboration_id says which collaboration's facts they move.
CHILDREN = (CollaborationCountry, PersonExchange, ScreeningAlert, Assessment, ReassessmentFlag)
_CHILD_TABLES = {model.__tablename__ for model in CHILDREN}
# Beyond this many collaborations one set-wise recount of everything is quicker than chunks.
RECOUNT_ALL_ABOVE = 5000


@dataclass
class Pending:
    ids: set[int] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    everything: bool = False

    def __bool__(self) -> bool:
        return self.everything or bool(self.ids) or bool(self.countries)


def pending(session: Session) -> Pending:
    return session.info.setdefault(_KEY, Pending())


def settle(session: Session) -> None:
    """Flush, then recount the facts of every collaboration this session changed since the last settle."""
    session.flush()
    noted: Pending | None = session.info.pop(_KEY, None)
    if not noted:
        return
    connection = session.connection()
    ids = set(noted.ids)
    if noted.countries and not noted.everything:
        ids.update(connection.scalars(select(CollaborationCountry.collaboration_id)
                                      .where(CollaborationCountry.country_code.in_(sorted(noted.countries)))))
    if noted.everything or len(ids) > RECOUNT_ALL_ABOVE:
        facts.refresh(connection, None)
    else:
        facts.refresh(connection, ids)


def _note(noted: Pending, obj: object) -> None:
    state = inspect(obj)
    if isinstance(obj, Collaboration):
        noted.ids.add(state.identity[0] if state.identity else obj.id)
    elif isinstance(obj, CHILDREN):
        # Read without loading: a deleted row cannot be loaded again, and what is not known
        # (an expired attribute) is made up for by recounting everything.
        current = state.dict.get("collaboration_id", state.committed_state.get("collaboration_id"))
        if current is None:
            noted.everything = True
        else:
            noted.ids.add(current)
        # A row moved to another collaboration changes the facts of the one it left too.
        noted.ids.update(v for v in state.attrs.collaboration_id.history.deleted if v is not None)
    elif isinstance(obj, CountryProfile) and state.attrs.ikt_standing.history.has_changes():
        noted.countries.add(obj.code)


def note_flushed(session: Session, _context: object) -> None:
    # Still the state before the flush here: what is new, changed or deleted, with its history.
    noted = pending(session)
    for obj in (*session.new, *session.dirty, *session.deleted):
        _note(noted, obj)


def note_statement(state: ORMExecuteState) -> object:
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name == Collaboration.__tablename__:
        key, noted_in = "id", "ids"
    elif name in _CHILD_TABLES:
        key, noted_in = "collaboration_id", "ids"
    elif name == CountryProfile.__tablename__ and not state.is_insert:  # a new country has no collaborations yet
        key, noted_in = "code", "countries"
    else:
        return None
    noted = pending(state.session)
    if state.is_insert:
        parameters = cast(Any, state.parameters)
        rows = parameters if isinstance(parameters, list) else [parameters or {}]
        values = [row.get(key) for row in rows]
        if not rows or None in values:
            # Rows given without the key (INSERT ... SELECT, ids from the database): recount everything.
            noted.everything = True
        else:
            noted.ids.update(int(v) for v in values if v is not None)
        return None
    # UPDATE and DELETE: the rows they match, read before they run, and for an UPDATE also after
    # (it may have moved rows to another collaboration).
    statement = cast(Update | Delete, state.statement)
    matched = select(cast(Table, table).c[key])
    if statement.whereclause is not None:
        matched = matched.where(statement.whereclause)
    found = getattr(noted, noted_in)
    found.update(state.session.connection().scalars(matched))
    if state.is_delete:
        return None
    result = state.invoke_statement()
    found.update(state.session.connection().scalars(matched))
    return result


def settle_before_commit(session: Session) -> None:
    settle(session)


def forget_unfinished(session: Session, transaction: SessionTransaction) -> None:
    # A rolled-back or abandoned transaction changed nothing to recount. After a savepoint's
    # rollback the noted ids stay: recounting a collaboration is right whatever it holds.
    if transaction.parent is None:
        session.info.pop(_KEY, None)

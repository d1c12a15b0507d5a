"""Everything that hooks into the database sessions, registered in one place.

Whoever builds sessions - the web app, the command line, the job worker, the tests - builds
them with ``install(engine)`` (or passes its own sessionmaker to ``install``), and gets every
listener below. Nothing is registered by importing a module: what runs when a session flushes
or commits can be read here.

- after_commit: callbacks (enqueued jobs, e-mail) run once the transaction has committed and
  are dropped when it rolls back;
- portfolio.upkeep: the portfolio's facts are recounted, in the same transaction, for every
  collaboration a change touches;
- audit_chain: the audit events a flush inserts are linked to the chain (each carries the hash
  of the row before it);
- assessment.flags: a new screening alert flags its collaboration for re-assessment, in the
  flush that stores the alert;
- registry.listing: the collaborations list learns where a collaboration's risk level is read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from ksdesk import after_commit, audit_chain, models
from ksdesk.assessment import flags
from ksdesk.db import make_sessionmaker
from ksdesk.portfolio import risk_rank, upkeep
from ksdesk.registry import listing
from ksdesk.screening.models import ScreeningAlert

_INSTALLED = "ksdesk_installed"
# (event, listener) on every session the installed sessionmaker makes, in the order they run.
SESSION_LISTENERS: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("before_flush", audit_chain.chain_new_events),
    ("after_flush", upkeep.note_flushed),
    ("do_orm_execute", upkeep.note_statement),
    ("before_commit", upkeep.settle_before_commit),
    ("after_transaction_end", upkeep.forget_unfinished),
    ("after_commit", after_commit.run_callbacks),
    ("after_soft_rollback", after_commit.drop_callbacks),
    ("after_transaction_end", after_commit.drop_unfinished),
)
# (mapped class, event, listener): mapper events hold for every session.
MAPPER_LISTENERS: tuple[tuple[type, str, Callable[..., Any]], ...] = (
    (ScreeningAlert, "after_insert", flags.alert_raised),
)


def install(target: Engine | sessionmaker[Session]) -> sessionmaker[Session]:
    """The sessionmaker (made for ``target`` when it is an engine) with every listener registered.

    Installing twice registers nothing twice.
    """
    factory = make_sessionmaker(target) if isinstance(target, Engine) else target
    # The collaborations list reads each one's risk from the portfolio's facts (registry.listing).
    listing.provide_risk_rank(risk_rank.highest_rank)
    # Every mapper is known (and its relationships resolved) before the first query.
    models.configure()
    # Marked on the sessionmaker itself: event.contains() looks listeners up by the target's id(),
    # which a new sessionmaker can share with one that was garbage-collected.
    if not getattr(factory, _INSTALLED, False):
        for name, listener in SESSION_LISTENERS:
            event.listen(factory, name, listener)
        setattr(factory, _INSTALLED, True)
    for model, name, listener in MAPPER_LISTENERS:
        if not event.contains(model, name, listener):
            event.listen(model, name, listener)
    return factory

"""Run work (enqueueing jobs) only once the session's transaction has committed.

A job enqueued inside a transaction could run before the commit (and not find its row) or
after a rollback (and send an e-mail about a reply that does not exist). So callers register
a callback here; it runs after the commit and is dropped on rollback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)
_KEY = "ksdesk.after_commit"


def call_after_commit(session: Session, callback: Callable[[], object]) -> None:
    session.info.setdefault(_KEY, []).append(callback)


def pending(session: Session) -> int:
    """How many callbacks wait for the commit (for tests and diagnostics)."""
    return len(session.info.get(_KEY, []))


@event.listens_for(Session, "after_commit")
def _run(session: Session) -> None:
    callbacks = session.info.pop(_KEY, [])
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the commit stands; the outbox sweep picks up what was not enqueued
            log.exception("after-commit callback failed")


@event.listens_for(Session, "after_soft_rollback")
def _drop(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_KEY, None)


@event.listens_for(Session, "after_transaction_end")
def _drop_unfinished(session: Session, transaction: SessionTransaction) -> None:
    # A session closed without commit or rollback ends its transaction here.
    if transaction.parent is None:
        session.info.pop(_KEY, None)

"""Run work (enqueueing jobs) only once the session's transaction has committed.

A job enqueued inside a transaction could run before the commit (and not find its row) or
after a rollback (and send an e-mail about a reply that does not exist). So callers register
a callback here; it runs after the commit and is dropped on rollback. The listeners below are
registered by ksdesk.wiring.install on every session the system builds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)
_KEY = "ksdesk.after_commit"


def call_after_commit(session: Session, callback: Callable[[], object]) -> None:
    session.info.setdefault(_KEY, []).append(callback)


def pending(session: Session) -> int:
    """How many callbacks wait for the commit (for tests and diagnostics)."""
    return len(session.info.get(_KEY, []))


def run_callbacks(session: Session) -> None:
    if session.in_nested_transaction():
        # A savepoint was released (web.routing.attempt, imports): nothing is committed yet.
        return
    callbacks = session.info.pop(_KEY, [])
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the commit stands; the outbox sweep picks up what was not enqueued
            log.exception("after-commit callback failed")


def drop_callbacks(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_KEY, None)


def drop_unfinished(session: Session, transaction: SessionTransaction) -> None:
    # A session closed without commit or rollback ends its transaction here.
    if transaction.parent is None:
        session.info.pop(_KEY, None)

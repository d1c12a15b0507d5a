"""Abuse protection for the public contact form: a per-client limit and a honeypot field.

The counts live in the database, so every app process (and every machine) shares them. Client
addresses are personal data: only a keyed hash of them is stored, and windows that ended are
deleted by a periodic job (ksdesk.desk.tasks), not by the submissions, which every one of them
would cost a statement.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from ksdesk.db import utcnow
from ksdesk.desk.models import RateLimitWindow
from ksdesk.desk.references import upsert
from ksdesk.errors import TooManyRequests
from ksdesk.settings import secret_key

WINDOW = timedelta(hours=1)
MAX_SUBMISSIONS_PER_WINDOW = 5


def client_key(client_address: str, scope: str = "question") -> str:
    digest = hmac.new(secret_key().encode(), f"{scope}:{client_address}".encode(), hashlib.sha256)
    return digest.hexdigest()


def _window_start(now: datetime) -> datetime:
    seconds = int(WINDOW.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def hit(
    session: Session, client_address: str, *, limit: int = MAX_SUBMISSIONS_PER_WINDOW, now: datetime | None = None,
    scope: str = "question",
) -> int:
    """Counts one submission from this client in the current window; refuses beyond ``limit``.

    Runs in the caller's transaction: when the submission is refused or fails validation, the
    count rolls back with it, so only questions that were actually received use up the limit.
    """
    now = now or utcnow()
    start = _window_start(now)
    table = RateLimitWindow.__table__
    insert = upsert(session)
    count = session.execute(
        insert(table)
        .values(key=client_key(client_address, scope), window_start=start, hits=1)
        .on_conflict_do_update(index_elements=[table.c.key, table.c.window_start],
                               set_={"hits": table.c.hits + 1})
        .returning(table.c.hits)
    ).scalar_one()
    count = _sliding(count, _hits_in(session, client_address, scope, start - WINDOW), start, now)
    if count > limit:
        minutes = max(1, int((start + WINDOW - now).total_seconds() // 60) + 1)
        raise TooManyRequests(
            f"too many questions from your address; please try again in {minutes} minutes, "
            "or e-mail the contact point directly", code="too_many_questions", params={"minutes": minutes}
        )
    return count


def _sliding(current: int, previous: int, start: datetime, now: datetime) -> int:
    """The hits of the last full WINDOW, estimated: the current window's, and the previous one's in
    the share of it that the last WINDOW still covers. With clock-hour windows alone, twice the
    limit passed in a few minutes across the hour."""
    covered = 1 - (now - start) / WINDOW
    return current + math.ceil(previous * covered)


def _hits_in(session: Session, client_address: str, scope: str, start: datetime) -> int:
    return session.scalar(
        select(RateLimitWindow.hits).where(RateLimitWindow.key == client_key(client_address, scope),
                                           RateLimitWindow.window_start == start)
    ) or 0


def prune(session: Session, *, now: datetime | None = None) -> int:
    """Deletes the windows that have ended (the current one and the one before stay); returns how many."""
    start = _window_start(now or utcnow())
    result = session.execute(delete(RateLimitWindow).where(RateLimitWindow.window_start < start - WINDOW))
    return cast(CursorResult[Any], result).rowcount


def current_hits(session: Session, client_address: str, *, scope: str, now: datetime | None = None) -> int:
    """How many hits this client has in the last WINDOW (see _sliding), without counting one more."""
    now = now or utcnow()
    start = _window_start(now)
    return _sliding(_hits_in(session, client_address, scope, start),
                    _hits_in(session, client_address, scope, start - WINDOW), start, now)


def honeypot_tripped(form: dict, field: str = "website") -> bool:
    """True when the hidden field that people never see (and bots fill in) has a value.

    The web layer renders ``field`` hidden from people and screen readers; a filled-in
    honeypot should get the same friendly "received" page without storing anything.
    """
    value = form.get(field)
    return bool(value and str(value).strip())

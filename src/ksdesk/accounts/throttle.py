"""Sign-in throttling: a growing wait after repeated failures, never a lockout of the owner.

Every attempt with a password is written down (SignInAttempt). The failures of the last WINDOW
are counted three ways, each with a number of failures that pass freely and after that a wait
since the last failure that doubles with every further failure, up to MAX_DELAY:

- one account from one address: FREE_PER_ACCOUNT_ADDRESS (a person who mistypes a few times);
- one address, whatever account it tries: FREE_PER_ADDRESS (one machine guessing many accounts);
- one account from every address: FREE_PER_ACCOUNT, counted against addresses that have already
  failed for that account, so a guesser spread over many addresses gets one try from each.

An address with no failures for the account (since its last sign-in there) is clean: a correct
password from it signs in, whatever anyone else guessed elsewhere. The account is the one sign-in
would find, so other spellings of the address (full-width letters, upper case) count as the same.

A refused attempt answers 429 with the wait, before the password is checked, and writes nothing;
administrators read the attempts on /admin/sign-ins. The rate limit in front of the app
(ksdesk.web.throttling) keeps a flood from reaching the database at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session

from ksdesk.accounts.models import SignInAttempt
from ksdesk.accounts.service import normalise_email
from ksdesk.db import utcnow
from ksdesk.errors import TooManyRequests, ValidationFailed
from ksdesk.text import shortened

WINDOW = timedelta(hours=1)
RETENTION = timedelta(days=30)
FREE_PER_ACCOUNT_ADDRESS = 10
FREE_PER_ADDRESS = 30
FREE_PER_ACCOUNT = 20
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=15)
UNKNOWN_ADDRESS = "unknown"

# The name the existing callers and tests know: failures of one account that pass without a wait.
MAX_FAILURES_PER_ACCOUNT = FREE_PER_ACCOUNT_ADDRESS


def account_of(email: str) -> str:
    try:
        return normalise_email(email)
    except ValidationFailed:
        return email.strip().casefold()[:254]  # no account has it: sign-in fails whatever the password


def delay_after(failures: int, free: int) -> timedelta:
    """The wait after the last of ``failures`` failures: none for the first ``free``, then
    FIRST_DELAY doubling with each further one, at most MAX_DELAY."""
    if failures < free:
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** min(failures - free, 32), MAX_DELAY)


@dataclass(frozen=True)
class Failures:
    count: int
    last: datetime | None


def _failures(session: Session, since: datetime, **where: str) -> Failures:
    conditions = [getattr(SignInAttempt, column) == value for column, value in where.items()]
    last_success = session.scalar(
        select(func.max(SignInAttempt.at)).where(*conditions, SignInAttempt.succeeded, SignInAttempt.at >= since))
    if last_success is not None and len(where) == 2:
        since = last_success  # a sign-in from this address clears its failures for the account
    count, last = session.execute(
        select(func.count(), func.max(SignInAttempt.at))
        .where(*conditions, SignInAttempt.succeeded.is_(False), SignInAttempt.at > since)
    ).one()
    return Failures(count, last)


def wait_for(session: Session, email: str, client_address: str | None, *, now: datetime | None = None) -> timedelta:
    """How long this account must wait before it may try from this address (zero: it may now)."""
    now = now or utcnow()
    since = now - WINDOW
    account, address = account_of(email), client_address or UNKNOWN_ADDRESS
    waits = []
    here = _failures(session, since, account=account, address=address)
    if here.last is not None:
        waits.append(here.last + delay_after(here.count, FREE_PER_ACCOUNT_ADDRESS) - now)
        everywhere = _failures(session, since, account=account)
        if everywhere.last is not None:
            waits.append(everywhere.last + delay_after(everywhere.count, FREE_PER_ACCOUNT) - now)
    if client_address:
        machine = _failures(session, since, address=address)
        if machine.last is not None:
            waits.append(machine.last + delay_after(machine.count, FREE_PER_ADDRESS) - now)
    return max([timedelta(0), *waits])


def check(session: Session, email: str, client_address: str | None, *, now: datetime | None = None) -> None:
    wait = wait_for(session, email, client_address, now=now)
    if wait > timedelta(0):
        seconds = math.ceil(wait.total_seconds())
        minutes = max(1, math.ceil(seconds / 60))
        raise TooManyRequests(
            f"too many failed sign-in attempts; wait {minutes} minutes before you try again",
            code="sign_in_delayed", params={"minutes": minutes, "retry_after": seconds})


def _record(session: Session, email: str, client_address: str | None, succeeded: bool,
            now: datetime | None) -> None:
    session.add(SignInAttempt(at=now or utcnow(), account=account_of(email),
                              address=shortened(client_address or UNKNOWN_ADDRESS, 64), succeeded=succeeded))
    session.flush()


def record_failure(session: Session, email: str, client_address: str | None, *, now: datetime | None = None) -> None:
    _record(session, email, client_address, False, now)


def record_success(session: Session, email: str, client_address: str | None, *, now: datetime | None = None) -> None:
    _record(session, email, client_address, True, now)


def recent(session: Session, limit: int = 200) -> list[SignInAttempt]:
    """The latest attempts, newest first, for an administrator."""
    return list(session.scalars(select(SignInAttempt).order_by(SignInAttempt.id.desc()).limit(limit)))


def prune(session: Session, *, now: datetime | None = None) -> int:
    """Deletes attempts older than RETENTION; returns how many."""
    result = session.execute(delete(SignInAttempt).where(SignInAttempt.at < (now or utcnow()) - RETENTION))
    return cast(CursorResult[Any], result).rowcount

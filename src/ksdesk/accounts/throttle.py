"""Sign-in throttling: after too many failed attempts for one account from one address, or from
one address at all, sign-in from there is refused for the rest of the hour, whatever the password.

The account is counted per address: someone guessing a person's password from their own address
must not lock the person out of their own account at theirs (a correct password from an address
without failures still signs in). The account is the one sign-in would find, so other spellings of
the address (full-width letters, upper case) count as the same account.

The counters are the desk's shared, database-backed rate-limit windows (keyed hashes only),
so every app process sees the same count.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ksdesk.accounts.service import normalise_email
from ksdesk.desk import ratelimit
from ksdesk.errors import TooManyRequests, ValidationFailed

MAX_FAILURES_PER_ACCOUNT = 10
MAX_FAILURES_PER_ADDRESS = 50


def _account(email: str) -> str:
    try:
        return normalise_email(email)
    except ValidationFailed:
        return email.strip().casefold()  # no account has it: sign-in fails whatever the password


def _keys(email: str, client_address: str | None) -> list[tuple[str, str, int]]:
    address = client_address or "unknown"
    keys = [(f"{_account(email)} {address}", "login-account-address", MAX_FAILURES_PER_ACCOUNT)]
    if client_address:
        keys.append((client_address, "login-address", MAX_FAILURES_PER_ADDRESS))
    return keys


def check(session: Session, email: str, client_address: str | None) -> None:
    for value, scope, limit in _keys(email, client_address):
        if ratelimit.current_hits(session, value, scope=scope) >= limit:
            raise TooManyRequests("too many failed sign-in attempts; try again in an hour or ask an administrator",
                                  code="sign_in_blocked")


def record_failure(session: Session, email: str, client_address: str | None) -> None:
    for value, scope, limit in _keys(email, client_address):
        try:
            ratelimit.hit(session, value, scope=scope, limit=limit)
        except TooManyRequests:
            pass  # the next attempt is refused by check(); this one already failed

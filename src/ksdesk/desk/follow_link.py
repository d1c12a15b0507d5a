"""The signed follow link of a question asked without an account.

Every e-mail to an anonymous asker carries ``/desk/follow/<reference>?t=<expiry>.<signature>``: with
it they see their question's status and the desk's answers, and add information, without an
account. The signature covers the reference and the expiry day, so a link opens one question only,
nobody can make one up or lengthen its life, and it stops working ``VALID_DAYS`` after it was sent
(each new e-mail from the desk carries a fresh one).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from enum import StrEnum

from ksdesk.db import utcnow
from ksdesk.settings import get_settings, secret_key

VALID_DAYS = 90
_DAY = 86400


class LinkState(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    INVALID = "invalid"


def _day(moment: datetime) -> int:
    return int(moment.timestamp() // _DAY)


def _signature(reference: str, expires: int) -> str:
    return hmac.new(secret_key().encode(), f"follow:{reference.upper()}:{expires}".encode(),
                    hashlib.sha256).hexdigest()[:32]


def token(reference: str, *, now: datetime | None = None) -> str:
    expires = _day(now or utcnow()) + VALID_DAYS
    return f"{expires}.{_signature(reference, expires)}"


def check(reference: str, value: str, *, now: datetime | None = None) -> LinkState:
    """Whether ``value`` is a follow token for ``reference``: valid, expired (but genuine) or invalid."""
    expires_text, _, signature = (value or "").partition(".")
    if not expires_text.isdigit() or len(expires_text) > 8:
        return LinkState.INVALID
    expires = int(expires_text)
    if not hmac.compare_digest(_signature(reference, expires), signature):
        return LinkState.INVALID
    return LinkState.VALID if _day(now or utcnow()) <= expires else LinkState.EXPIRED


def path(reference: str, *, now: datetime | None = None) -> str:
    return f"/desk/follow/{reference}?t={token(reference, now=now)}"


def url(reference: str, *, now: datetime | None = None) -> str:
    return get_settings().public_base_url.rstrip("/") + path(reference, now=now)

"""Cross-site request forgery protection for every form that changes something.

Signed-in forms carry the server-side session's own token. Forms used before signing in (the
sign-in form, the language switch) use a signed double submit: a random value in a cookie and,
in the form, that value signed with the site's secret key. A forged form from another site can
neither read the cookie nor sign a value of its own.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request

from ksdesk.errors import Forbidden
from ksdesk.settings import secret_key

CSRF_COOKIE = "ksdesk_csrf"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfFailed(Forbidden):
    code = "csrf_failed"


def _sign(value: str) -> str:
    return hmac.new(secret_key().encode(), f"csrf:{value}".encode(), hashlib.sha256).hexdigest()


def anonymous_token(request: Request) -> str:
    """The form token for someone not signed in; creates the cookie value when there is none."""
    value = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf_cookie", None)
    if not value:
        value = secrets.token_urlsafe(24)
        request.state.new_csrf_cookie = value
    return f"{value}.{_sign(value)}"


def form_token(request: Request) -> str:
    user = getattr(request.state, "user", None)
    return user.csrf_token if user is not None else anonymous_token(request)


def _valid_anonymous(request: Request, submitted: str) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or "." not in submitted:
        return False
    value, signature = submitted.rsplit(".", 1)
    return hmac.compare_digest(value, cookie) and hmac.compare_digest(signature, _sign(value))


async def verify(request: Request, *, signed_in_token: str | None, allow_anonymous: bool = False) -> None:
    """Raises CsrfFailed unless the submitted form carries the right token."""
    if request.method in SAFE_METHODS:
        return
    form = await request.form()
    submitted = form.get(FIELD)
    if not isinstance(submitted, str) or not submitted:
        raise CsrfFailed("the form's security code is missing", code="csrf_missing")
    ok = signed_in_token is not None and hmac.compare_digest(submitted, signed_in_token)
    if not ok and (signed_in_token is None or allow_anonymous):
        ok = _valid_anonymous(request, submitted)
    if not ok:
        raise CsrfFailed("the form's security code is not valid or has expired", code="csrf_failed")

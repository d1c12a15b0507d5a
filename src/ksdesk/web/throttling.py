"""Request rate limits answered before the request reaches a route, a session or the database.

The desk's own limits (five questions an hour, the sign-in throttle) count in the database, so
each refused post still cost a serialised write: 2,000 posts from one address made a real
visitor wait 36 s. These limits are counted where they cost nothing: in the process's memory, or
in Redis when several processes or machines serve the app (KSDESK_RATE_LIMIT_URL=redis://...).
They use moving windows (no burst of twice the limit across a window's edge) and are set well
above what a person or a well-behaved script does; the database limits behind them stay as they
were, for the submissions that pass.

A refusal is the app's own 429, JSON with a code in the API and a page in the person's language
in the web app, with Retry-After.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ksdesk.errors import TooManyRequests
from ksdesk.web import handlers


@dataclass(frozen=True)
class Rule:
    """Requests with this method whose path starts with ``prefix`` count against ``rate`` per client."""

    name: str
    method: str | None  # None: any method
    prefix: str
    rate: RateLimitItem


# The contact form: a person sends a question or two; the database allows five received an hour.
# Sign-in: the per-account throttle in the database stays; this keeps a flood from reaching it.
# The API: a script screening a list one name at a time does a few requests a second.
RULES: tuple[Rule, ...] = (
    Rule("questions", "POST", "/desk/ask", parse("20/hour")),
    Rule("contact", "POST", "/desk/contact", parse("20/hour")),
    Rule("sign-in", "POST", "/login", parse("30/10 minutes")),
    Rule("api", None, "/api/", parse("1200/minute")),
)


def client_key(scope: Scope) -> str:
    """Who is counted: the API token when one is sent (one user, wherever they are), else the
    address (behind trusted proxies the one they forwarded; see ksdesk serve)."""
    authorization = Headers(scope=scope).get("authorization", "")
    scheme, _sep, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return "token:" + hashlib.sha256(token.strip().encode()).hexdigest()[:32]
    client = scope.get("client")
    return "address:" + (client[0] if client else "unknown")


class RateLimits:
    def __init__(self, app: ASGIApp, storage_url: str = "memory://", rules: tuple[Rule, ...] = RULES) -> None:
        self.app = app
        self.rules = rules
        storage = storage_from_string(storage_url)
        if not isinstance(storage, Storage):  # an async:// URL: this middleware counts synchronously
            raise ValueError(f"rate-limit storage {storage_url!r} is not a synchronous one")
        self.storage = storage
        self.limiter = MovingWindowRateLimiter(self.storage)

    def rule_for(self, method: str, path: str) -> Rule | None:
        for rule in self.rules:
            if (rule.method is None or rule.method == method) and path.startswith(rule.prefix):
                return rule
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rule = self.rule_for(scope["method"], scope["path"])
        if rule is not None:
            key = client_key(scope)
            if not self.limiter.hit(rule.rate, rule.name, key):
                reset, _remaining = self.limiter.get_window_stats(rule.rate, rule.name, key)
                await _refuse(scope, send, max(1, math.ceil(reset - time.time())))
                return
        await self.app(scope, receive, send)


async def _refuse(scope: Scope, send: Send, seconds: int) -> None:
    async def nothing() -> Message:
        return {"type": "http.disconnect"}

    minutes = max(1, math.ceil(seconds / 60))
    error = TooManyRequests(f"too many requests from you; try again in {minutes} minutes",
                            code="rate_limited", params={"minutes": minutes})
    response = await handlers.ksdesk_error(Request(scope, nothing), error)
    response.headers["Retry-After"] = str(seconds)
    await response(scope, nothing, send)

"""Security headers on every response."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No inline script or style anywhere: everything comes from this origin's stylesheets.
# data: images are the check marks the Utrecht stylesheet embeds in custom checkboxes.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


# Only over HTTPS (directly, or a trusted proxy's X-Forwarded-Proto): browsers then refuse plain
# http to this host for a year, so a network attacker cannot strip TLS from a later visit. Not
# sent over http, where it would be ignored, and where a local install must stay reachable.
HSTS = (b"strict-transport-security", b"max-age=31536000")

# Encoded once: every response carries them.
_ENCODED = [(name.encode(), value.encode()) for name, value in HEADERS.items()]
_NAMES = frozenset([*(name for name, _value in _ENCODED), HSTS[0]])


class SecurityHeaders:
    """Plain ASGI middleware, so it also covers error responses and static files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_static = scope["path"].startswith("/static/")
        secure = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _NAMES]
                headers += _ENCODED
                if secure:
                    headers.append(HSTS)
                if not is_static and not any(k.lower() == b"cache-control" for k, _v in headers):
                    # Pages show institution data: keep them out of shared and back-button caches.
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)

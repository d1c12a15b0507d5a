"""How large a request body may be: small for forms and JSON, larger only where files are uploaded.

Without a limit one request could take a worker's memory (forms and JSON are read whole) or fill
the disk (uploaded files are spooled there). The limit holds whether or not a request announces
its size: a declared Content-Length above it is answered at once, and a body that streams past
it stops being read. The answer is the app's own 413 — JSON in the API, a page in the person's
language in the web app — and no route has run, or the one that was reading gives up before it
changed anything.

FastAPI's own ``max_body_size`` enforces the same limits, but it answers a declared oversize with
a plain-text "Content Too Large" outside the app's error handling; hence this small middleware.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ksdesk.errors import KsdeskError
from ksdesk.vocab import _
from ksdesk.web import handlers

# The largest form (a collaboration with every row filled in) and the largest JSON body are a
# few tens of kilobytes; rule sets and catalogues are under 100 kB.
REQUEST_BYTES = 1024 * 1024
# Field names, file names and boundaries around the files of a multipart upload.
MULTIPART_ALLOWANCE = 1024 * 1024

# (method, path) -> the most bytes its body may have, for the few routes that take files; each
# domain declares its own (e.g. screening.uploads) and the app factory hands them to BodyLimit.
Uploads = Mapping[tuple[str, str], int]


TOO_LARGE = _("What you sent is larger than this address accepts. Nothing was changed.")


class RequestTooLarge(KsdeskError):
    status_code = 413
    code = "request_too_large"


def limit_for(method: str, path: str, uploads: Uploads) -> int:
    return uploads.get((method, path.rstrip("/") or "/"), REQUEST_BYTES)


def _declared_size(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    return int(value) if value is not None and value.isdigit() else None


class BodyLimit:
    def __init__(self, app: ASGIApp, uploads: Uploads | None = None) -> None:
        self.app = app
        self.uploads = dict(uploads or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["method"], scope["path"], self.uploads)
        declared = _declared_size(scope)
        if declared is not None and declared > limit:
            await _refuse(scope, send)
            return
        received, cut, refused, answering = 0, False, False, False

        async def counted() -> Message:
            # Past the limit the route is told the client left: whatever it was reading is
            # abandoned, its transaction rolled back, and the sender is answered from here —
            # unless the route has begun an answer of its own, which then stands.
            nonlocal received, cut, refused
            if cut:
                return {"type": "http.disconnect"}
            incoming = await receive()
            if incoming["type"] == "http.request":
                received += len(incoming.get("body", b""))
                if received > limit:
                    cut = True
                    if not answering:
                        refused = True
                        await _refuse(scope, send)
                    return {"type": "http.disconnect"}
            return incoming

        async def unless_refused(message: Message) -> None:
            nonlocal answering
            if not refused:
                answering = True
                await send(message)

        await self.app(scope, counted, unless_refused)


async def _refuse(scope: Scope, send: Send) -> None:
    async def nothing() -> Message:
        return {"type": "http.disconnect"}

    response = await handlers.ksdesk_error(Request(scope, nothing), RequestTooLarge(TOO_LARGE))
    await response(scope, nothing, send)

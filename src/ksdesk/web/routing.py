"""Routes that run in the request's transaction, and the answer that refuses a submission.

The request's database session (web.deps.db_session) owns the transaction: it commits when the
route returns and rolls back when the route raises, or when it returns ``Refused`` - the page
that shows a form again with what was wrong. Routes never commit or roll back themselves; a
service call that may be refused runs in ``attempt``, so what it did before refusing is undone
at once and the page can still read from the session to show the form again.

Every router of the system is a ``Router``: its routes tell the session when their answer was a
refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

REFUSED = "ksdesk_refused"


class Refused(HTMLResponse):
    """A page that refuses what was submitted: the request's transaction is rolled back."""


def refused(response: Response) -> Refused:
    """The same page (body, status, headers and cookies), as the answer that refuses a submission."""
    out = Refused(content=response.body, status_code=response.status_code)
    out.raw_headers = list(response.raw_headers)
    return out


def was_refused(request: Request) -> bool:
    return bool(getattr(request.state, REFUSED, False))


class TransactionRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handle_and_note_refusal(request: Request) -> Response:
            # Runs before the request's session ends (its dependency has function scope).
            response = await handle(request)
            if isinstance(response, Refused):
                setattr(request.state, REFUSED, True)
            return response

        return handle_and_note_refusal


class Router(APIRouter):
    def __init__(self, **kwargs: Any):
        kwargs.setdefault("route_class", TransactionRoute)
        super().__init__(**kwargs)


@contextmanager
def attempt(db: Session) -> Iterator[Session]:
    """A service call that may be refused, in a savepoint: a refusal undoes what the call did."""
    with db.begin_nested():
        yield db

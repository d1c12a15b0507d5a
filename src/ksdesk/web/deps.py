"""Per-request dependencies: the database session, the signed-in person, the language."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

import anyio
import anyio.to_thread
from fastapi import BackgroundTasks, Depends, Request
from sqlalchemy.orm import Session
from starlette.datastructures import FormData as StarletteFormData

from ksdesk.accounts import service as accounts
from ksdesk.accounts.principal import Principal
from ksdesk.accounts.token_use import TokenUse
from ksdesk.db import utcnow, writing_session
from ksdesk.errors import NotFound, Unauthenticated
from ksdesk.settings import get_settings
from ksdesk.vocab import Role
from ksdesk.web import csrf, i18n
from ksdesk.web.bounds import check_text
from ksdesk.web.messages import Say
from ksdesk.web.routing import was_refused

SESSION_COOKIE = "ksdesk_session"


def _admission_limit(request: Request) -> int | None:
    """How many requests of one process may hold a database session at once (None: no limit).

    Routes and most dependencies are synchronous: each such step runs on a worker thread (anyio's
    default limiter: 40), and a request keeps its pooled connection from its first query through
    the next steps. Under load more requests than the pool has connections (10 + 20 overflow)
    took threads and blocked in pool.connect(), while the requests that held the connections waited
    for a thread: nobody progressed until the pool's 30 s timeout (the bench saw 14-36 s answers and
    QueuePool timeouts). Admitting at most as many requests as the pool keeps connections, and fewer
    than there are threads, means a thread never waits for a connection, nor for a row lock held by
    a request that waits for a thread. The others wait in the event loop, in order, at no cost: more
    requests at once would only share the same CPUs (and the GIL), and open overflow connections
    that the PostgreSQL server, shared by every process, has a limit on.

    Fewer still (KSDESK_DB_CONCURRENCY, default 2): a process runs Python on one core at a time
    (the GIL), and a request waits for PostgreSQL only part of its time, so two at once keep the
    process busy: one runs while the other waits for the database. More only take turns on that
    core, and every hand-over of the GIL between threads costs time and latency. On two cores at
    200 requests/s the bench's p95 was 23-27 ms (submissions) with 2 at once against 38-44 ms with
    4, and with 2 it still kept up with 250 requests/s, where with 4 it fell behind (p95 3 s);
    earlier, at 130 requests/s, 10 at once had given 60-600 ms.

    A submission on PostgreSQL takes a second connection for a moment, for its reference number
    (see desk.references): at most twice the limit, within the pool's connections and overflow.
    """
    pool = getattr(request.app.state.session_factory.kw.get("bind"), "pool", None)
    size, overflow = getattr(pool, "size", None), getattr(pool, "_max_overflow", None)
    if not callable(size) or not isinstance(overflow, int) or overflow < 0:
        return None  # an unbounded or single-connection (test) pool
    threads = int(anyio.to_thread.current_default_thread_limiter().total_tokens)
    return max(1, min(get_settings().db_concurrency, size(), threads - 1))


async def admitted(request: Request) -> AsyncIterator[None]:
    state = request.app.state
    loop = asyncio.get_running_loop()
    gate = getattr(state, "db_admission", None)
    if gate is None or gate[0] is not loop:  # one per event loop (each TestClient has its own)
        limit = _admission_limit(request)
        gate = state.db_admission = (loop, asyncio.Semaphore(limit) if limit else None)
    semaphore = gate[1]
    if semaphore is None:
        yield
        return
    async with semaphore:
        yield


async def db_session(
    request: Request, _admitted: Annotated[None, Depends(admitted, scope="function")]
) -> AsyncIterator[Session]:
    """One transaction per request, and its only owner: committed when the route succeeds, rolled
    back when it raises or answers that it refused the submission (web.routing.Refused).

    A coroutine, though the session is used from worker threads: making one connects to nothing,
    so it is made here in the event loop, and only the end of the transaction takes a trip to a
    worker thread. As a plain generator both its start and its end took one, on every request.
    """
    factory = request.app.state.session_factory
    # Requests that change something take SQLite's write lock at once (see db.WRITE).
    session = factory() if request.method in ("GET", "HEAD", "OPTIONS") else writing_session(factory)
    failed = False
    try:
        yield session
    except BaseException:
        failed = True
        raise
    finally:
        failed = failed or was_refused(request)
        # Shielded: a client that goes away must not leave the transaction open and the
        # connection out of the pool.
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(_end_transaction, session, failed)


def _end_transaction(session: Session, failed: bool) -> None:
    try:
        if failed:
            session.rollback()
        else:
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# "function" scope: the commit happens before the response is sent, so a failed commit is an
# error page, never a success page for a change that was lost.
DB = Annotated[Session, Depends(db_session, scope="function")]


@dataclass(frozen=True)
class CurrentUser:
    """A plain copy of who is signed in: still readable after the session was rolled back."""

    principal: Principal
    name: str
    email: str
    institution_name: str | None
    csrf_token: str
    session_token: str | None = None
    unread_notices: int = 0
    institution_name_nl: str | None = None

    def institution_name_in(self, language: str) -> str | None:
        """The institution's name on a page in ``language`` (its Dutch name on a Dutch page)."""
        return (self.institution_name_nl if language == "nl" else None) or self.institution_name

    @property
    def role(self) -> Role:
        assert self.principal.role is not None  # a signed-in person always has a role
        return self.principal.role

    def has_role(self, *roles: Role) -> bool:
        return self.principal.role in roles


def _current(user, csrf_token: str, session_token: str | None) -> CurrentUser:
    return CurrentUser(
        principal=Principal.for_user(user),
        name=user.name,
        email=user.email,
        institution_name=user.institution.name if user.institution else None,
        institution_name_nl=user.institution.name_in("nl") if user.institution else None,
        csrf_token=csrf_token,
        session_token=session_token,
    )


def _signed_in(who: accounts.SignedIn, session_token: str) -> CurrentUser:
    return CurrentUser(principal=Principal.for_user(who), name=who.name, email=who.email,
                       institution_name=who.institution_name, institution_name_nl=who.institution_name_nl,
                       csrf_token=who.csrf_token,
                       session_token=session_token, unread_notices=who.unread_notices)


def language(request: Request) -> str:
    if getattr(request.state, "lang", None):
        return request.state.lang
    request.state.lang = i18n.negotiate(
        request.cookies.get(i18n.LANG_COOKIE),
        request.headers.get("accept-language"),
        get_settings().default_language,
    )
    return request.state.lang


class LoginRequired(Unauthenticated):
    """A browser without a session is sent to the sign-in page instead of getting an error."""


def optional_web_user(request: Request, db: DB) -> CurrentUser | None:
    token = request.cookies.get(SESSION_COOKIE)
    who = accounts.signed_in(db, token)
    request.state.user = None if who is None or token is None else _signed_in(who, token)
    return request.state.user


async def csrf_protect(request: Request, user: Annotated[CurrentUser | None, Depends(optional_web_user)]) -> None:
    await csrf.verify(request, signed_in_token=user.csrf_token if user else None)


async def csrf_protect_any(request: Request, user: Annotated[CurrentUser | None, Depends(optional_web_user)]) -> None:
    """For forms that may also sit on pages rendered without the session (error pages): the
    language switch. The signed double submit is just as unforgeable."""
    await csrf.verify(request, signed_in_token=user.csrf_token if user else None, allow_anonymous=True)


# The checks below only read what earlier dependencies found: as coroutines they run in the event
# loop, where a plain function would take a trip to a worker thread and back on every request.
async def web_user(
    request: Request,
    user: Annotated[CurrentUser | None, Depends(optional_web_user)],
    _csrf: Annotated[None, Depends(csrf_protect)],
) -> CurrentUser:
    if user is None:
        raise LoginRequired("sign in to continue", code="sign_in_required")
    return user


def api_user(request: Request, db: DB, background: BackgroundTasks) -> CurrentUser:
    header = request.headers.get("authorization", "")
    scheme, _sep, token = header.partition(" ")
    row = accounts.active_api_token(db, token.strip()) if scheme.lower() == "bearer" and token else None
    if row is None:
        raise Unauthenticated("a valid API token is required: send the header 'Authorization: Bearer <token>'")
    # Recorded after the answer, in a transaction of its own: the request itself only reads.
    token_use: TokenUse = request.app.state.token_use
    if token_use.note(row.id, utcnow(), row.last_used_at):
        background.add_task(token_use.flush, request.app.state.session_factory)
    request.state.user = _current(row.user, "", None)
    return request.state.user


WebUser = Annotated[CurrentUser, Depends(web_user)]
MaybeWebUser = Annotated[CurrentUser | None, Depends(optional_web_user)]
ApiUser = Annotated[CurrentUser, Depends(api_user)]
CsrfChecked = Depends(csrf_protect)


def web_roles(*roles: Role) -> Callable[[CurrentUser], Awaitable[CurrentUser]]:
    """A page only some roles may use; everyone else gets "not found", never a hint it exists.

    Use as ``Annotated[CurrentUser, Depends(web_roles(...))]``."""

    async def check(user: WebUser) -> CurrentUser:
        if not user.has_role(*roles):
            raise NotFound("the page was not found", code="page_not_found")
        return user

    return check


def api_roles(*roles: Role) -> Callable[[CurrentUser], Awaitable[CurrentUser]]:
    async def check(user: ApiUser) -> CurrentUser:
        if not user.has_role(*roles):
            raise NotFound("not found")
        return user

    return check


async def form_data(request: Request) -> StarletteFormData:
    """The submitted form, read once in the event loop so routes can stay synchronous; text with
    control characters or only invisible ones is refused here (web.bounds)."""
    form = await request.form()
    check_text(form.multi_items())
    return form


FormData = Annotated[StarletteFormData, Depends(form_data)]


def say(request: Request) -> Say:
    lang = language(request)
    return Say(lang, i18n.translations(lang).gettext)

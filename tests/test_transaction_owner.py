"""The request's session owns the transaction: routes never commit or roll back themselves."""

import re
from datetime import date
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select

import ksdesk
from ksdesk.app.factory import create_app
from ksdesk.desk.models import ClosureDay
from ksdesk.web.deps import DB
from ksdesk.web.routing import Router, TransactionRoute, refused

SRC = Path(ksdesk.__file__).resolve().parent
ENDS_TRANSACTION = re.compile(r"\.(commit|rollback)\(")


def test_no_view_or_api_route_ends_the_transaction():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "@router." in text or "Router(" in text:
            offenders += [f"{path.relative_to(SRC)}:{n}" for n, line in enumerate(text.splitlines(), start=1)
                          if ENDS_TRANSACTION.search(line)]
    assert offenders == []


def test_every_route_of_the_app_tells_the_session_when_it_refused(session_factory):
    plain = [route.path for route in create_app(session_factory).routes
             if isinstance(route, APIRoute) and not isinstance(route, TransactionRoute)]
    assert plain == []


def _app(session_factory) -> FastAPI:
    app = FastAPI()
    app.state.session_factory = session_factory
    router = Router()

    @router.post("/kept")
    def kept(db: DB):
        db.add(ClosureDay(day=date(2031, 1, 2), reason="kept"))
        return HTMLResponse("saved")

    @router.post("/refused")
    def refusal(db: DB):
        db.add(ClosureDay(day=date(2031, 1, 3), reason="refused"))
        return refused(HTMLResponse("not saved", status_code=422))

    app.include_router(router)
    return app


def test_a_refused_submission_is_rolled_back_and_any_other_answer_committed(session_factory, db):
    client = TestClient(_app(session_factory))
    assert client.post("/kept").status_code == 200
    assert client.post("/refused").status_code == 422
    stored = set(db.scalars(select(ClosureDay.reason).where(ClosureDay.day >= date(2031, 1, 1))))
    assert stored == {"kept"}


def test_work_after_the_commit_waits_for_the_commit_not_for_a_savepoint(session_factory):
    from ksdesk.after_commit import call_after_commit
    from ksdesk.web.routing import attempt

    ran = []
    session = session_factory()
    with attempt(session):
        call_after_commit(session, lambda: ran.append("sent"))
    assert ran == []
    session.commit()
    assert ran == ["sent"]
    session.close()

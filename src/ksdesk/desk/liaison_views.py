"""The ministry liaisons' pages: only questions their ministry is consulted on, without the asker."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse

from ksdesk.country_names import names_in
from ksdesk.desk import coordination
from ksdesk.desk.render import render
from ksdesk.errors import ValidationFailed
from ksdesk.vocab import Role, _
from ksdesk.web.deps import DB, CurrentUser, FormData, language, say, web_roles
from ksdesk.web.navigation import crumb, crumb_text, home_crumb
from ksdesk.web.routing import Router, attempt, refused

router = Router(include_in_schema=False)
Liaison = Annotated[CurrentUser, Depends(web_roles(Role.MINISTRY_LIAISON))]


@router.get("/desk/coordination")
def liaison_list(request: Request, db: DB, user: Liaison, awaiting: str = ""):
    return render(request, "desk/liaison_list.html", {
        "items": coordination.list_for_liaison(db, user.principal, awaiting_advice=awaiting == "1"),
        "values": {"awaiting": awaiting == "1"},
        "breadcrumbs": [home_crumb(), crumb(_("Requests for advice"))],
    })


def _page(request, db, user, question_id: int, *, values=None, errors=None, status_code=200):
    view = coordination.get_for_liaison(db, user.principal, question_id)
    return render(request, "desk/liaison_question.html", {
        "q": view, "country_names": names_in(language(request)),
        "values": values or {"advice": view.request.advice or ""}, "form_errors": errors or {},
        "notice": _("Your advice was saved.") if request.query_params.get("notice") == "advice" and not errors else None,
        "message": _("The advice was not saved. Correct the field below.") if errors else None,
        "breadcrumbs": [home_crumb(), crumb(_("Requests for advice"), "/desk/coordination"),
                        crumb_text(view.reference)],
    }, status_code=status_code)


@router.get("/desk/coordination/{question_id}")
def liaison_question(request: Request, db: DB, user: Liaison, question_id: int):
    return _page(request, db, user, question_id)


@router.post("/desk/coordination/{question_id}/advice")
def liaison_advice(request: Request, db: DB, user: Liaison, question_id: int, form: FormData):
    advice = str(form.get("advice", ""))
    try:
        with attempt(db):
            coordination.record_advice(db, user.principal, question_id, advice)
    except ValidationFailed as exc:
        return refused(_page(request, db, user, question_id, values={"advice": advice}, errors=say(request).service(exc),
                     status_code=422))
    return RedirectResponse(f"/desk/coordination/{question_id}?notice=advice", status_code=303)

"""The front door: a visitor's start page, a signed-in person's own start page; and the
language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse

from ksdesk.registry import service as registry
from ksdesk.registry.access import COLLABORATION_READERS
from ksdesk.vocab import CollaborationStatus, Role
from ksdesk.web import i18n
from ksdesk.web.auth import safe_next
from ksdesk.web.deps import DB, FormData, MaybeWebUser, csrf_protect_any
from ksdesk.web.routing import Router
from ksdesk.web.templating import set_cookie, templates

router = Router(include_in_schema=False)


@router.get("/")
def home(request: Request, db: DB, user: MaybeWebUser):
    if user is None:
        # Visitors meet the desk, not a sign-in form: most who ask a question have no account.
        return templates(request).render(request, "welcome.html", {})
    context: dict = {"counts": {}, "recent": [], "to_review": []}
    if user.role in COLLABORATION_READERS:
        context["counts"] = registry.count_collaborations_by_status(db, user.principal)
        context["recent"], _total = registry.list_collaborations(db, user.principal, page_size=5)
        if user.role is Role.ADVISOR:
            context["to_review"], context["to_review_total"] = registry.list_collaborations(
                db, user.principal, status=CollaborationStatus.UNDER_REVIEW.value, page_size=10
            )
    return templates(request).render(request, "home.html", context)


@router.post("/language")
def switch_language(request: Request, _csrf: Annotated[None, Depends(csrf_protect_any)], form: FormData):
    """A plain form, so switching works without JavaScript; the choice is kept in a cookie."""
    chosen = str(form.get("lang", ""))
    response = RedirectResponse(safe_next(str(form.get("next", "/"))), status_code=303)
    if chosen in i18n.LANGUAGES:
        set_cookie(response, i18n.LANG_COOKIE, chosen, max_age=365 * 24 * 3600)
    return response

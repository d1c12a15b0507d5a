"""The sources page: how current each official list and the registry are, and the last attempt to update them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse

from ksdesk import jobs
from ksdesk.errors import Refusal, ValidationFailed
from ksdesk.screening import tasks as screening_tasks
from ksdesk.screening.service import SCREENERS
from ksdesk.sources import service, tasks
from ksdesk.sources.catalogue import get_source
from ksdesk.vocab import Role, _
from ksdesk.web.deps import DB, CurrentUser, FormData, say, web_roles
from ksdesk.web.navigation import crumb, crumb_text, home_crumb
from ksdesk.web.routing import Router, attempt, refused
from ksdesk.web.templating import templates

router = Router(include_in_schema=False)
Screener = Annotated[CurrentUser, Depends(web_roles(*SCREENERS))]
Admin = Annotated[CurrentUser, Depends(web_roles(Role.ADMIN))]

NOTICES = {
    "applied": _("The held version was applied. What it changed is screened again."),
    "discarded": _("The held version was discarded. The list stays as it was."),
    "queued": _("The held version of the registry is being applied in the background, in short parts. "
                "This page shows the update when it is done; what it changed is then screened again."),
}
STATUS_LABELS = {
    "applied": _("new version applied"),
    "unchanged": _("no new version"),
    "held": _("held for an administrator"),
    "refused": _("refused"),
    "discarded": _("held version discarded"),
}


@router.get("/sources")
def sources_page(request: Request, db: DB, user: Screener):
    speak = say(request)
    rows = []
    for s in service.status(db):
        reason = None
        if s.last is not None and s.last.reason_code:
            reason = speak.refusal(_refusal(s.last))
        rows.append({"s": s, "reason": reason})
    return templates(request).render(request, "sources/status.html", {
        "rows": rows, "STATUS_LABELS": STATUS_LABELS, "is_admin": user.role is Role.ADMIN,
        "notice": NOTICES.get(request.query_params.get("notice", "")),
        "breadcrumbs": [home_crumb(), crumb(_("Screening"), "/screening"),
                        crumb(_("Watchlists"), "/screening/watchlists"), crumb(_("Official sources"))],
    })


def _refusal(update) -> Refusal:
    return Refusal(update.reason_code, update.reason or "", update.params or {})


def _held_page(request: Request, db, code: str, values: dict | None = None, form_errors: dict | None = None,
               status_code: int = 200):
    details = service.held_details(db, code)
    if details is None:
        # Already decided (or never held): the page says so rather than pretend it does not exist.
        source = get_source(code)
        return templates(request).render(request, "sources/held.html", {
            "d": None, "source": source, "breadcrumbs": [home_crumb(), crumb(_("Official sources"), "/sources"),
                                                         crumb_text(source.title)]},
            status_code=status_code)
    update = details["update"]
    reason = say(request).refusal(_refusal(update)) if update and update.reason_code else None
    return templates(request).render(request, "sources/held.html", {
        "d": details, "source": details["source"], "reason": reason,
        "values": values or {}, "form_errors": form_errors or {},
        "breadcrumbs": [home_crumb(), crumb(_("Official sources"), "/sources"),
                        crumb_text(details["source"].title)],
    }, status_code=status_code)


@router.get("/sources/{code}/held")
def held_page(request: Request, db: DB, user: Admin, code: str):
    return _held_page(request, db, code)


@router.post("/sources/{code}/held")
def decide_held(request: Request, db: DB, user: Admin, code: str, form: FormData):
    values = {k: str(form.get(k, "")) for k in ("decision", "confirm")}
    try:
        with attempt(db):
            report = service.decide_held(
                db, user.principal, code, values["decision"], confirmed=bool(values["confirm"]),
                apply_later=lambda c: jobs.enqueue_after_commit(db, tasks.apply_held_source, c,
                                                      user.principal.user_id),
                rescreen_later=lambda codes: jobs.enqueue_after_commit(
                    db, screening_tasks.rescreen_after_list_update, codes))
    except ValidationFailed as exc:
        return refused(_held_page(request, db, code, values, say(request).service(exc), status_code=422))
    if report.status == "refused":
        # The held version could not be loaded after all: the page says why, nothing changed.
        return refused(_held_page(request, db, code, values, {"decision": say(request).refusal(
            Refusal("source_held_not_loaded", report.reason or ""))}, status_code=422))
    return RedirectResponse(f"/sources?notice={report.status}", status_code=303)

"""The bell's page: a user's own notices, and their choice of which notices come how."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse

from ksdesk.notifications import service
from ksdesk.notifications.kinds import LABELS
from ksdesk.vocab import _
from ksdesk.web.deps import DB, FormData, WebUser, language
from ksdesk.web.navigation import crumb, home_crumb
from ksdesk.web.routing import Router
from ksdesk.web.templating import templates

router = Router(include_in_schema=False)

NOTICES = {"saved": _("Your choice of notices was saved."), "read": _("Every notice is marked as read.")}


@router.get("/notifications")
def notices(request: Request, db: DB, user: WebUser):
    return templates(request).render(request, "notifications/list.html", {
        "items": service.list_notices(db, user.principal, language(request)),
        "notice": NOTICES.get(request.query_params.get("notice", "")),
        "breadcrumbs": [home_crumb(), crumb(_("Notifications"))],
    })


@router.post("/notifications/read")
def read_all(request: Request, db: DB, user: WebUser):
    service.mark_all_read(db, user.principal)
    return RedirectResponse("/notifications?notice=read", status_code=303)


@router.post("/notifications/{notice_id}/open")
def open_notice(request: Request, db: DB, user: WebUser, notice_id: int):
    return RedirectResponse(service.open_notice(db, user.principal, notice_id), status_code=303)


@router.get("/notifications/settings")
def settings_page(request: Request, db: DB, user: WebUser):
    return templates(request).render(request, "notifications/settings.html", {
        "choices": service.preferences(db, user.principal), "KIND_LABELS": LABELS,
        "notice": NOTICES.get(request.query_params.get("notice", "")),
        "breadcrumbs": [home_crumb(), crumb(_("Notifications"), "/notifications"), crumb(_("Choose your notices"))],
    })


@router.post("/notifications/settings")
def settings_save(request: Request, db: DB, user: WebUser, form: FormData):
    choices = {kind.value: (form.get(f"{kind.value}.app") is not None, form.get(f"{kind.value}.email") is not None)
               for kind in service.preferences(db, user.principal)}
    service.save_preferences(db, user.principal, choices)
    return RedirectResponse("/notifications/settings?notice=saved", status_code=303)

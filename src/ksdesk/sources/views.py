"""The sources page: how current each official list and the registry are, and the last attempt to update them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ksdesk.errors import Refusal
from ksdesk.screening.service import SCREENERS
from ksdesk.sources import service
from ksdesk.vocab import Role, _
from ksdesk.web.deps import DB, CurrentUser, say, web_roles
from ksdesk.web.navigation import crumb, home_crumb
from ksdesk.web.routing import Router
from ksdesk.web.templating import templates

router = Router(include_in_schema=False)
Screener = Annotated[CurrentUser, Depends(web_roles(*SCREENERS))]

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
        "breadcrumbs": [home_crumb(), crumb(_("Screening"), "/screening"),
                        crumb(_("Watchlists"), "/screening/watchlists"), crumb(_("Official sources"))],
    })


def _refusal(update) -> Refusal:
    return Refusal(update.reason_code, update.reason or "", update.params or {})

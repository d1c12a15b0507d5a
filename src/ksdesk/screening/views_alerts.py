"""The alerts page: new watchlist hits on partners of active collaborations, and resolving them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from ksdesk.errors import ValidationFailed
from ksdesk.registry.models import Collaboration
from ksdesk.screening import alerts, explain
from ksdesk.screening.labels import ALERT_STATUS_LABELS, DECISION_LABELS, LEVEL_LABELS, NOTICES, list_titles
from ksdesk.vocab import Role, _
from ksdesk.web.deps import DB, CurrentUser, FormData, say, web_roles
from ksdesk.web.navigation import crumb, home_crumb
from ksdesk.web.pagination import Pagination
from ksdesk.web.routing import Router, attempt, refused
from ksdesk.web.templating import templates

router = Router(prefix="/alerts")
# Advisors see their institution's alerts; researchers those on collaborations they registered.
AlertReader = Annotated[CurrentUser, Depends(web_roles(Role.ADVISOR, Role.RESEARCHER))]
Advisor = Annotated[CurrentUser, Depends(web_roles(Role.ADVISOR))]
PageNumber = Annotated[int, Query(ge=1, le=100000)]
STATUSES = ("open", "resolved", "all")
PAGE_SIZE = 25


def _titles(db, items) -> dict[int, str]:
    ids = {a.collaboration_id for a in items}
    if not ids:
        return {}
    return dict(db.execute(select(Collaboration.id, Collaboration.title).where(Collaboration.id.in_(ids))).all())


def _page(request: Request, db, user, status: str, page: int, form_errors=None, values=None, status_code=200):
    status = status if status in STATUSES else "open"
    items, total = alerts.list_alerts(db, user.principal, None if status == "all" else status, page, PAGE_SIZE)
    return templates(request).render(request, "screening/alerts.html", {
        "items": items, "pagination": Pagination(page, PAGE_SIZE, total), "status": status,
        "collaboration_titles": _titles(db, items), "titles": list_titles(db),
        "explain": {a.id: explain.messages(a.reasons) for a in items if a.reasons},
        "can_resolve": user.role is Role.ADVISOR, "form_errors": form_errors or {}, "values": values or {},
        "LEVEL_LABELS": LEVEL_LABELS, "ALERT_STATUS_LABELS": ALERT_STATUS_LABELS,
        "DECISION_LABELS": DECISION_LABELS,
        "notice": NOTICES.get(request.query_params.get("notice", "")),
        "breadcrumbs": [home_crumb(), crumb(_("Screening"), "/screening"), crumb(_("Alerts"))],
    }, status_code=status_code)


@router.get("")
def alert_list(request: Request, db: DB, user: AlertReader, status: str = "open", page: PageNumber = 1):
    return _page(request, db, user, status, page)


@router.post("/{alert_id}/resolve")
def alert_resolve(request: Request, db: DB, user: Advisor, alert_id: int, form: FormData):
    resolution = str(form.get("resolution", "")).strip()
    try:
        with attempt(db):
            alerts.resolve_alert(db, user.principal, alert_id, resolution)
    except ValidationFailed as exc:
        errors = say(request).service(exc)
        field = f"resolution-{alert_id}"
        message = errors.get("resolution") or errors.get("alert") or next(iter(errors.values()), "")
        return refused(_page(request, db, user, "open", 1, {field: message}, {field: resolution}, status_code=422))
    return RedirectResponse("/screening/alerts?notice=resolved", status_code=303)

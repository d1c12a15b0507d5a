"""The screening pages: screen a name, review its hits, and the screening section of a collaboration."""

from __future__ import annotations

import hashlib
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from ksdesk.errors import ValidationFailed
from ksdesk.screening import alerts, forms, service, source, views_alerts, views_bulk, views_watchlists
from ksdesk.screening.labels import DECISION_LABELS, LEVEL_LABELS, NOTICES, list_titles
from ksdesk.vocab import _
from ksdesk.web.deps import DB, CurrentUser, FormData, language, say, web_roles
from ksdesk.web.navigation import crumb, home_crumb
from ksdesk.web.templating import templates

router = APIRouter(prefix="/screening", include_in_schema=False)
Screener = Annotated[CurrentUser, Depends(web_roles(*service.SCREENERS))]
Reviewer = Annotated[CurrentUser, Depends(web_roles(*service.REVIEWERS))]


def _organisation_ids(db, hits: list[service.ScreenedHit]) -> dict[str, int]:
    """Registry organisation per hit, so a hit links to the organisation page it stands for."""
    wanted = {h.hit.entity_id if h.hit.list_id == "registry" else h.hit.registry_id for h in hits}
    found = {}
    for entity_id in filter(None, wanted):
        organisation_id = source.organisation_id_of(db, entity_id)
        if organisation_id is not None:
            found[entity_id] = organisation_id
    return found


def _reviewed_at(db, query: str) -> dict:
    key = service.normalised(query)
    return {(lc, eid): r for (_k, lc, eid), r in service.latest_reviews(db, {key}).items()}


def hit_slug(query: str, list_code: str, entity_id: str) -> str:
    """A stable id for one hit of one name, so a failed review lands on the right form again."""
    text = f"{service.normalised(query)}|{list_code}|{entity_id}"
    return "h" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def hit_view(db, query: str, hits: list[service.ScreenedHit]) -> list[dict]:
    """What the templates show of each hit: the hit itself, its organisation and its latest review."""
    organisations = _organisation_ids(db, hits)
    reviews = _reviewed_at(db, query)
    out = []
    for h in hits:
        registry_key = h.hit.entity_id if h.hit.list_id == "registry" else h.hit.registry_id
        out.append({
            "h": h.hit, "s": h, "slug": hit_slug(query, h.hit.list_id, h.hit.entity_id),
            "organisation_id": organisations.get(registry_key) if registry_key else None,
            "review": reviews.get((h.hit.list_id, h.hit.entity_id)),
        })
    return out


def _screen_page(request: Request, db, user: CurrentUser, values: dict, form_errors: dict | None = None,
                 status_code: int = 200):
    words = say(request)
    results, hidden = None, 0
    errors = dict(form_errors or {})
    query = values.get("name", "").strip()
    if query and not errors.get("name"):
        try:
            found = service.screen_name(db, user.principal, query, country=values.get("country") or None,
                                        threshold=forms.threshold(values.get("threshold")),
                                        include_suppressed=True)
            hidden = sum(1 for h in found if h.suppressed)
            shown = found if values.get("hidden") else [h for h in found if not h.suppressed]
            results = hit_view(db, query, shown)
        except ValidationFailed as exc:
            errors.update(words.service(exc))
            status_code = 422
    return templates(request).render(request, "screening/screen.html", {
        "values": values, "form_errors": errors, "results": results, "hidden_count": hidden,
        "reviews": service.reviews_for(db, query) if results is not None else [],
        "countries": forms.country_options(db, language(request)), "titles": list_titles(db),
        "can_review": user.has_role(*service.REVIEWERS),
        "DECISION_LABELS": DECISION_LABELS, "LEVEL_LABELS": LEVEL_LABELS,
        "notice": NOTICES.get(request.query_params.get("notice", "")),
        "breadcrumbs": [home_crumb(), crumb(_("Screening"))],
    }, status_code=status_code)


@router.get("")
def screen(request: Request, db: DB, user: Screener, name: str = "", country: str = "", threshold: str = "",
           hidden: str = ""):
    values = {"name": name, "country": country, "threshold": threshold, "hidden": "1" if hidden else ""}
    return _screen_page(request, db, user, values)


def screening_url(query: str, country: str = "", hidden: bool = False, **extra) -> str:
    params = {"name": query, **({"country": country} if country else {}), **({"hidden": "1"} if hidden else {}),
              **extra}
    return f"/screening?{urlencode(params)}"


@router.post("/reviews")
def review(request: Request, db: DB, user: Reviewer, form: FormData):
    fields = {k: str(form.get(k, "")).strip() for k in
              ("query", "list_code", "entity_id", "decision", "reason", "country", "hidden", "collaboration_id")}
    try:
        service.record_review(db, user.principal, query=fields["query"], list_code=fields["list_code"],
                              entity_id=fields["entity_id"], decision=fields["decision"],
                              reason=fields["reason"] or None)
    except ValidationFailed as exc:
        db.rollback()
        # The message goes to the reason field of the hit whose button was pressed.
        field = "reason-" + hit_slug(fields["query"], fields["list_code"], fields["entity_id"])
        messages = say(request).service(exc)
        errors = {field: messages.get("reason") or next(iter(messages.values()), "")}
        if fields["collaboration_id"].isdigit():
            from ksdesk.registry.views import _detail_page

            return _detail_page(request, db, user, int(fields["collaboration_id"]), status_code=422,
                                form_errors=errors, values={field: fields["reason"]})
        values = {"name": fields["query"], "country": fields["country"], "threshold": "", "hidden": fields["hidden"],
                  field: fields["reason"]}
        return _screen_page(request, db, user, values, errors, status_code=422)
    if fields["collaboration_id"].isdigit():
        target = f"/collaborations/{int(fields['collaboration_id'])}?screening=reviewed"
        if fields["hidden"]:
            target += "&screening_hidden=1"
        return RedirectResponse(target + "#screening", status_code=303)
    return RedirectResponse(screening_url(fields["query"], fields["country"], bool(fields["hidden"]),
                                          notice="reviewed") + "#results", status_code=303)


# ---------------------------------------------------------------- the collaboration page's section


def collaboration_context(request: Request, db, user: CurrentUser, collaboration) -> dict:
    """The "Screening" section of a collaboration page: each partner's watchlist hits and open alerts."""
    if not user.has_role(*service.SCREENERS):
        return {"screening": None}
    show_hidden = bool(request.query_params.get("screening_hidden"))
    partners = service.screen_collaboration(db, user.principal, collaboration.id, include_suppressed=True)
    open_alerts = [a for a in alerts.alerts_for_collaboration(db, collaboration.id) if a.status == "open"]
    sections = []
    for p in partners:
        hits = p.watchlist_hits
        shown = hits if show_hidden else [h for h in hits if not h.suppressed]
        sections.append({
            "partner": p, "hits": hit_view(db, p.partner_name, shown),
            "hidden_count": sum(1 for h in hits if h.suppressed),
            "alerts": [a for a in open_alerts if a.organisation_id == p.organisation_id],
        })
    return {"screening": {
        "partners": sections, "show_hidden": show_hidden, "titles": list_titles(db),
        "can_review": user.has_role(*service.REVIEWERS),
        "notice": NOTICES.get(request.query_params.get("screening", "")),
        "DECISION_LABELS": DECISION_LABELS, "LEVEL_LABELS": LEVEL_LABELS,
    }}


router.include_router(views_alerts.router)
router.include_router(views_bulk.router)
router.include_router(views_watchlists.router)

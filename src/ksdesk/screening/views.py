"""The screening pages: screen a name, review its hits, and the screening section of a collaboration."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse

from ksdesk.country_names import options_in
from ksdesk.errors import ValidationFailed
from ksdesk.screening import explain, forms, service, views_alerts, views_bulk, views_watchlists
from ksdesk.screening.labels import DECISION_LABELS, LEVEL_LABELS, NOTICES, list_titles
from ksdesk.screening.panel import hit_slug, hit_view
from ksdesk.vocab import _
from ksdesk.web.deps import DB, CurrentUser, FormData, language, say, web_roles
from ksdesk.web.navigation import crumb, home_crumb
from ksdesk.web.routing import Router, attempt, refused
from ksdesk.web.templating import templates

router = Router(prefix="/screening", include_in_schema=False)
Screener = Annotated[CurrentUser, Depends(web_roles(*service.SCREENERS))]
Reviewer = Annotated[CurrentUser, Depends(web_roles(*service.REVIEWERS))]


def _screen_page(request: Request, db, user: CurrentUser, values: dict, form_errors: dict | None = None,
                 status_code: int = 200):
    words = say(request)
    results, hidden, chosen = None, 0, None
    errors = dict(form_errors or {})
    query = values.get("name", "").strip()
    if query and not errors.get("name"):
        try:
            result = service.resolve_name(db, user.principal, query, country=values.get("country") or None,
                                          threshold=forms.threshold(values.get("threshold")),
                                          include_suppressed=True)
            found, chosen = result.hits, result.chosen
            hidden = sum(1 for h in found if h.suppressed)
            shown = found if values.get("hidden") else [h for h in found if not h.suppressed]
            results = hit_view(db, user.principal, query, shown)
        except ValidationFailed as exc:
            errors.update(words.service(exc))
            status_code = 422
    return templates(request).render(request, "screening/screen.html", {
        "values": values, "form_errors": errors, "results": results, "hidden_count": hidden, "chosen": chosen,
        "chosen_why": explain.chosen_sentences(getattr(chosen, "because", ())) if chosen else [],
        "reviews": service.reviews_for(db, user.principal, query) if results is not None else [],
        "countries": options_in(language(request)), "titles": list_titles(db),
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
        with attempt(db):
            service.record_review(db, user.principal, query=fields["query"], list_code=fields["list_code"],
                                  entity_id=fields["entity_id"], decision=fields["decision"],
                                  reason=fields["reason"] or None)
    except ValidationFailed as exc:
        # The message goes to the reason field of the hit whose button was pressed.
        field = "reason-" + hit_slug(fields["query"], fields["list_code"], fields["entity_id"])
        messages = say(request).service(exc)
        errors = {field: messages.get("reason") or next(iter(messages.values()), "")}
        if fields["collaboration_id"].isdigit():
            from ksdesk.registry.views import _detail_page

            return refused(_detail_page(request, db, user, int(fields["collaboration_id"]), status_code=422,
                                form_errors=errors, values={field: fields["reason"]}))
        values = {"name": fields["query"], "country": fields["country"], "threshold": "", "hidden": fields["hidden"],
                  field: fields["reason"]}
        return refused(_screen_page(request, db, user, values, errors, status_code=422))
    if fields["collaboration_id"].isdigit():
        target = f"/collaborations/{int(fields['collaboration_id'])}?screening=reviewed"
        if fields["hidden"]:
            target += "&screening_hidden=1"
        return RedirectResponse(target + "#screening", status_code=303)
    return RedirectResponse(screening_url(fields["query"], fields["country"], bool(fields["hidden"]),
                                          notice="reviewed") + "#results", status_code=303)


@router.post("/reviews/partner")
def review_partner(request: Request, db: DB, user: Reviewer, form: FormData):
    """Every hit of one partner of a collaboration marked at once, from the partner's summary."""
    fields = {k: str(form.get(k, "")).strip() for k in
              ("collaboration_id", "organisation_id", "decision", "reason", "hidden")}
    if not (fields["collaboration_id"].isdigit() and fields["organisation_id"].isdigit()):
        raise ValidationFailed("which partner of which collaboration", code="partner_not_found")
    collaboration_id, organisation_id = int(fields["collaboration_id"]), int(fields["organisation_id"])
    try:
        with attempt(db):
            service.review_partner(db, user.principal, collaboration_id, organisation_id, fields["decision"],
                                   fields["reason"] or None, include_hidden=bool(fields["hidden"]))
    except ValidationFailed as exc:
        from ksdesk.registry.views import _detail_page

        prefix = f"bulk-{organisation_id}-"
        errors = {prefix + ("reason" if key == "reason" else "decision"): text
                  for key, text in say(request).service(exc).items()}
        values = {prefix + "reason": fields["reason"], prefix + "decision": fields["decision"]}
        return refused(_detail_page(request, db, user, collaboration_id, status_code=422, form_errors=errors,
                                    values=values))
    target = f"/collaborations/{collaboration_id}?screening=bulk_reviewed"
    if fields["hidden"]:
        target += "&screening_hidden=1"
    return RedirectResponse(f"{target}#screening-partner-{organisation_id}", status_code=303)


# ---------------------------------------------------------------- the collaboration page's section


router.include_router(views_alerts.router)
router.include_router(views_bulk.router)
router.include_router(views_watchlists.router)

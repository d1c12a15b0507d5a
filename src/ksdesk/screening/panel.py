"""The screening section of a collaboration's page, and how a hit is shown wherever it appears."""

from __future__ import annotations

import hashlib

from fastapi import Request

from ksdesk.screening import alerts, explain, service, source
from ksdesk.screening.labels import DECISION_LABELS, LEVEL_LABELS, NOTICES, list_titles
from ksdesk.sources import freshness
from ksdesk.web.deps import CurrentUser


def _organisation_ids(db, hits: list[service.ScreenedHit]) -> dict[str, int]:
    """Registry organisation per hit, so a hit links to the organisation page it stands for."""
    wanted = {h.hit.entity_id if h.hit.list_id == "registry" else h.hit.registry_id for h in hits}
    found = {}
    for entity_id in filter(None, wanted):
        organisation_id = source.organisation_id_of(db, entity_id)
        if organisation_id is not None:
            found[entity_id] = organisation_id
    return found


def _reviewed_at(db, principal, query: str) -> dict:
    key = service.normalised(query)
    reviews = service.latest_reviews(db, {key}, service.ReviewsOf.seen_by(principal))
    return {(lc, eid): r for (_k, lc, eid), r in reviews.items()}


def hit_slug(query: str, list_code: str, entity_id: str) -> str:
    """A stable id for one hit of one name, so a failed review lands on the right form again."""
    text = f"{service.normalised(query)}|{list_code}|{entity_id}"
    return "h" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def hit_view(db, principal, query: str, hits: list[service.ScreenedHit]) -> list[dict]:
    """What the templates show of each hit: the hit itself, its organisation and its latest review."""
    organisations = _organisation_ids(db, hits)
    reviews = _reviewed_at(db, principal, query)
    stale = {f.code: f for f in freshness.stale(db)} if hits else {}
    out = []
    for h in hits:
        registry_key = h.hit.entity_id if h.hit.list_id == "registry" else h.hit.registry_id
        out.append({
            "h": h.hit, "s": h, "slug": hit_slug(query, h.hit.list_id, h.hit.entity_id),
            "organisation_id": organisations.get(registry_key) if registry_key else None,
            "review": reviews.get((h.hit.list_id, h.hit.entity_id)),
            "stale": stale.get(h.hit.list_id),
            "explain": explain.messages(h.hit.reasons),
        })
    return out


LEVEL_ORDER = ("low", "medium", "high", "very high")


def partner_summary(hits: list[service.ScreenedHit], titles: dict[str, str]) -> dict:
    """One line per partner: on which lists, the highest level, and how many hits are reviewed."""
    lists = sorted({titles.get(h.hit.list_id, h.hit.list_id) for h in hits})
    levels = [h.hit.risk_level for h in hits if h.hit.risk_level in LEVEL_ORDER]
    reviewed = sum(1 for h in hits if h.decision)
    return {
        "lists": lists, "highest": max(levels, key=LEVEL_ORDER.index) if levels else None,
        "total": len(hits), "reviewed": reviewed,
        "state": "none" if not hits else "done" if reviewed == len(hits) else "open",
    }


def collaboration_context(request: Request, db, user: CurrentUser, collaboration) -> dict:
    """The "Screening" section of a collaboration page: each partner's watchlist hits and open alerts."""
    if not user.has_role(*service.SCREENERS):
        return {"screening": None}
    show_hidden = bool(request.query_params.get("screening_hidden"))
    partners = service.screen_collaboration(db, user.principal, collaboration.id, include_suppressed=True)
    open_alerts = [a for a in alerts.alerts_for_collaboration(db, collaboration.id) if a.status == "open"]
    titles = list_titles(db)
    sections = []
    for p in partners:
        hits = p.watchlist_hits
        shown = hits if show_hidden else [h for h in hits if not h.suppressed]
        sections.append({
            "partner": p, "hits": hit_view(db, user.principal, p.partner_name, shown),
            "hidden_count": sum(1 for h in hits if h.suppressed),
            "alerts": [a for a in open_alerts if a.organisation_id == p.organisation_id],
            "summary": partner_summary(hits, titles),
        })
    return {"screening": {
        "partners": sections, "show_hidden": show_hidden, "titles": titles,
        "can_review": user.has_role(*service.REVIEWERS),
        "notice": NOTICES.get(request.query_params.get("screening", "")),
        "DECISION_LABELS": DECISION_LABELS, "LEVEL_LABELS": LEVEL_LABELS,
    }}

"""The watchlists: sources, versions and what changed; for administrators, new versions and risk levels."""

from __future__ import annotations

from typing import Annotated

import yaml
from fastapi import Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from ksdesk import jobs
from ksdesk.errors import ValidationFailed
from ksdesk.screening import forms, service, tasks, watchlists
from ksdesk.screening.labels import NOTICES
from ksdesk.screening.lists.risk import load_mapping
from ksdesk.screening.models import WatchlistEntry
from ksdesk.sources import freshness
from ksdesk.vocab import Role, _
from ksdesk.web.deps import DB, CurrentUser, FormData, say, web_roles
from ksdesk.web.navigation import crumb, crumb_text, home_crumb
from ksdesk.web.routing import Router, attempt, refused
from ksdesk.web.templating import templates

router = Router(prefix="/watchlists")
Screener = Annotated[CurrentUser, Depends(web_roles(*service.SCREENERS))]
Admin = Annotated[CurrentUser, Depends(web_roles(Role.ADMIN))]
# A diff can list thousands of entities; the page shows this many per kind and counts the rest.
DIFF_SHOWN = 200


def _overview(request: Request, db, user, values=None, form_errors=None, status_code=200):
    return templates(request).render(request, "screening/watchlists.html", {
        "items": watchlists.list_watchlists(db), "is_admin": user.role is Role.ADMIN,
        "stale": {f.code for f in freshness.stale(db)},
        "formats": forms.LIST_FORMATS, "values": values or {}, "form_errors": form_errors or {},
        "notice": NOTICES.get(request.query_params.get("notice", "")),
        "breadcrumbs": [home_crumb(), crumb(_("Screening"), "/screening"), crumb(_("Watchlists"))],
    }, status_code=status_code)


@router.get("")
def watchlist_overview(request: Request, db: DB, user: Screener):
    return _overview(request, db, user)


@router.post("/upload")
def watchlist_upload(request: Request, db: DB, user: Admin, form: FormData):
    fmt = str(form.get("format", ""))
    try:
        with attempt(db):
            version, file_names = forms.read_list_files(fmt, form.getlist("file"))
            report = watchlists.load_version(db, user.principal, version, source_file=file_names)
    except ValidationFailed as exc:
        return refused(_overview(request, db, user, {"format": fmt}, say(request).service(exc), 422))
    if report.unchanged_file:
        return RedirectResponse(f"/screening/watchlists/{report.code}?notice=unchanged", status_code=303)
    jobs.enqueue_after_commit(db, tasks.rescreen_after_list_update, [report.code])
    return RedirectResponse(f"/screening/watchlists/{report.code}?notice=loaded", status_code=303)


def _names(db, version_id: int | None, entity_ids: list[str]) -> dict[str, str]:
    if version_id is None or not entity_ids:
        return {}
    rows = db.execute(select(WatchlistEntry.entity_id, WatchlistEntry.name)
                      .where(WatchlistEntry.version_id == version_id, WatchlistEntry.entity_id.in_(entity_ids)))
    return dict(rows.all())


def _readable(value):
    """A list of names is shown as the names themselves, not as stored records."""
    if isinstance(value, list):
        return "; ".join(str(v.get("value", v)) if isinstance(v, dict) else str(v) for v in value)
    return value


def version_diffs(db, versions) -> dict[int, dict]:
    """Per version: the added, removed and changed entities with their names, as far as shown."""
    out = {}
    for i, v in enumerate(versions):
        previous = versions[i + 1].id if i + 1 < len(versions) else None
        diff = v.diff or {}
        added, removed = diff.get("added", [])[:DIFF_SHOWN], diff.get("removed", [])[:DIFF_SHOWN]
        changed = diff.get("changed", [])[:DIFF_SHOWN]
        new_names = _names(db, v.id, added + [c["entity_id"] for c in changed])
        old_names = _names(db, previous, removed)
        out[v.id] = {
            "added": [(e, new_names.get(e, e)) for e in added],
            "removed": [(e, old_names.get(e, e)) for e in removed],
            "changed": [(c["entity_id"], new_names.get(c["entity_id"], c["entity_id"]),
                         {f: [_readable(old), _readable(new)] for f, (old, new) in c["fields"].items()})
                        for c in changed],
            "more": max(0, len(diff.get("added", [])) + len(diff.get("removed", [])) + len(diff.get("changed", []))
                        - len(added) - len(removed) - len(changed)),
        }
    return out


def _detail(request: Request, db, user, code: str, values=None, form_errors=None, status_code=200):
    watchlist, versions = watchlists.versions_of(db, code)
    current_rules = watchlist.risk_mapping
    return templates(request).render(request, "screening/watchlist_detail.html", {
        "w": watchlist, "versions": versions, "diffs": version_diffs(db, versions),
        "is_admin": user.role is Role.ADMIN, "default_rules": forms.default_mapping_text(code),
        "levels": load_mapping()["levels"],
        "values": values or {"mapping": yaml.safe_dump(current_rules, allow_unicode=True, sort_keys=False)
                             if current_rules else forms.default_mapping_text(code)},
        "form_errors": form_errors or {}, "notice": NOTICES.get(request.query_params.get("notice", "")),
        "breadcrumbs": [home_crumb(), crumb(_("Screening"), "/screening"),
                        crumb(_("Watchlists"), "/screening/watchlists"), crumb_text(watchlist.title)],
    }, status_code=status_code)


@router.get("/{code}")
def watchlist_detail(request: Request, db: DB, user: Screener, code: str):
    return _detail(request, db, user, code)


@router.post("/{code}/risk-mapping")
def watchlist_risk_mapping(request: Request, db: DB, user: Admin, code: str, form: FormData):
    text = str(form.get("mapping", ""))
    try:
        with attempt(db):
            watchlists.set_risk_mapping(db, user.principal, code, forms.parse_mapping(text))
    except ValidationFailed as exc:
        return refused(_detail(request, db, user, code, {"mapping": text}, say(request).service(exc), 422))
    return RedirectResponse(f"/screening/watchlists/{code}?notice=mapping", status_code=303)

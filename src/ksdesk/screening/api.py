"""The screening's JSON API (/api/v1): the same operations, roles and scoping as the web pages.

Hits have the shape of the command line's `ksdesk screen --json`, so a script can switch between them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, File, Form, Query, UploadFile
from fastapi.responses import Response

from ksdesk import jobs
from ksdesk.errors import NotFound
from ksdesk.registry import service as registry
from ksdesk.screening import alerts, bulk, forms, service, tasks, watchlists
from ksdesk.screening.index import DEFAULT_THRESHOLD
from ksdesk.screening.schemas import (
    AlertPageRead,
    AlertRead,
    AlertUpdate,
    JobRead,
    PartnerScreeningRead,
    ReasonRead,
    ReviewCreate,
    ReviewRead,
    ScreeningCreate,
    ScreeningRead,
    WatchlistDiffRead,
    WatchlistRead,
    WatchlistVersionRead,
)
from ksdesk.vocab import Role
from ksdesk.web.deps import DB, CurrentUser, api_roles
from ksdesk.web.routing import Router

router = Router(tags=["screening"])
Screener = Annotated[CurrentUser, Depends(api_roles(*service.SCREENERS))]
Reviewer = Annotated[CurrentUser, Depends(api_roles(*service.REVIEWERS))]
AlertReader = Annotated[CurrentUser, Depends(api_roles(Role.ADVISOR, Role.RESEARCHER))]
Advisor = Annotated[CurrentUser, Depends(api_roles(Role.ADVISOR))]


def _screen(db, user, data: ScreeningCreate) -> ScreeningRead:
    result = service.resolve_name(db, user.principal, data.name, country=data.country, threshold=data.threshold,
                                  include_suppressed=data.include_hidden)
    return ScreeningRead(**result.as_dict())


@router.get("/screen", response_model=ScreeningRead)
def screen_get(db: DB, user: Screener, name: Annotated[str, Query(min_length=1, max_length=service.MAX_QUERY)],
               country: str | None = None, threshold: Annotated[float, Query(ge=0, le=1)] = DEFAULT_THRESHOLD,
               include_hidden: bool = False):
    return _screen(db, user, ScreeningCreate(name=name, country=country, threshold=threshold, include_hidden=include_hidden))


@router.post("/screen", response_model=ScreeningRead)
def screen_post(db: DB, user: Screener, data: ScreeningCreate):
    return _screen(db, user, data)


def _review_out(r) -> ReviewRead:
    return ReviewRead(id=r.id, query=r.query, list=r.list_code, entity_id=r.entity_id, decision=r.decision,
                     reason=r.reason, by=r.reviewer_label, at=r.decided_at)


@router.post("/screen/reviews", response_model=ReviewRead, status_code=201)
def review_create(db: DB, user: Reviewer, data: ReviewCreate):
    review = service.record_review(db, user.principal, query=data.query, list_code=data.list,
                                   entity_id=data.entity_id, decision=data.decision, reason=data.reason)
    return _review_out(review)


@router.get("/screen/reviews", response_model=list[ReviewRead])
def review_list(db: DB, user: Screener, query: Annotated[str, Query(min_length=1, max_length=service.MAX_QUERY)]):
    return [_review_out(r) for r in service.reviews_for(db, user.principal, query)]


# ---------------------------------------------------------------- collaborations and alerts


@router.get("/collaborations/{collaboration_id}/screening", response_model=list[PartnerScreeningRead])
def collaboration_screening(db: DB, user: AlertReader, collaboration_id: int, include_hidden: bool = False):
    registry.get_collaboration(db, user.principal, collaboration_id)
    partners = service.screen_collaboration(db, user.principal, collaboration_id, include_suppressed=include_hidden)
    return [PartnerScreeningRead(organisation_id=p.organisation_id, name=p.partner_name, country=p.country,
                                 chosen=p.chosen.as_dict() if p.chosen else None,
                                 hits=[h.as_dict() for h in p.watchlist_hits]) for p in partners]


def _alert_out(a) -> AlertRead:
    return AlertRead(id=a.id, collaboration_id=a.collaboration_id, organisation_id=a.organisation_id,
                    partner_name=a.partner_name, list=a.list_code, entity_id=a.entity_id, listed_name=a.listed_name,
                    matched_name=a.matched_name, score=a.score, level=a.level, explanation=a.explanation,
                    reasons=None if a.reasons is None else [ReasonRead(code=c, params=p) for c, p in a.reasons],
                    status=a.status, created_at=a.created_at, resolved_at=a.resolved_at, resolved_by=a.resolved_by,
                    resolution=a.resolution, review_decision=a.review.decision if a.review else None)


@router.get("/alerts", response_model=AlertPageRead)
def alert_list(db: DB, user: AlertReader, status: Literal["open", "resolved", "all"] = "open",
               page: Annotated[int, Query(ge=1, le=100000)] = 1,
               page_size: Annotated[int, Query(ge=1, le=200)] = 50):
    items, total = alerts.list_alerts(db, user.principal, None if status == "all" else status, page, page_size)
    return AlertPageRead(total=total, page=page, page_size=page_size, items=[_alert_out(a) for a in items])


@router.post("/alerts/{alert_id}/resolve", response_model=AlertRead)
def alert_resolve(db: DB, user: Advisor, alert_id: int, data: AlertUpdate):
    return _alert_out(alerts.resolve_alert(db, user.principal, alert_id, data.resolution))


# ---------------------------------------------------------------- bulk jobs


def _job_out(job) -> JobRead:
    return JobRead(id=job.id, file_name=job.file_name, column=job.column, country=job.country, status=job.status,
                  total=job.total, done=job.done, hits=job.hits, error=job.error, created_at=job.created_at,
                  finished_at=job.finished_at, stalled=bulk.stalled(job),
                  result_url=f"/api/v1/screen/jobs/{job.id}/result" if job.status == "done" else None)


@router.post("/screen/jobs", response_model=JobRead, status_code=202)
def job_create(db: DB, user: Screener, file: Annotated[UploadFile, File(description="text (one name a line) or CSV")],
               column: Annotated[str | None, Form(description="the CSV column with the names")] = None,
               country: Annotated[str | None, Form()] = None,
               country_column: Annotated[str | None, Form(description="the CSV column with each row's country")] = None):
    file_name, data = forms.read_upload(file)
    job = bulk.create_job(db, user.principal, file_name, data, column or None, country or None,
                          country_column or None)
    jobs.enqueue_after_commit(db, tasks.run_bulk_job, job.id)
    return _job_out(job)


@router.get("/screen/jobs/{job_id}", response_model=JobRead)
def job_status(db: DB, user: Screener, job_id: int):
    return _job_out(bulk.get_job(db, user.principal, job_id))


@router.get("/screen/jobs/{job_id}/result", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})
def job_result(db: DB, user: Screener, job_id: int):
    job = bulk.get_job(db, user.principal, job_id)
    if job.status != "done" or job.result_data is None:
        raise NotFound(f"job {job_id} has no results yet; its status is {job.status}", code="job_not_done")
    return Response(job.result_data, media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="screening-{job.id}.csv"'})


# ---------------------------------------------------------------- watchlists


def _version_out(v) -> WatchlistVersionRead:
    return WatchlistVersionRead(id=v.id, version_date=v.version_date, loaded_at=v.loaded_at, loaded_by=v.loaded_by,
                      source_file=v.source_file, entries=v.entry_count, current=v.is_current, added=v.added_count,
                      removed=v.removed_count, changed=v.changed_count)


def _watchlist_out(w, v) -> WatchlistRead:
    return WatchlistRead(code=w.code, title=w.title, authority=w.authority, url=w.url, licence=w.licence,
                        risk_mapping=w.risk_mapping, current_version=_version_out(v) if v else None)


@router.get("/watchlists", response_model=list[WatchlistRead])
def watchlist_list(db: DB, user: Screener):
    return [_watchlist_out(w, v) for w, v in watchlists.list_watchlists(db)]


@router.get("/watchlists/{code}/versions", response_model=list[WatchlistVersionRead])
def watchlist_versions(db: DB, user: Screener, code: str):
    _watchlist, versions = watchlists.versions_of(db, code)
    return [_version_out(v) for v in versions]


@router.get("/watchlists/{code}/versions/{version_id}/diff", response_model=WatchlistDiffRead)
def watchlist_diff(db: DB, user: Screener, code: str, version_id: int):
    _watchlist, versions = watchlists.versions_of(db, code)
    version = next((v for v in versions if v.id == version_id), None)
    if version is None:
        raise NotFound(f"watchlist {code} has no version {version_id}", code="watchlist_version_not_found")
    diff = version.diff or {}
    return WatchlistDiffRead(version=_version_out(version), added=diff.get("added", []), removed=diff.get("removed", []),
                   changed=diff.get("changed", []))

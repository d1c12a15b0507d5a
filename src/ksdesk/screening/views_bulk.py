"""Bulk screening from the web: upload a file, follow the job, download the results."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response

from ksdesk import jobs
from ksdesk.country_names import options_in
from ksdesk.errors import NotFound, ValidationFailed
from ksdesk.screening import bulk, forms, service, tasks
from ksdesk.screening.labels import JOB_STATUS_LABELS, LEVEL_LABELS, list_titles
from ksdesk.settings import get_settings
from ksdesk.vocab import _
from ksdesk.web.deps import DB, CurrentUser, FormData, language, say, web_roles
from ksdesk.web.navigation import crumb, home_crumb
from ksdesk.web.routing import Router, attempt, refused
from ksdesk.web.templating import templates

router = Router(prefix="/bulk")
Screener = Annotated[CurrentUser, Depends(web_roles(*service.SCREENERS))]
# Seconds between refreshes of a running job's page; a person can switch it off (WCAG 2.2.1).
REFRESH_SECONDS = 5


def _form(request: Request, db, user, values=None, form_errors=None, status_code=200):
    return templates(request).render(request, "screening/bulk.html", {
        "values": values or {}, "form_errors": form_errors or {}, "jobs": bulk.list_jobs(db, user.principal),
        "countries": options_in(language(request)), "JOB_STATUS_LABELS": JOB_STATUS_LABELS,
        "breadcrumbs": [home_crumb(), crumb(_("Screening"), "/screening"), crumb(_("Bulk screening"))],
    }, status_code=status_code)


@router.get("")
def bulk_form(request: Request, db: DB, user: Screener):
    return _form(request, db, user)


@router.post("")
def bulk_upload(request: Request, db: DB, user: Screener, form: FormData):
    values = {key: str(form.get(key, "")).strip() for key in ("column", "country", "country_column")}
    try:
        with attempt(db):
            file_name, data = forms.read_upload(form.get("file"))
            job = bulk.create_job(db, user.principal, file_name, data, values["column"] or None,
                                  values["country"] or None, values["country_column"] or None)
    except ValidationFailed as exc:
        return refused(_form(request, db, user, values, say(request).service(exc), status_code=422))
    jobs.enqueue_after_commit(db, tasks.run_bulk_job, job.id)
    return RedirectResponse(f"/screening/bulk/{job.id}", status_code=303)


@router.get("/{job_id}")
def bulk_job(request: Request, db: DB, user: Screener, job_id: int, auto: str = "1"):
    job = bulk.get_job(db, user.principal, job_id)
    running = job.status in ("queued", "running")
    refresh = running and auto != "0"
    shown, with_hits, without_hits = bulk.results_on_page(job) if job.status == "done" else ([], 0, 0)
    response = templates(request).render(request, "screening/bulk_job.html", {
        "job": job, "running": running, "refresh": refresh, "refresh_seconds": REFRESH_SECONDS,
        "results": shown, "with_hits": with_hits, "without_hits": without_hits,
        "list_titles": list_titles(db) if shown else {}, "LEVEL_LABELS": LEVEL_LABELS,
        "stalled": bulk.stalled(job), "stalled_minutes": get_settings().stalled_after_minutes,
        "JOB_STATUS_LABELS": JOB_STATUS_LABELS,
        "breadcrumbs": [home_crumb(), crumb(_("Screening"), "/screening"),
                        crumb(_("Bulk screening"), "/screening/bulk"), crumb(_("Job"))],
    })
    if refresh:
        # A header, not a script: the page stays usable without JavaScript and under the CSP.
        response.headers["Refresh"] = str(REFRESH_SECONDS)
    return response


@router.get("/{job_id}/results.csv")
def bulk_results(db: DB, user: Screener, job_id: int):
    job = bulk.get_job(db, user.principal, job_id)
    if job.status != "done" or job.result_data is None:
        raise NotFound("the results are not ready yet", code="job_not_done")
    stem = job.file_name.rsplit(".", 1)[0] or "screening"
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in stem)[:80]
    return Response(job.result_data, media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{safe}-screening.csv"'})

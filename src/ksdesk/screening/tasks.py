"""Background jobs of the screening: re-screening after a list update and bulk files."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from ksdesk.db import utcnow
from ksdesk.jobs import huey, session_factory
from ksdesk.queue_library import crontab
from ksdesk.screening import bulk, cache, owed, shipped

log = logging.getLogger(__name__)


@huey.task(retries=3, retry_delay=30)
def rescreen_after_list_update(list_codes: list[str] | None) -> int:
    # As after a load from the command line: new entries are tied to the registry first.
    _linked, raised = shipped.rescreen_committed(session_factory(), set(list_codes) if list_codes else None)
    return raised


# How long a re-screening owed is left to the process that applied the update (it builds the
# index first, which takes a while) before the worker takes it on.
PICKUP_AFTER = timedelta(minutes=5)


@huey.periodic_task(crontab(minute="*/10"))
def rescreen_owed() -> int:
    """Re-screens for the updates whose own re-screening never ended (the process was killed or
    failed after the update's commit); alerts already raised are not raised again."""
    factory = session_factory()
    with factory() as session:
        ids, _lists = owed.owed(session, before=utcnow() - PICKUP_AFTER)
    if not ids:
        return 0
    log.warning("re-screening for %d update(s) whose re-screening did not finish", len(ids))
    # No lists of its own: link_and_rescreen takes those of every re-screening owed.
    _linked, raised = shipped.rescreen_committed(factory, set())
    return raised


def rescreen_now_or_later(factory: sessionmaker[Session], list_codes: set[str] | None) -> tuple[int, int] | None:
    """Re-screens after a version that is already committed (see shipped.rescreen_committed);
    (entries linked, alerts raised), or None when it failed and the worker's job was queued to do
    it, for a version loaded again is unchanged and would not be re-screened."""
    try:
        return shipped.rescreen_committed(factory, list_codes)
    except Exception:
        log.exception("the re-screening after a list or registry update failed; queued for the worker")
        rescreen_after_list_update(sorted(list_codes) if list_codes is not None else None)
        return None


@huey.periodic_task(crontab(minute="*"))
def prepare_index() -> bool:
    """Builds the screening index for the data as they are now, when no process has yet: after an
    organisation is edited on the web, or the registry or a list changed by hand, the next
    screening then finds the file ready instead of building it (some 20 s at the shipped size)
    inside a request. A state whose file exists costs one row read and a look at the folder.
    True when the file was missing."""
    with session_factory()() as session:
        return cache.ensure_index_file(session)


@huey.task(retries=1, retry_delay=10)
def run_bulk_job(job_id: int) -> None:
    bulk.run_job(session_factory(), job_id)

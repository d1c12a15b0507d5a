"""Background jobs of the screening: re-screening after a list update and bulk files."""

from __future__ import annotations

from ksdesk.db import transaction
from ksdesk.jobs import huey, session_factory
from ksdesk.screening import alerts, bulk, cache, watchlists


@huey.task(retries=3, retry_delay=30)
def rescreen_after_list_update(list_codes: list[str] | None) -> int:
    factory = session_factory()
    with factory() as session:
        # Building the index of a changed registry takes many seconds: it is built while only
        # reading, so that the write transaction below finds it ready and holds the lock briefly.
        cache.get_index(session)
    with transaction(factory) as session:
        # As after a load from the command line: new entries are tied to the registry first.
        watchlists.link_current_entries(session, cache.get_index(session))
        return alerts.rescreen_active_collaborations(session, set(list_codes) if list_codes else None)


@huey.task(retries=1, retry_delay=10)
def run_bulk_job(job_id: int) -> None:
    bulk.run_job(session_factory(), job_id)

"""Background jobs of the screening: re-screening after a list update and bulk files."""

from __future__ import annotations

from ksdesk.jobs import huey, session_factory
from ksdesk.screening import bulk, shipped


@huey.task(retries=3, retry_delay=30)
def rescreen_after_list_update(list_codes: list[str] | None) -> int:
    # As after a load from the command line: new entries are tied to the registry first.
    _linked, raised = shipped.rescreen_committed(session_factory(), set(list_codes) if list_codes else None)
    return raised


@huey.task(retries=1, retry_delay=10)
def run_bulk_job(job_id: int) -> None:
    bulk.run_job(session_factory(), job_id)

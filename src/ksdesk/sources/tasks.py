"""The periodic job that keeps the official sources current."""

from __future__ import annotations

import logging

from huey import crontab

from ksdesk.accounts.principal import SYSTEM
from ksdesk.db import transaction
from ksdesk.jobs import huey, session_factory
from ksdesk.sources import service

log = logging.getLogger(__name__)


# Every hour, a few minutes past; each source is fetched only when it is due (service.due), so
# the publishers are asked once a day (once a week for the monthly ones) and a run that failed
# is retried the next day rather than every hour.
@huey.periodic_task(crontab(minute="23"))
def update_due_sources() -> list[dict]:
    factory = session_factory()
    with transaction(factory) as session:
        codes = service.due(session)
    if not codes:
        return []
    reports = service.run_updates(factory, SYSTEM, codes)
    for r in reports:
        if r.status in ("refused", "held"):
            log.warning("source %s: %s (%s)", r.code, r.status, r.reason)
    return [r.as_dict() for r in reports]

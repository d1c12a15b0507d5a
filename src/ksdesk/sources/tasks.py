"""The periodic job that keeps the official sources current."""

from __future__ import annotations

import logging

from ksdesk.accounts.models import User
from ksdesk.accounts.principal import SYSTEM, Principal
from ksdesk.db import transaction
from ksdesk.jobs import huey, session_factory
from ksdesk.queue_library import crontab
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


@huey.task()
def apply_held_source(code: str, user_id: int) -> dict:
    """A held registry version an administrator approved on the web, applied in short parts (a
    hundred thousand records in the request's transaction would hold the write lock for minutes)."""
    factory = session_factory()
    with factory() as session:
        user = session.get(User, user_id)
        actor = Principal.for_user(user) if user is not None and user.active else None
    if actor is None:
        log.warning("source %s: the administrator who approved the held version is no longer active", code)
        return {}
    return service.apply_held_committed(factory, actor, code).as_dict()

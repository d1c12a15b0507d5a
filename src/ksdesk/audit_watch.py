"""The audit log's chain is checked every night; a break is logged and told to the administrators.

The check is `ksdesk audit verify` run by the worker: it recomputes every link from the first
row, and compares the end with the anchor the previous check left (see audit_chain). While the
log is whole the anchor moves on; once it is broken it stays where it was, so every later check
reports the same break until someone has looked into it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ksdesk import audit_chain, jobs
from ksdesk.accounts.models import User
from ksdesk.db import transaction
from ksdesk.notifications import service as notifications
from ksdesk.notifications.kinds import Kind
from ksdesk.queue_library import crontab
from ksdesk.vocab import Role

log = logging.getLogger(__name__)
huey = jobs.huey


def check(factory: sessionmaker[Session], anchor: Path) -> audit_chain.Verdict:
    with factory() as session:
        verdict = audit_chain.verify(session, audit_chain.read_anchor(anchor))
    if verdict.broken is None:
        audit_chain.write_anchor(anchor, verdict)
        return verdict
    log.error("the audit log is broken at event %d: %s", verdict.broken.event_id, verdict.broken.why)
    with transaction(factory) as session:
        admins = session.scalars(select(User).where(User.role == Role.ADMIN.value, User.active.is_(True)))
        notifications.notify(session, Kind.AUDIT_BROKEN, list(admins), link="/admin",
                             event=str(verdict.broken.event_id))
    return verdict


@huey.periodic_task(crontab(hour="3", minute="40"))
def verify_audit_log() -> bool:
    return check(jobs.session_factory(), audit_chain.default_anchor()).whole

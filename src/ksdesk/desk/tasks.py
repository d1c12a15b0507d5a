"""The desk's background jobs. A consumer must import this module to know them:
``huey_consumer ksdesk.desk.tasks.huey`` (the same huey instance as ksdesk.jobs.huey)."""

from __future__ import annotations

from huey import crontab

from ksdesk import jobs
from ksdesk.db import transaction
from ksdesk.desk import mail, ratelimit

huey = jobs.huey


@huey.task(retries=6, retry_delay=120, retry_backoff=2)
def send_outbox_mail(outbox_id: int) -> bool:
    # Retries back off 2, 4, 8 ... minutes: an SMTP server that is down for a while is not hammered.
    return mail.deliver(jobs.session_factory(), outbox_id)


@huey.periodic_task(crontab(minute="*/10"))
def requeue_stale_mail() -> int:
    return mail.requeue_stale(jobs.session_factory())


@huey.periodic_task(crontab(minute="*/10"))
def prune_rate_limits() -> int:
    # Hashed client addresses are kept no longer than the limit needs them: at most two hours.
    with transaction(jobs.session_factory()) as session:
        return ratelimit.prune(session)

"""The desk's periodic background jobs (sending one e-mail is mail.send_outbox_mail); the worker
(ksdesk.worker) lists them all."""

from __future__ import annotations

from ksdesk import jobs
from ksdesk.accounts import throttle
from ksdesk.db import transaction
from ksdesk.desk import mail, ratelimit, reminders, retention
from ksdesk.queue_library import crontab

huey = jobs.huey


@huey.periodic_task(crontab(minute="*/10"))
def requeue_stale_mail() -> int:
    return mail.requeue_stale(jobs.session_factory())


@huey.periodic_task(crontab(minute="*/10"))
def prune_rate_limits() -> int:
    # Hashed client addresses are kept no longer than the limit needs them: at most two hours.
    with transaction(jobs.session_factory()) as session:
        return ratelimit.prune(session)


@huey.periodic_task(crontab(hour="3", minute="5"))
def prune_sign_in_attempts() -> int:
    # Who tried to sign in from where is kept for an administrator for 30 days, then deleted.
    with transaction(jobs.session_factory()) as session:
        return throttle.prune(session)


@huey.periodic_task(crontab(minute="*/15"))
def send_reminders() -> dict[str, int]:
    # Due tomorrow, overdue, a ministry's advice due or late: each told once per deadline.
    with transaction(jobs.session_factory()) as session:
        return reminders.sweep(session).sent


@huey.periodic_task(crontab(hour="3", minute="15"))
def erase_expired_personal_data() -> dict[str, int]:
    # Once a night: personal data of questions closed longer ago than the retention term.
    with transaction(jobs.session_factory()) as session:
        return retention.sweep(session)

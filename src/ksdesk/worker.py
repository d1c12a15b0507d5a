"""The job worker's entry point: the queue and every job it runs.

Run it with `ksdesk worker`, or `huey_consumer ksdesk.worker.huey -w 2` on any machine that
reaches the database and the queue. A job is known to the worker when its module is imported;
JOBS names each one, so the list of what runs in the background is here to read.
"""

from ksdesk import audit_watch
from ksdesk.desk import mail
from ksdesk.desk import tasks as desk_tasks
from ksdesk.jobs import huey
from ksdesk.screening import tasks as screening_tasks
from ksdesk.sources import tasks as sources_tasks

JOBS = (
    mail.send_outbox_mail,
    desk_tasks.requeue_stale_mail,
    desk_tasks.prune_rate_limits,
    desk_tasks.prune_sign_in_attempts,
    desk_tasks.send_reminders,
    desk_tasks.erase_expired_personal_data,
    screening_tasks.rescreen_after_list_update,
    screening_tasks.rescreen_owed,
    screening_tasks.prepare_index,
    screening_tasks.run_bulk_job,
    sources_tasks.update_due_sources,
    sources_tasks.apply_held_source,
    audit_watch.verify_audit_log,
)

__all__ = ["JOBS", "huey"]

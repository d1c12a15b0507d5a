"""The job worker's entry point: importing it registers every background job with the queue.

Run it with `ksdesk worker`, or `huey_consumer ksdesk.worker.huey -w 2` on any machine that
reaches the database and the queue.
"""

from ksdesk import models  # noqa: F401  (every mapper known before a job queries)
from ksdesk.desk import tasks as desk_tasks  # noqa: F401
from ksdesk.jobs import huey
from ksdesk.screening import tasks as screening_tasks  # noqa: F401

__all__ = ["huey"]

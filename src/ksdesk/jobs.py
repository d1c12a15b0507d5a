"""The background job queue (huey): bulk screening, re-screening after a list update, e-mail.

The default keeps jobs in an SQLite file, so a laptop install needs no extra server; point
KSDESK_QUEUE_URL at Redis and start `ksdesk worker` (or `huey_consumer ksdesk.worker.huey`) on as many machines as the
load needs. Jobs are enqueued only after the transaction that asked for them has committed, so
a worker never sees a job for work that was rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from huey import Huey, RedisHuey, SqliteHuey
from sqlalchemy.orm import Session, sessionmaker

from ksdesk.after_commit import call_after_commit
from ksdesk.settings import get_settings


def _make_huey() -> Huey:
    settings = get_settings()
    url = settings.queue_url
    if url.startswith("redis://") or url.startswith("rediss://"):
        return RedisHuey("ksdesk", url=url, immediate=settings.queue_immediate)
    parsed = urlparse(url)
    if parsed.scheme != "sqlite":
        raise ValueError(f"KSDESK_QUEUE_URL must be sqlite:///path or redis://..., not {url!r}")
    path = Path(parsed.path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("ksdesk", filename=str(path), immediate=settings.queue_immediate)


huey = _make_huey()


_session_factory: sessionmaker[Session] | None = None


def session_factory() -> sessionmaker[Session]:
    """The sessionmaker jobs write with: the configured database, or the one the app was built with."""
    global _session_factory
    if _session_factory is None:
        from ksdesk.db import make_engine
        from ksdesk.wiring import install

        _session_factory = install(make_engine(get_settings().database_url))
    return _session_factory


def use_session_factory(factory: sessionmaker[Session] | None) -> None:
    """Lets the web app (and the tests) hand their own sessionmaker to jobs run in-process."""
    global _session_factory
    _session_factory = factory


def enqueue_after_commit(session: Session, task: Callable[..., object], *args: object, **kwargs: object) -> None:
    """Queues a job once the session's transaction commits, and never if it rolls back."""
    call_after_commit(session, lambda: task(*args, **kwargs))

"""The background job queue (huey): bulk screening, re-screening after a list update, e-mail.

The default keeps jobs in an SQLite file beside the database (queue_url_for), so a laptop install
needs no extra server and two installations on one machine never take each other's jobs; point
KSDESK_QUEUE_URL at Redis and start `ksdesk worker` (or `huey_consumer ksdesk.worker.huey`) on as many machines as the
load needs. Jobs are enqueued only after the transaction that asked for them has committed, so
a worker never sees a job for work that was rolled back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from ksdesk.after_commit import call_after_commit
from ksdesk.db import utcnow
from ksdesk.queue_library import RedisHuey, SqliteHuey, with_redis
from ksdesk.settings import REPO_ROOT, Settings, get_settings

if TYPE_CHECKING:
    from huey import Huey


def database_digest(database_url: str) -> str:
    """Names the database without its password: the same database always, another one never."""
    rendered = make_url(database_url).render_as_string(hide_password=True)
    return hashlib.sha256(rendered.encode()).hexdigest()[:12]


def queue_url_for(database_url: str, queue_url: str = "") -> str:
    """Where the jobs of this database are queued: ``queue_url`` when set; else an SQLite file beside
    an SQLite database, or one in var/ named after a database server's URL. Never one file for
    every database on the machine: a second installation's worker would take the first one's jobs."""
    if queue_url:
        return queue_url
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        database = Path(url.database)
        return f"sqlite:///{database.with_name(database.name + '.queue')}"
    return f"sqlite:///{REPO_ROOT / 'var' / f'queue-{database_digest(database_url)}.sqlite3'}"


def make_huey(settings: Settings) -> Huey:
    url = queue_url_for(settings.database_url, settings.queue_url)
    # The name keeps apart the jobs of databases that share one Redis (or one queue file).
    name = f"ksdesk-{database_digest(settings.database_url)}"
    if url.startswith("redis://") or url.startswith("rediss://"):
        with_redis()
        return RedisHuey(name, url=url, immediate=settings.queue_immediate)
    if urlparse(url).scheme != "sqlite" or not make_url(url).database:
        raise ValueError(f"KSDESK_QUEUE_URL must be sqlite:///path or redis://..., not {url!r}")
    path = Path(str(make_url(url).database))
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(path), immediate=settings.queue_immediate)


huey = make_huey(get_settings())


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


def waited_too_long(asked_at: datetime, now: datetime | None = None) -> bool:
    """Whether work asked for at ``asked_at`` should have been started by a worker by now
    (KSDESK_STALLED_AFTER_MINUTES): if not, whoever asked for it is told that none seems to run."""
    return (now or utcnow()) - asked_at > timedelta(minutes=get_settings().stalled_after_minutes)


def enqueue_after_commit(session: Session, task: Callable[..., object], *args: object, **kwargs: object) -> None:
    """Queues a job once the session's transaction commits, and never if it rolls back."""
    call_after_commit(session, lambda: task(*args, **kwargs))

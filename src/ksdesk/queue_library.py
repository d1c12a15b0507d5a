"""huey, the job queue's library, as the application imports it: without the client of a queue
server this installation does not use.

huey's storage module imports redis (which brings opentelemetry along) and psycopg whenever they
are installed, some 15 MB of private memory in every web, worker and CLI process. An installation
whose queue is an SQLite file (the default) uses neither of them for its queue, so huey is
imported here without them; where KSDESK_QUEUE_URL names Redis it is imported as it comes. A
PostgreSQL database still gets psycopg: SQLAlchemy imports it for the engine, not through huey.

Every module of the application takes huey's names from here, so that this is where huey is
first imported.
"""

from __future__ import annotations

import sys
from types import ModuleType

from ksdesk.settings import get_settings

_REDIS_SCHEMES = ("redis://", "rediss://")


def _import_huey() -> ModuleType:
    """huey, imported without redis and psycopg unless the configured queue is Redis (or huey was
    imported before, as `huey_consumer` does)."""
    absent = () if get_settings().queue_url.startswith(_REDIS_SCHEMES) else ("redis", "psycopg")
    # A None in sys.modules makes `import name` fail as if it were not installed, which huey's
    # storage module allows for (it then leaves its Redis and PostgreSQL storages unusable).
    hidden = [name for name in absent if name not in sys.modules and "huey" not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import huey
        import huey.consumer
    finally:
        for name in hidden:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]
    return huey


def with_redis() -> None:
    """Gives huey's Redis storage the client it went without when huey was imported for an SQLite
    queue: a process configured for SQLite that is asked to make a Redis queue after all."""
    from huey import storage

    if storage.Redis is not None:
        return
    import redis
    from redis.exceptions import ConnectionError, TimeoutError

    storage.ConnectionPool, storage.Redis = redis.ConnectionPool, redis.Redis
    storage.ConnectionError, storage.TimeoutError = ConnectionError, TimeoutError
    storage.RedisStorage.redis_client = redis.Redis


_huey = _import_huey()
CancelExecution = _huey.CancelExecution
Consumer = _huey.consumer.Consumer
RedisHuey = _huey.RedisHuey
SqliteHuey = _huey.SqliteHuey
crontab = _huey.crontab

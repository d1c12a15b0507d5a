"""The job queue sits with its database: two installations on one machine never take each other's jobs."""

from pathlib import Path

from huey import RedisHuey, SqliteHuey

from ksdesk import jobs
from ksdesk.settings import REPO_ROOT, Settings


def test_an_sqlite_database_keeps_its_queue_beside_its_file(tmp_path):
    first = jobs.queue_url_for(f"sqlite:///{tmp_path / 'one' / 'ksdesk.sqlite3'}")
    second = jobs.queue_url_for(f"sqlite:///{tmp_path / 'two' / 'ksdesk.sqlite3'}")
    assert first == f"sqlite:///{tmp_path / 'one' / 'ksdesk.sqlite3.queue'}"
    assert first != second


def test_a_database_server_gets_a_queue_of_its_own_whatever_the_password():
    one = jobs.queue_url_for("postgresql+psycopg://desk:secret@db.example/ksdesk_a")
    same = jobs.queue_url_for("postgresql+psycopg://desk:changed@db.example/ksdesk_a")
    other = jobs.queue_url_for("postgresql+psycopg://desk:secret@db.example/ksdesk_b")
    assert one == same != other
    assert Path(one.removeprefix("sqlite:///")).parent == REPO_ROOT / "var"
    assert "secret" not in one


def test_a_queue_named_in_the_settings_is_used_and_named_after_the_database(tmp_path):
    queue = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    assert jobs.queue_url_for("sqlite:///x.sqlite3", queue) == queue
    a = jobs.make_huey(Settings(database_url=f"sqlite:///{tmp_path / 'a.sqlite3'}", queue_url=queue))
    b = jobs.make_huey(Settings(database_url=f"sqlite:///{tmp_path / 'b.sqlite3'}", queue_url=queue))
    assert isinstance(a, SqliteHuey) and a.storage.filename == str(tmp_path / "shared.sqlite3")
    assert a.name != b.name  # one file, two queues: a worker takes only its own database's jobs
    redis = jobs.make_huey(Settings(database_url="postgresql+psycopg://db.example/k", queue_url="redis://r:6379/0"))
    assert isinstance(redis, RedisHuey) and redis.name == f"ksdesk-{jobs.database_digest('postgresql+psycopg://db.example/k')}"


def test_by_default_the_queue_file_lies_beside_the_database(tmp_path):
    huey = jobs.make_huey(Settings(database_url=f"sqlite:///{tmp_path / 'desk.sqlite3'}", queue_url=""))
    assert huey.storage.filename == str(tmp_path / "desk.sqlite3.queue")

"""Alembic environment: the URL comes from the caller's config or from KSDESK_DATABASE_URL."""

from alembic import context

from ksdesk import models
from ksdesk.db import make_engine
from ksdesk.settings import get_settings

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as connection:
        _run(connection)
        connection.commit()
    engine.dispose()


def _include_name(name, type_, parent_names) -> bool:
    # Full-text search tables and the screening source state are created by hand in their
    # migrations; autogenerate must leave them be.
    return not (type_ == "table" and name and name.startswith(("desk_search_fts", "screening_source_state")))


def _run(connection) -> None:
    context.configure(
        connection=connection,
        include_name=_include_name,
        target_metadata=models.metadata(),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `ksdesk init`")
run_migrations_online()

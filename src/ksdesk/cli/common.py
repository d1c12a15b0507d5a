"""What every command shares: consoles, failing with a message and an exit code, the database."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from sqlalchemy.orm import Session, sessionmaker

from ksdesk.errors import KsdeskError

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def session_factory() -> sessionmaker[Session]:
    from ksdesk.db import make_engine
    from ksdesk.settings import get_settings
    from ksdesk.wiring import install

    return install(make_engine(get_settings().database_url))


def migrate(factory) -> None:
    from ksdesk import schema
    from ksdesk.db import transaction
    from ksdesk.registry.countries import sync_country_profiles

    schema.upgrade(factory.kw["bind"])
    with transaction(factory) as session:
        sync_country_profiles(session)


def describe(exc: KsdeskError) -> str:
    if exc.field_errors:
        return exc.message + ": " + "; ".join(f"{k}: {v.message}" for k, v in exc.field_errors.items())
    return exc.message


def safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)

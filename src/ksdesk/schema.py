"""Bringing a database to the current schema with the Alembic migrations."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from ksdesk.settings import REPO_ROOT


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")

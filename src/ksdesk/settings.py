"""Configuration from the environment, read once and validated."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KSDESK_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{REPO_ROOT / 'var' / 'ksdesk.sqlite3'}",
        description="SQLAlchemy URL; SQLite file by default, e.g. postgresql+psycopg://postgres@127.0.0.1/ksdesk",
    )
    secret_key: str = Field(
        default="",
        description="Signs CSRF tokens; generated into var/secret_key when empty.",
    )
    cookie_secure: bool = Field(
        default=True,
        description="Mark cookies Secure. Browsers accept Secure cookies on http://127.0.0.1 and localhost.",
    )
    session_hours: int = Field(default=8, ge=1, le=24 * 14, description="How long a sign-in lasts.")
    assets_dir: Path = Field(
        default=REPO_ROOT / "node_modules",
        description="Where the NL Design System stylesheets were installed by npm.",
    )
    data_dir: Path = Field(
        default=REPO_ROOT / "data",
        description="The registry, watchlists, catalogues and indicators the loaders read (e.g. a newer download).",
    )
    index_dir: Path = Field(
        default=REPO_ROOT / "var" / "index",
        description="Where built screening indexes are kept between runs.",
    )
    sources_dir: Path = Field(
        default=REPO_ROOT / "var" / "sources",
        description="Where downloads of the official sources are kept, one folder per version.",
    )
    sources_mirror: str = Field(
        default="", description="Fetch every official source from this mirror (<mirror>/<code>/<file>) instead.",
    )
    sources_catalogue: Path | None = Field(
        default=None, description="A YAML file that changes or adds sources to the shipped catalogue.",
    )
    queue_url: str = Field(
        default="",
        description="Job queue: an SQLite file (one machine) or redis://host:port/db (workers on many machines). "
        "Empty: an SQLite file beside the database's own (<database file>.queue), or var/queue-<digest of the "
        "database URL>.sqlite3 for a database server, so that two installations never share jobs.",
    )
    stalled_after_minutes: int = Field(
        default=15, ge=1, le=24 * 60,
        description="A background job that has not started this many minutes after it was asked for shows as stalled.",
    )
    rate_limit_url: str = Field(
        default="memory://",
        description="Where request rate limits are counted: memory:// (one process) or redis://host:port/db "
        "(every process and machine that serves the app shares the counts).",
    )
    queue_immediate: bool = Field(
        default=False, description="Run jobs in the calling process at once (tests, one-off scripts)."
    )
    smtp_host: str = Field(default="127.0.0.1", description="The SMTP server e-mail is sent through.")
    smtp_port: int = Field(default=25, ge=1, le=65535, description="Its port.")
    smtp_username: str = Field(default="", description="Sign in to the SMTP server as this user (none when empty).")
    smtp_password: str = Field(default="", description="With this password.")
    smtp_starttls: bool = Field(default=False, description="Switch the SMTP connection to TLS (STARTTLS).")
    mail_from: str = Field(
        default="Loket Kennisveiligheid <loket@kennisveiligheid.example>", description="The sender of every e-mail."
    )
    public_base_url: str = Field(default="http://127.0.0.1:8000", description="Used in links in e-mails.")
    default_language: str = Field(default="nl", pattern="^(nl|en)$", description="Language before a visitor chooses one.")
    page_size: int = Field(default=25, ge=1, le=500, description="Items per page in the web app's lists.")
    db_concurrency: int = Field(
        default=2, ge=1, le=30,
        description="Requests of one app process that work with the database at once; the others wait their turn.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def secret_key() -> str:
    """The configured secret, or one generated once and kept beside the SQLite file.

    Keeping it on disk means sessions and CSRF tokens survive a restart without the
    operator having to invent a secret for a laptop install.
    """
    settings = get_settings()
    if settings.secret_key:
        return settings.secret_key
    path = REPO_ROOT / "var" / "secret_key"
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()

"""The `ksdesk` command line: administration, imports and exports, screening and the desk.

Every command works on the database named by KSDESK_DATABASE_URL (an SQLite file by default)
and calls services; none of them touches SQL itself.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from ksdesk.cli import assess, audit, desk, portfolio, registry, screening, sources, users
from ksdesk.cli.common import err, fail, migrate, out, safe_url, session_factory

app = typer.Typer(help="Knowledge Security Desk", no_args_is_help=True, pretty_exceptions_enable=False)
app.add_typer(users.app, name="users")
app.add_typer(audit.app, name="audit")
app.add_typer(desk.app, name="desk")
app.command("mail-in")(desk.mail_in)
app.add_typer(screening.lists_app, name="lists")
app.add_typer(screening.registry_app, name="registry")
app.add_typer(portfolio.app, name="report")
app.add_typer(sources.app, name="sources")
app.command("import")(registry.import_)
app.command("export")(registry.export)
app.command("screen")(screening.screen)
app.command("assess")(assess.assess)


def main() -> None:
    """The `ksdesk` command. A database that no `ksdesk init` brought to this version's schema is
    said to be so, with exit code 2, rather than shown as a driver's traceback."""
    try:
        app()
    except Exception as exc:
        if not _schema_missing(exc):
            raise
        from ksdesk.settings import get_settings

        err.print(f"[bold red]error:[/] the database {safe_url(get_settings().database_url)} does not have this "
                  "version's tables yet: run `ksdesk init` first", highlight=False)
        raise SystemExit(2) from None


# SQLite says so in words; PostgreSQL by the SQLSTATE of an undefined table or column.
_MISSING_WORDS = ("no such table", "no such column")
_MISSING_STATES = ("42P01", "42703")


def _schema_missing(exc: Exception) -> bool:
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return state in _MISSING_STATES or any(words in str(exc.orig) for words in _MISSING_WORDS)


@app.command()
def init() -> None:
    """Create the database or bring it to the latest schema."""
    from ksdesk.settings import get_settings

    migrate(session_factory())
    out.print(f"database ready: {safe_url(get_settings().database_url)}", highlight=False)


@app.command()
def demo(
    without_registry: bool = typer.Option(
        False, "--without-registry", help="Skip the 51,000 registry organisations and the watchlists"),
    without_year: bool = typer.Option(
        False, "--without-year", help="Skip the generated year of use (several hundred collaborations and the "
                                      "desk's questions)"),
) -> None:
    """Load the demo data: the registry, every shipped watchlist, institutions, users for every role,
    the collaborations of the source documents and a generated year of use (the same every time).
    Running it again adds nothing."""
    from ksdesk.db import transaction
    from ksdesk.demo.load import demo_data, load_demo
    from ksdesk.screening import shipped

    factory = session_factory()
    migrate(factory)
    if not without_registry:
        with transaction(factory) as session:
            reg = screening.import_shipped_registry(session)
            out.print(f"registry: {reg.added} organisations added")
            loaded = shipped.load_lists(session)
            out.print(f"watchlists: {sum(1 for r in loaded if not r.unchanged_file)} new version(s), "
                      f"{sum(r.entries for r in loaded)} entries in {len(loaded)} lists")
    with transaction(factory) as session:
        report = load_demo(session)
    out.print(
        f"demo data: {report.organisations} organisations, {report.institutions} institutions, "
        f"{report.users} users and {report.collaborations} collaborations added"
    )
    early = None
    if not without_year:
        from ksdesk.demo.year import load_year_institutions

        with transaction(factory) as session:
            early = load_year_institutions(session, demo_data()["password"])
    if not without_registry:
        # After the commit, without the write lock the desk's writes would wait for.
        err.print("building the screening index (once per data state; later starts load it from var/index)")
        linked, raised = shipped.rescreen_committed(factory)
        out.print(f"screening: {linked} list entries linked to the registry, {raised} new alert(s)")
    elif not without_year:
        from ksdesk.screening import cache

        with factory() as session:  # as above: built after the commits, found by the year's screenings
            cache.get_index(session)
    if not without_year:
        from ksdesk.demo.year import load_demo_year

        # After the screening index exists: the year's assessments screen their partners.
        with transaction(factory) as session:
            year = load_demo_year(session, demo_data()["password"])
        if early is not None:
            year.institutions, year.users = year.institutions + early.institutions, year.users + early.users
        out.print(f"demo year: {year.institutions} institutions, {year.users} users, "
                  f"{year.collaborations} collaborations and {year.questions} questions added")
        report.logins += [login for login in year.logins if login not in report.logins]
    table = Table(title="Demo logins")
    for column in ("role", "e-mail", "password"):
        table.add_column(column)
    for role, email, password in report.logins:
        table.add_row(role, email, password)
    out.print(table)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on"),
    port: int = typer.Option(8000, help="Port to listen on"),
    workers: int = typer.Option(1, min=1, help="Worker processes"),
    trusted_proxies: str = typer.Option(
        "", help="Comma-separated addresses of the reverse proxies in front of the app. Their "
                 "X-Forwarded-For header is believed, so that the contact form's rate limit counts "
                 "each visitor's address rather than the proxy's."),
) -> None:
    """Start the web app and the JSON API."""
    import uvicorn

    # Without trusted proxies the header is ignored: anyone could send one and so dodge the limit.
    uvicorn.run("ksdesk.app.server:app_for_serving", factory=True, host=host, port=port, workers=workers,
                proxy_headers=bool(trusted_proxies), forwarded_allow_ips=trusted_proxies or None,
                log_level="info")


@app.command()
def worker(workers: int = typer.Option(2, min=1, help="Worker threads in this process")) -> None:
    """Run the background jobs (e-mail, re-screening, bulk screening) from the queue."""
    from ksdesk.queue_library import Consumer
    from ksdesk.worker import huey

    Consumer(huey, workers=workers, worker_type="thread").run()


@app.command("backup")
def backup_(
    file: Path = typer.Argument(..., help="Where to write the backup (.jsonl.gz), or the backup to check with --verify"),
    verify: bool = typer.Option(False, "--verify", help="Check a backup against its manifest instead of writing one"),
) -> None:
    """Write a consistent backup of every table (works on SQLite and PostgreSQL), or check one."""
    from ksdesk import backup
    from ksdesk.errors import KsdeskError

    try:
        if verify:
            report = backup.verify(file)
            out.print(f"backup whole: schema {report.revision}, {sum(report.rows.values())} rows in "
                      f"{len(report.rows)} tables, matching its manifest", highlight=False)
            return
        report = backup.backup(session_factory().kw["bind"], file,
                               progress=lambda table, n: err.print(f"{table}: {n} rows", highlight=False))
    except KsdeskError as exc:
        fail(exc.message, 2)
    out.print(f"backup of schema {report.revision}: {sum(report.rows.values())} rows in "
              f"{len(report.rows)} tables written to {file} (sha256 {report.sha256})", highlight=False)


@app.command("restore")
def restore_(file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A file made by `ksdesk backup`")) -> None:
    """Restore a backup into an empty database (KSDESK_DATABASE_URL). All or nothing."""
    from ksdesk import backup
    from ksdesk.errors import KsdeskError

    try:
        report = backup.restore(session_factory().kw["bind"], file)
    except KsdeskError as exc:
        fail(exc.message, 2)
    out.print(f"restored {sum(report.rows.values())} rows in {len(report.rows)} tables (schema {report.revision})",
              highlight=False)

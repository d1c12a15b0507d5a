"""`ksdesk desk`: the national contact point."""

from __future__ import annotations

from datetime import datetime

import typer

from ksdesk.cli.common import fail

app = typer.Typer(help="The national contact point's desk", no_args_is_help=True)


@app.command("due")
def due(timestamp: str) -> None:
    """Print when a question received at TIMESTAMP (ISO 8601 with offset) is due.

    The desk's own calendar, as the queue uses it: public holidays and the closure days an
    administrator added in the database."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from ksdesk.cli.common import session_factory
    from ksdesk.desk import deadlines

    try:
        received = datetime.fromisoformat(timestamp)
    except ValueError:
        fail(f"{timestamp!r} is not an ISO 8601 timestamp, e.g. 2026-11-23T08:00:00+01:00", 2)
    if received.tzinfo is None:
        fail("give the timestamp with its offset, e.g. 2026-11-23T08:00:00+01:00 or ...Z", 2)
    try:
        with session_factory()() as session:
            calendar = deadlines.working_calendar(session)
    except (OperationalError, ProgrammingError):
        # No desk tables: a mistyped KSDESK_DATABASE_URL must not answer without the closure days.
        fail("the database has no desk calendar yet: run `ksdesk init` first", 1)
    print(calendar.due_at(received).isoformat())


@app.command("remind")
def remind() -> None:
    """Send the reminders and escalations that are due now (the worker does this every 15 minutes)."""
    from ksdesk.cli.common import out, session_factory
    from ksdesk.db import transaction
    from ksdesk.desk import reminders

    with transaction(session_factory()) as session:
        report = reminders.sweep(session)
    sent = ", ".join(f"{kind}: {n}" for kind, n in sorted(report.sent.items())) or "nothing due"
    out.print(f"reminders sent: {sent}", highlight=False)


@app.command("mail-in")
def mail_in(
    host: str = typer.Option("127.0.0.1", help="Address to listen on"),
    port: int = typer.Option(2525, min=1, max=65535, help="Port to listen on"),
    lmtp: bool = typer.Option(False, "--lmtp", help="Speak LMTP instead of SMTP (for a local mail server)"),
) -> None:
    """Receive the desk's mail: replies are threaded onto their questions, the rest kept aside."""
    import threading

    from ksdesk.cli.common import out, session_factory
    from ksdesk.desk.mail_in import MailInController

    controller = MailInController(session_factory(), hostname=host, port=port, lmtp=lmtp)
    controller.start()
    out.print(f"ksdesk mail-in listening on {host}:{port} ({'LMTP' if lmtp else 'SMTP'}); Ctrl-C stops it",
              highlight=False)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


@app.command("erase-expired")
def erase_expired() -> None:
    """Erase the personal data whose retention term has passed (the worker does this every night)."""
    from ksdesk.cli.common import out, session_factory
    from ksdesk.db import transaction
    from ksdesk.desk import retention

    with transaction(session_factory()) as session:
        done = retention.sweep(session)
    erased = ", ".join(f"{kind}: {n} questions" for kind, n in sorted(done.items())) or "nothing has expired"
    out.print(f"erased: {erased}", highlight=False)


@app.command("export-asker")
def export_asker(email: str) -> None:
    """Print, as JSON, everything the desk holds on the asker with this e-mail address."""
    import json

    from ksdesk.accounts.principal import SYSTEM
    from ksdesk.cli.common import session_factory
    from ksdesk.db import transaction
    from ksdesk.desk import retention

    with transaction(session_factory()) as session:
        data = retention.export_asker(session, SYSTEM, email)
    print(json.dumps(data, ensure_ascii=False, indent=2))

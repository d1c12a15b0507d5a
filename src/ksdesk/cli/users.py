"""`ksdesk users`: accounts and API tokens."""

from __future__ import annotations

import sys

import typer
from rich.table import Table

from ksdesk.accounts.principal import SYSTEM
from ksdesk.cli.common import describe, fail, out, session_factory
from ksdesk.errors import KsdeskError

app = typer.Typer(help="Users and API tokens", no_args_is_help=True)


@app.command("create")
def create(
    email: str = typer.Option(..., help="Sign-in e-mail address"),
    name: str = typer.Option(..., help="Full name"),
    role: str = typer.Option(..., help="researcher, advisor, desk_officer, ministry_liaison, analyst or admin"),
    institution: str = typer.Option(None, help="Institution short name (researchers and advisors)"),
    ministry: str = typer.Option(None, help="Ministry code (ministry liaisons)"),
    language: str = typer.Option("nl", help="nl or en"),
    password: str = typer.Option(None, help="Password; asked for when omitted", envvar="KSDESK_NEW_PASSWORD"),
) -> None:
    """Create a user."""
    from ksdesk.accounts import service
    from ksdesk.db import transaction

    if password is None:
        if not sys.stdin.isatty():
            fail("give --password or KSDESK_NEW_PASSWORD when not run interactively", 2)
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with transaction(session_factory()) as session:
            user = service.create_user(session, SYSTEM, email=email, name=name, password=password, role=role,
                                       institution_short_name=institution, ministry=ministry, language=language)
            out.print(f"created user {user.id}: {user.email} ({user.role})", highlight=False)
    except KsdeskError as exc:
        fail(describe(exc), 2)


@app.command("list")
def list_() -> None:
    """List users."""
    from sqlalchemy import select

    from ksdesk.accounts.models import User
    from ksdesk.db import transaction

    table = Table()
    for column in ("id", "e-mail", "name", "role", "institution", "ministry", "active"):
        table.add_column(column)
    with transaction(session_factory()) as session:
        for user in session.scalars(select(User).order_by(User.id)):
            table.add_row(str(user.id), user.email, user.name, user.role,
                          user.institution.short_name if user.institution else "", user.ministry or "",
                          "yes" if user.active else "no")
    out.print(table)


def _set_active(email: str, active: bool) -> None:
    from ksdesk.accounts import service
    from ksdesk.db import transaction

    try:
        with transaction(session_factory()) as session:
            user = service.set_user_active(session, SYSTEM, service.get_user_by_email(session, email).id, active)
            out.print(f"user {user.id}: {user.email} is {'active' if user.active else 'deactivated'}", highlight=False)
    except KsdeskError as exc:
        fail(describe(exc), 2)


@app.command("deactivate")
def deactivate(email: str) -> None:
    """Deactivate a user: they can no longer sign in, their sessions end and their API tokens are revoked."""
    _set_active(email, False)


@app.command("reactivate")
def reactivate(email: str) -> None:
    """Let a deactivated user sign in again (revoked API tokens stay revoked)."""
    _set_active(email, True)


@app.command("token")
def token(email: str, name: str = typer.Option("command line", help="What the token is for")) -> None:
    """Create an API token for a user and print it (it is shown only once)."""
    from ksdesk.accounts import service
    from ksdesk.db import transaction

    try:
        with transaction(session_factory()) as session:
            value = service.create_api_token(session, SYSTEM, service.get_user_by_email(session, email), name)
    except KsdeskError as exc:
        fail(describe(exc), 2)
    print(value)

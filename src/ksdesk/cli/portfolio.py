"""`ksdesk report portfolio`: the portfolio's figures for scripts, as CSV or JSON.

The command line acts as the system, not as a person, so nothing limits it to one institution.
It still hides small groups by default ("< 5", as an analyst sees them): what a script prints
tends to travel. `--exact` shows exact counts, and only for one named institution.
"""

from __future__ import annotations

import sys
from datetime import date

import typer

from ksdesk.cli.common import describe, fail

app = typer.Typer(help="Reports for scripts", no_args_is_help=True)


@app.command("portfolio")
def portfolio(
    fmt: str = typer.Option("csv", "--format", help="csv or json"),
    institution: str | None = typer.Option(None, "--institution", help="Short name of one institution, e.g. UL"),
    year_from: int | None = typer.Option(None, "--from", help="First year of the period"),
    year_to: int | None = typer.Option(None, "--to", help="Last year of the period"),
    country: str | None = typer.Option(None, "--country", help="ISO 3166 alpha-2 code of a partner country"),
    form: str | None = typer.Option(None, "--form", help="Form of collaboration, e.g. joint_research"),
    exact: bool = typer.Option(
        False, "--exact", help="Exact counts instead of '< 5' for groups under five; needs --institution"),
) -> None:
    """Print the portfolio's figures: nationally, or for one institution with --institution."""
    from sqlalchemy import select

    from ksdesk.accounts.principal import SYSTEM
    from ksdesk.cli.common import session_factory
    from ksdesk.errors import KsdeskError
    from ksdesk.portfolio import export, service
    from ksdesk.portfolio.scope import PortfolioFilter, validate
    from ksdesk.registry.models import CountryProfile, Institution

    if fmt not in ("csv", "json"):
        fail("--format must be csv or json", 2)
    if exact and not institution:
        fail("--exact shows one institution's exact counts: name it with --institution", 2)
    factory = session_factory()
    with factory() as session:
        institution_id = None
        if institution:
            institution_id = session.scalar(select(Institution.id).where(Institution.short_name == institution))
            if institution_id is None:
                fail(f"no institution with short name {institution!r}", 2)
        try:
            f = validate(
                PortfolioFilter(institution_id=institution_id, country=country, year_from=year_from,
                                year_to=year_to, form=form),
                set(session.scalars(select(CountryProfile.code))),
            )
            overview = service.overview(session, SYSTEM, f, today=date.today(), exact=exact)
        except KsdeskError as exc:
            fail(describe(exc), 2)
    sys.stdout.write(export.overview_csv(overview) if fmt == "csv" else export.overview_json(overview) + "\n")

"""`ksdesk sources`: fetch the official lists and the registry, see how current each one is."""

from __future__ import annotations

import typer
from rich.table import Table

from ksdesk.accounts.principal import SYSTEM
from ksdesk.cli.common import describe, err, fail, out, session_factory
from ksdesk.errors import KsdeskError

app = typer.Typer(help="Official sources: fetch new versions on demand, see their state, decide on held ones",
                  no_args_is_help=True)

# Exit codes: 0 every source is current or was updated; 3 at least one was refused or held.
PROBLEM = 3


def _print_reports(reports) -> None:
    for r in reports:
        line = f"{r.code}: {r.status}"
        if r.entries is not None:
            line += f", {r.entries} entries"
        if r.added is not None:
            line += f" (+{r.added} −{r.removed} ~{r.changed})"
        if r.reason:
            line += f" — {r.reason}"
        (err if r.status in ("refused", "held") else out).print(line, highlight=False)


@app.command("update")
def update(codes: list[str] = typer.Argument(None, metavar="[SOURCE]...",
                                             help="Source codes (see `ksdesk sources status`); all when none")) -> None:
    """Fetch, check and apply new versions; a broken or suspicious version changes nothing and says why."""
    from ksdesk.sources import service

    factory = session_factory()
    try:
        reports = service.run_updates(factory, SYSTEM, codes or None,
                                      progress=lambda code: err.print(f"fetching {code}", highlight=False))
    except KsdeskError as exc:
        fail(describe(exc), 2)
    _print_reports(reports)
    if any(r.status in ("refused", "held") for r in reports):
        raise typer.Exit(PROBLEM)


@app.command("status")
def status() -> None:
    """Each source's version in use, its age against the publisher's rhythm, and the last attempt."""
    from ksdesk.sources import service

    with session_factory()() as session:
        rows = service.status(session)
    table = Table()
    for column in ("source", "version date", "entries", "every", "state", "last attempt"):
        table.add_column(column)
    for s in rows:
        state = "held" if s.held else ("stale" if s.stale else "current")
        last = ""
        if s.last is not None:
            last = f"{s.last.at:%Y-%m-%d %H:%M} {s.last.status}" + (f": {s.last.reason}" if s.last.reason else "")
        table.add_row(s.source.code, str(s.version_date or ""), str(s.entries or ""),
                      f"{s.source.frequency_days} d", state, last)
    out.print(table)
    if any(s.problem for s in rows):
        raise typer.Exit(PROBLEM)


@app.command("apply")
def apply(code: str = typer.Argument(..., help="The source whose held version is accepted")) -> None:
    """Apply a version that was held for losing many entries (after checking that the loss is real)."""
    from ksdesk.sources import service

    try:
        report = service.apply_held_committed(session_factory(), SYSTEM, code)
    except KsdeskError as exc:
        fail(describe(exc), 2)
    _print_reports([report])


@app.command("discard")
def discard(code: str = typer.Argument(..., help="The source whose held version is thrown away")) -> None:
    """Throw a held version away; the version in use stays."""
    from ksdesk.db import transaction
    from ksdesk.sources import service

    try:
        with transaction(session_factory()) as session:
            report = service.discard_held(session, SYSTEM, code)
    except KsdeskError as exc:
        fail(describe(exc), 2)
    _print_reports([report])

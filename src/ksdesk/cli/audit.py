"""`ksdesk audit`: checks that the audit log is whole."""

from __future__ import annotations

from pathlib import Path

import typer

from ksdesk.cli.common import err, fail, out, session_factory

app = typer.Typer(help="The audit log", no_args_is_help=True)


@app.command("verify")
def verify(
    anchor: Path = typer.Option(None, help="Where the last verified row is remembered "
                                           "[default: audit_anchor.json beside the screening indexes' folder]"),
) -> None:
    """Recompute the audit log's hash chain; report the first row where it breaks (exit 1)."""
    from ksdesk import audit_chain

    path = anchor or audit_chain.default_anchor()
    with session_factory()() as session:
        verdict = audit_chain.verify(session, audit_chain.read_anchor(path))
    if verdict.broken is not None:
        fail(f"the audit log is broken at event {verdict.broken.event_id}: {verdict.broken.why} "
             f"({verdict.rows} rows checked)", 1)
    audit_chain.write_anchor(path, verdict)
    out.print(f"audit log whole: {verdict.rows} rows, last event {verdict.last_id}", highlight=False)
    err.print(f"last verified row remembered in {path}", highlight=False)

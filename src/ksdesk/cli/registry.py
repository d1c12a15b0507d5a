"""`ksdesk import` and `ksdesk export`: organisations and collaborations as CSV or JSON."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from ksdesk.accounts.principal import SYSTEM
from ksdesk.cli.common import describe, err, fail, out, session_factory
from ksdesk.errors import KsdeskError


class Kind(StrEnum):
    organisations = "organisations"
    collaborations = "collaborations"


class Format(StrEnum):
    csv = "csv"
    json = "json"


def import_(
    kind: Kind,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
    fmt: Format = typer.Option(None, "--format", help="csv or json; taken from the file name when omitted"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate and report only"),
    from_line: int = typer.Option(None, "--from-line", min=1,
                                  help="Import only the rows from this line on (after an import that stopped)"),
) -> None:
    """Import organisations or collaborations. All rows are checked first; one bad row imports nothing.

    The rows are written in short parts, so that the desk's other users can keep working meanwhile;
    running the same file again after an import was killed imports only the rows it had not."""
    from ksdesk.registry import io

    fmt = fmt or _format_of(file)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        fail(f"{file} is not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again", 2)
    try:
        rows = io.read_rows(text, fmt.value)
        # The file's key lets the same command finish an import that was killed part-way.
        result = io.import_in_parts(session_factory(), SYSTEM, kind.value, rows, dry_run=dry_run,
                                    source=file.name, from_line=from_line, progress=_progress(),
                                    key=io.file_key(kind.value, text))
    except io.ImportRejected as exc:
        for problem in exc.problems:
            err.print(f"{file}: {problem}", highlight=False)
        fail(exc.message, 1)
    except KsdeskError as exc:
        fail(describe(exc), 2)
    verb = "would import" if dry_run else "imported"
    skipped = f"; {result.skipped} row(s) this file imported before were skipped" if result.skipped else ""
    out.print(f"{verb} {result.created} {kind.value} from {result.rows} row(s){skipped}", highlight=False)


def _progress():
    """Says how far a long import has come, every ten seconds."""
    import time

    last = [time.monotonic()]

    def report(done: int, total: int) -> None:
        if time.monotonic() - last[0] >= 10:
            last[0] = time.monotonic()
            err.print(f"imported {done} of {total} rows", highlight=False)

    return report


def export(
    kind: Kind,
    fmt: Format = typer.Option(Format.csv, "--format", help="csv or json"),
    output: Path = typer.Option(None, "--output", "-o", help="Write to a file instead of standard output"),
) -> None:
    """Export organisations or collaborations as CSV or JSON."""
    from ksdesk.db import transaction
    from ksdesk.registry import io

    with transaction(session_factory()) as session:
        if kind is Kind.organisations:
            text = io.export_organisations(session, fmt.value)
        else:
            text = io.export_collaborations(session, SYSTEM, fmt.value)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _format_of(file: Path) -> Format:
    suffix = file.suffix.lower().lstrip(".")
    if suffix in ("csv", "json"):
        return Format(suffix)
    fail(f"cannot tell the format of {file.name}; give --format csv or --format json", 2)

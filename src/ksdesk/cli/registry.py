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
) -> None:
    """Import organisations or collaborations. All rows are checked first; one bad row imports nothing."""
    from ksdesk.db import transaction
    from ksdesk.registry import io

    fmt = fmt or _format_of(file)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        fail(f"{file} is not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again", 2)
    try:
        with transaction(session_factory()) as session:
            rows = io.read_rows(text, fmt.value)
            if kind is Kind.organisations:
                result = io.import_organisations(session, SYSTEM, rows, dry_run=dry_run)
            else:
                result = io.import_collaborations(session, SYSTEM, rows, dry_run=dry_run, source=file.name)
    except io.ImportRejected as exc:
        for problem in exc.problems:
            err.print(f"{file}: {problem}", highlight=False)
        fail(exc.message, 1)
    except KsdeskError as exc:
        fail(describe(exc), 2)
    verb = "would import" if dry_run else "imported"
    out.print(f"{verb} {result.created} {kind.value} from {result.rows} row(s)", highlight=False)


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

"""`ksdesk assess`: the risk assessment of one collaboration, or of every active one."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ksdesk.cli.common import describe, err, fail, out, session_factory
from ksdesk.errors import KsdeskError

if TYPE_CHECKING:
    from ksdesk.assessment.models import Assessment


def assess(
    collaboration_id: int | None = typer.Argument(None, help="The collaboration to assess"),
    as_json: bool = typer.Option(False, "--json", help="Print the assessment as JSON"),
    all_: bool = typer.Option(False, "--all", help="Assess every active collaboration again and store the results"),
    save: bool = typer.Option(False, "--save", help="Store the assessment of COLLABORATION_ID as its next version"),
    rules: Path | None = typer.Option(None, "--load-rules", exists=True, dir_okay=False,
                                      help="Put a new rule-set version (YAML) in force first"),
    countries: Path | None = typer.Option(None, "--load-countries", exists=True, file_okay=False,
                                          help="Load a newer edition of the country data (freedom_house/*.xlsx, "
                                               "vdem_academic_freedom/*.csv) from this folder first"),
) -> None:
    """Weigh a collaboration along the themes of knowledge security, with every reason and its evidence."""
    from ksdesk.accounts.principal import SYSTEM
    from ksdesk.assessment import contract, inputs, service
    from ksdesk.db import transaction

    factory = session_factory()
    try:
        if rules is not None:
            with transaction(factory) as session:
                version = inputs.upload_rule_set(session, SYSTEM, rules.read_text(encoding="utf-8"))
                err.print(f"rule set {version.label} in force (version {version.number})", highlight=False)
        if countries is not None:
            with transaction(factory) as session:
                edition = inputs.load_country_edition(session, SYSTEM, str(countries))
                err.print(f"country indicators: {edition.label}", highlight=False)
        if all_:
            _assess_all(factory, service)
            return
        if collaboration_id is None:
            if rules is None and countries is None:
                fail("name a collaboration, or use --all", 2)
            return
        with transaction(factory) as session:
            stored: Assessment | None
            if save:
                stored = service.reassess(session, SYSTEM, collaboration_id)
                data = contract.as_json(service.result_of(stored), stored)
            else:
                stored = service.latest(session, SYSTEM, collaboration_id)
                result = service.preview(session, SYSTEM, collaboration_id)
                data = contract.as_json(result, stored, service.open_flags(session, SYSTEM, collaboration_id))
    except KsdeskError as exc:
        fail(describe(exc), 1)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _print(data)


def _assess_all(factory, service) -> None:
    from ksdesk.accounts.principal import SYSTEM
    from ksdesk.db import transaction

    with transaction(factory) as session:
        ids = service.assessed_collaboration_ids(session)
    progress = Progress(TextColumn("assessing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err)
    levels: list[tuple[int, dict]] = []
    with progress:
        task = progress.add_task("assess", total=len(ids))
        for cid in ids:
            # One transaction per collaboration: an interrupted run keeps what it finished.
            with transaction(factory) as session:
                stored = service.reassess(session, SYSTEM, cid)
                levels.append((cid, service.result_of(stored).levels()))
            progress.advance(task)
    table = Table(title=f"{len(ids)} active collaboration(s) assessed")
    for column in ("id", "knowledge_transfer", "influence", "ethics", "partnership"):
        table.add_column(column)
    for cid, lv in levels:
        table.add_row(str(cid), lv["knowledge_transfer"], lv["influence"], lv["ethics"], lv["partnership"])
    out.print(table)


def _print(data: dict) -> None:
    c = data["collaboration"]
    out.print(f"[bold]{c.get('title')}[/] (collaboration {c.get('id')}), rule set {data['rule_set_version']}")
    for name, theme in [*data["themes"].items(), ("partnership", data["partnership"])]:
        out.print(f"  {name}: [bold]{theme['level']}[/]")
        for r in theme["reasons"]:
            out.print(f"    - {r['level']}: {r['explanation'].get('en')}", highlight=False)
    if data["opportunities"]:
        out.print("  opportunities:")
        for o in data["opportunities"]:
            out.print(f"    + {o['explanation'].get('en')}", highlight=False)
    if data["mitigations"]:
        out.print("  mitigations: " + ", ".join(m["id"] for m in data["mitigations"]), highlight=False)
    for f in data.get("reassessment_needed", []):
        out.print(f"  [yellow]re-assessment needed[/]: {f['reason']} {f.get('detail') or ''}", highlight=False)

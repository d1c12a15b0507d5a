"""`ksdesk screen`, `ksdesk lists` and `ksdesk registry`: partner screening from the command line."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ksdesk import spreadsheets
from ksdesk.accounts.principal import SYSTEM
from ksdesk.cli.common import describe, err, fail, out, session_factory
from ksdesk.errors import KsdeskError

lists_app = typer.Typer(help="Watchlists: load new versions, show versions and their differences",
                        no_args_is_help=True)
registry_app = typer.Typer(help="The organisation registry (ROR)", no_args_is_help=True)


def _progress(total: int | None, label: str) -> Progress:
    return Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                    transient=False)


def screen(
    name: str = typer.Argument(None, help="A name or affiliation to screen"),
    file: Path = typer.Option(None, "--file", help="Screen every line of a text file, or a column of a CSV"),
    column: str = typer.Option(None, "--column", help="The CSV column holding the names"),
    country_column: str = typer.Option(None, "--country-column",
                                       help="The CSV column holding each row's country (a code or a name)"),
    country: str = typer.Option(None, "--country", help="ISO 3166 code the names belong to (a signal, not a filter)"),
    threshold: float = typer.Option(None, "--threshold", min=0.0, max=1.0,
                                    help="Lowest score reported [default: the engine's threshold]"),
    as_json: bool = typer.Option(False, "--json", help="JSON (one object per input line with --file)"),
    output: Path = typer.Option(None, "--output", "-o", help="Write results to a file"),
) -> None:
    """Screen a name, or a file of names, against every watchlist and the registry."""
    from ksdesk.db import transaction
    from ksdesk.screening import service
    from ksdesk.screening.index import DEFAULT_THRESHOLD

    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    if (name is None) == (file is None):
        fail("give either a NAME or --file FILE", 2)
    factory = session_factory()
    try:
        with transaction(factory) as session:
            if name is not None:
                result = service.resolve_name(session, SYSTEM, name, country=country, threshold=threshold)
                _print_single(result, as_json, output)
                return
            _screen_file(session, file, column, country_column, country, threshold, as_json, output)
    except KsdeskError as exc:
        fail(describe(exc), 2)


def _print_single(result, as_json, output) -> None:
    from ksdesk.screening.bulk import json_line

    if as_json:
        text = json_line(result) + "\n"
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return
    chosen = result.chosen
    out.print(f"chosen: {chosen.name} ({chosen.entity_id})" if chosen
              else "chosen: none (no single registry organisation with enough certainty)")
    table = Table(title=f"Screening: {result.query}")
    for column in ("score", "strength", "list", "level", "name", "matched name", "why"):
        table.add_column(column)
    for h in result.hits:
        d = h.as_dict()
        table.add_row(f"{d['score']:.2f}", d["strength"], d["list"], d["level"] or "", d["name"], d["matched_name"],
                      d["explanation"])
    out.print(table if result.hits else "no hits above the threshold")


def _screen_file(session, file: Path, column, country_column, country, threshold, as_json, output) -> None:
    from ksdesk.screening import bulk

    if not file.exists():
        fail(f"{file} does not exist", 2)
    try:
        handle = file.open(encoding="utf-8-sig", newline="")
        total = sum(1 for _ in handle) - (1 if column else 0)
        handle.seek(0)
    except UnicodeDecodeError:
        fail(f"{file} is not UTF-8 text; save it as UTF-8 and try again", 2)
    sink = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    writer = None if as_json else spreadsheets.DictWriter(sink, fieldnames=bulk.RESULT_COLUMNS, lineterminator="\n")
    if writer:
        writer.writeheader()
    with handle, _progress(total, "screening") as progress:
        task = progress.add_task("screening", total=total)
        rows = bulk.read_rows(handle, column, country_column)
        stream = bulk.screen_stream(session, rows, country=country, threshold=threshold,
                                    progress=lambda n: progress.advance(task, n))
        for line, result in enumerate(stream, start=1):
            if writer:
                writer.writerows(bulk.csv_rows(line, result))
            else:
                sink.write(bulk.json_line(result) + "\n")
    if output:
        sink.close()


class ListFormat(StrEnum):
    aspi = "aspi"
    us_list = "us-list"
    canada_nro_csv = "canada-nro-csv"
    canada_nro_html = "canada-nro-html"
    un = "un"
    ofac_sdn = "ofac-sdn"
    ofac_consolidated = "ofac-consolidated"
    csl_csv = "csl-csv"
    csl_json = "csl-json"
    ftm = "ftm"


def _read_list(fmt: ListFormat, path: Path):
    from ksdesk.screening import lists

    loaders = {
        ListFormat.aspi: lists.load_aspi,
        ListFormat.us_list: lambda p: lists.us_lists.load_us_list(p),
        ListFormat.canada_nro_csv: lists.load_nro_csv,
        ListFormat.canada_nro_html: lists.load_nro_html,
        ListFormat.un: lists.load_un,
        ListFormat.ofac_sdn: lists.load_ofac_sdn,
        ListFormat.ofac_consolidated: lists.load_ofac_consolidated,
        ListFormat.csl_csv: lists.load_csl_csv,
        ListFormat.csl_json: lists.load_csl_json,
        ListFormat.ftm: lists.load_ftm,
    }
    return loaders[fmt](path)


@lists_app.command("load")
def lists_load(
    fmt: ListFormat = typer.Argument(..., help="The published format of the file"),
    path: Path = typer.Argument(..., exists=True, help="The file (or folder, for ASPI and the OFAC CSV sets)"),
) -> None:
    """Load a newer version of a list; the difference with the current version is kept and shown,
    and every active collaboration is re-screened against it."""
    from ksdesk.db import transaction
    from ksdesk.screening import tasks as screening_tasks
    from ksdesk.screening import watchlists

    try:
        version = _read_list(fmt, path)
    except (OSError, ValueError, KeyError, TypeError, IndexError, SyntaxError, RecursionError) as exc:
        fail(f"{path} could not be read as {fmt.value}: {exc}", 2)
    factory = session_factory()
    try:
        with transaction(factory) as session:
            report = watchlists.load_version(session, SYSTEM, version, source_file=str(path))
        if report.unchanged_file:
            out.print(f"{report.code}: the current version already has this content; nothing loaded")
            return
        # The index of the new version is built after it is committed, without the write lock that
        # the desk's writes wait for; it is the one every process then loads.
        err.print("building the screening index once for the new version")
        rescreened = screening_tasks.rescreen_now_or_later(factory, {report.code})
    except KsdeskError as exc:
        fail(describe(exc), 2)
    out.print(f"{report.code}: version {report.version_id} with {report.entries} entries "
              f"(+{report.added} −{report.removed} ~{report.changed}); {_rescreened(rescreened)}", highlight=False)


def _rescreened(rescreened: tuple[int, int] | None) -> str:
    if rescreened is None:
        # The version is committed and owes its re-screening (screening.owed): the worker pays it.
        return "the re-screening failed and is left to the worker"
    return f"{rescreened[0]} linked to the registry; {rescreened[1]} new alert(s)"


@lists_app.command("show")
def lists_show(code: str = typer.Argument(None, help="A list code for its versions and the latest difference")) -> None:
    """Show the lists and their current versions, or one list's versions and latest difference."""
    from ksdesk.db import transaction
    from ksdesk.screening import watchlists

    with transaction(session_factory()) as session:
        if code is None:
            table = Table()
            for column in ("list", "title", "version date", "entries", "loaded"):
                table.add_column(column)
            for watchlist, version in watchlists.list_watchlists(session):
                table.add_row(watchlist.code, watchlist.title, str(version.version_date or "") if version else "",
                              str(version.entry_count) if version else "0",
                              version.loaded_at.strftime("%Y-%m-%d %H:%M") if version else "")
            out.print(table)
            return
        try:
            watchlist, versions = watchlists.versions_of(session, code)
        except KsdeskError as exc:
            fail(describe(exc), 2)
        for v in versions:
            out.print(f"version {v.id} ({v.version_date}) loaded {v.loaded_at:%Y-%m-%d %H:%M} by {v.loaded_by}: "
                      f"{v.entry_count} entries, +{v.added_count} −{v.removed_count} ~{v.changed_count}"
                      + (" [current]" if v.is_current else ""), highlight=False)
        if versions and versions[0].diff:
            print(json.dumps(versions[0].diff, ensure_ascii=False, indent=2, default=str))


def import_shipped_registry(session):
    """The shipped registry copy, with a progress bar: fifty thousand organisations take a while."""
    from ksdesk.registry.ror_import import import_registry
    from ksdesk.screening.lists import load_ror

    records = load_ror()
    with _progress(len(records), "registry") as progress:
        task = progress.add_task("registry", total=len(records))
        return import_registry(session, SYSTEM, records, source="ror_records.jsonl.gz (shipped copy)",
                               progress=lambda n: progress.advance(task, n))


@registry_app.command("import")
def registry_import(
    file: Path = typer.Argument(None, exists=True, dir_okay=False,
                                help="ROR's data dump as published (the zip from Zenodo, or the schema-v2 JSON in it); "
                                     "the shipped copy when omitted"),
) -> None:
    """Import the organisation registry (ROR): the shipped copy, or a whole ROR data dump applied as a new
    version (new, changed, withdrawn and merged records), read as a stream in bounded memory."""
    from ksdesk.db import transaction

    if file is None:
        with transaction(session_factory()) as session:
            report = import_shipped_registry(session)
        out.print(f"registry: {report.added} organisations added ({report.names} names, "
                  f"{report.relations} parent/child links) of {report.seen} records")
        return
    from sqlalchemy.exc import SQLAlchemyError

    from ksdesk.registry.ror_dump import DumpUnreadable
    from ksdesk.registry.ror_update import apply_dump_in_parts
    from ksdesk.screening import tasks as screening_tasks

    factory = session_factory()
    try:
        # In short parts, so that the desk goes on writing meanwhile; a run that stops half-way
        # keeps its parts, and the same command finishes it.
        with _progress(None, "registry") as progress:
            task = progress.add_task("registry", total=None)
            applied = apply_dump_in_parts(factory, SYSTEM, file, source_name=file.name,
                                          progress=lambda n: progress.advance(task, n))
        err.print("building the screening index once for the new registry")
        rescreened = screening_tasks.rescreen_now_or_later(factory, None)
    except DumpUnreadable as exc:
        fail(f"{file} could not be read as an ROR dump: {exc}", 2)
    except KsdeskError as exc:
        fail(describe(exc), 2)
    except SQLAlchemyError as exc:
        fail(f"the database refused a part of the update ({exc.__class__.__name__}); the parts before it "
             f"are kept, and the same command run again finishes it", 2)
    out.print(f"registry: {applied.seen} records; {applied.added} added, {applied.changed} changed, "
              f"{applied.withdrawn} withdrawn, {applied.merged} collaboration(s) handed to a successor; "
              f"{_rescreened(rescreened)}", highlight=False)


@registry_app.command("pinyin-phrases")
def registry_pinyin_phrases(
    out_file: Path = typer.Option(None, "--out", dir_okay=False,
                                  help="Where to write the table (the shipped pinyin_phrases.json when omitted)"),
) -> None:
    """Write the phrase table that reads Chinese names as pinyin: the phrases read otherwise than their
    characters alone, and every phrase in a Chinese name of the shipped registry and lists. Run it when
    the shipped data changes, then `ksdesk registry pinyin-table`; the screening index is then built again."""
    from importlib import resources

    from ksdesk.screening import pinyin
    from ksdesk.screening.building import build_default_index
    from ksdesk.settings import get_settings

    err.print("building the screening index over the shipped registry and lists")
    index = build_default_index(get_settings().data_dir)
    table = pinyin.phrase_table(index.name_values)
    target = out_file or Path(str(resources.files("ksdesk.screening").joinpath(pinyin.PHRASES_FILE)))
    # One phrase a line, so that a change of data shows as the phrases it adds or removes.
    lines = (f"{json.dumps(phrase, ensure_ascii=False)}: {json.dumps(reading, ensure_ascii=False)}"
             for phrase, reading in table.items())
    target.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    out.print(f"{len(table)} phrases written to {target}", highlight=False)


@registry_app.command("pinyin-table")
def registry_pinyin_table(
    out_file: Path = typer.Option(None, "--out", dir_okay=False,
                                  help="Where to write the table (the shipped pinyin_table.idx when omitted)"),
) -> None:
    """Write what pypinyin reads each character and each phrase of the shipped phrase table as, into the
    table every process shares: run it after `ksdesk registry pinyin-phrases` or an upgrade of pypinyin
    (until then pypinyin answers itself, with its tables in each process's memory)."""
    from ksdesk.screening import pinyin

    target = out_file or pinyin.table_path()
    written = pinyin.write_table(target)
    out.print(f"{written} characters and phrases written to {target}", highlight=False)


@registry_app.command("territory-names")
def registry_territory_names(
    out_file: Path = typer.Option(None, "--out", dir_okay=False,
                                  help="Where to write the table (the shipped territory_names.idx when omitted)"),
) -> None:
    """Write the table of countries and territories by code and name that screening reads places with,
    from the installed rigour: run it when rigour is upgraded (until then rigour answers itself, with
    its own table in each process's memory)."""
    from ksdesk.screening import places

    target = out_file or places.table_path()
    written = places.write_table(target)
    out.print(f"{written} codes and names written to {target}", highlight=False)


@registry_app.command("train-chooser")
def registry_train_chooser(
    out_file: Path = typer.Option(None, "--out", dir_okay=False,
                                  help="Where to write the trees (the shipped chooser.json when omitted)"),
    limit: int = typer.Option(None, "--limit", min=50, help="Train on a seeded sample of this many strings"),
) -> None:
    """Train the boosted trees that choose one registry organisation per screened string, from the real
    affiliation strings in data/eval/ror_affiliations and the shipped registry and lists. The same data
    gives the same trees."""
    from importlib import resources

    from ksdesk.screening import chooser_training as training
    from ksdesk.screening.building import build_default_index
    from ksdesk.settings import get_settings

    data = get_settings().data_dir
    folder = data / "eval" / "ror_affiliations"
    if not all((folder / name).is_file() for name in training.TRAINING_FILES):
        fail(f"the training strings are not in {folder}", 2)
    err.print("building the screening index over the shipped registry and lists")
    index = build_default_index(data)
    rows = training.sample(training.read_rows(folder), limit)
    err.print(f"screening {len(rows)} training strings")
    examples = training.examples(index, rows)
    model = training.fit(examples, version=f"{training.digest(folder)}-{len(rows)}")
    target = out_file or Path(str(resources.files("ksdesk.screening").joinpath("chooser.json")))
    target.write_text(json.dumps(model.as_json(), indent=1) + "\n", encoding="utf-8")
    figures = training.evaluate(model, examples)
    out.print(f"chooser trees written to {target}: threshold {model.threshold:.2f}; on its own training strings "
              f"precision {figures['precision']:.3f}, recall {figures['recall']:.3f} "
              f"(bench/affiliations.py --folds 5 measures it on strings it was not trained on)", highlight=False)

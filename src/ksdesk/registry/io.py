"""Import and export of organisations and collaborations as CSV and JSON.

Every row is validated first, and if any row is bad each bad row is reported with its line and
reason and nothing is written. Within a caller's transaction an import is all or nothing; the
command line writes a large file in short parts (import_in_parts), so that it never holds the
database's write lock for long.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ksdesk import audit, spreadsheets
from ksdesk.accounts.principal import Principal
from ksdesk.audit import AuditEvent
from ksdesk.db import give_writers_a_turn, writing_session
from ksdesk.errors import KsdeskError
from ksdesk.registry import service
from ksdesk.registry.models import Collaboration, Institution, Organisation, StatusTransition
from ksdesk.registry.schemas import CollaborationCreate, CollaborationRead, OrganisationCreate
from ksdesk.types import LARGEST_ID
from ksdesk.vocab import AGREEMENT_ITEMS, CollaborationStatus

LIST_SEPARATOR = ";"
# Files larger than this are split by the people importing them: a file is read into memory whole.
MAX_ROWS = 100_000
# The command line writes an import in parts, each its own transaction, that end after this many
# rows or this long, whichever comes first, and lets waiting writers in between two parts: SQLite
# lets one writer in at a time, and a desk submission waiting behind one part waits about this
# long (one transaction for a 100,001-row file held the write lock for 360 s).
PART_ROWS = 500
PART_SECONDS = 0.1


def _too_many(line: int) -> ImportRejected:
    return ImportRejected([RowProblem(line, f"the file has more than {MAX_ROWS} rows; split it into files of "
                                            f"at most {MAX_ROWS} rows and import them one by one")])

ORGANISATION_COLUMNS = [
    "name", "ror_id", "country_code", "org_type", "city", "website", "established",
    "aliases", "acronyms", "former_names", "translated_names",
]
COLLABORATION_COLUMNS = [
    "id", "title", "institution", "form", "status", "description", "contact_name", "start_date", "end_date",
    "research_fields", "technology_areas", "facilities_provider", "partners", "countries", "funding",
    "agreements", "data_arrangements", "ip_arrangements",
]
NAME_COLUMNS = {"aliases": "alias", "acronyms": "acronym", "former_names": "former", "translated_names": "translated"}


class ImportRejected(KsdeskError):
    status_code = 422
    code = "import_rejected"

    def __init__(self, problems: list[RowProblem]):
        super().__init__(f"{len(problems)} bad row(s); nothing was imported")
        self.problems = problems


class ImportStopped(ImportRejected):
    """A part of an import in parts failed after earlier parts were written: those stay whole,
    and the message says from which line to import the rest (``--from-line``)."""

    code = "import_stopped"

    def __init__(self, problems: list[RowProblem], created: int, from_line: int):
        super().__init__(problems)
        self.created, self.from_line = created, from_line
        self.message = (f"stopped at line {from_line}: the {created} row(s) before it were imported, nothing from "
                        f"line {from_line} on; fix it and import the rest with --from-line {from_line}")


@dataclass
class RowProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportResult:
    kind: str
    rows: int
    created: int = 0
    dry_run: bool = False
    # Rows an earlier run of the same file imported (see import_in_parts' key), left out this time.
    skipped: int = 0
    problems: list[RowProblem] = field(default_factory=list)


# ---------------------------------------------------------------- reading files


def read_rows(text: str, fmt: str) -> list[tuple[int, dict]]:
    """(line, row) pairs; for JSON the 'line' is the item's position in the array."""
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows: list[tuple[int, dict]] = []
        try:
            if not reader.fieldnames:
                raise ImportRejected([RowProblem(1, "the file has no header row")])
            for row in reader:
                if len(rows) >= MAX_ROWS:
                    raise _too_many(reader.line_num)
                if None in row:
                    rows.append((reader.line_num, {"__error__": "more values than header columns"}))
                else:
                    rows.append((reader.line_num, {k.strip(): spreadsheets.restore((v or "").strip())
                                                    for k, v in row.items() if k}))
        except csv.Error as exc:
            raise ImportRejected([RowProblem(reader.line_num or 1, f"not valid CSV: {exc}")]) from exc
        return rows
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportRejected([RowProblem(exc.lineno, f"not valid JSON: {exc.msg}")]) from exc
        if not isinstance(data, list):
            raise ImportRejected([RowProblem(1, "expected a JSON array of objects")])
        if len(data) > MAX_ROWS:
            raise _too_many(MAX_ROWS + 1)
        return [(i, item if isinstance(item, dict) else {"__error__": "not a JSON object"})
                for i, item in enumerate(data, start=1)]
    raise KsdeskError(f"unknown format {fmt!r}; use csv or json", code="format_unknown")


def _split(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(LIST_SEPARATOR) if part.strip()]


def _errors(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        location = ".".join(str(p) for p in error["loc"]) or "row"
        parts.append(f"{location}: {error['msg']}")
    return "; ".join(parts)


# ---------------------------------------------------------------- organisations


def _organisation_from_row(row: dict) -> OrganisationCreate:
    if "names" in row:  # the JSON export's own shape
        data = dict(row)
        data.pop("id", None)
        data.pop("parent_ids", None)
        data.pop("child_ids", None)
        data["names"] = [n for n in data.get("names", []) if n.get("kind") != "official"]
        return OrganisationCreate.model_validate(data)
    names = []
    for column, kind in NAME_COLUMNS.items():
        for value in _split(row.get(column)):
            language = None
            if kind == "translated" and "|" in value:
                value, language = (part.strip() for part in value.rsplit("|", 1))
            names.append({"value": value, "kind": kind, "language": language})
    return OrganisationCreate.model_validate(
        {
            "name": row.get("name", ""),
            "ror_id": row.get("ror_id") or None,
            "country_code": row.get("country_code") or None,
            "org_type": row.get("org_type") or "other",
            "city": row.get("city") or None,
            "website": row.get("website") or None,
            "established": row.get("established") or None,
            "names": names,
        }
    )


def _id_problem(session: Session, model: type, label: str, row: dict, line: int,
                seen: dict[int, int]) -> str | None:
    """An import adds new records, with new ids: a row carrying the id and the same name or title
    as a record this database already holds (a file imported again, an export read back) is
    refused, never added twice. A row that was changed (another title) is a new record."""
    raw = row.get("id")
    if raw is None or str(raw).strip() == "":
        return None
    try:
        record_id = int(str(raw).strip())
    except ValueError:
        return None  # another system's own reference: it names no record here
    if record_id in seen:
        return f"id {record_id} also on line {seen[record_id]}"
    seen[record_id] = line
    existing = session.get(model, record_id) if 0 < record_id <= LARGEST_ID else None
    same = existing is not None and _same_text(getattr(existing, label), row.get(label))
    if same:
        return (f"id {record_id} with this {label} is already registered: this row was imported before, and "
                "an import adds new records only, never the same one twice")
    return None


def _same_text(a: object, b: object) -> bool:
    return isinstance(a, str) and isinstance(b, str) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def import_organisations(
    session: Session, actor: Principal, rows: Iterable[tuple[int, dict]], *, dry_run: bool = False
) -> ImportResult:
    rows = list(rows)
    result = ImportResult("organisations", len(rows), dry_run=dry_run)
    parsed = _organisation_rows(session, rows, result)
    return _write_all(session, result, parsed, _creator("organisations", session, actor), dry_run)


def _organisation_rows(session: Session, rows: list[tuple[int, dict]], result: ImportResult) -> list[tuple[int, object]]:
    """The rows that parse, with a problem recorded for each one that does not; only reads."""
    parsed: list[tuple[int, object]] = []
    seen_ror: dict[str, int] = {}
    seen_ids: dict[int, int] = {}
    for line, row in rows:
        if "__error__" in row:
            result.problems.append(RowProblem(line, row["__error__"]))
            continue
        if problem := _id_problem(session, Organisation, "name", row, line, seen_ids):
            result.problems.append(RowProblem(line, problem))
            continue
        try:
            data = _organisation_from_row(row)
        except ValidationError as exc:
            result.problems.append(RowProblem(line, _errors(exc)))
            continue
        if data.ror_id:
            if data.ror_id in seen_ror:
                result.problems.append(RowProblem(line, f"ROR id {data.ror_id} also on line {seen_ror[data.ror_id]}"))
                continue
            seen_ror[data.ror_id] = line
            if service.get_organisation_by_ror(session, data.ror_id) is not None:
                result.problems.append(RowProblem(line, f"ROR id {data.ror_id} is already registered"))
                continue
        parsed.append((line, data))
    return parsed


def _write_all(session: Session, result: ImportResult, parsed, create, dry_run: bool) -> ImportResult:
    """Writes the rows that parsed, in a savepoint, to find the problems only the services see
    (an unknown country, a duplicate); then keeps everything or nothing."""
    savepoint = session.begin_nested()
    for line, data in parsed:
        try:
            create(data)
        except KsdeskError as exc:
            result.problems.append(RowProblem(line, _describe(exc)))
    if result.problems or dry_run:
        savepoint.rollback()
        if result.problems:
            result.problems.sort(key=lambda p: p.line)
            raise ImportRejected(result.problems)
    else:
        savepoint.commit()
    result.created = len(parsed)
    return result


def _creator(kind: str, session: Session, actor: Principal, source: str = "import") -> Callable[[object], object]:
    """Writes one parsed row of an import of ``kind`` in ``session``."""
    if kind == "organisations":
        return lambda data: service.create_organisation(session, actor, data)  # type: ignore[arg-type]
    return lambda item: _create_collaboration(session, actor, item, source)  # type: ignore[arg-type]


def file_key(kind: str, text: str) -> str:
    """Names one file's import of one kind, so that its parts are found again when it is run again."""
    return hashlib.sha256(f"{kind}\n{text}".encode()).hexdigest()


def import_in_parts(
    factory: sessionmaker[Session], actor: Principal, kind: str, rows: Iterable[tuple[int, dict]], *,
    dry_run: bool = False, source: str = "import", from_line: int | None = None,
    progress: Callable[[int, int], None] | None = None, key: str | None = None,
) -> ImportResult:
    """An import of ``kind`` ("organisations" or "collaborations") that never holds the write lock
    for long: the rows are read and checked without it; then every row is written in short parts
    that are rolled back, to find what only writing finds (an unknown country, a duplicate), and
    only if no row is bad are they written again in short parts that are kept. Each part is its own
    transaction, every record in it audited; ``progress(done, total)`` follows each kept part.

    A bad row refuses the whole file (ImportRejected), as a single-transaction import does. A part
    that fails after all when it is kept (someone registered the same ROR id in the meantime) stops
    the import there (ImportStopped): the parts before it stay whole, and ``from_line`` resumes.

    ``key`` (file_key) makes an import that was killed resumable: each kept part records the lines
    it wrote under the key in the audit log, in its own transaction, and running the same file
    again skips those lines (``ImportResult.skipped``) instead of adding their records twice."""
    rows = [(line, row) for line, row in rows if from_line is None or line >= from_line]
    result = ImportResult(kind, len(rows), dry_run=dry_run)
    with factory() as session:  # reads only, so it takes no write lock
        if key is not None:
            done = _lines_done(session, key)
            rows = [(line, row) for line, row in rows if not any(first <= line <= last for first, last in done)]
            result.skipped = result.rows - len(rows)
        if kind == "organisations":
            parsed = _organisation_rows(session, rows, result)
        else:
            parsed = _collaboration_rows(session, actor, rows, result)
    _parts(factory, actor, kind, source, parsed, result, keep=False)
    if result.problems:
        result.problems.sort(key=lambda p: p.line)
        raise ImportRejected(result.problems)
    if not dry_run:
        _parts(factory, actor, kind, source, parsed, result, keep=True, progress=progress, key=key)
    result.created = len(parsed)
    return result


PART_ACTION = "import.part"


def _lines_done(session: Session, key: str) -> list[tuple[int, int]]:
    after = session.scalars(select(AuditEvent.after).where(AuditEvent.action == PART_ACTION,
                                                          AuditEvent.object_type == "import",
                                                          AuditEvent.object_id == key))
    return [(int(a["lines"][0]), int(a["lines"][1])) for a in after if a and "lines" in a]


def _parts(factory: sessionmaker[Session], actor: Principal, kind: str, source: str, parsed: list[tuple[int, object]],
           result: ImportResult, *, keep: bool, progress: Callable[[int, int], None] | None = None,
           key: str | None = None) -> None:
    """Writes the rows in parts of at most PART_ROWS rows or PART_SECONDS; keeps each part, or
    rolls it back and records every row's problem."""
    done = 0
    while done < len(parsed):
        session = writing_session(factory)
        try:
            create, started, part = _creator(kind, session, actor, source), time.monotonic(), 0
            while done + part < len(parsed) and part < PART_ROWS and time.monotonic() - started < PART_SECONDS:
                line, data = parsed[done + part]
                try:
                    create(data)
                except KsdeskError as exc:
                    if keep:
                        session.rollback()
                        raise ImportStopped([RowProblem(line, _describe(exc))], done, parsed[done][0]) from exc
                    result.problems.append(RowProblem(line, _describe(exc)))
                except SQLAlchemyError as exc:
                    # The database itself refused (busy for too long, a constraint no check foresaw):
                    # the part is undone and the import ends here, with a message, not a traceback.
                    session.rollback()
                    problem = RowProblem(line, f"the database refused it ({exc.__class__.__name__}); try again later")
                    if keep:
                        raise ImportStopped([problem], done, parsed[done][0]) from exc
                    raise ImportRejected(sorted([*result.problems, problem], key=lambda p: p.line)) from exc
                part += 1
            if keep:
                if key is not None and part:
                    audit.record(session, actor, PART_ACTION, "import", key, after={
                        "kind": kind, "file": source, "lines": [parsed[done][0], parsed[done + part - 1][0]],
                        "rows": part})
                session.commit()
            else:
                session.rollback()
        finally:
            session.close()
        done += part
        if keep and progress:
            progress(done, len(parsed))
        if done < len(parsed):
            give_writers_a_turn(factory)


def _describe(exc: KsdeskError) -> str:
    if exc.field_errors:
        return "; ".join(f"{k}: {v.message}" for k, v in exc.field_errors.items())
    return exc.message


def export_organisations(session: Session, fmt: str) -> str:
    organisations = session.scalars(select(Organisation).order_by(Organisation.id))
    if fmt == "json":
        items = [service.organisation_read(session, o).model_dump(mode="json") for o in organisations]
        return json.dumps(items, ensure_ascii=False, indent=2)
    out = io.StringIO()
    writer = spreadsheets.DictWriter(out, fieldnames=ORGANISATION_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for o in organisations:
        by_kind: dict[str, list[str]] = {kind: [] for kind in NAME_COLUMNS.values()}
        for name in o.names:
            if name.kind in by_kind:
                value = f"{name.value}|{name.language}" if name.kind == "translated" and name.language else name.value
                by_kind[name.kind].append(value)
        writer.writerow(
            {
                "name": o.name, "ror_id": o.ror_id or "", "country_code": o.country_code or "",
                "org_type": o.org_type, "city": o.city or "", "website": o.website or "",
                "established": o.established or "",
                **{column: f"{LIST_SEPARATOR} ".join(by_kind[kind]) for column, kind in NAME_COLUMNS.items()},
            }
        )
    return out.getvalue()


# ---------------------------------------------------------------- collaborations


@dataclass
class _CollaborationRow:
    data: CollaborationCreate
    status: str


def _resolve_partner(session: Session, ref: dict) -> Organisation:
    if ref.get("ror_id"):
        ror = ref["ror_id"] if ref["ror_id"].startswith("https://") else "https://ror.org/" + ref["ror_id"]
        found = service.get_organisation_by_ror(session, ror)
        if found is not None:
            return found
    name = (ref.get("name") or "").strip()
    if not name:
        raise ValueError("a partner needs a name or a ROR id")
    stmt = select(Organisation).where(Organisation.name == name)
    if ref.get("country_code"):
        stmt = stmt.where(Organisation.country_code == ref["country_code"])
    matches = list(session.scalars(stmt.limit(2)))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValueError(f"partner {name!r} is not in the registry; import it as an organisation first")
    raise ValueError(f"partner {name!r} is ambiguous; give its ROR id")


def _partner_refs(value) -> list[dict]:
    """CSV: 'Name or ROR id [role]; ...'. JSON: a list of objects with name/ror_id/role."""
    if isinstance(value, list):
        return value
    refs = []
    for part in _split(value):
        role = "partner"
        if part.endswith("]") and "[" in part:
            part, role = part[:-1].rsplit("[", 1)
        part = part.strip()
        key = "ror_id" if part.startswith("https://ror.org/") else "name"
        refs.append({key: part, "role": role.strip()})
    return refs


def _funding(value) -> list[dict]:
    """CSV: 'Funder: 40; Other funder: 60 (state)'. JSON: the export's objects."""
    if isinstance(value, list):
        # Organisation ids are local to one database; the funder's name travels instead.
        return [{k: v for k, v in item.items() if k != "organisation_id"} for item in value]
    items = []
    for part in _split(value):
        state = part.endswith("(state)")
        part = part.removesuffix("(state)").strip()
        if ":" not in part:
            raise ValueError(f"funding {part!r} needs 'name: share'")
        name, share = part.rsplit(":", 1)
        items.append({"funder_name": name.strip(), "share_percent": share.strip().rstrip("%"), "foreign_state": state})
    return items


def _collaboration_from_row(session: Session, row: dict, institutions: dict[str, Institution]) -> _CollaborationRow:
    institution_ref = row.get("institution") or ""
    institution = institutions.get(institution_ref)
    if institution is None:
        raise ValueError(f"unknown institution {institution_ref!r}; use its short name "
                         f"({', '.join(sorted(institutions)) or 'none registered'})")
    partners = []
    for ref in _partner_refs(row.get("partners")):
        organisation = _resolve_partner(session, ref)
        partners.append({"organisation_id": organisation.id, "role": ref.get("role") or "partner"})
    agreements = row.get("agreements") or {}
    if not isinstance(agreements, dict):
        chosen = set(_split(agreements))
        unknown = chosen - set(AGREEMENT_ITEMS)
        if unknown:
            raise ValueError(f"unknown agreement items: {', '.join(sorted(unknown))}")
        agreements = {item: item in chosen for item in AGREEMENT_ITEMS}
    status = row.get("status") or CollaborationStatus.DRAFT.value
    if status not in {s.value for s in CollaborationStatus}:
        raise ValueError(f"unknown status {status!r}")
    data = CollaborationCreate.model_validate(
        {
            "title": row.get("title", ""),
            "description": row.get("description") or None,
            "form": row.get("form", ""),
            "institution_id": institution.id,
            "contact_name": row.get("contact_name") or None,
            "start_date": row.get("start_date") or None,
            "end_date": row.get("end_date") or None,
            "research_fields": _split(row.get("research_fields")),
            "technology_areas": _split(row.get("technology_areas")),
            "facilities_provider": row.get("facilities_provider") or "dutch_institution",
            "data_arrangements": row.get("data_arrangements") or None,
            "ip_arrangements": row.get("ip_arrangements") or None,
            "agreements": agreements,
            "partners": partners,
            "countries": _split(row.get("countries")),
            "funding": _funding(row.get("funding")),
            "exchanges": row.get("exchanges") or [],
        }
    )
    return _CollaborationRow(data, status)


def import_collaborations(
    session: Session, actor: Principal, rows: Iterable[tuple[int, dict]], *, dry_run: bool = False,
    source: str = "import",
) -> ImportResult:
    rows = list(rows)
    result = ImportResult("collaborations", len(rows), dry_run=dry_run)
    parsed = _collaboration_rows(session, actor, rows, result)
    return _write_all(session, result, parsed, _creator("collaborations", session, actor, source), dry_run)


def _collaboration_rows(session: Session, actor: Principal, rows: list[tuple[int, dict]],
                        result: ImportResult) -> list[tuple[int, object]]:
    """The rows that parse, with a problem recorded for each one that does not; only reads."""
    institutions = {i.short_name: i for i in service.list_institutions(session)}
    if not actor.is_system:
        institutions = {k: v for k, v in institutions.items() if v.id == actor.institution_id}
    parsed: list[tuple[int, object]] = []
    seen_ids: dict[int, int] = {}
    for line, row in rows:
        if "__error__" in row:
            result.problems.append(RowProblem(line, row["__error__"]))
            continue
        if problem := _id_problem(session, Collaboration, "title", row, line, seen_ids):
            result.problems.append(RowProblem(line, problem))
            continue
        try:
            parsed.append((line, _collaboration_from_row(session, row, institutions)))
        except ValidationError as exc:
            result.problems.append(RowProblem(line, _errors(exc)))
        except ValueError as exc:
            result.problems.append(RowProblem(line, str(exc)))
    return parsed


def _create_collaboration(session: Session, actor: Principal, item: _CollaborationRow, source: str) -> Collaboration:
    collaboration = service.create_collaboration(session, actor, item.data)
    if item.status != CollaborationStatus.DRAFT:
        # An existing register keeps its decisions; the jump is recorded, not hidden.
        collaboration.transitions.append(
            StatusTransition(from_status=collaboration.status, to_status=item.status, actor_id=actor.user_id,
                             actor_label=actor.label, reason=f"status taken over from {source}")
        )
        collaboration.status = item.status
        session.flush()
        audit.record(session, actor, "collaboration.import_status", "collaboration", collaboration.id,
                     before={"status": "draft"}, after={"status": item.status},
                     reason=f"status taken over from {source}", institution_id=collaboration.institution_id)
    return collaboration


def export_collaborations(session: Session, principal: Principal, fmt: str) -> str:
    items: list[CollaborationRead] = []
    page = 1
    while True:
        rows, total = service.list_collaborations(session, principal, page=page, page_size=500)
        items.extend(service.collaboration_read(c) for c in rows)
        if page * 500 >= total:
            break
        page += 1
    items.sort(key=lambda c: c.id)
    institutions = {i.id: i.short_name for i in service.list_institutions(session)}
    if fmt == "json":
        return json.dumps([_collaboration_json(c, institutions) for c in items], ensure_ascii=False, indent=2)
    if fmt != "csv":
        raise KsdeskError(f"unknown format {fmt!r}; use csv or json", code="format_unknown")
    out = io.StringIO()
    writer = spreadsheets.DictWriter(out, fieldnames=COLLABORATION_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for c in items:
        writer.writerow(
            {
                "id": c.id, "title": c.title, "institution": institutions.get(c.institution_id, ""),
                "form": c.form.value, "status": c.status.value, "description": c.description or "",
                "contact_name": c.contact_name or "",
                "start_date": c.start_date.isoformat() if c.start_date else "",
                "end_date": c.end_date.isoformat() if c.end_date else "",
                "research_fields": f"{LIST_SEPARATOR} ".join(c.research_fields),
                "technology_areas": f"{LIST_SEPARATOR} ".join(c.technology_areas),
                "facilities_provider": c.facilities_provider,
                "partners": f"{LIST_SEPARATOR} ".join(f"{p.ror_id or p.name} [{p.role}]" for p in c.partners),
                "countries": f"{LIST_SEPARATOR} ".join(c.countries),
                "funding": f"{LIST_SEPARATOR} ".join(
                    f"{f.funder_name}: {f.share_percent:g}" + (" (state)" if f.foreign_state else "") for f in c.funding
                ),
                "agreements": f"{LIST_SEPARATOR} ".join(k for k, v in c.agreements.items() if v),
                "data_arrangements": c.data_arrangements or "",
                "ip_arrangements": c.ip_arrangements or "",
            }
        )
    return out.getvalue()


def _collaboration_json(c, institutions: dict[int, str]) -> dict:
    """The JSON export is also a valid JSON import: the institution by short name, partners by ROR id and name."""
    data = c.model_dump(mode="json")
    data["institution"] = institutions.get(c.institution_id, "")
    data["institution_name"] = c.institution
    return data

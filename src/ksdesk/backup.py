"""Backup and restore that work the same on SQLite and PostgreSQL (and across them), and backups
that prove they are whole.

A backup is a gzip'd JSON-lines file: a header with the schema revision, every row of every table
in foreign-key order, and last a manifest: the revision, the rows per table and the SHA-256 of
every line before it. A file cut short has no manifest; a changed byte breaks the gzip check or
the checksum; so ``verify`` (``ksdesk backup --verify``) tells a whole backup from a damaged one
without a database, and restore runs it before it touches the target.

Restoring needs an empty database. In one transaction it is brought to the backup's schema
revision, the rows are inserted, the schema is brought up to date, and PostgreSQL's id sequences
are moved past the restored ids: a restore that fails at any step leaves the target as it was.
Every damaged or foreign file is answered with a message (RestoreRefused), never a traceback.
"""

from __future__ import annotations

import base64
import errno
import gzip
import hashlib
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Date, DateTime, Engine, LargeBinary, Table, func, insert, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

from ksdesk import models
from ksdesk.db import UTCDateTime
from ksdesk.errors import KsdeskError
from ksdesk.schema import alembic_config

FORMAT = "ksdesk-backup/2"
OLDER_FORMATS = ("ksdesk-backup/1",)
BATCH = 2000


class RestoreRefused(KsdeskError):
    status_code = 409
    code = "restore_refused"


class BackupFailed(KsdeskError):
    status_code = 500
    code = "backup_failed"


@dataclass
class BackupReport:
    revision: str
    rows: dict[str, int] = field(default_factory=dict)
    sha256: str = ""


def _tables() -> list[Table]:
    return list(models.metadata().sorted_tables)


def _revision(engine: Engine) -> str:
    with engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    if not heads:
        raise KsdeskError("the database has no schema yet; run `ksdesk init` first", code="schema_missing")
    return ",".join(sorted(heads))


def _encode(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (bytes, memoryview)):
        return {"$b64": base64.b64encode(bytes(value)).decode()}
    return value


def _decode(column, value):
    if value is None:
        return None
    if isinstance(value, dict) and "$b64" in value and isinstance(column.type, LargeBinary):
        return base64.b64decode(value["$b64"])
    if isinstance(column.type, (DateTime, UTCDateTime)):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def partial_path(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def backup(engine: Engine, path: Path, progress: Callable[[str, int], None] | None = None) -> BackupReport:
    """Writes the backup to ``<path>.partial`` and renames it only once its manifest is written.

    A failed backup (a full disk) removes its partial file; one killed outright leaves it, and the
    next backup to the same path removes it first.
    """
    report = BackupReport(revision=_revision(engine))
    tmp = partial_path(path)
    tmp.unlink(missing_ok=True)
    digest = hashlib.sha256()
    try:
        # One read transaction: the backup is a consistent snapshot even while the app is writing.
        with engine.connect() as connection, connection.begin(), gzip.open(tmp, "wt", encoding="utf-8") as out:
            def write(item: dict) -> None:
                line = json.dumps(item, ensure_ascii=False) + "\n"
                digest.update(line.encode("utf-8"))
                out.write(line)

            write({"format": FORMAT, "revision": report.revision})
            for table in _tables():
                order = [c for c in table.primary_key.columns] or list(table.columns)
                count = 0
                for row in connection.execute(select(table).order_by(*order)).mappings():
                    write({"t": table.name, "r": {k: _encode(v) for k, v in row.items()}})
                    count += 1
                report.rows[table.name] = count
                if progress:
                    progress(table.name, count)
            report.sha256 = digest.hexdigest()
            # Last: a file without it was cut short.
            out.write(json.dumps({"manifest": {"revision": report.revision, "rows": report.rows,
                                               "sha256": report.sha256}}) + "\n")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        # Only read from the database: it is as it was, and so is a backup made before to ``path``.
        reason = "the disk is full; free space and try again" if exc.errno == errno.ENOSPC else exc.strerror or exc
        kept = f" ({path} is still the backup made before)" if path.exists() else ""
        raise BackupFailed(f"the backup could not be written to {path}: {reason}. Nothing was changed{kept}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return report


def _lines(path: Path) -> Iterator[bytes]:
    """The file's lines, uncompressed; a damaged file is a RestoreRefused, whatever the damage."""
    try:
        with gzip.open(path, "rb") as handle:
            yield from handle
    except FileNotFoundError as exc:
        raise RestoreRefused(f"{path} does not exist") from exc
    except (OSError, EOFError, zlib.error) as exc:
        # gzip checks its own CRC and length at the end: a changed byte or a cut ends here.
        raise RestoreRefused(f"{path} is damaged or not a gzip file ({exc}); use another backup") from exc


def _parse(raw: bytes, number: int, path: Path) -> dict:
    try:
        item = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise RestoreRefused(f"{path} is damaged: line {number} is not a backup line") from exc
    if not isinstance(item, dict):
        raise RestoreRefused(f"{path} is damaged: line {number} is not a backup line")
    return item


def _revision_problem(revision: str, path: Path) -> str | None:
    scripts = ScriptDirectory.from_config(alembic_config())
    for head in revision.split(","):
        try:
            known = scripts.get_revision(head)
        except CommandError:
            known = None
        if known is None:
            return (f"{path} was made by another version of ksdesk (schema {revision} is unknown to this one): "
                    "restore it with the version that made it")
    return None


def _header_problem(item: dict, path: Path) -> str | None:
    if item.get("format") in OLDER_FORMATS:
        return (f"{path} was made before backups carried a manifest, so it cannot be shown to be whole; "
                "make a new backup with this version")
    if item.get("format") != FORMAT or not isinstance(item.get("revision"), str):
        return f"{path} is not a ksdesk backup ({item.get('format')!r})"
    return _revision_problem(item["revision"], path)


def _row_problem(item: dict, number: int, tables: dict[str, Table], path: Path) -> str | None:
    name, row = item.get("t"), item.get("r")
    if name not in tables or not isinstance(row, dict):
        return f"{path} is damaged or of another version: line {number} names an unknown table {name!r}"
    unknown = set(row) - set(tables[name].c.keys())
    if unknown:
        return f"{path} is of another version: table {name} has unknown columns {', '.join(sorted(unknown))}"
    return None


def _items(path: Path) -> Iterator[tuple[int, dict]]:
    """Header first, then the rows; checks each line and, at the end, the manifest.

    A line that reads as another version's (an unknown revision, table or column) stops the rows
    but not the reading: a changed byte can turn a column's name into another, so the file is read
    to its end and its checksum judged first, and only a whole file is called another version's.
    """
    tables = {t.name: t for t in _tables()}
    digest = hashlib.sha256()
    counted: dict[str, int] = {}
    header: dict | None = None
    manifest: dict | None = None
    foreign: str | None = None
    number = 0
    for number, raw in enumerate(_lines(path), start=1):
        if manifest is not None:
            raise RestoreRefused(f"{path} is damaged: there are lines after its manifest")
        item = _parse(raw, number, path)
        if number > 1 and "manifest" in item:
            manifest = item["manifest"] if isinstance(item["manifest"], dict) else {}
            continue
        digest.update(raw)
        if foreign is None:
            foreign = _header_problem(item, path) if number == 1 else _row_problem(item, number, tables, path)
        if foreign is not None:
            continue
        if number == 1:
            header = item
        else:
            counted[item["t"]] = counted.get(item["t"], 0) + 1
        yield number, item
    if number == 0:
        raise RestoreRefused(f"{path} is empty")
    if manifest is None:
        raise RestoreRefused(foreign or f"{path} is incomplete: it has no manifest (the backup was cut short)")
    if manifest.get("sha256") != digest.hexdigest():
        raise RestoreRefused(f"{path} is damaged: its checksum does not match its contents")
    if foreign is not None:
        raise RestoreRefused(foreign)
    assert header is not None
    expected = {k: v for k, v in (manifest.get("rows") or {}).items() if v}
    if expected != counted or manifest.get("revision") != header["revision"]:
        raise RestoreRefused(f"{path} is damaged: its rows do not match its manifest")


def verify(path: Path) -> BackupReport:
    """Reads the whole backup and checks it against its manifest; RestoreRefused says what is wrong."""
    report: BackupReport | None = None
    for _number, item in _items(path):
        if report is None:
            report = BackupReport(revision=item["revision"])
        else:
            report.rows[item["t"]] = report.rows.get(item["t"], 0) + 1
    assert report is not None  # _items refuses a file without a header
    return report


# Tables that only people fill: if any holds a row, the database is in use. (Migrations seed
# reference rows elsewhere, such as the roles and the default rule set.)
USER_DATA = ("user_account", "organisation", "collaboration", "audit_event")


def _is_empty(engine: Engine) -> bool:
    names = set(inspect(engine).get_table_names())
    tables = {t.name: t for t in _tables()}
    with engine.connect() as connection:
        return not any(
            name in names and connection.execute(select(func.count()).select_from(tables[name])).scalar()
            for name in USER_DATA
        )


def restore(engine: Engine, path: Path, progress: Callable[[str, int], None] | None = None) -> BackupReport:
    """Verifies the whole file first, then restores it in one transaction (see the module's text)."""
    checked = verify(path)
    if not _is_empty(engine):
        raise RestoreRefused("the target database is not empty; restore into a new, empty database")
    config = alembic_config()
    report = BackupReport(revision=checked.revision)
    tables = {t.name: t for t in _tables()}
    current: str | None = None
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            for head in checked.revision.split(","):
                command.upgrade(config, head)
            # Rows the migrations seeded (roles, the default rule set) are replaced by the backup's.
            for table in reversed(_tables()):
                if inspect(connection).has_table(table.name):
                    connection.execute(table.delete())
            batch: list[dict[str, Any]] = []

            def flush():
                if batch:
                    connection.execute(insert(tables[current]), batch)
                    report.rows[current] = report.rows.get(current, 0) + len(batch)
                    batch.clear()

            for number, item in _items(path):
                if number == 1:
                    continue
                if item["t"] != current:
                    flush()
                    if current and progress:
                        progress(current, report.rows.get(current, 0))
                    current = item["t"]
                table = tables[item["t"]]
                batch.append({k: _decode(table.c[k], v) for k, v in item["r"].items()})
                if len(batch) >= BATCH:
                    flush()
            flush()
            # A backup of an older schema is brought up to date with its rows, as an upgrade would.
            command.upgrade(config, "heads")
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection, tables.values())
            _after_restore(connection)
    except SQLAlchemyError as exc:
        where = f" (table {current})" if current else ""
        raise RestoreRefused(f"the target database refused the backup{where}; nothing was restored: "
                             f"{getattr(exc, 'orig', exc)}") from exc
    return report


def _reset_sequences(connection, tables) -> None:
    for table in tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (column.type.python_type is int and len(table.primary_key) == 1):
                sequence = connection.execute(
                    text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
                ).scalar()
                if sequence:
                    connection.execute(
                        text(f"SELECT setval(:s, COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"),
                        {"s": sequence},
                    )


def _after_restore(connection) -> None:
    from sqlalchemy.orm import Session

    from ksdesk.desk.knowledge import rebuild_search_index

    with Session(bind=connection) as session:
        rebuild_search_index(session)
        session.flush()

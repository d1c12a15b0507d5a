"""Backup and restore that work the same on SQLite and PostgreSQL (and across them).

A backup is a gzip'd JSON-lines file: a header with the schema revision, then every row of
every table in foreign-key order. Restoring needs an empty database; it is brought to the
backup's schema revision first, the rows are inserted in one transaction, and PostgreSQL's
id sequences are moved past the restored ids. Nothing is written if any step fails.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Date, DateTime, Engine, LargeBinary, Table, func, insert, inspect, select, text

from ksdesk import models
from ksdesk.db import UTCDateTime
from ksdesk.errors import KsdeskError
from ksdesk.schema import alembic_config

FORMAT = "ksdesk-backup/1"
BATCH = 2000


class RestoreRefused(KsdeskError):
    status_code = 409
    code = "restore_refused"


@dataclass
class BackupReport:
    revision: str
    rows: dict[str, int] = field(default_factory=dict)


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


def backup(engine: Engine, path: Path, progress: Callable[[str, int], None] | None = None) -> BackupReport:
    report = BackupReport(revision=_revision(engine))
    tmp = path.with_name(path.name + ".partial")
    # One read transaction: the backup is a consistent snapshot even while the app is writing.
    with engine.connect() as connection, connection.begin(), gzip.open(tmp, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"format": FORMAT, "revision": report.revision}) + "\n")
        for table in _tables():
            order = [c for c in table.primary_key.columns] or list(table.columns)
            count = 0
            for row in connection.execute(select(table).order_by(*order)).mappings():
                out.write(json.dumps({"t": table.name, "r": {k: _encode(v) for k, v in row.items()}},
                                     ensure_ascii=False) + "\n")
                count += 1
            report.rows[table.name] = count
            if progress:
                progress(table.name, count)
    tmp.replace(path)
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
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = json.loads(handle.readline())
        if header.get("format") != FORMAT:
            raise RestoreRefused(f"{path} is not a ksdesk backup ({header.get('format')!r})")
        if not _is_empty(engine):
            raise RestoreRefused("the target database is not empty; restore into a new, empty database")
        config = alembic_config()
        revision = header["revision"]
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            for head in revision.split(","):
                command.upgrade(config, head)
        report = BackupReport(revision=revision)
        tables = {t.name: t for t in _tables()}
        with engine.begin() as connection:
            # Rows the migrations seeded (roles, the default rule set) are replaced by the backup's.
            for table in reversed(_tables()):
                connection.execute(table.delete())
            batch: list[dict] = []
            current: str | None = None

            def flush():
                if batch:
                    connection.execute(insert(tables[current]), batch)
                    report.rows[current] = report.rows.get(current, 0) + len(batch)
                    batch.clear()

            for line in handle:
                item = json.loads(line)
                if item["t"] != current:
                    flush()
                    if current and progress:
                        progress(current, report.rows.get(current, 0))
                    current = item["t"]
                assert current is not None
                table = tables[current]
                batch.append({k: _decode(table.c[k], v) for k, v in item["r"].items()})
                if len(batch) >= BATCH:
                    flush()
            flush()
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection, tables.values())
            _after_restore(connection)
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

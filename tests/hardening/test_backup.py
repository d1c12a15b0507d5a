"""A backup restored into an empty database holds exactly what the original held, table by table."""

import errno
import gzip
import hashlib
import json
import os
from datetime import date

import pytest
from sqlalchemy import select

from ksdesk import backup, schema
from ksdesk.db import Base, make_engine, transaction
from ksdesk.demo.load import load_demo
from ksdesk.desk import service as desk
from ksdesk.desk.vocab import Topic
from ksdesk.screening import watchlists
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion
from ksdesk.wiring import install
from tests.conftest import BACKEND
from tests.databases import throwaway_database

TOPIC = list(Topic)[0].value


def _contents(engine) -> dict[str, list]:
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*order))]
    return out


@pytest.fixture
def databases(tmp_path):
    with throwaway_database(tmp_path, "backup_source") as source_url, \
            throwaway_database(tmp_path, "backup_target") as target_url:
        source, target = make_engine(source_url), make_engine(target_url)
        yield source, target
        source.dispose()
        target.dispose()


def test_a_restored_backup_equals_the_original_in_every_table(databases, tmp_path):
    source, target = databases
    schema.upgrade(source)
    factory = install(source)
    with transaction(factory) as session:
        load_demo(session)
        from ksdesk.accounts.principal import SYSTEM

        watchlists.load_version(session, SYSTEM, ListVersion(
            source="t", title="T", version_date=None,
            entries=[ListEntry("t:1", [ListName("Example Defence Institute", "official")], country="cn")]))
        desk.submit_question(session, {
            "asker_name": "Jan Jansen", "asker_email": "jan@example.org", "asker_role": "researcher",
            "language": "nl", "subject": "Samenwerking met een instituut",
            "text": "Mag ik samenwerken met dit instituut?", "topics": [TOPIC], "countries": ["CN"], "consent": True,
            "institution_name": "Universiteit Leiden"}, client_address="127.0.0.1")
    path = tmp_path / "backup.jsonl.gz"
    report = backup.backup(source, path)
    assert report.rows["collaboration"] >= 12 and report.rows["audit_event"] > 0

    backup.restore(target, path)
    assert _contents(target) == _contents(source)

    # The restored database goes on working: new rows get fresh ids, search finds old answers.
    with transaction(install(target)) as session:
        q = desk.submit_question(session, {
            "asker_name": "Piet", "asker_email": "piet@example.org", "asker_role": "advisor", "language": "en",
            "subject": "Second", "text": "A second question", "topics": [TOPIC], "countries": [], "consent": True,
            "institution_name": "UL"}, client_address="127.0.0.2")
        assert q.reference.endswith("000002")


def test_restore_refuses_a_database_that_is_not_empty(databases, tmp_path):
    source, target = databases
    schema.upgrade(source)
    with transaction(install(source)) as session:
        load_demo(session)
    path = tmp_path / "backup.jsonl.gz"
    backup.backup(source, path)
    schema.upgrade(target)
    with transaction(install(target)) as session:
        load_demo(session)
    with pytest.raises(backup.RestoreRefused, match="not empty"):
        backup.restore(target, path)


def test_restore_refuses_a_file_that_is_not_a_backup(databases, tmp_path):
    _, target = databases
    path = tmp_path / "other.jsonl.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(json.dumps({"format": "something else"}) + "\n")
    with pytest.raises(backup.RestoreRefused, match="not a ksdesk backup"):
        backup.restore(target, path)


# ------------------------------------------------------------------ backups that prove they are whole


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A backup of the demo data, and the number of lines it has."""
    directory = tmp_path_factory.mktemp("whole")
    with throwaway_database(directory, "whole_source") as url:
        engine = make_engine(url)
        try:
            schema.upgrade(engine)
            with transaction(install(engine)) as session:
                load_demo(session)
            path = directory / "backup.jsonl.gz"
            report = backup.backup(engine, path)
        finally:
            engine.dispose()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lines = fh.readlines()
    return path, report, lines


def _rewritten(tmp_path, lines, name="damaged.jsonl.gz"):
    path = tmp_path / name
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(lines)
    return path


def _resealed(lines):
    """The lines with a manifest whose checksum is theirs, as another version would have written it."""
    body = lines[:-1]
    manifest = json.loads(lines[-1])["manifest"]
    manifest["sha256"] = hashlib.sha256("".join(body).encode("utf-8")).hexdigest()
    return [*body, json.dumps({"manifest": manifest}) + "\n"]


def _has_no_schema(engine) -> bool:
    from sqlalchemy import inspect

    return "user_account" not in inspect(engine).get_table_names()


def test_a_backup_ends_with_a_manifest_that_verify_checks(made):
    path, report, lines = made
    manifest = json.loads(lines[-1])["manifest"]
    assert manifest["rows"] == report.rows and manifest["revision"] == report.revision
    assert len(manifest["sha256"]) == 64
    checked = backup.verify(path)
    assert {k: v for k, v in report.rows.items() if v} == checked.rows
    assert not backup.partial_path(path).exists()


def test_a_truncated_backup_is_refused_before_the_target_is_touched(made, databases, tmp_path):
    _path, _report, lines = made
    _source, target = databases
    truncated = _rewritten(tmp_path, lines[: len(lines) // 2])
    with pytest.raises(backup.RestoreRefused, match="cut short"):
        backup.restore(target, truncated)
    assert _has_no_schema(target)


def test_a_changed_row_breaks_the_checksum(made, tmp_path):
    _path, _report, lines = made
    changed = list(lines)
    changed[5] = changed[5].replace(":", ": ", 1)  # the same row, one byte more
    with pytest.raises(backup.RestoreRefused, match="checksum"):
        backup.verify(_rewritten(tmp_path, changed))


def test_a_corrupted_byte_anywhere_after_the_gzip_header_is_called_damaged(made, tmp_path):
    """A changed byte can turn a column's name into an unknown one; that is damage, not a version."""
    path, _report, _lines = made
    original = path.read_bytes()
    # The gzip header's time and file name are outside its checks; the compressed rows and the
    # trailer are not.
    start = original.index(b"\0", 10) + 1
    positions = sorted({start + (len(original) - start - 1) * k // 60 for k in range(61)})
    for position in positions:
        data = bytearray(original)
        data[position] ^= 0xFF
        damaged = tmp_path / "byte.jsonl.gz"
        damaged.write_bytes(bytes(data))
        with pytest.raises(backup.RestoreRefused, match="damaged") as refused:
            backup.verify(damaged)
        assert "another version" not in str(refused.value), position


def test_a_changed_column_name_is_damage_when_the_checksum_fails(made, tmp_path):
    _path, _report, lines = made
    changed = list(lines)
    row = json.loads(changed[5])
    column = next(iter(row["r"]))
    row["r"]["_" + column[1:]] = row["r"].pop(column)
    changed[5] = json.dumps(row) + "\n"
    with pytest.raises(backup.RestoreRefused, match="checksum"):
        backup.verify(_rewritten(tmp_path, changed))
    with pytest.raises(backup.RestoreRefused, match="another version: table .* has unknown columns"):
        backup.verify(_rewritten(tmp_path, _resealed(changed), "column.jsonl.gz"))


def test_a_file_cut_in_the_middle_of_its_gzip_stream_is_refused(made, tmp_path):
    path, _report, _lines = made
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(backup.RestoreRefused, match="damaged"):
        backup.verify(cut)


def test_unknown_tables_and_schema_revisions_are_refused_with_a_message(made, tmp_path):
    _path, _report, lines = made
    unknown_table = [lines[0], json.dumps({"t": "no_such_table", "r": {"id": 1}}) + "\n", *lines[1:]]
    with pytest.raises(backup.RestoreRefused, match="unknown table"):
        backup.verify(_rewritten(tmp_path, _resealed(unknown_table), "table.jsonl.gz"))
    header = json.loads(lines[0])
    wrong = [json.dumps({**header, "revision": "9999_future"}) + "\n", *lines[1:]]
    with pytest.raises(backup.RestoreRefused, match="another version"):
        backup.verify(_rewritten(tmp_path, _resealed(wrong), "revision.jsonl.gz"))


def test_a_failed_backup_leaves_no_partial_file(databases, tmp_path):
    source, _target = databases
    schema.upgrade(source)
    path = tmp_path / "backup.jsonl.gz"
    stale = backup.partial_path(path)
    stale.write_text("left by a killed backup")
    backup.backup(source, path)
    assert path.exists() and not stale.exists()
    missing = tmp_path / "no-such-folder" / "backup.jsonl.gz"
    with pytest.raises(backup.BackupFailed):
        backup.backup(source, missing)
    assert not backup.partial_path(missing).exists()


class _FullDisk:
    """A file being written on a disk that fills up after its first ``room`` writes."""

    def __init__(self, handle, room: int):
        self.handle, self.room = handle, room

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return self.handle.__exit__(*exc_info)

    def write(self, text: str) -> int:
        self.room -= 1
        if self.room < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self.handle.write(text)


def test_a_backup_on_a_full_disk_fails_with_a_message_and_exit_2_and_leaves_everything_as_it_was(
        databases, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from ksdesk.cli.main import app
    from ksdesk.desk.models import ClosureDay
    from ksdesk.settings import get_settings

    source, _target = databases
    schema.upgrade(source)
    factory = install(source)
    path = tmp_path / "backup.jsonl.gz"
    backup.backup(source, path)  # last night's, which stays the good one
    before = path.read_bytes()
    real_open = gzip.open
    monkeypatch.setattr(gzip, "open", lambda *args, **kwargs: _FullDisk(real_open(*args, **kwargs), room=3))
    monkeypatch.setenv("KSDESK_DATABASE_URL", source.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["backup", str(path)])
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert result.exit_code == 2, result.output
    assert "the disk is full" in result.output and "Nothing was changed" in result.output
    assert "Traceback" not in result.output
    assert not backup.partial_path(path).exists() and path.read_bytes() == before
    assert backup.verify(path).rows
    with transaction(factory) as session:  # the running system goes on writing
        session.add(ClosureDay(day=date(2041, 1, 2), reason="after a failed backup"))
    with factory() as session:
        assert session.scalar(select(ClosureDay).where(ClosureDay.reason == "after a failed backup")) is not None


def test_the_commands_answer_a_damaged_backup_with_a_message_and_exit_2(made, tmp_path):
    from tests.cli.test_import_export import _cli, cli_env_for

    path, _report, lines = made
    env = cli_env_for(f"sqlite:///{tmp_path / 'target.sqlite3'}")
    whole = _cli(["backup", "--verify", str(path)], env)
    assert whole.returncode == 0 and "backup whole" in whole.stdout
    truncated = _rewritten(tmp_path, lines[:100])
    for args in (["backup", "--verify", str(truncated)], ["restore", str(truncated)]):
        result = _cli(args, env)
        assert result.returncode == 2, result.stderr
        assert "cut short" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(BACKEND != "postgresql", reason="moves an SQLite installation into PostgreSQL")
def test_an_sqlite_installation_moves_into_postgresql(made, tmp_path):
    path, report, _lines = made  # made on the backend under test: here PostgreSQL; make one on SQLite
    source = make_engine(f"sqlite:///{tmp_path / 'installation.sqlite3'}")
    try:
        schema.upgrade(source)
        with transaction(install(source)) as session:
            load_demo(session)
        moved = tmp_path / "move.jsonl.gz"
        backup.backup(source, moved)
        with throwaway_database(tmp_path, "moved") as url:
            target = make_engine(url)
            try:
                backup.restore(target, moved)
                assert _contents(target) == _contents(source)
            finally:
                target.dispose()
    finally:
        source.dispose()

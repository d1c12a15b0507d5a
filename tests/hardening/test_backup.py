"""A backup restored into an empty database holds exactly what the original held, table by table."""

import gzip
import json

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

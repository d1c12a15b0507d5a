"""The audit log is a hash chain: a changed, removed or inserted row, or a log cut short, is found
by `ksdesk audit verify`, which names the first broken link; TRUNCATE is refused on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from ksdesk import audit, audit_chain
from ksdesk.accounts.principal import SYSTEM
from ksdesk.audit import AuditEvent
from ksdesk.schema import upgrade
from ksdesk.wiring import install
from tests.cli.test_import_export import _cli, cli_env_for
from tests.conftest import BACKEND
from tests.databases import throwaway_database


def _record(db, n: int, label: str = "thing") -> list[AuditEvent]:
    events = [audit.record(db, SYSTEM, f"{label}.create", label, i, after={"n": i, "name": "Ünïcode ✓"})
              for i in range(n)]
    db.flush()
    return events


def _without_append_only_trigger(db) -> None:
    """What someone who owns the database can do (rolled back with the test)."""
    if BACKEND == "postgresql":
        db.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update"))
    else:
        db.execute(text("DROP TRIGGER audit_event_no_update"))
        db.execute(text("DROP TRIGGER audit_event_no_delete"))


def test_every_new_event_carries_the_hash_of_the_one_before(db):
    first, second, third = _record(db, 3)
    assert second.prev_hash == first.row_hash and third.prev_hash == second.row_hash
    assert third.row_hash == audit_chain.link(second.row_hash, third)
    assert audit_chain.verify(db).whole


def test_a_savepoint_that_rolls_back_leaves_no_gap_in_the_chain(db):
    _record(db, 1)
    with db.begin_nested() as savepoint:
        _record(db, 2, "discarded")
        savepoint.rollback()
    _record(db, 1, "kept")
    db.commit()
    assert audit_chain.verify(db).whole


def test_a_changed_row_is_reported_as_the_first_break(db):
    events = _record(db, 5)
    _without_append_only_trigger(db)
    db.execute(text("UPDATE audit_event SET actor_label = 'someone else' WHERE id = :id"), {"id": events[2].id})
    verdict = audit_chain.verify(db)
    assert verdict.broken is not None and verdict.broken.event_id == events[2].id
    assert "changed" in verdict.broken.why


def test_a_removed_row_is_reported_at_the_row_after_it(db):
    events = _record(db, 5)
    _without_append_only_trigger(db)
    db.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": events[1].id})
    verdict = audit_chain.verify(db)
    assert verdict.broken is not None and verdict.broken.event_id == events[2].id


def test_a_log_cut_short_at_its_end_is_found_by_the_anchor(db):
    events = _record(db, 4)
    verdict = audit_chain.verify(db)
    anchor = {"id": verdict.last_id, "hash": verdict.last_hash}
    _without_append_only_trigger(db)
    db.execute(text("DELETE FROM audit_event WHERE id >= :id"), {"id": events[2].id})
    assert audit_chain.verify(db).whole  # the chain alone cannot tell
    verdict = audit_chain.verify(db, anchor)
    assert verdict.broken is not None and "cut short" in verdict.broken.why


@pytest.mark.skipif(BACKEND != "postgresql", reason="SQLite has no TRUNCATE")
def test_truncate_is_refused_on_postgresql(db):
    _record(db, 1)
    with pytest.raises(DBAPIError, match="append-only"):
        with db.begin_nested():
            db.execute(text("TRUNCATE audit_event CASCADE"))
    assert db.scalar(select(func.count()).select_from(AuditEvent)) > 0


def test_the_migration_chains_the_rows_logged_before_it(tmp_path):
    from alembic import command
    from alembic.script import ScriptDirectory

    from ksdesk.db import make_engine, transaction, utcnow
    from ksdesk.schema import alembic_config

    with throwaway_database(tmp_path, "chain_migration") as url:
        engine = make_engine(url)
        try:
            config = alembic_config()
            before = ScriptDirectory.from_config(config).get_revision("0007_14a").down_revision
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, before)
            with engine.begin() as conn:
                for i in range(3):
                    conn.execute(AuditEvent.__table__.insert().values(
                        at=utcnow(), actor_label="system", action="x.create", object_type="x",
                        object_id=str(i), after={"i": i}))
            upgrade(engine)
            with transaction(install(engine)) as session:
                _record(session, 2)
            with install(engine)() as session:
                verdict = audit_chain.verify(session)
            assert verdict.whole and verdict.rows == 5
        finally:
            engine.dispose()


def test_the_command_reports_the_first_broken_row_and_exits_non_zero(tmp_path):
    with throwaway_database(tmp_path, "chain_cli") as url:
        env = cli_env_for(url)
        anchor = tmp_path / "anchor.json"
        assert _cli(["init"], env).returncode == 0
        assert _cli(["users", "create", "--email", "a@example.org", "--name", "A", "--role", "admin",
                     "--password", "correct-horse-battery"], env).returncode == 0
        whole = _cli(["audit", "verify", "--anchor", str(anchor)], env)
        assert whole.returncode == 0, whole.stderr
        assert "audit log whole" in whole.stdout and anchor.exists()
        from ksdesk.db import make_engine

        engine = make_engine(url)
        try:
            with engine.begin() as conn:
                if BACKEND == "postgresql":
                    conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update"))
                else:
                    conn.execute(text("DROP TRIGGER audit_event_no_update"))
                first = conn.execute(select(func.min(AuditEvent.id))).scalar()
                conn.execute(text("UPDATE audit_event SET reason = 'rewritten' WHERE id = :id"), {"id": first})
        finally:
            engine.dispose()
        broken = _cli(["audit", "verify", "--anchor", str(anchor)], env)
        assert broken.returncode == 1
        assert f"broken at event {first}" in broken.stderr and "Traceback" not in broken.stderr


def test_the_nightly_check_tells_the_administrators_of_a_break(session_factory, db, world, tmp_path):
    from ksdesk import audit_watch
    from ksdesk.notifications.models import Notification

    anchor = tmp_path / "anchor.json"
    events = _record(db, 3)
    db.commit()
    assert audit_watch.check(session_factory, anchor).whole and anchor.exists()
    _without_append_only_trigger(db)
    db.execute(text("UPDATE audit_event SET reason = 'rewritten' WHERE id = :id"), {"id": events[1].id})
    db.commit()
    verdict = audit_watch.check(session_factory, anchor)
    assert verdict.broken is not None and verdict.broken.event_id == events[1].id
    notices = db.scalars(select(Notification).where(Notification.kind == "audit_broken")).all()
    assert {n.user_id for n in notices} == {world.users["hank"].id}
    assert notices[0].params == {"event": str(events[1].id)}

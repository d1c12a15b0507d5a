"""Upgrading a database with mail left "sending" by a worker that died: the row is leased until 15
minutes after its last attempt, as the sweep treated it before, so it is sent again after that."""

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from ksdesk import schema
from ksdesk.db import make_engine
from tests.databases import downgrade, throwaway_database

AT = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_mail_left_sending_before_the_lease_existed_is_leased_from_its_last_attempt(tmp_path):
    with throwaway_database(tmp_path, "lease") as url:
        engine = make_engine(url)
        try:
            schema.upgrade(engine)
            downgrade(engine, "0007_13f")
            outbox = sa.Table("desk_outbox", sa.MetaData(), autoload_with=engine)
            # As stored: SQLite keeps naive UTC, PostgreSQL a time zone.
            at = AT if engine.dialect.name == "postgresql" else AT.replace(tzinfo=None)
            with engine.begin() as connection:
                for status in ("sending", "sent"):
                    connection.execute(outbox.insert().values(
                        kind="confirmation", recipient="jan@uni.example", subject="s", body="b", language="nl",
                        status=status, attempts=1, created_at=at,
                        last_attempt_at=at))
            schema.upgrade(engine)
            from ksdesk.desk.models import OutboxMail

            with engine.connect() as connection:
                leases = dict(connection.execute(sa.select(OutboxMail.status, OutboxMail.lease_until)).all())
            assert leases == {"sending": AT + timedelta(minutes=15), "sent": None}
        finally:
            engine.dispose()

"""A token that changes with every change to what the screening index is built from

Revision ID: 0008_12b
Revises: 0007_13h
Create Date: 2026-12-05 20:20:00
"""

from alembic import op

revision = '0008_12b'
down_revision = '0007_13h'
branch_labels = None
depends_on = None

# What the index is built from (screening/source.py). A change to any of them, by the app, an
# import or by hand, gives the state a new random token in the same transaction: a rolled-back
# change leaves no token behind that a later, different state could reuse.
SOURCE_TABLES = ("organisation", "organisation_name", "organisation_relation",
                 "watchlist", "watchlist_version", "watchlist_entry")
SQLITE_TOKEN = "lower(hex(randomblob(12)))"
POSTGRESQL_TOKEN = "md5(random()::text || clock_timestamp()::text)"


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("CREATE TABLE screening_source_state (id INTEGER PRIMARY KEY, token VARCHAR(32) NOT NULL, "
                   "xact BIGINT)")
        op.execute(f"INSERT INTO screening_source_state (id, token) VALUES (1, {POSTGRESQL_TOKEN})")
        op.execute("CREATE SEQUENCE screening_source_changes")
        # The row changes once per transaction: PostgreSQL keeps every version of a row a
        # transaction updates, and an import that updated it once per statement took minutes.
        # Within the transaction the session's own sequence value tells its statements apart
        # (screening/source.py reads both).
        op.execute(
            "CREATE FUNCTION screening_source_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "PERFORM nextval('screening_source_changes'); "
            f"UPDATE screening_source_state SET token = {POSTGRESQL_TOKEN}, xact = txid_current() "
            "WHERE id = 1 AND xact IS DISTINCT FROM txid_current(); RETURN NULL; END $$"
        )
        for table in SOURCE_TABLES:
            # Once per statement: a bulk insert of many rows costs one call, not one per row.
            op.execute(f"CREATE TRIGGER {table}_screening_source AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                       f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION screening_source_changed()")
    else:
        op.execute("CREATE TABLE screening_source_state (id INTEGER PRIMARY KEY, token VARCHAR(32) NOT NULL)")
        op.execute(f"INSERT INTO screening_source_state (id, token) VALUES (1, {SQLITE_TOKEN})")
        for table in SOURCE_TABLES:
            for verb in ("INSERT", "UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_screening_source_{verb.lower()} AFTER {verb} ON {table} "
                           f"BEGIN UPDATE screening_source_state SET token = {SQLITE_TOKEN} WHERE id = 1; END")


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in SOURCE_TABLES:
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_screening_source ON {table}")
        else:
            for verb in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_screening_source_{verb}")
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS screening_source_changed()")
        op.execute("DROP SEQUENCE IF EXISTS screening_source_changes")
    op.execute("DROP TABLE screening_source_state")

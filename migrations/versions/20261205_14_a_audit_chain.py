"""Audit log as a hash chain; TRUNCATE refused on PostgreSQL

Revision ID: 0007_14a
Revises: 0007_12a
Create Date: 2026-12-05 11:20:00
"""

import sqlalchemy as sa
from alembic import op

import ksdesk.db

revision = '0007_14a'
down_revision = '0007_12a'
branch_labels = None
depends_on = None


def _table():
    return sa.table(
        'audit_event', sa.column('id', sa.Integer), sa.column('at', ksdesk.db.UTCDateTime(timezone=True)),
        sa.column('actor_id', sa.Integer), sa.column('actor_label', sa.String), sa.column('action', sa.String),
        sa.column('object_type', sa.String), sa.column('object_id', sa.String),
        sa.column('institution_id', sa.Integer), sa.column('before', sa.JSON), sa.column('after', sa.JSON),
        sa.column('reason', sa.Text), sa.column('prev_hash', sa.String), sa.column('row_hash', sa.String),
    )


def upgrade() -> None:
    from ksdesk.audit_chain import GENESIS, link

    op.add_column('audit_event', sa.Column('prev_hash', sa.String(length=64), nullable=True))
    op.add_column('audit_event', sa.Column('row_hash', sa.String(length=64), nullable=True))
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    # The rows logged so far are chained once, here, with the append-only trigger set aside.
    if postgresql:
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    table = _table()
    previous, after = GENESIS, 0
    while True:
        rows = bind.execute(sa.select(table).where(table.c.id > after).order_by(table.c.id).limit(5000)).all()
        if not rows:
            break
        for row in rows:
            row_hash = link(previous, row)
            bind.execute(table.update().where(table.c.id == row.id).values(prev_hash=previous, row_hash=row_hash))
            previous = row_hash
        after = rows[-1].id
    if postgresql:
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update")
        op.execute("CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()")
    else:
        op.execute("CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
                   "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('row_hash')
        batch_op.drop_column('prev_hash')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update")
    else:
        # The batch copied the table, and SQLite dropped its triggers with the old one.
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
                       "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END")

"""Assessments, their decisions and participants' notes name the advisor, not their address

Revision ID: 0007_13f
Revises: 0007_13e
Create Date: 2026-12-05 17:50:00
"""

from alembic import op

revision = '0007_13f'
down_revision = '0007_13e'
branch_labels = None
depends_on = None

# (table, column) that named the person by the address they sign in with before 0007_13f.
_NAMED = (("assessment", "created_by"), ("assessment", "decided_by"), ("assessment", "confirmed_by"),
          ("assessment_note", "created_by"))


def upgrade() -> None:
    # Participants' notes on shared collaborations and assessments recorded before showed the
    # author's address to every institution that sees the collaboration; the accounts still know
    # the name behind each address. A value that is no account's address is left as it is.
    for table, column in _NAMED:
        op.execute(f"UPDATE {table} SET {column} = (SELECT u.name FROM user_account u "
                   f"WHERE u.email = {table}.{column}) WHERE {column} IN (SELECT email FROM user_account)")
    op.execute("UPDATE reassessment_flag SET detail = (SELECT u.name FROM user_account u "
               "WHERE 'changed by ' || u.email = reassessment_flag.detail) "
               "WHERE reason = 'collaboration_edited' AND detail IN (SELECT 'changed by ' || email FROM user_account)")


def downgrade() -> None:
    # The addresses are not brought back: a name is what these columns hold from now on.
    pass

"""Reviews of screening hits name the reviewer, not their address; an alert remembers the review that closed it

Revision ID: 0007_13c
Revises: 0007_17e
Create Date: 2026-12-05 14:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007_13c'
down_revision = '0007_17e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('screening_alert') as batch:
        batch.add_column(sa.Column('review_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_screening_alert_review_id_screening_review', 'screening_review',
                                 ['review_id'], ['id'])
    # Reviews and resolutions recorded before named the reviewer by e-mail address.
    op.execute("UPDATE screening_review SET reviewer_label = (SELECT u.name FROM user_account u "
               "WHERE u.id = screening_review.reviewer_id) WHERE reviewer_id IS NOT NULL")
    op.execute("UPDATE screening_alert SET resolved_by = (SELECT u.name FROM user_account u "
               "WHERE u.email = screening_alert.resolved_by) "
               "WHERE resolved_by IN (SELECT email FROM user_account)")


def downgrade() -> None:
    with op.batch_alter_table('screening_alert') as batch:
        batch.drop_constraint('fk_screening_alert_review_id_screening_review', type_='foreignkey')
        batch.drop_column('review_id')

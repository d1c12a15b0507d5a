"""Shipped reply templates: acknowledgement, request for information, referral, answer after
coordination, in Dutch and English, with the placeholders officers fill in

Revision ID: 0007_17e
Revises: 0007_13b
Create Date: 2026-12-05 12:20:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0007_17e'
down_revision = '0007_13b'
branch_labels = None
depends_on = None

TEMPLATES = [
    ("Acknowledgement", "en", "Dear {{ asker_name }},\n\nThank you for your question \"{{ subject }}\" "
     "(reference {{ reference }}), which we received on {{ received_date }}. We will answer by {{ due_date }} "
     "at the latest.\n\nKind regards,\n\nNational contact point for knowledge security"),
    ("Ontvangstbevestiging", "nl", "Beste {{ asker_name }},\n\nDank voor uw vraag \"{{ subject }}\" "
     "(referentie {{ reference }}), die wij op {{ received_date }} ontvingen. Wij antwoorden uiterlijk "
     "{{ due_date }}.\n\nMet vriendelijke groet,\n\nLoket Kennisveiligheid"),
    ("Request for information", "en", "Dear {{ asker_name }},\n\nTo answer your question \"{{ subject }}\" "
     "(reference {{ reference }}) we need to know more:\n\n- ...\n\nPlease simply reply to this e-mail. Until "
     "we hear from you the clock for our answer is stopped.\n\nKind regards,\n\n"
     "National contact point for knowledge security"),
    ("Verzoek om informatie", "nl", "Beste {{ asker_name }},\n\nOm uw vraag \"{{ subject }}\" (referentie "
     "{{ reference }}) te beantwoorden, hebben wij meer informatie nodig:\n\n- ...\n\nBeantwoord gewoon deze "
     "e-mail. Tot wij van u horen, staat de termijn voor ons antwoord stil.\n\nMet vriendelijke groet,\n\n"
     "Loket Kennisveiligheid"),
    ("Referral", "en", "Dear {{ asker_name }},\n\nYour question \"{{ subject }}\" (reference {{ reference }}) "
     "is best answered elsewhere: ...\n\n(Companies: the Netherlands Enterprise Agency, RVO. A threat to national "
     "security: the AIVD or, for defence matters, the MIVD. Your institution's own knowledge-security advisor.)"
     "\n\nKind regards,\n\nNational contact point for knowledge security"),
    ("Doorverwijzing", "nl", "Beste {{ asker_name }},\n\nUw vraag \"{{ subject }}\" (referentie {{ reference }}) "
     "kan beter elders worden beantwoord: ...\n\n(Bedrijven: de Rijksdienst voor Ondernemend Nederland, RVO. "
     "Een dreiging voor de nationale veiligheid: de AIVD of, voor defensiezaken, de MIVD. De adviseur "
     "kennisveiligheid van uw eigen instelling.)\n\nMet vriendelijke groet,\n\nLoket Kennisveiligheid"),
    ("Answer after coordination", "en", "Dear {{ asker_name }},\n\nAfter consulting the ministries concerned we "
     "can answer your question \"{{ subject }}\" (reference {{ reference }}):\n\n...\n\nOur advice is not "
     "binding: the decision stays with your institution.\n\nKind regards,\n\n"
     "National contact point for knowledge security"),
    ("Antwoord na afstemming", "nl", "Beste {{ asker_name }},\n\nNa afstemming met de betrokken ministeries "
     "kunnen wij uw vraag \"{{ subject }}\" (referentie {{ reference }}) beantwoorden:\n\n...\n\nOns advies is "
     "niet bindend: de beslissing blijft bij uw instelling.\n\nMet vriendelijke groet,\n\nLoket Kennisveiligheid"),
]

table = sa.table('desk_reply_template', sa.column('name', sa.String), sa.column('language', sa.String),
                 sa.column('body', sa.Text), sa.column('active', sa.Boolean), sa.column('updated_at', sa.DateTime))


def upgrade() -> None:
    bind = op.get_bind()
    existing = {(name, language) for name, language in bind.execute(sa.select(table.c.name, table.c.language))}
    now = datetime.now(UTC)
    rows = [{"name": name, "language": language, "body": body, "active": True, "updated_at": now}
            for name, language, body in TEMPLATES if (name, language) not in existing]
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    for name, language, _body in TEMPLATES:
        op.execute(table.delete().where(table.c.name == name, table.c.language == language))

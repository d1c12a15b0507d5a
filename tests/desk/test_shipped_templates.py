"""The reply templates the desk starts with, in both languages, with placeholders that work."""

import pytest

from ksdesk.desk import messages

SHIPPED = {"Acknowledgement", "Request for information", "Referral", "Answer after coordination",
           "Ontvangstbevestiging", "Verzoek om informatie", "Doorverwijzing", "Antwoord na afstemming"}


def test_four_templates_ship_in_each_language(db, world):
    templates = messages.list_templates(db, world.principal("erin"))
    shipped = {(t.name, t.language) for t in templates if t.name in SHIPPED}
    assert len([s for s in shipped if s[1] == "nl"]) == 4 and len([s for s in shipped if s[1] == "en"]) == 4


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_each_shipped_template_fills_in_for_a_question(db, world, ask, name):
    question = ask()
    template = next(t for t in messages.list_templates(db, world.principal("erin")) if t.name == name)
    text = messages.render_template(db, world.principal("erin"), template.id, question.id)
    assert question.reference in text and "Jan Jansen" in text and "{{" not in text

import pytest
import time_machine

from ksdesk.desk import messages
from ksdesk.errors import Forbidden, ValidationFailed
from tests.desk.conftest import MONDAY


def test_a_template_is_filled_in_for_the_question(db, world, ask):
    erin = world.principal("erin")
    with time_machine.travel(MONDAY, tick=False):
        question = ask()
    template = messages.save_template(
        db, erin, name="Ontvangen", language="nl",
        body="Beste {{ asker_name }}, uw vraag {{ reference }} beantwoorden wij uiterlijk {{ due_date }}.")
    text = messages.render_template(db, erin, template.id, question.id)
    assert text == f"Beste Jan Jansen, uw vraag {question.reference} beantwoorden wij uiterlijk donderdag 5 maart 2026, 17:00."


def test_unknown_placeholders_and_broken_syntax_are_refused(db, world):
    erin = world.principal("erin")
    with pytest.raises(ValidationFailed, match="template was not saved") as caught:
        messages.save_template(db, erin, name="x", language="nl", body="Hallo {{ password }}")
    assert "unknown placeholder password" in caught.value.field_errors["body"].message
    with pytest.raises(ValidationFailed):
        messages.save_template(db, erin, name="y", language="en", body="Hello {{ reference ")


def test_template_names_are_unique_per_language(db, world):
    erin = world.principal("erin")
    messages.save_template(db, erin, name="Dank", language="nl", body="Dank u.")
    messages.save_template(db, erin, name="Dank", language="en", body="Thank you.")
    with pytest.raises(ValidationFailed):
        messages.save_template(db, erin, name="Dank", language="nl", body="Nogmaals dank.")
    assert [t.language for t in messages.list_templates(db, erin) if t.name == "Dank"] == ["en", "nl"]


def test_only_the_desk_keeps_templates(db, world):
    with pytest.raises(Forbidden):
        messages.save_template(db, world.principal("frank"), name="x", language="nl", body="x")

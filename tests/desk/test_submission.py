from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from sqlalchemy import func, select

from ksdesk.desk import service, tasks
from ksdesk.desk.models import OutboxMail, Question, RateLimitWindow
from ksdesk.desk.ratelimit import MAX_SUBMISSIONS_PER_WINDOW, honeypot_tripped
from ksdesk.desk.schemas import MAX_TEXT
from ksdesk.errors import Forbidden, TooManyRequests, ValidationFailed
from ksdesk.registry import service as registry
from ksdesk.registry.schemas import CollaborationCreate
from tests.desk.conftest import AMS, MONDAY, form


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_public_question_gets_reference_and_due_date_three_working_days_later(db, ask):
    with time_machine.travel(MONDAY, tick=False):
        question = ask()
    assert question.reference == "KV-2026-000001"
    assert question.status == "received"
    assert question.due_at == datetime(2026, 3, 5, 17, 0, tzinfo=AMS)
    assert question.asked_by_id is None and question.institution_name == "Hogeschool Voorbeeld"


def test_references_count_on_per_year_and_restart_in_a_new_year(db, ask):
    with time_machine.travel(datetime(2026, 12, 31, 12, 0, tzinfo=AMS), tick=False):
        first, second = ask(), ask()
    # 23:30 UTC on 31 December is already next year in Amsterdam.
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc), tick=False):
        third = ask()
    assert [first.reference, second.reference, third.reference] == [
        "KV-2026-000001", "KV-2026-000002", "KV-2027-000001"]


def test_failed_submission_does_not_use_up_a_reference_number(db, ask):
    ask()
    with pytest.raises(ValidationFailed):
        service.submit_question(db, form(consent=False))
    db.rollback()
    assert ask().reference.endswith("-000002")


def test_missing_consent_is_refused_and_nothing_is_stored(db):
    with pytest.raises(ValidationFailed) as caught:
        service.submit_question(db, form(consent=False))
    db.rollback()
    assert "consent" in caught.value.field_errors
    assert count(db, Question) == 0 and count(db, OutboxMail) == 0


def test_every_bad_field_is_reported_at_once(db):
    bad = form(asker_email="not-an-address", topics=[], text="x" * (MAX_TEXT + 1), language="de")
    with pytest.raises(ValidationFailed) as caught:
        service.submit_question(db, bad)
    assert {"asker_email", "topics", "text", "language"} <= set(caught.value.field_errors)


def test_unknown_country_and_missing_institution_are_field_errors(db):
    with pytest.raises(ValidationFailed) as caught:
        service.submit_question(db, form(countries=["XX"], institution_name=""))
    assert set(caught.value.field_errors) == {"countries", "institution_name"}


def test_any_country_may_be_named(db, ask):
    question = ask(countries=["us", "IR", "br"])
    assert question.country_codes == ["BR", "IR", "US"]


def test_public_asker_cannot_link_a_collaboration(db, world):
    collaboration = registry.create_collaboration(
        db, world.principal("bob"), CollaborationCreate(title="Joint lab", form="joint_research"))
    with pytest.raises(ValidationFailed) as caught:
        service.submit_question(db, form(collaboration_id=collaboration.id))
    assert "collaboration_id" in caught.value.field_errors


def test_researcher_links_only_a_collaboration_they_may_read(db, world, ask):
    own = registry.create_collaboration(db, world.principal("bob"), CollaborationCreate(title="Bob's lab", form="joint_research"))
    other = registry.create_collaboration(db, world.principal("bella"), CollaborationCreate(title="Bella's", form="exchange"))
    question = ask(principal=world.principal("bob"), asker_name="", asker_email="", collaboration_id=own.id)
    assert question.collaboration_id == own.id
    with pytest.raises(ValidationFailed) as caught:
        service.submit_question(db, form(collaboration_id=other.id), principal=world.principal("bob"))
    assert {k: r.message for k, r in caught.value.field_errors.items()} == {"collaboration_id": "unknown collaboration"}


def test_signed_in_asker_details_come_from_the_account(db, world, ask):
    question = ask(principal=world.principal("bob"), asker_name="", asker_email="", institution_name="")
    bob = world.users["bob"]
    assert (question.asker_name, question.asker_email) == (bob.name, bob.email)
    assert question.institution_id == world.institutions["UL"].id and question.asked_by_id == bob.id


@pytest.mark.parametrize("role", ["erin", "frank", "gina", "hank"])
def test_only_researchers_advisors_and_the_public_ask_questions(db, world, role):
    with pytest.raises(Forbidden):
        service.submit_question(db, form(), principal=world.principal(role))


def test_rate_limit_refuses_with_a_clear_message_and_stores_nothing(db):
    with time_machine.travel(MONDAY, tick=False):
        for _ in range(MAX_SUBMISSIONS_PER_WINDOW):
            service.submit_question(db, form(), client_address="203.0.113.7")
            db.commit()
        with pytest.raises(TooManyRequests, match="try again in"):
            service.submit_question(db, form(), client_address="203.0.113.7")
        db.rollback()
        assert count(db, Question) == MAX_SUBMISSIONS_PER_WINDOW
        # Another address is not affected, and the limit lifts an hour later.
        service.submit_question(db, form(), client_address="198.51.100.1")
    with time_machine.travel(MONDAY + timedelta(hours=2), tick=False):
        service.submit_question(db, form(), client_address="203.0.113.7")


def test_the_rate_limit_holds_across_the_hour(db):
    """Five just before the clock hour and five just after were ten in a few minutes."""
    received = 0
    for moment in (MONDAY - timedelta(minutes=2), MONDAY + timedelta(minutes=2)):
        with time_machine.travel(moment, tick=False):
            for _ in range(MAX_SUBMISSIONS_PER_WINDOW):
                try:
                    service.submit_question(db, form(), client_address="203.0.113.8")
                    db.commit()
                    received += 1
                except TooManyRequests:
                    db.rollback()
    assert received == MAX_SUBMISSIONS_PER_WINDOW


def test_invalid_submissions_do_not_count_against_the_rate_limit(db):
    for _ in range(MAX_SUBMISSIONS_PER_WINDOW + 2):
        with pytest.raises(ValidationFailed):
            service.submit_question(db, form(consent=False), client_address="203.0.113.9")
        db.rollback()
    service.submit_question(db, form(), client_address="203.0.113.9")


def test_ended_rate_limit_windows_are_deleted_by_the_periodic_job_not_by_submissions(db):
    with time_machine.travel(MONDAY, tick=False):
        service.submit_question(db, form(), client_address="203.0.113.7")
        db.commit()
    with time_machine.travel(MONDAY + timedelta(hours=2, minutes=30), tick=False):
        service.submit_question(db, form(), client_address="198.51.100.1")
        db.commit()
        assert count(db, RateLimitWindow) == 2  # a submission deletes nothing
        # The hashed address of 10:00 is gone; the current window stays, or the limit would reset.
        assert tasks.prune_rate_limits.call_local() == 1
        assert count(db, RateLimitWindow) == 1
        assert tasks.prune_rate_limits.call_local() == 0
    # The worker runs it every ten minutes.
    due = {task.name for task in tasks.huey.read_periodic(datetime(2026, 3, 2, 10, 10))}
    assert tasks.prune_rate_limits.task_class.__name__ in due


def test_honeypot_is_tripped_only_when_filled_in():
    assert honeypot_tripped({"website": "http://spam.example"})
    assert not honeypot_tripped({"website": "  "}) and not honeypot_tripped({})

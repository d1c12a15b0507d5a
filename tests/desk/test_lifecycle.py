from datetime import date, datetime, timedelta

import pytest
import time_machine

from ksdesk import audit
from ksdesk.desk import coordination, deadlines, messages, queue, service
from ksdesk.desk.queue import DUE_SOON, OVERDUE
from ksdesk.errors import Conflict, Forbidden, ValidationFailed
from tests.desk.conftest import AMS, MONDAY


def test_a_question_goes_from_received_to_closed_with_every_step_in_the_audit_log(db, world, ask):
    erin = world.principal("erin")
    with time_machine.travel(MONDAY, tick=False):
        question = ask()
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        service.assign(db, erin, question.id, world.users["erin"].id)
        assert question.status == "in_progress"
        coordination.request_coordination(db, erin, question.id, ["ocw", "ezk"], "Graag uw visie.")
        assert question.status == "coordinating"
        coordination.record_advice(db, world.principal("frank"), question.id, "Geen bezwaar vanuit OCW.")
        service.transition(db, erin, question.id, "end_coordination")
        messages.add_reply(db, erin, question.id, "Ons antwoord op uw vraag.")
        assert question.status == "answered" and question.answered_at is not None
        service.transition(db, erin, question.id, "close")
        db.commit()
    assert question.status == "closed" and question.closed_at is not None
    actions = [e.action for e in audit.history(db, "question", question.id)]
    assert actions == [
        "question.submit", "question.assign", "question.start", "coordination.request", "coordination.request",
        "question.coordinate", "coordination.advice", "question.end_coordination", "question.reply",
        "question.answer", "question.close",
    ]
    start = next(e for e in audit.history(db, "question", question.id) if e.action == "question.start")
    assert start.actor_label == "erin@example.org"
    assert (start.before["status"], start.after["status"]) == ("received", "in_progress")


def test_a_received_question_cannot_be_closed(db, world, ask):
    question = ask()
    with pytest.raises(ValidationFailed, match="cannot close a question that is received"):
        service.transition(db, world.principal("erin"), question.id, "close")


def test_reopening_needs_a_reason(db, world, ask):
    erin = world.principal("erin")
    question = ask()
    messages.add_reply(db, erin, question.id, "Antwoord.")
    with pytest.raises(ValidationFailed, match="needs a reason"):
        service.transition(db, erin, question.id, "reopen", reason=" ")
    service.transition(db, erin, question.id, "reopen", reason="de vrager had een vervolgvraag")
    assert question.status == "in_progress" and question.answered_at is None


def test_an_edit_based_on_a_stale_version_is_refused(db, world, ask):
    erin = world.principal("erin")
    question = ask()
    seen = question.version
    service.assign(db, erin, question.id, world.users["erin"].id, expected_version=seen)
    with pytest.raises(Conflict, match="changed by someone else"):
        service.assign(db, erin, question.id, None, expected_version=seen)


def test_only_desk_officers_can_be_assigned(db, world, ask):
    question = ask()
    with pytest.raises(ValidationFailed):
        service.assign(db, world.principal("erin"), question.id, world.users["frank"].id)


@pytest.mark.parametrize("who", ["alice", "bob", "frank", "gina", "hank"])
def test_only_the_desk_handles_questions(db, world, ask, who):
    question = ask()
    with pytest.raises(Forbidden):
        service.transition(db, world.principal(who), question.id, "start")
    with pytest.raises(Forbidden):
        queue.list_queue(db, world.principal(who))


# ------------------------------------------------------------------ the queue


def test_queue_is_in_order_of_receipt_and_warns_before_and_after_the_deadline(db, world, ask):
    erin = world.principal("erin")
    with time_machine.travel(MONDAY, tick=False):
        oldest = ask(subject="Eerste vraag")
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        middle = ask(subject="Tweede vraag")
    with time_machine.travel(MONDAY + timedelta(days=2), tick=False):
        newest = ask(subject="Derde vraag")
    # Friday 10:00: the first was due Thursday 17:00, the second is due Friday 17:00.
    with time_machine.travel(MONDAY + timedelta(days=4), tick=False):
        items, total = queue.list_queue(db, erin)
        assert total == 3
        assert [(i.id, i.warning) for i in items] == [
            (oldest.id, OVERDUE), (middle.id, DUE_SOON), (newest.id, DUE_SOON)]
        assert [i.id for i in queue.list_queue(db, erin, overdue=True)[0]] == [oldest.id]
        assert [i.id for i in queue.list_queue(db, erin, due_soon=True)[0]] == [middle.id, newest.id]
        assert queue.queue_counts(db, erin)["overdue"] == 1


def test_queue_filters_by_assignee_and_status(db, world, ask):
    erin = world.principal("erin")
    first, second = ask(), ask()
    service.assign(db, erin, second.id, world.users["erin"].id)
    assert [i.id for i in queue.list_queue(db, erin, assigned_to="none")[0]] == [first.id]
    assert [i.id for i in queue.list_queue(db, erin, assigned_to=world.users["erin"].id)[0]] == [second.id]
    assert [i.id for i in queue.list_queue(db, erin, status="in_progress")[0]] == [second.id]
    messages.add_reply(db, erin, second.id, "Klaar.")
    assert [i.id for i in queue.list_queue(db, erin)[0]] == [first.id]



def test_queue_lines_say_who_has_them_and_how_many_ministries_still_advise_over_every_page(db, world, ask):
    erin = world.principal("erin")
    first, second, third = ask(subject="Een"), ask(subject="Twee"), ask(subject="Drie")
    service.assign(db, erin, first.id, world.users["erin"].id)
    coordination.request_coordination(db, erin, second.id, ["ocw", "ezk"], "Graag uw visie.")
    coordination.record_advice(db, world.principal("frank"), second.id, "Geen bezwaar vanuit OCW.")
    page_one, total = queue.list_queue(db, erin, page_size=2)
    assert total == 3
    assert [(i.reference, i.assigned_to_name, i.ministries_still_to_advise) for i in page_one] == [
        (first.reference, world.users["erin"].name, 0), (second.reference, None, 1)]
    page_two, total = queue.list_queue(db, erin, page=2, page_size=2)
    assert [(i.reference, i.assigned_to_name) for i in page_two] == [(third.reference, None)] and total == 3
    # Past the last page there is no line to carry the total: it is counted on its own.
    assert queue.list_queue(db, erin, page=3, page_size=2) == ([], 3)
    assert queue.list_queue(db, erin, status="closed") == ([], 0)

# ------------------------------------------------------------------ the clock


def test_waiting_for_the_asker_stops_the_clock_and_resuming_moves_the_deadline(db, world, ask):
    erin = world.principal("erin")
    with time_machine.travel(MONDAY, tick=False):
        question = ask()
    assert question.due_at == datetime(2026, 3, 5, 17, 0, tzinfo=AMS)
    with time_machine.travel(datetime(2026, 3, 3, 11, 0, tzinfo=AMS), tick=False):
        service.pause_for_asker(db, erin, question.id, "Welke universiteit bedoelt u?")
        assert question.due_at is None and question.paused_since is not None
        items, _ = queue.list_queue(db, erin, overdue=True)
        assert items == []
    # Waiting on Tuesday and Wednesday costs those two working days.
    with time_machine.travel(datetime(2026, 3, 4, 15, 0, tzinfo=AMS), tick=False):
        service.resume(db, erin, question.id, note="antwoord ontvangen")
    assert question.due_at == datetime(2026, 3, 9, 17, 0, tzinfo=AMS)
    assert question.paused_since is None and question.pauses[0].ended_at is not None


def test_asker_reply_ends_the_wait(db, world, ask):
    bob = world.principal("bob")
    with time_machine.travel(MONDAY, tick=False):
        question = ask(principal=bob, asker_name="", asker_email="")
        service.pause_for_asker(db, world.principal("erin"), question.id, "Meer informatie nodig")
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        service.add_asker_message(db, bob, question.reference, "Het gaat om de Tsinghua University.")
    assert question.paused_since is None and question.due_at == datetime(2026, 3, 6, 17, 0, tzinfo=AMS)


def test_a_closure_day_moves_the_deadline_of_open_questions_only(db, world, ask):
    erin = world.principal("erin")
    with time_machine.travel(MONDAY, tick=False):
        open_question, answered = ask(), ask()
        messages.add_reply(db, erin, answered.id, "Antwoord.")
        db.commit()
        before = answered.due_at
        changed = deadlines.add_closure_day(db, world.principal("hank"), date(2026, 3, 4), "teamdag", confirm_past=True)
    assert changed == 1
    assert open_question.due_at == datetime(2026, 3, 6, 17, 0, tzinfo=AMS)
    assert answered.due_at == before
    deadlines.remove_closure_day(db, world.principal("hank"), date(2026, 3, 4))
    assert open_question.due_at == datetime(2026, 3, 5, 17, 0, tzinfo=AMS)


def test_only_an_admin_adds_closure_days(db, world):
    with pytest.raises(Forbidden):
        deadlines.add_closure_day(db, world.principal("erin"), date(2026, 3, 4), "teamdag", confirm_past=True)


def test_coordination_does_not_stop_the_clock(db, world, ask):
    with time_machine.travel(MONDAY, tick=False):
        question = ask()
        due = question.due_at
        coordination.request_coordination(db, world.principal("erin"), question.id, ["bz"], "Visie?")
    assert question.status == "coordinating" and question.due_at == due

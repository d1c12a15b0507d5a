"""Officers assign several questions at once from the queue: each assignment logged, all or none."""

import re

from sqlalchemy import select

from ksdesk.audit import AuditEvent
from ksdesk.desk import service
from ksdesk.desk.models import Question
from tests.webtools import csrf_of


def assign(client, data: dict, **kwargs):
    page = client.get("/desk/queue", **kwargs).text
    return client.post("/desk/queue/assign", data={**data, "csrf_token": csrf_of(page)}, follow_redirects=False,
                       **kwargs)


def test_the_officer_assigns_the_selected_questions_to_a_colleague(ask, browser, db, world):
    first, second, third = ask(), ask(), ask()
    erin = browser("erin")
    page = erin.get("/desk/queue").text
    assert f'name="question_id" value="{first.id}"' in page and 'id="bulk-assign"' in page
    response = assign(erin, {"question_id": [str(first.id), str(second.id)], "bulk-officer_id": "me"})
    assert response.status_code == 303
    assert "The selected questions were assigned." in erin.get(response.headers["location"]).text
    db.expire_all()
    erin_id = world.users["erin"].id
    assert [db.get(Question, q.id).assigned_to_id for q in (first, second, third)] == [erin_id, erin_id, None]
    assert db.get(Question, first.id).status == "in_progress"  # assigning starts the work, as one by one
    logged = db.scalars(select(AuditEvent.object_id).where(AuditEvent.action == "question.assign")).all()
    assert sorted(logged) == sorted([str(first.id), str(second.id)])


def test_nothing_selected_or_an_unknown_officer_assigns_nothing(ask, browser, db, world):
    question = ask()
    erin = browser("erin")
    nothing = assign(erin, {"bulk-officer_id": "me"})
    assert nothing.status_code == 422 and "Select at least one question" in nothing.text
    dutch = assign(erin, {"bulk-officer_id": "me"}, headers={"Accept-Language": "nl"})
    assert "Kies ten minste één vraag" in dutch.text
    unknown = assign(erin, {"question_id": str(question.id), "bulk-officer_id": str(world.users["bob"].id)})
    assert unknown.status_code == 422 and "Choose an active desk officer" in unknown.text
    db.expire_all()
    assert db.get(Question, question.id).assigned_to_id is None


def test_one_refused_question_leaves_all_of_them_as_they_were(ask, db, world):
    import pytest

    from ksdesk.errors import NotFound

    question = ask()
    with pytest.raises(NotFound):
        service.assign_many(db, world.principal("erin"), [question.id, 999_999], world.users["erin"].id)
    db.rollback()
    assert db.get(Question, question.id).assigned_to_id is None


def test_the_queue_form_is_only_for_the_desk(browser):
    page = browser("bob").get("/desk/queue")
    assert page.status_code == 404
    assert re.search("bulk-assign", page.text) is None

"""Officers tag questions: to find them in the queue and count them in the figures, never shown outside the desk."""

from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import select

from ksdesk.audit import AuditEvent
from ksdesk.desk import figures, messages, queue, retention, tags
from ksdesk.errors import Forbidden, ValidationFailed
from tests.desk.conftest import MONDAY
from tests.webtools import post_form


def tag_page(client, question, data: dict, action: str = "tags", **kwargs):
    url = f"/desk/questions/{question.id}"
    return post_form(client, url, f"{url}/{action}", data, **kwargs)


def test_the_officer_tags_a_question_and_finds_it_in_the_queue_by_its_tag(ask, browser, db, world):
    tagged, other = ask(), ask()
    erin = browser("erin")
    response = tag_page(erin, tagged, {"tags-tag": "  Visiting   Researcher "})
    assert response.status_code == 303 and response.headers["location"].endswith("notice=tagged#tags")
    page = erin.get(response.headers["location"]).text
    assert "The tag was added." in page and 'data-tag="visiting researcher"' in page

    filtered = erin.get("/desk/queue", params={"tag": "Visiting researcher"}).text
    assert tagged.reference in filtered and other.reference not in filtered
    assert '<option value="visiting researcher" selected>visiting researcher (1)</option>' in filtered
    assert tagged.reference in erin.get("/desk/queue").text and "visiting researcher</a>" in erin.get("/desk/queue").text
    items, total = queue.list_queue(db, world.principal("erin"), tag="visiting researcher")
    assert total == 1 and items[0].tags == ["visiting researcher"]
    assert queue.list_queue(db, world.principal("erin"), tag="nothing like it") == ([], 0)

    [event] = db.scalars(select(AuditEvent).where(AuditEvent.action == "question.tag")).all()
    assert (event.before, event.after) == ({"tags": []}, {"tags": ["visiting researcher"]})


def test_a_tag_given_twice_is_one_tag_and_removing_it_is_logged(ask, browser, db, world):
    question = ask()
    erin = world.principal("erin")
    assert tags.add_tag(db, erin, question.id, "Dual use") == ["dual use"]
    assert tags.add_tag(db, erin, question.id, "dual  USE") == ["dual use"]
    tags.add_tag(db, erin, question.id, "china")
    db.commit()
    response = tag_page(browser("erin"), question, {"tag": "dual use"}, "tags/remove")
    assert response.status_code == 303 and "notice=untagged" in response.headers["location"]
    db.expire_all()
    assert tags.tags_of(db, question.id) == ["china"]
    logged = db.scalars(select(AuditEvent.action).where(AuditEvent.object_id == str(question.id),
                                                        AuditEvent.action.like("question.%tag"))).all()
    assert sorted(logged) == ["question.tag", "question.tag", "question.untag"]
    assert tags.remove_tag(db, erin, question.id, "not there") == ["china"]  # nothing to take off


@pytest.mark.parametrize("tag", ["", "   ", "<b>dual</b>", "dual_use", "-dual", "x" * 41, "one; two"])
def test_a_tag_that_is_not_a_word_is_refused_with_a_reason(ask, db, world, tag):
    question = ask()
    with pytest.raises(ValidationFailed) as refused:
        tags.add_tag(db, world.principal("erin"), question.id, tag)
    assert refused.value.code == "tag_invalid"


def test_refusals_are_shown_beside_the_field_in_english_and_dutch(ask, browser, db, world):
    question = ask()
    erin = browser("erin")
    english = tag_page(erin, question, {"tags-tag": "<script>"})
    assert english.status_code == 422
    assert "Write a tag of 1 to 40 letters, digits, spaces or hyphens." in english.text
    assert 'id="tags-tag-error"' in english.text and 'value="&lt;script&gt;"' in english.text
    dutch = tag_page(erin, question, {"tags-tag": "a" * 41}, headers={"Accept-Language": "nl"})
    assert "Schrijf een trefwoord van 1 tot 40 letters, cijfers, spaties of koppeltekens." in dutch.text
    for n in range(tags.MAX_PER_QUESTION):
        tags.add_tag(db, world.principal("erin"), question.id, f"tag {n}")
    db.commit()
    too_many = tag_page(erin, question, {"tags-tag": "one more"}, headers={"Accept-Language": "nl"})
    assert too_many.status_code == 422 and "Een vraag heeft hoogstens 10 trefwoorden." in too_many.text
    db.expire_all()
    assert len(tags.tags_of(db, question.id)) == tags.MAX_PER_QUESTION
    assert len(db.scalars(select(AuditEvent).where(AuditEvent.action == "question.tag")).all()) == 10


def test_tags_are_the_desks_alone(ask, api, db, world):
    question = ask()
    for who in ("bob", "alice", "frank", "gina", "hank"):
        with pytest.raises(Forbidden):
            tags.add_tag(db, world.principal(who), question.id, "dual use")
        with pytest.raises(Forbidden):
            tags.tags_in_use(db, world.principal(who))
        assert api(who).post(f"/api/v1/desk/questions/{question.id}/tags", json={"tag": "x"}).status_code == 404
    db.rollback()
    assert tags.tags_of(db, question.id) == []


def test_the_asker_never_sees_a_tag_but_an_access_request_lists_it(ask, browser, db, world):
    bob = world.principal("bob")
    question = ask(principal=bob)
    tags.add_tag(db, world.principal("erin"), question.id, "suspicious partner")
    db.commit()
    assert "suspicious partner" not in browser("bob").get(f"/desk/my-questions/{question.reference}").text
    exported = retention.export_asker(db, world.principal("erin"), question.asker_email)
    assert exported["questions"][0]["tags"] == ["suspicious partner"]


def test_the_api_tags_untags_and_filters_the_queue(ask, api, db):
    question, other = ask(), ask()
    erin = api("erin")
    added = erin.post(f"/api/v1/desk/questions/{question.id}/tags", json={"tag": "Dual Use"})
    assert added.status_code == 200 and added.json()["tags"] == ["dual use"]
    refused = erin.post(f"/api/v1/desk/questions/{question.id}/tags", json={"tag": "dual_use"})
    assert refused.status_code == 422 and refused.json()["error_codes"]["tag"] == "tag_invalid"
    listed = erin.get("/api/v1/desk/queue", params={"tag": "dual use"}).json()
    assert [i["reference"] for i in listed["items"]] == [question.reference] and listed["items"][0]["tags"] == ["dual use"]
    assert other.reference in {i["reference"] for i in erin.get("/api/v1/desk/queue").json()["items"]}
    removed = erin.delete(f"/api/v1/desk/questions/{question.id}/tags/dual%20use")
    assert removed.status_code == 200 and removed.json()["tags"] == []


def test_figures_per_tag_for_the_desk_and_administrators_only(ask, browser, db, world):
    erin = world.principal("erin")
    with time_machine.travel(MONDAY, tick=False):
        quick, slow = ask(), ask()
        ask()  # without a tag: in no row
        for question in (quick, slow):
            tags.add_tag(db, erin, question.id, "dual use")
        tags.add_tag(db, erin, slow.id, "china")
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        messages.add_reply(db, erin, quick.id, "Snel antwoord.")
    db.commit()
    rows = {r.tag: r for r in figures.tag_figures(db, erin, date(2026, 3, 1), date(2026, 3, 31))}
    assert set(rows) == {"dual use", "china"}
    dual = rows["dual use"]
    assert (dual.received, dual.answered, dual.answered_on_time, dual.on_time_share, dual.open_now) == (2, 1, 1, 1.0, 1)
    assert (rows["china"].received, rows["china"].answered, rows["china"].open_now) == (1, 0, 1)
    # Outside the period: nothing received, yet what is open today still shows.
    [april] = figures.tag_figures(db, erin, date(2026, 4, 1), date(2026, 4, 30))[:1]
    assert april.received == 0 and april.open_now >= 1
    assert 'id="tag-figures"' in browser("hank").get("/desk/figures?first=2026-03&last=2026-03").text
    page = browser("erin").get("/desk/figures?first=2026-03&last=2026-03").text
    assert 'data-tag="dual use"' in page
    analyst = browser("gina").get("/desk/figures?first=2026-03&last=2026-03")
    assert analyst.status_code == 200 and 'id="tag-figures"' not in analyst.text and "dual use" not in analyst.text
    with pytest.raises(Forbidden):
        figures.tag_figures(db, world.principal("gina"), date(2026, 3, 1), date(2026, 3, 31))

"""Oversized requests are refused with 413 before anything runs, whether or not they announce
their size; uploads of files may be larger, up to their own limits."""

import json

from sqlalchemy import func, select

from ksdesk.registry.models import Collaboration
from ksdesk.screening import uploads
from ksdesk.web import limits
from tests.webtools import api, app, browser, csrf_of  # noqa: F401

TOO_LARGE = limits.REQUEST_BYTES + 1


def _collaborations(db) -> int:
    return db.scalar(select(func.count()).select_from(Collaboration))


def test_an_oversized_json_body_is_refused_and_changes_nothing(api, db):
    before = _collaborations(db)
    body = json.dumps({"title": "x" * TOO_LARGE, "form": "exchange"})
    response = api("bob").post("/api/v1/collaborations", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["detail"]
    assert _collaborations(db) == before


def test_a_body_that_hides_its_size_is_cut_off_while_it_streams(api, db):
    before = _collaborations(db)

    def chunks():  # sent chunked: no Content-Length to refuse it by
        yield b'{"form": "exchange", "title": "'
        for _ in range(TOO_LARGE // 65536 + 1):
            yield b"x" * 65536
        yield b'"}'

    response = api("bob").post("/api/v1/collaborations", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["detail"] == limits.TOO_LARGE
    assert _collaborations(db) == before


def test_an_oversized_web_form_gets_a_page_that_says_so(browser, db):
    bob = browser("bob")
    before = _collaborations(db)
    token = csrf_of(bob.get("/collaborations/new").text)
    response = bob.post("/collaborations/new", data={"csrf_token": token, "title": "x" * TOO_LARGE,
                                                     "form": "exchange"})
    assert response.status_code == 413
    assert "larger than this address accepts" in response.text and 'lang="en"' in response.text
    assert response.headers["content-security-policy"]
    assert _collaborations(db) == before


def test_a_file_to_screen_may_be_larger_than_a_form(browser):
    alice = browser("alice")
    token = csrf_of(alice.get("/screening/bulk").text)
    names = ("Leiden University\n" * (TOO_LARGE // 18 + 10)).encode()
    response = alice.post("/screening/bulk", data={"csrf_token": token},
                          files={"file": ("names.csv", names, "text/csv")}, follow_redirects=False)
    assert response.status_code == 303, response.text[:300]


def test_the_upload_limits_leave_room_for_their_files():
    assert uploads.SCREENING_UPLOAD_BYTES > limits.REQUEST_BYTES
    assert uploads.WATCHLIST_UPLOAD_BYTES >= uploads.MAX_LIST_FILES * (uploads.SCREENING_UPLOAD_BYTES
                                                                      - limits.MULTIPART_ALLOWANCE)

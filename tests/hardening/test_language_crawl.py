"""Every page of the access matrix, as every role that may open it, in Dutch and in English:
one language per page, no program keys and no Python values where words belong."""

from __future__ import annotations

import pytest

from ksdesk.web.i18n import LANG_COOKIE
from tests.hardening.access_matrix import ENDPOINTS, Endpoint
from tests.hardening.access_scene import OWN, ROLES
from tests.hardening.cells import client_for, send
from tests.hardening.language import problems, words_of

PAGES = [e for e in ENDPOINTS if e.method == "GET" and not e.api and not e.path.startswith("/static")]


def test_the_reader_skips_code_and_keeps_what_people_read():
    words = words_of('<p title="A tip">Hello <b>you</b></p><pre>key_name: 1</pre>'
                     '<input type="submit" value="Send"><script>let a_b = 1;</script>'
                     '<span translate="no">snake_case</span>')
    assert words == ["A tip", "Hello", "you", "Send"]


def test_the_checks_find_keys_reprs_and_the_wrong_language():
    page = "<p>true_match</p><p>question.submit</p><p>None</p><p>{'a': 1}</p><p>Sign in</p>"
    found = "\n".join(problems(page, "nl"))
    for expected in ("'true_match'", "'question.submit'", "'None'", "{'a': 1}", "English on a Dutch page: 'Sign in'"):
        assert expected in found
    assert problems("<p>mail bob@uni.example or see names-of-bob.csv and https://ror.org/x_y</p>", "nl") == []
    assert "Dutch on an English page: 'Inloggen'" in problems("<p>Inloggen</p>", "en")


@pytest.mark.parametrize("endpoint", PAGES, ids=[e.path for e in PAGES])
def test_every_page_speaks_one_language(endpoint: Endpoint, scene, matrix_app, anonymous_form_token):
    wrong = []
    for role in ROLES:
        if endpoint.expected(role, OWN) != 200:
            continue
        for language in ("nl", "en"):
            client, token = client_for(matrix_app, scene, role, False, anonymous_form_token)
            client.cookies.set(LANG_COOKIE, language)
            response = send(client, "GET", endpoint.request(scene, role, OWN), token)
            assert response.status_code == 200, (role, language, response.text[:200])
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            wrong.extend(f"{role:>16} {language}: {p}" for p in problems(response.text, language))
    assert not wrong, f"{endpoint.path}\n" + "\n".join(wrong)

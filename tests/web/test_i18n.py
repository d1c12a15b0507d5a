from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ksdesk.web import i18n
from tests.webtools import csrf_of

SRC = Path(i18n.__file__).resolve().parents[1]


def switch(client, lang: str, page: str = "/login"):
    token = csrf_of(client.get(page).text)
    return client.post("/language", data={"lang": lang, "next": page, "csrf_token": token}, follow_redirects=False)


def test_language_switch_shows_dutch_labels(anonymous):
    response = switch(anonymous, "nl")
    assert response.status_code == 303
    page = anonymous.get("/login")
    assert '<html lang="nl"' in page.text
    assert "Inloggen" in page.text and "Wachtwoord" in page.text
    switch(anonymous, "en")
    page = anonymous.get("/login")
    assert '<html lang="en"' in page.text
    assert "Sign in" in page.text and "Password" in page.text


def test_the_language_follows_the_browser_when_not_chosen(anonymous):
    assert '<html lang="en"' in anonymous.get("/login", headers={"Accept-Language": "en-GB,en;q=0.8"}).text
    assert '<html lang="nl"' in anonymous.get("/login", headers={"Accept-Language": "nl-NL"}).text


def test_vocabulary_and_dates_are_shown_in_dutch(browser, make_collaboration):
    collaboration = make_collaboration("bob", form="strategic_partnership", start_date="2026-03-01")
    bob = browser("bob")
    switch(bob, "nl", f"/collaborations/{collaboration.id}")
    page = bob.get(f"/collaborations/{collaboration.id}").text
    assert "Strategisch partnerschap / gezamenlijk lab" in page
    assert "Concept" in page  # the draft status
    assert "1 mrt 2026" in page
    switch(bob, "en", f"/collaborations/{collaboration.id}")
    page = bob.get(f"/collaborations/{collaboration.id}").text
    assert "Strategic partnership / joint lab" in page
    assert "Mar 1, 2026" in page


def test_form_errors_are_shown_in_dutch(browser):
    alice = browser("alice")
    switch(alice, "nl", "/organisations/new")
    token = csrf_of(alice.get("/organisations/new").text)
    page = alice.post("/organisations/new", data={"name": "", "ror_id": "abc", "csrf_token": token})
    assert page.status_code == 422
    assert "Dit veld is verplicht." in page.text
    assert "Een ROR-id heeft negen tekens" in page.text


def test_language_switch_only_redirects_within_the_site(anonymous):
    token = csrf_of(anonymous.get("/login").text)
    response = anonymous.post("/language", data={"lang": "nl", "next": "https://evil.example/",
                                                  "csrf_token": token}, follow_redirects=False)
    assert response.headers["location"] == "/"


def test_every_message_of_the_web_app_has_a_dutch_translation():
    # Every part of the system keeps its own catalogue file; the app merges them all.
    translated = set()
    for path in sorted((SRC / "translations/nl/LC_MESSAGES").glob("*.po")):
        catalogue = read_po(path.open("rb"), locale="nl")
        translated |= {m.id if isinstance(m.id, str) else m.id[0]
                       for m in catalogue if m.id and m.string and "fuzzy" not in m.flags}
    method_map = [
        ("**/templates/**.html", "jinja2"),
        ("web/**.py", "python"),
        ("registry/**.py", "python"),
        ("accounts/**.py", "python"),
        ("screening/**.py", "python"),
        ("desk/**.py", "python"),
        ("assessment/**.py", "python"),
        ("portfolio/**.py", "python"),
        ("app/**.py", "python"),
        ("vocab.py", "python"),
        ("**.py", "ignore"),
    ]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    missing = sorted({
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            SRC, method_map, options_map=options, keywords={"_": None, "gettext": None, "ngettext": (1, 2)})
    } - translated)
    assert missing == []


def test_a_dutch_institution_goes_by_its_dutch_name_on_dutch_pages(browser, world, db, make_collaboration):
    from ksdesk.registry.models import OrganisationName

    leiden = world.institutions["UL"]
    db.add(OrganisationName(organisation_id=leiden.organisation_id, value="Universiteit Leiden", kind="translated",
                            language="nl"))
    db.commit()
    collaboration = make_collaboration("bob")
    alice, hank = browser("alice"), browser("hank")
    english = alice.get(f"/collaborations/{collaboration.id}").text
    assert "Leiden University" in english and "Universiteit Leiden" not in english
    switch(alice, "nl", f"/collaborations/{collaboration.id}")
    dutch = alice.get(f"/collaborations/{collaboration.id}").text
    assert "Universiteit Leiden" in dutch and "Leiden University" not in dutch
    assert "Universiteit Leiden" in alice.get("/").text  # the header and the home page
    switch(hank, "nl", "/admin/users")
    users = hank.get("/admin/users").text
    assert "Universiteit Leiden" in users and "Leiden University" not in users


def test_countries_in_sentences_are_named_in_the_readers_language():
    # An explanation's parameters carry codes ("de"); the reader sees the country's name.
    from ksdesk.web.templating import _environment

    template = "{{ code|country }} / {{ _('Same country: %(country)s.', **({'country': code}|countries_named)) }}"
    dutch = _environment("nl").from_string(template).render(code="de")
    assert dutch == "Duitsland / Zelfde land: Duitsland."
    assert _environment("en").from_string(template).render(code="de") == "Germany / Same country: Germany."
    assert _environment("en").from_string("{{ none|country }}").render(none=None) == "—"

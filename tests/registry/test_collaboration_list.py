"""The collaborations list people can work with: a risk column, a risk filter and sortable columns."""

import re

from ksdesk.assessment import service as assessments


def _rows(page: str) -> list[str]:
    body = page.split('id="collaborations"', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'scope="row"><a class="utrecht-link" href="/collaborations/\d+">([^<]+)</a>', body)


def test_the_list_shows_filters_and_sorts_by_the_latest_assessments_highest_level(browser, make_collaboration,
                                                                                 world, db):
    quiet = make_collaboration("bob", title="A quiet exchange")
    risky = make_collaboration("bob", title="B sensitive lab")
    make_collaboration("bob", title="C not yet assessed")
    alice = world.principal("alice")
    assessments.save_answers(db, alice, quiet.id, {"crown_jewels": "no"})
    assessments.save_answers(db, alice, risky.id, {"partner_military_links": "yes"})
    db.commit()
    alice_page = browser("alice")

    page = alice_page.get("/collaborations?sort=-risk").text
    titles = _rows(page)
    assert titles.index("B sensitive lab") < titles.index("A quiet exchange") < titles.index("C not yet assessed")
    assert 'aria-sort="descending"' in page and 'data-risk="high"' in page and 'data-risk="none"' in page

    assert _rows(alice_page.get("/collaborations?sort=title").text)[:3] == [
        "A quiet exchange", "B sensitive lab", "C not yet assessed"]
    assert _rows(alice_page.get("/collaborations?risk=high").text) == ["B sensitive lab"]
    assert _rows(alice_page.get("/collaborations?risk=none&q=not+yet").text) == ["C not yet assessed"]
    # A sort the list does not know falls back to the newest first, never an error.
    assert alice_page.get("/collaborations?sort=password").status_code == 200


def test_a_collaboration_page_opens_with_its_next_step(browser, make_collaboration):
    draft = make_collaboration("bob", title="A draft to submit")
    bob = browser("bob").get(f"/collaborations/{draft.id}").text
    assert bob.index('id="next-step"') < bob.index('id="facts"'), "the next step comes before the details"
    assert "submit the collaboration for review" in bob and 'href="#transition-submit"' in bob
    alice = browser("alice").get(f"/collaborations/{draft.id}", headers={"Accept-Language": "nl"}).text
    assert "Volgende stap" in alice


def test_an_advisor_whose_institution_takes_part_elsewhere_filters_by_institution(browser, make_collaboration,
                                                                                  world, db):
    make_collaboration("bob", title="Leiden own lab")
    make_collaboration("dave", title="Amsterdam project with Leiden",
                       participating_institutions=[world.institutions["UL"].id])
    only_own = browser("carol").get("/collaborations").text
    assert 'id="institution"' not in only_own  # Amsterdam's advisor sees only Amsterdam's
    alice = browser("alice")
    page = alice.get("/collaborations").text
    assert 'id="institution"' in page and "University of Amsterdam" in page
    amsterdam = world.institutions["UvA"].id
    assert _rows(alice.get(f"/collaborations?institution={amsterdam}").text) == ["Amsterdam project with Leiden"]
    assert "Leiden own lab" in _rows(alice.get(f"/collaborations?institution={world.institutions['UL'].id}").text)

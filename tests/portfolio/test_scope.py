"""Who may open the overview, and whose figures they get."""

import pytest


def test_an_advisor_asking_for_another_institution_gets_not_found(browser, known):
    alice = browser("alice")
    assert alice.get(f"/portfolio?institution={known.uva}").status_code == 404
    assert alice.get(f"/portfolio/export.json?institution={known.uva}").status_code == 404
    assert alice.get(f"/portfolio/charts/by-country.csv?institution={known.uva}").status_code == 404
    # Naming their own institution is fine and changes nothing.
    assert alice.get(f"/portfolio?institution={known.ul}").status_code == 200


def test_each_advisor_sees_only_their_own_institution(browser, known):
    carol = browser("carol").get("/portfolio/export.json").json()
    assert carol["total"] == 8
    assert {r["key"] for r in carol["figures"]["by-country"]["rows"]} == {"DE", "BE"}


@pytest.mark.parametrize("who", ["bob", "bella", "dave", "frank", "fiona", "erin"])
def test_researchers_liaisons_and_desk_officers_have_no_portfolio(browser, who):
    client = browser(who)
    for path in ("/portfolio", "/portfolio/export.csv", "/portfolio/export.json", "/portfolio/charts/by-form.csv"):
        assert client.get(path).status_code == 404, (who, path)


@pytest.mark.parametrize("who", ["bob", "alice", "frank"])
def test_the_desks_charts_are_not_for_institutions_or_liaisons(browser, who):
    assert browser(who).get("/portfolio/desk").status_code == 404


@pytest.mark.parametrize("who", ["erin", "gina", "hank"])
def test_desk_officers_analysts_and_admins_see_the_desks_charts(browser, who):
    page = browser(who).get("/portfolio/desk")
    assert page.status_code == 200
    assert 'id="figure-desk-questions"' in page.text


def test_the_analyst_may_choose_any_institution(browser, known):
    data = browser("gina").get(f"/portfolio/export.json?institution={known.ul}").json()
    assert data["total"] == 9 and data["scope"]["institution_id"] == known.ul


def test_signed_out_visitors_are_sent_to_sign_in(anonymous):
    response = anonymous.get("/portfolio", follow_redirects=False)
    assert response.status_code in (303, 401)


def test_a_bad_filter_is_explained_and_nothing_is_counted(browser):
    page = browser("gina").get("/portfolio?from=abc&country=ZZ&form=nonsense")
    assert page.status_code == 422
    assert 'id="error-summary"' in page.text
    assert 'id="total-collaborations"' not in page.text


def test_the_home_page_and_navigation_lead_each_reader_to_their_figures(browser):
    assert 'id="home-portfolio"' in browser("alice").get("/").text
    assert 'id="nav-portfolio"' in browser("gina").get("/").text
    assert 'id="home-desk-charts"' in browser("erin").get("/").text
    home = browser("bob").get("/").text
    assert 'id="home-portfolio"' not in home and 'id="nav-portfolio"' not in home

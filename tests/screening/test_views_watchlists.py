"""The watchlists pages: sources and versions for every screener; new versions and risk levels for admins."""

from sqlalchemy import func, select

from ksdesk.screening.models import Watchlist, WatchlistVersion
from tests.screening.webworld import (  # noqa: F401
    HARBIN,
    NUDT,
    collaboration_with,
    listed,
    orgs,
    queue_immediate,
)
from tests.webtools import app, browser, csrf_of, post_form  # noqa: F401

V1 = f"name,country,aliases\n{NUDT},China,NUDT\nGone Institute of Physics,Iran,\nBeihang University,China,BUAA\n"
V2 = (f"name,country,aliases\n{NUDT},China,NUDT; National Defense Technology University\n"
      f"Beihang University,China,BUAA\n{HARBIN},China,HEU\n")


def _upload(client, content: str, name: str, fmt="canada-nro-csv"):
    token = csrf_of(client.get("/screening/watchlists").text)
    return client.post("/screening/watchlists/upload", data={"csrf_token": token, "format": fmt},
                       files={"file": (name, content.encode(), "text/csv")}, follow_redirects=False)


def _versions(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(WatchlistVersion))


def test_every_screener_sees_each_list_with_source_authority_licence_date_and_entries(browser, listed):
    for key in ("bob", "alice", "erin", "hank"):
        page = browser(key).get("/screening/watchlists")
        assert page.status_code == 200
        assert "Test defence list" in page.text and "Test authority" in page.text and "CC BY 4.0" in page.text
    assert 'id="upload-form"' not in browser("alice").get("/screening/watchlists").text


def test_an_admin_uploads_a_newer_file_and_the_page_shows_the_new_version_and_its_diff(browser, db, listed,
                                                                                        collaboration_with,
                                                                                        queue_immediate):
    hank = browser("hank")
    first = _upload(hank, V1, "canada_nro_2024-04-18.csv")
    assert first.status_code == 303 and first.headers["location"] == "/screening/watchlists/canada-nro?notice=loaded"
    # An active UL collaboration with Harbin gets an alert once the list names Harbin.
    collaboration_with("bob", listed["harbin"], active=True)
    second = _upload(hank, V2, "canada_nro_2025-01-10.csv")
    assert second.status_code == 303
    page = hank.get(second.headers["location"]).text
    assert "The new version of the list was loaded." in page
    assert "1 added, 1 removed, 1 changed" in page
    assert HARBIN in page.split('class="utrecht-unordered-list ksd-diff-added"', 1)[1].split("</ul>", 1)[0]
    assert "Gone Institute of Physics" in page.split("ksd-diff-removed", 1)[1].split("</ul>", 1)[0]
    changed = page.split("ksd-diff-changed", 1)[1].split("</ul></li>", 1)[0]
    assert "names: " in changed and "NUDT; National Defense Technology University" in changed
    assert "Jan 10, 2025" in page and "Apr 18, 2024" in page and "current" in page
    alerts_page = browser("alice").get("/screening/alerts").text
    assert HARBIN in alerts_page and "Named Research Organizations" in alerts_page


def test_the_same_file_twice_makes_no_new_version(browser, db, listed, queue_immediate):
    hank = browser("hank")
    _upload(hank, V1, "canada_nro_2024-04-18.csv")
    before = _versions(db)
    again = _upload(hank, V1, "canada_nro_2024-04-18.csv")
    assert again.headers["location"].endswith("notice=unchanged") and _versions(db) == before


def test_a_file_in_the_wrong_format_is_refused_and_changes_nothing(browser, db, listed):
    before = _versions(db)
    response = _upload(browser("hank"), "this is not json", "list.json", fmt="us-list")
    assert response.status_code == 422
    assert "could not be read in the chosen format" in response.text and 'href="#file"' in response.text
    assert _versions(db) == before
    assert "Choose one of the formats." in _upload(browser("hank"), V1, "x.csv", fmt="pdf").text


def test_a_non_admin_cannot_upload_a_list_or_change_risk_levels(browser, db, listed):
    before = _versions(db)
    for key in ("alice", "bob", "erin"):
        client = browser(key)
        token = csrf_of(client.get("/screening/watchlists").text)
        response = client.post("/screening/watchlists/upload", data={"csrf_token": token, "format": "canada-nro-csv"},
                               files={"file": ("canada_nro_2025-01-10.csv", V1.encode(), "text/csv")})
        assert response.status_code in (403, 404)
        response = client.post("/screening/watchlists/test-list/risk-mapping",
                               data={"csrf_token": token, "mapping": "default: low"})
        assert response.status_code in (403, 404)
    assert _versions(db) == before


def test_the_list_page_shows_the_documented_default_mapping(browser, listed, queue_immediate):
    hank = browser("hank")
    _upload(hank, V1, "canada_nro_2024-04-18.csv")
    page = hank.get("/screening/watchlists/canada-nro").text
    assert "default: very high" in page.split('id="default-mapping"', 1)[1].split("</pre>", 1)[0]
    assert 'id="mapping-form"' in page
    assert 'id="mapping-form"' not in browser("alice").get("/screening/watchlists/canada-nro").text


def test_an_admin_changes_a_lists_risk_mapping_and_a_bad_one_is_refused(browser, db, listed):
    hank = browser("hank")
    url = "/screening/watchlists/test-list"
    response = post_form(hank, url, url + "/risk-mapping", {"mapping": "default: lowest"})
    assert response.status_code == 422 and "Use only the levels low, medium, high and very high." in response.text
    response = post_form(hank, url, url + "/risk-mapping", {"mapping": "default: low\nminimum: medium\n"})
    assert response.status_code == 303
    assert "An administrator has replaced the default" in hank.get(response.headers["location"]).text
    # The screening uses the new level at once.
    assert 'data-level="medium"' in hank.get("/screening", params={"name": NUDT}).text
    db.expire_all()
    assert db.scalar(select(Watchlist.risk_mapping).where(Watchlist.code == "test-list")) == {
        "default": "low", "minimum": "medium"}
    post_form(hank, url, url + "/risk-mapping", {"mapping": ""})
    db.expire_all()
    assert db.scalar(select(Watchlist.risk_mapping).where(Watchlist.code == "test-list")) is None


def test_an_unknown_list_is_not_found(browser, listed):
    assert browser("alice").get("/screening/watchlists/no-such-list").status_code == 404

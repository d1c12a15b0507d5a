"""Each chart downloads as CSV, the whole overview as CSV or JSON, with the page's filter."""

import csv
import io

import pytest


@pytest.mark.parametrize("figure_id", ["by-country", "by-form", "by-ikt", "by-technology", "by-year", "alerts",
                                       "exchange-country", "exchange-year"])
def test_every_chart_downloads_as_csv(browser, known, figure_id):
    response = browser("alice").get(f"/portfolio/charts/{figure_id}.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert f'filename="portfolio-{figure_id}.csv"' in response.headers["content-disposition"]
    assert response.text.splitlines()[0].startswith("Code,")


def test_the_chart_csv_follows_the_filter_and_names_both_key_and_label(browser, known):
    text = browser("alice").get("/portfolio/charts/exchange-country.csv?country=DE&from=2024&to=2024").text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["Code", "Country", "Incoming", "Outgoing", "Balance (in − out)"], ["DE", "Germany", "12", "6", "6"]]


def test_a_dutch_reader_downloads_dutch_headers(browser, known):
    from tests.webtools import csrf_of

    alice = browser("alice")
    alice.post("/language", data={"lang": "nl", "next": "/", "csrf_token": csrf_of(alice.get("/portfolio").text)})
    header = alice.get("/portfolio/charts/by-country.csv").text.splitlines()[0]
    assert header == "Code,Land,Samenwerkingen", header
    assert alice.get("/portfolio/export.csv").text.splitlines()[0] == "Figuur,Code,Omschrijving,Reeks,Waarde"


def test_an_unknown_chart_is_not_found(browser, known):
    assert browser("alice").get("/portfolio/charts/nothing.csv").status_code == 404
    assert browser("alice").get("/portfolio/export.xml").status_code == 404


def test_the_page_links_each_chart_to_its_csv_with_the_same_filter(browser, known):
    page = browser("hank").get("/portfolio?country=DE&from=2020").text
    assert 'href="/portfolio/charts/by-form.csv?country=DE&amp;from=2020"' in page
    assert 'href="/portfolio/export.json?country=DE&amp;from=2020"' in page


def test_the_desks_figures_download_per_chart(browser):
    response = browser("erin").get("/portfolio/desk/charts/desk-questions.csv?from=2026&to=2026")
    assert response.status_code == 200
    header, *rows = list(csv.reader(io.StringIO(response.text)))
    assert header[:2] == ["Code", "Month"] and "Answered on time" in header[-1], header
    assert rows[0][0] == "2026-01"

"""Analysts see aggregates only: a group of fewer than five collaborations is "< 5" everywhere,
and no title or partner name ever reaches them."""

import csv
import io
import json

from ksdesk.portfolio import privacy, service
from ksdesk.portfolio.privacy import SUPPRESSED
from ksdesk.portfolio.scope import PortfolioFilter
from tests.portfolio.conftest import TODAY


def test_counts_from_one_to_four_are_hidden_but_zero_and_five_are_shown():
    assert [privacy.cell(n, n, True) for n in (0, 1, 4, 5)] == [0, SUPPRESSED, SUPPRESSED, 5]
    assert [privacy.cell(n, n, False) for n in (0, 1, 4, 5)] == [0, 1, 4, 5]


def test_a_single_hidden_count_of_a_partition_takes_the_next_smallest_with_it():
    # Otherwise the total minus the shown counts would give the hidden one back.
    assert privacy.partition([3, 5, 9, 0], True) == [SUPPRESSED, SUPPRESSED, 9, 0]
    assert privacy.partition([3, 2, 9], True) == [SUPPRESSED, SUPPRESSED, 9]
    assert privacy.partition([3, 5, 9], False) == [3, 5, 9]


def test_the_analyst_sees_small_groups_as_less_than_five(db, world, known):
    o = service.overview(db, world.principal("gina"), PortfolioFilter(), today=TODAY)
    by_country = {c.key: cells[0] for c, cells in o.figure("by-country").rows}
    assert by_country == {"DE": 9, "BE": 5, "CN": SUPPRESSED, "US": SUPPRESSED}
    # Exchanges rest on the collaborations that sent people: China's two are hidden, in and out.
    assert {c.key: cells for c, cells in o.figure("exchange-country").rows}["CN"] == [SUPPRESSED] * 3
    assert {c.key: cells[0] for c, cells in o.figure("alerts").rows} == {"open": SUPPRESSED, "resolved": SUPPRESSED}


def test_one_institution_through_the_analysts_eyes_hides_the_complement_too(db, world, known):
    o = service.overview(db, world.principal("gina"), PortfolioFilter(institution_id=known.uva), today=TODAY)
    forms = {c.key: cells[0] for c, cells in o.figure("by-form").rows}
    # 3 joint research + 5 PPS = a total of 8 that is shown; 5 must go too, or 8 − 5 gives 3.
    assert o.total == 8
    assert forms["joint_research"] is SUPPRESSED and forms["pps"] is SUPPRESSED


def test_the_analysts_page_shows_less_than_five_and_no_titles(browser, known):
    page = browser("gina").get("/portfolio")
    assert page.status_code == 200
    assert "&lt; 5" in page.text
    assert 'data-key="CN"' in page.text
    assert "Leiden AI project" not in page.text and "Leiden China lab" not in page.text
    assert "Huawei" not in page.text  # the partner named in the alerts


def test_the_analysts_csv_and_json_hide_small_groups(browser, known):
    gina = browser("gina")
    rows = list(csv.DictReader(io.StringIO(gina.get("/portfolio/charts/by-country.csv").text)))
    assert {r["Code"]: r["Collaborations"] for r in rows} == {"DE": "9", "BE": "5", "CN": "< 5", "US": "< 5"}
    everything = gina.get("/portfolio/export.csv").text
    assert "by-country,CN,China,collaborations,< 5" in everything
    assert "Leiden" not in everything
    data = json.loads(gina.get("/portfolio/export.json").text)
    assert data["scope"]["small_groups_hidden"] is True
    rows = {r["key"]: r["collaborations"] for r in data["figures"]["by-country"]["rows"]}
    assert rows == {"DE": 9, "BE": 5, "CN": "< 5", "US": "< 5"}
    assert "Leiden AI project" not in json.dumps(data)


def test_the_advisor_sees_exact_counts_and_their_own_collaborations_to_act_on(browser, known):
    page = browser("alice").get("/portfolio")
    assert page.status_code == 200
    assert "&lt; 5" not in page.text
    assert 'id="total-collaborations">9<' in page.text
    assert "Leiden AI project 1" in page.text  # open alerts, linked for the advisor
    data = browser("alice").get("/portfolio/export.json").json()
    assert data["scope"]["small_groups_hidden"] is False
    assert {r["key"]: r["collaborations"] for r in data["figures"]["by-country"]["rows"]} == {"DE": 6, "CN": 2, "US": 1}

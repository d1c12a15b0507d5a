"""The differencing attack on the analyst's figures: ask every query an analyst may ask, take the
shown numbers as equations, and solve them. No hidden count may come out.

The fixture's collaborations each have one country, one form and one start year, so an attacker
who assumes that the countries, forms and years of a view add up to its total is right; that is
the strongest position. A hidden cell is derived when its row of the equations lies in the span
of the shown cells' rows."""

from itertools import product

import numpy as np
import pytest

from ksdesk.errors import ValidationFailed
from ksdesk.portfolio import service
from ksdesk.portfolio.privacy import SUPPRESSED
from ksdesk.portfolio.scope import PortfolioFilter
from ksdesk.vocab import CollaborationForm
from tests.portfolio.conftest import TODAY

COUNTRIES = ["BE", "CN", "DE", "US"]
FORMS = [f.value for f in CollaborationForm]
YEARS = [None, *range(2019, TODAY.year + 1)]  # None: no start year


def _atoms():
    return {key: i for i, key in enumerate(product(COUNTRIES, FORMS, YEARS))}


def _row(atoms, country=None, form=None, year="any"):
    row = np.zeros(len(atoms))
    for (c, f, y), i in atoms.items():
        if country in (None, c) and form in (None, f) and (year == "any" or year == y):
            row[i] = 1
    return row


def _cells(overview, f: PortfolioFilter, atoms):
    """(equation row, shown value or SUPPRESSED) for every cell the attacker can tie to the atoms."""
    yield _row(atoms, f.country, f.form), overview.total
    for category, cells in overview.figure("by-form").rows:
        if f.form in (None, category.key):
            yield _row(atoms, f.country, category.key), cells[0]
    if f.country is None:
        for category, cells in overview.figure("by-country").rows:
            yield _row(atoms, category.key, f.form), cells[0]
    for category, cells in overview.figure("by-year").rows:
        yield _row(atoms, f.country, f.form, int(category.key)), cells[0]


def _derived(db, principal, filters) -> list[tuple]:
    """The hidden cells that the shown ones give away, per institution (nationally too)."""
    found = []
    for institution in filters["institutions"]:
        atoms = _atoms()
        shown, values, hidden = [], [], []
        for country, form in product([None, *COUNTRIES], [None, *FORMS]):
            f = PortfolioFilter(institution_id=institution, country=country, form=form)
            o = service.overview(db, principal, f, today=TODAY)
            for row, value in _cells(o, f, atoms):
                if value is SUPPRESSED:
                    hidden.append((f, row))
                elif value is not None:
                    shown.append(row)
                    values.append(value)
        # The attacker knows nothing is negative and every collaboration has its atom: the shown
        # equations, nothing else.
        matrix = np.array(shown)
        rank = np.linalg.matrix_rank(matrix)
        for f, row in hidden:
            if np.linalg.matrix_rank(np.vstack([matrix, row])) == rank:
                solution, *_ = np.linalg.lstsq(matrix, np.array(values, dtype=float), rcond=None)
                found.append((f, round(float(row @ solution))))
    return found


def test_no_hidden_count_follows_from_the_analysts_figures_and_totals(db, world, known):
    gina = world.principal("gina")
    derived = _derived(db, gina, {"institutions": [None, known.uva, known.ul]})
    # Before the complementary suppression this listed e.g. UvA with Germany: 3 (8 − 5 Belgium).
    assert derived == [], "\n".join(map(str, derived))


def test_the_nested_periods_attack_is_refused(db, world, known, browser):
    """Up to 2021 UvA had 5, up to 2022 it had 8: three started in 2022, a group hidden as "< 5"."""
    gina = world.principal("gina")
    revealed = []
    for year in range(2019, TODAY.year):
        totals = []
        for f in (PortfolioFilter(institution_id=known.uva, year_to=year),
                  PortfolioFilter(institution_id=known.uva, year_to=year + 1),
                  PortfolioFilter(institution_id=known.uva, year_from=year + 1, year_to=year + 1)):
            try:
                totals.append(service.overview(db, gina, f, today=TODAY).total)
            except ValidationFailed as exc:
                assert exc.code == "filter_refused"
                assert {r.code for r in exc.field_errors.values()} == {"filter_period_fixed"}
                totals.append(None)
        before, after, _single = totals
        if isinstance(before, int) and isinstance(after, int) and 0 < after - before < 5:
            revealed.append((year + 1, after - before))
    assert revealed == []
    analyst = browser("gina")
    for query in ("from=2022&to=2022", "to=2022", "from=2020"):
        for path in ("/portfolio", "/portfolio/export.json", "/portfolio/charts/by-form.csv"):
            response = analyst.get(f"{path}?institution={known.uva}&{query}")
            assert response.status_code == 422, (path, query)
    page = analyst.get("/portfolio?to=2022").text
    assert "the chart by year gives each year" in page
    assert 'name="from"' not in analyst.get("/portfolio").text
    # Other readers keep their periods: the administrator, the advisor.
    assert browser("hank").get("/portfolio?to=2022").status_code == 200
    assert browser("carol").get("/portfolio/export.json?from=2022&to=2022").status_code == 200


@pytest.mark.parametrize("form", ["pps", "joint_research"])
def test_a_form_hidden_beside_a_small_one_is_withheld_when_chosen_as_filter(db, world, known, form):
    # UvA: 5 PPS and 3 joint research; the wider view hides both, so neither may be its own total.
    o = service.overview(db, world.principal("gina"), PortfolioFilter(institution_id=known.uva, form=form),
                         today=TODAY)
    assert o.total is SUPPRESSED
    assert all(v is SUPPRESSED or v in (0, None) for fig in o.figures for row in fig.cells for v in row)

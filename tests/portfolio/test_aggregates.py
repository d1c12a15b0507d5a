"""The counts on a small portfolio whose every number is known (see conftest.known)."""

from ksdesk.portfolio import service
from ksdesk.portfolio.privacy import SUPPRESSED
from ksdesk.portfolio.scope import PortfolioFilter
from tests.portfolio.conftest import TODAY


def _values(overview, figure_id: str, series: int = 0) -> dict:
    return {c.key: cells[series] for c, cells in overview.figure(figure_id).rows}


def test_an_advisor_gets_exact_counts_of_their_own_institution_only(db, world, known):
    o = service.overview(db, world.principal("alice"), PortfolioFilter(), today=TODAY)
    assert o.total == 9  # the draft and the declined one do not count; UvA's eight are not theirs
    assert _values(o, "by-country") == {"DE": 6, "CN": 2, "US": 1}
    forms = _values(o, "by-form")
    assert (forms["joint_research"], forms["strategic_partnership"], forms["exchange"], forms["pps"]) == (6, 2, 1, 0)
    assert _values(o, "by-ikt") == {"focus": 8, "like_minded": 1, "phase_out": 0, "other": 0}
    assert _values(o, "by-technology") == {"Artificial intelligence": 8, "Semiconductors": 2}
    assert _values(o, "alerts") == {"open": 2, "resolved": 1}


def test_collaborations_started_and_ended_are_counted_per_year(db, world, known):
    o = service.overview(db, world.principal("alice"), PortfolioFilter(), today=TODAY)
    started, ended = _values(o, "by-year", 0), _values(o, "by-year", 1)
    assert list(started) == ["2020", "2021", "2022", "2023", "2024"]
    assert started == {"2020": 6, "2021": 2, "2022": 0, "2023": 0, "2024": 1}
    assert ended == {"2020": 0, "2021": 0, "2022": 0, "2023": 2, "2024": 0}


def test_brain_circulation_gives_people_in_out_and_the_balance_per_country_and_year(db, world, known):
    o = service.overview(db, world.principal("alice"), PortfolioFilter(), today=TODAY)
    per_country = {c.key: cells for c, cells in o.figure("exchange-country").rows}
    assert per_country == {"DE": [12, 6, 6], "CN": [0, 6, -6]}
    per_year = {c.key: cells for c, cells in o.figure("exchange-year").rows}
    assert per_year["2024"] == [12, 6, 6] and per_year["2022"] == [0, 6, -6]


def test_the_filters_apply_to_every_figure(db, world, known):
    gina = world.principal("gina")
    o = service.overview(db, gina, PortfolioFilter(country="DE"), today=TODAY)
    assert o.total == 9 and _values(o, "by-country") == {"DE": 9}
    assert _values(o, "exchange-country") == {"DE": 12}
    o = service.overview(db, gina, PortfolioFilter(form="pps"), today=TODAY)
    assert o.total == 5 and _values(o, "by-technology") == {"Quantum technology": 5}
    # The period keeps collaborations running in it: the China labs ended mid-2023.
    # (An administrator: an analyst's period is fixed, see test_differencing.py.)
    o = service.overview(db, world.principal("hank"), PortfolioFilter(year_from=2024, year_to=2026), today=TODAY)
    assert o.total == 15 and "CN" not in _values(o, "by-country")
    assert list(_values(o, "by-year")) == ["2024", "2025", "2026"]
    o = service.overview(db, gina, PortfolioFilter(institution_id=known.uva), today=TODAY)
    # UvA's eight are all with Belgium or Germany: showing Belgium's five would give Germany's three.
    assert _values(o, "by-country") == {"BE": SUPPRESSED, "DE": SUPPRESSED}


def test_a_shared_collaboration_counts_once_nationally_and_once_for_each_institution_taking_part(db, world, known):
    from sqlalchemy import select

    from ksdesk.registry.models import Collaboration, CollaborationParticipant

    gina = world.principal("gina")
    national_before = service.overview(db, gina, PortfolioFilter(), today=TODAY).total
    shared = db.scalar(select(Collaboration).where(Collaboration.title == "Amsterdam DE project 1"))
    db.add(CollaborationParticipant(collaboration_id=shared.id, institution_id=known.ul))
    db.commit()
    from ksdesk.portfolio import cache

    cache.clear()
    leiden = service.overview(db, world.principal("alice"), PortfolioFilter(), today=TODAY)
    assert leiden.total == 10 and _values(leiden, "by-country")["DE"] == 7  # its nine and the shared one
    assert service.overview(db, world.principal("carol"), PortfolioFilter(), today=TODAY).total == 8  # the lead's
    assert service.overview(db, gina, PortfolioFilter(), today=TODAY).total == national_before == 17
    assert service.overview(db, gina, PortfolioFilter(institution_id=known.ul), today=TODAY).total == 10
    assert service.overview(db, gina, PortfolioFilter(institution_id=known.uva), today=TODAY).total == 8

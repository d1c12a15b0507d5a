"""A small portfolio whose every count is known: two institutions, a handful of countries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest

from ksdesk.registry.models import Collaboration, CollaborationCountry, PersonExchange
from ksdesk.screening.models import ScreeningAlert
from tests.webtools import anonymous, api, app, browser, make_collaboration, partner  # noqa: F401

TODAY = date(2026, 11, 25)


@dataclass
class Known:
    ul: int
    uva: int
    ul_titles: list[str]


def _add(db, institution_id: int, n: int, *, form: str, countries: list[str], start: date | None,
         end: date | None = None, status: str = "active", tech: list[str] | None = None,
         title: str = "Collaboration", exchanges: list[tuple[str, str, int, int]] = ()) -> list[Collaboration]:
    made = []
    for i in range(n):
        c = Collaboration(
            title=f"{title} {i + 1}", form=form, status=status, institution_id=institution_id,
            start_date=start, end_date=end, technology_areas=list(tech or []), research_fields=[],
        )
        c.countries = [CollaborationCountry(country_code=code) for code in countries]
        c.exchanges = [PersonExchange(direction=d, country_code=cc, year=y, people=p) for d, cc, y, p in exchanges]
        db.add(c)
        made.append(c)
    db.flush()
    return made


@pytest.fixture
def known(db, world) -> Known:
    """UL (alice's institution): 6 joint research projects with Germany, 2 ended strategic
    partnerships with China, 1 exchange with the US under review, plus a draft and a declined
    one that do not count. UvA (carol's): 3 joint research projects with Germany, 5
    public-private partnerships with Belgium."""
    ul, uva = world.institutions["UL"].id, world.institutions["UvA"].id
    german = _add(db, ul, 6, form="joint_research", countries=["DE"], start=date(2020, 3, 1),
                  tech=["Artificial intelligence"], title="Leiden AI project",
                  exchanges=[("in", "DE", 2024, 2), ("out", "DE", 2024, 1)])
    _add(db, ul, 2, form="strategic_partnership", countries=["CN"], start=date(2021, 1, 1), end=date(2023, 6, 30),
         status="ended", tech=["Semiconductors", "Artificial intelligence"], title="Leiden China lab",
         exchanges=[("out", "CN", 2022, 3)])
    _add(db, ul, 1, form="exchange", countries=["US"], start=date(2024, 9, 1), status="under_review",
         title="Leiden US exchange")
    _add(db, ul, 1, form="joint_research", countries=["FR"], start=date(2020, 1, 1), status="draft",
         title="Leiden draft")
    _add(db, ul, 1, form="joint_research", countries=["RU"], start=date(2020, 1, 1), status="declined",
         title="Leiden declined")
    _add(db, uva, 3, form="joint_research", countries=["DE"], start=date(2022, 5, 1), title="Amsterdam DE project")
    _add(db, uva, 5, form="pps", countries=["BE"], start=date(2019, 1, 1), tech=["Quantum technology"],
         title="Amsterdam BE partnership", exchanges=[("in", "BE", 2024, 1)])
    at = datetime(2026, 10, 1, tzinfo=timezone.utc)
    for c, status in ((german[0], "open"), (german[1], "open"), (german[2], "resolved")):
        db.add(ScreeningAlert(
            collaboration_id=c.id, institution_id=ul, partner_name="Huawei Technologies", list_code="test", entity_id="e1",
            listed_name="Listed", matched_name="Listed", score=0.9, explanation="test", status=status,
            created_at=at,
        ))
    db.commit()
    return Known(ul=ul, uva=uva, ul_titles=["Leiden AI project 1", "Leiden China lab 1"])


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test counts from its own data: rolled-back tests may reuse each other's row ids."""
    from ksdesk.portfolio import cache

    cache.clear()
    yield
    cache.clear()

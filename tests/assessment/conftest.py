"""The demo data in the test's transaction, and helpers to reach its collaborations and people."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ksdesk.accounts import service as accounts
from ksdesk.accounts.principal import Principal
from ksdesk.demo.load import load_demo
from ksdesk.registry.models import Collaboration
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion
from tests.webtools import anonymous, api, app, browser, make_collaboration, partner  # noqa: F401

ARCNL = "ARCNL — Advanced Research Center for Nanolithography"
DELTA = "DELTA Lab — Deep Learning Technologies Amsterdam"
CHEMELOT = "Chemelot InSciTe — Chemelot Institute for Science and Technology"
ERASMUS = "Erasmus Mundus joint master in Asian and Middle Eastern heritage"
JOINT_LAB = "Joint lab on hypersonic flow control and quantum sensing"
DATA_SHARING = "Mobility and health data for urban planning"
JOINT_DEGREE = "Joint master in data science for sustainable cities"


@pytest.fixture
def demo(db, monkeypatch):
    from argon2 import PasswordHasher

    # The demo's eleven users are never signed in here; a cheap hash keeps each test fast.
    monkeypatch.setattr("ksdesk.accounts.service.hash_password", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash)
    load_demo(db)
    db.flush()
    return db


def collaboration_id(db, title: str) -> int:
    return db.scalar(select(Collaboration.id).where(Collaboration.title == title))


def demo_principal(db, email: str) -> Principal:
    return Principal.for_user(accounts.get_user_by_email(db, email))


ADVISOR_UL = "advisor.leiden@demo.ksdesk.nl"
RESEARCHER_UL = "researcher.leiden@demo.ksdesk.nl"
ADVISOR_UVA = "advisor.uva@demo.ksdesk.nl"
ADVISOR_TUD = "advisor.delft@demo.ksdesk.nl"
ADVISOR_UM = "advisor.maastricht@demo.ksdesk.nl"


def watchlist(*entries) -> ListVersion:
    return ListVersion(source="test-defence", title="Test defence universities", version_date=None,
                       entries=list(entries), authority="Test authority")


def listed(entity_id: str, name: str, *acronyms: str, level: str = "very high", country: str = "cn") -> ListEntry:
    names = [ListName(name, "official", "en")] + [ListName(a, "acronym") for a in acronyms]
    return ListEntry(entity_id=entity_id, names=names, country=country, category="Military", reason="test listing",
                     risk_level=level, source_ref=f"https://example.org/{entity_id}")

"""Fixtures for the screening pages and API: a tiny registry, one small list, and the job queue in-process."""

from __future__ import annotations

import pytest

from ksdesk import jobs
from ksdesk.accounts.principal import SYSTEM
from ksdesk.registry import service as registry
from ksdesk.registry.schemas import CollaborationCreate, OrganisationCreate
from ksdesk.screening import watchlists
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion

NUDT_ROR = "https://ror.org/05d2yfz11"
NUDT = "National University of Defense Technology"
HARBIN = "Harbin Engineering University"


def entry(entity_id, name, *aliases, level="very high"):
    names = [ListName(name, "official", "en")] + [ListName(a, "acronym" if a.isupper() else "alias") for a in aliases]
    return ListEntry(entity_id=entity_id, names=names, country="cn", category="Military", reason="test listing",
                     risk_level=level, source_ref=f"https://example.org/{entity_id}")


def version(*entries):
    return ListVersion(source="test-list", title="Test defence list", version_date=None, entries=list(entries),
                       authority="Test authority", licence="CC BY 4.0, Test authority")


@pytest.fixture
def orgs(db):
    nudt = registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name=NUDT, ror_id=NUDT_ROR, country_code="CN", org_type="university",
        names=[{"value": "NUDT", "kind": "acronym"}]))
    harbin = registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name=HARBIN, ror_id="03x80pn82", country_code="CN", org_type="university"))
    db.commit()
    return {"nudt": nudt, "harbin": harbin}


@pytest.fixture
def listed(db, orgs):
    """The test list with NUDT on it; Harbin comes in the list's next version."""
    watchlists.load_version(db, SYSTEM, version(entry("t:1", NUDT, "NUDT")))
    db.commit()
    return orgs


@pytest.fixture
def collaboration_with(db, world):
    """collaboration_with("alice", org, active=True) registers one with that partner."""

    def make(key, partner, active=False, title=None):
        principal = world.principal(key)
        c = registry.create_collaboration(db, principal, CollaborationCreate(
            title=title or f"Joint lab with {partner.name}", form="strategic_partnership",
            partners=[{"organisation_id": partner.id, "role": "partner"}]))
        if active:
            advisor = world.principal("alice" if world.users[key].institution.short_name == "UL" else "carol")
            registry.transition_collaboration(db, principal, c.id, "submit", None)
            for action in ("approve", "activate"):
                registry.transition_collaboration(db, advisor, c.id, action, None)
        db.commit()
        return c

    return make


@pytest.fixture
def queue_immediate(session_factory):
    """Jobs run at once, in the test's transaction, as soon as the request commits."""
    before, before_factory = jobs.huey.immediate, jobs._session_factory
    jobs.huey.immediate = True
    jobs.use_session_factory(session_factory)
    yield
    jobs.huey.immediate = before
    jobs.use_session_factory(before_factory)

"""Counted figures are kept, and counted again as soon as the data changes."""

from ksdesk.portfolio import cache, service
from ksdesk.portfolio.scope import PortfolioFilter
from ksdesk.registry import service as registry
from ksdesk.registry.schemas import CollaborationCreate
from tests.portfolio.conftest import TODAY


def test_a_new_registration_shows_at_once(db, world, known, partner, monkeypatch):
    calls = []
    original = service.collect
    monkeypatch.setattr(service, "collect", lambda *a: calls.append(1) or original(*a))
    alice = world.principal("alice")
    first = service.overview(db, alice, PortfolioFilter(), today=TODAY)
    again = service.overview(db, alice, PortfolioFilter(), today=TODAY)
    assert len(calls) == 1 and again.total == first.total == 9
    registry.create_collaboration(db, world.principal("bob"), CollaborationCreate(
        title="New", form="joint_research", partners=[{"organisation_id": partner.id, "role": "partner"}]))
    db.commit()
    # A draft does not count, but the data changed, so it is counted again.
    assert service.overview(db, alice, PortfolioFilter(), today=TODAY).total == 9
    assert len(calls) == 2


def test_the_cache_can_be_switched_off(db, world, known, monkeypatch):
    monkeypatch.setattr(cache, "enabled", False)
    calls = []
    original = service.collect
    monkeypatch.setattr(service, "collect", lambda *a: calls.append(1) or original(*a))
    for _ in range(2):
        service.overview(db, world.principal("gina"), PortfolioFilter(), today=TODAY)
    assert len(calls) == 2

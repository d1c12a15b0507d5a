"""The portfolio's facts always equal a recount from the source rows, whatever wrote those rows."""

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, insert, select, update

from ksdesk.accounts.principal import SYSTEM
from ksdesk.assessment import flags
from ksdesk.assessment.models import Assessment, ReassessmentFlag, RuleSetVersion
from ksdesk.portfolio import facts, service, upkeep
from ksdesk.portfolio.models import FACT_TABLES, PortfolioFact, PortfolioFactArea, PortfolioFactCountry
from ksdesk.portfolio.scope import PortfolioFilter
from ksdesk.registry import io
from ksdesk.registry import service as registry
from ksdesk.registry.models import Collaboration, CollaborationCountry, CountryProfile
from ksdesk.registry.schemas import CollaborationCreate, CollaborationUpdate
from ksdesk.screening import alerts
from ksdesk.screening.models import ScreeningAlert
from tests.portfolio.conftest import TODAY


def snapshot(db) -> dict[str, list[tuple]]:
    return {model.__tablename__: sorted((tuple(row) for row in db.execute(select(model.__table__))), key=repr)
            for model in FACT_TABLES}


def assert_current(db) -> dict[str, list[tuple]]:
    """The facts as kept, compared with the facts counted afresh from every source row."""
    upkeep.settle(db)
    kept = snapshot(db)
    facts.refresh(db.connection(), None)
    assert snapshot(db) == kept
    return kept


def fact(db, collaboration_id: int) -> PortfolioFact | None:
    return db.scalar(select(PortfolioFact).where(PortfolioFact.collaboration_id == collaboration_id)
                     .execution_options(populate_existing=True))


def test_collaborations_added_through_the_session_have_their_facts(db, world, known):
    kept = assert_current(db)
    # Nine of UL and eight of UvA count; the draft and the declined one have no facts.
    assert len(kept["portfolio_fact"]) == 17
    assert len(kept["portfolio_fact_area"]) == 6 + 2 * 2 + 5


def test_facts_follow_a_registration_through_edits_and_transitions(db, world, known, partner):
    bob, alice = world.principal("bob"), world.principal("alice")
    data = dict(title="Quantum sensing", form="joint_research", countries=["CN"], start_date=date(2025, 1, 1),
                technology_areas=["Quantum technology", "Photonics"],
                partners=[{"organisation_id": partner.id, "role": "partner"}],
                exchanges=[{"direction": "in", "country_code": "CN", "year": 2025, "people": 3}])
    c = registry.create_collaboration(db, bob, CollaborationCreate(**data))
    db.commit()
    assert fact(db, c.id) is None  # a draft is in nobody's portfolio
    for who, action in ((bob, "submit"), (alice, "approve"), (alice, "activate")):
        registry.transition_collaboration(db, who, c.id, action, None)
        db.commit()
        assert_current(db)
    assert fact(db, c.id).ikt_focus == 1
    registry.update_collaboration(db, alice, c.id, CollaborationUpdate(
        **{**data, "countries": ["US"], "form": "pps", "end_date": date(2026, 6, 30),
           "technology_areas": ["Photonics"],
           "exchanges": [{"direction": "out", "country_code": "US", "year": 2026, "people": 2}]}))
    db.commit()
    edited = fact(db, c.id)
    assert (edited.form, edited.end_year, edited.ikt_focus, edited.ikt_like_minded) == ("pps", 2026, 0, 1)
    assert set(db.scalars(select(PortfolioFactArea.area).where(PortfolioFactArea.collaboration_id == c.id))) == {
        "Photonics"}
    assert_current(db)
    registry.transition_collaboration(db, alice, c.id, "end", None)
    db.commit()
    assert_current(db)


def test_facts_follow_screening_alerts_and_their_resolution(db, world, known):
    c = db.scalar(select(Collaboration).where(Collaboration.title == "Amsterdam DE project 1"))
    alert = ScreeningAlert(collaboration_id=c.id, institution_id=c.institution_id, partner_name="P", list_code="t",
                           entity_id="e9", listed_name="L", matched_name="L", score=0.9, explanation="t")
    db.add(alert)
    db.commit()
    assert (fact(db, c.id).alerts_open, fact(db, c.id).alerts_resolved) == (1, 0)
    alerts.resolve_alert(db, SYSTEM, alert.id, "not the same organisation")
    db.commit()
    assert (fact(db, c.id).alerts_open, fact(db, c.id).alerts_resolved) == (0, 1)
    assert_current(db)


def test_facts_follow_assessments_and_the_clearing_of_flags(db, world, known):
    c = db.scalar(select(Collaboration).where(Collaboration.title == "Leiden China lab 1"))
    rule_set = db.scalar(select(RuleSetVersion).limit(1))
    for number, level in ((1, "low"), (2, "Very high")):
        db.add(Assessment(collaboration_id=c.id, institution_id=c.institution_id, number=number,
                          rule_set_id=rule_set.id, rule_set_label=rule_set.label, answers={}, inputs={},
                          result={"themes": {"ethics": {"level": level}}}, status="draft", created_by="t"))
    raised = datetime.now(timezone.utc) - timedelta(days=40)
    db.add(ReassessmentFlag(collaboration_id=c.id, reason="collaboration_edited", raised_at=raised))
    db.commit()
    kept = fact(db, c.id)
    # The latest version counts, its level spelled the way watchlists spell it.
    assert (kept.risk_ethics, kept.risk_influence) == ("very_high", None)
    assert kept.flagged_since == raised
    flags.clear(db, c.id)  # a set-wise UPDATE, not an object the session tracks
    db.commit()
    assert fact(db, c.id).flagged_since is None
    assert_current(db)


def test_a_country_that_changes_its_ikt_standing_moves_its_collaborations(db, world, known):
    germany = db.get(CountryProfile, "DE")
    germany.ikt_standing = "phase_out"
    db.commit()
    overview = service.overview(db, world.principal("alice"), PortfolioFilter(), today=TODAY)
    assert {c.key: cells[0] for c, cells in overview.figure("by-ikt").rows}["phase_out"] == 6
    assert_current(db)


def test_bulk_inserts_and_set_wise_updates_are_counted(db, world, known):
    first = (db.scalar(select(func.max(Collaboration.id))) or 0) + 1
    now = datetime.now(timezone.utc)
    rows = [{"id": first + i, "title": f"Bulk {i}", "form": "exchange", "status": "active",
             "institution_id": known.uva, "start_date": date(2023, 1, 1), "research_fields": [],
             "technology_areas": ["Robotics"], "facilities_provider": "dutch_institution", "agreements": {},
             "created_at": now, "updated_at": now, "version": 1} for i in range(7)]
    db.execute(insert(Collaboration.__table__), rows)
    db.execute(insert(CollaborationCountry.__table__),
               [{"collaboration_id": r["id"], "country_code": "JP"} for r in rows])
    db.commit()
    assert db.scalar(select(func.count()).select_from(PortfolioFactCountry)
                     .where(PortfolioFactCountry.country_code == "JP")) == 7
    assert_current(db)
    db.execute(update(Collaboration).where(Collaboration.title.like("Bulk %")).values(status="declined"))
    db.commit()
    assert fact(db, first) is None
    assert_current(db)


def test_an_alert_moved_set_wise_to_another_collaboration_moves_in_the_facts(db, world, known):
    alert = db.scalar(select(ScreeningAlert).where(ScreeningAlert.status == "open").limit(1))
    source = alert.collaboration_id
    target = db.scalar(select(Collaboration.id).where(Collaboration.title == "Leiden US exchange 1"))
    db.execute(update(ScreeningAlert).where(ScreeningAlert.id == alert.id).values(collaboration_id=target))
    db.commit()
    assert (fact(db, source).alerts_open, fact(db, target).alerts_open) == (0, 1)
    assert_current(db)


def test_imported_collaborations_are_counted(db, world, known):
    text = ("title,institution,form,status,countries,technology_areas\n"
            "Imported lab,UL,strategic_partnership,active,SG,Semiconductors\n")
    result = io.import_collaborations(db, SYSTEM, io.read_rows(text, "csv"))
    db.commit()
    assert result.created == 1
    c = db.scalar(select(Collaboration).where(Collaboration.title == "Imported lab"))
    assert fact(db, c.id).form == "strategic_partnership"
    assert_current(db)


def test_a_rolled_back_change_leaves_the_facts_as_they_were(db, world, known):
    before = snapshot(db)
    c = Collaboration(title="Never", form="pps", status="active", institution_id=known.ul, research_fields=[],
                      technology_areas=["Robotics"])
    c.countries = [CollaborationCountry(country_code="KR")]
    db.add(c)
    upkeep.settle(db)
    assert fact(db, c.id) is not None
    db.rollback()
    assert snapshot(db) == before
    assert not upkeep.pending(db)


def test_the_overview_counts_what_its_own_session_has_not_committed_yet(db, world, known):
    alice = world.principal("alice")
    db.add(Collaboration(title="Uncommitted", form="pps", status="active", institution_id=known.ul,
                         research_fields=[], technology_areas=[]))
    assert service.overview(db, alice, PortfolioFilter(), today=TODAY).total == 10

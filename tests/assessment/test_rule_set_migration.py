"""Upgrading a database whose shipped default rule set is in force puts the new default in force
as its next version and flags what was assessed for re-assessment; a rule set an administrator
uploaded stays in force."""

import pytest
from sqlalchemy import select, update

from ksdesk import schema
from ksdesk.assessment import default_rules_text, load_rule_set
from ksdesk.assessment.models import ReassessmentFlag, RuleSetVersion
from ksdesk.db import make_engine
from ksdesk.registry.countries import sync_country_profiles
from ksdesk.wiring import install
from tests.assessment.test_names_migration import shared_collaboration
from tests.databases import downgrade, throwaway_database


def _assessed_then_back_at(engine, revision: str) -> int:
    """A database at the latest revision with an assessed collaboration, taken back to ``revision``."""
    schema.upgrade(engine)
    with install(engine)() as db:
        sync_country_profiles(db)
        assessed = shared_collaboration(db)
        db.commit()
    downgrade(engine, revision)
    return assessed


@pytest.mark.parametrize("in_force, current_after", [("2026.2", "2026.3"), ("uploaded 2026.7", "uploaded 2026.7")])
def test_the_new_default_is_in_force_unless_an_administrator_chose_another(tmp_path, in_force, current_after):
    shipped = load_rule_set(default_rules_text()).version
    assert shipped == "2026.3"
    with throwaway_database(tmp_path, "rules") as url:
        engine = make_engine(url)
        try:
            assessed = _assessed_then_back_at(engine, "0007_17h")
            with engine.begin() as connection:  # as a database made with the earlier default
                connection.execute(update(RuleSetVersion.__table__).values(label=in_force))
            schema.upgrade(engine)
            with install(engine)() as db:
                versions = db.execute(select(RuleSetVersion.number, RuleSetVersion.label, RuleSetVersion.is_current)
                                      .order_by(RuleSetVersion.number)).all()
                assert [(n, label) for n, label, _ in versions] == [(1, in_force), (2, shipped)]
                assert [label for _, label, current in versions if current] == [current_after]
                flagged = db.execute(select(ReassessmentFlag.collaboration_id, ReassessmentFlag.reason,
                                            ReassessmentFlag.detail)).all()
                assert flagged == ([(assessed, "rule_set", shipped)] if current_after == shipped else [])
        finally:
            engine.dispose()


def test_notices_raised_before_name_the_new_rule_set_and_catalogue_without_english_words(tmp_path):
    with throwaway_database(tmp_path, "flags") as url:
        engine = make_engine(url)
        try:
            assessed = _assessed_then_back_at(engine, "0007_13g")
            with engine.begin() as connection:  # as the earlier version wrote them
                connection.execute(ReassessmentFlag.__table__.insert(), [
                    {"collaboration_id": assessed, "reason": reason, "detail": detail}
                    for reason, detail in (("rule_set", "rule set 2026.9 (version 3)"),
                                           ("catalogue", "mitigations (version 2)"),
                                           ("collaboration_edited", "Alice Advisor"))])
            schema.upgrade(engine)
            with install(engine)() as db:
                details = db.scalars(select(ReassessmentFlag.detail).order_by(ReassessmentFlag.id)).all()
                assert details == ["2026.9", "mitigations", "Alice Advisor"]
        finally:
            engine.dispose()

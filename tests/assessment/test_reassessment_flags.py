"""A collaboration is flagged for re-assessment when an input of its assessment changes."""

from ksdesk.accounts.principal import SYSTEM
from ksdesk.assessment import default_rules_text, flags, inputs, service
from ksdesk.registry import service as registry
from ksdesk.registry.schemas import CollaborationUpdate
from ksdesk.screening import alerts, watchlists
from tests.assessment.conftest import (
    ADVISOR_TUD,
    ADVISOR_UL,
    DATA_SHARING,
    JOINT_LAB,
    collaboration_id,
    demo_principal,
    listed,
    watchlist,
)


def reasons(db, cid):
    return [f.reason for f in flags.open_flags(db, cid)]


def test_editing_an_assessed_collaboration_flags_it_and_the_next_assessment_clears_the_flag(demo):
    advisor, cid = demo_principal(demo, ADVISOR_UL), collaboration_id(demo, DATA_SHARING)
    service.save_answers(demo, advisor, cid, {})
    current = registry.collaboration_read(registry.get_collaboration(demo, advisor, cid))
    data = CollaborationUpdate(**{**current.model_dump(exclude={"institution", "transitions", "created_at",
                                                                "updated_at", "status", "id"}),
                                  "partners": [{"organisation_id": p.organisation_id, "role": p.role}
                                               for p in current.partners],
                                  "technology_areas": ["Urban planning", "Facial recognition"]})
    registry.update_collaboration(demo, advisor, cid, data)
    assert reasons(demo, cid) == ["collaboration_edited"]
    # Shown beside the translated reason to every institution that sees it: a name, not an address.
    (raised,) = flags.open_flags(demo, cid)
    assert raised.detail and "@" not in raised.detail and "changed by" not in raised.detail
    service.reassess(demo, advisor, cid)
    assert reasons(demo, cid) == []


def test_a_collaboration_never_assessed_is_not_flagged(demo):
    cid = collaboration_id(demo, DATA_SHARING)
    assert not flags.flag(demo, cid, "collaboration_edited")
    assert reasons(demo, cid) == []


def test_a_new_screening_alert_for_a_partner_flags_the_collaboration(demo):
    from ksdesk.registry.models import Collaboration

    advisor, cid = demo_principal(demo, ADVISOR_TUD), collaboration_id(demo, JOINT_LAB)
    service.save_answers(demo, advisor, cid, {})
    demo.get(Collaboration, cid).status = "active"  # alerts are raised for active collaborations
    demo.flush()
    watchlists.load_version(demo, SYSTEM, watchlist(listed("t:nudt", "National University of Defense Technology")))
    assert alerts.rescreen_active_collaborations(demo) >= 1
    demo.flush()
    assert "screening_alert" in reasons(demo, cid)
    detail = next(f.detail for f in flags.open_flags(demo, cid) if f.reason == "screening_alert")
    assert "National University of Defense Technology" in detail


def test_a_new_rule_set_flags_every_assessed_collaboration(demo):
    advisor, cid = demo_principal(demo, ADVISOR_UL), collaboration_id(demo, DATA_SHARING)
    service.save_answers(demo, advisor, cid, {})
    inputs.upload_rule_set(demo, SYSTEM, default_rules_text().replace('version: "2026.3"', 'version: "2026.9"', 1))
    assert reasons(demo, cid) == ["rule_set"]

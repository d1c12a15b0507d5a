"""Advisors are told, as each chooses, of a new screening alert on their institution's collaborations
and of a collaboration that waits for their decision; the mail goes through the outbox after commit."""

from sqlalchemy import select

from ksdesk.accounts.principal import SYSTEM
from ksdesk.assessment import service
from ksdesk.desk import messages
from ksdesk.desk.models import OutboxMail
from ksdesk.notifications import service as notices
from ksdesk.notifications.models import Notification
from ksdesk.registry import service as registry
from ksdesk.registry.models import Collaboration
from ksdesk.registry.schemas import CollaborationCreate
from ksdesk.screening import alerts, watchlists
from tests.assessment.conftest import (
    ADVISOR_TUD,
    ADVISOR_UL,
    ADVISOR_UVA,
    DATA_SHARING,
    JOINT_LAB,
    RESEARCHER_UL,
    collaboration_id,
    demo_principal,
    listed,
    watchlist,
)


def told(db, email: str, kind: str) -> list[Notification]:
    user_id = demo_principal(db, email).user_id
    return list(db.scalars(select(Notification).where(Notification.user_id == user_id, Notification.kind == kind)))


def mails_to(db, email: str) -> list[OutboxMail]:
    return list(db.scalars(select(OutboxMail).where(OutboxMail.recipient == email, OutboxMail.kind == "notification")))


def raise_alert_on_joint_lab(db) -> int:
    cid = collaboration_id(db, JOINT_LAB)
    db.get(Collaboration, cid).status = "active"  # alerts are raised for active collaborations
    db.flush()
    watchlists.load_version(db, SYSTEM, watchlist(listed("t:nudt", "National University of Defense Technology")))
    assert alerts.rescreen_active_collaborations(db) >= 1
    return cid


def test_a_new_screening_alert_tells_the_advisors_of_that_institution_in_the_app_and_by_mail(demo):
    cid = raise_alert_on_joint_lab(demo)
    [notice] = told(demo, ADVISOR_TUD, "screening_alert")
    assert notice.link == f"/collaborations/{cid}" and notice.params == {"collaboration": JOINT_LAB}
    assert notices.text(notice.kind, notice.params, "nl") == f"Nieuwe screeningsmelding bij {JOINT_LAB}"
    [mail] = mails_to(demo, ADVISOR_TUD)
    assert mail.status == "pending" and JOINT_LAB in mail.subject
    # Advisors of other institutions hear nothing of it.
    assert told(demo, ADVISOR_UL, "screening_alert") == [] and told(demo, ADVISOR_UVA, "screening_alert") == []


def test_an_advisor_who_wants_screening_alerts_only_in_the_app_gets_no_mail(demo):
    advisor = demo_principal(demo, ADVISOR_TUD)
    notices.save_preferences(demo, advisor, {"screening_alert": (True, False), "decision_needed": (True, True)})
    raise_alert_on_joint_lab(demo)
    assert len(told(demo, ADVISOR_TUD, "screening_alert")) == 1 and mails_to(demo, ADVISOR_TUD) == []


def test_an_alert_already_raised_tells_nobody_again(demo):
    raise_alert_on_joint_lab(demo)
    assert alerts.rescreen_active_collaborations(demo) == 0
    assert len(told(demo, ADVISOR_TUD, "screening_alert")) == 1


def test_a_collaboration_submitted_for_review_tells_its_advisors_a_decision_is_needed(demo):
    researcher = demo_principal(demo, RESEARCHER_UL)
    partners = demo.get(Collaboration, collaboration_id(demo, DATA_SHARING)).partners
    draft = registry.create_collaboration(demo, researcher, CollaborationCreate(
        title="Sensor network with a partner abroad", form="joint_research",
        partners=[{"organisation_id": partners[0].organisation_id, "role": "partner"}]))
    before = {n.id for n in told(demo, ADVISOR_UL, "decision_needed")}
    mailed = {m.id for m in mails_to(demo, ADVISOR_UL)}
    registry.transition_collaboration(demo, researcher, draft.id, "submit", None)
    [notice] = [n for n in told(demo, ADVISOR_UL, "decision_needed") if n.id not in before]
    assert notice.link == f"/collaborations/{draft.id}"
    assert notices.text(notice.kind, notice.params, "en") == "Sensor network with a partner abroad waits for your decision"
    assert notices.text(notice.kind, notice.params, "nl") == "Sensor network with a partner abroad wacht op uw besluit"
    # The advisor reads Dutch: so does the mail.
    assert [m.subject for m in mails_to(demo, ADVISOR_UL) if m.id not in mailed] == [
        "Sensor network with a partner abroad wacht op uw besluit"]
    assert not [n for n in told(demo, ADVISOR_UVA, "decision_needed") if n.link == f"/collaborations/{draft.id}"]


def test_an_advisor_who_wants_no_decision_notices_gets_none(demo):
    notices.save_preferences(demo, demo_principal(demo, ADVISOR_UL), {"decision_needed": (False, False)})
    before = len(told(demo, ADVISOR_UL, "decision_needed")), len(mails_to(demo, ADVISOR_UL))
    researcher = demo_principal(demo, RESEARCHER_UL)
    partners = demo.get(Collaboration, collaboration_id(demo, DATA_SHARING)).partners
    draft = registry.create_collaboration(demo, researcher, CollaborationCreate(
        title="Another draft", form="joint_research",
        partners=[{"organisation_id": partners[0].organisation_id, "role": "partner"}]))
    registry.transition_collaboration(demo, researcher, draft.id, "submit", None)
    assert (len(told(demo, ADVISOR_UL, "decision_needed")), len(mails_to(demo, ADVISOR_UL))) == before


def test_the_desks_answer_to_an_assessment_tells_the_advisors_their_decision_is_needed(demo):
    advisor, cid = demo_principal(demo, ADVISOR_UL), collaboration_id(demo, DATA_SHARING)

    def about_it() -> list[Notification]:
        return [n for n in told(demo, ADVISOR_UL, "decision_needed") if n.link == f"/collaborations/{cid}"]

    before = len(about_it())
    service.save_answers(demo, advisor, cid, {"sensitive_data": "yes"})
    decided = service.decide(demo, advisor, cid, "ask_desk", "We need the desk's view on sharing data with Iran.")
    # Asking the desk is the advisor's own step: it tells them nothing.
    assert len(about_it()) == before
    officer = demo_principal(demo, "officer@demo.ksdesk.nl")
    messages.add_reply(demo, officer, decided.desk_question_id, "Sharing is possible with these safeguards.")
    assert len(about_it()) == before + 1
    notice = about_it()[-1]
    assert notice.link == f"/collaborations/{cid}" and notice.params == {"collaboration": DATA_SHARING}

"""The objects the access matrix asks about: one of each kind on each side.

"Own" is the Leiden side (UL): registered by bob (researcher) and assessed by alice (advisor),
questions asked by bob and alice and coordinated with OCW (frank's ministry). "Other" is the
Amsterdam side (UvA): dave and carol, coordinated with EZK (fiona's ministry). Objects that
belong to one person (API tokens, bulk-screening jobs, questions one asked) are that person's on
the own side and their counterpart's on the other; for roles without a counterpart of their own
the other side is the UvA researcher's. "Shared" is a collaboration the Amsterdam side leads and
registered, with Leiden taking part: assessed by carol, with an approval waiting for a second
Amsterdam advisor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ksdesk.accounts import service as accounts
from ksdesk.accounts.principal import SYSTEM, Principal
from ksdesk.assessment import inputs
from ksdesk.assessment import service as assessments
from ksdesk.desk import coordination, deadlines, follow_link, knowledge, messages, tags
from ksdesk.desk import service as desk
from ksdesk.desk.models import OutboxMail
from ksdesk.desk.render import sign
from ksdesk.desk.views import RECEIVED
from ksdesk.notifications.models import Notification
from ksdesk.registry import service as registry
from ksdesk.registry.models import Collaboration
from ksdesk.registry.schemas import CollaborationCreate, OrganisationCreate
from ksdesk.screening import alerts, bulk, watchlists
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion
from ksdesk.screening.models import ScreeningAlert

OWN, OTHER = "own", "other"
SIDES = (OWN, OTHER)
# A collaboration the other side leads with the own institution taking part; asked of the
# endpoints on one collaboration and the lists of them only.
SHARED = "shared"

# role → (the user who acts in that role, their counterpart on the other side)
PERSONAS: dict[str, tuple[str | None, str | None]] = {
    "anonymous": (None, None),
    "researcher": ("bob", "dave"),
    "advisor": ("alice", "carol"),
    "desk_officer": ("erin", "dave"),
    "ministry_liaison": ("frank", "fiona"),
    "analyst": ("gina", "dave"),
    "admin": ("hank", "dave"),
}
ROLES = tuple(PERSONAS)

LISTED = "National University of Defense Technology"
LIST_CODE = "matrix-list"
ENTITY_ID = "m:1"


def watchlist_version(*names: str) -> ListVersion:
    entries = [ListEntry(entity_id=f"m:{n}", names=[ListName(name, "official", "en")], country="cn",
                         category="Military", reason="listed for the access matrix", risk_level="very high",
                         source_ref=f"https://example.org/m{n}")
               for n, name in enumerate(names, start=1)]
    return ListVersion(source=LIST_CODE, title="Access-matrix list", version_date=None, entries=entries,
                       authority="Test authority", licence="CC BY 4.0, Test authority")


@dataclass
class Side:
    """The objects of one institution."""

    institution: str
    registrant: str
    advisor: str
    ministry: str
    collaboration_title: str
    organisation_id: int = 0
    collaboration_id: int = 0
    collaboration_version: int = 0
    alert_id: int = 0
    listed_collaboration_id: int = 0  # active, with the listed organisation as its partner
    listed_organisation_id: int = 0
    question_id: int = 0
    question_subject: str = ""
    paused_question_id: int = 0
    answered_question_id: int = 0
    failed_outbox_id: int = 0
    mitigation_id: str = ""
    awaiting_collaboration_id: int = 0  # its approval waits for a second advisor (four eyes)
    institution_id: int = 0


@dataclass
class Scene:
    sides: dict[str, Side]
    users: dict[str, object]
    sessions: dict[str, tuple[str, str]] = field(default_factory=dict)  # user → (cookie, csrf token)
    api_tokens: dict[str, str] = field(default_factory=dict)  # user → bearer token
    token_ids: dict[str, int] = field(default_factory=dict)  # user → id of a token of theirs
    job_ids: dict[str, int] = field(default_factory=dict)  # user → their bulk-screening job
    job_files: dict[str, str] = field(default_factory=dict)
    notice_ids: dict[str, int] = field(default_factory=dict)  # user → an unread notice of theirs
    references: dict[str, str] = field(default_factory=dict)  # user → reference of a question they asked
    subjects: dict[str, str] = field(default_factory=dict)  # user → subject of that question
    faq_id: int = 0
    closure_day: str = ""
    rule_set_number: int = 0
    catalogue_id: str = ""
    list_version_ids: tuple[int, int] = (0, 0)
    password: str = ""
    rule_set_yaml: str = ""  # the rule set in force, to upload again as a new version
    catalogue_text: str = ""  # likewise for a catalogue
    received_signature: str = ""  # the confirmation link's signature for the own side's question
    # Questions asked without an account (own, other) and the own one's follow-link token.
    anonymous_references: tuple[str, str] = ("", "")
    follow_token: str = ""
    # Users the administration pages edit, deactivate and reactivate (active, deactivated).
    user_ids: tuple[int, int] = (0, 0)

    def user_of(self, role: str, side: str) -> str | None:
        """Whose personal object (token, job, question) the role's user reaches on a side."""
        me, counterpart = PERSONAS[role]
        if side == OWN:
            return me
        return counterpart

    def side(self, side: str) -> Side:
        return self.sides[side]


def _collaboration(db: Session, principal: Principal, title: str, partner_id: int,
                   participants: tuple[int, ...] = ()):
    return registry.create_collaboration(db, principal, CollaborationCreate(
        title=title, form="strategic_partnership", partners=[{"organisation_id": partner_id, "role": "partner"}],
        participating_institutions=list(participants)))


def _activate(db: Session, registrant: Principal, advisor: Principal, collaboration_id: int) -> None:
    registry.transition_collaboration(db, registrant, collaboration_id, "submit", None)
    for action in ("approve", "activate"):
        registry.transition_collaboration(db, advisor, collaboration_id, action, None)


def _ask(db: Session, principal: Principal, subject: str) -> object:
    return desk.submit_question(db, {
        "subject": subject, "text": "May we share our lab data with a partner abroad? What should we check?",
        "topics": ["knowledge_transfer"], "countries": ["CN"], "consent": True, "language": "en",
        "asker_role": "researcher",
    }, principal=principal)


def _shared_side(db: Session, world, lead: Side, participant_id: int) -> Side:
    """A collaboration the lead side registered and assesses, with the participant taking part."""
    p = world.principal
    shared = Side(lead.institution, lead.registrant, lead.advisor, lead.ministry, "Shared matrix consortium",
                  organisation_id=lead.organisation_id, institution_id=lead.institution_id)
    registrant, advisor = p(lead.registrant), p(lead.advisor)
    draft = _collaboration(db, registrant, shared.collaboration_title, lead.organisation_id, (participant_id,))
    shared.collaboration_id, shared.collaboration_version = draft.id, draft.version
    saved = assessments.save_answers(db, advisor, draft.id, {"sensitive_data": "yes", "crown_jewels": "yes"})
    shared.mitigation_id = assessments.result_of(saved).mitigations[0].id
    assessments.choose_mitigations(db, advisor, draft.id, [shared.mitigation_id])
    awaiting = _collaboration(db, registrant, f"{shared.collaboration_title}, approval to confirm",
                              lead.organisation_id, (participant_id,))
    held = assessments.save_answers(db, advisor, awaiting.id, {"sensitive_data": "yes"})
    held.status, held.decision, held.decision_reasons = "awaiting", "approve", "Safeguards agreed."
    shared.awaiting_collaboration_id = awaiting.id
    return shared


def build(db: Session, world, factory) -> Scene:
    p = world.principal
    sides = {
        OWN: Side("UL", "bob", "alice", "ocw", "Leiden matrix alliance"),
        OTHER: Side("UvA", "dave", "carol", "ezk", "Amsterdam matrix lab"),
    }
    listed = registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name=LISTED, country_code="CN", org_type="university"))
    first = watchlists.load_version(db, SYSTEM, watchlist_version(LISTED))
    second = watchlists.load_version(db, SYSTEM, watchlist_version(LISTED, "Harbin Engineering University"))
    for side in sides.values():
        side.institution_id = world.institutions[side.institution].id
    for side in sides.values():
        organisation = registry.create_organisation(db, SYSTEM, OrganisationCreate(
            name=f"Partner university of {side.institution}", country_code="BE", org_type="university"))
        side.organisation_id = organisation.id
        registrant, advisor = p(side.registrant), p(side.advisor)
        draft = _collaboration(db, registrant, side.collaboration_title, organisation.id)
        side.collaboration_id, side.collaboration_version = draft.id, draft.version
        saved = assessments.save_answers(db, advisor, draft.id, {"sensitive_data": "yes", "crown_jewels": "yes"})
        suggested = [m.id for m in assessments.result_of(saved).mitigations]
        assert suggested, "the scene's assessment needs a suggested mitigation"
        assessments.choose_mitigations(db, advisor, draft.id, suggested[:1])
        side.mitigation_id = suggested[0]
        active = _collaboration(db, registrant, f"{side.collaboration_title} with NUDT", listed.id)
        side.listed_collaboration_id, side.listed_organisation_id = active.id, listed.id
        _activate(db, registrant, advisor, active.id)
        awaiting = _collaboration(db, registrant, f"{side.collaboration_title}, approval to confirm", organisation.id)
        held = assessments.save_answers(db, advisor, awaiting.id, {"sensitive_data": "yes"})
        # Approved by another advisor of the institution; the one who reaches it is the second.
        held.status, held.decision, held.decision_reasons = "awaiting", "approve", "Safeguards agreed."
        side.awaiting_collaboration_id = awaiting.id
    sides[SHARED] = _shared_side(db, world, sides[OTHER], sides[OWN].institution_id)
    db.flush()
    alerts.rescreen_active_collaborations(db)
    for side in (sides[OWN], sides[OTHER]):
        side.alert_id = db.scalar(select(ScreeningAlert.id).join_from(ScreeningAlert, Collaboration,
                                  ScreeningAlert.collaboration_id == Collaboration.id)
                                  .where(Collaboration.title.like(f"{side.collaboration_title} with%")))
        assert side.alert_id, "the scene needs an alert on each side"

    officer = p("erin")
    scene = Scene(sides=sides, users=dict(world.users), list_version_ids=(first.version_id, second.version_id))
    for side in (sides[OWN], sides[OTHER]):
        question = _ask(db, p(side.registrant), f"Question of {side.institution} about sharing data")
        side.question_id, side.question_subject = question.id, question.subject
        coordination.request_coordination(db, officer, question.id, [side.ministry], "Please advise.")
        tags.add_tag(db, officer, question.id, "data sharing")  # for the tag's removal
        paused = _ask(db, p(side.registrant), f"Paused question of {side.institution}")
        desk.pause_for_asker(db, officer, paused.id, "Which partner is it?")
        side.paused_question_id = paused.id
        answered = _ask(db, p(side.registrant), f"Answered question of {side.institution}")
        messages.add_reply(db, officer, answered.id, "Check the partner against the lists first.")
        side.answered_question_id = answered.id
        db.flush()
        side.failed_outbox_id = db.scalar(select(OutboxMail.id).where(OutboxMail.question_id == answered.id)
                                          .order_by(OutboxMail.id.desc()))
        db.execute(update(OutboxMail).where(OutboxMail.id == side.failed_outbox_id)
                   .values(status="failed", last_error="SMTP refused"))
    for user in ("bob", "alice", "dave", "carol"):
        asked = _ask(db, p(user), f"Own question of {user}")
        scene.references[user], scene.subjects[user] = asked.reference, asked.subject

    for user in ("bob", "alice", "erin", "hank", "dave", "carol"):
        file_name = f"names-of-{user}.csv"
        job = bulk.create_job(db, p(user), file_name, f"{LISTED}\nLeiden University\n".encode(), None, None)
        scene.job_ids[user], scene.job_files[user] = job.id, file_name
    db.commit()
    for job_id in scene.job_ids.values():
        bulk.run_job(factory, job_id)

    for user in world.users:
        token = accounts.create_api_token(db, SYSTEM, world.users[user], f"matrix token of {user}")
        scene.api_tokens[user] = token
        scene.token_ids[user] = accounts.list_api_tokens(db, world.users[user].id)[-1].id
        cookie, web_session = accounts.start_web_session(db, world.users[user], 8)
        scene.sessions[user] = (cookie, web_session.csrf_token)
        notice = Notification(user_id=world.users[user].id, kind="question_received",
                              params={"reference": f"matrix notice of {user}"}, link="/")
        db.add(notice)
        db.flush()
        scene.notice_ids[user] = notice.id

    scene.faq_id = knowledge.publish_faq(db, officer, title="Sharing data with partners abroad",
                                         question="May we share data?", answer="Check the partner first.",
                                         language="en").id
    scene.closure_day = "2030-12-27"
    deadlines.add_closure_day(db, p("hank"), date(2030, 12, 27), "Closed between the holidays")
    scene.rule_set_number = inputs.ensure_default_rule_set(db).number
    scene.catalogue_id = inputs.catalogue_overview(db)[0]["id"]
    # A new version of the rules in force: the same rules under a label of their own.
    scene.rule_set_yaml = re.sub(r"^version:.*$", "version: access-matrix", inputs.current_rule_set(db).text,
                                 count=1, flags=re.MULTILINE)
    # The same catalogue, one byte longer: a new edition with the same content.
    scene.catalogue_text = inputs.current_catalogue_text(db, scene.catalogue_id) + "\n"
    scene.received_signature = sign(scene.references["bob"], RECEIVED)
    anonymous = [desk.submit_question(db, {
        "subject": f"Question without an account {n}", "text": "May we host a visiting researcher from abroad?",
        "topics": ["knowledge_transfer"], "countries": ["CN"], "consent": True, "language": "en",
        "asker_role": "researcher", "asker_name": f"Asker {n}", "asker_email": f"asker{n}@uni.example",
        "institution_name": "Hogeschool Voorbeeld"}) for n in (1, 2)]
    scene.anonymous_references = (anonymous[0].reference, anonymous[1].reference)
    scene.follow_token = follow_link.token(anonymous[0].reference)
    dormant = accounts.create_user(db, SYSTEM, email="ivy@example.org", name="Ivy Dormant", password="a-long-password-1",
                                   role="researcher", institution_short_name="UvA", language="en")
    dormant.active = False
    scene.user_ids = (world.users["bella"].id, dormant.id)
    db.flush()
    return scene

"""A year of use for the demo: several hundred collaborations of thirteen Dutch institutions, with
partners abroad from the registry, assessed and decided by the institutions' advisors, and the
questions the desk received and answered over the year.

Everything is drawn from one random generator with the seed of year_data.yaml, in a fixed order:
the same registry gives the same demo on every machine (only the dates move with today, so that
the year is always the last one). Every generated collaboration and question says it is demo
data. Loaded once: a database that has the year already gets nothing more.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ksdesk.accounts import service as accounts
from ksdesk.accounts.models import User
from ksdesk.accounts.principal import SYSTEM, Principal
from ksdesk.assessment import service as assessments
from ksdesk.assessment.levels import normalise, rank
from ksdesk.assessment.models import Assessment
from ksdesk.db import utcnow
from ksdesk.demo.load import find_organisation
from ksdesk.desk import coordination, deadlines, messages
from ksdesk.desk import service as desk
from ksdesk.desk.models import CoordinationRequest, OutboxMail, Question, QuestionMessage
from ksdesk.registry import service as registry
from ksdesk.registry.models import Collaboration, Institution, Organisation, OrganisationName, StatusTransition
from ksdesk.registry.schemas import CollaborationCreate, OrganisationCreate
from ksdesk.screening.models import WatchlistEntry

# The yes/no questions of the questionnaire that raise a risk when answered yes.
RISK_QUESTIONS = ("dual_use", "export_controlled", "sensitive_data", "misuse_potential", "crown_jewels",
                  "partner_military_links", "partner_facility_access", "partner_red_flags", "publication_conditions",
                  "csr_reputation", "outside_access", "agenda_balance")
# The questions about what a partnership brings: mostly yes.
BENEFIT_QUESTIONS = ("reciprocity", "long_term_fit", "ecosystem_contribution", "absorptive_capacity",
                     "realistic_expectations", "co_managed", "senior_commitment", "sdg_contribution", "policy_learning")


@dataclass
class YearReport:
    institutions: int = 0
    users: int = 0
    collaborations: int = 0
    questions: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def year_data() -> dict:
    return yaml.safe_load(resources.files("ksdesk.demo").joinpath("year_data.yaml").read_text("utf-8"))


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _institutions(session: Session, data: dict, password: str, report: YearReport) -> None:
    hashed = None  # the demo's one password, hashed once
    for spec in data["institutions"]:
        if session.scalar(select(Institution.id).where(Institution.short_name == spec["short_name"])) is None:
            organisation = find_organisation(session, {**spec, "country": "NL"}) or registry.create_organisation(
                session, SYSTEM, OrganisationCreate(name=spec["name"], ror_id=spec["ror"], country_code="NL",
                                                    org_type="university", city=spec["city"], names=spec["names"]))
            registry.create_institution(session, SYSTEM, organisation, spec["short_name"], "university")
            report.institutions += 1
        for role in ("advisor", "researcher"):
            email = f"{role}.{spec['key'].lower()}@demo.ksdesk.nl"
            if session.scalar(select(User.id).where(User.email == email)) is None:
                hashed = hashed or accounts.hash_password(password)
                accounts.create_user(session, SYSTEM, email=email, name=spec[role], password=password, role=role,
                                     institution_short_name=spec["short_name"], language="nl", password_hash=hashed)
                report.users += 1
            report.logins.append((role, email, password))


def _people(session: Session) -> dict[int, dict[str, list[Principal]]]:
    """institution id → role → the demo's people of that role, in a fixed order."""
    out: dict[int, dict[str, list[Principal]]] = {}
    for user in session.scalars(select(User).where(User.institution_id.is_not(None), User.active.is_(True))
                                .order_by(User.id)):
        if user.institution_id is not None:
            out.setdefault(user.institution_id, {}).setdefault(user.role, []).append(Principal.for_user(user))
    return out


def _partner_pools(session: Session, countries: dict[str, dict]) -> dict[str, list[Organisation]]:
    """Per country, up to 25 organisations in a fixed order: the demo's own ones, in a country of
    risk a few that a watchlist names, then the registry's universities known by the most names
    (the widely known ones); countries without any are left out."""
    named = (select(func.count()).select_from(OrganisationName)
             .where(OrganisationName.organisation_id == Organisation.id).correlate(Organisation).scalar_subquery())
    pools: dict[str, list[Organisation]] = {}
    for code, spec in countries.items():
        pool = list(session.scalars(select(Organisation).where(Organisation.country_code == code,
                                                               Organisation.ror_id.is_(None)).order_by(Organisation.id)))
        if spec.get("risk", 0) >= 2:
            pool += session.scalars(
                select(Organisation).where(Organisation.country_code == code, Organisation.id.in_(
                    select(WatchlistEntry.linked_organisation_id)))
                .order_by(Organisation.ror_id, Organisation.id).limit(4)).all()
        pool += session.scalars(
            select(Organisation).where(Organisation.country_code == code, Organisation.org_type == "university",
                                       Organisation.ror_id.is_not(None), Organisation.replaced_by_id.is_(None))
            .order_by(named.desc(), Organisation.ror_id).limit(25)).all()
        unique = list(dict.fromkeys(pool))[:25]
        if unique:
            pools[code] = unique
    return pools


def _day(today: date, days_ago: int) -> datetime:
    """A working day ``days_ago`` days back (a weekend moves to the Friday before), at office hours."""
    day = today - timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(9 + days_ago % 7, (days_ago * 13) % 60), tzinfo=timezone.utc)


def _answers(rng: random.Random, risk: int) -> dict[str, str]:
    chance = (0.01, 0.04, 0.1, 0.2, 0.35)[min(risk, 4)]
    answers = {}
    for question in RISK_QUESTIONS:
        roll = rng.random()
        answers[question] = "yes" if roll < chance else "unsure" if roll < chance + 0.05 else "no"
    for question in BENEFIT_QUESTIONS:
        answers[question] = "yes" if rng.random() < 0.75 else "no"
    return answers


def _fill(template: str, **values: str) -> str:
    return template.format(**values, field_lower=values["field"][:1].lower() + values["field"][1:])


@dataclass
class Planned:
    """One generated collaboration: what is registered, and how far it got."""

    create: CollaborationCreate
    institution_id: int
    registrant: Principal
    advisor: Principal
    risk: int
    days_ago: int
    outcome: str  # draft, draft_assessed, under_review or decided
    answers: dict[str, str]
    ended: bool


def _plan(rng: random.Random, data: dict, pools: dict[str, list[Organisation]], institutions: dict[str, int],
          people: dict[int, dict[str, list[Principal]]], today: date) -> list[Planned]:
    countries = {code: spec for code, spec in data["countries"].items() if code in pools}
    weights = {short: w for short, w in data["institution_weights"].items() if institutions.get(short) in people}
    planned = []
    for _n in range(data["collaborations"]):
        short = _weighted(rng, weights)
        institution_id = institutions[short]
        staff = people[institution_id]
        advisor = staff["advisor"][0]
        registrant = rng.choice(staff.get("researcher", []) + [advisor])
        form = _weighted(rng, data["forms"])
        country = _weighted(rng, {code: spec["weight"] for code, spec in countries.items()})
        topic = rng.choice(data["fields"])
        partners = [rng.choice(pools[country])]
        if rng.random() < 0.25:
            other = rng.choice(sorted(countries))
            extra = rng.choice(pools[other])
            if extra not in partners:
                partners.append(extra)
        risk = max(countries[p.country_code].get("risk", 0) for p in partners if p.country_code in countries)
        risk += 2 if topic.get("sensitive") else 0
        # Most collaborations started in the last few years; a few run since long before.
        start = date(today.year - round(rng.triangular(0, 7, 0.5)), rng.choice((1, 2, 3, 9, 10)), 1)
        end = date(start.year + rng.randint(3, 6), start.month, 1) if rng.random() < 0.7 else None
        title = _fill(rng.choice(data["titles"][form]), field=topic["field"], partner=partners[0].name)
        state_funded = risk >= 3 and rng.random() < 0.5
        partner_share = rng.choice((0, 0, 20, 30, 50, 70)) if form in ("joint_research", "pps", "strategic_partnership") else 0
        funding = [{"funder_name": partners[0].name, "organisation_id": partners[0].id, "share_percent": partner_share,
                    "foreign_state": state_funded}] if partner_share else []
        exchanges = []
        if form in ("exchange", "visitor_programme", "joint_degree", "intensive_course"):
            for year in range(max(start.year, today.year - 3), today.year + 1):
                for direction in ("in", "out"):
                    if rng.random() < 0.7:
                        exchanges.append({"direction": direction, "country_code": country, "year": year,
                                          "people": rng.randint(1, 12)})
        agreements = {key: rng.random() > 0.08 * (1 + risk) for key in
                      ("research_goals", "organisation_management", "publication", "intellectual_property",
                       "confidential_data", "termination")}
        create = CollaborationCreate(
            title=title[:300], description=f"{topic['field']}. {data['label_en']} / {data['label_nl']}", form=form,
            start_date=start, end_date=end, research_fields=[topic["field"]], technology_areas=topic["areas"],
            facilities_provider=rng.choice(("dutch_institution", "dutch_institution", "shared", "partner")),
            agreements=agreements,
            partners=[{"organisation_id": p.id, "role": "partner"} for p in partners],
            funding=funding, exchanges=exchanges,
        )
        days_ago = rng.randint(0, 364)
        roll = rng.random()
        if days_ago < 21:
            outcome = ("draft", "draft_assessed", "under_review")[rng.randint(0, 2)]
        elif roll < 0.08:
            outcome = "draft"
        elif roll < 0.14:
            outcome = "under_review"
        else:
            outcome = "decided"  # by the level the assessment finds (_decision)
        ended = end is not None and end < today
        planned.append(Planned(create, institution_id, registrant, advisor, risk, days_ago, outcome,
                               _answers(rng, risk), ended))
    return planned


def _register(session: Session, rng: random.Random, plan: Planned) -> int:
    collaboration = registry.create_collaboration(session, plan.registrant, plan.create)
    cid = collaboration.id
    if plan.outcome == "draft":
        return cid
    if plan.outcome != "draft_assessed":
        registry.transition_collaboration(session, plan.registrant, cid, "submit", None, announce=False)
    stored = assessments.save_answers(session, plan.advisor, cid, plan.answers)
    if plan.outcome in ("draft_assessed", "under_review"):
        return cid
    decision = _decision(rng, stored)
    if decision == "approve_with_conditions":
        suggested = [m.id for m in assessments.result_of(stored).mitigations][:2]
        if suggested:
            assessments.choose_mitigations(session, plan.advisor, cid, suggested)
        else:
            decision = "approve"
    blockers = assessments.approval_blockers(stored) if decision.startswith("approve") else {}
    reasons = REASONS[decision]
    assessments.decide(session, plan.advisor, cid, decision, reasons,
                       question_text=f"{reasons} ({plan.create.title}) {plan.create.description}"
                       if decision == "ask_desk" else None,
                       override_reason="The advisor checked the partner: the hits concern a namesake."
                       if blockers else None)
    if decision.startswith("approve"):
        registry.transition_collaboration(session, plan.advisor, cid, "activate", None, announce=False)
        if plan.ended:
            registry.transition_collaboration(session, plan.advisor, cid, "end", None, announce=False)
    return cid


REASONS = {"approve": "The risks are low and the agreements cover them.",
           "approve_with_conditions": "Approved on the conditions of the chosen measures.",
           "decline": "The risks to knowledge security cannot be mitigated enough.",
           "ask_desk": "We ask the national contact point for advice before deciding."}


def _decision(rng: random.Random, stored: Assessment) -> str:
    """What an advisor decides on the highest level the assessment found."""
    highest = max((rank(normalise(level)) for level in assessments.result_of(stored).levels().values()), default=0)
    if highest >= rank("very_high"):
        return rng.choice(("decline", "decline", "ask_desk", "approve_with_conditions"))
    if highest >= rank("high"):
        return rng.choice(("approve_with_conditions", "approve_with_conditions", "approve", "ask_desk"))
    return "approve"


def _backdate_collaboration(session: Session, cid: int, start: datetime) -> None:
    """Spreads a collaboration's registration, assessment and steps over the weeks after ``start``."""
    session.execute(update(Collaboration).where(Collaboration.id == cid)
                    .values(created_at=start, updated_at=start + timedelta(days=14)))
    steps = session.scalars(select(StatusTransition.id).where(StatusTransition.collaboration_id == cid)
                            .order_by(StatusTransition.id)).all()
    for n, step in enumerate(steps, start=1):
        session.execute(update(StatusTransition).where(StatusTransition.id == step)
                        .values(at=start + timedelta(days=3 * n, hours=n)))
    session.execute(update(Assessment).where(Assessment.collaboration_id == cid)
                    .values(created_at=start + timedelta(days=2), updated_at=start + timedelta(days=5)))
    session.execute(update(Assessment).where(Assessment.collaboration_id == cid, Assessment.decided_at.is_not(None))
                    .values(decided_at=start + timedelta(days=6)))


def _desk_people(session: Session) -> tuple[list[Principal], dict[str, Principal]]:
    """The desk officers, and the liaison of each ministry."""
    officers = [Principal.for_user(u) for u in session.scalars(
        select(User).where(User.role == "desk_officer", User.active.is_(True)).order_by(User.id))]
    liaisons = {u.ministry: Principal.for_user(u) for u in session.scalars(
        select(User).where(User.role == "ministry_liaison", User.active.is_(True)).order_by(User.id)) if u.ministry}
    return officers, liaisons


def _questions(session: Session, rng: random.Random, data: dict, pools: dict[str, list[Organisation]],
               people: dict[int, dict[str, list[Principal]]], today: date, report: YearReport) -> list[int]:
    officers, liaisons = _desk_people(session)
    institutions = dict(session.execute(select(Institution.id, Institution.short_name).order_by(Institution.id)).all())
    countries = sorted(pools)
    asked = []
    for _n in range(data["question_count"]):
        language = "nl" if rng.random() < 0.75 else "en"
        template = rng.choice(data["questions"])
        country = rng.choice(countries)
        partner = rng.choice(pools[country])
        topic = rng.choice(data["fields"])
        subject, text = (_fill(t, field=topic["field"], partner=partner.name, country=country)
                         for t in template[language])
        label = data["label_nl"] if language == "nl" else data["label_en"]
        institution_id = rng.choice(sorted(i for i in institutions if i in people))
        asker = rng.choice(people[institution_id].get("researcher", []) + people[institution_id]["advisor"])
        signed_in = rng.random() < 0.6
        form: dict[str, Any] = {"subject": subject[:200], "text": f"{text}\n\n({label})", "topics": template["topics"],
                                "countries": [country], "language": language, "consent": True}
        if not signed_in:
            name = rng.choice(data["askers"])
            form |= {"asker_name": name, "asker_email": f"{name.lower().replace(' ', '.')}@demo.ksdesk.nl",
                     "asker_role": rng.choice(("researcher", "support_staff", "management")),
                     "institution_id": institution_id}
        question = desk.submit_question(session, form, principal=asker if signed_in else None)
        asked.append(question.id)
        days_ago = int(rng.triangular(0, 364, 0))
        received = _day(today, days_ago)
        _answer_question(session, rng, data, question, received, days_ago, officers, liaisons)
        report.questions += 1
    return asked


def _answer_question(session: Session, rng: random.Random, data: dict, question: Question, received: datetime,
                     days_ago: int, officers: list[Principal], liaisons: dict[str, Principal]) -> None:
    """Takes a question as far as a desk would have in ``days_ago`` days, then dates each step."""
    calendar = deadlines.working_calendar(session)
    question.received_at = received
    question.due_at = deadlines.compute_due(question, calendar)
    if not officers or days_ago < 1:
        return
    officer = officers[rng.randrange(len(officers))]
    desk.assign(session, officer, question.id, officer.user_id)
    if days_ago < 2 or rng.random() < 0.04:
        return  # still being worked on (some of them late)
    consulted = days_ago > 6 and rng.random() < 0.25 and liaisons
    if consulted:
        ministries = rng.sample(sorted(liaisons), k=rng.randint(1, 2))
        coordination.request_coordination(session, officer, question.id, ministries,
                                          "Graag uw advies over deze vraag.")
        for ministry in ministries:
            coordination.record_advice(session, liaisons[ministry], question.id,
                                       "Geen bezwaar, mits de exportregels worden gevolgd.")
    messages.add_reply(session, officer, question.id, data["replies"][question.language])
    answered = received + timedelta(days=rng.choice((0, 1, 1, 2, 2, 3, 4, 6)), hours=rng.randint(1, 6))
    question.answered_at = answered
    if days_ago > 14 and rng.random() < 0.7:
        desk.transition(session, officer, question.id, "close")
        question.closed_at = answered + timedelta(days=3)
    session.execute(update(QuestionMessage).where(QuestionMessage.question_id == question.id)
                    .values(created_at=answered))
    session.execute(update(CoordinationRequest).where(CoordinationRequest.question_id == question.id)
                    .values(requested_at=received + timedelta(hours=2)))


def load_year_institutions(session: Session, password: str) -> YearReport:
    """The year's institutions and their people, ahead of the year itself: a new institution's
    organisation changes what the screening index is built from, and the index of the state they
    make is built after their commit rather than inside the year's long transaction."""
    report = YearReport()
    _institutions(session, year_data(), password, report)
    return report


def load_demo_year(session: Session, password: str, today: date | None = None,
                   size: tuple[int, int] | None = None) -> YearReport:
    """Adds the year to a database that has the demo (ksdesk.demo.load) and none of the year yet;
    ``size`` (collaborations, questions) replaces the year's own numbers (tests load a small year)."""
    data = year_data()
    if size is not None:
        data["collaborations"], data["question_count"] = size
    report = YearReport()
    _institutions(session, data, password, report)
    marker = f"%{data['label_en']}%"
    if session.scalar(select(Collaboration.id).where(Collaboration.description.like(marker)).limit(1)) is not None:
        return report
    today = today or deadlines.amsterdam_today()
    rng = random.Random(data["seed"])
    pools = _partner_pools(session, data["countries"])
    institutions = dict(session.execute(select(Institution.short_name, Institution.id)).all())
    people = _people(session)
    officers, liaisons = _desk_people(session)
    for plan in _plan(rng, data, pools, institutions, people, today):
        cid = _register(session, rng, plan)
        started = _day(today, plan.days_ago)
        _backdate_collaboration(session, cid, started)
        asked = session.scalar(select(Assessment.desk_question_id).where(
            Assessment.collaboration_id == cid, Assessment.desk_question_id.is_not(None)))
        if asked is not None:
            # The advisor asked the desk on the day of the decision; the desk took it from there.
            _answer_question(session, rng, data, session.get_one(Question, asked), started + timedelta(days=6),
                             max(plan.days_ago - 6, 0), officers, liaisons)
        report.collaborations += 1
    _questions(session, rng, data, pools, people, today, report)
    # The desk's mail of the past year went out long ago: the worker must not send it now.
    session.execute(update(OutboxMail).where(OutboxMail.status == "pending")
                    .values(status="sent", sent_at=utcnow()))
    session.flush()
    return report

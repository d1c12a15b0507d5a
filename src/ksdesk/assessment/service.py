"""Assessments of collaborations: the only place that stores, decides or reads them.

An assessment is a numbered version per collaboration. The latest version is a draft while the
advisor answers the questionnaire and chooses mitigations; a decision makes it immutable, and
saving answers after that starts the next version. Progress on chosen mitigations is tracking,
not weighing, so it may still move after the decision.
"""

from __future__ import annotations

from typing import Any, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from ksdesk import audit
from ksdesk.accounts.names import name_of
from ksdesk.accounts.principal import Principal
from ksdesk.assessment import AnswerError, assess, flags, inputs, what_if
from ksdesk.assessment.levels import normalise, rank
from ksdesk.assessment.models import Assessment, AssessmentNote, ChosenMitigation
from ksdesk.assessment.result import AssessmentResult, WhatIf
from ksdesk.db import utcnow
from ksdesk.errors import Forbidden, NotFound, Refusal, ValidationFailed
from ksdesk.registry import service as registry
from ksdesk.registry.models import Collaboration, Institution
from ksdesk.sources import freshness
from ksdesk.text import shortened
from ksdesk.vocab import CollaborationStatus, Role

DECISIONS = ("approve", "approve_with_conditions", "decline", "ask_desk")
APPROVALS = ("approve", "approve_with_conditions")
MITIGATION_STATUSES = ("planned", "in_progress", "done")


# ---------------------------------------------------------------- access


def collaboration(session: Session, principal: Principal, collaboration_id: int) -> Collaboration:
    """The registry's reading rules: advisors their institution, researchers their own, others 404."""
    return registry.get_collaboration(session, principal, collaboration_id)


def can_assess(principal: Principal) -> bool:
    return principal.is_system or principal.role is Role.ADVISOR


def _assessor(session: Session, principal: Principal, collaboration_id: int) -> Collaboration:
    found = collaboration(session, principal, collaboration_id)
    if not can_assess(principal):
        raise Forbidden("only an advisor of the institution assesses a collaboration", code="role_not_allowed")
    if not leads(principal, found):
        raise Forbidden("the lead institution assesses and decides; participating institutions add a note",
                        code="role_not_allowed")
    return found


def leads(principal: Principal, found: Collaboration) -> bool:
    return principal.is_system or found.institution_id == principal.institution_id


# ---------------------------------------------------------------- notes of participating institutions


def notes(session: Session, principal: Principal, collaboration_id: int) -> list[AssessmentNote]:
    collaboration(session, principal, collaboration_id)
    return list(session.scalars(select(AssessmentNote).where(AssessmentNote.collaboration_id == collaboration_id)
                                .order_by(AssessmentNote.created_at, AssessmentNote.id)))


def add_note(session: Session, principal: Principal, collaboration_id: int, text: str) -> AssessmentNote:
    """An advisor of the lead or of a participating institution adds the institution's own note."""
    found = collaboration(session, principal, collaboration_id)
    if not can_assess(principal) or principal.institution_id is None:
        raise Forbidden("an advisor of a taking-part institution adds a note", code="role_not_allowed")
    text = (text or "").strip()
    if not text:
        raise ValidationFailed.of_field("text", "note_text_required", "write the note")
    note = AssessmentNote(collaboration_id=found.id, institution_id=principal.institution_id, text=text,
                          created_by=name_of(session, principal))
    session.add(note)
    session.flush()
    audit.record(session, principal, "assessment.note", "collaboration", found.id, after={"note": text},
                 institution_id=principal.institution_id)
    return note


# ---------------------------------------------------------------- inputs of one run


def screening_hits(session: Session, principal: Principal, collaboration_id: int) -> list[dict]:
    """The partners' watchlist hits with the reviewers' decisions; dismissed ones are left out."""
    from ksdesk.screening.service import screen_collaboration

    titles = _list_titles(session)
    fresh = freshness.lists(session)
    hits = []
    for partner in screen_collaboration(session, principal, collaboration_id):
        for screened in partner.watchlist_hits:
            h = screened.hit
            hits.append({
                "partner": partner.partner_name, "organisation_id": partner.organisation_id,
                "list_id": h.list_id, "list_title": titles.get(h.list_id, h.list_id), "entity_id": h.entity_id,
                "listed_name": h.listed_name, "matched_name": h.matched_name, "score": round(h.score, 4),
                "risk_level": h.risk_level, "strength": h.strength, "explanation": h.explanation,
                "decision": screened.decision or "unreviewed",
                "list_date": h.list_date, "list_stale": h.list_id in fresh and fresh[h.list_id].stale,
            })
    return hits


def _list_titles(session: Session) -> dict[str, str]:
    from ksdesk.screening.models import Watchlist

    return dict(session.execute(select(Watchlist.code, Watchlist.title)).all())


def collaboration_record(found: Collaboration) -> dict:
    record = registry.collaboration_read(found).model_dump(mode="json", exclude={"transitions"})
    # A funder is judged by its own country: one that is not also a partner still has one.
    session = object_session(found)
    ids = {f["organisation_id"] for f in record["funding"] if f.get("organisation_id")}
    if session is not None and ids:
        from ksdesk.registry.models import Organisation

        countries = dict(session.execute(select(Organisation.id, Organisation.country_code)
                                         .where(Organisation.id.in_(ids))).all())
        for f in record["funding"]:
            if f.get("organisation_id") in countries and countries[f["organisation_id"]]:
                f["country_code"] = countries[f["organisation_id"]]
    return record


def _run(session: Session, principal: Principal, found: Collaboration, answers: Mapping[str, Any],
         rule_version=None) -> tuple[AssessmentResult, dict]:
    rule_version = rule_version or inputs.current_rule_set(session)
    record = collaboration_record(found)
    hits = screening_hits(session, principal, found.id)
    lists = [f.as_dict() for f in freshness.lists(session).values()]
    try:
        result = assess(record, answers, hits, inputs.country_indicators(session), inputs.catalogues(session),
                        inputs.parsed(rule_version), stale_lists=_stale(lists))
    except AnswerError as exc:
        raise _answers_refused(exc) from None
    return result, {"collaboration": record, "screening_hits": hits, "lists": lists,
                    "country_indicators": inputs.country_edition_label(session)}


def _stale(lists: list[dict]) -> list[dict]:
    return [{k: f[k] for k in ("code", "title", "version_date", "frequency_days")} for f in lists if f["stale"]]


def _answers_refused(exc: AnswerError) -> ValidationFailed:
    return ValidationFailed("some answers were not accepted", code="answers_not_accepted", field_errors={
        f"answers.{k}": Refusal("answer_not_accepted", v) for k, v in exc.problems.items()})


def preview(session: Session, principal: Principal, collaboration_id: int,
            answers: Mapping[str, Any] | None = None) -> AssessmentResult:
    """An assessment with the given (or the latest saved) answers, computed but not stored."""
    found = collaboration(session, principal, collaboration_id)
    if answers is None:
        last = latest(session, principal, collaboration_id)
        answers = _still_asked(session, last.answers if last else {})
    return _run(session, principal, found, answers)[0]


# ---------------------------------------------------------------- reading


def latest(session: Session, principal: Principal, collaboration_id: int) -> Assessment | None:
    collaboration(session, principal, collaboration_id)
    return session.scalar(
        select(Assessment).where(Assessment.collaboration_id == collaboration_id)
        .order_by(Assessment.number.desc()).limit(1)
    )


def versions(session: Session, principal: Principal, collaboration_id: int) -> list[Assessment]:
    collaboration(session, principal, collaboration_id)
    return list(session.scalars(
        select(Assessment).where(Assessment.collaboration_id == collaboration_id).order_by(Assessment.number.desc())
    ))


def get_version(session: Session, principal: Principal, collaboration_id: int, number: int) -> Assessment:
    collaboration(session, principal, collaboration_id)
    found = session.scalar(select(Assessment).where(
        Assessment.collaboration_id == collaboration_id, Assessment.number == number))
    if found is None:
        raise NotFound(f"assessment version {number} of collaboration {collaboration_id} not found",
                       code="assessment_version_not_found")
    return found


def result_of(stored: Assessment) -> AssessmentResult:
    return AssessmentResult.model_validate(stored.result)


def open_flags(session: Session, principal: Principal, collaboration_id: int):
    collaboration(session, principal, collaboration_id)
    return flags.open_flags(session, collaboration_id)


# ---------------------------------------------------------------- changing


def _snapshot(stored: Assessment) -> dict:
    return {"number": stored.number, "status": stored.status, "rule_set": stored.rule_set_label,
            "answers": stored.answers, "levels": result_of(stored).levels()}


def save_answers(session: Session, principal: Principal, collaboration_id: int,
                 answers: Mapping[str, Any]) -> Assessment:
    """Runs the assessment with these answers and stores it: into the open draft, or as a new version."""
    found = _assessor(session, principal, collaboration_id)
    answers = {k: v for k, v in answers.items() if v is not None and v != ""}
    rule_version = inputs.current_rule_set(session)
    result, used = _run(session, principal, found, answers, rule_version)
    stored = latest(session, principal, collaboration_id)
    if stored is not None and stored.awaiting:
        raise _awaiting(stored)
    before = _snapshot(stored) if stored is not None and not stored.decided else None
    if stored is None or stored.decided:
        number = (session.scalar(select(func.max(Assessment.number))
                                 .where(Assessment.collaboration_id == collaboration_id)) or 0) + 1
        stored = Assessment(collaboration_id=collaboration_id, institution_id=found.institution_id, number=number,
                            created_by=name_of(session, principal), status="draft")
        session.add(stored)
    stored.rule_set_id = rule_version.id
    stored.rule_set_label = rule_version.label
    stored.answers = dict(answers)
    stored.result = result.to_dict()
    stored.inputs = used
    suggested = {m.id for m in result.mitigations}
    # A measure the new result no longer suggests stays chosen: the advisor decided on it.
    stored.updated_at = utcnow()
    session.flush()
    flags.clear(session, collaboration_id)
    audit.record(session, principal, "assessment.save" if before else "assessment.create", "assessment", stored.id,
                 before=before, after=_snapshot(stored) | {"suggested": sorted(suggested)},
                 institution_id=found.institution_id)
    return stored


def reassess(session: Session, principal: Principal, collaboration_id: int) -> Assessment:
    """Runs again with the latest answers, the current rule set and today's screening."""
    last = latest(session, principal, collaboration_id)
    return save_answers(session, principal, collaboration_id, _still_asked(session, last.answers if last else {}))


def _still_asked(session: Session, answers: Mapping[str, Any]) -> dict:
    # A newer rule set may have dropped a question; its old answer is kept in the old version only.
    rules = inputs.parsed(inputs.current_rule_set(session))
    return {k: v for k, v in answers.items() if (q := rules.question(k)) is not None and not q.from_collaboration}


def _open_draft(session: Session, principal: Principal, collaboration_id: int) -> tuple[Collaboration, Assessment]:
    found = _assessor(session, principal, collaboration_id)
    stored = latest(session, principal, collaboration_id)
    if stored is None:
        raise ValidationFailed("answer the questionnaire first: there is no assessment yet", code="assessment_missing",
                               field_errors={"assessment": Refusal("assessment_missing", "no assessment yet")})
    if stored.awaiting:
        raise _awaiting(stored)
    if stored.decided:
        raise ValidationFailed(
            f"assessment version {stored.number} was decided and cannot be changed; "
            "save the answers to start a new version", code="assessment_decided",
            field_errors={"assessment": Refusal("assessment_decided", "decided versions are immutable")})
    return found, stored


def choose_mitigations(session: Session, principal: Principal, collaboration_id: int,
                       mitigation_ids: list[str]) -> Assessment:
    found, stored = _open_draft(session, principal, collaboration_id)
    known = inputs.catalogues(session).mitigations
    unknown = [m for m in mitigation_ids if m not in known]
    if unknown:
        raise ValidationFailed("unknown mitigation", code="mitigation_unknown", field_errors={
            "mitigations": Refusal("mitigation_unknown", "unknown: " + ", ".join(unknown), {"ids": ", ".join(unknown)})})
    before = sorted(m.mitigation_id for m in stored.mitigations)
    wanted = list(dict.fromkeys(mitigation_ids))
    kept = {m.mitigation_id: m for m in stored.mitigations if m.mitigation_id in wanted}
    stored.mitigations = [kept.get(mid) or ChosenMitigation(mitigation_id=mid, status="planned") for mid in wanted]
    session.flush()
    audit.record(session, principal, "assessment.mitigations", "assessment", stored.id,
                 before={"chosen": before}, after={"chosen": sorted(wanted)}, institution_id=found.institution_id)
    return stored


def set_mitigation_status(session: Session, principal: Principal, collaboration_id: int, mitigation_id: str,
                          status: str, note: str | None = None) -> ChosenMitigation:
    found = _assessor(session, principal, collaboration_id)
    if status not in MITIGATION_STATUSES:
        raise ValidationFailed("unknown status", code="choose_an_option", field_errors={
            "status": Refusal("choose_an_option", "choose planned, in_progress or done")})
    stored = latest(session, principal, collaboration_id)
    chosen = next((m for m in (stored.mitigations if stored else []) if m.mitigation_id == mitigation_id), None)
    if chosen is None:
        raise NotFound(f"mitigation {mitigation_id} was not chosen for this collaboration", code="mitigation_not_chosen")
    assert stored is not None  # a chosen mitigation belongs to a stored assessment
    before = {"status": chosen.status, "note": chosen.note}
    chosen.status = status
    if note is not None:
        chosen.note = note.strip() or None
    session.flush()
    audit.record(session, principal, "assessment.mitigation_status", "assessment", stored.id,
                 before={"mitigation": mitigation_id, **before},
                 after={"mitigation": mitigation_id, "status": chosen.status, "note": chosen.note},
                 institution_id=found.institution_id)
    return chosen


def approval_blockers(stored: Assessment) -> dict[str, list]:
    """What an approval would pass over: watchlist hits of high or very high risk that no
    reviewer has settled (hit dicts), and questions left unanswered (question ids). Approving
    over either needs an override with a reason."""
    hits = [h for h in (stored.inputs or {}).get("screening_hits", [])
            if rank(normalise(h.get("risk_level"))) >= rank("high")
            and (h.get("decision") or "unreviewed") in ("unreviewed", "unsure")]
    unanswered = sorted(m.ref for m in result_of(stored).missing if m.kind == "answer")
    return {k: v for k, v in {"hits": hits, "questions": unanswered}.items() if v}


# The collaboration status a decision leads to, and the statuses that already are that outcome.
DECISION_STATUS = {
    "approve": (CollaborationStatus.APPROVED, {CollaborationStatus.APPROVED, CollaborationStatus.ACTIVE}),
    "approve_with_conditions": (CollaborationStatus.APPROVED_WITH_CONDITIONS,
                                {CollaborationStatus.APPROVED_WITH_CONDITIONS, CollaborationStatus.ACTIVE}),
    "decline": (CollaborationStatus.DECLINED, {CollaborationStatus.DECLINED}),
}


def _steps_to(status: str, decision: str) -> list[str]:
    """The workflow actions that take a collaboration from `status` to the decision's outcome.
    Asking the desk escalates: a draft goes under review and waits for the desk's advice."""
    if decision == "ask_desk":
        return ["submit"] if status == CollaborationStatus.DRAFT else []
    target, already = DECISION_STATUS[decision]
    if status in already or status == CollaborationStatus.ENDED:
        return []
    before = {CollaborationStatus.DRAFT: ["submit"], CollaborationStatus.DECLINED: ["reopen", "submit"]}.get(
        CollaborationStatus(status), [])
    return [*before, decision]


def _awaiting(stored: Assessment) -> ValidationFailed:
    return ValidationFailed(
        f"the approval of assessment version {stored.number} waits for a second advisor's confirmation",
        code="assessment_awaiting_confirmation",
        field_errors={"assessment": Refusal("assessment_awaiting_confirmation", "awaiting confirmation")})


def four_eyes(session: Session, institution_id: int) -> bool:
    return bool(session.scalar(select(Institution.four_eyes).where(Institution.id == institution_id)))


def high_risk(stored: Assessment) -> bool:
    """A level of high or very high on any theme or on the partnership."""
    return any(rank(normalise(level)) >= rank("high") for level in result_of(stored).levels().values())


def needs_second_advisor(session: Session, principal: Principal, found: Collaboration, stored: Assessment,
                         decision: str) -> bool:
    """Four eyes: in an institution that asks for it, a high-risk approval waits for a second advisor."""
    return (decision in APPROVALS and not principal.is_system and four_eyes(session, found.institution_id)
            and high_risk(stored))


def set_four_eyes(session: Session, principal: Principal, institution_id: int, on: bool) -> Institution:
    """An administrator turns four eyes on or off for one institution."""
    if not principal.is_system and principal.role is not Role.ADMIN:
        raise Forbidden("only an administrator sets four eyes", code="role_not_allowed")
    institution = session.get(Institution, institution_id)
    if institution is None:
        raise NotFound(f"institution {institution_id} not found", code="institution_not_found")
    before = institution.four_eyes
    institution.four_eyes = bool(on)
    session.flush()
    audit.record(session, principal, "institution.four_eyes", "institution", institution.id,
                 before={"four_eyes": before}, after={"four_eyes": institution.four_eyes},
                 institution_id=institution.id)
    return institution


def decide(session: Session, principal: Principal, collaboration_id: int, decision: str, reasons: str,
           question_text: str | None = None, override_reason: str | None = None,
           confirmed: bool = True) -> Assessment:
    """Records the decision and moves the collaboration's status with it, in one transaction."""
    found, stored = _open_draft(session, principal, collaboration_id)
    errors: dict[str, Refusal] = {}
    if decision not in DECISIONS:
        errors["decision"] = Refusal("decision_unknown", "choose approve, approve with conditions, decline or ask the desk")
    reasons = (reasons or "").strip()
    if not reasons:
        errors["reasons"] = Refusal("decision_reasons_required", "give the reasons for the decision")
    if decision == "approve_with_conditions" and not stored.mitigations:
        errors["decision"] = Refusal("conditions_need_mitigations", "choose the mitigations that are the conditions first")
    override_reason = (override_reason or "").strip() or None
    blockers = approval_blockers(stored) if decision in ("approve", "approve_with_conditions") else {}
    if blockers and not override_reason:
        counts = {"hits": len(blockers.get("hits", [])), "questions": len(blockers.get("questions", []))}
        errors["override_reason"] = Refusal(
            "decision_needs_override",
            f"approving passes over {counts['hits']} unreviewed high-risk hits and {counts['questions']} "
            "unanswered questions: give the reason to approve all the same", counts)
    if not confirmed:
        errors["confirm"] = Refusal("decision_needs_confirmation", "confirm the decision and the status it sets")
    if errors:
        raise ValidationFailed("the decision was not recorded", code="decision_not_recorded", field_errors=errors)
    status_before = found.status
    held = needs_second_advisor(session, principal, found, stored, decision)
    steps = _steps_to(found.status, decision)
    if held and steps and steps[-1] == decision:
        steps = steps[:-1]  # the approval itself waits for the second advisor
    for action in steps:
        registry.transition_collaboration(session, principal, found.id, action,
                                          f"Assessment version {stored.number}: {reasons}", announce=False)
    if decision == "ask_desk":
        stored.desk_question_id = _ask_desk(session, principal, found, stored, reasons, question_text)
    stored.status = "awaiting" if held else "decided"
    stored.decision = decision
    stored.decision_reasons = reasons
    stored.decided_by = name_of(session, principal)
    stored.decided_by_id = principal.user_id
    stored.decided_at = utcnow()
    session.flush()
    audit.record(session, principal, "assessment.decide", "assessment", stored.id,
                 before={"status": "draft", "collaboration_status": status_before},
                 after={"status": stored.status, "decision": decision, "desk_question_id": stored.desk_question_id,
                        "collaboration_status": found.status,
                        **({"override": override_reason,
                            "passed_over": {"hits": [f"{h.get('partner')} – {h.get('listed_name')} ({h.get('list_id')})"
                                                     for h in blockers.get("hits", [])],
                                            "questions": blockers.get("questions", [])}} if blockers else {})},
                 reason=reasons, institution_id=found.institution_id)
    return stored


def confirm_decision(session: Session, principal: Principal, collaboration_id: int, confirm: bool,
                     reason: str | None = None) -> Assessment:
    """The second advisor confirms a high-risk approval, which then moves the collaboration's status,
    or sends it back: the version becomes a draft again, with the reason in the history."""
    found = _assessor(session, principal, collaboration_id)
    stored = latest(session, principal, collaboration_id)
    if stored is None or not stored.awaiting:
        raise ValidationFailed("no approval waits for confirmation", code="nothing_to_confirm",
                               field_errors={"assessment": Refusal("nothing_to_confirm", "nothing to confirm")})
    if not principal.is_system and principal.user_id == stored.decided_by_id:
        raise Forbidden("a second advisor, not the one who approved, confirms the approval",
                        code="four_eyes_second_advisor")
    reason = (reason or "").strip() or None
    if not confirm and not reason:
        raise ValidationFailed("say why the approval goes back", code="send_back_reason_required",
                               field_errors={"reason": Refusal("send_back_reason_required", "a reason is required")})
    assert stored.decision is not None  # an awaiting version has its decision
    status_before = found.status
    who = name_of(session, principal)
    if confirm:
        for action in _steps_to(found.status, stored.decision):
            registry.transition_collaboration(
                session, principal, found.id, action,
                f"Assessment version {stored.number}, confirmed by a second advisor: {stored.decision_reasons}")
        stored.status, stored.confirmed_by, stored.confirmed_at = "decided", who, utcnow()
    else:
        stored.status, stored.decision, stored.decision_reasons = "draft", None, None
        stored.decided_by = stored.decided_by_id = stored.decided_at = None
    session.flush()
    audit.record(session, principal, "assessment.confirm" if confirm else "assessment.send_back", "assessment",
                 stored.id, before={"status": "awaiting", "collaboration_status": status_before},
                 after={"status": stored.status, "collaboration_status": found.status, "by": who},
                 reason=reason, institution_id=found.institution_id)
    return stored


def _ask_desk(session: Session, principal: Principal, found: Collaboration, stored: Assessment, reasons: str,
              question_text: str | None) -> int | None:
    from ksdesk.desk.service import submit_question

    if principal.is_system:
        return None
    levels = result_of(stored).levels()
    text = (question_text or "").strip() or (
        f"We ask the desk's advice on the collaboration '{found.title}'. Our assessment (rule set "
        f"{stored.rule_set_label}) gives: " + ", ".join(f"{k.replace('_', ' ')} {v.replace('_', ' ')}" for k, v in levels.items())
        + f". {reasons}")
    countries = sorted({c.country_code for c in found.countries})
    topics = [t for t in ("knowledge_transfer", "influence", "ethics") if rank(levels[t]) >= rank("medium")] or ["practical"]
    question = submit_question(session, {
        "subject": shortened(f"Assessment of {found.title}", 200), "text": text, "topics": topics, "asker_role": "advisor",
        "countries": countries, "collaboration_id": found.id, "consent": True,
        "institution_id": found.institution_id, "language": principal.language,
    }, principal=principal)
    return question.id


def what_if_for(session: Session, principal: Principal, collaboration_id: int, changes: Mapping[str, Any],
                collaboration_changes: Mapping[str, Any] | None = None) -> WhatIf:
    """Both results side by side; nothing is stored."""
    found = collaboration(session, principal, collaboration_id)
    last = latest(session, principal, collaboration_id)
    record = collaboration_record(found)
    try:
        answers = _still_asked(session, last.answers if last else {})
        return what_if(record, answers, changes, screening_hits(session, principal, found.id),
                       inputs.country_indicators(session), inputs.catalogues(session),
                       inputs.parsed(inputs.current_rule_set(session)), collaboration_changes,
                       stale_lists=_stale([f.as_dict() for f in freshness.lists(session).values()]))
    except AnswerError as exc:
        raise _answers_refused(exc) from None


def assessed_collaboration_ids(session: Session, statuses: tuple[str, ...] = ("active",)) -> list[int]:
    return list(session.scalars(select(Collaboration.id).where(Collaboration.status.in_(statuses))
                                .order_by(Collaboration.id)))

"""The desk's JSON API (/api/v1/desk): the same operations and the same scoping as its web pages.

Askers (researchers, advisors) submit and read their own questions; desk officers work the queue;
ministry liaisons see only what their ministry is asked and record advice; the knowledge base is
public. Out of scope answers 404, bad input 422 with an error per field.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query

from ksdesk.desk import access, coordination, knowledge, messages, queue, service, tags
from ksdesk.desk.schemas import (
    AdviceUpdate,
    AskerMessageCreate,
    AskerQuestionRead,
    AssignmentUpdate,
    CoordinationCreate,
    CoordinationRead,
    FaqRead,
    LiaisonQuestionRead,
    MessageRead,
    NoteCreate,
    OutboxRead,
    PauseCreate,
    QuestionCreate,
    QuestionRead,
    QuestionTransitionCreate,
    QueueEntryRead,
    QueuePageRead,
    ReplyCreate,
    ResumeCreate,
    SearchHitRead,
    SubmittedQuestionRead,
    TagCreate,
)
from ksdesk.desk.vocab import QuestionStatus
from ksdesk.vocab import Role
from ksdesk.web.deps import DB, CurrentUser, api_roles
from ksdesk.web.routing import Router

router = Router(prefix="/desk", tags=["desk"])
AskerUser = Annotated[CurrentUser, Depends(api_roles(*access.ASKER_ROLES))]
OfficerUser = Annotated[CurrentUser, Depends(api_roles(Role.DESK_OFFICER))]
LiaisonUser = Annotated[CurrentUser, Depends(api_roles(Role.MINISTRY_LIAISON))]


# ---------------------------------------------------------------- shapes


def _detail(db, principal, question_id: int) -> QuestionRead:
    d = service.question_detail(db, principal, question_id)
    q = d.question
    return QuestionRead(
        id=q.id, reference=q.reference, version=q.version, asker_name=q.asker_name, asker_email=q.asker_email,
        asker_role=q.asker_role, language=q.language, institution_id=q.institution_id,
        institution_name=q.institution_name, subject=q.subject, text=q.text, topics=list(q.topics or []),
        countries=q.country_codes, collaboration_id=q.collaboration_id, status=q.status, received_at=q.received_at,
        due_at=q.due_at, waiting_for_asker=q.waiting_for_asker, assigned_to_id=q.assigned_to_id,
        answered_at=q.answered_at, closed_at=q.closed_at, available_actions=d.available_actions,
        tags=tags.tags_of(db, q.id),
        messages=[MessageRead(id=m.id, audience=m.audience, author_kind=m.author_kind, author=m.author_label,
                              body=m.body, created_at=m.created_at) for m in d.messages],
        coordination=[CoordinationRead(ministry=r.ministry, status=r.status, request_note=r.request_note,
                                       requested_at=r.requested_at, advice=r.advice, advised_at=r.advised_at)
                      for r in q.coordination],
        outbox=[OutboxRead(id=o.id, kind=o.kind, subject=o.subject, status=o.status, attempts=o.attempts,
                           last_error=o.last_error, created_at=o.created_at, sent_at=o.sent_at) for o in d.outbox],
    )


# ---------------------------------------------------------------- askers


@router.post("/questions", response_model=SubmittedQuestionRead, status_code=201,
             summary="Ask the desk a question (researchers and advisors)")
def submit(data: QuestionCreate, db: DB, user: AskerUser):
    question = service.submit_question(db, data, principal=user.principal)
    return SubmittedQuestionRead(reference=question.reference, status=question.status,
                             received_at=question.received_at, due_at=question.due_at)


@router.get("/my-questions", response_model=list[AskerQuestionRead], summary="Your own questions, public replies only")
def my_questions(db: DB, user: AskerUser):
    return service.list_my_questions(db, user.principal)


@router.get("/my-questions/{reference}", response_model=AskerQuestionRead)
def my_question(reference: str, db: DB, user: AskerUser):
    return service.get_my_question(db, user.principal, reference)


@router.post("/my-questions/{reference}/messages", response_model=AskerQuestionRead,
             summary="Add information to your own question")
def my_question_message(reference: str, data: AskerMessageCreate, db: DB, user: AskerUser):
    service.add_asker_message(db, user.principal, reference, data.body)
    return service.get_my_question(db, user.principal, reference)


# ---------------------------------------------------------------- desk officers


@router.get("/queue", response_model=QueuePageRead, summary="Open questions in order of receipt (desk officers)")
def queue_list(
    db: DB, user: OfficerUser,
    status: Annotated[QuestionStatus | None, Query()] = None,
    assigned: Annotated[str | None, Query(description="'me', 'none' or a user id")] = None,
    overdue: bool = False, due_soon: bool = False,
    tag: Annotated[str | None, Query(max_length=100, description="only questions with this tag")] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 25,
):
    assigned_to = {"me": user.principal.user_id, "none": "none"}.get(assigned or "", None)
    if assigned_to is None and assigned and assigned.isdigit():
        assigned_to = int(assigned)
    items, total = queue.list_queue(db, user.principal, status=status.value if status else None,
                                    assigned_to=assigned_to, overdue=overdue, due_soon=due_soon,
                                    tag=tags.normalise(tag or "") or None, page=page,
                                    page_size=page_size)
    return QueuePageRead(total=total, page=page, page_size=page_size,
                     items=[QueueEntryRead.model_validate(item, from_attributes=True) for item in items])


@router.get("/questions/{question_id}", response_model=QuestionRead)
def question_detail(question_id: int, db: DB, user: OfficerUser):
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/assign", response_model=QuestionRead)
def assign(question_id: int, data: AssignmentUpdate, db: DB, user: OfficerUser):
    service.assign(db, user.principal, question_id, data.officer_id, expected_version=data.version)
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/transition", response_model=QuestionRead)
def transition(question_id: int, data: QuestionTransitionCreate, db: DB, user: OfficerUser):
    service.transition(db, user.principal, question_id, data.action, reason=data.reason,
                       expected_version=data.version)
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/pause", response_model=QuestionRead)
def pause(question_id: int, data: PauseCreate, db: DB, user: OfficerUser):
    service.pause_for_asker(db, user.principal, question_id, data.reason, expected_version=data.version)
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/resume", response_model=QuestionRead)
def resume(question_id: int, data: ResumeCreate, db: DB, user: OfficerUser):
    service.resume(db, user.principal, question_id, note=data.note, expected_version=data.version)
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/coordination", response_model=QuestionRead)
def request_coordination(question_id: int, data: CoordinationCreate, db: DB, user: OfficerUser):
    coordination.request_coordination(db, user.principal, question_id, data.ministries, data.note,
                                      expected_version=data.version)
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/replies", response_model=QuestionRead, summary="A public reply")
def reply(question_id: int, data: ReplyCreate, db: DB, user: OfficerUser):
    messages.add_reply(db, user.principal, question_id, data.body, mark_answered=data.final,
                       template_id=data.template_id, expected_version=data.version)
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/notes", response_model=QuestionRead,
             summary="An internal note, never shown to or sent to the asker")
def note(question_id: int, data: NoteCreate, db: DB, user: OfficerUser):
    messages.add_internal_note(db, user.principal, question_id, data.body)
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/tags", response_model=QuestionRead,
             summary="Give the question a tag (the desk's own; never shown to the asker)")
def add_tag(question_id: int, data: TagCreate, db: DB, user: OfficerUser):
    tags.add_tag(db, user.principal, question_id, data.tag)
    return _detail(db, user.principal, question_id)


@router.delete("/questions/{question_id}/tags/{tag}", response_model=QuestionRead, summary="Take a tag off the question")
def remove_tag(question_id: int, tag: Annotated[str, Path(max_length=100)], db: DB, user: OfficerUser):
    tags.remove_tag(db, user.principal, question_id, tag)
    return _detail(db, user.principal, question_id)


@router.get("/questions/{question_id}/similar", response_model=list[SearchHitRead])
def similar(question_id: int, db: DB, user: OfficerUser):
    return [SearchHitRead(kind=h.kind, id=h.object_id, language=h.language, title=h.title, snippet=h.snippet)
            for h in knowledge.similar_answers(db, user.principal, question_id)]


@router.get("/search", response_model=list[SearchHitRead], summary="Search the FAQ and earlier answers (desk)")
def desk_search(db: DB, user: OfficerUser, q: Annotated[str, Query(max_length=knowledge.MAX_QUERY)] = ""):
    return [SearchHitRead(kind=h.kind, id=h.object_id, language=h.language, title=h.title, snippet=h.snippet)
            for h in knowledge.search_desk(db, user.principal, q)]


# ---------------------------------------------------------------- ministry liaisons


@router.get("/liaison/questions", response_model=list[LiaisonQuestionRead],
            summary="Questions on which your ministry is consulted")
def liaison_list(db: DB, user: LiaisonUser, awaiting_advice: bool = False):
    return coordination.list_for_liaison(db, user.principal, awaiting_advice=awaiting_advice)


@router.get("/liaison/questions/{question_id}", response_model=LiaisonQuestionRead)
def liaison_question(question_id: int, db: DB, user: LiaisonUser):
    return coordination.get_for_liaison(db, user.principal, question_id)


@router.post("/liaison/questions/{question_id}/advice", response_model=LiaisonQuestionRead)
def liaison_advice(question_id: int, data: AdviceUpdate, db: DB, user: LiaisonUser):
    coordination.record_advice(db, user.principal, question_id, data.advice)
    return coordination.get_for_liaison(db, user.principal, question_id)


# ---------------------------------------------------------------- public knowledge base


@router.get("/faq", response_model=list[FaqRead], summary="The public knowledge base, newest first")
def faq(db: DB):
    return [_faq(e) for e in knowledge.list_faq(db)]


@router.get("/faq/search", response_model=list[SearchHitRead],
            summary="Full-text search of the public knowledge base (Dutch and English)")
def faq_search(db: DB, q: Annotated[str, Query(max_length=knowledge.MAX_QUERY)] = ""):
    return [SearchHitRead(kind=h.kind, id=h.object_id, language=h.language, title=h.title, snippet=h.snippet)
            for h in knowledge.search_faq(db, q)]


@router.get("/faq/{entry_id}", response_model=FaqRead)
def faq_entry(entry_id: int, db: DB):
    return _faq(knowledge.get_faq(db, entry_id))


def _faq(e) -> FaqRead:
    return FaqRead(id=e.id, title=e.title, question=e.question, answer=e.answer, language=e.language,
                   topics=list(e.topics or []), published_at=e.published_at)

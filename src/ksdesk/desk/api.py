"""The desk's JSON API (/api/v1/desk): the same operations and the same scoping as its web pages.

Askers (researchers, advisors) submit and read their own questions; desk officers work the queue;
ministry liaisons see only what their ministry is asked and record advice; the knowledge base is
public. Out of scope answers 404, bad input 422 with an error per field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from ksdesk.desk import access, coordination, knowledge, messages, queue, service
from ksdesk.desk.schemas import AskerQuestionView, LiaisonQuestionView, QuestionCreate
from ksdesk.desk.vocab import QuestionStatus
from ksdesk.vocab import Role
from ksdesk.web.deps import DB, CurrentUser, api_roles
from ksdesk.web.routing import Router

router = Router(prefix="/desk", tags=["desk"])
AskerUser = Annotated[CurrentUser, Depends(api_roles(*access.ASKER_ROLES))]
OfficerUser = Annotated[CurrentUser, Depends(api_roles(Role.DESK_OFFICER))]
LiaisonUser = Annotated[CurrentUser, Depends(api_roles(Role.MINISTRY_LIAISON))]


# ---------------------------------------------------------------- shapes


class QueueEntry(BaseModel):
    id: int
    reference: str
    subject: str
    status: str
    received_at: datetime
    due_at: datetime | None
    waiting_for_asker: bool
    assigned_to_id: int | None
    warning: Literal["overdue", "due_soon"] | None
    ministries_still_to_advise: int


class QueuePage(BaseModel):
    total: int
    page: int
    page_size: int
    items: list[QueueEntry]


class MessageRead(BaseModel):
    id: int
    audience: Literal["public", "internal"]
    author_kind: str
    author: str
    body: str
    created_at: datetime


class CoordinationRead(BaseModel):
    ministry: str
    status: str
    request_note: str
    requested_at: datetime
    advice: str | None
    advised_at: datetime | None


class OutboxRead(BaseModel):
    id: int
    kind: str
    subject: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class DeskQuestionRead(BaseModel):
    """The desk's full view, including the asker's details and the internal notes."""

    id: int
    reference: str
    version: int
    asker_name: str
    asker_email: str
    asker_role: str
    language: str
    institution_id: int | None
    institution_name: str | None
    subject: str
    text: str
    topics: list[str]
    countries: list[str]
    collaboration_id: int | None
    status: str
    received_at: datetime
    due_at: datetime | None
    waiting_for_asker: bool
    assigned_to_id: int | None
    answered_at: datetime | None
    closed_at: datetime | None
    available_actions: list[str]
    messages: list[MessageRead]
    coordination: list[CoordinationRead]
    outbox: list[OutboxRead]


class SubmittedQuestion(BaseModel):
    reference: str
    status: str
    received_at: datetime
    due_at: datetime | None


class AssignIn(BaseModel):
    officer_id: int | None = Field(description="a desk officer's user id; null to unassign")
    version: int | None = Field(default=None, description="the version you saw; 409 when it changed")


class TransitionIn(BaseModel):
    action: Literal["start", "end_coordination", "close", "reopen"]
    reason: str | None = None
    version: int | None = None


class PauseIn(BaseModel):
    reason: str = Field(description="what the desk is waiting for")
    version: int | None = None


class ResumeIn(BaseModel):
    note: str | None = None
    version: int | None = None


class CoordinationIn(BaseModel):
    ministries: list[str] = Field(description="ministry codes: bzk, bz, def, ezk, jenv, lvvn, ocw")
    note: str
    version: int | None = None


class ReplyIn(BaseModel):
    body: str
    final: bool = Field(default=True, description="false for an interim reply that does not answer the question")
    template_id: int | None = None
    version: int | None = None


class NoteIn(BaseModel):
    body: str


class AdviceIn(BaseModel):
    advice: str


class AskerMessageIn(BaseModel):
    body: str


class SearchHitRead(BaseModel):
    kind: Literal["faq", "answer"]
    id: int
    language: str
    title: str
    snippet: str


class FaqRead(BaseModel):
    id: int
    title: str
    question: str
    answer: str
    language: str
    topics: list[str]
    published_at: datetime


def _detail(db, principal, question_id: int) -> DeskQuestionRead:
    d = service.question_detail(db, principal, question_id)
    q = d.question
    return DeskQuestionRead(
        id=q.id, reference=q.reference, version=q.version, asker_name=q.asker_name, asker_email=q.asker_email,
        asker_role=q.asker_role, language=q.language, institution_id=q.institution_id,
        institution_name=q.institution_name, subject=q.subject, text=q.text, topics=list(q.topics or []),
        countries=q.country_codes, collaboration_id=q.collaboration_id, status=q.status, received_at=q.received_at,
        due_at=q.due_at, waiting_for_asker=q.waiting_for_asker, assigned_to_id=q.assigned_to_id,
        answered_at=q.answered_at, closed_at=q.closed_at, available_actions=d.available_actions,
        messages=[MessageRead(id=m.id, audience=m.audience, author_kind=m.author_kind, author=m.author_label,
                              body=m.body, created_at=m.created_at) for m in d.messages],
        coordination=[CoordinationRead(ministry=r.ministry, status=r.status, request_note=r.request_note,
                                       requested_at=r.requested_at, advice=r.advice, advised_at=r.advised_at)
                      for r in q.coordination],
        outbox=[OutboxRead(id=o.id, kind=o.kind, subject=o.subject, status=o.status, attempts=o.attempts,
                           last_error=o.last_error, created_at=o.created_at, sent_at=o.sent_at) for o in d.outbox],
    )


# ---------------------------------------------------------------- askers


@router.post("/questions", response_model=SubmittedQuestion, status_code=201,
             summary="Ask the desk a question (researchers and advisors)")
def submit(data: QuestionCreate, db: DB, user: AskerUser):
    question = service.submit_question(db, data, principal=user.principal)
    return SubmittedQuestion(reference=question.reference, status=question.status,
                             received_at=question.received_at, due_at=question.due_at)


@router.get("/my-questions", response_model=list[AskerQuestionView], summary="Your own questions, public replies only")
def my_questions(db: DB, user: AskerUser):
    return service.list_my_questions(db, user.principal)


@router.get("/my-questions/{reference}", response_model=AskerQuestionView)
def my_question(reference: str, db: DB, user: AskerUser):
    return service.get_my_question(db, user.principal, reference)


@router.post("/my-questions/{reference}/messages", response_model=AskerQuestionView,
             summary="Add information to your own question")
def my_question_message(reference: str, data: AskerMessageIn, db: DB, user: AskerUser):
    service.add_asker_message(db, user.principal, reference, data.body)
    return service.get_my_question(db, user.principal, reference)


# ---------------------------------------------------------------- desk officers


@router.get("/queue", response_model=QueuePage, summary="Open questions in order of receipt (desk officers)")
def queue_list(
    db: DB, user: OfficerUser,
    status: Annotated[QuestionStatus | None, Query()] = None,
    assigned: Annotated[str | None, Query(description="'me', 'none' or a user id")] = None,
    overdue: bool = False, due_soon: bool = False,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 25,
):
    assigned_to = {"me": user.principal.user_id, "none": "none"}.get(assigned or "", None)
    if assigned_to is None and assigned and assigned.isdigit():
        assigned_to = int(assigned)
    items, total = queue.list_queue(db, user.principal, status=status.value if status else None,
                                    assigned_to=assigned_to, overdue=overdue, due_soon=due_soon, page=page,
                                    page_size=page_size)
    return QueuePage(total=total, page=page, page_size=page_size,
                     items=[QueueEntry.model_validate(item, from_attributes=True) for item in items])


@router.get("/questions/{question_id}", response_model=DeskQuestionRead)
def question_detail(question_id: int, db: DB, user: OfficerUser):
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/assign", response_model=DeskQuestionRead)
def assign(question_id: int, data: AssignIn, db: DB, user: OfficerUser):
    service.assign(db, user.principal, question_id, data.officer_id, expected_version=data.version)
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/transition", response_model=DeskQuestionRead)
def transition(question_id: int, data: TransitionIn, db: DB, user: OfficerUser):
    service.transition(db, user.principal, question_id, data.action, reason=data.reason,
                       expected_version=data.version)
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/pause", response_model=DeskQuestionRead)
def pause(question_id: int, data: PauseIn, db: DB, user: OfficerUser):
    service.pause_for_asker(db, user.principal, question_id, data.reason, expected_version=data.version)
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/resume", response_model=DeskQuestionRead)
def resume(question_id: int, data: ResumeIn, db: DB, user: OfficerUser):
    service.resume(db, user.principal, question_id, note=data.note, expected_version=data.version)
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/coordination", response_model=DeskQuestionRead)
def request_coordination(question_id: int, data: CoordinationIn, db: DB, user: OfficerUser):
    coordination.request_coordination(db, user.principal, question_id, data.ministries, data.note,
                                      expected_version=data.version)
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/replies", response_model=DeskQuestionRead, summary="A public reply")
def reply(question_id: int, data: ReplyIn, db: DB, user: OfficerUser):
    messages.add_reply(db, user.principal, question_id, data.body, mark_answered=data.final,
                       template_id=data.template_id, expected_version=data.version)
    return _detail(db, user.principal, question_id)


@router.post("/questions/{question_id}/notes", response_model=DeskQuestionRead,
             summary="An internal note, never shown to or sent to the asker")
def note(question_id: int, data: NoteIn, db: DB, user: OfficerUser):
    messages.add_internal_note(db, user.principal, question_id, data.body)
    return _detail(db, user.principal, question_id)


@router.get("/questions/{question_id}/similar", response_model=list[SearchHitRead])
def similar(question_id: int, db: DB, user: OfficerUser):
    return [SearchHitRead(kind=h.kind, id=h.object_id, language=h.language, title=h.title, snippet=h.snippet)
            for h in knowledge.similar_answers(db, user.principal, question_id)]


@router.get("/search", response_model=list[SearchHitRead], summary="Search the FAQ and earlier answers (desk)")
def desk_search(db: DB, user: OfficerUser, q: Annotated[str, Query(max_length=500)] = ""):
    return [SearchHitRead(kind=h.kind, id=h.object_id, language=h.language, title=h.title, snippet=h.snippet)
            for h in knowledge.search_desk(db, user.principal, q)]


# ---------------------------------------------------------------- ministry liaisons


@router.get("/liaison/questions", response_model=list[LiaisonQuestionView],
            summary="Questions on which your ministry is consulted")
def liaison_list(db: DB, user: LiaisonUser, awaiting_advice: bool = False):
    return coordination.list_for_liaison(db, user.principal, awaiting_advice=awaiting_advice)


@router.get("/liaison/questions/{question_id}", response_model=LiaisonQuestionView)
def liaison_question(question_id: int, db: DB, user: LiaisonUser):
    return coordination.get_for_liaison(db, user.principal, question_id)


@router.post("/liaison/questions/{question_id}/advice", response_model=LiaisonQuestionView)
def liaison_advice(question_id: int, data: AdviceIn, db: DB, user: LiaisonUser):
    coordination.record_advice(db, user.principal, question_id, data.advice)
    return coordination.get_for_liaison(db, user.principal, question_id)


# ---------------------------------------------------------------- public knowledge base


@router.get("/faq", response_model=list[FaqRead], summary="The public knowledge base, newest first")
def faq(db: DB):
    return [_faq(e) for e in knowledge.list_faq(db)]


@router.get("/faq/search", response_model=list[SearchHitRead],
            summary="Full-text search of the public knowledge base (Dutch and English)")
def faq_search(db: DB, q: Annotated[str, Query(max_length=500)] = ""):
    return [SearchHitRead(kind=h.kind, id=h.object_id, language=h.language, title=h.title, snippet=h.snippet)
            for h in knowledge.search_faq(db, q)]


@router.get("/faq/{entry_id}", response_model=FaqRead)
def faq_entry(entry_id: int, db: DB):
    return _faq(knowledge.get_faq(db, entry_id))


def _faq(e) -> FaqRead:
    return FaqRead(id=e.id, title=e.title, question=e.question, answer=e.answer, language=e.language,
                   topics=list(e.topics or []), published_at=e.published_at)

"""What comes in (QuestionCreate) and what each audience may see (the *View classes).

The views are built from explicit fields, never from the ORM object as a whole, so an internal
note or another ministry's advice cannot slip into what an asker or a liaison receives.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from ksdesk.desk.vocab import AskerRole, Topic
from ksdesk.errors import ValidationFailed, refusals_of
from ksdesk.types import RecordId

MAX_TEXT = 20_000
MAX_SUBJECT = 200
MAX_NAME = 200
MAX_INSTITUTION_NAME = 300
MAX_COUNTRIES = 30
MAX_MESSAGE = 20_000


class QuestionCreate(BaseModel):
    """The contact form. Name and e-mail may be left empty by a signed-in asker: their account's are used."""

    model_config = ConfigDict(str_strip_whitespace=True)

    asker_name: str = Field(default="", max_length=MAX_NAME)
    asker_email: str = Field(default="", max_length=254)
    asker_role: AskerRole = AskerRole.RESEARCHER
    language: str = Field(default="nl", pattern="^(nl|en)$")
    institution_id: RecordId | None = None
    institution_name: str | None = Field(default=None, max_length=MAX_INSTITUTION_NAME)
    subject: str = Field(min_length=3, max_length=MAX_SUBJECT)
    text: str = Field(min_length=10, max_length=MAX_TEXT)
    topics: list[Topic] = Field(min_length=1)
    countries: list[str] = Field(default_factory=list, max_length=MAX_COUNTRIES)
    collaboration_id: RecordId | None = None
    consent: bool = False
    # The asker saw the warning about other people's personal data and sends the question anyway.
    personal_data_confirmed: bool = False

    @field_validator("asker_email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not value:
            return value
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise PydanticCustomError("email_invalid", str(exc)) from exc

    @field_validator("countries")
    @classmethod
    def _countries(cls, value: list[str]) -> list[str]:
        codes = []
        for code in value:
            code = code.strip().upper()
            if len(code) != 2 or not code.isalpha():
                raise PydanticCustomError("country_code_format", "{code} is not a two-letter ISO country code",
                                          {"code": repr(code)})
            if code not in codes:
                codes.append(code)
        return codes

    @field_validator("topics")
    @classmethod
    def _unique_topics(cls, value: list[Topic]) -> list[Topic]:
        return list(dict.fromkeys(value))

    @field_validator("institution_name")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None


def parse_question(data: QuestionCreate | Mapping[str, Any]) -> QuestionCreate:
    """Validates a submitted form into a QuestionCreate; every problem is reported per field."""
    if isinstance(data, QuestionCreate):
        return data
    try:
        return QuestionCreate.model_validate(dict(data))
    except ValidationError as exc:
        raise ValidationFailed("the question was not sent: please correct the marked fields", code="question_not_sent",
                               field_errors=refusals_of(exc, whole="form")) from exc


# ---------------------------------------------------------------------- views


class PublicMessageRead(BaseModel):
    """A message as the asker sees it: the desk speaks as the desk, not as a named officer."""

    from_desk: bool
    body: str
    created_at: datetime


class AskerQuestionRead(BaseModel):
    reference: str
    subject: str
    text: str
    language: str
    topics: list[str]
    countries: list[str]
    status: str
    received_at: datetime
    due_at: datetime | None
    waiting_for_asker: bool
    coordinating_with_ministries: bool
    answered_at: datetime | None
    messages: list[PublicMessageRead]


class LiaisonRequestRead(BaseModel):
    request_id: int
    ministry: str
    request_note: str
    requested_at: datetime
    status: str
    advice: str | None
    advised_at: datetime | None
    due_at: datetime | None = None


class LiaisonQuestionRead(BaseModel):
    """What a ministry needs to advise: the question, not who asked it."""

    id: int
    reference: str
    subject: str
    text: str
    topics: list[str]
    countries: list[str]
    institution: str | None
    status: str
    received_at: datetime
    due_at: datetime | None
    ministries_consulted: list[str]
    request: LiaisonRequestRead


class QueueEntryRead(BaseModel):
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
    tags: list[str] = Field(default_factory=list, description="the desk's own tags; never shown to the asker")


class QueuePageRead(BaseModel):
    total: int
    page: int
    page_size: int
    items: list[QueueEntryRead]


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


class QuestionRead(BaseModel):
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
    tags: list[str]
    messages: list[MessageRead]
    coordination: list[CoordinationRead]
    outbox: list[OutboxRead]


class SubmittedQuestionRead(BaseModel):
    reference: str
    status: str
    received_at: datetime
    due_at: datetime | None


class AssignmentUpdate(BaseModel):
    officer_id: int | None = Field(description="a desk officer's user id; null to unassign")
    version: int | None = Field(default=None, description="the version you saw; 409 when it changed")


class QuestionTransitionCreate(BaseModel):
    action: Literal["start", "end_coordination", "close", "reopen"]
    reason: str | None = None
    version: int | None = None


class PauseCreate(BaseModel):
    reason: str = Field(description="what the desk is waiting for")
    version: int | None = None


class ResumeCreate(BaseModel):
    note: str | None = None
    version: int | None = None


class CoordinationCreate(BaseModel):
    ministries: list[str] = Field(description="ministry codes: bzk, bz, def, ezk, jenv, lvvn, ocw")
    note: str
    version: int | None = None


class ReplyCreate(BaseModel):
    body: str
    final: bool = Field(default=True, description="false for an interim reply that does not answer the question")
    template_id: int | None = None
    version: int | None = None


class TagCreate(BaseModel):
    tag: str = Field(description="1 to 40 letters, digits, spaces or hyphens; stored in lower case")


class NoteCreate(BaseModel):
    body: str


class AdviceUpdate(BaseModel):
    advice: str


class AskerMessageCreate(BaseModel):
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

"""The desk's tables: questions and everything that happens to them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksdesk.db import Base, utcnow


class ReferenceCounter(Base):
    """The last reference number issued per year; one row per year, incremented atomically."""

    __tablename__ = "desk_reference_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class Question(Base):
    __tablename__ = "desk_question"
    __table_args__ = (
        CheckConstraint("consent = true", name="consent_given"),
        CheckConstraint("language IN ('nl', 'en')", name="language_known"),
        Index("ix_desk_question_queue", "status", "received_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    asker_name: Mapped[str] = mapped_column(String(200))
    asker_email: Mapped[str] = mapped_column(String(254))
    asker_role: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(2))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"), index=True)
    # For askers whose institution has no account here: the name as they typed it.
    institution_name: Mapped[str | None] = mapped_column(String(300))
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    topics: Mapped[list] = mapped_column(default=list)
    collaboration_id: Mapped[int | None] = mapped_column(ForeignKey("collaboration.id"), index=True)
    consent: Mapped[bool] = mapped_column(Boolean)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Stored, not computed on read, so the queue can filter and sort on it in SQL. NULL while
    # the clock is stopped (waiting for the asker) and the deadline has not yet passed.
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    paused_since: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    answered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    countries: Mapped[list[QuestionCountry]] = relationship(
        cascade="all, delete-orphan", order_by="QuestionCountry.country_code", lazy="selectin"
    )
    pauses: Mapped[list[QuestionPause]] = relationship(
        cascade="all, delete-orphan", order_by="QuestionPause.id", lazy="selectin", back_populates="question"
    )
    coordination: Mapped[list[CoordinationRequest]] = relationship(
        cascade="all, delete-orphan", order_by="CoordinationRequest.id", lazy="selectin",
        back_populates="question",
    )

    @property
    def country_codes(self) -> list[str]:
        return [c.country_code for c in self.countries]

    @property
    def waiting_for_asker(self) -> bool:
        return self.paused_since is not None


class QuestionCountry(Base):
    __tablename__ = "desk_question_country"

    question_id: Mapped[int] = mapped_column(ForeignKey("desk_question.id", ondelete="CASCADE"), primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("country_profile.code"), primary_key=True, index=True)


class QuestionTag(Base):
    """A word an officer gives a question, for the desk's own use: to find such questions in the
    queue and count them in the figures. Never shown to the asker or published (desk.tags)."""

    __tablename__ = "desk_question_tag"

    question_id: Mapped[int] = mapped_column(ForeignKey("desk_question.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuestionPause(Base):
    """The desk is waiting for the asker: the answer clock stops (see calendar.due_at_with_pauses)."""

    __tablename__ = "desk_question_pause"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("desk_question.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(Text)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    ended_by_label: Mapped[str | None] = mapped_column(String(254))

    question: Mapped[Question] = relationship(back_populates="pauses")


class QuestionMessage(Base):
    """A message on a question. The audience decides who ever sees it; internal never leaves the desk."""

    __tablename__ = "desk_message"
    __table_args__ = (CheckConstraint("audience IN ('public', 'internal')", name="audience_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("desk_question.id", ondelete="CASCADE"), index=True)
    audience: Mapped[str] = mapped_column(String(16))
    author_kind: Mapped[str] = mapped_column(String(16), default="desk")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    author_label: Mapped[str] = mapped_column(String(254))
    body: Mapped[str] = mapped_column(Text)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("desk_reply_template.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CoordinationRequest(Base):
    """The desk asks one ministry for its view; the ministry's liaison records the advice."""

    __tablename__ = "desk_coordination"
    __table_args__ = (UniqueConstraint("question_id", "ministry"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("desk_question.id", ondelete="CASCADE"), index=True)
    ministry: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16), default="requested")
    request_note: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    advice: Mapped[str | None] = mapped_column(Text)
    # The ministry's own deadline (its response time in working days after the request), kept
    # for the reminder and the escalation (desk.reminders); NULL for requests made before it existed.
    due_at: Mapped[datetime | None]
    advised_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    advised_at: Mapped[datetime | None]

    question: Mapped[Question] = relationship(back_populates="coordination")


class ReplyTemplate(Base):
    __tablename__ = "desk_reply_template"
    __table_args__ = (UniqueConstraint("name", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(2))
    body: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ClosureDay(Base):
    """A day the desk is closed beyond weekends and public holidays; deadlines move past it."""

    __tablename__ = "desk_closure_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HolidayChoice(Base):
    """An administrator's decision whether the desk works on a holiday, every year (calendar.HOLIDAYS);
    no row: the holiday calendar decides."""

    __tablename__ = "desk_holiday_choice"

    holiday: Mapped[str] = mapped_column(String(32), primary_key=True)
    desk_works: Mapped[bool]
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class InboundMail(Base):
    """Every e-mail ksdesk mail-in accepted: threaded onto its question, or kept aside (quarantined)
    with the reason, for an officer to look at. What was threaded is also a message on the question."""

    __tablename__ = "desk_inbound_mail"
    __table_args__ = (Index("ix_desk_inbound_mail_status", "status", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    sender: Mapped[str] = mapped_column(String(254))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16))  # "threaded" or "quarantined"
    reason: Mapped[str | None] = mapped_column(String(64))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("desk_question.id", ondelete="SET NULL"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("desk_message.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)


class Erasure(Base):
    """What the retention job erased of a closed question, and when: once per kind of data."""

    __tablename__ = "desk_erasure"

    question_id: Mapped[int] = mapped_column(ForeignKey("desk_question.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(default=utcnow)


class DeskSetting(Base):
    """One of the desk's own rules, set by an administrator (desk.policy names each and its default)."""

    __tablename__ = "desk_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DeskReminder(Base):
    """A reminder or escalation that went out, once per deadline: a moved deadline gets its own."""

    __tablename__ = "desk_reminder"
    __table_args__ = (UniqueConstraint("question_id", "kind", "ministry", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("desk_question.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    # The ministry for a coordination reminder; "" for the question's own deadline (NULLs would
    # not collide in the unique constraint).
    ministry: Mapped[str] = mapped_column(String(16), default="")
    due_at: Mapped[datetime]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxMail(Base):
    """The durable record of every e-mail: written with the change that causes it, sent by a job."""

    __tablename__ = "desk_outbox"
    __table_args__ = (Index("ix_desk_outbox_status", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("desk_question.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("desk_message.id"))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_attempt_at: Mapped[datetime | None]
    # While "sending": until when the worker that claimed the row has it. No other worker sends it
    # before then; after it, the row is a dead worker's and is tried again (same Message-ID).
    lease_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    # Where an answer should go, when not to the question's asker: a ministry's signed reply
    # address on the notices that ask for its advice (desk.reply_address).
    reply_to: Mapped[str | None] = mapped_column(String(254))


class FaqEntry(Base):
    """A published, anonymised answer: what the desk learnt, without who asked."""

    __tablename__ = "desk_faq_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    topics: Mapped[list] = mapped_column(default=list)
    source_question_id: Mapped[int | None] = mapped_column(ForeignKey("desk_question.id"), index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]


class SearchDocument(Base):
    """Text the knowledge base searches: FAQ entries and the desk's own answered questions.

    The full-text index lives beside it: FTS5 tables on SQLite, a GIN expression index on
    PostgreSQL (both created by migration 0002, since neither is expressible as a model).
    """

    __tablename__ = "desk_search_document"
    __table_args__ = (UniqueConstraint("kind", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "faq" or "answer"
    object_id: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RateLimitWindow(Base):
    """Submissions per client per fixed window, shared by every app process through the database."""

    __tablename__ = "desk_rate_limit"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(primary_key=True)
    hits: Mapped[int] = mapped_column(default=0)

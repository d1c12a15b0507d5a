"""Stored rule sets, catalogue editions, country indicator editions, assessments, chosen mitigations and re-assessment flags."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksdesk.db import Base, utcnow


class RuleSetVersion(Base):
    """One uploaded rule set. Never changed once stored: assessments point at it."""

    __tablename__ = "rule_set_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    label: Mapped[str] = mapped_column(String(64), unique=True)  # the YAML's own `version:`
    name: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by: Mapped[str] = mapped_column(String(254))


class CatalogueVersion(Base):
    """One uploaded edition of a catalogue file. Without one, the file shipped with the code is in force."""

    __tablename__ = "catalogue_version"
    __table_args__ = (UniqueConstraint("catalogue", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    catalogue: Mapped[str] = mapped_column(String(40), index=True)  # catalogues.CATALOGUE_FILES
    number: Mapped[int] = mapped_column(Integer)
    edition: Mapped[str | None] = mapped_column(String(200))  # what the file says of itself, if anything
    text: Mapped[str] = mapped_column(Text)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by: Mapped[str] = mapped_column(String(254))


class CountryIndicatorEdition(Base):
    """The country indicators as loaded from one edition of Freedom House and V-Dem."""

    __tablename__ = "country_indicator_edition"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict]
    sources: Mapped[dict]
    is_current: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    loaded_by: Mapped[str] = mapped_column(String(254))


class Assessment(Base):
    __tablename__ = "assessment"
    __table_args__ = (UniqueConstraint("collaboration_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaboration.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    rule_set_id: Mapped[int] = mapped_column(ForeignKey("rule_set_version.id"))
    rule_set_label: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict]
    result: Mapped[dict]
    # The collaboration and hits as they were assessed: the report must show what was weighed.
    inputs: Mapped[dict]
    # draft | awaiting (a high-risk approval waiting for a second advisor) | decided
    status: Mapped[str] = mapped_column(String(16), default="draft")
    decision: Mapped[str | None] = mapped_column(String(32))
    decision_reasons: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(254))
    decided_by_id: Mapped[int | None] = mapped_column(Integer)  # the user who decided (four eyes)
    decided_at: Mapped[datetime | None]
    # The second advisor who confirmed a high-risk approval (four eyes).
    confirmed_by: Mapped[str | None] = mapped_column(String(254))
    confirmed_at: Mapped[datetime | None]
    desk_question_id: Mapped[int | None] = mapped_column(ForeignKey("desk_question.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    mitigations: Mapped[list[ChosenMitigation]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="ChosenMitigation.id"
    )
    rule_set: Mapped[RuleSetVersion] = relationship()

    @property
    def decided(self) -> bool:
        """Fixed: decided, or decided and waiting for the second advisor's confirmation."""
        return self.status in ("decided", "awaiting")

    @property
    def awaiting(self) -> bool:
        return self.status == "awaiting"


class ChosenMitigation(Base):
    __tablename__ = "assessment_mitigation"
    __table_args__ = (UniqueConstraint("assessment_id", "mitigation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    mitigation_id: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16), default="planned")  # planned | in_progress | done
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="mitigations")


class ReassessmentFlag(Base):
    """An input of a collaboration's assessment changed; cleared by the next assessment version."""

    __tablename__ = "reassessment_flag"

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaboration.id"), index=True)
    reason: Mapped[str] = mapped_column(String(32))  # collaboration_edited | screening_alert | rule_set | catalogue
    detail: Mapped[str | None] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    cleared_at: Mapped[datetime | None]



class AssessmentNote(Base):
    """A participating institution's own note on a collaboration another institution leads and assesses."""

    __tablename__ = "assessment_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaboration.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

"""The shapes of what the API reads and answers."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class AnswersUpdate(BaseModel):
    answers: dict[str, Any] = Field(default_factory=dict)


class MitigationsUpdate(BaseModel):
    mitigations: list[str]


class MitigationStatusUpdate(BaseModel):
    status: str
    note: str | None = None


class DecisionCreate(BaseModel):
    decision: str
    reasons: str
    question_text: str | None = None
    override_reason: str | None = Field(
        default=None, description="needed to approve over unreviewed high-risk hits or unanswered questions")


class ConfirmationCreate(BaseModel):
    confirm: bool = Field(description="true confirms the approval; false sends it back to draft")
    reason: str | None = Field(default=None, max_length=5000, description="needed to send it back")


class WhatIfCreate(BaseModel):
    answers: dict[str, Any] = Field(default_factory=dict, description="answers to change; null removes one")
    collaboration: dict[str, Any] = Field(default_factory=dict, description="collaboration fields to change, e.g. funding")


class NoteCreate(BaseModel):
    text: str = Field(max_length=5000)

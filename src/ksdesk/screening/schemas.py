"""The shapes of what the API reads and answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from ksdesk.screening import service
from ksdesk.screening.index import DEFAULT_THRESHOLD


class ScreeningCreate(BaseModel):
    name: str = Field(min_length=1, max_length=service.MAX_QUERY)
    country: str | None = Field(None, description="ISO 3166 alpha-2; a signal that raises matches in that country")
    threshold: float = Field(DEFAULT_THRESHOLD, ge=0, le=1)
    include_hidden: bool = Field(False, description="also hits a reviewer marked as a false positive")


class ChosenRead(BaseModel):
    entity_id: str = Field(description="the registry organisation's id (a ROR id, or a local one)")
    name: str
    country: str | None
    score: float = Field(description="the score of the match it was chosen by; 1.0 = the same name")
    because: list[str] = Field(default_factory=list, description="codes of the facts that counted most for the "
                               "choice (chosen_exact, chosen_same_country, chosen_host, chosen_named_last, ...)")
    probability: float | None = Field(None, description="how likely the learned choice finds it that people would "
                                      "assign this organisation (0 to 1; it commits from the threshold in "
                                      "chooser.json); null when the plain rule chose")


class ScreeningRead(BaseModel):
    query: str
    country: str | None = Field(None, description="the country given, or read from the string (ISO 3166)")
    chosen: ChosenRead | None = Field(None, description="the one registry organisation the name refers to, "
                                                        "or null when the evidence is weak or ambiguous")
    hits: list[dict[str, Any]] = Field(description="best first: list, entity_id, name, matched_name, score, level, "
                                                   "strength, explanation, registry_id, registry_name, country, review")


class ReviewCreate(BaseModel):
    query: str = Field(min_length=1, max_length=service.MAX_QUERY, description="the name that was screened")
    list: str = Field(min_length=1, max_length=64)
    entity_id: str = Field(min_length=1, max_length=128)
    decision: Literal["true_match", "false_positive", "unsure"]
    reason: str | None = Field(None, description="required for a false positive")


class ReviewRead(BaseModel):
    id: int
    query: str
    list: str
    entity_id: str
    decision: str
    reason: str | None
    by: str
    at: datetime


class PartnerScreeningRead(BaseModel):
    organisation_id: int
    name: str
    country: str | None
    chosen: ChosenRead | None = None
    hits: list[dict[str, Any]]


class ReasonRead(BaseModel):
    code: str = Field(description="why a hit matched: same_name, close_name, acronym, initials, short_name, domain, "
                                  "same_country, other_country, linked, listed_under, ...")
    params: dict[str, Any] = Field(description="the names and values the reason is about: text, name, score, "
                                               "country, ...")


# Named here: in AlertRead, "list" is a field.
Reasons = list[ReasonRead]


class AlertRead(BaseModel):
    id: int
    collaboration_id: int
    organisation_id: int | None
    partner_name: str
    list: str
    entity_id: str
    listed_name: str
    matched_name: str
    score: float
    level: str | None
    explanation: str = Field(description="why it matched, in English")
    reasons: Reasons | None = Field(None, description="why it matched, as codes with their parameters; "
                                    "null for an alert raised before these were kept")
    status: str
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None
    resolution: str | None
    review_decision: str | None = Field(None, description="the review of the hit that closed the alert, if one did")


class AlertPageRead(BaseModel):
    total: int
    page: int
    page_size: int
    items: list[AlertRead]


class AlertUpdate(BaseModel):
    resolution: str = Field(min_length=1, max_length=5000)


class JobRead(BaseModel):
    id: int
    file_name: str
    column: str | None
    country: str | None
    status: str
    total: int
    done: int
    hits: int
    error: str | None
    created_at: datetime
    finished_at: datetime | None
    stalled: bool = Field(default=False, description="queued for longer than the set time: no worker seems to run")
    result_url: str | None


class WatchlistVersionRead(BaseModel):
    id: int
    version_date: date | None
    loaded_at: datetime
    loaded_by: str
    source_file: str | None
    entries: int
    current: bool
    added: int
    removed: int
    changed: int


class WatchlistRead(BaseModel):
    code: str
    title: str
    authority: str | None
    url: str | None
    licence: str | None
    risk_mapping: dict | None
    current_version: WatchlistVersionRead | None


class WatchlistDiffRead(BaseModel):
    version: WatchlistVersionRead
    added: list[str]
    removed: list[str]
    changed: list[dict[str, Any]]

"""The shape of an assessment, as stored and as the API returns it.

Pydantic models so a stored assessment (JSON) validates back into the same objects: old
versions stay readable with the rule-set version they were made with.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from ksdesk.assessment.levels import Level


class Reason(BaseModel):
    factor: str
    level: Level
    label: dict[str, str]
    explanation: dict[str, str]
    # What the reason rests on: the factor's own evidence first, then what its requirements
    # matched. Each item names its kind and enough to find it again (hit, answer, entry, ...).
    evidence: list[dict]
    source: dict
    step: str | None = None
    mitigations: list[str] = Field(default_factory=list)


class Escalated(BaseModel):
    rule: str
    from_level: Level
    to_level: Level
    factors: list[str]
    explanation: dict[str, str] | None = None


class Checked(BaseModel):
    """A factor of the theme that looked at its evidence and found nothing to weigh."""

    factor: str
    label: dict[str, str]
    source: dict
    # nothing: the evidence was there and gave no level; not_applicable: a requirement did
    # not hold (e.g. no partner outside the EU/EEA); missing: the evidence is not there.
    found: str


class ThemeResult(BaseModel):
    level: Level
    label: dict[str, str]
    reasons: list[Reason]
    escalations: list[Escalated] = Field(default_factory=list)
    checked: list[Checked] = Field(default_factory=list)


class Opportunity(BaseModel):
    factor: str
    objective: str
    objective_label: dict[str, str]
    label: dict[str, str]
    explanation: dict[str, str]
    evidence: list[dict]
    source: dict


class SuggestedMitigation(BaseModel):
    id: str
    kind: str
    label: dict[str, str]
    description: dict[str, str]
    source: dict
    suggested_by: list[str]  # factor ids
    themes: list[str]
    highest_level: Level


class Missing(BaseModel):
    """Evidence a factor would have looked at but that is not there; never filled in."""

    kind: str
    ref: str
    factors: list[str]
    note: str | None = None


class ToReview(BaseModel):
    """A possible watchlist match (an acronym, a fuzzy or a cross-country match) that no
    reviewer has confirmed: it sets no level, it is listed until someone looks at it."""

    partner: str
    list_id: str | None
    list_title: str | None = None
    entity_id: str | None
    listed_name: str | None
    score: float | None = None
    risk_level: Level | None = None
    strength: str
    decision: str


class StaleList(BaseModel):
    """A list screened against that is older than its publisher's rhythm: hits may be missing."""

    code: str
    title: str
    version_date: str | None = None
    frequency_days: int | None = None


class Completeness(BaseModel):
    """How much of what the rule set would look at is there: answers given, hits reviewed, lists current."""

    percent: int
    missing: int
    to_review: int
    awaiting_review: int  # strong hits that count but no reviewer has confirmed yet
    stale_lists: list[StaleList] = Field(default_factory=list)


class AssessmentResult(BaseModel):
    collaboration: dict
    rule_set_version: str
    rule_set_name: str
    themes: dict[str, ThemeResult]
    partnership: ThemeResult
    opportunities: list[Opportunity]
    mitigations: list[SuggestedMitigation]
    missing: list[Missing] = Field(default_factory=list)
    to_review: list[ToReview] = Field(default_factory=list)
    completeness: Completeness | None = None

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")

    def levels(self) -> dict[str, Level]:
        out: dict[str, Level] = {name: t.level for name, t in self.themes.items()}
        out["partnership"] = self.partnership.level
        return out


class LevelChange(BaseModel):
    theme: str
    before: Level
    after: Level


class WhatIf(BaseModel):
    changes: list[LevelChange]
    opportunities_gained: list[str]
    opportunities_lost: list[str]
    mitigations_added: list[str]
    mitigations_dropped: list[str]
    before: AssessmentResult
    after: AssessmentResult

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")

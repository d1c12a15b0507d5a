"""The rule set: a YAML document, validated here, that the engine applies.

Everything that decides a level is data in the rule set — which evidence a factor looks at,
how that evidence maps to a level, how factor levels combine into a theme level — so an
administrator can change the weighing without changing code, and every assessment can say
which rule-set version produced it.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal, Protocol, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from ksdesk.assessment.levels import RISK_THEMES, Level
from ksdesk.assessment.yamlmarks import MarkedDocument, YamlError, parse
from ksdesk.errors import Refusal, refusal_of_error

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
Theme = Literal["knowledge_transfer", "influence", "ethics", "partnership", "opportunity"]
RiskTheme = Literal["knowledge_transfer", "influence", "ethics", "partnership"]
Step = Literal["know_your_research", "know_your_partner", "country_profile", "mitigation_plan", "partnership", "ikt"]

# Derived from the collaboration record by the engine (see engine.collaboration_facts).
COLLABORATION_FIELDS = (
    "form",
    "facilities_provider",
    "foreign_state_funding_share",
    "foreign_state_funding_share_outside_eu_eea",
    "foreign_state_funding_share_of_concern",
    "agreements_checklist",
    "funding_share_outside_eu_eea",
    "agreements_missing",
    "partners_outside_eu_eea",
    "partners_of_concern",
    "partners_like_minded",
    "partners_elsewhere",
    "industry_partners",
    "industry_partners_outside_eu_eea",
    "exchanges_incoming",
    "exchanges_outgoing",
    "exchanges_two_way",
    "outgoing_share",
    "exchanges_outgoing_unfree",
    "outgoing_share_unfree",
)
CollaborationField = Literal[COLLABORATION_FIELDS]  # type: ignore[valid-type]

COUNTRY_INDICATORS = (
    "ikt_standing",
    "eu_member",
    "eea_member",
    "fh_status",
    "fh_total",
    "fh_academic_freedom",
    "vdem_academic_freedom",
    "state_actor_threat",
)
CountryIndicator = Literal[COUNTRY_INDICATORS]  # type: ignore[valid-type]


# What an explanation may refer to, per kind of evidence; {title} is always there.
PLACEHOLDERS = {
    "screening_hit": {"listed_name", "list", "partner", "risk_level", "decision"},
    "country_indicator": {"country", "country_name", "value", "year", "fh_status", "fh_total", "vdem_academic_freedom", "ikt_standing"},
    "technology_area": {"area", "entries"},
    "answer": {"answer", "question"},
    "collaboration": {"value", "incoming", "outgoing", "funders", "missing_items", "partners"},
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Text(_Strict):
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Source(_Strict):
    id: Id
    title: str
    publisher: str | None = None
    year: int | None = None
    url: str | None = None


class Choice(_Strict):
    value: str
    label: Text


class Question(_Strict):
    id: Id
    type: Literal["yes_no_unsure", "percentage", "choice", "number", "text", "checklist", "exchanges"]
    label: Text
    help: Text | None = None
    step: Step | None = None
    source: Id | None = None
    choices: list[Choice] = Field(default_factory=list)
    # Checklist and exchanges are kept on the collaboration itself; the question only shows them.
    from_collaboration: Literal["agreements", "exchanges"] | None = None

    @model_validator(mode="after")
    def _shape(self) -> "Question":
        if self.type == "choice" and not self.choices:
            raise PydanticCustomError("rule_choices_needed", "a choice question needs choices")
        if self.type in ("checklist", "exchanges") and not self.from_collaboration:
            raise PydanticCustomError("rule_from_collaboration_needed",
                                      "a {type} question is read from the collaboration: set from_collaboration",
                                      {"type": self.type})
        return self


class Test(_Strict):
    """A condition on one value; all the conditions given must hold."""

    equals: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")
    not_in: list[Any] | None = None
    gte: float | None = None
    gt: float | None = None
    lte: float | None = None
    lt: float | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> "Test":
        if not self.model_fields_set:
            raise PydanticCustomError("rule_condition_empty",
                                      "a condition needs at least one of equals, in, not_in, gte, gt, lte, lt")
        return self


class ScreeningEvidence(_Strict):
    kind: Literal["screening_hit"]
    lists: list[str] | None = None  # None: every watchlist
    min_score: float = Field(default=0.0, ge=0, le=1)
    # A reviewer's "false positive" removes a hit; unreviewed hits still count, flagged as such.
    decisions: list[Literal["true_match", "unsure", "unreviewed"]] = ["true_match", "unsure", "unreviewed"]


class CountryEvidence(_Strict):
    kind: Literal["country_indicator"]
    indicator: CountryIndicator
    # partners: the partner organisations' countries; foreign: those plus the countries listed
    # on the collaboration. The Netherlands itself is never a foreign country.
    scope: Literal["partners", "foreign"] = "foreign"


class TechnologyEvidence(_Strict):
    kind: Literal["technology_area"]
    catalogues: list[str] = Field(min_length=1)
    # Only these entries ("catalogue:entry"); an entry also stands for its sub-areas.
    entries: list[str] | None = None


class AnswerEvidence(_Strict):
    kind: Literal["answer"]
    question: Id


class CollaborationEvidence(_Strict):
    kind: Literal["collaboration"]
    field: CollaborationField


Evidence = Annotated[
    Union[ScreeningEvidence, CountryEvidence, TechnologyEvidence, AnswerEvidence, CollaborationEvidence],
    Field(discriminator="kind"),
]


class Case(_Strict):
    when: Test
    level: Level | None = None  # absent for opportunities


class Requirement(_Strict):
    """Another piece of evidence that must also hold (for at least one of its items)."""

    evidence: Evidence
    when: Test


class Factor(_Strict):
    id: Id
    theme: Theme
    label: Text
    evidence: Evidence
    cases: list[Case] = Field(min_length=1)  # first matching case wins
    requires: list[Requirement] = Field(default_factory=list)
    explanation: Text
    # Suggested when the factor gives medium or above (engine.MITIGATE_FROM).
    mitigations: list[Id] = Field(default_factory=list)
    source: Id
    step: Step | None = None
    objective: Id | None = None  # opportunities: the objective it serves
    # When this factor fires, these (more general) factors' reasons about the same subject —
    # the same technology area, partner or country; for collaboration facts the collaboration —
    # are left out: one reason per cause.
    overrides: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cases_fit_theme(self) -> "Factor":
        if self.theme == "opportunity":
            if any(c.level for c in self.cases):
                raise PydanticCustomError("rule_opportunity_level",
                                          "an opportunity is listed, never given a risk level: remove level from its cases")
            if not self.objective:
                raise PydanticCustomError("rule_opportunity_objective", "an opportunity names the objective it serves")
        elif any(c.level is None for c in self.cases):
            raise PydanticCustomError("rule_case_level_needed", "every case of a risk factor sets a level")
        return self


class Escalation(_Strict):
    count: int = Field(ge=2)
    at_least: Level
    then: Level
    explanation: Text | None = None


class Combine(_Strict):
    base: Literal["max"] = "max"
    escalate: list[Escalation] = Field(default_factory=list)


class ThemeRule(_Strict):
    label: Text
    combine: Combine = Field(default_factory=Combine)


class Objective(_Strict):
    id: Id
    label: Text
    source: Id


class RuleSet(_Strict):
    version: str = Field(min_length=1)
    name: str = Field(min_length=1)
    description: Text | None = None
    sources: list[Source] = Field(min_length=1)
    themes: dict[RiskTheme, ThemeRule]
    objectives: list[Objective] = Field(default_factory=list)
    questionnaire: list[Question] = Field(default_factory=list)
    factors: list[Factor] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_theme(self) -> "RuleSet":
        missing = [t for t in RISK_THEMES if t not in self.themes]
        if missing:
            raise PydanticCustomError("rule_themes_missing", "themes lacks {themes}", {"themes": ", ".join(missing)})
        return self

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questionnaire if q.id == qid), None)

    def source(self, sid: str) -> Source | None:
        return next((s for s in self.sources if s.id == sid), None)


class RuleSetError(ValueError):
    """A rule set that cannot be used; `problems` lists (line, message) pairs, first one first."""

    def __init__(self, reasons: list[tuple[int | None, str, Refusal]]) -> None:
        # Each problem as (line, where, Refusal): the coded reason lets a page say it in its
        # reader's language; `where` is the field's path for a reason that does not name it.
        self.reasons = sorted(reasons, key=lambda p: (p[0] or 0))
        self.problems = [(line, f"{where}: {r.message}" if where else r.message) for line, where, r in self.reasons]
        self.line, self.problem = self.problems[0]
        super().__init__("; ".join(f"line {line}: {msg}" if line else msg for line, msg in self.problems))


def load_rule_set(text: str, catalogues: "object | None" = None) -> RuleSet:
    """Parses and checks a rule set; raises RuleSetError naming the line of each problem.

    `catalogues` (a Catalogues) is what mitigation and catalogue references are checked
    against; the default catalogues when omitted.
    """
    try:
        doc = parse(text)
    except YamlError as exc:
        raise RuleSetError([(exc.line, "", Refusal(exc.code, exc.problem, exc.params))]) from None
    if not isinstance(doc.data, dict):
        raise RuleSetError([(1, "", Refusal("rule_set_not_mapping",
                                            "a rule set is a mapping with version, name, sources, themes and factors"))])
    try:
        rule_set = RuleSet.model_validate(doc.data)
    except ValidationError as exc:
        raise RuleSetError([(doc.line_of(e["loc"]), _where(e), _refusal(e)) for e in exc.errors()]) from None
    if catalogues is None:
        from ksdesk.assessment.catalogues import load_catalogues

        catalogues = load_catalogues()
    problems = _semantic_problems(rule_set, doc, catalogues)
    if problems:
        raise RuleSetError(problems)
    return rule_set


def _where(error: Any) -> str:
    return ".".join(str(p) for p in error["loc"] if not _is_tag(p))


def _refusal(error: Any) -> Refusal:
    coded = refusal_of_error(error)
    return Refusal(coded.code, error["msg"].removeprefix("Value error, "), coded.params)


def _is_tag(part: object) -> bool:
    # Pydantic names the union member it tried (e.g. "screening_hit") inside locations.
    return isinstance(part, str) and part in ("screening_hit", "country_indicator", "technology_area", "answer", "collaboration")


def _semantic_problems(rs: RuleSet, doc: MarkedDocument, catalogues: Any) -> list[tuple[int | None, str, Refusal]]:
    """References the rule set gets wrong, each with a coded reason that names the item and the reference."""
    problems: list[tuple[int | None, str, Refusal]] = []

    def add(loc: tuple[str | int, ...], refusal: Refusal) -> None:
        problems.append((doc.line_of(loc), "", refusal))

    source_ids = _unique(rs.sources, "sources", add)
    question_ids = _unique(rs.questionnaire, "questionnaire", add)
    objective_ids = _unique(rs.objectives, "objectives", add)
    _unique(rs.factors, "factors", add)
    mitigation_ids = set(catalogues.mitigations)
    technology_ids = set(catalogues.technology)

    for i, q in enumerate(rs.questionnaire):
        if q.source and q.source not in source_ids:
            add(("questionnaire", i, "source"), Refusal("rule_question_source_unknown",
                f"question {q.id}: unknown source {q.source!r}", {"id": q.id, "ref": q.source}))
    for i, o in enumerate(rs.objectives):
        if o.source not in source_ids:
            add(("objectives", i, "source"), Refusal("rule_objective_source_unknown",
                f"objective {o.id}: unknown source {o.source!r}", {"id": o.id, "ref": o.source}))
    for i, f in enumerate(rs.factors):
        here = ("factors", i)
        if f.source not in source_ids:
            add(here + ("source",), Refusal("rule_factor_source_unknown",
                f"factor {f.id}: unknown source {f.source!r}", {"id": f.id, "ref": f.source}))
        if f.objective and f.objective not in objective_ids:
            add(here + ("objective",), Refusal("rule_factor_objective_unknown",
                f"factor {f.id}: unknown objective {f.objective!r}", {"id": f.id, "ref": f.objective}))
        allowed = PLACEHOLDERS[f.evidence.kind] | {"title"}
        for lang, text in f.explanation.model_dump().items():
            try:
                names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
            except ValueError as exc:
                add(here + ("explanation", lang), Refusal("rule_explanation_braces",
                    f"factor {f.id}: explanation: {exc}", {"id": f.id, "language": lang}))
                continue
            for name in sorted(names - allowed):
                add(here + ("explanation", lang), Refusal("rule_placeholder_unknown",
                    f"factor {f.id}: unknown placeholder {{{name}}}; use {', '.join(sorted(allowed))}",
                    {"id": f.id, "ref": "{" + name + "}", "allowed": ", ".join(sorted(allowed))}))
        for j, other in enumerate(f.overrides):
            if other not in {g.id for g in rs.factors} or other == f.id:
                add(here + ("overrides", j), Refusal("rule_override_unknown",
                    f"factor {f.id}: overrides unknown factor {other!r}", {"id": f.id, "ref": other}))
        for j, m in enumerate(f.mitigations):
            if m not in mitigation_ids:
                add(here + ("mitigations", j), Refusal("rule_mitigation_unknown",
                    f"factor {f.id}: unknown mitigation {m!r}", {"id": f.id, "ref": m}))
        evidences = [(here + ("evidence",), f.evidence)] + [
            (here + ("requires", j, "evidence"), r.evidence) for j, r in enumerate(f.requires)
        ]
        for loc, ev in evidences:
            if isinstance(ev, AnswerEvidence) and ev.question not in question_ids:
                add(loc + ("question",), Refusal("rule_question_unknown",
                    f"factor {f.id}: unknown question {ev.question!r}", {"id": f.id, "ref": ev.question}))
            if isinstance(ev, TechnologyEvidence):
                for k, ref in enumerate(ev.catalogues):
                    if ref not in technology_ids:
                        add(loc + ("catalogues", k), Refusal("rule_catalogue_unknown",
                            f"factor {f.id}: unknown catalogue {ref!r}", {"id": f.id, "ref": ref}))
                for k, ref in enumerate(ev.entries or []):
                    cat, _, entry = ref.partition(":")
                    if cat not in technology_ids or catalogues.technology[cat].entry(entry) is None:
                        add(loc + ("entries", k), Refusal("rule_catalogue_entry_unknown",
                            f"factor {f.id}: unknown catalogue entry {ref!r}", {"id": f.id, "ref": ref}))
    return problems


# section → (what one item is called, the code of an id used twice)
DUPLICATES = {
    "sources": ("source", "rule_source_duplicate"),
    "questionnaire": ("question", "rule_question_duplicate"),
    "objectives": ("objective", "rule_objective_duplicate"),
    "factors": ("factor", "rule_factor_duplicate"),
}


class HasId(Protocol):
    @property
    def id(self) -> str: ...


def _unique(items: Sequence[HasId], section: str, add: Callable[[tuple[str | int, ...], Refusal], None]) -> set[str]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            what, code = DUPLICATES[section]
            add((section, i, "id"), Refusal(code, f"duplicate {what} id {item.id!r}", {"ref": item.id}))
        seen.add(item.id)
    return seen

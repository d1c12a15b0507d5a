"""The rule engine: applies a rule set to one collaboration. Pure and deterministic.

Each factor looks at one kind of evidence; its first matching case gives a level (or an
opportunity) for each item of that evidence, provided its requirements hold. Every item that
fires becomes a reason carrying its evidence. A theme's level is the highest of its reasons,
raised further by the theme's escalation rules. Opportunities are listed apart and never lower
a risk level: the guidance asks to weigh both, not to net them.
"""

from __future__ import annotations

import operator
import string
from collections.abc import Callable
from typing import Any, Iterable, Mapping, cast

from ksdesk.assessment.catalogues import Catalogues
from ksdesk.assessment.evidence import (
    Gap,
    Inputs,
    Item,
    as_dict,
    collaboration_facts,
    counts,
    resolve,
    to_review,
)
from ksdesk.assessment.levels import LEVELS, RISK_THEMES, Level, highest, normalise, rank
from ksdesk.assessment.result import (
    AssessmentResult,
    Checked,
    Completeness,
    Escalated,
    LevelChange,
    Missing,
    Opportunity,
    Reason,
    StaleList,
    SuggestedMitigation,
    ThemeResult,
    ToReview,
    WhatIf,
)
from ksdesk.assessment.rules import Factor, RuleSet, Test

# Mitigations are suggested for reasons at or above this level; a "low" reason is recorded
# so the weighing is visible, but asks for no measure.
MITIGATE_FROM = "medium"
# The reason a theme gets when no factor fired: what was checked, so "low" is never silent.
NOTHING_FOUND = "nothing_found"


class AnswerError(ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in sorted(problems.items())))


def assess(
    collaboration: Any,
    answers: Mapping[str, Any] | None,
    screening_hits: Iterable[Any],
    countries: Mapping[str, dict[str, Any]],
    catalogues: Catalogues,
    rule_set: RuleSet,
    stale_lists: Iterable[Mapping[str, Any]] = (),
) -> AssessmentResult:
    """`stale_lists`: the lists screened against that are older than their publisher's rhythm;
    each counts as one thing not yet complete, since hits from its newer listings are missing."""
    answers = dict(answers or {})
    check_answers(rule_set, answers)
    collab = as_dict(collaboration)
    inputs = Inputs(collab, answers, [as_dict(h) for h in screening_hits or []], countries, catalogues, rule_set)
    inputs.facts = collaboration_facts(collab, countries)

    reasons: dict[str, list[Reason]] = {t: [] for t in RISK_THEMES}
    checked: dict[str, list[Checked]] = {t: [] for t in RISK_THEMES}
    opportunities: list[Opportunity] = []
    gaps: dict[tuple[str, str], tuple[Gap, list[str]]] = {}
    for factor in rule_set.factors:
        found: list[Gap] = []
        applies: list[bool] = []
        fired = _evaluate(factor, inputs, found, applies)
        for gap in found:
            gaps.setdefault((gap.kind, gap.ref), (gap, []))[1].append(factor.id)
        if not fired and factor.theme != "opportunity":
            state = "missing" if found else ("nothing" if applies[0] else "not_applicable")
            checked[factor.theme].append(Checked(factor=factor.id, label=factor.label.model_dump(),
                                                 source=_source(rule_set, factor.source), found=state))
        for level, items in fired:
            evidence = [t for i in items for t in (i.trace, *i.extra)]
            text = _render(factor.explanation.model_dump(), items[0], collab)
            source = _source(rule_set, factor.source)
            if factor.theme == "opportunity":
                objective = next(o for o in rule_set.objectives if o.id == factor.objective)
                opportunities.append(
                    Opportunity(
                        factor=factor.id, objective=objective.id, objective_label=objective.label.model_dump(),
                        label=factor.label.model_dump(), explanation=text, evidence=evidence, source=source,
                    )
                )
            else:
                reasons[factor.theme].append(
                    Reason(
                        factor=factor.id, level=cast(Level, level), label=factor.label.model_dump(), explanation=text,
                        evidence=evidence, source=source, step=factor.step,
                        mitigations=factor.mitigations if rank(level) >= rank(MITIGATE_FROM) else [],
                    )
                )

    for t in RISK_THEMES:
        reasons[t] = _without_overridden(rule_set, reasons[t])
    themes = {t: _theme(rule_set, t, reasons[t], checked[t]) for t in RISK_THEMES}
    missing = [Missing(kind=g.kind, ref=g.ref, factors=fs, note=g.note) for g, fs in gaps.values()]
    open_hits = [_to_review(h) for h in to_review(inputs.hits)]
    return AssessmentResult(
        collaboration={k: collab.get(k) for k in ("id", "title", "form", "version") if k in collab},
        rule_set_version=rule_set.version,
        rule_set_name=rule_set.name,
        themes={t: themes[t] for t in ("knowledge_transfer", "influence", "ethics")},
        partnership=themes["partnership"],
        opportunities=opportunities,
        mitigations=_mitigations(themes, catalogues),
        missing=missing,
        to_review=open_hits,
        completeness=_completeness(inputs, missing, open_hits,
                                   [StaleList.model_validate(dict(s)) for s in stale_lists]),
    )


def _subject(reason: Reason) -> Any:
    first = reason.evidence[0] if reason.evidence else {}
    return first.get("area") or first.get("partner") or first.get("country")


def _without_overridden(rule_set: RuleSet, reasons: list[Reason]) -> list[Reason]:
    overrides = {f.id: set(f.overrides) for f in rule_set.factors if f.overrides}
    dropped = {(o, _subject(r)) for r in reasons for o in overrides.get(r.factor, ())}
    return [r for r in reasons if (r.factor, _subject(r)) not in dropped]


def _to_review(hit: dict[str, Any]) -> ToReview:
    return ToReview(
        partner=str(hit.get("partner") or hit.get("query") or ""), list_id=hit.get("list_id"),
        list_title=hit.get("list_title"), entity_id=hit.get("entity_id"), listed_name=hit.get("listed_name"),
        score=hit.get("score"), risk_level=normalise(hit.get("risk_level")), strength=hit.get("strength") or "possible",
        decision=hit.get("decision") or "unreviewed",
    )


def _completeness(inputs: Inputs, missing: list[Missing], open_hits: list[ToReview],
                  stale: list[StaleList]) -> Completeness:
    """Answers the rule set looked for, hits a reviewer has settled and lists that are current,
    over all of them. Country data missing from a source is stated in `missing` but is no one's
    task here."""
    unanswered = sum(1 for m in missing if m.kind == "answer")
    awaiting = sum(1 for h in inputs.hits if counts(h) and (h.get("decision") or "unreviewed") == "unreviewed")
    settled_hits = sum(1 for h in inputs.hits if counts(h)) - awaiting
    total = len(inputs.asked) + settled_hits + awaiting + len(open_hits) + len(stale)
    done = len(inputs.asked) - unanswered + settled_hits
    return Completeness(percent=round(100 * done / total) if total else 100, missing=unanswered,
                        to_review=len(open_hits), awaiting_review=awaiting, stale_lists=stale)


def what_if(
    collaboration: Any,
    answers: Mapping[str, Any] | None,
    changes: Mapping[str, Any],
    screening_hits: Iterable[Any],
    countries: Mapping[str, dict[str, Any]],
    catalogues: Catalogues,
    rule_set: RuleSet,
    collaboration_changes: Mapping[str, Any] | None = None,
    stale_lists: Iterable[Mapping[str, Any]] = (),
) -> WhatIf:
    """Assesses twice — as is, and with `changes` applied to the answers (None removes an
    answer) and `collaboration_changes` to the collaboration — and says what moved."""
    hits = list(screening_hits or [])
    stale_lists = list(stale_lists)
    before = assess(collaboration, answers, hits, countries, catalogues, rule_set, stale_lists)
    new_answers = {**(answers or {}), **changes}
    new_answers = {k: v for k, v in new_answers.items() if v is not None}
    new_collab = {**as_dict(collaboration), **(collaboration_changes or {})}
    after = assess(new_collab, new_answers, hits, countries, catalogues, rule_set, stale_lists)
    old, new = before.levels(), after.levels()
    old_opp, new_opp = {o.factor for o in before.opportunities}, {o.factor for o in after.opportunities}
    old_mit, new_mit = {m.id for m in before.mitigations}, {m.id for m in after.mitigations}
    return WhatIf(
        changes=[LevelChange(theme=t, before=old[t], after=new[t]) for t in old if old[t] != new[t]],
        opportunities_gained=sorted(new_opp - old_opp),
        opportunities_lost=sorted(old_opp - new_opp),
        mitigations_added=sorted(new_mit - old_mit),
        mitigations_dropped=sorted(old_mit - new_mit),
        before=before,
        after=after,
    )


def check_answers(rule_set: RuleSet, answers: Mapping[str, Any]) -> None:
    """Refuses answers to unknown questions or of the wrong type, all at once."""
    problems = {}
    for qid, value in answers.items():
        q = rule_set.question(qid)
        if q is None:
            problems[qid] = "no such question in this rule set"
        elif value is None:
            continue
        elif q.from_collaboration:
            problems[qid] = f"answered on the collaboration itself ({q.from_collaboration})"
        elif q.type == "yes_no_unsure" and _canon(value) not in ("yes", "no", "unsure"):
            problems[qid] = "answer yes, no or unsure"
        elif q.type in ("percentage", "number") and (isinstance(value, bool) or not isinstance(value, (int, float))):
            problems[qid] = "answer with a number"
        elif q.type == "percentage" and not 0 <= value <= 100:
            problems[qid] = "a percentage lies between 0 and 100"
        elif q.type == "choice" and value not in {c.value for c in q.choices}:
            problems[qid] = "choose one of " + ", ".join(c.value for c in q.choices)
        elif q.type == "text" and not isinstance(value, str):
            problems[qid] = "answer with text"
    if problems:
        raise AnswerError(problems)


def _evaluate(factor: Factor, inputs: Inputs, gaps: list[Gap],
              applies: list[bool] | None = None) -> list[tuple[Level | None, list[Item]]]:
    """(level, [item, requirement items...]) for every item of evidence the factor fires on.
    `applies` gets one value: whether the factor's requirements held."""
    applies = applies if applies is not None else []
    matched: list[Item] = []
    for req in factor.requires:
        hits = [i for i in resolve(req.evidence, inputs, gaps) if passes(req.when, i.value)]
        if not hits:
            applies.append(False)
            return []
        matched.extend(hits)
    applies.append(True)
    fired = []
    for item in resolve(factor.evidence, inputs, gaps):
        case = next((c for c in factor.cases if passes(c.when, item.value)), None)
        if case is not None:
            fired.append((case.level, [item, *matched]))
    return fired


def _canon(value: Any) -> Any:
    # YAML reads a bare yes as true; answers may come as booleans or as words.
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value.strip().lower()
    return value


def passes(test: Test, value: Any) -> bool:
    v = _canon(value)
    given = test.model_fields_set
    if "equals" in given and _canon(test.equals) != v:
        return False
    if test.in_ is not None and v not in [_canon(x) for x in test.in_]:
        return False
    if test.not_in is not None and v in [_canon(x) for x in test.not_in]:
        return False
    bounds: list[tuple[float | None, Callable[[float, float], bool]]] = [
        (test.gte, operator.ge), (test.gt, operator.gt), (test.lte, operator.le), (test.lt, operator.lt),
    ]
    for bound, cmp in bounds:
        if bound is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not cmp(value, bound):
            return False
    return True


class _Fill(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _render(texts: dict[str, str], item: Item, collab: dict[str, Any]) -> dict[str, str]:
    out = {}
    for lang, text in texts.items():
        values = _Fill(title=collab.get("title") or "")
        for k, v in item.placeholders.items():
            values[k] = v.get(lang, next(iter(v.values()))) if isinstance(v, dict) else v
        out[lang] = string.Formatter().vformat(text, (), values)
    return out


def _source(rule_set: RuleSet, sid: str) -> dict[str, Any]:
    s = rule_set.source(sid)
    return s.model_dump(exclude_none=True) if s else {"id": sid}


def _theme(rule_set: RuleSet, theme: str, reasons: list[Reason], checked: list[Checked]) -> ThemeResult:
    rule = rule_set.themes[theme]  # type: ignore[index]  # theme is one of RISK_THEMES
    order = {f.id: i for i, f in enumerate(rule_set.factors)}
    reasons = sorted(reasons, key=lambda r: (-rank(r.level), order[r.factor]))
    level = highest([r.level for r in reasons])
    by_factor: dict[str, str] = {}
    for r in reasons:
        by_factor[r.factor] = highest([by_factor.get(r.factor, "low"), r.level])
    escalations = []
    for esc in rule.combine.escalate:
        # Distinct factors count, not reasons: one factor firing on three items is one finding.
        strong = sorted((f for f, lv in by_factor.items() if rank(lv) >= rank(esc.at_least)), key=lambda f: order[f])
        if len(strong) >= esc.count and rank(esc.then) > rank(level):
            escalations.append(
                Escalated(
                    rule=f"{esc.count} × ≥{esc.at_least} → {esc.then}", from_level=level, to_level=esc.then,
                    factors=strong, explanation=esc.explanation.model_dump() if esc.explanation else None,
                )
            )
            level = esc.then
    if not reasons:
        reasons = [_nothing_found(checked)]
    return ThemeResult(level=level, label=rule.label.model_dump(), reasons=reasons, escalations=escalations,
                       checked=checked)


def _nothing_found(checked: list[Checked]) -> Reason:
    """A low level with nothing behind it still says what was looked at: the factors whose
    evidence was there and gave nothing, and those that did not apply or lacked evidence."""
    looked = [c for c in checked if c.found == "nothing"]
    others = [c for c in checked if c.found != "nothing"]

    def names(cs: list[Checked], lang: str) -> str:
        return "; ".join(c.label[lang] for c in cs) or {"en": "none", "nl": "geen"}[lang]

    return Reason(
        factor=NOTHING_FOUND, level="low", label={"en": "Nothing found", "nl": "Niets gevonden"},
        explanation={
            "en": f"Checked, nothing found: {names(looked, 'en')}. Not applicable or not answered: {names(others, 'en')}.",
            "nl": f"Nagegaan, niets gevonden: {names(looked, 'nl')}. Niet van toepassing of niet beantwoord: {names(others, 'nl')}.",
        },
        evidence=[{"kind": "checked", "factor": c.factor, "label": c.label, "found": c.found, "source": c.source.get("id")}
                  for c in checked],
        source={"id": "rule_set", "title": "the rule set in force"},
    )


def _mitigations(themes: dict[str, ThemeResult], catalogues: Catalogues) -> list[SuggestedMitigation]:
    out: dict[str, SuggestedMitigation] = {}
    for name, theme in themes.items():
        for r in theme.reasons:
            for mid in r.mitigations:
                m = catalogues.mitigations[mid]
                s = out.get(mid)
                if s is None:
                    s = out[mid] = SuggestedMitigation(
                        id=mid, kind=m.kind, label=m.label, description=m.description, source=m.source,
                        suggested_by=[], themes=[], highest_level=r.level,
                    )
                if r.factor not in s.suggested_by:
                    s.suggested_by.append(r.factor)
                if name not in s.themes:
                    s.themes.append(name)
                s.highest_level = highest([s.highest_level, r.level])
    return sorted(out.values(), key=lambda s: (-LEVELS.index(s.highest_level), s.id))

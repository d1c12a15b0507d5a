"""Reading the assessment forms: answers, what-if changes and decisions, with an error per field."""

from __future__ import annotations

from typing import Any, Mapping

from ksdesk.assessment.rules import RuleSet
from ksdesk.vocab import _

YES_NO = ("yes", "no", "unsure")


def questions(rule_set: RuleSet) -> list:
    """The questions an advisor answers; the rest is read from the collaboration."""
    return [q for q in rule_set.questionnaire if not q.from_collaboration]


def answer_values(rule_set: RuleSet, answers: Mapping[str, Any]) -> dict[str, str]:
    values = {}
    for q in questions(rule_set):
        value = answers.get(q.id)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        values[f"answers.{q.id}"] = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    return values


def parse_answers(rule_set: RuleSet, form: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """(answers, errors keyed by field name, the submitted values to show again)."""
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for q in questions(rule_set):
        name = f"answers.{q.id}"
        raw = str(form.get(name, "") or "").strip()
        values[name] = raw
        if not raw:
            continue
        if q.type == "yes_no_unsure":
            if raw not in YES_NO:
                errors[name] = _("Choose yes, no or unsure.")
                continue
            answers[q.id] = raw
        elif q.type in ("percentage", "number"):
            try:
                number = float(raw.replace(",", "."))
            except ValueError:
                errors[name] = _("Enter a number, e.g. 25 or 12.5.")
                continue
            if q.type == "percentage" and not 0 <= number <= 100:
                errors[name] = _("A percentage lies between 0 and 100.")
                continue
            answers[q.id] = int(number) if number.is_integer() else number
        elif q.type == "choice":
            if raw not in {c.value for c in q.choices}:
                errors[name] = _("Choose one of the options.")
                continue
            answers[q.id] = raw
        else:
            if len(raw) > 4000:
                errors[name] = _("Use at most 4000 characters.")
                continue
            answers[q.id] = raw
    return answers, errors, values


def parse_share(raw: str) -> tuple[float | None, str | None]:
    raw = (raw or "").strip()
    if not raw:
        return None, None
    try:
        share = float(raw.replace(",", "."))
    except ValueError:
        return None, _("Enter a number, e.g. 25 or 12.5.")
    if not 0 <= share <= 100:
        return None, _("A percentage lies between 0 and 100.")
    return share, None


def funding_with_state_share(collaboration: dict, share: float) -> list[dict]:
    """The funding as if foreign states paid `share` percent, the rest coming from home."""
    state = next((f for f in collaboration.get("funding") or [] if f.get("foreign_state")), None)
    foreign = next((p for p in collaboration.get("partners") or [] if (p.get("country_code") or "NL") != "NL"), None)
    funder = dict(state) if state else {
        "funder_name": foreign["name"] if foreign else "foreign state",
        "organisation_id": foreign["organisation_id"] if foreign else None,
    }
    funder.update({"share_percent": share, "foreign_state": True})
    funding = [funder]
    if share < 100:
        funding.append({"funder_name": collaboration.get("institution") or "home", "share_percent": 100 - share,
                        "foreign_state": False, "organisation_id": None, "country_code": "NL"})
    return funding


def state_share(collaboration: dict) -> float:
    return sum(float(f.get("share_percent") or 0) for f in collaboration.get("funding") or [] if f.get("foreign_state"))

"""From the inputs of an assessment to the items of evidence a factor looks at.

The engine never reads the database: the caller passes the collaboration (a dict or a
CollaborationRead), the questionnaire answers, the reviewed screening hits and the country
indicators. Each resolver returns Items: a value to test, the trace that goes into the
reason, and the placeholders its explanation may use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ksdesk.assessment.catalogues import Catalogues, match_area
from ksdesk.assessment.levels import highest, normalise, rank
from ksdesk.assessment.rules import (
    AnswerEvidence,
    CollaborationEvidence,
    CountryEvidence,
    RuleSet,
    ScreeningEvidence,
    TechnologyEvidence,
)
from ksdesk.country_names import names_of
from ksdesk.vocab import AGREEMENT_ITEMS

HOME = "NL"
AGREEMENT_NL = {
    "research_goals": "onderzoeksdoelen",
    "organisation_management": "organisatie en management",
    "publication": "publicatie van resultaten",
    "intellectual_property": "intellectueel eigendom",
    "confidential_data": "vertrouwelijke data en informatie",
    "termination": "beëindiging",
}
FH_STATUS = {"F": ("Free", "Vrij"), "PF": ("Partly Free", "Deels vrij"), "NF": ("Not Free", "Niet vrij")}
FORM_NAMES = {
    "joint_research": ("joint research project", "gezamenlijk onderzoeksproject"),
    "strategic_partnership": ("strategic partnership", "strategisch partnership"),
    "pps": ("public-private partnership", "publiek-private samenwerking"),
    "exchange": ("student or staff exchange", "studenten- of personeelsuitwisseling"),
    "joint_degree": ("joint degree", "gezamenlijke opleiding (joint degree)"),
    "e_learning": ("e-learning programme", "e-learningprogramma"),
    "intensive_course": ("intensive course", "intensieve cursus"),
    "network_membership": ("network membership", "netwerklidmaatschap"),
    "institute_abroad": ("institute abroad", "instituut in het buitenland"),
    "visitor_programme": ("visitor programme", "bezoekersprogramma"),
}
IKT_NAMES = {
    "focus": ("focus country", "focusland"),
    "like_minded": ("like-minded partner", "gelijkgezinde partner"),
    "phase_out": ("phase-out country", "afbouwland"),
    "other": ("other country", "overig land"),
}
YES_NO = {"yes": ("yes", "ja"), "no": ("no", "nee"), "unsure": ("unsure", "weet niet")}
DECISION_NOTE = {
    "true_match": ("confirmed by a reviewer", "bevestigd door een beoordelaar"),
    "unsure": ("a reviewer is unsure", "een beoordelaar twijfelt"),
    "unreviewed": ("a match on the name itself, not yet reviewed", "een overeenkomst op de naam zelf, nog niet beoordeeld"),
}
LEVEL_WORDS = {"low": ("low", "laag"), "medium": ("medium", "middel"), "high": ("high", "hoog"),
               "very_high": ("very high", "zeer hoog")}


@dataclass
class Item:
    value: Any
    trace: dict
    # Placeholder → text, or → {"en": ..., "nl": ...} when the wording differs per language.
    placeholders: dict[str, Any] = field(default_factory=dict)
    # Further evidence folded into this item (a partner's hits on other lists).
    extra: list[dict] = field(default_factory=list)


@dataclass
class Gap:
    kind: str
    ref: str
    note: str | None = None


@dataclass
class Inputs:
    collaboration: dict
    answers: dict
    hits: list[dict]
    countries: Mapping[str, dict]
    catalogues: Catalogues
    rule_set: RuleSet
    facts: dict = field(default_factory=dict)
    # Every question a factor looked for, answered or not: the measure of completeness.
    asked: set[str] = field(default_factory=set)


def as_dict(obj: Any) -> dict:
    if obj is None:
        return {}
    if isinstance(obj, Mapping):
        return dict(obj)
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if hasattr(obj, "__dict__"):
        return dict(vars(obj))
    raise TypeError(f"cannot read {type(obj).__name__} as a record")


def _partner_country(p: dict) -> str | None:
    code = p.get("country_code") or p.get("country")
    return str(code).upper() if code else None


def _in_eea(code: str, countries: Mapping[str, dict]) -> bool:
    # A country the indicators do not know is treated as outside the EEA: the careful reading.
    return bool(countries.get(code, {}).get("eea_member"))


def standing(code: str | None, countries: Mapping[str, dict]) -> str:
    """Where a country stands for knowledge security, from the editable country data.

    home: the Netherlands; eea: the EU/EEA; concern: rated Not Free by Freedom House or named
    as a state actor threat in the national threat assessment; like_minded: a free country the
    IKT names as like-minded or focus country; other: the rest, and any unknown country.
    """
    if code == HOME:
        return "home"
    row = countries.get(code or "", {})
    if row.get("eea_member"):
        return "eea"
    if row.get("fh_status") == "NF" or row.get("state_actor_threat"):
        return "concern"
    if row.get("fh_status") == "F" and row.get("ikt_standing") in ("like_minded", "focus"):
        return "like_minded"
    return "other"


def collaboration_facts(collab: dict, countries: Mapping[str, dict]) -> dict[str, Item]:
    """The collaboration fields a rule can look at, each with what it was computed from."""
    partners = [as_dict(p) for p in collab.get("partners") or []]
    funding = [as_dict(f) for f in collab.get("funding") or []]
    exchanges = [as_dict(e) for e in collab.get("exchanges") or []]
    agreements = collab.get("agreements") or {}
    by_org = {p.get("organisation_id"): p for p in partners if p.get("organisation_id") is not None}

    def funder(f: dict) -> dict:
        return {"funder": f.get("funder_name") or f.get("funder"),
                "share_percent": float(f.get("share_percent") or f.get("share") or 0),
                "foreign_state": bool(f.get("foreign_state"))}

    def country(f: dict) -> str | None:
        code = f.get("country_code") or _partner_country(by_org.get(f.get("organisation_id")) or {})
        return str(code).upper() if code else None

    def outside_eea(f: dict) -> bool:
        # A state funder of unknown country counts as outside: the careful reading.
        code = country(f)
        return code is None or (code != HOME and not _in_eea(code, countries))

    def abroad_eea(code: str | None) -> bool:
        return code is not None and code != HOME and not _in_eea(code, countries)

    def of_concern(f: dict) -> bool:
        return standing(country(f), countries) == "concern"

    state = [funder(f) for f in funding if f.get("foreign_state")]
    state_concern = [funder(f) | {"country": country(f)} for f in funding if f.get("foreign_state") and of_concern(f)]
    state_outside = [funder(f) | {"country": country(f)} for f in funding if f.get("foreign_state") and outside_eea(f)]
    # Funding from EU programmes or European companies is not what the guidance warns about;
    # dependence on funders outside the EU/EEA is.
    abroad = [funder(f) | {"country": country(f)} for f in funding if abroad_eea(country(f))]
    missing = [k for k in AGREEMENT_ITEMS if not agreements.get(k)]
    outside = [p for p in partners if abroad_eea(_partner_country(p))]
    industry = [p for p in partners if p.get("role") == "industry_partner" or p.get("org_type") == "company"]
    industry_outside = [p for p in industry if p in outside]
    by_standing: dict[str, list[dict]] = {}
    for p in outside:
        by_standing.setdefault(standing(_partner_country(p), countries), []).append(p)
    incoming = sum(int(e.get("people") or 0) for e in exchanges if e.get("direction") == "in")
    outgoing = sum(int(e.get("people") or 0) for e in exchanges if e.get("direction") == "out")
    # The IKT wants more outgoing mobility; one-way outflow to an unfree state is the risk.
    unfree = [e for e in exchanges if standing(_partner_country(e), countries) == "concern"]
    out_unfree = sum(int(e.get("people") or 0) for e in unfree if e.get("direction") == "out")
    in_unfree = sum(int(e.get("people") or 0) for e in unfree if e.get("direction") == "in")
    # Rathenau's checklist is written for partnerships with companies; a research project with
    # a partner outside the EU/EEA still needs its publication, IP and exit agreed; for the
    # rest (education, networks, institutes abroad, domestic alliances) gaps weigh lightly.
    if industry:
        checklist = "company"
    elif collab.get("form") in ("strategic_partnership", "pps", "joint_research") and outside:
        checklist = "research_abroad"
    else:
        checklist = "light"

    def names(ps: list[dict]) -> str:
        return ", ".join(f"{p.get('name') or p.get('organisation_id')} ({_partner_country(p)})" for p in ps)

    def shares(fs: list[dict]) -> str:
        return ", ".join(f"{f['funder']} {f['share_percent']:g}%" for f in fs)

    facts = {
        "form": Item(collab.get("form"), {"value": collab.get("form")}),
        "facilities_provider": Item(collab.get("facilities_provider"), {"value": collab.get("facilities_provider")}),
        "foreign_state_funding_share": Item(sum(f["share_percent"] for f in state), {"funders": state}, {"funders": shares(state)}),
        "foreign_state_funding_share_outside_eu_eea": Item(sum(f["share_percent"] for f in state_outside),
                                                           {"funders": state_outside},
                                                           {"funders": shares(state_outside)}),
        "funding_share_outside_eu_eea": Item(sum(f["share_percent"] for f in abroad), {"funders": abroad}, {"funders": shares(abroad)}),
        "agreements_missing": Item(
            len(missing),
            {"missing_items": missing},
            {"missing_items": {"en": ", ".join(AGREEMENT_ITEMS[k].lower() for k in missing),
                               "nl": ", ".join(AGREEMENT_NL[k] for k in missing)}},
        ),
        "foreign_state_funding_share_of_concern": Item(sum(f["share_percent"] for f in state_concern),
                                                       {"funders": state_concern}, {"funders": shares(state_concern)}),
        "agreements_checklist": Item(checklist, {"value": checklist}),
        "partners_outside_eu_eea": Item(len(outside), {"partners": [_ref(p) for p in outside]}, {"partners": names(outside)}),
        **{f"partners_{key}": Item(len(ps), {"partners": [_ref(p) for p in ps]}, {"partners": names(ps)})
           for key in ("of_concern", "like_minded", "elsewhere")
           for ps in [by_standing.get({"of_concern": "concern", "elsewhere": "other"}.get(key, key), [])]},
        "industry_partners": Item(len(industry), {"partners": [_ref(p) for p in industry]}, {"partners": names(industry)}),
        "industry_partners_outside_eu_eea": Item(len(industry_outside),
                                                 {"partners": [_ref(p) for p in industry_outside]},
                                                 {"partners": names(industry_outside)}),
        "exchanges_incoming": Item(incoming, {"incoming": incoming, "outgoing": outgoing}),
        "exchanges_outgoing": Item(outgoing, {"incoming": incoming, "outgoing": outgoing}),
        "exchanges_two_way": Item(incoming > 0 and outgoing > 0, {"incoming": incoming, "outgoing": outgoing}),
        "outgoing_share": Item(round(100 * outgoing / (incoming + outgoing), 1) if incoming + outgoing else None,
                               {"incoming": incoming, "outgoing": outgoing}),
        "exchanges_outgoing_unfree": Item(out_unfree, {"incoming": in_unfree, "outgoing": out_unfree},
                                          {"incoming": str(in_unfree), "outgoing": str(out_unfree)}),
        "outgoing_share_unfree": Item(round(100 * out_unfree / (in_unfree + out_unfree), 1) if in_unfree + out_unfree
                                      else None, {"incoming": in_unfree, "outgoing": out_unfree},
                                      {"incoming": str(in_unfree), "outgoing": str(out_unfree)}),
    }
    if collab.get("form") in FORM_NAMES:
        en, nl = FORM_NAMES[collab["form"]]
        facts["form"].placeholders["value"] = {"en": en, "nl": nl}
    for name, item in facts.items():
        item.trace = {"kind": "collaboration", "field": name, "value": item.value, **{k: v for k, v in item.trace.items() if k != "value"}}
        item.placeholders.setdefault("value", _fmt(item.value))
        item.placeholders.setdefault("incoming", str(incoming))
        item.placeholders.setdefault("outgoing", str(outgoing))
    return facts


def _ref(p: dict) -> dict:
    return {"organisation_id": p.get("organisation_id"), "name": p.get("name"), "country": _partner_country(p), "role": p.get("role")}


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def foreign_countries(collab: dict, scope: str) -> list[str]:
    codes = {_partner_country(as_dict(p)) for p in collab.get("partners") or []}
    if scope == "foreign":
        codes |= {str(c).upper() for c in collab.get("countries") or []}
    return sorted(c for c in codes if c and c != HOME)


def resolve(evidence: Any, inputs: Inputs, gaps: list[Gap]) -> list[Item]:
    if isinstance(evidence, ScreeningEvidence):
        return _hits(evidence, inputs)
    if isinstance(evidence, CountryEvidence):
        return _country(evidence, inputs, gaps)
    if isinstance(evidence, TechnologyEvidence):
        return _technology(evidence, inputs)
    if isinstance(evidence, AnswerEvidence):
        return _answer(evidence, inputs, gaps)
    if isinstance(evidence, CollaborationEvidence):
        return [inputs.facts[evidence.field]]
    raise TypeError(f"unknown evidence {evidence!r}")


def counts(hit: Mapping[str, Any]) -> bool:
    """Whether a watchlist hit may set a level. A false positive never does; a "possible"
    match (an acronym, a fuzzy or a cross-country match) only once a reviewer confirmed it.
    Hits stored before strength was recorded read as strong: they were weighed that way."""
    decision = hit.get("decision") or "unreviewed"
    if decision == "false_positive" or normalise(hit.get("risk_level")) is None:
        return False
    return hit.get("strength") != "possible" or decision == "true_match"


def to_review(hits: list[dict]) -> list[dict]:
    """Possible matches with a risk level that no reviewer confirmed or dismissed."""
    return [h for h in hits if normalise(h.get("risk_level")) is not None
            and (h.get("decision") or "unreviewed") not in ("false_positive", "true_match")
            and h.get("strength") == "possible"]


def _partner_of(hit: Mapping[str, Any]) -> str:
    return str(hit.get("partner") or hit.get("query_part") or hit.get("query") or "")


def _hits(ev: ScreeningEvidence, inputs: Inputs) -> list[Item]:
    """One item per partner: its hits on every list folded into one reason, the strongest first."""
    by_partner: dict[str, list[dict]] = {}
    for hit in inputs.hits:
        decision = hit.get("decision") or "unreviewed"
        if not counts(hit) or decision not in ev.decisions:
            continue
        if ev.lists is not None and hit.get("list_id") not in ev.lists:
            continue
        if float(hit.get("score") or 0) < ev.min_score:
            continue
        by_partner.setdefault(_partner_of(hit), []).append(hit)
    items = []
    for partner, hits in by_partner.items():
        hits = sorted(hits, key=lambda h: (-rank(normalise(h.get("risk_level"))), -float(h.get("score") or 0)))
        # A list names an entity once; several names of it on one list are one finding.
        unique: dict[tuple, dict] = {}
        for h in hits:
            unique.setdefault((h.get("list_id"), h.get("entity_id")), h)
        hits = list(unique.values())
        traces = [_hit_trace(h, partner) for h in hits]
        top = hits[0]
        level = normalise(top.get("risk_level"))
        assert level is not None  # counts() keeps only hits with a level
        decisions = {t["decision"] for t in traces}
        decision = "true_match" if decisions == {"true_match"} else (
            "unreviewed" if "unreviewed" in decisions else "unsure")
        en, nl = DECISION_NOTE.get(decision, (decision, decision))
        placeholders = {
            "listed_name": top.get("listed_name") or "",
            "list": _lists_text(hits),
            "partner": partner,
            "risk_level": {"en": LEVEL_WORDS[level][0], "nl": LEVEL_WORDS[level][1]},
            "decision": {"en": en, "nl": nl},
        }
        items.append(Item(level, traces[0], placeholders, extra=traces[1:]))
    return items


def _hit_trace(hit: Mapping[str, Any], partner: str) -> dict:
    decision = hit.get("decision") or "unreviewed"
    return {
        "kind": "screening_hit",
        "list_id": hit.get("list_id"),
        "entity_id": hit.get("entity_id"),
        "listed_name": hit.get("listed_name"),
        "matched_name": hit.get("matched_name"),
        "partner": partner,
        "score": hit.get("score"),
        "risk_level": normalise(hit.get("risk_level")),
        "strength": hit.get("strength") or "strong",
        "decision": decision,
    }


def _lists_text(hits: list[dict]) -> dict[str, str]:
    def title(h: dict, lang: int) -> str:
        name = h.get("list_title") or h.get("list_id") or ""
        level = normalise(h.get("risk_level"))
        return f"{name} ({LEVEL_WORDS[level][lang]})" if level else name

    titles = [list(dict.fromkeys(title(h, lang) for h in hits)) for lang in (0, 1)]
    if len(titles[0]) == 1:
        return {"en": f"the list {titles[0][0]}", "nl": f"de lijst {titles[1][0]}"}
    return {"en": f"{len(titles[0])} lists: " + ", ".join(titles[0]),
            "nl": f"{len(titles[1])} lijsten: " + ", ".join(titles[1])}


def _country(ev: CountryEvidence, inputs: Inputs, gaps: list[Gap]) -> list[Item]:
    items = []
    for code in foreign_countries(inputs.collaboration, ev.scope):
        row: dict = inputs.countries.get(code) or {}
        value = row.get(ev.indicator)
        if value is None:
            gaps.append(Gap("country_indicator", f"{code}:{ev.indicator}", "; ".join(row.get("missing", [])) or None))
            continue
        year = {"fh_status": "fh_year", "fh_total": "fh_year", "fh_academic_freedom": "fh_year",
                "vdem_academic_freedom": "vdem_year"}.get(ev.indicator)
        trace = {"kind": "country_indicator", "country": code, "indicator": ev.indicator, "value": value}
        if year and row.get(year) is not None:
            trace["year"] = row[year]
        if ev.indicator.startswith("fh_"):
            trace["source"] = f"Freedom House, Freedom in the World {row.get('fh_edition') or ''}".strip()
        elif ev.indicator.startswith("vdem_"):
            trace["source"] = "V-Dem Academic Freedom Index"
        names = names_of(code)
        placeholders: dict[str, Any] = {"country": code, "country_name": names, "value": _fmt(value), "year": _fmt(trace.get("year"))}
        if row.get("fh_status") in FH_STATUS:
            en, nl = FH_STATUS[row["fh_status"]]
            placeholders["fh_status"] = {"en": en, "nl": nl}
        if row.get("ikt_standing") in IKT_NAMES:
            en, nl = IKT_NAMES[row["ikt_standing"]]
            placeholders["ikt_standing"] = {"en": en, "nl": nl}
        placeholders["fh_total"] = _fmt(row.get("fh_total"))
        placeholders["vdem_academic_freedom"] = _fmt(row.get("vdem_academic_freedom"))
        items.append(Item(value, trace, placeholders))
    return items


def _technology(ev: TechnologyEvidence, inputs: Inputs) -> list[Item]:
    items = []
    for area in inputs.collaboration.get("technology_areas") or []:
        matches = [m for ref in ev.catalogues for m in match_area(area, inputs.catalogues.technology[ref])]
        if ev.entries is not None:
            wanted = set(ev.entries)
            matches = [m for m in matches if m.entry.ref in wanted or f"{m.entry.catalogue}:{m.entry.parent}" in wanted]
        if not matches:
            continue
        entries = []
        for m in matches:
            e = {"ref": m.entry.ref, "name": m.entry.name.get("en"), "name_nl": m.entry.name.get("nl"),
                 "sensitivity": m.entry.sensitivity, "matched": m.term, "how": m.how}
            if m.entry.certainty != "confirmed":
                e["certainty"] = m.entry.certainty
            if m.how == "keyword" and m.entry.catalogue == "canada_stra":
                e["note"] = "keyword written by the RSToolkit author, not part of the official list"
            entries.append(e)
        value = highest([m.entry.sensitivity for m in matches])
        placeholders = {
            "area": area,
            "entries": {
                "en": "; ".join(m.entry.name["en"] for m in matches),
                "nl": "; ".join(m.entry.name.get("nl") or m.entry.name["en"] for m in matches),
            },
        }
        items.append(Item(value, {"kind": "technology_area", "area": area, "sensitivity": value, "entries": entries}, placeholders))
    return items


def _answer(ev: AnswerEvidence, inputs: Inputs, gaps: list[Gap]) -> list[Item]:
    question = inputs.rule_set.question(ev.question)
    if question is not None and question.from_collaboration:
        value = inputs.collaboration.get(question.from_collaboration)
    else:
        value = inputs.answers.get(ev.question)
    inputs.asked.add(ev.question)
    if value is None or value == "":
        gaps.append(Gap("answer", ev.question))
        return []
    shown = {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value
    label = question.label.model_dump() if question else {"en": ev.question, "nl": ev.question}
    words = YES_NO.get(str(shown).lower())
    answer = {"en": words[0], "nl": words[1]} if words else _fmt(shown)
    return [Item(value, {"kind": "answer", "question": ev.question, "value": shown}, {"answer": answer, "question": label})]

"""The calibration panel: realistic collaborations with the levels an experienced advisor would
give them, and how far the rule set agrees.

A panel case names its collaboration briefly (partners as name, country, role; funders as
name, share, country, state), the answers and the screening hits, and per theme the advisor's
level and the range of levels an advisor would still accept. Themes a case does not mention
are expected low. `must_mention` lists factors whose reason must appear: the level alone can
be right for the wrong reason. `basis` says where the levels come from: public sources
(assessment_panel_sources.yaml), each with what it says about the case in English and Dutch.

Pure: reads the panel files and runs the engine; tests and bench/assessment_calibration.py use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ksdesk.assessment.levels import LEVELS, RISK_THEMES, rank
from ksdesk.assessment.result import AssessmentResult
from ksdesk.portfolio.labels import LEVEL_LABELS, THEME_LABELS
from ksdesk.vocab import AGREEMENT_ITEMS
from ksdesk.web.i18n import gettext

PANEL = Path(__file__).resolve().parents[3] / "bench" / "data" / "assessment_panel.yaml"
SOURCES = PANEL.with_name("assessment_panel_sources.yaml")
LANGUAGES = ("en", "nl")


@dataclass
class Verdict:
    theme: str
    level: str
    expert: str
    low: str
    high: str

    @property
    def accepted(self) -> bool:
        return rank(self.low) <= rank(self.level) <= rank(self.high)

    @property
    def exact(self) -> bool:
        return self.level == self.expert


@dataclass
class Judged:
    case: dict
    result: AssessmentResult
    verdicts: list[Verdict]
    unmentioned: list[str] = field(default_factory=list)  # must_mention factors without a reason

    @property
    def passes(self) -> bool:
        return all(v.accepted for v in self.verdicts) and not self.unmentioned


def load_panel(path: str | Path = PANEL) -> list[dict]:
    cases = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    ids = [c["id"] for c in cases]
    if len(ids) != len(set(ids)):
        raise ValueError("panel case ids must be unique")
    return cases


def load_sources(path: str | Path = SOURCES) -> dict[str, dict]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


_HEADINGS = {
    "en": ("# Where the panel's levels come from", "Generated from `bench/data/assessment_panel.yaml` and "
           "`bench/data/assessment_panel_sources.yaml` by `.venv/bin/python bench/assessment_calibration.py "
           "--basis`; evidence V: the passage was read in the source, K: general knowledge to check against it.",
           "## Sources", "## Cases", "expected"),
    "nl": ("# Waar de niveaus van het panel vandaan komen", "Bewijs V: de passage is in de bron gelezen; K: "
           "algemene kennis, te controleren aan de bron. Titels van casussen staan in het Engels, titels van bronnen in hun eigen taal.",
           "## Bronnen", "## Casussen", "verwacht"),
}


def basis_markdown(cases: list[dict], sources: dict[str, dict]) -> str:
    """Per case, in English and then in Dutch: the sources its levels come from and what they say."""
    out: list[str] = []
    for language in LANGUAGES:
        title, intro, sources_heading, cases_heading, expected = _HEADINGS[language]
        out += [title, ""] + ([intro, ""] if intro else []) + [sources_heading, ""]
        for key, source in sources.items():
            where = f" <{source['url']}>" if source.get("url") else ""
            out.append(f"- **{key}**: {source['title']}, {source['publisher']}, {source['year']} "
                       f"[{source['evidence']}]{where}. {' '.join(source[language].split())}")
        out += ["", cases_heading, ""]
        for case in cases:
            levels = "; ".join(f"{gettext(language, THEME_LABELS[theme])}: {gettext(language, LEVEL_LABELS[level])}"
                               for theme, level in case.get("expert", {}).items())
            levels = levels or gettext(language, LEVEL_LABELS["low"])
            out.append(f"- **{case['id']}**, {case['title']} ({expected}: {levels})")
            out += [f"  - {b['source']}: {' '.join(b[language].split())}" for b in case["basis"]]
        out.append("")
    return "\n".join(out)


def collaboration(case: dict) -> dict:
    """The engine's input from the panel's short notation."""
    c = case["collaboration"]
    partners = [{"organisation_id": i + 1, "name": p[0], "country_code": p[1], "role": p[2] if len(p) > 2 else "partner"}
                for i, p in enumerate(c.get("partners", []))]
    by_name = {p["name"]: p["organisation_id"] for p in partners}
    funding = [{"funder_name": f[0], "share_percent": f[1], "country_code": f[2] if len(f) > 2 else None,
                "foreign_state": bool(f[3]) if len(f) > 3 else False, "organisation_id": by_name.get(f[0])}
               for f in c.get("funding", [])]
    missing = set(c.get("missing_agreements", []))
    return {
        "id": 0, "title": case.get("title", case["id"]), "form": c.get("form", "joint_research"),
        "technology_areas": c.get("technology_areas", []), "research_fields": c.get("research_fields", []),
        "facilities_provider": c.get("facilities_provider", "dutch_institution"),
        "agreements": {k: k not in missing for k in AGREEMENT_ITEMS},
        "partners": partners, "countries": c.get("countries", []), "funding": funding,
        "exchanges": [{"direction": e[0], "country_code": e[1], "people": e[2], "year": 2025, "category": "researcher"}
                      for e in c.get("exchanges", [])],
    }


def hits(case: dict) -> list[dict]:
    out = []
    for h in case.get("hits", []):
        out.append({
            "partner": h["partner"], "list_id": h["list"], "list_title": h.get("list_title", h["list"]),
            "entity_id": f"{h['list']}:{h.get('listed_name', h['partner'])}", "listed_name": h.get("listed_name", h["partner"]),
            "matched_name": h.get("listed_name", h["partner"]), "score": h.get("score", 0.97),
            "risk_level": h["level"], "strength": h.get("strength", "strong"), "decision": h.get("decision"),
        })
    return out


def _range(text: str) -> tuple[str, str]:
    low, _, high = str(text).partition("..")
    high = high or low
    for level in (low, high):
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r}")
    return low, high


def judge(case: dict, run: Any) -> Judged:
    """`run(collaboration, answers, hits)` returns an AssessmentResult."""
    result = run(collaboration(case), case.get("answers") or {}, hits(case))
    levels = result.levels()
    verdicts = []
    for theme in RISK_THEMES:
        expert = case.get("expert", {}).get(theme, "low")
        low, high = _range(case.get("accept", {}).get(theme, expert))
        verdicts.append(Verdict(theme, levels[theme], expert, low, high))
    fired = {r.factor for t in [*result.themes.values(), result.partnership] for r in t.reasons}
    unmentioned = [f for f in case.get("must_mention", []) if f not in fired]
    return Judged(case, result, verdicts, unmentioned)

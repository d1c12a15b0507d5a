"""HTML forms of the registry: submitted fields to service input, records to form values.

A form is a flat mapping of field name to text ("partners.0.role"), the same names the error
messages use, so a re-rendered form shows exactly what was typed with each error beside it.
Row sections (partners, funding, people exchanged, names, parents) have a few blank rows;
blank rows are skipped, and error indexes are mapped back to the row they came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy.orm import Session

from ksdesk.errors import Refusal
from ksdesk.registry import service
from ksdesk.registry.models import Collaboration, Organisation
from ksdesk.registry.schemas import CollaborationUpdate, OrganisationUpdate
from ksdesk.vocab import AGREEMENT_ITEMS

BLANK_ROWS = {"partners": 3, "funding": 2, "exchanges": 2, "names": 2, "parents": 1}
ROW_FIELDS = {
    "partners": ("organisation", "role"),
    "funding": ("funder_name", "share_percent", "foreign_state", "organisation_id"),
    "exchanges": ("direction", "country_code", "year", "people", "category"),
    "names": ("value", "kind", "language", "script"),
    "parents": ("organisation",),
}
# Fields whose emptiness alone does not make a row worth saving (defaults of selects).
ROW_KEYS = {
    "partners": ("organisation",),
    "funding": ("funder_name", "share_percent"),
    "exchanges": ("country_code", "year", "people"),
    "names": ("value",),
    "parents": ("organisation",),
}
MAX_ROWS = 500
REFERENCE = re.compile(r"^\s*(?:(?P<name>.*?)\s*)?\(?#(?P<id>\d+)\)?\s*$")


@dataclass
class FormState:
    values: dict[str, object] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def organisation_reference(organisation: Organisation) -> str:
    return f"{organisation.name} (#{organisation.id})"


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def from_submission(form, sections: tuple[str, ...]) -> FormState:
    values: dict[str, object] = {}
    for key in form.keys():
        items = form.getlist(key)
        values[key] = [_text(v) for v in items] if key == "countries" else _text(items[-1])
    rows = {}
    for section in sections:
        indexes = [int(m.group(1)) for k in values if (m := re.match(rf"^{section}\.(\d+)\.", k))]
        used = max(indexes, default=-1) + 1
        rows[section] = min(max(used, 1), MAX_ROWS)
    return FormState(values=values, rows=rows)


def _with_blank_rows(state: FormState) -> FormState:
    state.rows = {s: n + BLANK_ROWS[s] for s, n in state.rows.items()}
    return state


def _section_rows(values: dict, section: str, count: int) -> list[tuple[int, dict[str, str]]]:
    out = []
    for index in range(count):
        row = {name: _text(values.get(f"{section}.{index}.{name}")) for name in ROW_FIELDS[section]}
        if any(row[k] for k in ROW_KEYS[section]):
            out.append((index, row))
    return out


def _resolve(session: Session, text: str) -> tuple[int | None, Refusal | None]:
    """An organisation typed as "Name (#12)", "#12", "12" or its exact name."""
    match = REFERENCE.match(text)
    if match or text.isdigit():
        organisation_id = int(match.group("id")) if match else int(text)
        if session.get(Organisation, organisation_id) is None:
            return None, Refusal("organisation_unknown", f"unknown organisation {organisation_id}", {"id": organisation_id})
        return organisation_id, None
    found = service.find_organisations_by_name(session, text)
    if len(found) == 1:
        return found[0].id, None
    if not found:
        return None, Refusal("organisation_name_unknown", f"no organisation found called {text}", {"name": text})
    choices = ", ".join(organisation_reference(o) for o in found)
    return None, Refusal("organisation_name_ambiguous", f"several organisations are called {text}; {choices}",
                        {"name": text, "choices": choices})


def _remap(errors: dict[str, str], section: str, indexes: list[int], renames: dict[str, str]) -> dict[str, str]:
    out = {}
    for key, message in errors.items():
        parts = key.split(".")
        if len(parts) >= 2 and parts[0] == section and parts[1].isdigit() and int(parts[1]) < len(indexes):
            parts[1] = str(indexes[int(parts[1])])
            if len(parts) > 2:
                parts[2] = renames.get(parts[2], parts[2])
        out[".".join(parts)] = message
    return out


# ---------------------------------------------------------------- collaborations


@dataclass
class Parsed:
    data: Any
    errors: dict[str, str]
    index_maps: dict[str, list[int]]

    def remap(self, errors: dict[str, str]) -> dict[str, str]:
        renames = {"organisation_id": "organisation"}
        if "parent_ids" in errors:
            errors = {("parents" if k == "parent_ids" else k): v for k, v in errors.items()}
        for section, indexes in self.index_maps.items():
            errors = _remap(errors, section, indexes, renames if section in ("partners", "parents") else {})
        return errors


def _lines(value) -> list[str]:
    return [line.strip() for line in _text(value).splitlines() if line.strip()]


def parse_collaboration(session: Session, state: FormState, say) -> Parsed:
    """Builds a CollaborationUpdate; errors come back keyed by form field name."""
    v = state.values
    errors: dict[str, str] = {}
    partners, partner_rows = [], []
    for index, row in _section_rows(v, "partners", state.rows.get("partners", 0)):
        organisation_id, problem = _resolve(session, row["organisation"])
        if problem:
            errors[f"partners.{index}.organisation"] = say.refusal(problem)
            continue
        partners.append({"organisation_id": organisation_id, "role": row["role"] or "partner"})
        partner_rows.append(index)
    funding, funding_rows = [], []
    for index, row in _section_rows(v, "funding", state.rows.get("funding", 0)):
        funder_name, funder_id = row["funder_name"], row["organisation_id"] or None
        # A funder taken from the type-ahead ("Name (#12)") is that registry organisation.
        chosen = REFERENCE.match(funder_name)
        if chosen and chosen.group("name") and not funder_id and session.get(Organisation, int(chosen.group("id"))):
            funder_name, funder_id = chosen.group("name"), chosen.group("id")
        funding.append({
            "funder_name": funder_name,
            "share_percent": row["share_percent"].replace(",", ".") or None,
            "foreign_state": bool(row["foreign_state"]),
            "organisation_id": funder_id,
        })
        funding_rows.append(index)
    exchanges, exchange_rows = [], []
    for index, row in _section_rows(v, "exchanges", state.rows.get("exchanges", 0)):
        exchanges.append({
            "direction": row["direction"], "country_code": row["country_code"], "year": row["year"] or None,
            "people": row["people"] or None, "category": row["category"] or "researcher",
        })
        exchange_rows.append(index)
    payload = {
        "title": _text(v.get("title")),
        "description": _text(v.get("description")) or None,
        "form": _text(v.get("form")) or None,
        "contact_name": _text(v.get("contact_name")) or None,
        "start_date": _text(v.get("start_date")) or None,
        "end_date": _text(v.get("end_date")) or None,
        "research_fields": _lines(v.get("research_fields")),
        "technology_areas": _lines(v.get("technology_areas")),
        "facilities_provider": _text(v.get("facilities_provider")) or "dutch_institution",
        "data_arrangements": _text(v.get("data_arrangements")) or None,
        "ip_arrangements": _text(v.get("ip_arrangements")) or None,
        "agreements": {item: bool(v.get(f"agreements.{item}")) for item in AGREEMENT_ITEMS},
        "countries": [c for c in cast(list[str], v.get("countries") or []) if c],
        "partners": partners,
        "funding": funding,
        "exchanges": exchanges,
        "version": _text(v.get("version")) or None,
    }
    parsed = Parsed(None, {}, {"partners": partner_rows, "funding": funding_rows, "exchanges": exchange_rows})
    try:
        parsed.data = CollaborationUpdate.model_validate(payload)
    except ValidationError as exc:
        errors.update(parsed.remap(say.pydantic(exc)))
    parsed.errors = errors
    if errors:
        parsed.data = None
    return parsed


def collaboration_values(collaboration: Collaboration) -> FormState:
    v: dict[str, object] = {
        "title": collaboration.title,
        "description": collaboration.description or "",
        "form": collaboration.form,
        "contact_name": collaboration.contact_name or "",
        "start_date": collaboration.start_date.isoformat() if collaboration.start_date else "",
        "end_date": collaboration.end_date.isoformat() if collaboration.end_date else "",
        "research_fields": "\n".join(collaboration.research_fields or []),
        "technology_areas": "\n".join(collaboration.technology_areas or []),
        "facilities_provider": collaboration.facilities_provider,
        "data_arrangements": collaboration.data_arrangements or "",
        "ip_arrangements": collaboration.ip_arrangements or "",
        "countries": [c.country_code for c in collaboration.countries],
        "version": str(collaboration.version),
    }
    for item, agreed in (collaboration.agreements or {}).items():
        if agreed:
            v[f"agreements.{item}"] = "on"
    for i, p in enumerate(collaboration.partners):
        v[f"partners.{i}.organisation"] = organisation_reference(p.organisation)
        v[f"partners.{i}.role"] = p.role
    for i, f in enumerate(collaboration.funding):
        v[f"funding.{i}.funder_name"] = f.funder_name
        v[f"funding.{i}.share_percent"] = f"{f.share_percent:g}"
        v[f"funding.{i}.foreign_state"] = "on" if f.foreign_state else ""
        v[f"funding.{i}.organisation_id"] = str(f.organisation_id or "")
    for i, e in enumerate(collaboration.exchanges):
        v[f"exchanges.{i}.direction"] = e.direction
        v[f"exchanges.{i}.country_code"] = e.country_code
        v[f"exchanges.{i}.year"] = str(e.year)
        v[f"exchanges.{i}.people"] = str(e.people)
        v[f"exchanges.{i}.category"] = e.category
    rows = {
        "partners": len(collaboration.partners),
        "funding": len(collaboration.funding),
        "exchanges": len(collaboration.exchanges),
    }
    return _with_blank_rows(FormState(values=v, rows=rows))


def blank_collaboration() -> FormState:
    return _with_blank_rows(FormState(values={"facilities_provider": "dutch_institution"},
                                      rows={"partners": 0, "funding": 0, "exchanges": 0}))


def collaboration_submission(form) -> FormState:
    return from_submission(form, ("partners", "funding", "exchanges"))


# ---------------------------------------------------------------- organisations


def parse_organisation(session: Session, state: FormState, say) -> Parsed:
    v = state.values
    errors: dict[str, str] = {}
    names, name_rows = [], []
    for index, row in _section_rows(v, "names", state.rows.get("names", 0)):
        names.append({"value": row["value"], "kind": row["kind"] or "alias",
                      "language": row["language"] or None, "script": row["script"] or None})
        name_rows.append(index)
    parent_ids, parent_rows = [], []
    for index, row in _section_rows(v, "parents", state.rows.get("parents", 0)):
        organisation_id, problem = _resolve(session, row["organisation"])
        if problem:
            errors[f"parents.{index}.organisation"] = say.refusal(problem)
            continue
        parent_ids.append(organisation_id)
        parent_rows.append(index)
    payload = {
        "name": _text(v.get("name")),
        "country_code": _text(v.get("country_code")) or None,
        "org_type": _text(v.get("org_type")) or "other",
        "city": _text(v.get("city")) or None,
        "website": _text(v.get("website")) or None,
        "ror_id": _text(v.get("ror_id")) or None,
        "established": _text(v.get("established")) or None,
        "description": _text(v.get("description")) or None,
        "names": names,
        "parent_ids": parent_ids,
    }
    parsed = Parsed(None, {}, {"names": name_rows, "parents": parent_rows})
    try:
        parsed.data = OrganisationUpdate.model_validate(payload)
    except ValidationError as exc:
        errors.update(parsed.remap(say.pydantic(exc)))
    parsed.errors = errors
    if errors:
        parsed.data = None
    return parsed


def organisation_values(organisation: Organisation, parents: list[Organisation]) -> FormState:
    v: dict[str, object] = {
        "name": organisation.name,
        "country_code": organisation.country_code or "",
        "org_type": organisation.org_type,
        "city": organisation.city or "",
        "website": organisation.website or "",
        "ror_id": organisation.ror_id or "",
        "established": str(organisation.established or ""),
        "description": organisation.description or "",
    }
    others = [n for n in organisation.names if not (n.kind == "official" and n.value == organisation.name)]
    for i, n in enumerate(others):
        v[f"names.{i}.value"] = n.value
        v[f"names.{i}.kind"] = n.kind
        v[f"names.{i}.language"] = n.language or ""
        v[f"names.{i}.script"] = n.script or ""
    for i, p in enumerate(parents):
        v[f"parents.{i}.organisation"] = organisation_reference(p)
    return _with_blank_rows(FormState(values=v, rows={"names": len(others), "parents": len(parents)}))


def blank_organisation() -> FormState:
    return _with_blank_rows(FormState(values={"org_type": "university"}, rows={"names": 0, "parents": 0}))


def organisation_submission(form) -> FormState:
    return from_submission(form, ("names", "parents"))


COLLABORATION_ORDER = (
    "title", "form", "description", "contact_name", "start_date", "end_date", "partners", "research_fields",
    "technology_areas", "countries", "funding", "facilities_provider", "data_arrangements", "ip_arrangements",
    "agreements", "exchanges", "version",
)
ORGANISATION_ORDER = (
    "name", "org_type", "country_code", "city", "website", "ror_id", "established", "description", "names",
    "parents", "parent_ids",
)


def in_form_order(errors: dict[str, str], order: tuple[str, ...]) -> dict[str, str]:
    """The error summary lists problems in the order a person meets the fields."""

    def position(key: str) -> tuple:
        parts = key.split(".")
        first = order.index(parts[0]) if parts[0] in order else len(order)
        row = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else -1
        return (first, row, key)

    return {key: errors[key] for key in sorted(errors, key=position)}

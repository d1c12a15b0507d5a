"""UN Security Council Consolidated List (XML).

Entities are kept with their a.k.a. / f.k.a. aliases and original-script names.
Individuals are skipped by default: the desk screens organisations, and a person's
name matched against an affiliation string only adds noise. Pass
``include_individuals=True`` to keep them as entries with ``schema="person"``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ksdesk.screening.lists import risk
from ksdesk.screening.lists._io import country_code, data_dir, newest, open_binary, parse_date
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion, dedupe_names

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

LIST_ID = "un-consolidated"
FOLDER = "watchlists/un_and_ofac"
PATTERN = "UN_consolidated*.xml*"
_ALIAS_KIND = {"a.k.a.": "alias", "f.k.a.": "former", "low": "alias", "good": "alias"}


def _text(el: ET.Element, tag: str) -> str | None:
    child = el.find(tag)
    return child.text.strip() if child is not None and child.text and child.text.strip() else None


def _entry(el: ET.Element, person: bool) -> ListEntry | None:
    parts = [_text(el, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name = " ".join(p for p in parts if p)
    if not name:
        return None
    names = [ListName(name, "official")]
    original = _text(el, "NAME_ORIGINAL_SCRIPT")
    if original:
        names.append(ListName(original, "translated"))
    for alias in el.findall("ENTITY_ALIAS") + el.findall("INDIVIDUAL_ALIAS"):
        value = _text(alias, "ALIAS_NAME")
        if value:
            quality = (_text(alias, "QUALITY") or "a.k.a.").lower()
            names.append(ListName(value, _ALIAS_KIND.get(quality, "alias")))
    countries = [_text(a, "COUNTRY") for a in el.findall("ENTITY_ADDRESS") + el.findall("INDIVIDUAL_ADDRESS")]
    nationality = el.find("NATIONALITY")
    if nationality is not None:
        countries.append(_text(nationality, "VALUE"))
    country = next((c for c in countries if c), None)
    ref = _text(el, "REFERENCE_NUMBER") or _text(el, "DATAID")
    return ListEntry(
        entity_id=f"{LIST_ID}:{ref}",
        names=dedupe_names(names),
        country=country_code(country),
        category=_text(el, "UN_LIST_TYPE"),
        reason=_text(el, "COMMENTS1"),
        source_ref=ref,
        schema="person" if person else "organization",
        extra={"listed_on": _text(el, "LISTED_ON"), "dataid": _text(el, "DATAID")},
    )


def load_un(path: str | Path | None = None, include_individuals: bool = False) -> ListVersion:
    path = Path(path) if path else newest(data_dir() / FOLDER, PATTERN)
    with open_binary(path) as fh:
        # The XML parser is imported when a list is read, not by every process that may read one.
        import xml.etree.ElementTree as ET

        root = ET.parse(fh).getroot()
    entries = [e for el in root.iter("ENTITY") if (e := _entry(el, False))]
    if include_individuals:
        entries += [e for el in root.iter("INDIVIDUAL") if (e := _entry(el, True))]
    version = ListVersion(
        source=LIST_ID,
        title="UN Security Council Consolidated List",
        version_date=parse_date(root.get("dateGenerated")),
        entries=entries,
        authority="United Nations Security Council",
        url="https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list",
        licence="UN public information",
    )
    return risk.apply(version)

"""The EU's consolidated list of persons, groups and entities subject to financial sanctions (FSF XML).

The European Commission publishes it as XML (``xmlFullSanctionsList_1_1``): an ``export`` with
a ``generationDate``, one ``sanctionEntity`` per listing (``logicalId``, ``euReferenceNumber``),
its ``subjectType`` (classificationCode P for a person, E for an enterprise), a ``nameAlias``
per name (``wholeName``, ``nameLanguage``, ``strong``), the ``regulation`` (``programme``),
``citizenship`` and ``address`` elements with ``countryIso2Code``, and ``remark`` texts. It is
the list that binds Dutch institutions. Persons are left out by default, as for the other lists.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ksdesk.screening.lists import ListEntry, ListName, ListVersion, risk
from ksdesk.screening.lists.model import dedupe_names

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

LIST_ID = "eu-fsf"
NO_COUNTRY = {"", "00"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


def _entry(el: ET.Element, include_individuals: bool) -> ListEntry | None:
    subject = next(iter(_children(el, "subjectType")), None)
    person = subject is not None and subject.get("classificationCode") == "P"
    if person and not include_individuals:
        return None
    names: list[ListName] = []
    for alias in _children(el, "nameAlias"):
        value = (alias.get("wholeName") or "").strip()
        if value:
            lang = (alias.get("nameLanguage") or "").lower() or None
            names.append(ListName(value, "official" if not names else "alias", lang))
    if not names:
        return None
    countries = [c.get("countryIso2Code", "") for tag in ("address", "citizenship") for c in _children(el, tag)]
    country = next((c.lower() for c in countries if c not in NO_COUNTRY), None)
    programmes = sorted({r.get("programme") or "" for r in _children(el, "regulation")} - {""})
    remarks = [(r.text or "").strip() for r in _children(el, "remark") if (r.text or "").strip()]
    reference = el.get("euReferenceNumber") or None
    return ListEntry(
        entity_id=f"{LIST_ID}:{el.get('logicalId')}",
        names=dedupe_names(names),
        country=country,
        category=", ".join(programmes) or None,
        reason="; ".join(remarks) or None,
        source_ref=reference,
        schema="person" if person else "organization",
        extra={"eu_reference": reference, "programmes": programmes,
               "un_id": el.get("unitedNationId") or None},
    )


def _date(stamp: str | None) -> date | None:
    try:
        return date.fromisoformat((stamp or "")[:10])
    except ValueError:
        return None


def load_eu_fsf(path: str | Path, include_individuals: bool = False) -> ListVersion:
    with Path(path).open("rb") as fh:
        # The XML parser is imported when a list is read, not by every process that may read one.
        import xml.etree.ElementTree as ET

        root = ET.parse(fh).getroot()
    if _local(root.tag) != "export":
        raise ValueError("not an EU financial sanctions export (no <export> root)")
    entries = [e for el in root.iter() if _local(el.tag) == "sanctionEntity"
               if (e := _entry(el, include_individuals))]
    version = ListVersion(
        source=LIST_ID,
        title="EU consolidated list of persons, groups and entities subject to financial sanctions",
        version_date=_date(root.get("generationDate")),
        entries=entries,
        authority="European Commission (DG FISMA), on behalf of the Council of the EU",
        url="https://data.europa.eu/data/datasets/consolidated-list-of-persons-groups-and-entities-subject-to-eu-financial-sanctions",
        licence="EU public information; reuse allowed with attribution (Commission Decision 2011/833/EU)",
    )
    return risk.apply(version)

"""Canada's Named Research Organizations: the official page's list fragment, or its CSV.

Aliases are exactly the "Known alias(es)" the page prints, separated by "; ".
"""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from pathlib import Path

from ksdesk.screening.lists import risk
from ksdesk.screening.lists._io import country_code, data_dir, date_from_name, newest, open_text
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion, dedupe_names, stable_id
from ksdesk.screening.names import looks_like_acronym

LIST_ID = "canada-nro"
FOLDER = "watchlists/canada_nro"
CSV_PATTERN = "canada_nro_*.csv*"
URL = (
    "https://science.gc.ca/site/science/en/safeguarding-your-research/"
    "guidelines-and-tools-implement-research-security/named-research-organizations"
)


def _entry(name: str, country: str, aliases: list[str]) -> ListEntry:
    names = [ListName(name, "official", "en")]
    names += [ListName(a, "acronym" if looks_like_acronym(a) else "alias", "en") for a in aliases if a]
    return ListEntry(
        entity_id=stable_id(LIST_ID, name),
        names=dedupe_names(names),
        country=country_code(country),
        category="Named Research Organization",
        reason="Named Research Organization under Canada's STRAC policy",
        source_ref=URL,
        extra={"country_name": country},
    )


def _version(entries: list[ListEntry], path: Path) -> ListVersion:
    return risk.apply(
        ListVersion(
            source=LIST_ID,
            title="Named Research Organizations (Canada, STRAC policy)",
            version_date=date_from_name(path),
            entries=entries,
            authority="Government of Canada (Public Safety Canada / ISED)",
            url=URL,
            licence="Crown copyright; non-commercial reproduction with attribution",
        )
    )


def load_nro_csv(path: str | Path | None = None) -> ListVersion:
    path = Path(path) if path else newest(data_dir() / FOLDER, CSV_PATTERN)
    with open_text(path) as fh:
        rows = list(csv.DictReader(fh))
    entries = [
        _entry(r["name"].strip(), r["country"].strip(), [a.strip() for a in (r.get("aliases") or "").split(";")])
        for r in rows
    ]
    return _version(entries, path)


class _Fragment(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.items.append({"name": "", "tail": "", "p": ""})
            self._in = "tail"
        elif tag == "strong" and self.items:
            self._in = "name"
        elif tag == "p" and self.items:
            self._in = "p"

    def handle_endtag(self, tag):
        if tag in ("strong", "p"):
            self._in = "tail"
        elif tag == "li":
            self._in = None

    def handle_data(self, data):
        if self._in and self.items:
            self.items[-1][self._in] += data


def load_nro_html(path: str | Path) -> ListVersion:
    """The ``<ul>`` of the official page: ``<li><strong>Name</strong> (Country)<p>Known alias(es): …</p>``."""
    path = Path(path)
    parser = _Fragment()
    with open_text(path) as fh:
        parser.feed(fh.read())
    entries = []
    for item in parser.items:
        name = " ".join(item["name"].split())
        if not name:
            continue
        country = item["tail"].strip().strip("()").strip()
        aliases = item["p"].split(":", 1)[1] if ":" in item["p"] else ""
        entries.append(_entry(name, country, [a.strip() for a in aliases.split(";")]))
    return _version(entries, path)

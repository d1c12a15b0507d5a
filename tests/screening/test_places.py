"""The shipped table of countries and territories answers as rigour does, name by name."""

from __future__ import annotations

import csv
import random

from rigour.territories import lookup_territory

from ksdesk.screening import places
from ksdesk.screening.affiliation import parse
from ksdesk.settings import REPO_ROOT

AFFILIATIONS = REPO_ROOT / "data" / "eval" / "ror_affiliations" / "crossref_publisher_assertions_train.csv"


def _rigour_code(text: str) -> str | None:
    territory = lookup_territory(text)
    return territory.code if territory is not None else None


def test_the_shipped_table_is_rigours_own_entry_by_entry():
    table = places._table()
    assert table is not None, "the shipped table was written from another rigour: run `ksdesk registry territory-names`"
    codes, names, territories = table
    by_code, by_name = places.rigour_tables()
    assert len(codes) == len(by_code) and len(names) == len(by_name)
    assert {key: territories[codes[key]] for key in by_code} == by_code
    assert {key: territories[names[key]] for key in by_name} == by_name


def test_real_affiliation_parts_and_their_words_name_the_same_places_as_rigour_reads_them():
    with open(AFFILIATIONS, encoding="utf-8-sig", newline="") as fh:
        strings = [row["affiliation"] for row in csv.DictReader(fh)]
    texts = {"Deutschland", "DEU", "de", "Q183", "Hong Kong", "Macau", "Taiwan", "P.R. China", "Columbia", ""}
    for s in random.Random(5).sample(strings, 1500):
        parts = parse(s).parts
        texts.update(parts)
        texts.update(word for part in parts for word in part.split())
    found = {text: places.territory_code(text) for text in texts}
    assert found == {text: _rigour_code(text) for text in texts}
    assert sum(code is not None for code in found.values()) > 200


def test_without_a_table_of_its_own_rigour_answers(monkeypatch, tmp_path):
    monkeypatch.setattr(places, "table_path", lambda: tmp_path / "absent.idx")
    places._table.cache_clear()
    places.territory_code.cache_clear()
    try:
        assert places._table() is None
        assert places.territory_code("Netherlands") == "nl" and places.territory_code("Bavaria") == _rigour_code("Bavaria")
    finally:
        places._table.cache_clear()
        places.territory_code.cache_clear()

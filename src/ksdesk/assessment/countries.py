"""Country indicators for every ISO 3166-1 country: the "country profile" step of the guidance.

Sources: the IKT standing and the threat assessment (country_standing.yaml, ksdesk.registry.standing),
EU/EEA membership (ksdesk.registry.countries), Freedom House's
Freedom in the World (status and total score of the latest edition in the "All data" workbook)
and the V-Dem Academic Freedom Index (latest year of the wide CSV). A country a source does not
cover gets None and a note in `missing`; nothing is filled in or carried over from elsewhere.

Reading the Excel file takes a second, so the indicators are generated once into a compact
JSON file (catalogues/country_indicators.json) that the rest of the system loads:

    python -m ksdesk.assessment.countries data/countries   # regenerate after a new edition
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry

COMPACT = Path(__file__).parent / "catalogues" / "country_indicators.json"

FH_SOURCE = {
    "title": "Freedom in the World",
    "publisher": "Freedom House",
    "url": "https://freedomhouse.org/report/freedom-world",
    "attribution": "Freedom House, Freedom in the World (used with attribution; commercial reuse needs permission)",
}
VDEM_SOURCE = {
    "title": "V-Dem Academic Freedom Index (v2xca_academ)",
    "publisher": "V-Dem Institute, University of Gothenburg",
    "url": "https://www.v-dem.net/",
    "attribution": "V-Dem data, CC BY-SA 4.0; extract from the replication files of "
    "'Academic Freedom and International Research Collaboration'",
}

# Freedom House spells some countries differently from ISO 3166; each mapping here was checked
# by hand. Names not found here or by an exact pycountry lookup are reported as unmatched.
FH_NAMES = {
    "Brunei": "BN",
    "Congo (Brazzaville)": "CG",
    "Congo (Kinshasa)": "CD",
    "Cote d'Ivoire": "CI",
    "Micronesia": "FM",
    "Russia": "RU",
    "St. Kitts and Nevis": "KN",
    "St. Lucia": "LC",
    "St. Vincent and the Grenadines": "VC",
    "The Gambia": "GM",
    "Turkey": "TR",
}
# Rated by Freedom House but without an ISO 3166-1 code of their own. They are not folded into
# a neighbouring country: that would replace that country's own rating.
FH_NO_ISO = {
    "Abkhazia", "Crimea", "Eastern Donbas", "Gaza Strip", "Indian Kashmir", "Kosovo",
    "Nagorno-Karabakh", "Northern Cyprus", "Pakistani Kashmir", "Somaliland", "South Ossetia",
    "Tibet", "Transnistria", "West Bank",
}
FH_STATUS = {"F": "Free", "PF": "Partly Free", "NF": "Not Free"}


def _iso2_for_name(name: str) -> str | None:
    if name in FH_NAMES:
        return FH_NAMES[name]
    if name in FH_NO_ISO:
        return None
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


def read_freedom_house(path: str | Path) -> tuple[dict[str, dict], dict]:
    """The latest edition in an 'All data FIW' workbook; found by the header, not by position."""
    import openpyxl  # imported here: reading the workbook is rare, importing openpyxl slow

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = None
            for row in rows:
                cells = [str(c).strip() if c is not None else "" for c in row]
                if "Edition" in cells and "Status" in cells and "Total" in cells:
                    header = cells
                    break
            if header is None:
                continue
            col = {name: i for i, name in enumerate(header) if name}
            data = [r for r in rows if r and r[col["Edition"]] is not None]
            break
        else:
            raise ValueError(f"{path}: no sheet with Edition, Status and Total columns")
    finally:
        wb.close()
    edition = max(_int(r[col["Edition"]]) or 0 for r in data)
    out: dict[str, dict] = {}
    unmatched = []
    for r in data:
        if _int(r[col["Edition"]]) != edition:
            continue
        name = str(r[col["Country/Territory"]]).strip()
        code = _iso2_for_name(name)
        if code is None:
            unmatched.append(name)
            continue
        out[code] = {
            "fh_name": name,
            "fh_status": r[col["Status"]],
            "fh_total": _int(r[col["Total"]]),
            # D3: "Is there academic freedom, and is the educational system free from extensive
            # political indoctrination?" (0-4)
            "fh_academic_freedom": _int(r[col["D3"]]) if "D3" in col else None,
            "fh_edition": f"FIW{edition}",
            "fh_year": edition - 1,  # an edition rates the year before it
        }
    meta = dict(FH_SOURCE, edition=f"FIW{edition}", year=edition - 1, file=Path(path).name, unmatched=sorted(unmatched))
    return out, meta


def read_vdem_wide(path: str | Path) -> tuple[dict[str, dict], dict]:
    """The latest year column of a wide V-Dem CSV (ISO3 in the first column)."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        years = sorted((int(h), i) for i, h in enumerate(header) if h.strip().isdigit())
        rows = list(reader)
    out: dict[str, dict] = {}
    unmatched = []
    latest = years[-1][0]
    for row in rows:
        country = pycountry.countries.get(alpha_3=row[0].strip().upper())
        if country is None:
            unmatched.append(row[0])
            continue
        # Latest year with a value; a country's own latest year is recorded when it is older.
        for year, i in reversed(years):
            if i < len(row) and row[i].strip() not in ("", "NA"):
                out[country.alpha_2] = {"vdem_academic_freedom": float(row[i]), "vdem_year": year}
                break
    meta = dict(VDEM_SOURCE, year=latest, file=Path(path).name, unmatched=sorted(unmatched))
    return out, meta


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _latest(directory: Path, pattern: str) -> Path:
    files = sorted(directory.glob(pattern))
    if not files:
        raise FileNotFoundError(f"no {pattern} in {directory}")
    return files[-1]  # the file names carry their edition years, so the last sorts newest


def build_country_indicators(data_dir: str | Path) -> dict:
    """Every ISO country with its indicators, from the source files under data_dir: the IKT standing
    and the threat assessment from its country_standing.yaml, the shipped one where it has none."""
    from ksdesk.registry.countries import EEA_MEMBERS, EU_MEMBERS  # one list, kept there
    from ksdesk.registry.standing import standing_in

    data_dir = Path(data_dir)
    standing = standing_in(data_dir)
    fh, fh_meta = read_freedom_house(_latest(data_dir / "freedom_house", "All_data_FIW_*.xlsx"))
    vdem, vdem_meta = read_vdem_wide(_latest(data_dir / "vdem_academic_freedom", "vdem_v2xca_academ_*_wide.csv"))
    countries = {}
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = c.alpha_2
        entry: dict[str, Any] = {
            "name_en": getattr(c, "common_name", None) or c.name,
            "alpha3": c.alpha_3,
            "eu_member": code in EU_MEMBERS,
            "eea_member": code in EEA_MEMBERS,
            "ikt_standing": standing.ikt_standing(code).value,
            "state_actor_threat": code in standing.threats,
            "fh_status": None,
            "fh_total": None,
            "fh_academic_freedom": None,
            "fh_edition": None,
            "fh_year": None,
            "vdem_academic_freedom": None,
            "vdem_year": None,
            "missing": [],
        }
        entry.update({k: v for k, v in fh.get(code, {}).items() if k != "fh_name"})
        entry.update(vdem.get(code, {}))
        if code not in fh:
            entry["missing"].append(f"Freedom House: not rated in {fh_meta['edition']}")
        if code not in vdem:
            entry["missing"].append("V-Dem Academic Freedom Index: not in the extract")
        countries[code] = entry
    return {
        "generated": date.today().isoformat(),
        "sources": {"freedom_house": fh_meta, "vdem_academic_freedom": vdem_meta,
                    "ikt": dict(standing.sources["ikt"], edition=standing.edition),
                    "state_actor_threat": dict(standing.sources["state_actor_threat"], edition=standing.edition)},
        "countries": countries,
    }


@lru_cache(maxsize=1)
def _compact(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_country_indicators(path: str | Path | None = None) -> dict[str, dict]:
    """ISO alpha-2 code → indicators, in the shape `assess` takes as `countries`."""
    return _compact(str(path or COMPACT))["countries"]


def country_sources(path: str | Path | None = None) -> dict:
    """Editions, years, attributions and unmatched names of the indicator sources."""
    return _compact(str(path or COMPACT))["sources"]


def write_compact(data_dir: str | Path, target: str | Path = COMPACT) -> dict:
    built = build_country_indicators(data_dir)
    Path(target).write_text(json.dumps(built, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    _compact.cache_clear()
    return built


if __name__ == "__main__":
    result = write_compact(sys.argv[1] if len(sys.argv) > 1 else "data/countries")
    for name, meta in result["sources"].items():
        if "unmatched" in meta:
            print(f"{name}: {meta.get('edition') or meta.get('year')}; unmatched: {', '.join(meta['unmatched']) or 'none'}")

"""OFAC's legacy CSV files (SDN: sdn/alt/add.csv; non-SDN consolidated: cons_*.csv).

The files have no header row and write "-0-" for an empty field. Aliases and addresses
join their primary record on the first column (ent_num). Individuals, vessels and
aircraft are skipped by default: the desk screens organisations.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ksdesk.screening.lists import risk
from ksdesk.screening.lists._io import country_code, data_dir, open_text
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion, dedupe_names

FOLDER = "watchlists/un_and_ofac"
# Snapshot folders carry their year ("ofac_sdn_2021"); the newest is taken.
SDN_PATTERN = "ofac_sdn_*"
CONS_PATTERN = "ofac_consolidated_nonsdn_*"
_KIND = {"aka": "alias", "fka": "former", "nka": "alias"}


def _rows(path: Path) -> list[list[Any]]:
    try:
        with open_text(path, encoding="latin-1") as fh:
            return [[None if c.strip() == "-0-" else c.strip() for c in row] for row in csv.reader(fh) if row]
    except FileNotFoundError:
        return []


def load_ofac(
    folder: str | Path, prefix: str = "", list_id: str = "ofac-sdn", include_individuals: bool = False
) -> ListVersion:
    """``prefix`` is "" for sdn.csv/alt.csv/add.csv and "cons_" for the consolidated list."""
    folder = Path(folder)
    primary = "sdn.csv" if prefix == "" else f"{prefix}prim.csv"
    aliases: dict[str, list[ListName]] = {}
    for row in _rows(folder / f"{prefix}alt.csv"):
        if len(row) >= 4 and row[3]:
            aliases.setdefault(row[0], []).append(ListName(row[3], _KIND.get((row[2] or "").lower(), "alias")))
    countries: dict[str, str] = {}
    for row in _rows(folder / f"{prefix}add.csv"):
        if len(row) >= 5 and row[4]:
            countries.setdefault(row[0], row[4])
    entries = []
    for row in _rows(folder / primary):
        if len(row) < 4:
            continue
        ent_num, name, sdn_type = row[0], row[1], (row[2] or "").lower()
        if not name or (sdn_type and not include_individuals):
            continue
        entries.append(
            ListEntry(
                entity_id=f"{list_id}:{ent_num}",
                names=dedupe_names([ListName(name, "official")] + aliases.get(ent_num, [])),
                country=country_code(countries.get(ent_num)),
                category=row[3],
                reason=row[11] if len(row) > 11 else None,
                source_ref=f"OFAC ent_num {ent_num}",
                schema="person" if sdn_type == "individual" else ("organization" if not sdn_type else sdn_type),
                extra={"program": row[3], "country_name": countries.get(ent_num)},
            )
        )
    version = ListVersion(
        source=list_id,
        title="OFAC Specially Designated Nationals" if list_id == "ofac-sdn" else "OFAC Consolidated (non-SDN) List",
        version_date=None,
        entries=entries,
        authority="U.S. Department of the Treasury, OFAC",
        url="https://ofac.treasury.gov/sanctions-list-service",
        licence="US government work",
    )
    return risk.apply(version)


def load_ofac_sdn(folder: str | Path | None = None) -> ListVersion:
    return load_ofac(Path(folder) if folder else _newest_folder(SDN_PATTERN), "", "ofac-sdn")


def load_ofac_consolidated(folder: str | Path | None = None) -> ListVersion:
    return load_ofac(Path(folder) if folder else _newest_folder(CONS_PATTERN), "cons_", "ofac-consolidated")


def _newest_folder(pattern: str) -> Path:
    return max((p for p in (data_dir() / FOLDER).glob(pattern) if p.is_dir()), key=lambda p: p.name)

"""One loader per published list format; each returns plain dataclasses (see model.py)."""

from __future__ import annotations

from pathlib import Path

from ksdesk.screening.lists.aspi import load_aspi
from ksdesk.screening.lists.canada_nro import load_nro_csv, load_nro_html
from ksdesk.screening.lists.csl import load_csl_csv, load_csl_json
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion
from ksdesk.screening.lists.ofac import load_ofac_consolidated, load_ofac_sdn
from ksdesk.screening.lists.opensanctions import load_ftm
from ksdesk.screening.lists.ror import RegistryOrg, load_ror
from ksdesk.screening.lists.un import load_un
from ksdesk.screening.lists.us_lists import load_us_lists

__all__ = [
    "ListEntry",
    "ListName",
    "ListVersion",
    "RegistryOrg",
    "load_all_lists",
    "load_aspi",
    "load_csl_csv",
    "load_csl_json",
    "load_ftm",
    "load_nro_csv",
    "load_nro_html",
    "load_ofac_consolidated",
    "load_ofac_sdn",
    "load_ror",
    "load_un",
    "load_us_lists",
]


def load_all_lists(data_dir: str | Path | None = None) -> list[ListVersion]:
    """Every watchlist shipped in ``data/watchlists`` (or in ``data_dir``)."""
    base = Path(data_dir) / "watchlists" if data_dir else None
    sub = (lambda name: base / name) if base else (lambda name: None)
    return [
        load_aspi(sub("aspi_unitracker")),
        *load_us_lists(sub("us_restricted_lists")),
        load_nro_csv(sub("canada_nro") / "canada_nro_2024-04-18.csv" if base else None),
        load_un(sub("un_and_ofac") / "UN_consolidated.2026-02-27.xml" if base else None),
        load_ofac_sdn(sub("un_and_ofac") / "ofac_sdn_2021" if base else None),
        load_ofac_consolidated(sub("un_and_ofac") / "ofac_consolidated_nonsdn_2025" if base else None),
    ]

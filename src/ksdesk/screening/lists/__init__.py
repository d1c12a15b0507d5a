"""One loader per published list format; each returns plain dataclasses (see model.py)."""

from __future__ import annotations

from pathlib import Path

from ksdesk.screening.lists._io import newest
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
    """Every watchlist shipped in ``data/watchlists`` (or in ``data_dir``), newest snapshots."""
    if data_dir is None:
        return [
            load_aspi(),
            *load_us_lists(),
            load_nro_csv(),
            load_un(),
            load_ofac_sdn(),
            load_ofac_consolidated(),
        ]
    base = Path(data_dir) / "watchlists"
    un_ofac = base / "un_and_ofac"
    return [
        load_aspi(base / "aspi_unitracker"),
        *load_us_lists(base / "us_restricted_lists"),
        load_nro_csv(newest(base / "canada_nro", "canada_nro_*.csv*")),
        load_un(newest(un_ofac, "UN_consolidated*.xml*")),
        load_ofac_sdn(max(un_ofac.glob("ofac_sdn_*"), key=lambda p: p.name)),
        load_ofac_consolidated(max(un_ofac.glob("ofac_consolidated_nonsdn_*"), key=lambda p: p.name)),
    ]

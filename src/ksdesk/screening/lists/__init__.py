"""One loader per published list format; each returns plain dataclasses (see model.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ksdesk.screening.lists._io import newest
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion

if TYPE_CHECKING:
    from ksdesk.screening.lists.ror import RegistryOrg

# The loaders are imported on first use: one of them needs followthemoney, whose import
# alone takes a second, and screening a name needs none of them.
_LAZY = {
    "load_aspi": "aspi",
    "load_nro_csv": "canada_nro",
    "load_nro_html": "canada_nro",
    "load_csl_csv": "csl",
    "load_csl_json": "csl",
    "load_ofac_consolidated": "ofac",
    "load_ofac_sdn": "ofac",
    "load_ftm": "opensanctions",
    "RegistryOrg": "ror",
    "load_ror": "ror",
    "load_un": "un",
    "load_us_lists": "us_lists",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


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
    from ksdesk.screening.lists.aspi import load_aspi
    from ksdesk.screening.lists.canada_nro import load_nro_csv
    from ksdesk.screening.lists.ofac import load_ofac_consolidated, load_ofac_sdn
    from ksdesk.screening.lists.un import load_un
    from ksdesk.screening.lists.us_lists import load_us_lists

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

"""Reading a downloaded version of a source with the list loaders, as the check before applying it."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

from ksdesk.registry.ror_dump import count_records
from ksdesk.screening.lists import (
    ListVersion,
    load_aspi,
    load_csl_json,
    load_nro_html,
    load_ofac_consolidated,
    load_ofac_sdn,
    load_un,
    risk,
)
from ksdesk.screening.lists.aspi import FOLDER as ASPI_FOLDER
from ksdesk.screening.lists.aspi import INITIAL as ASPI_INITIAL
from ksdesk.settings import get_settings
from ksdesk.sources.catalogue import Source
from ksdesk.sources.formats.eu_fsf import load_eu_fsf
from ksdesk.sources.formats.uk_sanctions import load_uk_sanctions

# Formats whose files say when they were issued; the others are dated by their download.
DATED = {"un", "eu-fsf", "uk-sanctions"}


def read_list(source: Source, folder: Path, fetched_on: date) -> ListVersion:
    first = folder / source.files[0].name
    match source.format:
        case "un":
            version = load_un(first)
        case "ofac-sdn":
            version = load_ofac_sdn(folder)
        case "ofac-consolidated":
            version = load_ofac_consolidated(folder)
        case "csl-json":
            version = load_csl_json(first)
        case "canada-nro-html":
            version = load_nro_html(first)
        case "aspi":
            # The galaxy file lost ASPI's risk statements; the first commit of it, shipped with the
            # project, still has them and never changes.
            initial = get_settings().data_dir / ASPI_FOLDER / ASPI_INITIAL
            if initial.exists() and not (folder / ASPI_INITIAL).exists():
                shutil.copyfile(initial, folder / ASPI_INITIAL)
            version = load_aspi(folder, current=source.files[0].name,
                                initial=ASPI_INITIAL if (folder / ASPI_INITIAL).exists() else None)
        case "eu-fsf":
            version = load_eu_fsf(first)
        case "uk-sanctions":
            version = load_uk_sanctions(first)
        case _:
            raise ValueError(f"{source.format} is not a list format")
    if source.select:
        version = _select(version, source)
    if source.format not in DATED or version.version_date is None:
        version.version_date = fetched_on
    return version


def _select(version: ListVersion, source: Source) -> ListVersion:
    """One list out of a combined one (the Entity List out of the Consolidated Screening List)."""
    prefix = f"{version.source}:"
    entries = [replace(e, entity_id=f"{source.code}:{e.entity_id.removeprefix(prefix)}")
               for e in version.entries if e.category == source.select]
    selected = ListVersion(source=source.code, title=source.title, version_date=version.version_date,
                           entries=entries, authority=source.authority or version.authority, url=version.url,
                           licence=source.licence or version.licence)
    return risk.apply(selected)


def count_entries(source: Source, folder: Path, fetched_on: date) -> int:
    if source.is_registry:
        return count_records(folder / source.files[0].name)
    return len(read_list(source, folder, fetched_on).entries)

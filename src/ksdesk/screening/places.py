"""Countries and territories by their codes and names, as rigour's ``lookup_territory`` finds them,
from a table shipped beside the code (``territory_names.idx``, written by
``ksdesk registry territory-names``).

rigour builds its table of some 26,000 names, each transliterated and normalised, in every
process on the first lookup: some 15 MB of private memory per server process, for the one
screened string that names a country. The shipped table is mapped read-only, so every process
on a machine shares one copy of it. A text is read as rigour reads it (a code first, then the
name normalised by rigour's own function), so the answers are rigour's; a test checks the table
against rigour entry by entry. Where the installed rigour is not the one the table was written
from, rigour answers itself.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from rigour.territories.util import clean_code, normalize_territory_name

from ksdesk.screening import store

TABLE_FILE = "territory_names.idx"
_FORMAT = 1
_REMEMBERED = 20_000  # as many answers as rigour's lookup_territory remembers


def table_path() -> Path:
    return Path(str(resources.files("ksdesk.screening").joinpath(TABLE_FILE)))


@lru_cache(maxsize=1)
def _table() -> tuple[store.StrMap, store.StrMap, store.Strings] | None:
    path = table_path()
    if not path.exists():
        return None
    arrays, meta = store.read(path)
    if meta.get("format") != _FORMAT or meta.get("rigour") != metadata.version("rigour"):
        return None
    maps = {name: store.StrMap.unpack(store.unprefixed(arrays, name), "int") for name in ("codes", "names")}
    return maps["codes"], maps["names"], store.Strings.unpack(store.unprefixed(arrays, "territories"))


@lru_cache(maxsize=_REMEMBERED)
def territory_code(text: str) -> str | None:
    """The code of the country or territory ``text`` names or is the code of ("de", "us-ca"), or None."""
    table = _table()
    if table is None:
        from rigour.territories import lookup_territory

        territory = lookup_territory(text)
        return territory.code if territory is not None else None
    codes, names, territories = table
    found = codes.get(clean_code(text))
    if found is None:
        found = names.get(normalize_territory_name(text))
    return None if found is None else territories[found]


@lru_cache(maxsize=256)
def is_territory_of(code: str, country: str) -> bool:
    """Whether ``code`` is a territory of ``country`` ("hk" of "cn", "pr" of "us"). Asked only
    where a string names two countries, so rigour's table of territories is read for those alone."""
    from rigour.territories import get_territory

    territory = get_territory(code)
    return territory is not None and territory.parent is not None and territory.parent.code == country


def rigour_tables() -> tuple[dict[str, str], dict[str, str]]:
    """rigour's own tables, code → territory code and normalised name → territory code."""
    from rigour.territories.lookup import _get_identifier_map, _get_territory_names

    return ({key: t.code for key, t in _get_identifier_map().items()},
            {key: t.code for key, t in _get_territory_names().items()})


def write_table(path: Path) -> int:
    """Write rigour's tables to ``path``; the number of codes and names written."""
    codes, names = rigour_tables()
    territories = sorted(set(codes.values()) | set(names.values()))
    number = {code: i for i, code in enumerate(territories)}
    arrays = store.prefixed("territories", store.Strings.pack(territories))
    for name, table in (("codes", codes), ("names", names)):
        packed, kind = store.StrMap.pack({key: number[code] for key, code in table.items()})
        assert kind == "int"
        arrays.update(store.prefixed(name, packed))
    store.write(path, arrays, {"format": _FORMAT, "rigour": metadata.version("rigour")})
    return len(codes) + len(names)

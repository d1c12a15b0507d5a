"""The Dutch country approach as data: each country's standing in the International Knowledge and
Talent Strategy and the states the national threat assessment names (country_standing.yaml).

The shipped file is the default; an administrator's edited copy in the country data folder is
loaded as a new edition of the country indicators, so the standing is versioned like the rest of
the country profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry
import yaml

from ksdesk.country_names import USER_ASSIGNED
from ksdesk.vocab import IktStanding

SHIPPED = Path(__file__).with_name("country_standing.yaml")
FILE_NAME = SHIPPED.name
_GROUPS = (IktStanding.FOCUS, IktStanding.LIKE_MINDED, IktStanding.PHASE_OUT)


@dataclass(frozen=True)
class CountryStanding:
    ikt: dict[str, IktStanding]  # code → standing; codes absent stand "other"
    threats: frozenset[str]
    edition: str | None = None
    sources: dict = field(default_factory=dict)  # "ikt" and "state_actor_threat": title, publisher, year

    def ikt_standing(self, code: str) -> IktStanding:
        return self.ikt.get(code, IktStanding.OTHER)


def _codes(values, where: str) -> list[str]:
    if not isinstance(values, list):
        raise ValueError(f"{FILE_NAME}: {where} must be a list of two-letter country codes")
    out = []
    for value in values:
        code = str(value).upper() if isinstance(value, str) else None
        if code is None or (pycountry.countries.get(alpha_2=code) is None and code not in USER_ASSIGNED):
            hint = ' (write "NO" in quotes for Norway)' if value is False else ""
            raise ValueError(f"{FILE_NAME}: {where}: {value!r} is not an ISO 3166 country code{hint}")
        out.append(code)
    return out


def read_standing(text: str) -> CountryStanding:
    """The standing from the file's text; a ValueError says what is wrong with it."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"{FILE_NAME}: not readable as YAML ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("ikt"), dict) \
            or not isinstance(data.get("state_actor_threat"), dict):
        raise ValueError(f"{FILE_NAME}: needs the sections ikt and state_actor_threat, like the shipped file")
    ikt: dict[str, IktStanding] = {}
    for group in _GROUPS:
        for code in _codes(data["ikt"].get(group.value, []), f"ikt {group.value}"):
            if code in ikt and ikt[code] is not group:
                raise ValueError(f"{FILE_NAME}: {code} stands both {ikt[code].value} and {group.value}")
            ikt[code] = group
    threats = frozenset(_codes(data["state_actor_threat"].get("countries", []), "state_actor_threat countries"))
    sources = {key: data[key].get("source") or {} for key in ("ikt", "state_actor_threat")}
    edition = str(data["edition"]) if data.get("edition") else None
    return CountryStanding(ikt, threats, edition, sources)


@lru_cache(maxsize=1)
def shipped() -> CountryStanding:
    return read_standing(SHIPPED.read_text(encoding="utf-8"))


def standing_in(data_dir: str | Path) -> CountryStanding:
    """The edited copy in a country data folder, or the shipped standing when it has none."""
    path = Path(data_dir) / FILE_NAME
    return read_standing(path.read_text(encoding="utf-8")) if path.is_file() else shipped()

"""A second, independent score from nomenklatura's logic-v2 (the OpenSanctions matcher).

logic-v2 aligns name parts with rigour's symbol tables (org types, ordinals, domain
words) and explains each aligned pair. It is too slow to rank candidates (about half a
millisecond a pair) but worth showing a reviewer for the hits they look at.
"""

from __future__ import annotations

from dataclasses import dataclass

from followthemoney import model
from nomenklatura.matching.logic_v2.model import LogicV2
from nomenklatura.matching.types import ScoringConfig

_CONFIG = ScoringConfig.defaults()


@dataclass(frozen=True)
class Opinion:
    algorithm: str
    score: float
    explanations: dict[str, str]  # feature → what logic-v2 says about it


def _entity(entity_id: str, names: list[str], countries: list[str]):
    entity = model.make_entity("Organization")
    entity.id = entity_id
    entity.add("name", names[:1])
    entity.add("alias", names[1:])
    entity.add("country", [c for c in countries if c])
    return entity


def logic_v2(query: str, query_country: str | None, listed_names: list[str], listed_country: str | None) -> Opinion:
    result = LogicV2.compare(
        _entity("query", [query], [query_country or ""]),
        _entity("listed", listed_names, [listed_country or ""]),
        _CONFIG,
    )
    explanations = {name: str(res.detail) for name, res in result.explanations.items() if res.detail and res.score}
    return Opinion(LogicV2.NAME, round(float(result.score), 4), explanations)

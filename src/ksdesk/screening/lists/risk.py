"""Apply the editable per-list risk mapping (risk_levels.yaml) to loaded entries."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from ksdesk.screening.lists.model import ListEntry, ListVersion
from ksdesk.screening.names import tokens


@lru_cache(maxsize=4)
def load_mapping(path: str | None = None) -> dict:
    if path:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    text = resources.files("ksdesk.screening").joinpath("risk_levels.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _rank(levels: list[str], level: str | None) -> int:
    return levels.index(level) if level in levels else -1


def level_for(list_id: str, entry: ListEntry, mapping: dict | None = None) -> str:
    mapping = mapping or load_mapping()
    levels = mapping["levels"]
    rules = mapping["lists"].get(list_id, {})
    level = None
    if rules.get("use_source") and entry.risk_level in levels:
        level = entry.risk_level
    if level is None and entry.category:
        for cat in entry.category.split(" | "):
            candidate = rules.get("by_category", {}).get(cat)
            if _rank(levels, candidate) > _rank(levels, level):
                level = candidate
        if level and rules.get("use_source"):
            entry.extra["risk_level_inferred"] = True
    level = level or rules.get("default") or mapping.get("fallback", "medium")
    for floor in (rules.get("minimum"), _research_floor(rules, entry, mapping)):
        if _rank(levels, floor) > _rank(levels, level):
            level = floor
    return str(level)


def _research_floor(rules: dict, entry: ListEntry, mapping: dict) -> str | None:
    floor = rules.get("research_minimum")
    if not floor:
        return None
    words = set(mapping.get("research_words", ()))
    return floor if any(words & set(tokens(n.value)) for n in entry.names) else None


def apply(version: ListVersion, mapping: dict | None = None) -> ListVersion:
    for entry in version.entries:
        list_id = version.source
        if list_id == "aspi-unitracker" and entry.parent_entity_id:
            list_id = "aspi-unitracker-part"
        entry.risk_level = level_for(list_id, entry, mapping)
    return version

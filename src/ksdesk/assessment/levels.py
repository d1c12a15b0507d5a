"""The four risk levels, in order, and the spellings other parts of the system use for them."""

from __future__ import annotations

from typing import Iterable, Literal, cast

Level = Literal["low", "medium", "high", "very_high"]
LEVELS: tuple[Level, ...] = ("low", "medium", "high", "very_high")

RISK_THEMES = ("knowledge_transfer", "influence", "ethics", "partnership")
THEMES = RISK_THEMES + ("opportunity",)


def rank(level: str | None) -> int:
    """-1 for no level, so that any level outranks none."""
    return LEVELS.index(level) if level in LEVELS else -1


def normalise(level: object) -> Level | None:
    """Watchlists say "very high" (screening's risk_levels.yaml); the rule set says very_high."""
    if level is None:
        return None
    text = str(level).strip().lower().replace(" ", "_").replace("-", "_")
    return text if text in LEVELS else None


def highest(levels: Iterable[str]) -> Level:
    return cast(Level, max(levels, key=rank, default="low"))

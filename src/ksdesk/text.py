"""Fitting text into a column of limited size: never silently."""

ELLIPSIS = "…"


def shortened(text: str, limit: int) -> str:
    """``text`` if it fits, else cut to ``limit`` characters with an ellipsis that marks the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS

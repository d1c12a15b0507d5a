"""Small-group suppression: a national reader never sees a count that rests on fewer than five
collaborations, because such a count points at one institution's (or one person's) business."""

from __future__ import annotations

from collections.abc import Sequence

THRESHOLD = 5
SUPPRESSED_TEXT = "< 5"


class _Suppressed:
    """A value that exists but may not be shown; distinct from None, which means "no data"."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SUPPRESSED"

    def __str__(self) -> str:
        return SUPPRESSED_TEXT

    def __bool__(self) -> bool:
        return True


SUPPRESSED = _Suppressed()

Cell = int | float | None | _Suppressed


def shown(value: Cell) -> float:
    """A cell's number, once SUPPRESSED and None were ruled out."""
    assert value is not None and not isinstance(value, _Suppressed)
    return value


def is_small(group_size: int) -> bool:
    # Zero is not a group: "none" reveals nothing about anyone.
    return 0 < group_size < THRESHOLD


def cell(value: int | float | None, group_size: int, suppress: bool) -> Cell:
    if suppress and is_small(group_size):
        return SUPPRESSED
    return value


def partition(values: Sequence[int], suppress: bool) -> list[Cell]:
    """Counts that add up to a total the reader also sees (collaborations by form, levels of a theme).

    Hiding one small count is not enough there: total minus the others gives it back. So when
    exactly one count is hidden, the next smallest non-zero count is hidden with it.
    """
    cells: list[Cell] = [cell(v, v, suppress) for v in values]
    if not suppress:
        return cells
    hidden = [i for i, c in enumerate(cells) if c is SUPPRESSED]
    if len(hidden) == 1:
        shown = [(v, i) for i, v in enumerate(values) if cells[i] is not SUPPRESSED and v > 0]
        if shown:
            cells[min(shown)[1]] = SUPPRESSED
    return cells


def display(value: Cell) -> str:
    """The text a table, CSV file or chart label shows for a value."""
    if value is SUPPRESSED:
        return SUPPRESSED_TEXT
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))
    return str(value)


def plain(value: Cell):
    """The value in JSON: numbers stay numbers, a hidden value is the text "< 5"."""
    return SUPPRESSED_TEXT if value is SUPPRESSED else value

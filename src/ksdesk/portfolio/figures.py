"""One chart's data, the same for the page, its table, the CSV download and the JSON export."""

from __future__ import annotations

from dataclasses import dataclass, field

from ksdesk.portfolio.privacy import SUPPRESSED, Cell


@dataclass(frozen=True)
class Category:
    key: str
    label: str  # already in the reader's language


@dataclass(frozen=True)
class Series:
    key: str
    label: str


@dataclass
class Figure:
    id: str
    title: str
    kind: str  # "bar", "bars" (several series side by side), "line" or "map"
    category_header: str
    unit: str
    categories: list[Category]
    series: list[Series]
    cells: list[list[Cell]]  # one row per category, one value per series
    note: str | None = None
    # False when the data the figure needs does not exist yet (no assessments stored).
    # A longer list is kept in the table and the CSV; the chart shows the first ones.
    chart_limit: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[Category, list[Cell]]]:
        return list(zip(self.categories, self.cells, strict=True))

    @property
    def empty(self) -> bool:
        return not any(v not in (None, 0) for row in self.cells for v in row)

    @property
    def has_suppressed(self) -> bool:
        return any(v is SUPPRESSED for row in self.cells for v in row)

    def chart_rows(self) -> list[tuple[Category, list[Cell]]]:
        rows = self.rows
        return rows[: self.chart_limit] if self.chart_limit else rows

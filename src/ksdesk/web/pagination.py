"""Page numbers for long lists."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pagination:
    page: int
    page_size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def first_item(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.page_size + 1

    @property
    def last_item(self) -> int:
        return min(self.total, self.page * self.page_size)

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to link, with None for a gap: 1 … 4 5 [6] 7 8 … 20."""
        shown = {1, self.pages} | set(range(max(1, self.page - around), min(self.pages, self.page + around) + 1))
        out: list[int | None] = []
        for number in sorted(shown):
            if out and out[-1] is not None and number - out[-1] > 1:
                out.append(None)
            out.append(number)
        return out

"""CSV that is safe to open in a spreadsheet program.

Excel and LibreOffice read a cell that starts with =, +, -, @, a tab or a carriage return as a
formula, even in a .csv file. A partner registered as '=HYPERLINK("http://…","Leiden")' would
then run in the spreadsheet of every advisor who opens an export (CSV injection, OWASP). Such
text cells are written with a leading apostrophe, which spreadsheets take as "this is text" and
do not show; the importer takes it off again, so an export imports back unchanged. Plain numbers
such as -3 or +2.5 are left alone: they are values, not formulas.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def defuse(value: Any) -> Any:
    """The value as a spreadsheet must show it: text, never a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.match(value):
        return QUOTE + value
    return value


def restore(value: str) -> str:
    """The text ``defuse`` was given, from what it wrote."""
    if value.startswith(QUOTE) and value[1:].startswith(FORMULA_STARTS) and not NUMBER.match(value[1:]):
        return value[1:]
    return value


def defused_row(row: Iterable[Any]) -> list[Any]:
    return [defuse(value) for value in row]


class DictWriter(csv.DictWriter):
    """csv.DictWriter whose every cell is defused."""

    def writerow(self, rowdict: Mapping[str, Any]):
        return super().writerow({key: defuse(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]):
        for rowdict in rowdicts:
            self.writerow(rowdict)

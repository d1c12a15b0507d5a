"""The figures as CSV and JSON: the same values, and the same hidden small groups, as the page."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from ksdesk import spreadsheets
from ksdesk.portfolio.figures import Figure
from ksdesk.portfolio.privacy import SUPPRESSED_TEXT, THRESHOLD, display, plain
from ksdesk.portfolio.service import Overview
from ksdesk.vocab import _

CODE_HEADER = _("Code")
OVERVIEW_HEADERS = (_("Figure"), CODE_HEADER, _("Label"), _("Series"), _("Value"))


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(spreadsheets.defused_row(row) for row in rows)
    return buffer.getvalue()


def figure_csv(figure: Figure, gettext: Callable[[str], str] | None = None) -> str:
    """One chart's table: the code for scripts, the label for people, one column per series.
    With the reader's gettext (a download from the web) every header is in the reader's language,
    as the page is; without it (scripts, the command line) the headers are the stable keys."""
    if gettext is None:
        rows = [["key", figure.category_header, *[s.key for s in figure.series]]]
    else:
        rows = [[gettext(CODE_HEADER), figure.category_header, *[s.label for s in figure.series]]]
    for category, cells in figure.rows:
        rows.append([category.key, category.label, *[display(v) for v in cells]])
    return _csv(rows)


def overview_csv(overview: Overview, gettext: Callable[[str], str] | None = None) -> str:
    """Every figure in one long table: figure, key, label, series, value (headers in the reader's
    language when gettext is given; the figure and series columns keep their stable keys)."""
    header = ["figure", "key", "label", "series", "value"]
    if gettext is not None:
        header = [gettext(h) for h in OVERVIEW_HEADERS]
    rows = [header, ["total", "", "", "collaborations", display(overview.total)]]
    for figure in overview.figures:
        for category, cells in figure.rows:
            for series, value in zip(figure.series, cells, strict=True):
                rows.append([figure.id, category.key, category.label, series.key, display(value)])
    return _csv(rows)


def figure_dict(figure: Figure) -> dict:
    return {
        "title": figure.title,
        "unit": figure.unit,
        "series": {s.key: s.label for s in figure.series},
        "rows": [
            {"key": c.key, "label": c.label, **{s.key: plain(v) for s, v in zip(figure.series, cells, strict=True)}}
            for c, cells in figure.rows
        ],
    }


def scope_dict(overview: Overview) -> dict:
    f = overview.scope.filter
    return {
        "institution_id": f.institution_id,
        "country": f.country,
        "from": f.year_from,
        "to": f.year_to,
        "form": f.form,
        "small_groups_hidden": overview.scope.suppress,
        "threshold": THRESHOLD if overview.scope.suppress else None,
        "hidden_value": SUPPRESSED_TEXT if overview.scope.suppress else None,
    }


def overview_json(overview: Overview, extra_figures: list[Figure] | None = None) -> str:
    figures = [*overview.figures, *(extra_figures or [])]
    return json.dumps({
        "scope": scope_dict(overview),
        "total": plain(overview.total),
        "figures": {f.id: figure_dict(f) for f in figures},
    }, ensure_ascii=False, indent=2)

"""The portfolio overview: the aggregates, shaped into figures for the reader's scope and language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from ksdesk.accounts.principal import Principal
from ksdesk.assessment.levels import LEVELS, RISK_THEMES
from ksdesk.country_names import names_in
from ksdesk.desk import figures as desk_figures
from ksdesk.portfolio import aggregates, assessments, cache, labels, upkeep
from ksdesk.portfolio.figures import Category, Figure, Series
from ksdesk.portfolio.privacy import SUPPRESSED, Cell, cell, partition, shown
from ksdesk.portfolio.scope import PortfolioFilter, Scope, default_months, resolve
from ksdesk.registry.models import Institution
from ksdesk.vocab import FORM_LABELS, IKT_LABELS, CollaborationForm, IktStanding, _

Gettext = Callable[[str], str]
COLLABORATIONS = _("Collaborations")
PEOPLE = _("People")


def _identity(text: str) -> str:
    return text


def _title(figure_id: str, gettext: Gettext) -> str:
    return gettext(labels.TITLES[figure_id])


@dataclass
class Overview:
    scope: Scope
    total: Cell
    figures: list[Figure]
    # Only for an advisor: their own collaborations with open alerts or awaiting re-assessment.
    attention: list[tuple[int, str, int]] = field(default_factory=list)
    flagged: list[tuple[int, str, datetime]] = field(default_factory=list)

    def figure(self, figure_id: str) -> Figure:
        return next(f for f in self.figures if f.id == figure_id)


def _sort_key(row: tuple[Category, list[Cell]]):
    # Hidden values go after the shown ones, alphabetically, so their order reveals nothing.
    value = row[1][0]
    return (1, 0, row[0].label) if value is SUPPRESSED else (0, -(shown(value) if value else 0), row[0].label)


def _single(fid: str, header: str, unit: str, pairs: list[tuple[str, str, int]], suppress: bool, *,
            gettext: Gettext, kind: str = "bar", sort: bool = True, is_partition: bool = False,
            chart_limit: int | None = None) -> Figure:
    """A figure of one count per category. ``pairs`` are (key, label, count)."""
    values = [n for _k, _l, n in pairs]
    cells = partition(values, suppress) if is_partition else [cell(n, n, suppress) for n in values]
    rows = [(Category(k, lbl), [c]) for (k, lbl, _n), c in zip(pairs, cells, strict=True)]
    if sort:
        rows.sort(key=_sort_key)
    return Figure(
        id=fid, title=gettext(labels.TITLES[fid]), kind=kind, category_header=gettext(header),
        unit=gettext(unit), categories=[r[0] for r in rows], series=[Series("collaborations", gettext(unit))],
        cells=[r[1] for r in rows], chart_limit=chart_limit,
    )


def _years(f: PortfolioFilter, found: set[int], today: date) -> list[int]:
    first = f.year_from if f.year_from is not None else min(found, default=today.year)
    last = f.year_to if f.year_to is not None else max(found, default=today.year)
    last = min(last, today.year)
    return list(range(first, last + 1)) if first <= last else []


def _year_columns(started: dict[int, int], ended: dict[int, int], years: list[int],
                  hide: bool) -> tuple[list[Cell], list[Cell]]:
    """Started and ended per year, each column suppressed as a partition.

    The collaborations started in the years shown are parts of the total the reader also sees:
    with one year hidden, the total minus the other years would give it back whenever every
    collaboration has a start year. So a second year is hidden with it (ended likewise)."""
    columns = [partition([counts.get(y, 0) for y in years], hide) for counts in (started, ended)]
    return columns[0], columns[1]


def _exchange_figure(fid: str, header: str, data: dict, categories: list[Category], suppress: bool,
                     gettext: Gettext, kind: str, chart_limit: int | None = None) -> Figure:
    rows = [data.get(c.key) or data.get(_as_int(c.key)) or {"in": 0, "out": 0, "collaborations": 0}
            for c in categories]
    # The people per country and per year add up to the same totals, so the rows of each figure are
    # parts of one whole: a second row is hidden with a lone hidden one, the one resting on the
    # fewest collaborations. In, out and their difference rest on the same collaborations: all
    # shown or all hidden.
    groups = partition([r["collaborations"] if r["in"] or r["out"] else 0 for r in rows], suppress)
    cells: list[list[Cell]] = [
        [SUPPRESSED] * 3 if group is SUPPRESSED else [row["in"], row["out"], row["in"] - row["out"]]
        for row, group in zip(rows, groups, strict=True)
    ]
    return Figure(
        id=fid, title=gettext(labels.TITLES[fid]), kind=kind, category_header=gettext(header), unit=gettext(PEOPLE),
        categories=categories, series=[Series(k, gettext(v)) for k, v in labels.EXCHANGE_SERIES.items()],
        cells=cells, chart_limit=chart_limit,
    )


def _as_int(key: str):
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


def _collected(session: Session, f: PortfolioFilter, today: date) -> dict:
    return cache.remember(session, ("overview", f, today), lambda: collect(session, f, today))


def _forms(raw: dict, hide: bool) -> dict[str, Cell]:
    forms = dict(raw["forms"])
    values = [forms.get(x.value, 0) for x in CollaborationForm]
    return dict(zip([x.value for x in CollaborationForm], partition(values, hide), strict=True))


def _slice_hidden(session: Session, f: PortfolioFilter, today: date) -> bool:
    """Whether the filter picks a part that the wider view hides next to a small one.

    With a form or a country chosen, the view's total is one cell of the wider view's figure by
    form or by country. When that cell is hidden there to protect a small neighbour, showing it
    here would let the wider total minus this one give the neighbour back: the view is withheld,
    and so is every narrower view of a withheld one."""
    for key in ("form", "country"):
        chosen = getattr(f, key)
        if chosen is None:
            continue
        wider = replace(f, **{key: None})
        if _slice_hidden(session, wider, today):
            return True
        raw = _collected(session, wider, today)
        if key == "form":
            cells = _forms(raw, True)
        else:
            counts = raw["countries"]
            cells = dict(zip([c for c, _n in counts], partition([n for _c, n in counts], True), strict=True))
        if cells.get(chosen) is SUPPRESSED:
            return True
    return False


def _withhold(overview: Overview) -> None:
    overview.total = SUPPRESSED if overview.total else overview.total
    for figure in overview.figures:
        figure.cells = [[v if v is None or v == 0 else SUPPRESSED for v in row] for row in figure.cells]


def institutions(session: Session) -> list[Institution]:
    return list(session.scalars(select(Institution).order_by(Institution.short_name)))


def overview(
    session: Session,
    principal: Principal,
    requested: PortfolioFilter,
    *,
    language: str = "en",
    gettext: Gettext = _identity,
    today: date | None = None,
    exact: bool = False,
) -> Overview:
    scope = resolve(principal, requested, exact=exact)
    f, hide = scope.filter, scope.suppress
    today = today or date.today()
    # What this session wrote and has not committed yet is counted too, as any other read would see it.
    upkeep.settle(session)
    names = names_in(language)
    raw = cache.remember(session, ("overview", f, today), lambda: collect(session, f, today))
    figures: list[Figure] = []

    figures.append(_single("by-country", _("Country"), COLLABORATIONS,
                           [(code, names.get(code, code), n) for code, n in raw["countries"]], hide,
                           gettext=gettext, chart_limit=20, is_partition=True))

    forms = dict(raw["forms"])
    figures.append(_single("by-form", _("Form of collaboration"), COLLABORATIONS,
                           [(x.value, gettext(FORM_LABELS[x]), forms.get(x.value, 0)) for x in CollaborationForm],
                           hide, gettext=gettext, is_partition=True))

    standings = dict(raw["standings"])
    figures.append(_single("by-ikt", _("IKT standing"), COLLABORATIONS,
                           [(s.value, gettext(IKT_LABELS[s]), standings.get(s.value, 0)) for s in IktStanding],
                           hide, gettext=gettext, sort=False, is_partition=True))

    figures.append(_single("by-technology", _("Technology area"), COLLABORATIONS,
                           [(a, a, n) for a, n in raw["areas"]], hide, gettext=gettext, chart_limit=15,
                           is_partition=True))

    started, ended = dict(raw["yearly"]["started"]), dict(raw["yearly"]["ended"])
    years = _years(f, set(started) | set(ended), today)
    figures.append(Figure(
        id="by-year", title=_title("by-year", gettext), kind="line", category_header=gettext(_("Year")),
        unit=gettext(COLLABORATIONS), categories=[Category(str(y), str(y)) for y in years],
        series=[Series(k, gettext(v)) for k, v in labels.YEAR_SERIES.items()],
        cells=[list(pair) for pair in zip(*_year_columns(started, ended, years, hide), strict=True)],
    ))

    risk = raw["risk"]
    figures.append(Figure(
        id="risk", title=_title("risk", gettext), kind="bars", category_header=gettext(_("Theme")),
        unit=gettext(COLLABORATIONS),
        categories=[Category(t, gettext(labels.THEME_LABELS[t])) for t in RISK_THEMES],
        series=[Series(lv, gettext(labels.LEVEL_LABELS[lv])) for lv in LEVELS],
        cells=[partition([risk[t][lv] for lv in LEVELS], hide) for t in RISK_THEMES],
    ))

    alert_rows = {status: (n, groups) for status, n, groups in raw["alerts"]}
    figures.append(Figure(
        id="alerts", title=_title("alerts", gettext), kind="bar", category_header=gettext(_("Status")),
        unit=gettext(_("Alerts")),
        categories=[Category(k, gettext(v)) for k, v in labels.ALERT_LABELS.items()],
        series=[Series("alerts", gettext(_("Alerts")))],
        cells=[[cell(*alert_rows.get(k, (0, 0)), hide)] for k in labels.ALERT_LABELS],
    ))

    due = raw["due"]
    figures.append(Figure(
        id="reassessment", title=_title("reassessment", gettext), kind="bar",
        category_header=gettext(_("Status")), unit=gettext(COLLABORATIONS),
        categories=[Category(k, gettext(v)) for k, v in labels.REASSESSMENT_LABELS.items()],
        series=[Series("collaborations", gettext(COLLABORATIONS))],
        cells=[[cell(due[k], due[k] or 0, hide)] for k in labels.REASSESSMENT_LABELS],
    ))

    by_country_ex = raw["exchange_country"]
    order = sorted(by_country_ex, key=lambda c: (-(by_country_ex[c]["in"] + by_country_ex[c]["out"]), names.get(c, c)))
    ex_country = _exchange_figure("exchange-country", _("Country"), by_country_ex,
                                  [Category(c, names.get(c, c)) for c in order], hide, gettext, "bars", 15)
    # Hidden rows go last, so that their place in the order says nothing about their size.
    ex_country.categories, ex_country.cells = _hidden_last(ex_country)
    figures.append(ex_country)

    by_year_ex = raw["exchange_year"]
    ex_years = _years(f, set(by_year_ex), today) if by_year_ex else []
    figures.append(_exchange_figure("exchange-year", _("Year"), by_year_ex,
                                    [Category(str(y), str(y)) for y in ex_years], hide, gettext, "line"))

    total = raw["total"]
    overview = Overview(scope=scope, total=cell(total, total, hide), figures=figures)
    if hide and _slice_hidden(session, f, today):
        _withhold(overview)
    if scope.own_institution:
        overview.attention, overview.flagged = cache.remember(session, ("attention", f, today), lambda: (
            aggregates.open_alert_collaborations(session, f), aggregates.flagged_collaborations(session, f)))
    return overview


def collect(session: Session, f: PortfolioFilter, today: date) -> dict:
    """Every count the overview shows, from the facts (models.py): what the cache keeps."""
    summary = aggregates.summary(session, f, datetime.now(timezone.utc))
    return {
        "total": summary.total,
        "countries": aggregates.by_country(session, f),
        "forms": summary.forms,
        "standings": summary.standings,
        "areas": aggregates.by_technology_area(session, f),
        "yearly": aggregates.per_year(session, f, today),
        "risk": assessments.risk_levels(session, f),
        "alerts": summary.alerts,
        "due": summary.due,
        "exchange_country": aggregates.exchanges(session, f, "country"),
        "exchange_year": aggregates.exchanges(session, f, "year"),
    }


def _hidden_last(figure: Figure):
    rows = sorted(figure.rows, key=lambda r: (r[1][0] is SUPPRESSED, r[0].label if r[1][0] is SUPPRESSED else ""))
    return [r[0] for r in rows], [r[1] for r in rows]


def desk(session: Session, principal: Principal, requested: PortfolioFilter, *, gettext: Gettext = _identity,
         today: date | None = None) -> list[Figure]:
    """The desk's monthly figures (desk/figures.py) as charts; questions carry no institution data."""
    first, last = default_months(requested, today or date.today())
    months = desk_figures.monthly_figures(session, principal, first, last)
    categories = [Category(m.month, m.month) for m in months]

    def percent(share: float | None) -> float | None:
        return None if share is None else round(share * 100, 1)

    def fig(fid: str, unit: str, series: list[tuple[str, str]], values: list[list[Cell]]) -> Figure:
        return Figure(
            id=fid, title=gettext(labels.TITLES[fid]), kind="line", category_header=gettext(_("Month")),
            unit=gettext(unit), categories=categories, series=[Series(k, gettext(v)) for k, v in series],
            cells=values,
        )

    return [
        fig("desk-questions", _("Questions"),
            [("received", _("Received")), ("answered", _("Answered")), ("answered_on_time", _("Answered on time"))],
            [[m.received, m.answered, m.answered_on_time] for m in months]),
        fig("desk-on-time", _("Percentage of answered questions"), [("on_time_percent", _("Answered on time"))],
            [[percent(m.on_time_share)] for m in months]),
        fig("desk-median", _("Working days"), [("median_working_days", _("Median working days to answer"))],
            [[m.median_working_days] for m in months]),
        fig("desk-coordination", _("Percentage of received questions"),
            [("coordination_percent", _("Coordinated with ministries"))],
            [[percent(m.coordination_share)] for m in months]),
        fig("desk-queue", _("Questions"), [("queue", _("Open at month end"))],
            [[m.queue_length_at_month_end] for m in months]),
    ]

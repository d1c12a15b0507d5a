"""Who sees which part of the portfolio, and how exactly.

Advisors see their own institution with exact counts and may open their own collaborations.
Analysts (and administrators) see every institution, only as aggregates with small groups
hidden. The command line acts as the system: national figures are suppressed like an analyst's
unless exact figures are asked for one institution.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ksdesk.accounts.principal import Principal
from ksdesk.errors import NotFound, Refusal, ValidationFailed
from ksdesk.vocab import CollaborationForm, Role

PORTFOLIO_READERS = frozenset({Role.ADVISOR, Role.ANALYST, Role.ADMIN})
NATIONAL_READERS = frozenset({Role.ANALYST, Role.ADMIN})
FIRST_YEAR = 1900
LAST_YEAR = 2200


@dataclass(frozen=True)
class PortfolioFilter:
    institution_id: int | None = None
    country: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    form: str | None = None

    def query(self) -> dict[str, str]:
        """The filter as query parameters, for links to the CSV downloads of the same view."""
        params = {
            "institution": self.institution_id, "country": self.country, "from": self.year_from,
            "to": self.year_to, "form": self.form,
        }
        return {k: str(v) for k, v in params.items() if v not in (None, "")}


@dataclass(frozen=True)
class Scope:
    filter: PortfolioFilter
    suppress: bool
    # Advisors may be shown which of their own collaborations need attention; nobody else.
    own_institution: bool


def validate(f: PortfolioFilter, country_codes: set[str]) -> PortfolioFilter:
    errors: dict[str, Refusal] = {}
    country = f.country.strip().upper() if f.country else None
    if country and country not in country_codes:
        errors["country"] = Refusal("filter_country_unknown", "choose a country from the list")
    if f.form and f.form not in {x.value for x in CollaborationForm}:
        errors["form"] = Refusal("filter_form_unknown", "choose a form from the list")
    for key, year in (("from", f.year_from), ("to", f.year_to)):
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            errors[key] = Refusal("filter_year_range", f"enter a year between {FIRST_YEAR} and {LAST_YEAR}",
                                 {"first": FIRST_YEAR, "last": LAST_YEAR})
    if f.year_from is not None and f.year_to is not None and f.year_from > f.year_to:
        errors["to"] = Refusal("filter_years_reversed", "the last year comes before the first year")
    if errors:
        raise ValidationFailed("the filter could not be applied", code="filter_refused", field_errors=errors)
    return replace(f, country=country or None, form=f.form or None)


def fixed_period(principal: Principal, f: PortfolioFilter) -> None:
    """An analyst sees one fixed period: the whole record, with the figures per calendar year in
    the chart by year. A period of their choosing is refused, because two periods that overlap
    (up to 2022, up to 2023) or touch (2022, 2023) differ by a few collaborations, and their
    difference is a small group that suppression hid in each of them."""
    if principal.is_system or principal.role is not Role.ANALYST:
        return
    if f.year_from is not None or f.year_to is not None:
        refusal = Refusal("filter_period_fixed", "analysts see the whole record; the chart by year gives each year")
        fields = {key: refusal for key, year in (("from", f.year_from), ("to", f.year_to)) if year is not None}
        raise ValidationFailed("the filter could not be applied", code="filter_refused", field_errors=fields)


def resolve(principal: Principal, requested: PortfolioFilter, *, exact: bool = False) -> Scope:
    """The filter the reader is allowed to apply, and whether small groups are hidden."""
    if principal.is_system:
        if exact and requested.institution_id is None:
            raise ValidationFailed("exact figures are only available for a single institution", code="exact_needs_institution")
        return Scope(requested, suppress=not exact, own_institution=False)
    if principal.role is Role.ADVISOR:
        # Another institution's figures do not exist for an advisor, so they are not found.
        if requested.institution_id not in (None, principal.institution_id):
            raise NotFound("the page was not found", code="page_not_found")
        return Scope(replace(requested, institution_id=principal.institution_id), suppress=False,
                     own_institution=True)
    if principal.role in NATIONAL_READERS:
        fixed_period(principal, requested)
        return Scope(requested, suppress=True, own_institution=False)
    raise NotFound("the page was not found", code="page_not_found")


def _month(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def default_months(f: PortfolioFilter, today: date) -> tuple[date, date]:
    """The months the desk's figures cover: the filtered years, or the last twelve months."""
    last = today.year * 12 + today.month - 1
    if f.year_to is not None and f.year_to < today.year:
        last = f.year_to * 12 + 11
    first = f.year_from * 12 if f.year_from is not None else last - 11
    # Five years of months is as much as one chart can show legibly.
    first = min(max(first, last - 59), last)
    return _month(first), _month(last)

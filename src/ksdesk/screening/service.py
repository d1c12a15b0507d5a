"""Screening names for people: hits with their review decisions, reviews, and collaboration partners."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.names import name_of
from ksdesk.accounts.principal import Principal
from ksdesk.errors import Forbidden, NotFound, Refusal, ValidationFailed
from ksdesk.registry import access as registry_access
from ksdesk.registry import service as registry
from ksdesk.screening import affiliation, cache, explain, parallel
from ksdesk.screening import names as name_forms
from ksdesk.screening.index import DEFAULT_THRESHOLD, Hit, Resolution
from ksdesk.screening.models import ScreeningAlert, ScreeningReview
from ksdesk.screening.resolver import Chosen
from ksdesk.screening.source import registry_entity_id
from ksdesk.vocab import INSTITUTION_ROLES, Role

DECISIONS = ("true_match", "false_positive", "unsure")
# Decisions that answer an alert on the same hit: the hit is settled one way or the other.
SETTLING = ("true_match", "false_positive")
# Who may screen: everyone who works on collaborations or advises on them.
# The sizes of a list's code and an entity's id as stored; a longer one names nothing stored.
LIST_CODE_LENGTH, ENTITY_ID_LENGTH = 64, 128
SCREENERS = frozenset({Role.RESEARCHER, Role.ADVISOR, Role.DESK_OFFICER, Role.ADMIN})
REVIEWERS = frozenset({Role.ADVISOR, Role.DESK_OFFICER, Role.ADMIN})
MAX_QUERY = 1000


@dataclass
class ScreenedHit:
    hit: Hit
    decision: str | None = None
    decision_reason: str | None = None
    decided_by: str | None = None

    @property
    def suppressed(self) -> bool:
        return self.decision == "false_positive"

    def as_dict(self) -> dict:
        h = self.hit
        data = {
            "list": h.list_id,
            "entity_id": h.entity_id,
            "name": h.listed_name,
            "matched_name": h.matched_name,
            "score": round(h.score, 4),
            "level": h.risk_level,
            "strength": h.strength,
            "explanation": h.explanation,
            "reasons": explain.english(h.reasons),
        }
        if h.list_id != "registry":
            data["registry_id"] = h.registry_id
            data["registry_name"] = h.registry_name
            data["listed_because"] = h.reason_listed
            data["list_date"] = h.list_date
            data["source_url"] = h.source_url
        data["country"] = h.country.upper() if h.country else None
        if self.decision:
            data["review"] = {"decision": self.decision, "reason": self.decision_reason, "by": self.decided_by}
        return data


@dataclass
class ScreeningResult:
    """One screened name: its hits with their reviews, and the registry organisation it names."""

    query: str
    country: str | None  # given, or read from the string
    chosen: Chosen | None
    hits: list[ScreenedHit]

    def as_dict(self) -> dict:
        return {"query": self.query, "country": self.country.upper() if self.country else None,
                "chosen": self.chosen.as_dict() if self.chosen else None,
                "hits": [h.as_dict() for h in self.hits]}


# A country written after the name: "ASML (Netherlands)", "ASML, Netherlands".
_TRAILING_PART = re.compile(r"\s*(?:\(([^()]*)\)|,([^,()]*))\s*$")


def normalised(name: str) -> str:
    """The key a review is stored under: the name's words, without a country written after it."""
    text = " ".join((name or "").split())
    while (found := _TRAILING_PART.search(text)) and found.start() > 0:
        part = (found.group(1) if found.group(1) is not None else found.group(2)).strip()
        if not part or affiliation.country_of(part) is None:
            break
        text = text[:found.start()]
    return name_forms.key(text) or " ".join(text.lower().split())


@dataclass(frozen=True)
class ReviewsOf:
    """Whose reviews count: those of one institution, or, for national roles, every institution's."""

    institution_id: int | None = None
    everyone: bool = False

    @classmethod
    def seen_by(cls, principal: Principal) -> ReviewsOf:
        if principal.is_system or principal.role not in INSTITUTION_ROLES:
            return cls(everyone=True)
        return cls(principal.institution_id)

    def clause(self) -> ColumnElement[bool]:
        return true() if self.everyone else ScreeningReview.institution_id == self.institution_id


EVERYONE = ReviewsOf(everyone=True)


def _check_query(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed("give a name to screen", code="screen_name_required",
                               field_errors={"name": Refusal("screen_name_required", "a name is required")})
    if len(name) > MAX_QUERY:
        raise ValidationFailed("name too long", code="text_too_long", params={"n": MAX_QUERY}, field_errors={
            "name": Refusal("text_too_long", f"at most {MAX_QUERY} characters", {"n": MAX_QUERY})})
    return name


def check_country(country: str | None) -> str | None:
    if not country:
        return None
    country = country.strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise ValidationFailed("bad country", code="country_code_format",
                               field_errors={"country": Refusal("country_code_format", "use a two-letter ISO 3166 code")})
    return country


def latest_reviews(session: Session, keys: set[str], reviews_of: ReviewsOf
                   ) -> dict[tuple[str, str, str], ScreeningReview]:
    """The latest review per (normalised name, list, entry) among the reviews ``reviews_of`` may see."""
    if not keys:
        return {}
    rows = session.scalars(
        select(ScreeningReview).where(ScreeningReview.normalised_name.in_(keys), reviews_of.clause())
        .order_by(ScreeningReview.id)
    )
    return {(r.normalised_name, r.list_code, r.entity_id): r for r in rows}


def _with_reviews(session: Session, principal: Principal, query: str, hits: list[Hit],
                  include_suppressed: bool) -> list[ScreenedHit]:
    key = normalised(query)
    reviews = latest_reviews(session, {key}, ReviewsOf.seen_by(principal))
    out = []
    for hit in hits:
        review = reviews.get((key, hit.list_id, hit.entity_id))
        screened = ScreenedHit(hit, review.decision if review else None, review.reason if review else None,
                               review.reviewer_label if review else None)
        if screened.suppressed and not include_suppressed:
            continue
        out.append(screened)
    return out


def resolve_name(
    session: Session, principal: Principal, name: str, *, country: str | None = None,
    threshold: float = DEFAULT_THRESHOLD, include_suppressed: bool = False, limit: int = 20,
) -> ScreeningResult:
    if not principal.is_system and principal.role not in SCREENERS:
        raise Forbidden("your role cannot screen names", code="role_not_allowed")
    name, country = _check_query(name), check_country(country)
    if not 0 <= threshold <= 1:
        raise ValidationFailed.of_field("threshold", "threshold_range", "between 0 and 1")
    resolution = cache.get_index(session).resolve(name, country=country, threshold=threshold, limit=limit)
    return _result(resolution, _with_reviews(session, principal, name, resolution.hits, include_suppressed))


def screen_name(
    session: Session, principal: Principal, name: str, *, country: str | None = None,
    threshold: float = DEFAULT_THRESHOLD, include_suppressed: bool = False, limit: int = 20,
) -> list[ScreenedHit]:
    return resolve_name(session, principal, name, country=country, threshold=threshold,
                        include_suppressed=include_suppressed, limit=limit).hits


def _result(resolution: Resolution, hits: list[ScreenedHit]) -> ScreeningResult:
    return ScreeningResult(resolution.query, resolution.country, resolution.chosen, hits)


def screen_names(session: Session, names: list[str], *, country: str | None = None,
                 countries: list[str | None] | None = None,
                 threshold: float = DEFAULT_THRESHOLD, reviews_of: ReviewsOf = EVERYONE) -> list[ScreeningResult]:
    """A batch for the bulk runs: one search per chunk, each row with its own country if given."""
    index = cache.get_index(session)
    country = check_country(country)
    row_countries = [check_country(c) or country for c in countries] if countries else [country] * len(names)
    resolutions = parallel.resolve_batch(index, names, [c.lower() if c else None for c in row_countries],
                                         threshold=threshold)
    keys = {normalised(n) for n in names if n.strip()}
    reviews = latest_reviews(session, keys, reviews_of)
    out = []
    for name, resolution in zip(names, resolutions, strict=True):
        key = normalised(name)
        screened = []
        for hit in resolution.hits:
            review = reviews.get((key, hit.list_id, hit.entity_id))
            item = ScreenedHit(hit, review.decision if review else None, review.reason if review else None,
                               review.reviewer_label if review else None)
            if not item.suppressed:
                screened.append(item)
        out.append(_result(resolution, screened))
    return out


def record_review(
    session: Session, principal: Principal, *, query: str, list_code: str, entity_id: str, decision: str,
    reason: str | None = None,
) -> ScreeningReview:
    if not principal.is_system and principal.role not in REVIEWERS:
        raise Forbidden("only advisors and desk officers review screening hits", code="role_not_allowed")
    if decision not in DECISIONS:
        raise ValidationFailed("unknown decision", code="review_decision_unknown", field_errors={
            "decision": Refusal("review_decision_unknown", f"one of {', '.join(DECISIONS)}")})
    query = _check_query(query)
    if decision == "false_positive" and not (reason and reason.strip()):
        raise ValidationFailed("say why it is a false positive", code="false_positive_reason_required",
                               field_errors={"reason": Refusal("false_positive_reason_required", "a reason is required")})
    for name, value, most in (("list", list_code, LIST_CODE_LENGTH), ("entity_id", entity_id, ENTITY_ID_LENGTH)):
        if len(value) > most:
            raise ValidationFailed.of_field(name, "text_too_long", f"at most {most} characters", n=most)
    review = ScreeningReview(
        normalised_name=normalised(query), query=query, list_code=list_code, entity_id=entity_id,
        decision=decision, reason=(reason or "").strip() or None, reviewer_id=principal.user_id,
        reviewer_label=name_of(session, principal), institution_id=principal.institution_id,
    )
    session.add(review)
    session.flush()
    audit.record(session, principal, "screening.review", "screening_review", review.id,
                 after={"query": query, "list": list_code, "entity_id": entity_id, "decision": decision},
                 reason=review.reason, institution_id=principal.institution_id)
    if decision in SETTLING:
        _close_alerts(session, principal, review)
    return review


def _close_alerts(session: Session, principal: Principal, review: ScreeningReview) -> None:
    """Open alerts of the reviewer's institution on the same hit of the same name are answered by the review."""
    if review.institution_id is None:
        return
    candidates = session.scalars(select(ScreeningAlert).where(
        ScreeningAlert.status == "open", ScreeningAlert.institution_id == review.institution_id,
        ScreeningAlert.list_code == review.list_code, ScreeningAlert.entity_id == review.entity_id,
    ).order_by(ScreeningAlert.id))
    for alert in candidates:
        if normalised(alert.partner_name) != review.normalised_name:
            continue
        alert.status, alert.resolved_at, alert.review_id = "resolved", review.decided_at, review.id
        alert.resolved_by, alert.resolution = review.reviewer_label, review.reason
        audit.record(session, principal, "screening.alert_resolved", "screening_alert", alert.id,
                     before={"status": "open"}, after={"status": "resolved", "review_id": review.id,
                                                       "decision": review.decision},
                     reason=review.reason, institution_id=alert.institution_id)


def reviews_for(session: Session, principal: Principal, query: str) -> list[ScreeningReview]:
    """Every review of the name the caller may see, newest first."""
    return list(session.scalars(
        select(ScreeningReview).where(ScreeningReview.normalised_name == normalised(query),
                                      ReviewsOf.seen_by(principal).clause())
        .order_by(ScreeningReview.id.desc())
    ))


@dataclass
class PartnerScreening:
    organisation_id: int
    partner_name: str
    country: str | None
    hits: list[ScreenedHit]
    chosen: Chosen | None = None

    @property
    def watchlist_hits(self) -> list[ScreenedHit]:
        return [h for h in self.hits if h.hit.list_id != "registry"]


def screen_collaboration(session: Session, principal: Principal, collaboration_id: int,
                         include_suppressed: bool = False) -> list[PartnerScreening]:
    """Every partner of a collaboration the caller may read, screened by all its names."""
    collaboration = registry.get_collaboration(session, principal, collaboration_id)
    if not registry_access.can_read_collaboration(principal, collaboration):
        return []
    index = cache.get_index(session)
    result = []
    for partner in collaboration.partners:
        organisation = partner.organisation
        hits, chosen = screen_organisation(index, organisation)
        result.append(PartnerScreening(organisation.id, organisation.name, organisation.country_code,
                                       _with_reviews(session, principal, organisation.name, hits,
                                                     include_suppressed), chosen))
    return result


def review_partner(session: Session, principal: Principal, collaboration_id: int, organisation_id: int,
                   decision: str, reason: str | None = None, include_hidden: bool = False) -> list[ScreeningReview]:
    """Marks every watchlist hit of one partner of a collaboration at once, with one reason.

    Hits that already carry this decision are left as they are; hits hidden as false positives
    are only included when the reviewer was shown them. All or nothing: one refused review
    refuses the whole batch (the caller's transaction)."""
    if not principal.is_system and principal.role not in REVIEWERS:
        raise Forbidden("only advisors and desk officers review screening hits", code="role_not_allowed")
    partners = screen_collaboration(session, principal, collaboration_id, include_suppressed=True)
    partner = next((p for p in partners if p.organisation_id == organisation_id), None)
    if partner is None:
        raise NotFound("no such partner in this collaboration", code="partner_not_found")
    hits = [h for h in partner.watchlist_hits if (include_hidden or not h.suppressed) and h.decision != decision]
    if decision not in DECISIONS:
        raise ValidationFailed("unknown decision", code="review_decision_unknown", field_errors={
            "decision": Refusal("review_decision_unknown", f"one of {', '.join(DECISIONS)}")})
    if not hits:
        raise ValidationFailed("nothing to review", code="bulk_review_nothing", field_errors={
            "decision": Refusal("bulk_review_nothing", "every hit already has this decision")})
    reviews = [record_review(session, principal, query=partner.partner_name, list_code=h.hit.list_id,
                             entity_id=h.hit.entity_id, decision=decision, reason=reason) for h in hits]
    audit.record(session, principal, "screening.review_partner", "collaboration", collaboration_id,
                 after={"organisation_id": organisation_id, "decision": decision, "hits": len(reviews)},
                 reason=(reason or "").strip() or None, institution_id=principal.institution_id)
    return reviews


def screen_organisation(index, organisation) -> tuple[list[Hit], Chosen | None]:
    """A registered partner screened by all its names; it is the registry organisation it is.

    A partner already in the registry needs no guessing: it is chosen as itself, and a list
    entry counts as strong evidence only through its link to that organisation or a match
    on its own names (see ``Hit.strength``).
    """
    best: dict[tuple[str, str], Hit] = {}
    chosen: Chosen | None = None
    for name in {organisation.name, *(n.value for n in organisation.names if n.kind != "acronym")}:
        resolution = index.resolve(name, country=organisation.country_code)
        chosen = chosen or resolution.chosen
        for hit in resolution.hits:
            key = (hit.list_id, hit.entity_id)
            if key not in best or best[key].score < hit.score:
                best[key] = hit
    own = index.entity("registry", registry_entity_id(organisation.id, organisation.ror_id))
    if own is not None:
        chosen = Chosen(own.entity_id, own.name, own.country, 1.0, organisation.name)
    return sorted(best.values(), key=lambda h: (-h.score, h.list_id)), chosen

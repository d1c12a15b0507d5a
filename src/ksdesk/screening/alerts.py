"""Re-screening active collaborations after a list update, and the alerts it raises for advisors."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.names import name_of
from ksdesk.accounts.principal import Principal
from ksdesk.db import utcnow
from ksdesk.errors import Forbidden, NotFound, Refusal, ValidationFailed
from ksdesk.notifications import service as notices
from ksdesk.notifications.kinds import Kind as Notice
from ksdesk.registry.models import Collaboration
from ksdesk.screening import cache
from ksdesk.screening.models import ScreeningAlert, Watchlist, WatchlistVersion
from ksdesk.screening.service import ReviewsOf, latest_reviews, normalised
from ksdesk.vocab import CollaborationStatus, Role

RESCREENED_STATUSES = (CollaborationStatus.ACTIVE.value,)


def rescreen_active_collaborations(session: Session, list_codes: set[str] | None = None,
                                   progress=None, index=None) -> int:
    """Screens every partner of every active collaboration; each watchlist hit not seen before becomes an alert.

    A hit a reviewer of the collaboration's institution marked as a false positive for that
    partner's name is not raised again.
    Returns the number of alerts raised.
    """
    index = index if index is not None else cache.get_index(session)
    versions = dict(session.execute(
        select(Watchlist.code, WatchlistVersion.id).join(WatchlistVersion)
        .where(WatchlistVersion.is_current.is_(True))
    ).all())
    known: set[tuple[int, str, str]] = {(c, lst, e) for c, lst, e in session.execute(
        select(ScreeningAlert.collaboration_id, ScreeningAlert.list_code, ScreeningAlert.entity_id)
    )}
    collaborations = session.scalars(
        select(Collaboration).where(Collaboration.status.in_(RESCREENED_STATUSES)).order_by(Collaboration.id)
    ).all()
    raised = 0
    for collaboration in collaborations:
        raised_before = raised
        for partner in collaboration.partners:
            organisation = partner.organisation
            names = {organisation.name, *(n.value for n in organisation.names if n.kind != "acronym")}
            reviews = latest_reviews(session, {normalised(organisation.name)},
                                     ReviewsOf(collaboration.institution_id))
            for name in sorted(names):
                for hit in index.screen(name, country=organisation.country_code):
                    if hit.list_id == "registry" or (list_codes is not None and hit.list_id not in list_codes):
                        continue
                    key = (collaboration.id, hit.list_id, hit.entity_id)
                    if key in known:
                        continue
                    review = reviews.get((normalised(organisation.name), hit.list_id, hit.entity_id))
                    if review is not None and review.decision == "false_positive":
                        continue
                    known.add(key)
                    alert = ScreeningAlert(
                        collaboration_id=collaboration.id, institution_id=collaboration.institution_id,
                        organisation_id=organisation.id, partner_name=organisation.name, list_code=hit.list_id,
                        entity_id=hit.entity_id, listed_name=hit.listed_name, matched_name=hit.matched_name,
                        score=hit.score, level=hit.risk_level, explanation=hit.explanation,
                        reasons=hit.reasons, version_id=versions.get(hit.list_id),
                    )
                    session.add(alert)
                    session.flush()
                    audit.record(session, None, "screening.alert", "screening_alert", alert.id,
                                 after={"collaboration_id": collaboration.id, "partner": organisation.name,
                                        "list": hit.list_id, "entity_id": hit.entity_id, "score": hit.score},
                                 institution_id=collaboration.institution_id)
                    raised += 1
        if raised > raised_before:
            # One notice per collaboration, to the advisors of the institution that sees its alerts.
            notices.notify(session, Notice.SCREENING_ALERT, notices.advisors_of(session, collaboration.institution_id),
                           link=f"/collaborations/{collaboration.id}", collaboration=collaboration.title)
        if progress:
            progress(1)
    return raised


def _scope(principal: Principal):
    if principal.is_system:
        return True
    if principal.role is Role.ADVISOR:
        return ScreeningAlert.institution_id == principal.institution_id
    if principal.role is Role.RESEARCHER:
        mine = select(Collaboration.id).where(Collaboration.created_by_id == principal.user_id)
        return ScreeningAlert.collaboration_id.in_(mine)
    return False


def list_alerts(session: Session, principal: Principal, status: str | None = "open", page: int = 1,
                page_size: int = 50) -> tuple[list[ScreeningAlert], int]:
    if not principal.is_system and principal.role not in (Role.ADVISOR, Role.RESEARCHER):
        raise Forbidden("alerts are for the institution's advisors", code="role_not_allowed")
    stmt = select(ScreeningAlert).where(_scope(principal))
    if status:
        stmt = stmt.where(ScreeningAlert.status == status)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(ScreeningAlert.created_at.desc(), ScreeningAlert.id.desc())
                           .offset((page - 1) * page_size).limit(page_size))
    return list(rows), total


def alerts_for_collaboration(session: Session, collaboration_id: int) -> list[ScreeningAlert]:
    return list(session.scalars(select(ScreeningAlert).where(ScreeningAlert.collaboration_id == collaboration_id)
                                .order_by(ScreeningAlert.id)))


def resolve_alert(session: Session, principal: Principal, alert_id: int, resolution: str) -> ScreeningAlert:
    if not principal.is_system and principal.role is not Role.ADVISOR:
        raise Forbidden("only an advisor resolves alerts", code="role_not_allowed")
    alert = session.get(ScreeningAlert, alert_id)
    if alert is None or (not principal.is_system and alert.institution_id != principal.institution_id):
        raise NotFound(f"alert {alert_id} not found", code="alert_not_found")
    if alert.status == "resolved":
        raise ValidationFailed("the alert is already resolved", code="alert_resolved",
                               field_errors={"alert": Refusal("alert_resolved", "already resolved")})
    if not (resolution or "").strip():
        raise ValidationFailed("say how the alert was resolved", code="alert_resolution_required",
                               field_errors={"resolution": Refusal("required", "required")})
    alert.status, alert.resolved_at = "resolved", utcnow()
    alert.resolved_by, alert.resolution = name_of(session, principal), resolution.strip()
    audit.record(session, principal, "screening.alert_resolved", "screening_alert", alert.id,
                 before={"status": "open"}, after={"status": "resolved"}, reason=alert.resolution,
                 institution_id=alert.institution_id)
    return alert

"""Who may see and change which collaborations and organisations.

Out-of-scope objects are reported as not found, never as forbidden: a user of
institution A must not even learn that a collaboration of institution B exists.
"""

from __future__ import annotations

from sqlalchemy import and_, false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from ksdesk.accounts.principal import Principal
from ksdesk.registry.models import Collaboration, CollaborationParticipant
from ksdesk.registry.workflow import EDITABLE, EDITABLE_BY_RESEARCHER
from ksdesk.vocab import Role

COLLABORATION_READERS = frozenset({Role.RESEARCHER, Role.ADVISOR})
ORGANISATION_EDITORS = frozenset({Role.ADVISOR, Role.ADMIN, Role.DESK_OFFICER})
ORGANISATION_CREATORS = ORGANISATION_EDITORS | {Role.RESEARCHER}


def collaboration_scope(principal: Principal) -> ColumnElement[bool]:
    if principal.is_system:
        return true()
    if principal.role is Role.ADVISOR:
        # The lead institution's advisors and those of every participating institution.
        return or_(
            Collaboration.institution_id == principal.institution_id,
            Collaboration.id.in_(select(CollaborationParticipant.collaboration_id)
                                 .where(CollaborationParticipant.institution_id == principal.institution_id)),
        )
    if principal.role is Role.RESEARCHER:
        # Researchers see what they registered themselves.
        return and_(
            Collaboration.institution_id == principal.institution_id,
            Collaboration.created_by_id == principal.user_id,
        )
    return false()


def can_read_collaboration(principal: Principal, collaboration: Collaboration) -> bool:
    if principal.is_system:
        return True
    if principal.role is Role.ADVISOR:
        return (collaboration.institution_id == principal.institution_id
                or principal.institution_id in collaboration.participant_ids)
    if principal.role is Role.RESEARCHER:
        return (
            collaboration.institution_id == principal.institution_id
            and collaboration.created_by_id == principal.user_id
        )
    return False


def can_create_collaboration(principal: Principal) -> bool:
    return principal.is_system or principal.role in COLLABORATION_READERS


def can_edit_collaboration(principal: Principal, collaboration: Collaboration) -> bool:
    if not can_read_collaboration(principal, collaboration):
        return False
    if principal.is_system:
        return True
    if principal.role is Role.ADVISOR:
        # A participating institution reads and notes; the lead registers, edits and decides.
        return collaboration.institution_id == principal.institution_id and collaboration.status in EDITABLE
    return collaboration.status in EDITABLE_BY_RESEARCHER


def leads(principal: Principal, collaboration: Collaboration) -> bool:
    return principal.is_system or collaboration.institution_id == principal.institution_id


def can_create_organisation(principal: Principal) -> bool:
    return principal.is_system or principal.role in ORGANISATION_CREATORS


def can_edit_organisation(principal: Principal) -> bool:
    return principal.is_system or principal.role in ORGANISATION_EDITORS

"""Who may see and change which collaborations and organisations.

Out-of-scope objects are reported as not found, never as forbidden: a user of
institution A must not even learn that a collaboration of institution B exists.
"""

from __future__ import annotations

from sqlalchemy import and_, false, true
from sqlalchemy.sql.elements import ColumnElement

from ksdesk.accounts.principal import Principal
from ksdesk.registry.models import Collaboration
from ksdesk.registry.workflow import EDITABLE, EDITABLE_BY_RESEARCHER
from ksdesk.vocab import Role

COLLABORATION_READERS = frozenset({Role.RESEARCHER, Role.ADVISOR})
ORGANISATION_EDITORS = frozenset({Role.ADVISOR, Role.ADMIN, Role.DESK_OFFICER})
ORGANISATION_CREATORS = ORGANISATION_EDITORS | {Role.RESEARCHER}


def collaboration_scope(principal: Principal) -> ColumnElement[bool]:
    if principal.is_system:
        return true()
    if principal.role is Role.ADVISOR:
        return Collaboration.institution_id == principal.institution_id
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
        return collaboration.institution_id == principal.institution_id
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
        return collaboration.status in EDITABLE
    return collaboration.status in EDITABLE_BY_RESEARCHER


def can_create_organisation(principal: Principal) -> bool:
    return principal.is_system or principal.role in ORGANISATION_CREATORS


def can_edit_organisation(principal: Principal) -> bool:
    return principal.is_system or principal.role in ORGANISATION_EDITORS

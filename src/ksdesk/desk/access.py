"""Who sees which questions. Out of scope means "not found", never "forbidden".

* desk officers: every question;
* ministry liaisons: only questions on which their ministry is consulted;
* researchers and advisors: the questions they asked themselves, with the public replies only.
  Advisors do not see their colleagues' questions: the contact point is open to anyone at an
  institution, and a question may well be about that institution itself.
* analysts see figures (ksdesk.desk.figures), never questions; admins manage closure days.
"""

from __future__ import annotations

from sqlalchemy import exists, false, select
from sqlalchemy.sql.elements import ColumnElement

from ksdesk.accounts.principal import Principal
from ksdesk.desk.models import CoordinationRequest, Question
from ksdesk.desk.vocab import CoordinationStatus
from ksdesk.errors import Forbidden
from ksdesk.vocab import Role

ASKER_ROLES = frozenset({Role.RESEARCHER, Role.ADVISOR})
DESK_ROLES = frozenset({Role.DESK_OFFICER})
LIAISON_ROLES = frozenset({Role.MINISTRY_LIAISON})


def is_desk(principal: Principal) -> bool:
    return principal.is_system or principal.role in DESK_ROLES


def require_desk(principal: Principal) -> None:
    if not is_desk(principal):
        raise Forbidden("only desk officers can do this", code="role_not_allowed")


def liaison_scope(principal: Principal) -> ColumnElement[bool]:
    if principal.role is not Role.MINISTRY_LIAISON or not principal.ministry:
        return false()
    return exists(
        select(CoordinationRequest.id).where(
            CoordinationRequest.question_id == Question.id,
            CoordinationRequest.ministry == principal.ministry,
            CoordinationRequest.status != CoordinationStatus.WITHDRAWN.value,
        )
    )


def asker_scope(principal: Principal) -> ColumnElement[bool]:
    if principal.role not in ASKER_ROLES or principal.user_id is None:
        return false()
    return Question.asked_by_id == principal.user_id

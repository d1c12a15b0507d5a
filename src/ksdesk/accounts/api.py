"""The API's account endpoint: who the token belongs to."""

from __future__ import annotations

from ksdesk.accounts.schemas import MeRead
from ksdesk.web.deps import ApiUser
from ksdesk.web.routing import Router

router = Router(tags=["account"])


@router.get("/me", response_model=MeRead)
def me(user: ApiUser):
    p = user.principal
    assert p.user_id is not None  # a token always belongs to a user
    return MeRead(id=p.user_id, email=user.email, name=user.name, role=user.role.value, institution_id=p.institution_id,
                  institution=user.institution_name, ministry=p.ministry, language=p.language)

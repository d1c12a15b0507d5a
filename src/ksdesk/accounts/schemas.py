"""What the API says about accounts."""

from __future__ import annotations

from pydantic import BaseModel


class MeRead(BaseModel):
    id: int
    email: str
    name: str
    role: str
    institution_id: int | None
    institution: str | None
    ministry: str | None
    language: str

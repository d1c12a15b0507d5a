"""Who is acting: a signed-in user, or the system itself (command line, migrations, jobs)."""

from __future__ import annotations

from dataclasses import dataclass

from ksdesk.vocab import Role


@dataclass(frozen=True)
class Principal:
    user_id: int | None
    label: str
    role: Role | None
    institution_id: int | None = None
    ministry: str | None = None
    language: str = "nl"

    @property
    def is_system(self) -> bool:
        return self.role is None

    def has_role(self, *roles: Role) -> bool:
        return self.is_system or self.role in roles

    @classmethod
    def for_user(cls, user) -> Principal:
        return cls(
            user_id=user.id,
            label=user.email,
            role=Role(user.role),
            institution_id=user.institution_id,
            ministry=user.ministry,
            language=user.language,
        )


SYSTEM = Principal(user_id=None, label="system", role=None)

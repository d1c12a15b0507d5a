"""Users, sign-in, browser sessions and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.models import ApiToken, User, WebSession
from ksdesk.accounts.passwords import MIN_LENGTH, dummy_hash, hash_password, needs_rehash, verify_password
from ksdesk.accounts.principal import Principal
from ksdesk.db import utcnow
from ksdesk.errors import Conflict, Forbidden, NotFound, Refusal, ValidationFailed
from ksdesk.notifications.models import Notification
from ksdesk.registry.models import Institution, Organisation, OrganisationName
from ksdesk.vocab import INSTITUTION_ROLES, Ministry, Role


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationFailed.of_field("email", "email_invalid", str(exc)) from exc


def user_snapshot(user: User) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "institution_id": user.institution_id,
        "ministry": user.ministry,
        "language": user.language,
        "active": user.active,
    }


def create_user(
    session: Session,
    actor: Principal,
    *,
    email: str,
    name: str,
    password: str,
    role: str,
    institution_short_name: str | None = None,
    ministry: str | None = None,
    language: str = "nl",
    password_hash: str | None = None,
) -> User:
    """``password_hash``, a hash of ``password`` made before, spares hashing it again: the demo
    gives its many accounts one password, and a hash takes about a second by design."""
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("only an administrator can create users", code="role_not_allowed")
    errors, role_value, institution = _checked_fields(session, name=name, role=role, language=language,
                                                      institution_short_name=institution_short_name,
                                                      ministry=ministry)
    if len(password) < MIN_LENGTH:
        errors["password"] = Refusal("password_too_short", f"a password needs at least {MIN_LENGTH} characters",
                                    {"n": MIN_LENGTH})
    try:
        email = normalise_email(email)
    except ValidationFailed as exc:
        errors.update(exc.field_errors)
    else:
        if session.scalar(select(User.id).where(User.email == email)) is not None:
            errors["email"] = Refusal("email_taken", f"a user with e-mail {email} already exists", {"email": email})
    if errors:
        raise ValidationFailed("the user was not created", code="user_not_created", field_errors=errors)
    assert role_value is not None  # an unknown role is among the errors above
    user = User(
        email=email,
        name=name.strip(),
        password_hash=password_hash or hash_password(password),
        role=role_value.value,
        institution_id=institution.id if institution else None,
        ministry=ministry,
        language=language,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", "user", user.id, after=user_snapshot(user),
                 institution_id=user.institution_id)
    return user


def _checked_fields(
    session: Session, *, name: str, role: str, language: str, institution_short_name: str | None,
    ministry: str | None,
) -> tuple[dict[str, Refusal], Role | None, Institution | None]:
    """What a new and an edited user share: the refusals per field, the role and the institution."""
    errors: dict[str, Refusal] = {}
    try:
        role_value: Role | None = Role(role)
    except ValueError:
        errors["role"] = Refusal("choose_an_option", f"unknown role {role!r}; choose one of {', '.join(r.value for r in Role)}")
        role_value = None
    if not name.strip():
        errors["name"] = Refusal("name_required", "a name is required")
    if language not in ("nl", "en"):
        errors["language"] = Refusal("language_unknown", "language must be nl or en")
    institution = None
    if role_value in INSTITUTION_ROLES:
        if not institution_short_name:
            errors["institution"] = Refusal("institution_needed", f"a {role_value.value} belongs to an institution")
        else:
            institution = session.scalar(
                select(Institution).where(Institution.short_name == institution_short_name)
            )
            if institution is None:
                errors["institution"] = Refusal("institution_unknown", f"no institution {institution_short_name!r}")
    elif institution_short_name:
        errors["institution"] = Refusal("institution_not_for_role", f"a {role} does not belong to an institution")
    if role_value is Role.MINISTRY_LIAISON:
        if ministry not in {m.value for m in Ministry}:
            errors["ministry"] = Refusal("ministry_needed",
                                        f"a ministry liaison needs one of {', '.join(m.value for m in Ministry)}")
    elif ministry:
        errors["ministry"] = Refusal("ministry_not_for_role", "only a ministry liaison has a ministry")
    return errors, role_value, institution


def _other_active_admins(session: Session, user: User) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN.value, User.active.is_(True), User.id != user.id)) or 0


def update_user(
    session: Session,
    actor: Principal,
    user_id: int,
    *,
    name: str,
    role: str,
    institution_short_name: str | None = None,
    ministry: str | None = None,
    language: str = "nl",
) -> User:
    """Changes a user's name, role, institution or ministry and language; the e-mail address stays.

    The last active administrator keeps the role, so that someone can always administer the desk.
    """
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("only an administrator can change users", code="role_not_allowed")
    user = get_user(session, user_id)
    errors, role_value, institution = _checked_fields(session, name=name, role=role, language=language,
                                                      institution_short_name=institution_short_name,
                                                      ministry=ministry)
    if (role_value is not None and role_value is not Role.ADMIN and user.role == Role.ADMIN.value and user.active
            and not _other_active_admins(session, user)):
        errors["role"] = Refusal("last_administrator_role",
                                 "the last active administrator keeps the administrator role")
    if errors:
        raise ValidationFailed("the user was not changed", code="user_not_changed", field_errors=errors)
    assert role_value is not None  # an unknown role is among the errors above
    before = user_snapshot(user)
    user.name = name.strip()
    user.role = role_value.value
    user.institution_id = institution.id if institution else None
    user.ministry = ministry or None
    user.language = language
    after = user_snapshot(user)
    if after != before:
        session.flush()
        audit.record(session, actor, "user.update", "user", user.id, before=before, after=after,
                     institution_id=user.institution_id)
    return user


def set_user_active(session: Session, actor: Principal, user_id: int, active: bool) -> User:
    """Deactivates a user (their browser sessions end and their API tokens are revoked: a signed-in
    deactivated user is signed out at the next request) or lets them sign in again.

    An administrator cannot deactivate themselves, nor the last active administrator.
    """
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("only an administrator can deactivate users", code="role_not_allowed")
    user = get_user(session, user_id)
    if user.active == active:
        return user
    if not active:
        if user.id == actor.user_id:
            raise Conflict("you cannot deactivate yourself", code="deactivate_self")
        if user.role == Role.ADMIN.value and not _other_active_admins(session, user):
            raise Conflict("the last active administrator cannot be deactivated", code="last_administrator")
    user.active = active
    ended = 0
    if not active:
        ended = session.scalar(select(func.count()).select_from(WebSession).where(WebSession.user_id == user.id)) or 0
        session.execute(delete(WebSession).where(WebSession.user_id == user.id))
        session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                        .values(revoked_at=utcnow()))
    session.flush()
    audit.record(session, actor, "user.deactivate" if not active else "user.reactivate", "user", user.id,
                 before={"active": not active}, after={"active": active, "sessions_ended": ended},
                 institution_id=user.institution_id)
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    try:
        email = normalise_email(email)
    except ValidationFailed:
        verify_password(dummy_hash(), password)
        return None
    user = session.scalar(select(User).where(User.email == email))
    if user is None or not user.active:
        verify_password(dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def start_web_session(session: Session, user: User, hours: int) -> tuple[str, WebSession]:
    """A fresh session id on every sign-in, so a planted id can never be carried into one."""
    token = secrets.token_urlsafe(32)
    web_session = WebSession(
        token_digest=digest(token),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=utcnow() + timedelta(hours=hours),
    )
    user.last_login_at = utcnow()
    session.add(web_session)
    session.flush()
    audit.record(session, Principal.for_user(user), "user.sign_in", "user", user.id,
                 institution_id=user.institution_id)
    return token, web_session


def web_session_for(session: Session, token: str | None) -> WebSession | None:
    if not token:
        return None
    web_session = session.scalar(select(WebSession).where(WebSession.token_digest == digest(token)))
    if web_session is None or web_session.expires_at <= utcnow() or not web_session.user.active:
        return None
    return web_session


@dataclass(frozen=True)
class SignedIn:
    """Who a browser session belongs to: what every signed-in request needs, and no more."""

    id: int  # the user's, as on User: Principal.for_user takes either
    email: str
    name: str
    role: str
    institution_id: int | None
    institution_name: str | None
    institution_name_nl: str | None
    ministry: str | None
    language: str
    csrf_token: str
    unread_notices: int = 0


def signed_in(session: Session, token: str | None) -> SignedIn | None:
    """The live session's user, for every signed-in request: one row, where web_session_for loads
    the session, its user, their institution and its organisation as entities (with its names in
    a second query), which a page only needs to show one name."""
    if not token:
        return None
    row = session.execute(_signed_in_statement(), {"digest": digest(token)}).one_or_none()
    if row is None or row.expires_at <= utcnow() or not row.active:
        return None
    return SignedIn(
        id=row.id, email=row.email, name=row.name, role=row.role, institution_id=row.institution_id,
        institution_name=row.institution_name, institution_name_nl=row.institution_name_nl, ministry=row.ministry,
        language=row.language,
        csrf_token=row.csrf_token, unread_notices=row.unread_notices,
    )


@lru_cache(maxsize=None)
def _signed_in_statement():
    # The bell on every page counts the unread notices in the same statement (an index covers it).
    unread = (select(func.count()).select_from(Notification)
              .where(Notification.user_id == User.id, Notification.read_at.is_(None))
              .correlate(User).scalar_subquery())
    # The institution's Dutch name, for the Dutch pages (Organisation.name_in).
    dutch = (select(OrganisationName.value)
             .where(OrganisationName.organisation_id == Organisation.id, OrganisationName.kind == "translated",
                    func.lower(OrganisationName.language).like("nl%"))
             .order_by(OrganisationName.id).limit(1).correlate(Organisation).scalar_subquery())
    return (
        select(WebSession.csrf_token, WebSession.expires_at, User.id, User.email, User.name,
               User.role, User.institution_id, User.ministry, User.language, User.active,
               Organisation.name.label("institution_name"), dutch.label("institution_name_nl"),
               unread.label("unread_notices"))
        .join(User, User.id == WebSession.user_id)
        .outerjoin(Institution, Institution.id == User.institution_id)
        .outerjoin(Organisation, Organisation.id == Institution.organisation_id)
        .where(WebSession.token_digest == bindparam("digest"))
    )


def end_web_session(session: Session, token: str | None) -> None:
    web_session = web_session_for(session, token)
    if web_session is not None:
        user = web_session.user
        session.delete(web_session)
        audit.record(session, Principal.for_user(user), "user.sign_out", "user", user.id,
                     institution_id=user.institution_id)


def create_api_token(session: Session, actor: Principal, user: User, name: str) -> str:
    """Returns the token once; only its digest is kept."""
    if not actor.is_system and actor.user_id != user.id and not actor.has_role(Role.ADMIN):
        raise Forbidden("you can only create tokens for yourself", code="role_not_allowed")
    token = "ksd_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name.strip() or "token", token_digest=digest(token), prefix=token[:8])
    session.add(row)
    session.flush()
    audit.record(session, actor, "api_token.create", "api_token", row.id,
                 after={"user_id": user.id, "name": row.name, "prefix": row.prefix},
                 institution_id=user.institution_id)
    return token


def active_api_token(session: Session, token: str) -> ApiToken | None:
    """The token (and its user, loaded with it) if it may be used; reads only: its use is recorded
    apart (accounts.token_use), so that API reads never write."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_digest == digest(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    return row


def get_user_by_email(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise NotFound(f"no user with e-mail {email}", code="user_not_found")
    return user


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} not found", code="user_not_found")
    return user


def list_users(session: Session, actor: Principal) -> list[User]:
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("only an administrator can list users", code="role_not_allowed")
    return list(session.scalars(select(User).order_by(User.name, User.id)))


def list_api_tokens(session: Session, user_id: int) -> list[ApiToken]:
    stmt = select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    return list(session.scalars(stmt))


def revoke_api_token(session: Session, actor: Principal, token_id: int) -> ApiToken:
    """Only the owner (or an administrator) may revoke; anyone else is told it does not exist."""
    row = session.get(ApiToken, token_id)
    if row is None or (row.user_id != actor.user_id and not actor.has_role(Role.ADMIN)):
        raise NotFound(f"API token {token_id} not found", code="token_not_found")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(session, actor, "api_token.revoke", "api_token", row.id,
                     before={"revoked": False}, after={"revoked": True}, institution_id=row.user.institution_id)
    return row

"""Argon2id password hashing (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MIN_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


_dummy_hashes: dict[int, str] = {}


def dummy_hash() -> str:
    """A fixed hash to verify against when the e-mail is unknown, so a sign-in with an unknown
    address takes as long as one with a wrong password. Made on first use, not at import: at
    its cost it took a quarter of a second of every process's start, the command line's too."""
    key = id(_hasher)  # made with the hasher in use, whose cost a check then takes
    if key not in _dummy_hashes:
        _dummy_hashes[key] = _hasher.hash("not-a-real-password-0")
    return _dummy_hashes[key]

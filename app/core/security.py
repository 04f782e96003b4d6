"""Password hashing and token material, free of any web framework.

Passwords use argon2id (memory-hard). API tokens are random and only their keyed hash is stored,
so a database leak does not leak usable tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@lru_cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


# A real hash to verify against when the user does not exist, so timing does not reveal it.
_DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$"
    "Qm9ndXNIYXNoRm9yVGltaW5nT25seUJvZ3VzSGFzaEZvcg"
)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; always spends the same work, even for unknown users."""
    try:
        return _hasher().verify(password_hash or _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str, secret_key: str) -> str:
    """The keyed hash under which a token is stored and looked up."""
    return hmac.new(secret_key.encode(), token.encode(), hashlib.sha256).hexdigest()

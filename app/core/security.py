"""Password hashing and token material, free of any web framework.

Passwords use argon2id (memory-hard). API tokens are random and only their keyed hash is stored,
so a database leak does not leak usable tokens.

Each argon2 computation takes 64 MiB for a good part of a second, so a burst of sign-ins could
take the process's memory: at most `PasswordGate.limit` run at once in a process, the rest
queue for a bounded time and are then refused (`PasswordChecksBusy`). A check for an unknown
username runs against a dummy hash of the same cost, through the same gate.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@lru_cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


class PasswordChecksBusy(Exception):
    """Every slot stayed taken for the whole wait: try again after `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"every password slot stayed busy; retry after {retry_after} s")
        self.retry_after = retry_after


class PasswordGate:
    """A counting semaphore whose size can change while in use (each app sets it at start).

    One per process, not per app: the memory it guards is the process's.
    """

    def __init__(self, limit: int = 4, wait_seconds: float = 10.0) -> None:
        self._free = threading.Condition()
        self._active = 0
        self.limit, self.wait_seconds = limit, wait_seconds

    def configure(self, limit: int, wait_seconds: float) -> None:
        with self._free:
            self.limit, self.wait_seconds = max(1, limit), max(0.0, wait_seconds)
            self._free.notify_all()

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._free:
            deadline = time.monotonic() + self.wait_seconds
            while self._active >= self.limit:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PasswordChecksBusy(max(1, math.ceil(self.wait_seconds)))
                self._free.wait(remaining)
            self._active += 1
        try:
            yield
        finally:
            with self._free:
                self._active -= 1
                self._free.notify()


GATE = PasswordGate()


def hash_password(password: str) -> str:
    with GATE.slot():
        return _hasher().hash(password)


@lru_cache
def _dummy_hash() -> str:
    """A real hash of a random password, made by the hasher itself so that its cost is the same
    as a real user's: checked when the user does not exist, so timing does not reveal it."""
    return _hasher().hash(secrets.token_urlsafe(16))


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; always spends the same work, even for unknown users."""
    with GATE.slot():
        try:
            return _hasher().verify(password_hash or _dummy_hash(), password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str, secret_key: str) -> str:
    """The keyed hash under which a token is stored and looked up."""
    return hmac.new(secret_key.encode(), token.encode(), hashlib.sha256).hexdigest()

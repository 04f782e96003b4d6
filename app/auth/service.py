"""Authentication and user management: who may call, and with which token."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.administrations.models import Administration
from app.audit import chain as audit_chain
from app.auth import throttle
from app.auth.models import ApiToken, User
from app.core import security
from app.core.base import utcnow
from app.core.db import Database
from app.core.problems import P_, AppError, Conflict, Forbidden, NotFound, Unauthorized

ROLES = ("designer", "approver", "admin")


class ReauthenticationFailed(Forbidden):
    type, title = "reauthentication-failed", P_("Password check failed")


class PasswordChecksBusy(AppError):
    """Every password slot of the process stayed taken for the whole wait (see `security`)."""

    status, type, title = 503, "password-checks-busy", P_("Too many sign-ins at once")

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Too many passwords are being checked at once; try again in {retry_after} seconds",
            retry_after=retry_after,
        )
        self.headers = {"Retry-After": str(retry_after)}


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return security.verify_password(password_hash, password)
    except security.PasswordChecksBusy as exc:
        raise PasswordChecksBusy(exc.retry_after) from exc


def _hash(password: str) -> str:
    try:
        return security.hash_password(password)
    except security.PasswordChecksBusy as exc:
        raise PasswordChecksBusy(exc.retry_after) from exc


@dataclass(frozen=True)
class Actor:
    """The caller of a request: a user acting for exactly one administration."""

    user_id: int
    username: str
    display_name: str
    administration_id: int
    administration_code: str
    roles: frozenset[str]

    def has(self, role: str) -> bool:
        return role in self.roles

    @classmethod
    def of(cls, user: User, administration_code: str) -> Actor:
        """The actor a user is, acting for their administration."""
        return cls(
            user_id=user.id,
            username=user.username,
            display_name=user.display_name,
            administration_id=user.administration_id,
            administration_code=administration_code,
            roles=frozenset(user.roles),
        )


def authenticate(session: Session, username: str, password: str) -> User:
    """Check a password; unknown users cost the same time as wrong passwords."""
    user = session.scalar(select(User).where(User.username == username))
    valid = _verify(user.password_hash if user else None, password)
    if user is None or not valid or not user.is_active:
        raise Unauthorized("Wrong username or password")
    return user


def reauthenticate(database: Database, actor: Actor, password: str, client: str) -> None:
    """Ask for the password again before a sign-off; failures count toward lock-out.

    It reads in a session of its own and holds no lock while the hash is checked, so the
    caller takes the proposal's row lock only once the password is known to be right; a
    failure is recorded in its own short transaction, which the failed request's rollback
    does not undo.
    """
    with database.reader() as session:
        throttle.check(session, actor.username, client)
        user = session.get(User, actor.user_id)
        stored = user.password_hash if user is not None else None
    if stored is None or not _verify(stored, password):
        throttle.record_failure(database, actor.username, client, actor.user_id)
        raise ReauthenticationFailed("The password does not match; the decision was not recorded")


def login(database: Database, session: Session, username: str, password: str, client: str) -> User:
    """Authenticate under throttling.

    The check reads in a session of its own, so a failure can be recorded in a short
    transaction of its own that the failed request's rollback does not undo (on SQLite the
    request's write transaction, once begun, would hold the lock that record needs). Success
    clears the account's failures in the request's ``session``.
    """
    refused: Unauthorized | None = None
    with database.reader() as read:
        throttle.check(read, username, client)
        try:
            user = authenticate(read, username, password)
        except Unauthorized as failure:
            refused = failure
    if refused is not None:
        throttle.record_failure(database, username, client, None)
        raise refused
    throttle.clear(session, username)
    return user


def issue_token(session: Session, user: User, secret_key: str, ttl_seconds: int) -> str:
    token = security.new_token()
    session.add(
        ApiToken(
            user_id=user.id,
            token_hash=security.token_digest(token, secret_key),
            expires_at=utcnow() + dt.timedelta(seconds=ttl_seconds),
        )
    )
    session.flush()
    return token


# Built once: every authenticated request runs it, and only its two values change.
_ACTOR_BY_TOKEN = (
    select(
        User.id,
        User.username,
        User.display_name,
        User.administration_id,
        Administration.code,
        User.roles,
    )
    .join(ApiToken, ApiToken.user_id == User.id)
    .join(Administration, Administration.id == User.administration_id)
    .where(
        ApiToken.token_hash == bindparam("digest"),
        ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > bindparam("now"),
        User.is_active.is_(True),
    )
)


def actor_for_token(session: Session, token: str, secret_key: str) -> Actor:
    """Resolve a bearer token to its actor, refusing expired, revoked or unknown ones.

    Plain rows on the session's connection: the actor is a value, so no ORM object (and
    no identity map) is built for the one lookup every authenticated request makes.
    """
    digest = security.token_digest(token, secret_key)
    parameters = {"digest": digest, "now": utcnow()}
    row = session.connection().execute(_ACTOR_BY_TOKEN, parameters).first()
    if row is None:
        raise Unauthorized("The token is invalid, expired or revoked")
    user_id, username, display_name, administration_id, code, roles = row
    return Actor(
        user_id=user_id,
        username=username,
        display_name=display_name,
        administration_id=administration_id,
        administration_code=code,
        roles=frozenset(roles),
    )


def revoke_token(session: Session, token: str, secret_key: str) -> None:
    session.execute(
        update(ApiToken)
        .where(ApiToken.token_hash == security.token_digest(token, secret_key))
        .values(revoked_at=utcnow())
    )


def administration_by_code(session: Session, code: str) -> Administration:
    admin = session.scalar(select(Administration).where(Administration.code == code.upper()))
    if admin is None:
        raise NotFound(f"Unknown administration {code!r}")
    return admin


def create_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    password: str,
    roles: list[str],
    administration: Administration,
    created_by: Actor | None,
    email: str | None = None,
) -> User:
    """Create a user; the username is unique across every administration."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise Conflict(f"Unknown roles: {', '.join(sorted(unknown))}")
    user = User(
        username=username,
        display_name=display_name,
        administration_id=administration.id,
        roles=sorted(set(roles)),
        password_hash=_hash(password),
        email=email,
    )
    try:
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError as exc:
        raise Conflict(f"The username {username!r} is taken") from exc
    audit_chain.append(
        session,
        stream=f"administration:{administration.code}",
        kind="user_created",
        actor_id=created_by.user_id if created_by else None,
        actor=created_by.username if created_by else "system",
        data={"username": username, "roles": user.roles},
    )
    return user

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


class LastAdmin(Conflict):
    type, title = "last-admin", P_("The last administrator cannot be removed")


def all_administrations(session: Session) -> list[Administration]:
    return list(session.scalars(select(Administration).order_by(Administration.code)))


def users_of(session: Session, administration_id: int) -> list[User]:
    """The administration's users, by username."""
    stmt = select(User).where(User.administration_id == administration_id).order_by(User.username)
    return list(session.scalars(stmt))


def user_of(session: Session, actor: Actor, user_id: int, *, for_update: bool = False) -> User:
    """A user of the actor's own administration, or 404: another administration's people are
    not revealed, as its proposals are not."""
    stmt = select(User).where(User.id == user_id, User.administration_id == actor.administration_id)
    if for_update:
        stmt = stmt.with_for_update(key_share=True).execution_options(populate_existing=True)
    user = session.scalar(stmt)
    if user is None:
        raise NotFound(f"No user {user_id}")
    return user


def user_named(session: Session, username: str, *, for_update: bool = False) -> User:
    """Any user by username (the command line acts for every administration)."""
    stmt = select(User).where(User.username == username)
    if for_update:
        stmt = stmt.with_for_update(key_share=True).execution_options(populate_existing=True)
    user = session.scalar(stmt)
    if user is None:
        raise NotFound(f"No user {username!r}")
    return user


@dataclass(frozen=True)
class AccountChange:
    """What an administrator changes of a person: active or not, and their roles."""

    is_active: bool | None = None
    roles: tuple[str, ...] | None = None


def _is_admin(user: User) -> bool:
    return user.is_active and "admin" in user.roles


def change_account(
    session: Session, user: User, change: AccountChange, *, by: Actor | None
) -> dict[str, object]:
    """Deactivate, reactivate or change the roles of `user`; returns what changed.

    The administration's row is locked first, so two admins removing each other at once
    queue, and the second sees the first's change: an administration always keeps one
    active admin (409 otherwise). Deactivation revokes every token and studio session of the
    person, so they stop at once and stay stopped if the account is reactivated. Each change
    is an event of the administration's audit trail, in the same transaction.
    """
    if change.roles is not None:
        unknown = set(change.roles) - set(ROLES)
        if unknown:
            raise Conflict(f"Unknown roles: {', '.join(sorted(unknown))}")
    # FOR NO KEY UPDATE (key_share): rows that merely reference the administration or the
    # person (a review, a notification) are still written meanwhile, so an approver's decision
    # that holds a proposal's lock never waits on this one while it waits on that proposal.
    administration = session.scalar(
        select(Administration)
        .where(Administration.id == user.administration_id)
        .with_for_update(key_share=True)
    )
    assert administration is not None  # noqa: S101 - the foreign key guarantees it
    session.refresh(user)  # as committed once the administration's lock is held
    before = {"is_active": user.is_active, "roles": list(user.roles)}
    active = user.is_active if change.is_active is None else change.is_active
    roles = list(user.roles) if change.roles is None else sorted(set(change.roles))
    if _is_admin(user) and not (active and "admin" in roles):
        others = [u for u in users_of(session, administration.id) if u.id != user.id]
        if not any(_is_admin(u) for u in others):
            raise LastAdmin(
                f"{user.username} is the last active administrator of {administration.code}; "
                "give another person the admin role first",
                username=user.username,
            )
    user.is_active, user.roles = active, roles
    after = {"is_active": user.is_active, "roles": list(user.roles)}
    changed = {k: after[k] for k in after if after[k] != before[k]}
    if not changed:
        return {}
    if before["is_active"] and not user.is_active:
        session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    session.flush()
    kind = (
        ("user_deactivated" if not user.is_active else "user_reactivated")
        if "is_active" in changed
        else "user_roles_changed"
    )
    audit_chain.append(
        session,
        stream=f"administration:{administration.code}",
        kind=kind,
        actor_id=by.user_id if by else None,
        actor=by.username if by else "system",
        data={"username": user.username, "before": before, "after": after},
    )
    return changed

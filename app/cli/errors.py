"""What the `stamps` command prints when it cannot do its work: one line, never a traceback.

An operator who mistypes an administration or starts a command while the database is down
needs to read what is wrong and what to do, not 30 lines of Python. Commands raise freely;
`guarded` is the one place that turns the failures we know into `stamps: <what>. <do>` on
stderr and an exit status. Anything else is a bug, and keeps its traceback.

Exit statuses: 1 the command was refused (nothing was changed), 2 the configuration or the
input is wrong, 3 a service it needs (database, object storage) does not answer.

The exception types are looked up in `sys.modules`, never imported here: a failure of a
library the command never loaded cannot have happened, and `stamps --help` stays light.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

REFUSED, CONFIGURATION, UNAVAILABLE = 1, 2, 3


class CommandError(Exception):
    """A failure a command explains itself: what is wrong, what to do, the exit status."""

    def __init__(self, what: str, todo: str, status: int = CONFIGURATION) -> None:
        super().__init__(what)
        self.what = what
        self.todo = todo
        self.status = status

    @property
    def line(self) -> str:
        return f"stamps: {self.what.rstrip('.')}. {self.todo}"


def guarded(command: Callable[[], Any]) -> None:
    """Run the command; a known failure becomes one line on stderr and a non-zero exit."""
    try:
        command()
    except Exception as exc:
        known = explain(exc)
        if known is None:
            raise
        print(known.line, file=sys.stderr)  # noqa: T201 - the command's own error output
        sys.exit(known.status)


def explain(exc: BaseException) -> CommandError | None:
    """The one-line explanation of a failure we know, or None for a bug."""
    if isinstance(exc, CommandError):
        return exc
    checks = (
        _app_error,
        _settings_error,
        _input_error,
        _database_error,
        _storage_error,
        _alembic_error,
    )
    for check in checks:
        found = check(exc)
        if found is not None:
            return found
    return None


def _loaded(module: str, name: str) -> type[BaseException] | None:
    found = getattr(sys.modules.get(module), name, None)
    return found if isinstance(found, type) and issubclass(found, BaseException) else None


def _is(exc: BaseException, module: str, name: str) -> bool:
    kind = _loaded(module, name)
    return kind is not None and isinstance(exc, kind)


_APP_TODO = {
    "not-found": "Check the spelling; the administrations are those of "
    "designs/administrations.json, loaded by `stamps db upgrade`. Nothing was changed",
    "conflict": "Nothing was changed; choose another value or leave it as it is",
    "last-admin": "Nothing was changed; give another person of that administration the admin "
    "role first (`stamps users roles NAME --set admin`)",
}


def _app_error(exc: BaseException) -> CommandError | None:
    """A rule of the service refused the command (the same refusal the API answers)."""
    if not _is(exc, "app.core.problems", "AppError"):
        return None
    todo = _APP_TODO.get(getattr(exc, "type", ""), "Nothing was changed")
    return CommandError(str(exc), todo, REFUSED)


def _settings_error(exc: BaseException) -> CommandError | None:
    """A setting from the environment is missing or wrong: name the variable."""
    if not _is(exc, "pydantic_core", "ValidationError") or getattr(exc, "title", "") != "Settings":
        return None
    parts = validation_parts(
        exc, lambda field: field if field == "DATABASE_URL" else f"STAMPS_{field.upper()}"
    )
    secret = any("SECRET_KEY" in part for part in parts)
    todo = (
        "Set STAMPS_SECRET_KEY to a long random value, e.g. the output of "
        '`python -c "import secrets; print(secrets.token_urlsafe(32))"`'
        if secret
        else "Correct the environment variable and run the command again"
    )
    return CommandError("the settings are not valid: " + "; ".join(parts), todo)


def _input_error(exc: BaseException) -> CommandError | None:
    """Input a command passes to the service's own schemas (a new user's fields)."""
    if not _is(exc, "pydantic_core", "ValidationError"):
        return None
    return CommandError(
        "not valid: " + "; ".join(validation_parts(exc, lambda field: field)),
        "Correct it and run the command again; nothing was changed",
    )


def validation_parts(exc: BaseException, name: Callable[[str], str]) -> list[str]:
    """Each error of a pydantic ValidationError as `field: message`, fields renamed by NAME."""
    parts = []
    for error in exc.errors():  # type: ignore[attr-defined]  # a pydantic ValidationError
        message = str(error["msg"]).removeprefix("Value error, ")
        field = ".".join(str(part) for part in error["loc"])
        parts.append(f"{name(field)}: {message}" if field else message)
    return parts


def _database_error(exc: BaseException) -> CommandError | None:
    """The database does not answer, or answers without the tables (never migrated)."""
    if not _is(exc, "sqlalchemy.exc", "DBAPIError"):
        return None
    reason = _first_line(getattr(exc, "orig", None) or exc)
    if "no such table" in reason or ("relation" in reason and "does not exist" in reason):
        return CommandError(
            f"the database has no tables yet ({reason})",
            "Run `stamps db upgrade` first",
        )
    if not (
        _is(exc, "sqlalchemy.exc", "OperationalError")
        or _is(exc, "sqlalchemy.exc", "InterfaceError")
    ):
        return None
    return CommandError(
        f"the database does not answer ({reason})",
        "Check DATABASE_URL and that the database server is running, then run the command "
        "again; nothing was changed",
        UNAVAILABLE,
    )


def _storage_error(exc: BaseException) -> CommandError | None:
    """Object storage (S3): no such bucket, no credentials, or no answer at the endpoint."""
    if _is(exc, "botocore.exceptions", "ClientError"):
        error = getattr(exc, "response", {}).get("Error", {})
        if error.get("Code") in {"NoSuchBucket", "404"}:
            return CommandError(
                f"the object storage bucket does not exist ({error.get('BucketName') or exc})",
                "Create the bucket or correct STAMPS_S3_BUCKET and STAMPS_S3_ENDPOINT_URL",
            )
        if error.get("Code") in {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"}:
            return CommandError(
                f"object storage refused the credentials ({error.get('Code')})",
                "Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY and the bucket's policy",
            )
        return None
    if _is(exc, "botocore.exceptions", "NoCredentialsError"):
        return CommandError(
            "no credentials for object storage",
            "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or an AWS profile)",
        )
    if _is(exc, "botocore.exceptions", "EndpointConnectionError") or _is(
        exc, "botocore.exceptions", "ConnectTimeoutError"
    ):
        return CommandError(
            f"object storage does not answer ({_first_line(exc)})",
            "Check STAMPS_S3_ENDPOINT_URL and that the storage service is running",
            UNAVAILABLE,
        )
    return None


def _alembic_error(exc: BaseException) -> CommandError | None:
    """A revision Alembic does not know (`stamps db upgrade typo`)."""
    if not _is(exc, "alembic.util.exc", "CommandError"):
        return None
    return CommandError(
        f"the migration tool refused: {_first_line(exc)}",
        "Name a revision of migrations/versions, or `head` for the newest",
    )


def _first_line(exc: object) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__

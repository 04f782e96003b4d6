"""`stamps users`: accounts made and changed from the command line (the first admin of an
administration, or a person who leaves when no admin is at hand).

An account made or changed here obeys the same rules as through `POST /users` and
`PATCH /users/{id}` (the bodies are validated by the API's own schemas, the change goes
through the same flow: tokens revoked, pending approvals lapsed, the last admin kept), so
the command line is no way around them. Its changes are recorded as made by "system".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import click
import typer

from app.cli import common

if TYPE_CHECKING:
    from app.auth.service import AccountChange

app = typer.Typer(help="Users", no_args_is_help=True)


def _password_rule(ctx: click.Context, value: str) -> str:
    """Refuse a password the API would refuse; at the prompt, ask again instead."""
    from pydantic import TypeAdapter, ValidationError

    from app.auth.schemas import PASSWORD_MIN_LENGTH, Password
    from app.cli.errors import CommandError

    try:
        return TypeAdapter(Password).validate_python(value)
    except ValidationError:
        rule = f"a password needs at least {PASSWORD_MIN_LENGTH} characters (and at most 200)"
        if ctx.get_parameter_source("password") is click.core.ParameterSource.PROMPT:
            raise typer.BadParameter(rule) from None
        raise CommandError(
            f"--password refused: {rule}", "Choose a longer password; nothing was changed"
        ) from None


@app.command("add")
def users_add(
    username: str,
    administration: Annotated[str, typer.Option("--administration", "-a")],
    role: Annotated[list[str], typer.Option("--role", "-r")],
    display_name: Annotated[str | None, typer.Option("--name")] = None,
    email: Annotated[
        str | None, typer.Option("--email", help="where notifications are mailed")
    ] = None,
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, callback=_password_rule
        ),
    ] = "",
) -> None:
    """Create a user of ADMINISTRATION with the given roles."""
    from app.auth import service as auth
    from app.auth.schemas import UserCreate

    body = UserCreate(
        username=username,
        display_name=display_name or username,
        password=password,
        roles=role,  # validated here, as the API does
        email=email,
    )
    database = common.open_database(common.settings())
    try:
        with database.writer() as session:
            admin = auth.administration_by_code(session, administration)
            user = auth.create_user(
                session,
                username=body.username,
                display_name=body.display_name,
                password=body.password,
                roles=list(body.roles),
                administration=admin,
                created_by=None,
                email=body.email,
            )
            session.commit()
            typer.echo(f"created {user.username} ({admin.code}: {', '.join(user.roles)})")
    finally:
        database.engine.dispose()


@app.command("list")
def users_list(
    administration: Annotated[str | None, typer.Option("--administration", "-a")] = None,
) -> None:
    """List the users (of ADMINISTRATION), with their roles and whether they are active."""
    from app.auth import service as auth

    database = common.open_database(common.settings())
    try:
        with database.reader() as session:
            if administration is None:
                chosen = list(auth.all_administrations(session))
            else:
                chosen = [auth.administration_by_code(session, administration)]
            for admin in chosen:
                for user in auth.users_of(session, admin.id):
                    state = "active" if user.is_active else "deactivated"
                    typer.echo(f"{user.username}\t{admin.code}\t{','.join(user.roles)}\t{state}")
    finally:
        database.engine.dispose()


def _change(username: str, change: AccountChange) -> None:
    """Apply one change to USERNAME through the people-change flow, and say what it did."""
    from app.auth import service as auth
    from app.cli.errors import REFUSED, CommandError
    from app.core.problems import NotFound
    from app.flows import people

    database = common.open_database(common.settings())
    try:
        with database.writer() as session:
            try:
                user = auth.user_named(session, username, for_update=True)
            except NotFound:
                raise CommandError(
                    f"no user {username!r}",
                    "Check the name with `stamps users list`; nothing was changed",
                    REFUSED,
                ) from None
            outcome = people.change(session, user, change, by=None)
            session.commit()
            state = "active" if user.is_active else "deactivated"
            what = "changed" if outcome.changed else "unchanged"
            typer.echo(f"{what} {user.username}: {state}, roles {', '.join(user.roles)}")
            for proposal_id, codes in sorted(outcome.lapsed.items()):
                typer.echo(
                    f"proposal {proposal_id}: the approval for {', '.join(codes)} "
                    "no longer counts and is needed again"
                )
    finally:
        database.engine.dispose()


@app.command("deactivate")
def users_deactivate(username: str) -> None:
    """Deactivate USERNAME: tokens and studio sessions stop at once, approvals still in
    review stop counting."""
    from app.auth.service import AccountChange

    _change(username, AccountChange(is_active=False))


@app.command("reactivate")
def users_reactivate(username: str) -> None:
    """Let USERNAME sign in again (earlier sessions stay ended, lapsed approvals lapsed)."""
    from app.auth.service import AccountChange

    _change(username, AccountChange(is_active=True))


@app.command("roles")
def users_roles(
    username: str,
    roles: Annotated[
        str, typer.Option("--set", help="every role the person keeps, e.g. approver,designer")
    ],
) -> None:
    """Set the roles of USERNAME; a role removed takes effect at once."""
    from app.auth.schemas import UserChange
    from app.auth.service import AccountChange

    # Validated by the API's own schema, so an unknown or empty list is refused the same way.
    body = UserChange(roles=[r.strip() for r in roles.split(",") if r.strip()])
    _change(username, AccountChange(roles=tuple(body.roles or ())))

"""`stamps users`: accounts made from the command line (the first admin of an administration).

An account made here obeys the same rules as one made through `POST /users` (the body is
validated by the API's own `UserCreate`), so the command line is no way around them.
"""

from __future__ import annotations

from typing import Annotated

import click
import typer

from app.cli import common

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

"""`stamps users`: accounts made from the command line (the first admin of an administration)."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli import common, mail

app = typer.Typer(help="Users", no_args_is_help=True)


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
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)
    ] = "",
) -> None:
    """Create a user of ADMINISTRATION with the given roles."""
    from app.auth import service as auth

    email = mail.checked_email(email)
    from app.core.settings import load_settings

    database = common.open_database(load_settings())
    with database.writer() as session:
        admin = auth.administration_by_code(session, administration)
        user = auth.create_user(
            session,
            username=username,
            display_name=display_name or username,
            password=password,
            roles=role,
            administration=admin,
            created_by=None,
            email=email,
        )
        session.commit()
        typer.echo(f"created {user.username} ({admin.code}: {', '.join(user.roles)})")
    database.engine.dispose()

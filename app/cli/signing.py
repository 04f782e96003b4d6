"""`stamps signing`: an administration's signing identity, made or imported on the server.

The same work as the admin's API routes, for an operator at the server (an administration's
first key before anyone can sign in, or a PKCS#12 file that should never travel over HTTP).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.cli import common

app = typer.Typer(help="Administrations' signing keys and certificates", no_args_is_help=True)


def _echo_identity(code: str, fingerprint: str, subject: str, origin: str) -> None:
    typer.echo(f"{code}: {origin} signing identity {subject}, SHA-256 {fingerprint}")
    typer.echo("the previous one, if any, is retired and stays published")


@app.command("new")
def signing_new(
    administration: Annotated[str, typer.Argument(help="the administration's code, e.g. PS")],
) -> None:
    """Make a new key and self-signed certificate for ADMINISTRATION (a rotation)."""
    import datetime as dt

    from app.auth import service as auth
    from app.signing import identities

    found = common.settings()
    database = common.open_database(found)
    try:
        with database.writer() as session:
            admin = auth.administration_by_code(session, administration)
            row = identities.generate(session, admin, found.secret_key, dt.datetime.now(dt.UTC))
            session.commit()
            _echo_identity(admin.code, row.fingerprint, row.subject, row.origin)
    finally:
        database.engine.dispose()


@app.command("import")
def signing_import(
    administration: Annotated[str, typer.Argument(help="the administration's code, e.g. PS")],
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="a PKCS#12 (.p12/.pfx) file")
    ],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True)] = "",
) -> None:
    """Import the key and certificate ADMINISTRATION's own certificate authority issued."""
    import datetime as dt

    from app.auth import service as auth
    from app.signing import identities

    found = common.settings()
    database = common.open_database(found)
    try:
        with database.writer() as session:
            admin = auth.administration_by_code(session, administration)
            row = identities.import_pkcs12(
                session,
                admin,
                file.read_bytes(),
                password,
                found.secret_key,
                dt.datetime.now(dt.UTC),
            )
            session.commit()
            _echo_identity(admin.code, row.fingerprint, row.subject, row.origin)
    finally:
        database.engine.dispose()

"""The `stamps` command (Typer), assembled from one module per command group.

Each module imports at its top only Typer and the standard library; a command's body imports
the service parts it uses, so `stamps --help` or `stamps proof` never loads the whole web
service, the ORM models or the migration tool.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from app.cli import audit, data, db, mail, proofs, serve, signing, users

if TYPE_CHECKING:
    from alembic.config import Config

cli = typer.Typer(help="Joint Stamp Studio", no_args_is_help=True)
cli.add_typer(db.app, name="db")
cli.add_typer(users.app, name="users")
cli.add_typer(audit.app, name="audit")
cli.add_typer(signing.app, name="signing")
cli.add_typer(mail.app, name="outbox")
for group in (serve, data, proofs, mail):
    group.register(cli)


def alembic_config(url: str) -> Config:
    """The Alembic configuration for URL (kept here for the callers that import it from here)."""
    from app.cli.common import alembic_config as make

    return make(url)


def main() -> None:
    from app.cli.errors import guarded

    guarded(cli)

"""`stamps demo`, `stamps backup`, `stamps restore`: what goes into and out of an installation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from app.cli import common

if TYPE_CHECKING:
    from app.backup.snapshot import SealingFiles
    from app.core.settings import Settings


def demo(
    catalogue: Annotated[
        int,
        typer.Option(
            "--catalogue", min=0, help="also add N synthetic catalogue entries (bulk insert)"
        ),
    ] = 0,
) -> None:
    """Load the demo administrations, accounts and the issued Palestine–Oman joint stamp."""
    from app.cli.errors import REFUSED, CommandError
    from app.demo import loader

    settings = common.settings()
    if settings.env == "production":
        raise CommandError(
            "stamps demo is refused under STAMPS_ENV=production: it makes accounts whose "
            "password is published",
            "Create the real accounts with `stamps users add`; nothing was changed",
            REFUSED,
        )
    database = common.open_database(settings)
    with database.writer() as session:
        proposal = loader.run(session, settings, common.storage(settings))
        session.commit()
        typer.echo(f"demo data ready: proposal {proposal.id} is {proposal.status}")
    if catalogue:
        from app.demo import synthetic
        from app.designs import themes

        made = synthetic.generate(
            database.engine, catalogue, themes.load(settings.designs_dir / "themes.json")
        )
        typer.echo(
            f"synthetic catalogue: {made.entries} entries, {made.joint_issues} joint issues, "
            f"{made.products} products"
        )
    database.engine.dispose()


def backup(out: Annotated[Path, typer.Argument(help="an empty or new folder")]) -> None:
    """Write a consistent snapshot of the database, its stored files and the seal key into OUT.

    OUT then holds the proof-sealing key: keep it as secret as the data folder.
    """
    from app.backup import snapshot
    from app.core.settings import load_settings

    settings = load_settings()
    database = common.open_database(settings)
    try:
        summary = snapshot.backup(
            database.engine, common.storage(settings), out, _sealing(settings)
        )
    except snapshot.BackupError as exc:
        typer.echo(f"backup refused: {exc}", err=True)
        raise typer.Exit(1) from exc
    finally:
        database.engine.dispose()
    key = " and the seal key" if summary.sealing_key else ""
    typer.echo(f"backed up {sum(summary.tables.values())} rows, {summary.files} files{key}")


def restore(source: Annotated[Path, typer.Argument(exists=True, file_okay=False)]) -> None:
    """Load a snapshot into a new installation (holding only what `stamps db upgrade` loads)."""
    from alembic import command

    from app.backup import snapshot

    settings = common.settings()
    command.upgrade(common.alembic_config(settings.sqlalchemy_url), "head")
    database = common.open_database(settings)
    try:
        summary = snapshot.restore(
            database.engine, common.storage(settings), source, _sealing(settings)
        )
    except snapshot.BackupError as exc:
        typer.echo(f"restore refused: {exc}", err=True)
        raise typer.Exit(1) from exc
    finally:
        database.engine.dispose()
    key = " and the seal key" if summary.sealing_key else ""
    typer.echo(f"restored {sum(summary.tables.values())} rows, {summary.files} files{key}")


def _sealing(settings: Settings) -> SealingFiles:
    from app.backup.snapshot import SealingFiles

    return SealingFiles(settings.signing_key_path, settings.signing_cert_path)


def register(cli: typer.Typer) -> None:
    for command in (demo, backup, restore):
        cli.command()(command)

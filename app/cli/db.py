"""`stamps db`: move the schema to a revision (run before new code serves)."""

from __future__ import annotations

import typer

from app.cli import common

app = typer.Typer(help="Database schema", no_args_is_help=True)


@app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from alembic import command

    from app.administrations import seed

    settings = common.settings()
    command.upgrade(common.alembic_config(settings.sqlalchemy_url), revision)
    database = common.open_database(settings)
    with database.writer() as session:
        count = seed.load(session, settings.designs_dir / "administrations.json")
        session.commit()
    database.engine.dispose()
    typer.echo(f"database at {revision}; {count} administrations loaded")


@app.command("downgrade")
def db_downgrade(revision: str) -> None:
    """Undo migrations down to REVISION (`base` empties the schema)."""
    from alembic import command

    from app.core.settings import load_settings

    settings = load_settings()
    command.downgrade(common.alembic_config(settings.sqlalchemy_url), revision)
    typer.echo(f"database at {revision}")

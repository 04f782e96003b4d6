"""The `stamps` command: serve, migrate, manage users, load demo data, verify the audit chain."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from alembic import command
from alembic.config import Config

from app import all_models
from app.core.db import Database
from app.core.settings import PROJECT_ROOT, Settings, load_settings
from app.storage.factory import make_storage

assert all_models.metadata is not None  # noqa: S101 - every table mapped before any query
cli = typer.Typer(help="Joint Stamp Studio", no_args_is_help=True)
db_cli = typer.Typer(help="Database schema", no_args_is_help=True)
users_cli = typer.Typer(help="Users", no_args_is_help=True)
audit_cli = typer.Typer(help="Audit trail", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(users_cli, name="users")
cli.add_typer(audit_cli, name="audit")


def alembic_config(url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["url"] = url
    return config


def _prepare(settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)


@db_cli.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    settings = load_settings()
    _prepare(settings)
    command.upgrade(alembic_config(settings.sqlalchemy_url), revision)
    from app.administrations import seed

    database = Database.connect(settings.sqlalchemy_url)
    with database.writer() as session:
        count = seed.load(session, settings.designs_dir / "administrations.json")
        session.commit()
    database.engine.dispose()
    typer.echo(f"database at {revision}; {count} administrations loaded")


@db_cli.command("downgrade")
def db_downgrade(revision: str) -> None:
    """Undo migrations down to REVISION (`base` empties the schema)."""
    settings = load_settings()
    command.downgrade(alembic_config(settings.sqlalchemy_url), revision)
    typer.echo(f"database at {revision}")


@cli.command()
def serve(
    host: Annotated[str, typer.Option(envvar="HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            envvar="STAMPS_WORKERS", min=1, help="server processes (one per CPU is usual)"
        ),
    ] = 1,
) -> None:
    """Serve the API and pages.

    Several workers are separate processes sharing the database and the files: the key is
    created under a file lock, and start-up sweeps spare anything younger than the grace
    period, so a worker starting late never removes another one's upload in progress.
    """
    import uvicorn

    from app.main import create_app

    settings = load_settings()
    _prepare(settings)
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port)
    else:
        uvicorn.run("app.main:create_app", factory=True, host=host, port=port, workers=workers)


@cli.command()
def demo(
    catalogue: Annotated[
        int,
        typer.Option(
            "--catalogue", min=0, help="also add N synthetic catalogue entries (bulk insert)"
        ),
    ] = 0,
) -> None:
    """Load the demo administrations, accounts and the issued Palestine–Oman joint stamp."""
    from app.demo import loader

    settings = load_settings()
    _prepare(settings)
    database = Database.connect(settings.sqlalchemy_url)
    with database.writer() as session:
        proposal = loader.run(session, settings, make_storage(settings))
        session.commit()
        typer.echo(f"demo data ready: proposal {proposal.id} is {proposal.status}")
    if catalogue:
        from app.catalogue import themes
        from app.demo import synthetic

        made = synthetic.generate(
            database.engine, catalogue, themes.load(settings.designs_dir / "themes.json")
        )
        typer.echo(
            f"synthetic catalogue: {made.entries} entries, {made.joint_issues} joint issues, "
            f"{made.products} products"
        )
    database.engine.dispose()


@cli.command()
def proof(
    design: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="design folder")],
    kind: Annotated[
        list[str], typer.Option("--kind", "-k", help="review, stamp, sheet or press")
    ] = ["review"],  # noqa: B006 - Typer reads the default, never mutates it
    out: Annotated[Path, typer.Option("--out", "-o")] = Path("proofs"),
) -> None:
    """Render proofs of a design folder (issue.json + artwork) without a server."""
    from app.proofs import offline

    settings = load_settings()
    unknown = set(kind) - {"review", "stamp", "sheet", "press"}
    if unknown:
        raise typer.BadParameter(f"unknown kind: {', '.join(sorted(unknown))}")
    request = offline.design_request(design, settings.designs_dir)
    todo = [job for k in kind for job in offline.jobs(request, k)]
    with typer.progressbar(todo, label="rendering", show_pos=True) as bar:
        for job in bar:
            offline.render(job, out)
    for job in todo:
        typer.echo(out / job.name)


@cli.command()
def backup(out: Annotated[Path, typer.Argument(help="an empty or new folder")]) -> None:
    """Write a consistent snapshot of the database and every stored file into OUT."""
    from app.backup import snapshot

    settings = load_settings()
    database = Database.connect(settings.sqlalchemy_url)
    try:
        summary = snapshot.backup(database.engine, make_storage(settings), out)
    except snapshot.BackupError as exc:
        typer.echo(f"backup refused: {exc}", err=True)
        raise typer.Exit(1) from exc
    finally:
        database.engine.dispose()
    typer.echo(f"backed up {sum(summary.tables.values())} rows and {summary.files} files")


@cli.command()
def restore(source: Annotated[Path, typer.Argument(exists=True, file_okay=False)]) -> None:
    """Load a snapshot into an empty installation (migrated to the snapshot's revision)."""
    from app.backup import snapshot

    settings = load_settings()
    _prepare(settings)
    command.upgrade(alembic_config(settings.sqlalchemy_url), "head")
    database = Database.connect(settings.sqlalchemy_url)
    try:
        summary = snapshot.restore(database.engine, make_storage(settings), source)
    except snapshot.BackupError as exc:
        typer.echo(f"restore refused: {exc}", err=True)
        raise typer.Exit(1) from exc
    finally:
        database.engine.dispose()
    typer.echo(f"restored {sum(summary.tables.values())} rows and {summary.files} files")


@users_cli.command("add")
def users_add(
    username: str,
    administration: Annotated[str, typer.Option("--administration", "-a")],
    role: Annotated[list[str], typer.Option("--role", "-r")],
    display_name: Annotated[str | None, typer.Option("--name")] = None,
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)
    ] = "",
) -> None:
    """Create a user of ADMINISTRATION with the given roles."""
    from app.auth import service as auth

    settings = load_settings()
    database = Database.connect(settings.sqlalchemy_url)
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
        )
        session.commit()
        typer.echo(f"created {user.username} ({admin.code}: {', '.join(user.roles)})")
    database.engine.dispose()


@audit_cli.command("verify")
def audit_verify() -> None:
    """Walk every audit chain; exit 1 and name each break if any event was altered."""
    from app.audit import chain

    settings = load_settings()
    database = Database.connect(settings.sqlalchemy_url)
    with database.reader() as session:
        checked, breaks = chain.verify(session)
    database.engine.dispose()
    for b in breaks:
        typer.echo(f"BROKEN {b.stream} seq {b.seq} (event {b.event_id}): {b.reason}", err=True)
    if breaks:
        raise typer.Exit(1)
    typer.echo(f"audit chain intact: {checked} events")


@cli.command("verify-proof")
def verify_proof(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a sealed proof PDF")],
    cert: Annotated[
        Path | None, typer.Option("--cert", help="the service certificate (default: settings)")
    ] = None,
) -> None:
    """Check a sealed proof against the service certificate; exit 1 on any change."""
    import logging

    from app.signing import keys, verify

    # pyHanko logs each refused modification with a traceback; the report below says it plainly.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    settings = load_settings()
    cert_path = cert or settings.signing_cert_path
    if not cert_path.is_file():
        typer.echo(f"no service certificate at {cert_path}", err=True)
        raise typer.Exit(2)
    report = verify.verify(file.read_bytes(), keys.load_certificate(cert_path))
    for number, found in enumerate(report.signatures, start=1):
        when = found.signed_at.isoformat() if found.signed_at else "no time"
        state = "intact" if found.intact else "BROKEN: " + "; ".join(found.problems)
        typer.echo(
            f"{number}. {found.field}: {found.name} | {found.administration} | "
            f"{found.meaning} | {when} | {state}"
        )
    for problem in report.problems:
        typer.echo(f"PROBLEM: {problem}", err=True)
    if not report.ok:
        typer.echo(f"NOT VALID: {file}", err=True)
        raise typer.Exit(1)
    typer.echo(f"valid: {len(report.signatures)} signatures, the whole file is covered")


def main() -> None:
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()

"""`stamps serve`: the web process (API and pages) under uvicorn."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from app.cli import common


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

    from app.core import logs
    from app.main import create_app

    settings = common.settings()
    logs.configure(settings.log_format, settings.log_level)
    options: dict[str, Any] = {"host": host, "port": port, "log_config": None, "access_log": False}
    if workers == 1:
        uvicorn.run(create_app(settings), **options)
    else:
        uvicorn.run("app.main:serve_app", factory=True, workers=workers, **options)


def register(cli: typer.Typer) -> None:
    cli.command()(serve)

"""`stamps serve`: the web process (API and pages) under uvicorn."""

from __future__ import annotations

from typing import Annotated

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

    from app.main import create_app

    settings = common.settings()
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port)
    else:
        uvicorn.run("app.main:create_app", factory=True, host=host, port=port, workers=workers)


def register(cli: typer.Typer) -> None:
    cli.command()(serve)

"""`stamps serve`: the web process (API and pages) under uvicorn."""

from __future__ import annotations

from pathlib import Path
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
    root_path: Annotated[
        str,
        typer.Option(
            envvar="STAMPS_ROOT_PATH",
            help="the sub-path a reverse proxy serves the service under, e.g. /stamps",
        ),
    ] = "",
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            envvar="FORWARDED_ALLOW_IPS",
            help="proxy addresses whose X-Forwarded-For/-Proto are believed (comma-separated)",
        ),
    ] = None,
) -> None:
    """Serve the API and pages.

    Several workers are separate processes sharing the database and the files: the key is
    created under a file lock, and start-up sweeps spare anything younger than the grace
    period, so a worker starting late never removes another one's upload in progress.
    """
    import uvicorn

    settings = common.settings()
    if workers > 1:
        _metrics_folder(settings.data_dir / "metrics")

    from app.core import logs
    from app.main import create_app

    logs.configure(settings.log_format, settings.log_level)
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_config": None,
        "access_log": False,
        "root_path": root_path.rstrip("/"),
        "proxy_headers": True,
        "forwarded_allow_ips": forwarded_allow_ips,
    }
    if workers == 1:
        uvicorn.run(create_app(settings), **options)
    else:
        uvicorn.run("app.main:serve_app", factory=True, workers=workers, **options)


def _metrics_folder(folder: Path) -> None:
    """Several processes: each writes its metric samples here and `/metrics` sums them.

    Set before any metric is made; emptied first, since samples of an earlier run would
    otherwise be counted again.
    """
    import os
    import shutil

    folder = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or folder)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


def register(cli: typer.Typer) -> None:
    cli.command()(serve)

"""`stamps proof`, `stamps preflight` and `stamps verify-proof`: proofs made and checked offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def proof(
    design: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="design folder")],
    kind: Annotated[
        list[str], typer.Option("--kind", "-k", help="review, stamp, sheet or press")
    ] = ["review"],  # noqa: B006 - Typer reads the default, never mutates it
    out: Annotated[Path, typer.Option("--out", "-o")] = Path("proofs"),
) -> None:
    """Render proofs of a design folder (issue.json + artwork) without a server."""
    unknown = set(kind) - {"review", "stamp", "sheet", "press"}
    if unknown:
        raise typer.BadParameter(f"unknown kind: {', '.join(sorted(unknown))}")
    from app.core.settings import load_settings
    from app.proofs import offline

    settings = load_settings()
    request = offline.design_request(design, settings.designs_dir)
    todo = [job for k in kind for job in offline.jobs(request, k, settings.designs_dir)]
    with typer.progressbar(todo, label="rendering", show_pos=True) as bar:
        for job in bar:
            offline.render(job, out)
    for job in todo:
        typer.echo(out / job.name)


def verify_proof(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a sealed proof PDF")],
    cert: Annotated[
        Path | None, typer.Option("--cert", help="the service certificate (default: settings)")
    ] = None,
) -> None:
    """Check a sealed proof against the service certificate; exit 1 on any change."""
    import logging

    from app.core.settings import load_settings
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


def preflight(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a press PDF")],
) -> None:
    """Check FILE against PDF/X-4 as a printer's preflight would; exit 1 if it falls short."""
    from app.press import preflight as press_preflight

    report = press_preflight.preflight(file.read_bytes())
    for line in report.lines(file.name):
        typer.echo(line)
    if not report.passed:
        raise typer.Exit(1)


def register(cli: typer.Typer) -> None:
    cli.command()(proof)
    cli.command()(preflight)
    cli.command("verify-proof")(verify_proof)

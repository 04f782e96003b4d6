"""`stamps proof`, `stamps preflight` and `stamps verify-proof`: proofs made and checked offline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from app.proofs.render.model import ProofRequest


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
    request = _design_request(design, settings.designs_dir)
    todo = [job for k in kind for job in offline.jobs(request, k, settings.designs_dir)]
    with typer.progressbar(todo, label="rendering", show_pos=True) as bar:
        for job in bar:
            offline.render(job, out)
    for job in todo:
        typer.echo(out / job.name)


def _design_request(design: Path, designs_dir: Path) -> ProofRequest:
    """The proof inputs of a design folder, or what is wrong with the folder."""
    from pydantic import ValidationError

    from app.cli.errors import CommandError, validation_parts
    from app.proofs import offline

    todo = (
        "A design folder holds issue.json (a proposal body, as POST /proposals takes) and the "
        "artwork it names; see designs/palestine-oman-2027"
    )
    spec = design / "issue.json"
    if not spec.is_file():
        raise CommandError(f"{design} is not a design folder: it has no issue.json", todo)
    try:
        return offline.design_request(design, designs_dir)
    except ValidationError as exc:
        what = "; ".join(validation_parts(exc, lambda field: field))
        raise CommandError(f"{spec} is not a valid design: {what}", todo) from exc
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        # unreadable JSON, a missing artwork file, an unknown administration or format
        detail = f"{exc.strerror}: {exc.filename}" if isinstance(exc, OSError) else str(exc)
        raise CommandError(f"{spec} is not a valid design: {detail}", todo) from exc


def verify_proof(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a sealed proof PDF")],
    cert: Annotated[
        Path | None, typer.Option("--cert", help="the service certificate (default: settings)")
    ] = None,
) -> None:
    """Check a sealed proof against the service certificate.

    Exit 1 if the file was changed after it was signed; exit 3 if it is unchanged but was
    signed with a certificate other than this installation's (another data folder).
    """
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
    certificate = keys.load_certificate(cert_path)
    report = verify.verify(file.read_bytes(), certificate)
    for number, found in enumerate(report.signatures, start=1):
        when = found.signed_at.isoformat() if found.signed_at else "no time"
        if found.intact:
            state = "intact"
        elif report.unknown_signers_only:
            state = f"unchanged, signed by unknown certificate {found.signer_sha256}"
        else:
            state = "BROKEN: " + "; ".join(found.problems)
        typer.echo(
            f"{number}. {found.field}: {found.name} | {found.administration} | "
            f"{found.meaning} | {when} | {state}"
        )
    for problem in report.problems:
        typer.echo(f"PROBLEM: {problem}", err=True)
    if report.unknown_signers_only:
        from cryptography.hazmat.primitives import hashes

        own = certificate.fingerprint(hashes.SHA256()).hex()
        typer.echo(
            f"UNKNOWN CERTIFICATE: {file} is unchanged since it was signed, but not with this "
            f"installation's certificate ({cert_path}, SHA-256 {own}). Check it with --cert "
            "and the seal-cert.pem of the installation that sealed it",
            err=True,
        )
        raise typer.Exit(3)
    if not report.ok:
        typer.echo(f"NOT VALID: {file} was changed since it was sealed, or never was", err=True)
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

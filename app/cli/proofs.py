"""`stamps proof`, `stamps preflight` and `stamps verify-proof`: proofs made and checked offline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from app.core.settings import Settings
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


def _installed(found: Settings) -> list[Any]:
    """This installation's certificates: its service certificate, and every administration's
    certificate in its database (none when the database is missing or unreadable)."""
    from cryptography import x509
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from app.cli.common import open_database
    from app.signing.models import SigningIdentity

    if not found.signing_cert_path.is_file():
        typer.echo(f"no service certificate at {found.signing_cert_path}", err=True)
        raise typer.Exit(2)
    certificates = list(x509.load_pem_x509_certificates(found.signing_cert_path.read_bytes()))
    sqlite_file = found.sqlalchemy_url.removeprefix("sqlite:///")
    if found.sqlalchemy_url.startswith("sqlite") and not Path(sqlite_file).is_file():
        return certificates
    database = open_database(found)
    try:
        with database.reader() as session:
            for row in session.scalars(select(SigningIdentity)):
                certificates.extend(x509.load_pem_x509_certificates(row.certificate_pem.encode()))
                if row.chain_pem:
                    certificates.extend(x509.load_pem_x509_certificates(row.chain_pem.encode()))
    except SQLAlchemyError:
        typer.echo(
            "this installation's database cannot be read: service certificate only", err=True
        )
    finally:
        database.engine.dispose()
    return certificates


def _trusted(cert: Path | None, trust: Path | None) -> list[Any]:
    """The certificates to trust: every PEM in --trust DIR, or a --cert file, or (neither
    given) this installation's own."""
    from cryptography import x509

    from app.core.settings import load_settings

    if trust is not None:
        found = []
        for path in sorted(trust.iterdir()):
            if path.suffix.lower() in {".pem", ".crt", ".cer"} and path.is_file():
                try:
                    found.extend(x509.load_pem_x509_certificates(path.read_bytes()))
                except ValueError:
                    typer.echo(f"skipped {path}: no PEM certificate in it", err=True)
        if not found:
            typer.echo(f"no certificates (*.pem, *.crt, *.cer) in {trust}", err=True)
            raise typer.Exit(2)
        return found
    if cert is None:
        return _installed(load_settings())
    if not cert.is_file():
        typer.echo(f"no certificate at {cert}", err=True)
        raise typer.Exit(2)
    return list(x509.load_pem_x509_certificates(cert.read_bytes()))


def verify_proof(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a sealed proof PDF")],
    trust: Annotated[
        Path | None,
        typer.Option(
            "--trust",
            exists=True,
            file_okay=False,
            help="a folder of downloaded certificates (GET /api/v1/certificates and "
            "/api/v1/administrations/{code}/certificates)",
        ),
    ] = None,
    cert: Annotated[
        Path | None, typer.Option("--cert", help="one certificate file (default: settings)")
    ] = None,
) -> None:
    """Check a sealed proof against downloaded certificates, without the server's data.

    Prints, per signature, who signed, for which administration, when, with which
    certificate, and whether the file is unchanged since. Exit 1 if the file was changed
    after it was signed; exit 3 if it is unchanged but a signature was made with a
    certificate that is not among the trusted ones; exit 2 if there is nothing to trust.
    """
    import logging

    from app.signing import verify

    # pyHanko logs each refused modification with a traceback; the report below says it plainly.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    certificates = _trusted(cert, trust)
    report = verify.verify(file.read_bytes(), certificates)
    for number, found in enumerate(report.signatures, start=1):
        when = found.signed_at.isoformat() if found.signed_at else "no time"
        if found.intact:
            state = "unchanged since signed, trusted certificate"
        elif report.unknown_signers_only and not found.signer_known:
            state = "unchanged since signed, UNKNOWN CERTIFICATE"
        elif report.unknown_signers_only:
            state = "unchanged since signed, trusted certificate"
        else:
            state = "BROKEN: " + "; ".join(found.problems)
        typer.echo(f"{number}. {found.field}: {found.meaning}")
        typer.echo(f"   signed by:      {found.name}")
        typer.echo(f"   for:            {found.administration}")
        typer.echo(f"   at:             {when}")
        typer.echo(f"   certificate:    {found.signer_subject} (SHA-256 {found.signer_sha256})")
        typer.echo(f"   state:          {state}")
    for problem in report.problems:
        typer.echo(f"PROBLEM: {problem}", err=True)
    if report.unknown_signers_only:
        where = f"the certificates in {trust}" if trust else "the trusted certificate"
        typer.echo(
            f"UNKNOWN CERTIFICATE: {file} is unchanged since it was signed, but a signature was "
            f"made with a certificate not among {where}. Download the certificates of the "
            "service and of each administration (GET /api/v1/certificates, "
            "GET /api/v1/administrations/{code}/certificates) and check again",
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

"""`stamps audit`: check the hash chains of the audit trail, alone or against checkpoints.

Exit statuses of `verify`: 0 all holds; 1 a chain is broken (an event changed in place);
4 the chains are whole but disagree with a signed checkpoint (cut short or rewritten);
5 the checkpoint file is refused (an entry the service certificate did not sign), and nothing
was compared; 2 the file or the certificate cannot be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from app.cli import common
from app.cli.errors import CONFIGURATION, CommandError

if TYPE_CHECKING:
    from cryptography import x509
    from sqlalchemy.orm import Session

    from app.audit.checkpoint_check import Checkpoint

app = typer.Typer(help="Audit trail", no_args_is_help=True)
CHAIN_BROKEN, CHECKPOINTS_DISAGREE, CHECKPOINTS_REFUSED = 1, 4, 5
READ_FILE = typer.Option(
    "--against", help="a checkpoint file a partner kept (GET …/audit/checkpoints)"
)
CERT = typer.Option("--cert", help="the service certificate (default: settings)")


@app.command("verify")
def audit_verify(
    against: Annotated[Path | None, READ_FILE] = None,
    cert: Annotated[Path | None, CERT] = None,
) -> None:
    """Walk every audit chain (exit 1 on a break); with --against, hold them to the signed
    checkpoints in FILE too (exit 4 when cut short or rewritten, 5 when the file is forged)."""
    from app.audit import chain, checkpoint_check

    found = common.settings()
    held = _checkpoints(against, cert or found.signing_cert_path) if against else None
    database = common.open_database(found)
    with database.reader() as session:
        checked, breaks = chain.verify(session)
        hashes = chain.hashes_by_stream(session) if held is not None else {}
    database.engine.dispose()
    for b in breaks:
        typer.echo(f"BROKEN {b.stream} seq {b.seq} (event {b.event_id}): {b.reason}", err=True)
    findings = checkpoint_check.compare(held, hashes) if held is not None else []
    for f in findings:
        typer.echo(f"{f.problem.upper()} {f.stream}: {f.message}", err=True)
    if findings:
        streams = len({f.stream for f in findings})
        typer.echo(f"{streams} streams disagree with the signed checkpoints", err=True)
        raise typer.Exit(CHECKPOINTS_DISAGREE)
    if breaks:
        raise typer.Exit(CHAIN_BROKEN)
    typer.echo(f"audit chain intact: {checked} events")
    if held is not None:
        streams = len({c.stream for c in held})
        typer.echo(f"agrees with {len(held)} signed checkpoints of {streams} streams")


def _checkpoints(path: Path, cert_path: Path) -> list[Checkpoint]:
    """The file's checkpoints, once every signature in it verified; else exit 5 or 2."""
    from app.audit import checkpoint_check

    certificate = _certificate(cert_path)
    try:
        held = checkpoint_check.read(path.read_bytes())
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}", "Name a readable file") from exc
    except checkpoint_check.UnreadableFile as exc:
        raise CommandError(
            f"{path} is not a checkpoint file: {exc}",
            "Give the file downloaded from GET /api/v1/administrations/CODE/audit/checkpoints",
        ) from exc
    refused = checkpoint_check.refusals(held, certificate)
    for r in refused:
        typer.echo(
            f"FORGED checkpoint {r.position} ({r.stream}, count {r.count}): {r.reason}", err=True
        )
    if refused:
        typer.echo(
            f"REFUSED: {path} holds {len(refused)} checkpoints the service did not sign "
            f"(certificate {cert_path}); nothing was compared",
            err=True,
        )
        raise typer.Exit(CHECKPOINTS_REFUSED)
    return held


def _certificate(cert_path: Path) -> x509.Certificate:
    from app.signing import keys

    try:
        return keys.load_certificate(cert_path)
    except (OSError, ValueError) as exc:
        raise CommandError(
            f"no service certificate at {cert_path}",
            "Download it from GET /api/v1/certificates and name it with --cert",
            CONFIGURATION,
        ) from exc


@app.command("checkpoints")
def audit_checkpoints(
    out: Annotated[Path, typer.Option("--out", help="where to write the checkpoint file")],
    administration: Annotated[
        str | None,
        typer.Option("--administration", help="only the proposals of this partner (PS, OM…)"),
    ] = None,
) -> None:
    """Export the signed checkpoints (all, or one administration's) as one JSON file."""
    import json

    from app.audit import chain as audit_chain
    from app.audit import checkpoint_check, checkpoints
    from app.core.base import utcnow

    found = common.settings()
    database = common.open_database(found)
    with database.reader() as session:
        if administration is None:
            rows, scope = checkpoints.every_stream(session), "service"
        else:
            code = administration.upper()
            ids = _partner_proposals(session, code)
            rows = checkpoints.for_streams(session, map(audit_chain.proposal_stream, ids))
            scope = f"administration:{code}"
        entries = [checkpoints.entry(row) for row in rows]
    database.engine.dispose()
    document = checkpoint_check.document(
        entries, scope=scope, exported_at=utcnow().isoformat(timespec="seconds")
    )
    out.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    typer.echo(f"{len(entries)} checkpoints written to {out}")


def _partner_proposals(session: Session, code: str) -> list[int]:
    """The proposals `code` is partner of; an unknown code is the operator's mistake."""
    from sqlalchemy import select

    from app.administrations import service as administrations
    from app.proposals.models import Variant

    found = administrations.by_codes(session, [code]).get(code)
    if found is None:
        raise CommandError(f"no administration {code}", "Name one of PS, OM, EG…")
    stmt = select(Variant.proposal_id).where(Variant.administration_id == found.id).distinct()
    return list(session.scalars(stmt))

"""`stamps audit`: check the hash chains of the audit trail."""

from __future__ import annotations

import typer

from app.cli import common

app = typer.Typer(help="Audit trail", no_args_is_help=True)


@app.command("verify")
def audit_verify() -> None:
    """Walk every audit chain; exit 1 and name each break if any event was altered."""
    from app.audit import chain

    database = common.open_database(common.settings())
    with database.reader() as session:
        checked, breaks = chain.verify(session)
    database.engine.dispose()
    for b in breaks:
        typer.echo(f"BROKEN {b.stream} seq {b.seq} (event {b.event_id}): {b.reason}", err=True)
    if breaks:
        raise typer.Exit(1)
    typer.echo(f"audit chain intact: {checked} events")

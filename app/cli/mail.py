"""`stamps outbox` and `stamps worker`: the mail outbox as the operator sees it, and the
process that delivers it.

Delivery itself is `app.notifications.delivery.deliver_outbox`; `stamps worker` runs it in a
loop until stopped (SIGTERM or Ctrl-C), the background process beside `stamps serve`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from app.cli import common

if TYPE_CHECKING:
    import threading

    from app.core.db import Database
    from app.notifications.delivery import SmtpSettings

app = typer.Typer(help="Mail outbox", no_args_is_help=True)


@app.command("list")
def outbox_list(
    pending: Annotated[bool, typer.Option(help="only messages not yet delivered")] = False,
) -> None:
    """Every message of the outbox: id, state, attempts, recipient, subject."""
    from app.notifications import messages
    from app.notifications import service as notifications

    found = common.settings()
    database = common.open_database(found)
    with database.reader() as session:
        for row in notifications.outbox(session, pending_only=pending):
            state = "delivered" if row.delivered_at else "failed" if row.failed_at else "pending"
            subject = messages.render(row.kind, row.data, found.public_url).subject
            typer.echo(f"{row.id}\t{state}\t{row.attempts}\t{row.to_address}\t{subject}")
    database.engine.dispose()


def run_loop(
    database: Database, smtp: SmtpSettings, stop: threading.Event, interval: float
) -> None:
    """Deliver the outbox until `stop` is set, looking again every `interval` seconds."""
    from app.notifications.delivery import deliver_outbox

    while True:
        report = deliver_outbox(database.writer, smtp)
        if report.delivered or report.retrying or report.failed:
            typer.echo(
                f"delivered {report.delivered}, retrying {report.retrying}, "
                f"given up {report.failed}"
            )
        if stop.wait(interval):
            return


@app.command("deliver")
def outbox_deliver(
    interval: Annotated[float, typer.Option(help="seconds between looks at the outbox")] = 5.0,
    once: Annotated[bool, typer.Option(help="deliver what is due, then stop")] = False,
) -> None:
    """Deliver the outbox through STAMPS_SMTP_URL, with retries, until stopped."""
    import signal
    import threading

    from app.notifications.delivery import SmtpSettings

    found = common.settings()
    smtp = SmtpSettings.of(found)
    if not smtp.url:
        typer.echo("STAMPS_SMTP_URL is not set: mail stays in the outbox", err=True)
        raise typer.Exit(2)
    database = common.open_database(found)
    stop = threading.Event()
    if once:
        stop.set()
    else:
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
    run_loop(database, smtp, stop, interval)
    database.engine.dispose()


def worker(
    interval: Annotated[float, typer.Option(help="seconds between looks at the outbox")] = 5.0,
    once: Annotated[bool, typer.Option(help="do what is due, then stop")] = False,
) -> None:
    """The background worker: delivers the mail outbox with retries until stopped."""
    outbox_deliver(interval=interval, once=once)


def register(cli: typer.Typer) -> None:
    cli.command("worker")(worker)

"""Delivering the mail outbox: claim due rows, send each once, mark it, retry with backoff.

Runs in the worker process, never in a request. A row is claimed by moving its due time past
a lease in a short committed transaction (PostgreSQL skips rows another worker has locked), so
two workers never send the same row; it is marked delivered in its own transaction right after
the server accepted it. Should the process die between the two, the row is sent again when the
lease ends, with the same Message-ID header, which receiving servers use to drop the repeat.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from app.core.base import utcnow
from app.core.settings import Settings
from app.notifications import messages
from app.notifications.models import OutboxMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how mail goes; `url` None means mail is only listed in the outbox."""

    url: str | None
    mail_from: str
    base_url: str
    timeout_seconds: float = 10.0
    retry_base_seconds: float = 30.0
    retry_max_seconds: float = 3600.0
    max_attempts: int = 12
    lease_seconds: float = 300.0
    batch: int = 50

    @classmethod
    def of(cls, settings: Settings) -> SmtpSettings:
        return cls(
            url=settings.smtp_url,
            mail_from=settings.mail_from,
            base_url=settings.public_url,
            retry_base_seconds=settings.mail_retry_base_seconds,
        )


@dataclass(frozen=True)
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


def backoff(attempts: int, smtp: SmtpSettings) -> float:
    """Seconds to wait after the `attempts`-th failure: doubling, capped."""
    return float(min(smtp.retry_max_seconds, smtp.retry_base_seconds * 2 ** (attempts - 1)))


def connect(url: str, timeout: float) -> smtplib.SMTP:
    """An SMTP connection for `smtp://host:port` (``?starttls=true``) or `smtps://host:port`."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    if parts.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            host, parts.port or 465, timeout=timeout, context=ssl.create_default_context()
        )
    elif parts.scheme == "smtp":
        client = smtplib.SMTP(host, parts.port or 25, timeout=timeout)
        if parse_qs(parts.query).get("starttls", ["false"])[0].lower() in {"1", "true", "yes"}:
            client.starttls(context=ssl.create_default_context())
    else:
        raise ValueError(f"STAMPS_SMTP_URL must start with smtp:// or smtps://, not {url!r}")
    if parts.username:
        client.login(unquote(parts.username), unquote(parts.password or ""))
    return client


def build(row: OutboxMessage, smtp: SmtpSettings) -> EmailMessage:
    """The message of one outbox row: both languages, a text and an HTML part."""
    rendered = messages.render(row.kind, row.data, smtp.base_url)
    message = EmailMessage()
    message["From"] = smtp.mail_from
    message["To"] = row.to_address
    message["Subject"] = rendered.subject
    message["Message-ID"] = row.message_id
    message["Date"] = formatdate(row.created_at.timestamp(), usegmt=True)
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = "ar, en"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message


def _claim(factory: sessionmaker[Session], smtp: SmtpSettings, now: dt.datetime) -> list[int]:
    with factory() as session:
        stmt = (
            select(OutboxMessage)
            .where(
                OutboxMessage.delivered_at.is_(None),
                OutboxMessage.failed_at.is_(None),
                OutboxMessage.due_at <= now,
            )
            .order_by(OutboxMessage.id)
            .limit(smtp.batch)
            .with_for_update(skip_locked=True)
        )
        rows = list(session.scalars(stmt))
        for row in rows:
            row.due_at = now + dt.timedelta(seconds=smtp.lease_seconds)
        session.commit()
        return [row.id for row in rows]


def _load(factory: sessionmaker[Session], ids: list[int]) -> list[OutboxMessage]:
    with factory() as session:
        rows = list(session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))))
        session.expunge_all()
        return sorted(rows, key=lambda r: r.id)


def _delivered(factory: sessionmaker[Session], row_id: int) -> None:
    with factory() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, OutboxMessage.delivered_at.is_(None))
            .values(delivered_at=utcnow(), last_error=None)
        )
        session.commit()


def _failed(
    factory: sessionmaker[Session], row: OutboxMessage, error: str, smtp: SmtpSettings
) -> bool:
    """Record a failed attempt; True when the row will be tried again."""
    attempts = row.attempts + 1
    give_up = attempts >= smtp.max_attempts
    with factory() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id)
            .values(
                attempts=attempts,
                last_error=error[:2000],
                due_at=utcnow() + dt.timedelta(seconds=backoff(attempts, smtp)),
                failed_at=utcnow() if give_up else None,
            )
        )
        session.commit()
    return not give_up


def deliver_outbox(
    session_factory: sessionmaker[Session], smtp_settings: SmtpSettings
) -> DeliveryReport:
    """Send every due outbox message once; failures wait (doubling) and are tried again."""
    if not smtp_settings.url:
        return DeliveryReport()
    ids = _claim(session_factory, smtp_settings, utcnow())
    if not ids:
        return DeliveryReport()
    rows = _load(session_factory, ids)
    delivered = retrying = failed = 0
    try:
        client = connect(smtp_settings.url, smtp_settings.timeout_seconds)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail server unreachable: %s", exc)
        for row in rows:
            if _failed(session_factory, row, f"connect: {exc}", smtp_settings):
                retrying += 1
            else:
                failed += 1
        return DeliveryReport(0, retrying, failed)
    try:
        for row in rows:
            try:
                client.send_message(build(row, smtp_settings))
            except (OSError, smtplib.SMTPException) as exc:
                log.warning("mail %s not sent: %s", row.message_id, exc)
                if _failed(session_factory, row, str(exc), smtp_settings):
                    retrying += 1
                else:
                    failed += 1
                if isinstance(exc, OSError | smtplib.SMTPServerDisconnected):
                    client = _reconnect(client, smtp_settings)
                continue
            _delivered(session_factory, row.id)
            delivered += 1
    finally:
        _quit(client)
    return DeliveryReport(delivered, retrying, failed)


def _reconnect(client: smtplib.SMTP, smtp: SmtpSettings) -> smtplib.SMTP:
    _quit(client)
    assert smtp.url is not None  # noqa: S101 - checked by the caller
    try:
        return connect(smtp.url, smtp.timeout_seconds)
    except (OSError, smtplib.SMTPException):
        return client  # the next send fails fast and is counted as a failed attempt


def _quit(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()

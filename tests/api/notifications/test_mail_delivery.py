"""Mail delivery through a real SMTP server: bilingual messages, outages, exactly once."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from email.message import Message
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.auth.models import User
from app.core.base import utcnow
from app.core.db import Database
from app.core.settings import PROJECT_ROOT
from app.notifications import delivery
from app.notifications.delivery import SmtpSettings, backoff, deliver_outbox
from app.notifications.models import OutboxMessage
from tests.api.notifications.mailbox import Mailbox, free_port, start
from tests.database import TemplateDatabase
from tests.factories import Flow


def _parts(message: Message) -> dict[str, str]:
    """Each leaf part's decoded text by content type."""
    out = {}
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            out[part.get_content_type()] = payload.decode()
    return out


def _smtp(port: int, **overrides: Any) -> SmtpSettings:
    settings = SmtpSettings(
        url=f"smtp://127.0.0.1:{port}",
        mail_from="Joint Stamp Studio <stamps@post.example>",
        base_url="https://stamps.example",
        timeout_seconds=5,
    )
    return dataclasses.replace(settings, **overrides)


def _addresses(db: Session) -> None:
    db.execute(update(User).values(email=User.username + "@post.example"))
    db.commit()


def test_messages_arrive_bilingual_with_a_link(flow: Flow, db: Session, database: Database) -> None:
    _addresses(db)
    pid = flow.in_review()
    mailbox, port = Mailbox(), free_port()
    server = start(mailbox, port)
    try:
        report = deliver_outbox(database.writer, _smtp(port))
    finally:
        server.stop()
    assert report.delivered == 2
    assert sorted(str(m["To"]) for m in mailbox.received) == [
        "om-approver@post.example",
        "ps-approver@post.example",
    ]
    message = mailbox.received[0]
    assert message.get_content_type() == "multipart/alternative"
    subject = str(message["Subject"])
    assert subject.startswith("=?utf-8?")  # encoded: the subject carries Arabic
    parts = _parts(message)
    text, html = parts["text/plain"], parts["text/html"]
    assert "بانتظار مراجعتك" in text
    assert "awaits your review" in text
    assert f"https://stamps.example/studio/proposals/{pid}" in text
    assert '<div lang="ar" dir="rtl">' in html
    assert f'href="https://stamps.example/studio/proposals/{pid}"' in html
    assert message["Message-ID"]
    db.expire_all()
    assert all(r.delivered_at for r in db.scalars(select(OutboxMessage)))


def test_without_a_server_url_mail_only_waits_in_the_outbox(
    flow: Flow, db: Session, database: Database
) -> None:
    _addresses(db)
    flow.in_review()
    report = deliver_outbox(database.writer, dataclasses.replace(_smtp(1), url=None))
    assert report.delivered == 0
    db.expire_all()
    assert [r.delivered_at for r in db.scalars(select(OutboxMessage))] == [None, None]


def test_an_outage_is_retried_and_every_message_arrives_exactly_once(
    flow: Flow, db: Session, database: Database
) -> None:
    _addresses(db)
    mailbox, port = Mailbox(), free_port()
    smtp = _smtp(port, retry_base_seconds=0.0)
    server = start(mailbox, port)
    flow.in_review()
    assert deliver_outbox(database.writer, smtp).delivered == 2
    server.stop()
    flow.in_review()  # two more while the server is down
    down = deliver_outbox(database.writer, smtp)
    assert (down.delivered, down.retrying) == (0, 2)
    db.expire_all()
    waiting = [r for r in db.scalars(select(OutboxMessage)) if r.delivered_at is None]
    assert [r.attempts for r in waiting] == [1, 1]
    assert all(r.last_error for r in waiting)
    server = start(mailbox, port)
    try:
        assert deliver_outbox(database.writer, smtp).delivered == 2
        assert deliver_outbox(database.writer, smtp).delivered == 0  # nothing twice
    finally:
        server.stop()
    db.expire_all()
    rows = list(db.scalars(select(OutboxMessage)))
    assert sorted(mailbox.ids()) == sorted(r.message_id for r in rows)
    assert len(set(mailbox.ids())) == 4
    assert all(r.delivered_at for r in rows)


def test_a_claimed_message_is_not_sent_by_a_second_worker(
    flow: Flow, db: Session, database: Database
) -> None:
    _addresses(db)
    flow.in_review()
    mailbox, port = Mailbox(), free_port()
    smtp = _smtp(port)
    claimed = delivery._claim(database.writer, smtp, utcnow())  # a worker that then stalls
    assert len(claimed) == 2
    server = start(mailbox, port)
    try:
        assert deliver_outbox(database.writer, smtp).delivered == 0
    finally:
        server.stop()
    assert mailbox.received == []


def test_the_worker_command_delivers_from_its_own_process(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    with template_db.fresh_copy(tmp_path) as url:
        database = Database.connect(url)
        try:
            with database.writer() as session:
                session.add(
                    OutboxMessage(
                        message_id="<worker-test@joint-stamp-studio>",
                        to_address="someone@post.example",
                        kind="issued",
                        data={"proposal_id": 7, "title_en": "Falcons", "title_ar": "الصقور"},
                    )
                )
                session.commit()
            mailbox, port = Mailbox(), free_port()
            server = start(mailbox, port)
            try:
                env = {
                    **os.environ,
                    "DATABASE_URL": url,
                    "STAMPS_DATA_DIR": str(tmp_path),
                    "STAMPS_SMTP_URL": f"smtp://127.0.0.1:{port}",
                    "STAMPS_MAIL_FROM": "stamps@post.example",
                }
                done = subprocess.run(
                    [sys.executable, "-m", "app.cli", "worker", "--once"],
                    cwd=PROJECT_ROOT,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                    timeout=120,
                )
                assert done.returncode == 0, done.stdout + done.stderr
            finally:
                server.stop()
            assert mailbox.ids() == ["<worker-test@joint-stamp-studio>"]
            plain = next(
                part
                for part in mailbox.received[0].walk()
                if part.get_content_type() == "text/plain"
            )
            payload = plain.get_payload(decode=True)
            assert isinstance(payload, bytes)
            assert "الصقور" in payload.decode()
            with database.reader() as session:
                row = session.scalars(select(OutboxMessage)).one()
                assert row.delivered_at is not None
        finally:
            database.engine.dispose()


def test_backoff_doubles_up_to_its_cap() -> None:
    smtp = _smtp(1, retry_base_seconds=30, retry_max_seconds=3600)
    assert [backoff(n, smtp) for n in (1, 2, 3, 8)] == [30, 60, 120, 3600]


def test_a_message_is_given_up_after_the_last_attempt(
    flow: Flow, db: Session, database: Database
) -> None:
    _addresses(db)
    flow.in_review()
    smtp = _smtp(free_port(), retry_base_seconds=0.0, max_attempts=2)
    assert deliver_outbox(database.writer, smtp).retrying == 2
    assert deliver_outbox(database.writer, smtp).failed == 2
    assert deliver_outbox(database.writer, smtp).failed == 0
    db.expire_all()
    assert all(r.failed_at and r.attempts == 2 for r in db.scalars(select(OutboxMessage)))


def _wait_for(predicate: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_the_running_worker_rides_out_a_mail_server_outage(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    """The worker process keeps going while the server is down, and sends each message once."""
    with template_db.fresh_copy(tmp_path) as url:
        database = Database.connect(url)
        mailbox, port = Mailbox(), free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "STAMPS_DATA_DIR": str(tmp_path),
            "STAMPS_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "STAMPS_MAIL_RETRY_BASE_SECONDS": "0.2",
        }
        worker = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "worker", "--interval", "0.1"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        server = None
        try:
            with database.writer() as session:
                for n in range(3):
                    session.add(
                        OutboxMessage(
                            message_id=f"<outage-{n}@joint-stamp-studio>",
                            to_address="someone@post.example",
                            kind="submitted",
                            data={
                                "proposal_id": n + 1,
                                "title_en": "Falcons",
                                "title_ar": "الصقور",
                            },
                        )
                    )
                session.commit()

            def attempts() -> list[int]:
                with database.reader() as session:
                    return [r.attempts for r in session.scalars(select(OutboxMessage))]

            _wait_for(lambda: min(attempts()) >= 2)  # tried, failed, tried again
            server = start(mailbox, port)

            def all_delivered() -> bool:
                with database.reader() as session:
                    rows = session.scalars(select(OutboxMessage))
                    return all(r.delivered_at for r in rows)

            _wait_for(all_delivered)
            time.sleep(0.5)  # a few more rounds of the loop: nothing is sent again
        finally:
            worker.send_signal(signal.SIGTERM)
            output, _ = worker.communicate(timeout=30)
            if server is not None:
                server.stop()
            database.engine.dispose()
        assert worker.returncode == 0, output
        assert sorted(mailbox.ids()) == [f"<outage-{n}@joint-stamp-studio>" for n in range(3)]

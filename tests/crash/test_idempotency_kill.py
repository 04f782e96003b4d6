"""Idempotency keys against a real server: a retry sent the moment the first answer arrives
gets that answer, and a claim left by a server killed mid-request (SIGKILL) is free again
once its lease runs out."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.core.db import Database
from tests.concurrency.racing import artwork
from tests.crash.server import running
from tests.database import TemplateDatabase
from tests.factories import Staff, make_staff, proposal_body

LEASE = 8.0


@pytest.fixture
def installation(
    template_db: TemplateDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Path, Staff]]:
    monkeypatch.setenv("STAMPS_IDEMPOTENCY_LEASE_SECONDS", str(LEASE))
    with template_db.fresh_copy(tmp_path) as url:
        database = Database.connect(url)
        try:
            with database.writer() as session:
                staff = make_staff(session)
        finally:
            database.engine.dispose()
        yield url, tmp_path / "data", staff


def test_a_retry_right_after_the_answer_gets_that_answer(
    installation: tuple[str, Path, Staff],
) -> None:
    url, data, staff = installation
    with running(url, data) as server, server.client() as client:
        for n in range(15):
            headers = {**staff.ps_designer.headers, "Idempotency-Key": f"create-{n}"}
            first = client.post("/api/v1/proposals", json=proposal_body(), headers=headers)
            again = client.post("/api/v1/proposals", json=proposal_body(), headers=headers)
            assert first.status_code == 201, first.text
            assert again.status_code == 201, (n, again.text)
            assert again.headers["idempotent-replayed"] == "true"
            assert again.json()["id"] == first.json()["id"]


def test_a_claim_left_by_a_killed_server_expires(installation: tuple[str, Path, Staff]) -> None:
    url, data, staff = installation
    designer = staff.ps_designer
    picture = artwork(7)
    boundary = "lease-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"'
        "\r\nContent-Type: image/png\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    keyed = {**designer.headers, "Idempotency-Key": "upload-1"}
    multipart = f"multipart/form-data; boundary={boundary}"
    with running(url, data) as server:
        with server.client() as client:
            created = client.post(
                "/api/v1/proposals", json=proposal_body(), headers=designer.headers
            )
            pid = created.json()["id"]
        claimed = threading.Event()

        def body() -> Iterator[bytes]:
            yield head
            yield picture[:1000]
            claimed.set()
            time.sleep(30)  # the server dies before the rest is sent
            yield picture[1000:] + tail

        def send() -> None:
            try:
                with server.client() as client:
                    client.post(
                        f"/api/v1/proposals/{pid}/artwork",
                        content=body(),
                        headers={
                            **keyed,
                            "Content-Type": multipart,
                        },
                    )
            except httpx.HTTPError:
                pass  # cut off by the kill, as intended

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        assert claimed.wait(30)
        claimed_at = time.monotonic()
        time.sleep(0.5)  # the claim is written before the body is read
        server.kill()
        server.start()
        files = {"file": ("a.png", picture, "image/png")}
        with server.client() as client:
            upload = f"/api/v1/proposals/{pid}/artwork"
            pending = client.post(upload, files=files, headers=keyed)
            if time.monotonic() - claimed_at < LEASE - 1:
                assert pending.status_code == 409, pending.text  # the lease has not run out
            time.sleep(max(0.0, claimed_at + LEASE + 0.5 - time.monotonic()))
            retried = client.post(upload, files=files, headers=keyed)
            assert retried.status_code == 201, retried.text
            replayed = client.post(upload, files=files, headers=keyed)
            assert replayed.status_code == 201
            assert replayed.headers["idempotent-replayed"] == "true"
            assert replayed.json() == retried.json()

"""Bodies over the size limit get 413, bodies that trickle get 408, however they are sent.

A chunked body declares no length, so only counting while it streams can refuse it; whatever
the parser behind makes of the cut-off body, the client must get the 413. The same against a
real `stamps serve` process, and a raw socket sending a byte at a time for the 408.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.core.db import Database
from app.core.settings import Settings
from app.main import create_app
from tests.crash.server import HOST, Server, running
from tests.database import TemplateDatabase
from tests.factories import Staff, make_staff, proposal_body

JSON_LIMIT = 20_000
UPLOAD_LIMIT = 256 * 1024
BOUNDARY = "limit-boundary"


def _json_chunks(size: int) -> Iterator[bytes]:
    """A proposal-shaped JSON body of about `size` bytes, in 4 KiB chunks."""
    text = json.dumps({"title": {"en": "x" * size, "ar": "س"}}).encode()
    for start in range(0, len(text), 4096):
        yield text[start : start + 4096]


def _upload_chunks(size: int) -> Iterator[bytes]:
    yield (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    for _ in range(size // 8192):
        yield b"\x89" * 8192
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


UPLOAD_TYPE = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


def _is_413(response: httpx.Response, limit: int) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("/payload-too-large")
    assert body["limit"] == limit
    assert response.headers["connection"] == "close"


@pytest.fixture
def small_client(settings: Settings, database: Database) -> Iterator[TestClient]:
    settings.max_json_bytes, settings.max_upload_bytes = JSON_LIMIT, UPLOAD_LIMIT
    with TestClient(create_app(settings, database)) as client:
        yield client


def _proposal(client: TestClient, staff: Staff) -> int:
    r = client.post("/api/v1/proposals", json=proposal_body(), headers=staff.ps_designer.headers)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_a_chunked_json_body_over_the_limit_gets_413(
    small_client: TestClient, staff: Staff
) -> None:
    r = small_client.post(
        "/api/v1/proposals",
        content=_json_chunks(JSON_LIMIT * 2),
        headers={**staff.ps_designer.headers, "Content-Type": "application/json"},
    )
    _is_413(r, JSON_LIMIT)  # the JSON parser called it malformed (400)


def test_a_chunked_upload_over_the_limit_gets_413(small_client: TestClient, staff: Staff) -> None:
    pid = _proposal(small_client, staff)
    r = small_client.post(
        f"/api/v1/proposals/{pid}/artwork",
        content=_upload_chunks(UPLOAD_LIMIT * 2),
        headers={**staff.ps_designer.headers, **UPLOAD_TYPE},
    )
    _is_413(r, UPLOAD_LIMIT)  # the multipart reader called it unreadable (422)
    listed = small_client.get(f"/api/v1/proposals/{pid}/artwork", headers=staff.ps_designer.headers)
    assert listed.json() == []


def test_a_chunked_body_under_the_limit_is_read(small_client: TestClient, staff: Staff) -> None:
    r = small_client.post(
        "/api/v1/proposals",
        content=_json_chunks(JSON_LIMIT // 2),
        headers={**staff.ps_designer.headers, "Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text  # read and validated: the body lacks fields
    assert r.json()["type"].endswith("/validation-error")


# --- the real server ---------------------------------------------------------------------

GRACE, RATE = 1.0, 200.0


@dataclass
class Running:
    server: Server
    staff: Staff


@pytest.fixture(scope="module")
def live(
    template_db: TemplateDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Running]:
    folder: Path = tmp_path_factory.mktemp("limits")
    with pytest.MonkeyPatch.context() as env, template_db.fresh_copy(folder) as url:
        env.setenv("STAMPS_MAX_JSON_BYTES", str(JSON_LIMIT))
        env.setenv("STAMPS_MAX_UPLOAD_BYTES", str(UPLOAD_LIMIT))
        env.setenv("STAMPS_BODY_GRACE_SECONDS", str(GRACE))
        env.setenv("STAMPS_BODY_MIN_RATE", str(RATE))
        database = Database.connect(url)
        try:
            with database.writer() as session:
                staff = make_staff(session)
        finally:
            database.engine.dispose()
        with running(url, folder / "data") as server:
            yield Running(server, staff)


def test_chunked_bodies_over_the_limit_get_413_from_the_server(live: Running) -> None:
    designer = live.staff.ps_designer.headers
    with live.server.client() as client:
        # Just over the limit, so the server has read all of it when it answers and closes.
        r = client.post(
            "/api/v1/proposals",
            content=_json_chunks(JSON_LIMIT + 4096),
            headers={**designer, "Content-Type": "application/json"},
        )
        _is_413(r, JSON_LIMIT)
        r = client.post("/api/v1/proposals", json=proposal_body(), headers=designer)
        assert r.status_code == 201, r.text
        artwork = f"/api/v1/proposals/{r.json()['id']}/artwork"
        r = client.post(
            artwork,
            content=_upload_chunks(UPLOAD_LIMIT + 16384),
            headers={**UPLOAD_TYPE, **designer},
        )
        _is_413(r, UPLOAD_LIMIT)
        assert client.get(artwork, headers=designer).json() == []


def _trickle(port: int, body: bytes, pause: float) -> tuple[bytes, float]:
    """Send a form body byte by byte; the bytes the server answered and when it closed."""
    started = time.monotonic()
    with socket.create_connection((HOST, port), timeout=30) as sock:
        sock.sendall(
            b"POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)
        )
        sock.settimeout(pause)
        answer = b""
        for byte in body:
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                break
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not chunk:
                return answer, time.monotonic() - started
            answer += chunk
        sock.settimeout(30)
        while chunk := sock.recv(65536):
            answer += chunk
        return answer, time.monotonic() - started


def test_a_body_trickled_byte_by_byte_is_cut_off_with_408(live: Running) -> None:
    answer, took = _trickle(live.server.port, b"username=a&password=" + b"b" * 200, pause=0.1)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 "), answer[:300]
    assert b"connection: close" in head.lower()
    problem = json.loads(body)
    assert problem["type"].endswith("/request-timeout")
    assert problem["title"] == "The request body arrived too slowly"
    assert took < GRACE + 10, took  # cut off soon after the grace, and the socket closed


def test_a_slow_body_above_the_minimum_rate_is_read(live: Running) -> None:
    with socket.create_connection((HOST, live.server.port), timeout=30) as sock:
        body = b"username=nobody&password=wrong-password&pad=" + b"p" * 400
        sock.sendall(
            b"POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)
        )
        for start in range(0, len(body), 100):  # 500 bytes a second for about a second
            sock.sendall(body[start : start + 100])
            time.sleep(0.2)
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 401 "), answer[:300]

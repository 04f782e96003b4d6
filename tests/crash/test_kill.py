"""Crash safety: the real server is killed with SIGKILL mid-request and started again.

After every restart (whose start-up sweeps staging leftovers and stored artwork without a
row) the files and rows must agree, no transition may be half-applied, and the audit chain
must verify. Each kill is repeated at several moments.
"""

from __future__ import annotations

import io
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PIL import Image

from app.core.db import Database
from app.storage.base import content_key
from tests.concurrency.racing import artwork
from tests.crash.invariants import assert_consistent
from tests.crash.server import Server, running
from tests.database import TemplateDatabase
from tests.factories import PASSWORD, Caller, Staff, make_staff, proposal_body

# (phase, moment): killed once `moment` of the body was sent, or `moment` seconds after the
# whole body was sent (while the upload is validated, stored and recorded).
UPLOAD_KILLS = [
    ("stream", 0.1),
    ("stream", 0.7),
    ("after", 0.0),
    ("after", 0.4),
    ("after", 1.0),
    ("after", 2.0),
]
# Killed once this many approvals of the round were answered: the rest are still being
# checked, signed or written. Counted, not timed, so a fast machine cannot outrun the kill.
APPROVAL_KILLS = [1, 3, 5]
PROPOSALS = 8
CHUNK = 256 * 1024


@dataclass
class Installation:
    database_url: str
    data_dir: Path
    staff: Staff


@pytest.fixture
def installation(template_db: TemplateDatabase, tmp_path: Path) -> Iterator[Installation]:
    with template_db.fresh_copy(tmp_path) as url:
        database = Database.connect(url)
        try:
            with database.writer() as session:
                staff = make_staff(session)
        finally:
            database.engine.dispose()
        yield Installation(url, tmp_path / "data", staff)


def _ok(response: httpx.Response, *codes: int) -> httpx.Response:
    assert response.status_code in (codes or (200, 201)), response.text
    return response


def _draft(client: httpx.Client, designer: Caller) -> int:
    r = _ok(client.post("/api/v1/proposals", json=proposal_body(), headers=designer.headers))
    return int(r.json()["id"])


def _upload(client: httpx.Client, pid: int, designer: Caller, data: bytes) -> httpx.Response:
    files = {"file": ("art.png", data, "image/png")}
    return client.post(f"/api/v1/proposals/{pid}/artwork", files=files, headers=designer.headers)


def _noise_png(seed: int) -> bytes:
    """About 13 MB that do not compress: streaming and validating it both take a while."""
    image = Image.frombytes("RGB", (2400, 1800), os.urandom(2400 * 1800 * 3))
    image.putpixel((0, 0), (seed % 256, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(600, 600), compress_level=1)
    return buffer.getvalue()


def _stream_and_kill(server: Server, pid: int, designer: Caller, phase: str, moment: float) -> bool:
    """Send a large upload slowly and SIGKILL the server at the chosen moment.

    Returns whether the kill cut the request off (rather than coming after its response).
    """
    data = _noise_png(int(moment * 1000))
    boundary = "crash-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"'
        "\r\nContent-Type: image/png\r\n\r\n"
    ).encode()
    chunks = [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)]
    reached = threading.Event()
    cut = threading.Event()
    kill_at = int(len(chunks) * moment) if phase == "stream" else len(chunks)

    def body() -> Iterator[bytes]:
        yield head
        for i, chunk in enumerate(chunks):
            if i == kill_at:
                reached.set()
            yield chunk
            time.sleep(0.01)
        yield f"\r\n--{boundary}--\r\n".encode()
        reached.set()

    def send() -> None:
        try:
            with server.client() as client:
                client.post(
                    f"/api/v1/proposals/{pid}/artwork",
                    content=body(),
                    headers={
                        **designer.headers,
                        "Content-Type": f"multipart/form-data; boundary={boundary}",
                    },
                )
        except httpx.HTTPError:
            cut.set()  # the server died under the request, as intended
        finally:
            reached.set()

    sender = threading.Thread(target=send)
    sender.start()
    try:
        assert reached.wait(timeout=120)
        if phase == "after":
            time.sleep(moment)
        server.kill()
    finally:
        sender.join(timeout=60)
    return cut.is_set()


def test_killed_during_artwork_uploads(installation: Installation) -> None:
    inst = installation
    designer = inst.staff.ps_designer
    with running(inst.database_url, inst.data_dir) as server:
        with server.client() as client:
            pid = _draft(client, designer)
            _ok(_upload(client, pid, designer, artwork(1)))
        for phase, moment in UPLOAD_KILLS:
            cut = _stream_and_kill(server, pid, designer, phase, moment)
            assert cut or phase == "after", "the kill came after the upload"
            _plant_orphan(inst.data_dir / "files", moment)
            server.start()
            assert_consistent(inst.database_url, inst.data_dir)
        with server.client() as client:
            _ok(_upload(client, pid, designer, artwork(2)), 201)
            versions = _ok(client.get(f"/api/v1/proposals/{pid}/artwork", headers=designer.headers))
            assert [v["version"] for v in versions.json()] == list(
                range(1, len(versions.json()) + 1)
            )
    assert_consistent(inst.database_url, inst.data_dir)


def _plant_orphan(storage_dir: Path, moment: float) -> None:
    """A stored original whose row never committed: what a kill between the two leaves."""
    orphan = storage_dir / content_key("artwork", f"{int(moment * 1000):064x}")
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"never recorded")


def _in_review(server: Server, staff: Staff, count: int) -> dict[int, str]:
    """Proposals submitted for review, with their current proof hash."""
    ready = {}
    with server.client() as client:
        for n in range(count):
            pid = _draft(client, staff.ps_designer)
            _ok(_upload(client, pid, staff.ps_designer, artwork(100 + n)), 201)
            _ok(client.post(f"/api/v1/proposals/{pid}/submit", headers=staff.ps_designer.headers))
            proof = client.get(
                f"/api/v1/proposals/{pid}/proof.pdf", headers=staff.ps_approver.headers
            )
            ready[pid] = _ok(proof).headers["etag"].strip('"')
    return ready


def _approve_all(
    server: Server, staff: Staff, proofs: dict[int, str], kill_after: int | None = None
) -> list[object]:
    """Send every partner's approval of every proposal at once; returns codes or errors.

    With ``kill_after`` the server is SIGKILLed as soon as that many approvals were answered
    (at most all but two, so some are always cut off).
    """
    approvers = (staff.ps_approver, staff.om_approver)
    total = len(proofs) * len(approvers)
    threshold = None if kill_after is None else max(1, min(kill_after, total - 2))
    answered = 0
    lock = threading.Lock()

    def approve(client: httpx.Client, pid: int, approver: Caller) -> object:
        nonlocal answered
        body = {"decision": "approve", "proof_sha256": proofs[pid], "password": PASSWORD}
        try:
            r = client.post(f"/api/v1/proposals/{pid}/reviews", json=body, headers=approver.headers)
        except httpx.HTTPError as exc:
            return type(exc).__name__
        with lock:
            answered += 1
            if answered == threshold:
                server.kill()
        return r.status_code

    limits = httpx.Limits(max_connections=total)
    with (
        httpx.Client(base_url=server.base_url, timeout=120, limits=limits) as client,
        ThreadPoolExecutor(max_workers=total) as pool,
    ):
        futures = [pool.submit(approve, client, pid, a) for pid in proofs for a in approvers]
        return [f.result() for f in futures]


def test_killed_during_approvals(installation: Installation) -> None:
    inst = installation
    with running(inst.database_url, inst.data_dir) as server:
        proofs = _in_review(server, inst.staff, PROPOSALS)
        for kill_after in APPROVAL_KILLS:
            if len(proofs) < 4:  # enough approvals in flight to cut some off
                proofs |= _in_review(server, inst.staff, 4 - len(proofs))
            results = _approve_all(server, inst.staff, proofs, kill_after)
            assert any(isinstance(r, str) for r in results), "the kill came after every approval"
            server.start()
            statuses = assert_consistent(inst.database_url, inst.data_dir)
            assert set(statuses.values()) <= {"in_review", "approved"}
            proofs = {pid: sha for pid, sha in proofs.items() if statuses[pid] != "approved"}
        results = _approve_all(server, inst.staff, proofs)
        assert set(results) <= {201, 409}, results
    statuses = assert_consistent(inst.database_url, inst.data_dir)
    assert set(statuses.values()) == {"approved"}

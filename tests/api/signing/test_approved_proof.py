"""GET /proposals/{id}/approved-proof.pdf, and `stamps verify-proof` on what it serves."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.core.settings import PROJECT_ROOT, Settings
from app.storage.base import content_key
from tests.api.signing.certificates import download
from tests.factories import Flow, Staff


def approved_proof_sha(client: TestClient, pid: int, staff: Staff) -> str:
    events = client.get(f"/api/v1/proposals/{pid}/events", headers=staff.ps_admin.headers).json()
    shas = {e["data"]["proof_sha256"] for e in events if e["kind"] == "reviewed"}
    assert len(shas) == 1
    return str(shas.pop())


def verify_proof(path: Path, settings: Settings, trust: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STAMPS_DATA_DIR": str(settings.data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "verify-proof", str(path), "--trust", str(trust)],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )


def test_approved_proof_is_sealed_and_verifies(
    client: TestClient, flow: Flow, staff: Staff, settings: Settings, tmp_path: Path
) -> None:
    pid = flow.approved()
    r = client.get(f"/api/v1/proposals/{pid}/approved-proof.pdf", headers=staff.om_approver.headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    sealed = r.content
    assert r.headers["etag"] == f'"{hashlib.sha256(sealed).hexdigest()}"'

    proof_sha = approved_proof_sha(client, pid, staff)
    reviewed = (settings.storage_dir / content_key("proofs", proof_sha)).read_bytes()
    assert hashlib.sha256(sealed[: len(reviewed)]).hexdigest() == proof_sha
    assert r.headers["x-reviewed-proof-sha256"] == proof_sha

    good = tmp_path / "sealed.pdf"
    good.write_bytes(sealed)
    trust = download(client, tmp_path / "trust", "PS", "OM")
    result = verify_proof(good, settings, trust)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "for:            Palestine Post (PS)" in result.stdout
    assert "for:            Oman Post (OM)" in result.stdout
    assert result.stdout.count("Approved for print") == 2
    assert result.stdout.count("unchanged since signed, trusted certificate") == 3

    flipped = bytearray(sealed)
    flipped[len(reviewed) // 2] ^= 0x01
    bad = tmp_path / "flipped.pdf"
    bad.write_bytes(bytes(flipped))
    result = verify_proof(bad, settings, trust)
    assert result.returncode == 1
    assert "NOT VALID" in result.stderr

    appended = tmp_path / "appended.pdf"
    appended.write_bytes(sealed + b"\n1 0 obj\n(changed)\nendobj\n")
    result = verify_proof(appended, settings, trust)
    assert result.returncode == 1
    assert "bytes were added after the last signature" in result.stderr


@pytest.mark.usefixtures("client")  # the key is made when the service starts
def test_key_is_private_in_the_data_folder(settings: Settings) -> None:
    for path in (settings.signing_key_path, settings.signing_cert_path):
        assert path.is_file()
        assert path.stat().st_mode & 0o077 == 0
    assert settings.signing_key_path.parent == settings.data_dir / "keys"


def test_same_bytes_on_every_read(client: TestClient, flow: Flow, staff: Staff) -> None:
    pid = flow.approved()
    url = f"/api/v1/proposals/{pid}/approved-proof.pdf"
    first = client.get(url, headers=staff.ps_designer.headers)
    again = client.get(url, headers=staff.ps_designer.headers)
    assert first.content == again.content
    cached = client.get(
        url, headers={**staff.ps_designer.headers, "If-None-Match": first.headers["etag"]}
    )
    assert cached.status_code == 304


def test_non_partner_gets_404(client: TestClient, flow: Flow, staff: Staff) -> None:
    pid = flow.approved()
    r = client.get(f"/api/v1/proposals/{pid}/approved-proof.pdf", headers=staff.eg_admin.headers)
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"


def test_before_approval_gets_409(client: TestClient, flow: Flow, staff: Staff) -> None:
    pid = flow.in_review()
    r = flow.review(pid, staff.ps_approver)
    assert r.status_code == 201, r.text
    r = client.get(f"/api/v1/proposals/{pid}/approved-proof.pdf", headers=staff.ps_admin.headers)
    assert r.status_code == 409
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["current_status"] == "in_review"


def test_anonymous_gets_401(client: TestClient, flow: Flow) -> None:
    pid = flow.approved()
    r = client.get(f"/api/v1/proposals/{pid}/approved-proof.pdf")
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"


def test_issued_proposal_keeps_its_sealed_proof(
    client: TestClient, flow: Flow, staff: Staff
) -> None:
    flow.issued()
    listed = client.get("/api/v1/proposals", headers=staff.ps_admin.headers).json()
    pid = max(p["id"] for p in listed if p["status"] == "issued")
    r = client.get(f"/api/v1/proposals/{pid}/approved-proof.pdf", headers=staff.ps_admin.headers)
    assert r.status_code == 200

"""`stamps verify-proof` where another certificate is installed: a good file is "unknown
certificate", not "changed"; a changed file is "changed" whatever the certificate."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from app.core.settings import Settings
from app.signing import keys
from tests.api.signing.certificates import download
from tests.cli.test_failures import stamps
from tests.factories import Flow, Staff


def test_another_installation_tells_unknown_from_changed(
    client: TestClient, flow: Flow, staff: Staff, settings: Settings, tmp_path: Path
) -> None:
    pid = flow.approved()
    url = f"/api/v1/proposals/{pid}/approved-proof.pdf"
    sealed = client.get(url, headers=staff.om_approver.headers).content
    good = tmp_path / "sealed.pdf"
    good.write_bytes(sealed)
    other = tmp_path / "other"
    keys.ensure(other / "keys" / "seal-key.pem", other / "keys" / "seal-cert.pem")
    sealer = keys.load(settings.signing_key_path, settings.signing_cert_path).fingerprint

    ran = stamps(other, "verify-proof", str(good))
    assert ran.status == 3, ran.stdout + ran.stderr
    assert "Traceback" not in ran.stdout + ran.stderr
    assert "BROKEN" not in ran.stdout
    assert ran.stdout.count("unchanged since signed, UNKNOWN CERTIFICATE") == 3
    assert f"SHA-256 {sealer}" in ran.stdout
    assert "UNKNOWN CERTIFICATE" in ran.stderr
    assert "is unchanged since it was signed" in ran.stderr
    assert "NOT VALID" not in ran.stderr

    # The service's certificate alone vouches for the seal, not for the approvals.
    ran = stamps(other, "verify-proof", "--cert", str(settings.signing_cert_path), str(good))
    assert ran.status == 3, ran.stdout + ran.stderr
    assert ran.stdout.count("unchanged since signed, trusted certificate") == 1

    trust = download(client, tmp_path / "trust", "PS", "OM")
    ran = stamps(other, "verify-proof", "--trust", str(trust), str(good))
    assert ran.status == 0, ran.stdout + ran.stderr

    flipped = bytearray(sealed)
    flipped[len(sealed) // 3] ^= 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(flipped))
    for data_dir in (other, settings.data_dir):
        ran = stamps(data_dir, "verify-proof", str(changed))
        assert ran.status == 1, ran.stdout + ran.stderr
        assert "the signed bytes were changed" in ran.stdout
        assert "NOT VALID" in ran.stderr
        assert "was changed" in ran.stderr
        assert "UNKNOWN CERTIFICATE" not in ran.stderr

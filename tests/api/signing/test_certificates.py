"""GET /api/v1/certificates: anyone may fetch the service's sealing certificate, and a sealed
proof verifies against it with no access to the server's data folder."""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from fastapi.testclient import TestClient

from app.core.settings import Settings
from app.signing import keys, verify
from tests.api.signing import certificates
from tests.factories import Flow, Staff


def test_the_certificate_is_public_and_seals_the_approved_proofs(
    client: TestClient, flow: Flow, staff: Staff, settings: Settings
) -> None:
    answer = client.get("/api/v1/certificates")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/x-pem-file"
    assert answer.text.startswith("-----BEGIN CERTIFICATE-----")
    published = x509.load_pem_x509_certificate(answer.content)
    kept = keys.load_certificate(settings.signing_cert_path)
    assert published == kept
    assert answer.headers["etag"] == f'"{published.fingerprint(hashes.SHA256()).hex()}"'
    again = client.get("/api/v1/certificates", headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304

    pid = flow.approved()
    sealed = client.get(
        f"/api/v1/proposals/{pid}/approved-proof.pdf", headers=staff.om_approver.headers
    ).content
    alone = verify.verify(sealed, published)
    assert alone.unknown_signers_only  # the approvals are the administrations' to vouch for
    assert [s.signer_known for s in alone.signatures] == [True, False, False]
    report = verify.verify(sealed, certificates.published(client, "PS", "OM"))
    assert report.ok
    signers = " ".join(s.administration for s in report.signatures)
    assert "(PS)" in signers
    assert "(OM)" in signers


def test_the_catalogue_links_to_it(client: TestClient) -> None:
    for lang, words, oman in (
        ("en", "Service certificate", "Certificates of Oman Post"),
        ("ar", "شهادة الخدمة", "شهادات بريد عُمان"),
    ):
        page = client.get(f"/catalogue?lang={lang}")
        assert 'href="/api/v1/certificates"' in page.text
        assert words in page.text
        assert 'href="/api/v1/administrations/OM/certificates"' in page.text
        assert oman in page.text

"""Each administration signs its approvals with its own key, published for partners to check.

Checked with pyHanko alone against nothing but the downloaded certificates: the seal is the
service's, each approval its administration's; a rotation keeps older proofs verifiable; a
key from an administration's own certificate authority is imported from PKCS#12.
"""

from __future__ import annotations

import io
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from fastapi.testclient import TestClient
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from app.signing import verify
from tests.api.signing import certificates
from tests.api.signing.certificates import administration_url, authority_and_pkcs12, published
from tests.factories import Flow, Staff


def sealed_proof(client: TestClient, flow: Flow, staff: Staff) -> bytes:
    pid = flow.approved()
    answer = client.get(
        f"/api/v1/proposals/{pid}/approved-proof.pdf", headers=staff.om_approver.headers
    )
    assert answer.status_code == 200, answer.text
    return bytes(answer.content)


def der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def signers_by_pyhanko(pdf: bytes, trusted: list[x509.Certificate]) -> dict[str, bytes]:
    """Field name → DER of the signing certificate, for signatures pyHanko finds trusted and
    intact against `trusted` alone."""
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(der(c)) for c in trusted], allow_fetching=False
    )
    found = {}
    for embedded in PdfFileReader(io.BytesIO(pdf)).embedded_signatures:
        status = validate_pdf_signature(embedded, context)
        details = str(status.summary())
        assert status.intact, details
        assert status.valid, details
        assert status.trusted, details
        found[str(embedded.field_name)] = status.signing_cert.dump()
    return found


def test_each_approval_is_signed_with_its_administrations_published_certificate(
    client: TestClient, flow: Flow, staff: Staff
) -> None:
    sealed = sealed_proof(client, flow, staff)
    service = x509.load_pem_x509_certificate(client.get(certificates.SERVICE).content)
    ps = x509.load_pem_x509_certificates(client.get(administration_url("PS")).content)
    om = x509.load_pem_x509_certificates(client.get(administration_url("OM")).content)
    assert len(ps) == len(om) == 1
    assert ps[0].subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == (
        "Palestine Post"
    )
    assert om[0].subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value == "OM"

    signers = signers_by_pyhanko(sealed, [service, *ps, *om])
    assert signers == {
        "ServiceSeal": der(service),
        "Approval-PS": der(ps[0]),
        "Approval-OM": der(om[0]),
    }
    # Palestine Post's certificate does not vouch for Oman Post's approval.
    report = verify.verify(sealed, [service, *ps])
    assert report.unknown_signers_only
    assert {s.field for s in report.signatures if not s.signer_known} == {"Approval-OM"}
    # Nobody else's administration signed: Egypt Post has no identity yet.
    answer = client.get(administration_url("EG"), headers={"Accept": "application/json"})
    assert answer.status_code == 200
    assert answer.json() == []


def test_the_certificates_are_public_with_their_validity(
    client: TestClient, flow: Flow, staff: Staff
) -> None:
    sealed_proof(client, flow, staff)
    answer = client.get(administration_url("ps"))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/x-pem-file"
    assert "Status: current (generated)" in answer.text
    again = client.get(administration_url("PS"), headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304
    listed = client.get(administration_url("PS"), headers={"Accept": "application/json"}).json()
    assert [(i["administration"], i["status"], i["origin"]) for i in listed] == [
        ("PS", "current", "generated")
    ]
    assert "private" not in answer.text.lower()
    assert client.get(administration_url("XX")).status_code == 404


def test_a_rotation_keeps_older_proofs_verifiable(
    client: TestClient, flow: Flow, staff: Staff
) -> None:
    before = sealed_proof(client, flow, staff)
    rotated = client.post(
        "/api/v1/administrations/PS/signing-identities", headers=staff.ps_admin.headers
    )
    assert rotated.status_code == 201, rotated.text
    assert rotated.json()["status"] == "current"
    after = sealed_proof(client, flow, staff)

    listed = client.get(administration_url("PS"), headers={"Accept": "application/json"}).json()
    assert [i["status"] for i in listed] == ["current", "retired"]
    assert listed[0]["fingerprint"] == rotated.json()["fingerprint"]
    trusted = published(client, "PS", "OM")
    assert len(trusted) == 4  # the service, PS current and retired, OM
    old = signers_by_pyhanko(before, trusted)["Approval-PS"]
    new = signers_by_pyhanko(after, trusted)["Approval-PS"]
    assert old != new
    assert (
        x509.load_der_x509_certificate(new).fingerprint(hashes.SHA256()).hex()
        == (rotated.json()["fingerprint"])
    )
    assert verify.verify(before, trusted).ok
    assert verify.verify(after, trusted).ok


def test_only_the_administrations_own_admin_changes_its_identity(
    client: TestClient, staff: Staff
) -> None:
    url = "/api/v1/administrations/PS/signing-identities"
    assert client.post(url).status_code == 401
    assert client.post(url, headers=staff.ps_approver.headers).status_code == 403
    refused = client.post(url, headers=staff.om_admin.headers)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    assert client.get(administration_url("PS"), headers={"Accept": "application/json"}).json() == []


def test_a_key_from_the_administrations_own_authority_is_imported(
    client: TestClient, flow: Flow, staff: Staff, tmp_path: Path
) -> None:
    ca, bundle = authority_and_pkcs12(b"correct horse")
    url = "/api/v1/administrations/PS/signing-identities/pkcs12"
    files = {"file": ("ps.p12", bundle, "application/x-pkcs12")}
    wrong = client.post(
        url, files=files, data={"password": "wrong"}, headers=staff.ps_admin.headers
    )
    assert wrong.status_code == 422
    assert wrong.json()["type"].endswith("bad-pkcs12")
    junk = {"file": ("ps.p12", b"not a pkcs12 file", "application/x-pkcs12")}
    assert client.post(url, files=junk, headers=staff.ps_admin.headers).status_code == 422
    assert (
        client.post(
            url, files=files, data={"password": "correct horse"}, headers=staff.om_admin.headers
        )
    ).status_code == 403
    assert client.get(administration_url("PS"), headers={"Accept": "application/json"}).json() == []

    done = client.post(
        url, files=files, data={"password": "correct horse"}, headers=staff.ps_admin.headers
    )
    assert done.status_code == 201, done.text
    assert done.json()["origin"] == "imported"
    again = client.post(
        url, files=files, data={"password": "correct horse"}, headers=staff.ps_admin.headers
    )
    assert again.status_code == 422  # the same certificate twice

    sealed = sealed_proof(client, flow, staff)
    # A partner trusts Palestine Post's root, as published with its certificate.
    ps_published = x509.load_pem_x509_certificates(client.get(administration_url("PS")).content)
    assert der(ca) in {der(c) for c in ps_published}
    service = x509.load_pem_x509_certificate(client.get(certificates.SERVICE).content)
    om = x509.load_pem_x509_certificates(client.get(administration_url("OM")).content)
    signers = signers_by_pyhanko(sealed, [service, ca, *om])
    leaf = x509.load_der_x509_certificate(signers["Approval-PS"])
    assert leaf.issuer == ca.subject
    assert isinstance(leaf.public_key(), rsa.RSAPublicKey)
    trust = certificates.download(client, tmp_path / "trust", "PS", "OM")
    assert verify.verify(sealed, published(client, "PS", "OM")).ok
    assert sorted(p.name for p in trust.iterdir()) == ["om.pem", "ps.pem", "service.pem"]

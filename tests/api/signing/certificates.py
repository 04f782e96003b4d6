"""Download what a partner trusts: the service's certificate and each administration's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from fastapi.testclient import TestClient

SERVICE = "/api/v1/certificates"


def administration_url(code: str) -> str:
    return f"/api/v1/administrations/{code}/certificates"


def download(client: TestClient, folder: Path, *codes: str) -> Path:
    """The published certificates, one PEM file each, as a partner would save them."""
    folder.mkdir(parents=True, exist_ok=True)
    answer = client.get(SERVICE)
    assert answer.status_code == 200
    (folder / "service.pem").write_bytes(answer.content)
    for code in codes:
        answer = client.get(administration_url(code))
        assert answer.status_code == 200, answer.text
        (folder / f"{code.lower()}.pem").write_bytes(answer.content)
    return folder


def published(client: TestClient, *codes: str) -> list[x509.Certificate]:
    found = list(x509.load_pem_x509_certificates(client.get(SERVICE).content))
    for code in codes:
        found.extend(x509.load_pem_x509_certificates(client.get(administration_url(code)).content))
    return found


def authority_and_pkcs12(password: bytes) -> tuple[x509.Certificate, bytes]:
    """An administration's own CA, and a PKCS#12 of an RSA signing key it certified."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Palestine Post Root CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COMMON_NAME, "Palestine Post stamp approvals"),
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Palestine Post"),
                ]
            )
        )
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    bundle = pkcs12.serialize_key_and_certificates(
        b"ps-approvals", key, leaf, [ca], serialization.BestAvailableEncryption(password)
    )
    return ca, bundle

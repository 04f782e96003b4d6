"""The service's sealing key: ECDSA P-256 with a self-signed certificate, made on first start.

The key and certificate live in the data folder (never in the repository), readable by the
service's user only (0600). Two processes starting at once must not each make a key and
overwrite the other's: creation runs under an exclusive lock on a file beside the key, the
files are written to temporary names and renamed into place, and whoever gets the lock second
finds both files and loads them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

SUBJECT_NAME = "Joint Stamp Studio proof seal"
ORGANISATION = "Joint Stamp Studio"
VALIDITY = dt.timedelta(days=20 * 365)


@dataclass(frozen=True)
class ServiceKey:
    """The private key and the certificate that names its public half."""

    private_key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def certificate_der(self) -> bytes:
        return service_signing_key(self).certificate_der

    @property
    def private_key_der(self) -> bytes:
        return service_signing_key(self).private_key_der

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the certificate, as shown to people comparing certificates."""
        return self.certificate.fingerprint(hashes.SHA256()).hex()


SigningPrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


@dataclass(frozen=True)
class SigningKey:
    """Any key that signs a proof: the service's, or an administration's own (which may be
    RSA when imported from its certificate authority), with the chain up to its root."""

    private_key: SigningPrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def certificate_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def private_key_der(self) -> bytes:
        return self.private_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


def service_signing_key(key: ServiceKey) -> SigningKey:
    return SigningKey(key.private_key, key.certificate)


def make_certificate(
    key: ec.EllipticCurvePrivateKey,
    now: dt.datetime,
    common_name: str = SUBJECT_NAME,
    organisation: str = ORGANISATION,
    country: str | None = None,
) -> x509.Certificate:
    """A self-signed certificate for document signing (no CA, content commitment)."""
    attributes = [
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
    ]
    if country:
        attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, country))
    name = x509.Name(attributes)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def load_certificate(path: Path) -> x509.Certificate:
    """The service certificate alone (all a verifier needs)."""
    return x509.load_pem_x509_certificate(path.read_bytes())


def load_private_key(key_path: Path) -> ec.EllipticCurvePrivateKey:
    private_key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    if not isinstance(private_key, ec.EllipticCurvePrivateKey):
        raise ValueError(f"{key_path} is not an ECDSA key")
    return private_key


def load(key_path: Path, cert_path: Path) -> ServiceKey:
    private_key = load_private_key(key_path)
    certificate = load_certificate(cert_path)
    if certificate.public_key() != private_key.public_key():
        raise ValueError(f"{cert_path} does not certify the key in {key_path}")
    return ServiceKey(private_key, certificate)


def ensure(key_path: Path, cert_path: Path) -> ServiceKey:
    """Load the service key, creating key and certificate first if they do not exist yet."""
    if key_path.is_file() and cert_path.is_file():
        return load(key_path, cert_path)
    with _exclusive(key_path.with_name(key_path.name + ".lock")):
        if key_path.is_file():  # a lost certificate is made again for the same key
            private_key = load_private_key(key_path)
        else:
            private_key = ec.generate_private_key(ec.SECP256R1())
            _write_private(
                key_path,
                private_key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                ),
            )
        if not cert_path.is_file():
            certificate = make_certificate(private_key, dt.datetime.now(dt.UTC))
            _write_private(cert_path, certificate.public_bytes(serialization.Encoding.PEM))
    return load(key_path, cert_path)


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """An advisory lock other processes on this machine wait for."""
    lock_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _write_private(path: Path, data: bytes) -> None:
    """Write a 0600 file atomically: a temporary name, fsync, rename."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    temporary.replace(path)

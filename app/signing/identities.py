"""Each administration's own signing identity: made here, or imported from its own CA.

An approval is signed with the key of the approver's administration, so a partner checks it
against that administration's published certificates and nothing of ours. Rotation makes a
new identity current and retires the old one, which stays published: a retired certificate
keeps its validity, so every proof it signed still verifies.

Private keys are stored in the database (shared by every server of an installation) as
PKCS#8 PEM encrypted with a key derived from the service secret; changing the secret makes
stored keys unusable, so an installation that rotates its secret makes or imports new ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.administrations.models import Administration
from app.core.problems import P_, Unprocessable
from app.signing import keys
from app.signing.models import SigningIdentity

GENERATED = "generated"
IMPORTED = "imported"
# Longest PKCS#12 file taken (a key, its certificate and a chain are a few kilobytes).
MAX_PKCS12_BYTES = 256 * 1024


class BadPkcs12(Unprocessable):
    type, title = "bad-pkcs12", P_("The PKCS#12 file cannot be used")


def _password(secret_key: str) -> bytes:
    """The key that encrypts stored private keys, derived from the service secret."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"joint-stamp-studio",
        info=b"signing identity private keys",
    ).derive(secret_key.encode())


def _pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def current(session: Session, administration_id: int) -> SigningIdentity | None:
    return session.scalar(
        select(SigningIdentity)
        .where(
            SigningIdentity.administration_id == administration_id,
            SigningIdentity.retired_at.is_(None),
        )
        .order_by(SigningIdentity.id.desc())
        .limit(1)
    )


def published(session: Session, administration_id: int) -> list[SigningIdentity]:
    """Every identity the administration ever signed with, newest first."""
    return list(
        session.scalars(
            select(SigningIdentity)
            .where(SigningIdentity.administration_id == administration_id)
            .order_by(SigningIdentity.id.desc())
        )
    )


def _store(
    session: Session,
    administration: Administration,
    private_key: keys.SigningPrivateKey,
    certificate: x509.Certificate,
    chain: list[x509.Certificate],
    origin: str,
    secret_key: str,
    now: dt.datetime,
) -> SigningIdentity:
    """Retire the current identity and make this one current, in the caller's transaction."""
    fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
    if session.scalar(select(SigningIdentity).where(SigningIdentity.fingerprint == fingerprint)):
        raise BadPkcs12("This certificate is already a signing identity of this service")
    previous = current(session, administration.id)
    if previous is not None:
        previous.retired_at = now
    encrypted = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(_password(secret_key)),
    )
    row = SigningIdentity(
        administration_id=administration.id,
        fingerprint=fingerprint,
        certificate_pem=_pem(certificate),
        chain_pem="".join(_pem(c) for c in chain),
        private_key_pem=encrypted.decode("ascii"),
        origin=origin,
        subject=certificate.subject.rfc4514_string()[:300],
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def generate(
    session: Session, administration: Administration, secret_key: str, now: dt.datetime
) -> SigningIdentity:
    """A new ECDSA P-256 key with a self-signed certificate naming the administration."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    certificate = keys.make_certificate(
        private_key,
        now,
        common_name=f"{administration.name_en} approvals",
        organisation=administration.name_en,
        country=administration.code,
    )
    return _store(session, administration, private_key, certificate, [], GENERATED, secret_key, now)


def import_pkcs12(
    session: Session,
    administration: Administration,
    data: bytes,
    password: str,
    secret_key: str,
    now: dt.datetime,
) -> SigningIdentity:
    """The key and certificate (and its chain) an administration's own CA issued."""
    if len(data) > MAX_PKCS12_BYTES:
        raise BadPkcs12(f"A PKCS#12 file is at most {MAX_PKCS12_BYTES} bytes")
    try:
        private_key, certificate, chain = pkcs12.load_key_and_certificates(
            data, password.encode() if password else None
        )
    except (ValueError, TypeError) as exc:
        raise BadPkcs12(
            "Not a PKCS#12 file, or the password does not open it", field="file"
        ) from exc
    if not isinstance(private_key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise BadPkcs12("The file must hold an ECDSA or RSA private key", field="file")
    if certificate is None or certificate.public_key() != private_key.public_key():
        raise BadPkcs12("The file must hold the certificate of its private key", field="file")
    if certificate.not_valid_after_utc <= now:
        raise BadPkcs12(
            f"The certificate expired on {certificate.not_valid_after_utc:%Y-%m-%d}", field="file"
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        raise BadPkcs12("The certificate may not be used for signatures", field="file")
    return _store(
        session, administration, private_key, certificate, list(chain), IMPORTED, secret_key, now
    )


def signing_key(row: SigningIdentity, secret_key: str) -> keys.SigningKey:
    """The identity's key, decrypted for one signature."""
    private_key = serialization.load_pem_private_key(
        row.private_key_pem.encode("ascii"), password=_password(secret_key)
    )
    if not isinstance(private_key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise ValueError(f"signing identity {row.fingerprint} holds an unusable key")
    chain = tuple(x509.load_pem_x509_certificates(row.chain_pem.encode())) if row.chain_pem else ()
    return keys.SigningKey(
        private_key, x509.load_pem_x509_certificate(row.certificate_pem.encode()), chain
    )


def for_signing(
    session: Session, administration: Administration, secret_key: str, now: dt.datetime
) -> keys.SigningKey:
    """The administration's current key; its first approval to be sealed makes one."""
    row = current(session, administration.id) or generate(session, administration, secret_key, now)
    return signing_key(row, secret_key)


def bundle(rows: list[SigningIdentity]) -> str:
    """PEM, each certificate preceded by what it is (RFC 7468 allows text between blocks)."""
    parts = []
    for row in rows:
        state = f"retired {row.retired_at:%Y-%m-%dT%H:%M:%SZ}" if row.retired_at else "current"
        parts.append(
            f"Subject: {row.subject}\n"
            f"SHA-256: {row.fingerprint}\n"
            f"Valid: {row.not_before:%Y-%m-%dT%H:%M:%SZ} to {row.not_after:%Y-%m-%dT%H:%M:%SZ}\n"
            f"Status: {state} ({row.origin})\n"
            f"{row.certificate_pem}{row.chain_pem}"
        )
    return "\n".join(parts)


def etag(rows: list[SigningIdentity]) -> str:
    text = "|".join(f"{r.fingerprint}:{r.retired_at}" for r in rows)
    return hashlib.sha256(text.encode()).hexdigest()

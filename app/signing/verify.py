"""Check a sealed proof against trusted certificates: every signature, and the whole file.

The trusted certificates are the service's and the administrations' as published by the API
(or one installation's service certificate alone). A sealed proof passes only if the file
parses, its first signature is the service's certification seal, every signature is
cryptographically intact and made with a trusted certificate (or one that chains to it),
nothing but signatures was added after the seal (pyHanko's difference analysis and DocMDP),
and the last signature covers the entire file, so nothing was appended after it.

Whether the bytes are unchanged and who signed them are told apart: a file checked against
another installation's certificate is intact yet unknown, not "changed", and the report says
which certificate signed it so the reader can look for the right one.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from app.signing.seal import SEAL_FIELD

UNKNOWN_CERTIFICATE = "not signed with a trusted certificate"


@dataclass(frozen=True)
class SignatureFinding:
    """What one signature says, and whether it still holds."""

    field: str
    name: str
    administration: str
    meaning: str
    signed_at: dt.datetime | None
    intact: bool
    problems: tuple[str, ...]
    # SHA-256 of the certificate that made the signature ("" when none can be read), and
    # whether it is the certificate the file was checked against.
    signer_sha256: str = ""
    signer_known: bool = True
    # The signing certificate's subject (who the certificate says signed).
    signer_subject: str = ""


@dataclass
class Report:
    signatures: list[SignatureFinding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    reviewed_sha256: str | None = None

    @property
    def ok(self) -> bool:
        return (
            bool(self.signatures) and not self.problems and all(s.intact for s in self.signatures)
        )

    @property
    def unknown_signers_only(self) -> bool:
        """Every byte is as signed; what fails is only who signed (another certificate)."""
        return (
            bool(self.signatures)
            and not self.problems
            and any(not s.signer_known for s in self.signatures)
            and all(set(s.problems) <= {UNKNOWN_CERTIFICATE} for s in self.signatures)
        )


def _text(sig_object: Any, key: str) -> str:
    value = sig_object.get(key)
    return str(value) if value is not None else ""


def _check_one(
    embedded: Any, context: ValidationContext, trusted_der: set[bytes]
) -> tuple[list[str], str, str]:
    """The problems of one signature, and the SHA-256 and subject of its certificate."""
    problems = []
    status = validate_pdf_signature(embedded, context, skip_diff=False)
    cert = status.signing_cert
    signer = cert.sha256.hex() if cert is not None else ""
    subject = cert.subject.human_friendly if cert is not None else ""
    if not status.intact:
        problems.append("the signed bytes were changed")
    if not status.valid:
        problems.append("the signature does not verify")
    if cert is None or (cert.dump() not in trusted_der and not status.trusted):
        problems.append(UNKNOWN_CERTIFICATE)
    elif status.intact and status.valid and not status.trusted:
        problems.append("the certificate is not valid for this signature")
    if status.modification_level is None or status.modification_level > (
        ModificationLevel.FORM_FILLING
    ):
        problems.append("the document was changed after this signature")
    if status.docmdp_ok is False:
        problems.append("a change after the seal breaks its permissions")
    return problems, signer, subject


def verify(data: bytes, trusted: x509.Certificate | Sequence[x509.Certificate]) -> Report:
    """Verify a sealed proof's bytes; the report lists each signature and every problem."""
    report = Report()
    certificates = [trusted] if isinstance(trusted, x509.Certificate) else list(trusted)
    trusted_der = {c.public_bytes(serialization.Encoding.DER) for c in certificates}
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(der) for der in trusted_der],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # a damaged file fails verification, whatever broke in it
        report.problems.append(f"not a readable PDF: {exc}")
        return report
    if not embedded:
        report.problems.append("no signatures")
        return report
    if embedded[0].field_name != SEAL_FIELD or embedded[0].docmdp_level is None:
        report.problems.append("the first signature is not the service's certification seal")
    for item in embedded:
        signer = subject = ""
        try:
            problems, signer, subject = _check_one(item, context, trusted_der)
        except (SignatureValidationError, PdfError, ValueError, KeyError) as exc:
            problems = [f"cannot be validated: {exc}"]
        sig_object = item.sig_object
        report.signatures.append(
            SignatureFinding(
                field=str(item.field_name),
                name=_text(sig_object, "/Name"),
                administration=_text(sig_object, "/Location"),
                meaning=_text(sig_object, "/Reason"),
                signed_at=item.self_reported_timestamp,
                intact=not problems,
                problems=tuple(problems),
                signer_sha256=signer,
                signer_known=UNKNOWN_CERTIFICATE not in problems,
                signer_subject=subject,
            )
        )
    last = embedded[-1]
    try:
        covers_all = last.evaluate_signature_coverage() == SignatureCoverageLevel.ENTIRE_FILE
    except (SignatureValidationError, ValueError) as exc:
        covers_all = False
        report.problems.append(f"coverage cannot be checked: {exc}")
    if not covers_all:
        report.problems.append("bytes were added after the last signature")
    return report

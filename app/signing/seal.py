"""Seal a reviewed proof: PAdES signatures added by incremental update, reviewed bytes intact.

The result is the reviewed PDF, byte for byte, followed by incremental updates:

1. the service's certification signature (DocMDP: only form filling and signatures may
   follow), whose revision adds a bilingual sign-off page after the reviewed pages;
2. one approval signature per administration, in approval order, each with the approver's
   printed name (/Name), the administration (/Location), the meaning "Approved for print"
   (/Reason), the server time of the approval (/M), and a visible stamp on the sign-off page.

The seal is made with the service key; each approval with the key of the approver's own
administration (`identities`), so a partner checks it against that administration's published
certificates. The signature attests that the service recorded that approval, re-authenticated,
on these bytes, for that administration. Times come from the recorded approvals and ECDSA
signatures are deterministic (RFC 6979), so sealing the same approvals again gives the same
signatures.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from pyhanko.pdf_utils import generic as pdf_generic
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.signing import appearance
from app.signing.appearance import StampText
from app.signing.keys import ServiceKey, SigningKey, service_signing_key

# pyHanko's PDF object constructors are untyped; they are used through an Any-typed alias.
_pdf: Any = pdf_generic
SEAL_FIELD = "ServiceSeal"
SERVICE_NAME = "Joint Stamp Studio"


@dataclass(frozen=True)
class Approval:
    """One administration's approval as recorded by the service."""

    name: str
    username: str
    administration_code: str
    administration_en: str
    administration_ar: str
    approved_at: dt.datetime

    @property
    def field_name(self) -> str:
        return f"Approval-{self.administration_code}"


@dataclass(frozen=True)
class SealRequest:
    proposal_id: int
    title_en: str
    title_ar: str
    proof_sha256: str
    approvals: tuple[Approval, ...]


class _PdfPage(PdfContent):
    """A one-page PDF (in memory) drawn as a form XObject, under a fixed resource name."""

    def __init__(self, pdf: bytes, resource_name: str) -> None:
        super().__init__()
        self.pdf = pdf
        self.resource_name = resource_name

    def render(self) -> bytes:
        xobject = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.pdf)))
        self.resources.xobject["/" + self.resource_name] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return f"/{self.resource_name} Do".encode("ascii")


def _certificate_store(key: SigningKey) -> Any:
    """The chain up to the root travels in the signature, so a verifier can build the path."""
    store: Any = SimpleCertificateStore
    registry = store()
    for certificate in key.chain:
        der = certificate.public_bytes(serialization.Encoding.DER)
        registry.register(asn1_x509.Certificate.load(der))
    return registry


class _DeterministicSigner(signers.SimpleSigner):
    """ECDSA with RFC 6979 nonces, or RSA PKCS#1 v1.5: equal inputs give equal signatures."""

    def __init__(self, key: SigningKey) -> None:
        super().__init__(
            signing_cert=asn1_x509.Certificate.load(key.certificate_der),
            signing_key=asn1_keys.PrivateKeyInfo.load(key.private_key_der),
            cert_registry=_certificate_store(key),
        )
        self._private_key = key.private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        if digest_algorithm.lower() != "sha256":
            raise ValueError(f"proofs are signed with SHA-256, not {digest_algorithm}")
        if isinstance(self._private_key, ec.EllipticCurvePrivateKey):
            return self._private_key.sign(
                data, ec.ECDSA(hashes.SHA256(), deterministic_signing=True)
            )
        return self._private_key.sign(data, padding.PKCS1v15(), hashes.SHA256())


class _TimedPdfSigner(signers.PdfSigner):
    """A PdfSigner whose signing time is given (the recorded approval time), not the clock."""

    def __init__(self, signing_time: dt.datetime, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session: PdfSigningSession = super().init_signing_session(
            pdf_out, existing_fields_only=existing_fields_only
        )
        session.system_time = self._signing_time
        return session


class _Writer(IncrementalPdfFileWriter):
    """An incremental writer that leaves the document information dictionary alone.

    pyHanko stamps /ModDate with the clock in every revision; changing the information
    dictionary after a certification signature counts as a modification the seal forbids,
    and the clock would make equal seals differ.
    """

    def _update_meta(self) -> None:
        return None


def _writer(data: bytes, tag: str) -> IncrementalPdfFileWriter:
    """A writer whose new trailer ID derives from the input, not from randomness."""
    writer = _Writer(io.BytesIO(data), strict=False)
    id1 = writer._document_id[0]
    id2 = hashlib.sha256(data + tag.encode()).digest()[:16]
    writer._document_id = _pdf.ArrayObject([id1, _pdf.ByteStringObject(id2)])
    return writer


def _sign(
    data: bytes,
    key: SigningKey,
    *,
    meta: signers.PdfSignatureMetadata,
    stamp: StampText,
    page: int,
    box: tuple[int, int, int, int],
    signing_time: dt.datetime,
    signoff_page: bytes | None = None,
    empty_fields: Sequence[tuple[str, tuple[int, int, int, int]]] = (),
) -> bytes:
    field_name = str(meta.field_name)
    writer = _writer(data, field_name)
    if signoff_page is not None:
        _append_page(writer, signoff_page)
    # Fields made in the certified revision may be signed later; new ones may not (DocMDP).
    for name, field_box in empty_fields:
        fields.append_signature_field(
            writer, fields.SigFieldSpec(name, on_page=page, box=field_box)
        )
    x1, y1, x2, y2 = box
    art = appearance.render_stamp(stamp, x2 - x1, y2 - y1)
    style = StaticStampStyle(
        background=_PdfPage(art, f"Stamp{field_name}"),
        border_width=0,
        background_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID, margins=Margins()
        ),
    )
    pdf_signer = _TimedPdfSigner(
        signing_time,
        meta,
        signer=_DeterministicSigner(key),
        stamp_style=style,
    )
    if signoff_page is not None:  # the seal's own field is made with it
        fields.append_signature_field(
            writer, fields.SigFieldSpec(field_name, on_page=page, box=box)
        )
    out = io.BytesIO()
    asyncio.run(pdf_signer.async_sign_pdf(writer, existing_fields_only=True, output=out))
    return out.getvalue()


def _append_page(writer: Any, pdf: bytes) -> None:
    """Add a page drawn elsewhere (the sign-off page) after the last page."""
    xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(pdf)))
    contents = _pdf.StreamObject(stream_data=b"q /SignOff Do Q")
    resources = _pdf.DictionaryObject(
        {_pdf.pdf_name("/XObject"): _pdf.DictionaryObject({_pdf.pdf_name("/SignOff"): xobject})}
    )
    page = _pdf.DictionaryObject(
        {
            _pdf.pdf_name("/Type"): _pdf.pdf_name("/Page"),
            _pdf.pdf_name("/MediaBox"): _pdf.ArrayObject(
                [_pdf.FloatObject(v) for v in (0, 0, appearance.PAGE_WIDTH, appearance.PAGE_HEIGHT)]
            ),
            _pdf.pdf_name("/Contents"): writer.add_object(contents),
            _pdf.pdf_name("/Resources"): resources,
        }
    )
    writer.insert_page(page)


def _meta(field: str, name: str, reason: str, location: str, certify: bool) -> Any:
    return signers.PdfSignatureMetadata(
        field_name=field,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=name,
        reason=reason,
        location=location,
        certify=certify,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
    )


def seal(
    reviewed: bytes,
    request: SealRequest,
    key: ServiceKey,
    approvers: Mapping[str, SigningKey] | None = None,
) -> bytes:
    """The sealed proof: the reviewed bytes plus the seal and one signature per approval,
    each made with its administration's key in `approvers` (by code; the service key for an
    administration not in it)."""
    service = service_signing_key(key)
    by_code = approvers or {}
    if not request.approvals:
        raise ValueError("a proof is sealed only once approved")
    if hashlib.sha256(reviewed).hexdigest() != request.proof_sha256:
        raise ValueError("the reviewed bytes are not the approved proof")
    pages = int(PdfFileReader(io.BytesIO(reviewed), strict=False).root["/Pages"]["/Count"])
    sealed_at = max(a.approved_at for a in request.approvals)
    signoff = appearance.render_signoff_page(
        request.proposal_id,
        request.title_en,
        request.title_ar,
        request.proof_sha256,
        1 + len(request.approvals),
    )
    data = _sign(
        reviewed,
        service,
        meta=_meta(
            SEAL_FIELD,
            SERVICE_NAME,
            f"Sealed as reviewed: proof SHA-256 {request.proof_sha256}",
            f"Proposal {request.proposal_id}",
            certify=True,
        ),
        stamp=StampText(
            heading_en=appearance.SEAL_MEANING_EN,
            heading_ar=appearance.SEAL_MEANING_AR,
            name=SERVICE_NAME,
            detail_en=f"Proposal #{request.proposal_id} · proof {request.proof_sha256[:16]}…",
            detail_ar="ختم الخدمة",
            at=sealed_at,
            seal=True,
        ),
        page=pages,
        box=appearance.stamp_box(0),
        signing_time=sealed_at,
        signoff_page=signoff,
        empty_fields=[
            (approval.field_name, appearance.stamp_box(index))
            for index, approval in enumerate(request.approvals, start=1)
        ],
    )
    for index, approval in enumerate(request.approvals, start=1):
        location = f"{approval.administration_en} ({approval.administration_code})"
        data = _sign(
            data,
            by_code.get(approval.administration_code, service),
            meta=_meta(
                approval.field_name,
                approval.name,
                appearance.MEANING_EN,
                location,
                certify=False,
            ),
            stamp=StampText(
                heading_en=appearance.MEANING_EN,
                heading_ar=appearance.MEANING_AR,
                name=f"{approval.name} ({approval.username})",
                detail_en=location,
                detail_ar=approval.administration_ar,
                at=approval.approved_at,
            ),
            page=pages,
            box=appearance.stamp_box(index),
            signing_time=approval.approved_at,
        )
    return data

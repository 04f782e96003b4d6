"""GET /api/v1/certificates: the service's sealing certificate, public, as PEM.

A partner administration checks a sealed proof with nothing but the file and this
certificate (`stamps verify-proof FILE --cert service.pem`, or pyHanko alone), without any
access to the server's data folder; the ETag is the certificate's SHA-256 fingerprint.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import serialization
from fastapi import APIRouter, Request, Response

from app.core import etags
from app.signing.deps import SealerDep

router = APIRouter(prefix="/api/v1", tags=["certificates"])
PEM: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/x-pem-file": {}},
        "description": "The service's sealing certificate (X.509, PEM)",
    },
    304: {"description": "Not modified"},
}


@router.get("/certificates", response_class=Response, responses=PEM)
def service_certificate(request: Request, sealer: SealerDep) -> Response:
    """The certificate whose key seals every approved proof as reviewed."""
    key = sealer.key()
    etag = f'"{key.fingerprint}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=3600",
        "Content-Disposition": 'inline; filename="joint-stamp-studio-service.pem"',
    }
    if etags.none_match(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    pem = key.certificate.public_bytes(serialization.Encoding.PEM)
    return Response(pem, media_type="application/x-pem-file", headers=headers)

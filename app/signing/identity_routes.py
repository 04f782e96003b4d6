"""Administrations' signing identities: public certificates, rotation and PKCS#12 import.

`GET /administrations/{code}/certificates` is public: a partner downloads the certificates
(current and retired) and checks that administration's approvals with them alone. Making a
new key or importing one from the administration's own certificate authority is for that
administration's admins only; it retires the previous identity, whose signatures still verify.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile, status

from app.auth import service as auth
from app.auth.deps import AdminActor
from app.auth.service import Actor
from app.core import etags
from app.core.db import ReadSessionDep, SessionDep
from app.core.http import PROBLEMS
from app.core.problems import Forbidden
from app.signing import identities
from app.signing.deps import SealerDep
from app.signing.schemas import SigningIdentityOut

router = APIRouter(prefix="/api/v1/administrations", tags=["certificates"], responses=PROBLEMS)
JSON = "application/json"
CERTIFICATES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "application/x-pem-file": {},
            JSON: {"schema": {"type": "array", "items": SigningIdentityOut.model_json_schema()}},
        },
        "description": "Every certificate the administration signs or signed with, newest "
        "first (PEM; a JSON list with Accept: application/json)",
    },
    304: {"description": "Not modified"},
}


def _own(actor: Actor, code: str) -> None:
    if actor.administration_code != code.upper():
        raise Forbidden("Only an admin of this administration may change its signing identity")


@router.get("/{code}/certificates", response_class=Response, responses=CERTIFICATES)
def administration_certificates(code: str, request: Request, session: ReadSessionDep) -> Response:
    """The administration's certificates, current and retired, with their validity."""
    administration = auth.administration_by_code(session, code)
    rows = identities.published(session, administration.id)
    wants_json = JSON in request.headers.get("accept", "")
    etag = f'"{identities.etag(rows)}{"-json" if wants_json else ""}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=300", "Vary": "Accept"}
    if etags.none_match(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    if wants_json:
        body = [SigningIdentityOut.of(r, administration.code).model_dump(mode="json") for r in rows]
        return Response(json.dumps(body), media_type=JSON, headers=headers)
    filename = f"{administration.code.lower()}-certificates.pem"
    headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return Response(identities.bundle(rows), media_type="application/x-pem-file", headers=headers)


@router.post(
    "/{code}/signing-identities",
    status_code=status.HTTP_201_CREATED,
    responses={403: {"description": "Not an admin of this administration"}},
)
def new_signing_identity(
    code: str, actor: AdminActor, session: SessionDep, sealer: SealerDep
) -> SigningIdentityOut:
    """Make a new key and certificate for the administration (a rotation, if it had one)."""
    administration = auth.administration_by_code(session, code)
    _own(actor, code)
    row = identities.generate(session, administration, sealer.secret_key, dt.datetime.now(dt.UTC))
    return SigningIdentityOut.of(row, administration.code)


@router.post(
    "/{code}/signing-identities/pkcs12",
    status_code=status.HTTP_201_CREATED,
    responses={403: {"description": "Not an admin of this administration"}},
)
def import_signing_identity(
    code: str,
    file: Annotated[UploadFile, File(description="PKCS#12 (.p12/.pfx) with key and certificate")],
    actor: AdminActor,
    session: SessionDep,
    sealer: SealerDep,
    password: Annotated[str, Form(max_length=200)] = "",
) -> SigningIdentityOut:
    """Import the key and certificate the administration's own certificate authority issued."""
    administration = auth.administration_by_code(session, code)
    _own(actor, code)
    data = file.file.read(identities.MAX_PKCS12_BYTES + 1)
    row = identities.import_pkcs12(
        session, administration, data, password, sealer.secret_key, dt.datetime.now(dt.UTC)
    )
    return SigningIdentityOut.of(row, administration.code)

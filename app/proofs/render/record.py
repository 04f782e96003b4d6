"""The publication record attached to a review proof: what issuing will publish, as JSON.

Attached as `publication.json` (an embedded file, which any PDF reader lists), its SHA-256
printed in the footer of every page: the proof's hash therefore covers every published
field, so an approval of the proof is an approval of them, and issuing compares the record
of the approved proof with the proposal it is about to publish.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pikepdf

from app.core.hashing import sha256_bytes
from app.proofs.render.model import Publication

FILENAME = "publication.json"


def record_bytes(publication: Publication) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8, so equal records have equal hashes."""
    return json.dumps(
        publication.record(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode()


def record_sha256(publication: Publication) -> str:
    return sha256_bytes(record_bytes(publication))


def attach(pdf: bytes, publication: Publication) -> bytes:
    """The PDF with the record attached; deterministic for equal inputs."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        document.attachments[FILENAME] = pikepdf.AttachedFileSpec(
            document,
            record_bytes(publication),
            description="What issuing publishes in the catalogue (publication record)",
            filename=FILENAME,
            mime_type="application/json",
        )
        out = io.BytesIO()
        document.save(
            out,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
        )
    return out.getvalue()


def read(pdf: bytes) -> dict[str, Any] | None:
    """The record attached to a proof, or None when it has none (proofs made before)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        spec = document.attachments.get(FILENAME)
        if spec is None:
            return None
        found: dict[str, Any] = json.loads(spec.get_file().read_bytes())
        return found

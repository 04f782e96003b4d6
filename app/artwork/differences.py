"""Artwork version N against an earlier one: the pair (N-1 by default) and the difference
image with its figures, computed once per pair and kept in the storage by both hashes."""

from __future__ import annotations

import json
from typing import Any

from app.artwork import compare, service
from app.artwork.models import ArtworkVersion
from app.auth.service import Actor
from app.core.problems import Unprocessable
from app.proposals import service as proposals
from app.storage.base import Storage, derived_key

DIFFS = "artwork-diffs"


def pair(
    session: Any, actor: Actor, proposal_id: int, version: int, against: int | None
) -> tuple[ArtworkVersion, ArtworkVersion]:
    proposal = proposals.get(session, actor, proposal_id)
    newer = service.get_version(session, proposal.id, version)
    older_number = against if against is not None else version - 1
    if older_number < 1 or older_number == version:
        raise Unprocessable("Name an earlier version to compare with", field="against")
    return newer, service.get_version(session, proposal.id, older_number)


def image(storage: Storage, newer: ArtworkVersion, older: ArtworkVersion) -> bytes:
    """The stored difference image and its figures, made on first ask."""
    key = derived_key(DIFFS, newer.sha256, f"vs-{older.sha256}.png")
    meta = derived_key(DIFFS, newer.sha256, f"vs-{older.sha256}.json")
    if not (storage.exists(key) and storage.exists(meta)):
        found = compare.difference(
            service.preview_bytes(storage, older, "preview"),
            service.preview_bytes(storage, newer, "preview"),
        )
        figures = {
            "changed_fraction": found.changed_fraction,
            "bbox": found.bbox,
            "width": found.width,
            "height": found.height,
        }
        storage.put_bytes(key, found.png)
        storage.put_bytes(meta, json.dumps(figures).encode())
    return storage.read_bytes(key)


def figures(storage: Storage, newer: ArtworkVersion, older: ArtworkVersion) -> dict[str, Any]:
    """How much changed and where (fractions of the image), made with the image."""
    image(storage, newer, older)
    meta = derived_key(DIFFS, newer.sha256, f"vs-{older.sha256}.json")
    found: dict[str, Any] = json.loads(storage.read_bytes(meta))
    return found

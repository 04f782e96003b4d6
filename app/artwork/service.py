"""Artwork intake: stream to staging while hashing, validate, store by hash, then record.

The file is in place before the row is written, so a crash leaves at worst an orphan file
(swept at start-up by `sweep_orphans`), never a row without its file. Identical bytes give back
the existing version.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.artwork import imaging, preflight, previews
from app.artwork.models import ArtworkVersion
from app.auth.service import Actor
from app.core.problems import NotFound, PayloadTooLarge
from app.proposals import service as proposals
from app.proposals.models import Proposal
from app.storage.base import Storage, content_key, derived_key

CHUNK = 1024 * 1024
NAMESPACE = "artwork"
PREVIEWS = "previews"


def stage(source: BinaryIO, storage: Storage, max_bytes: int) -> tuple[Path, str, int]:
    """Copy an upload to a staging file in chunks, hashing as it goes; never whole in memory."""
    staged = storage.staging_file()
    digest, size = hashlib.sha256(), 0
    try:
        with staged.open("wb") as out:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise PayloadTooLarge(f"The upload exceeds {max_bytes:,} bytes")
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return staged, digest.hexdigest(), size


def add_version(
    session: Session,
    actor: Actor,
    proposal: Proposal,
    staged: Path,
    sha256: str,
    size: int,
    storage: Storage,
    *,
    max_pixels: int,
    target: preflight.Target,
) -> tuple[ArtworkVersion, bool]:
    """Validate, preflight and record a staged upload; returns (version, created).

    The original and its previews are in storage before the row is flushed, so a crash
    leaves at worst files without a row, never a row without its files.
    """
    try:
        proposals.require_editable(proposal)
        existing = session.scalar(
            select(ArtworkVersion).where(
                ArtworkVersion.proposal_id == proposal.id, ArtworkVersion.sha256 == sha256
            )
        )
        if existing is not None:
            return existing, False
        measured = imaging.measure(staged, max_pixels)
        report = preflight.run(_preflight_input(measured), target)
        for kind, png in previews.render_all(staged).items():
            storage.put_bytes(preview_key(sha256, kind), png)
        # Written even when the same bytes are stored already: the fresh write time keeps a
        # file that a start-up sweep may judge an old orphan from being deleted under us.
        storage.put_file(content_key(NAMESPACE, sha256), staged)
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
    number = (
        session.scalar(
            select(func.max(ArtworkVersion.version)).where(
                ArtworkVersion.proposal_id == proposal.id
            )
        )
        or 0
    ) + 1
    version = ArtworkVersion(
        proposal_id=proposal.id,
        version=number,
        sha256=sha256,
        media_type=measured.media_type,
        size_bytes=size,
        width_px=measured.width_px,
        height_px=measured.height_px,
        ppi=imaging.effective_ppi(
            measured.width_px, measured.height_px, target.width_mm, target.height_mm
        ),
        mode=measured.mode,
        icc_profile=measured.icc_profile is not None,
        file_format=measured.format,
        bit_depth=measured.bit_depth,
        icc_name=measured.icc_name,
        preflight=report,
        uploaded_by_id=actor.user_id,
    )
    session.add(version)
    session.flush()
    proposals.record(
        session, actor, proposal, "artwork_uploaded", {"version": number, "sha256": sha256}
    )
    return version, True


def sweep_orphans(session: Session, storage: Storage, older_than_seconds: float) -> int:
    """Delete stored originals and previews no artwork version refers to; returns how many.

    Such files are what a crash between storing an upload and committing its row leaves.
    Only files older than `older_than_seconds` go, because another worker may be between
    those two steps right now; each candidate is checked against the database again just
    before it is deleted. Run at start-up.
    """
    known = set(session.scalars(select(ArtworkVersion.sha256).distinct()))
    cutoff = time.time() - older_than_seconds
    removed = 0
    keys = [key for space in (NAMESPACE, PREVIEWS) for key in storage.iter_keys(f"{space}/")]
    for key in keys:
        sha256 = key.rsplit("/", 1)[-1][:64]
        if sha256 in known:
            continue
        session.rollback()  # a fresh snapshot: rows committed since `known` was read count
        still_unknown = (
            session.scalar(select(func.count()).where(ArtworkVersion.sha256 == sha256)) == 0
        )
        with contextlib.suppress(FileNotFoundError):
            if still_unknown and storage.modified(key) <= cutoff:
                storage.delete(key)
                removed += 1
    return removed


def list_versions(session: Session, proposal_id: int) -> list[ArtworkVersion]:
    return list(
        session.scalars(
            select(ArtworkVersion)
            .where(ArtworkVersion.proposal_id == proposal_id)
            .order_by(ArtworkVersion.version)
        )
    )


def get_version(session: Session, proposal_id: int, number: int) -> ArtworkVersion:
    version = session.scalar(
        select(ArtworkVersion).where(
            ArtworkVersion.proposal_id == proposal_id, ArtworkVersion.version == number
        )
    )
    if version is None:
        raise NotFound(f"No artwork version {number}")
    return version


def storage_key(version: ArtworkVersion) -> str:
    return content_key(NAMESPACE, version.sha256)


def preview_key(sha256: str, size: str) -> str:
    return derived_key(PREVIEWS, sha256, f"{size}.png")


def preview_bytes(storage: Storage, version: ArtworkVersion, size: previews.PreviewSize) -> bytes:
    """The cached preview, rebuilt from the original if it was never made or was lost."""
    key = preview_key(version.sha256, size)
    if not storage.exists(key):
        storage.put_bytes(key, previews.render(storage.local_path(storage_key(version)), size))
    return storage.read_bytes(key)


def _preflight_input(measured: imaging.Measured) -> preflight.Artwork:
    return preflight.Artwork(
        format=measured.format,
        width_px=measured.width_px,
        height_px=measured.height_px,
        mode=measured.mode,
        bit_depth=measured.bit_depth,
        icc_name=measured.icc_name,
    )


def latest(session: Session, proposal_id: int) -> ArtworkVersion | None:
    """The newest artwork version of a proposal: the one its proofs show."""
    return session.scalar(
        select(ArtworkVersion)
        .where(ArtworkVersion.proposal_id == proposal_id)
        .order_by(ArtworkVersion.version.desc())
        .limit(1)
    )


def missing_for_review(session: Session, proposal_id: int, target: preflight.Target) -> list[str]:
    """What the artwork lacks before review: any artwork at all, or the latest version's
    failing preflight checks."""
    version = latest(session, proposal_id)
    if version is None:
        return ["artwork"]
    return [f"artwork.{code}" for code in preflight.failures(report_for(version, target))]


def report_for(version: ArtworkVersion, target: preflight.Target) -> dict[str, Any]:
    """The stored report, or a fresh one when the proposal's format changed since upload."""
    if version.preflight.get("format") == target.format_key:
        return version.preflight
    return preflight.run(
        preflight.Artwork(
            format=version.file_format,
            width_px=version.width_px,
            height_px=version.height_px,
            mode=version.mode,
            bit_depth=version.bit_depth,
            icc_name=version.icc_name,
        ),
        target,
    )

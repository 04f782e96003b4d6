"""What must hold after any crash: files and rows agree, no half-applied transition, and the
audit chain verifies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from app.artwork.models import ArtworkVersion
from app.audit.models import AuditEvent
from app.core.db import Database
from app.core.settings import PROJECT_ROOT
from app.proposals.models import Proposal, Variant
from app.reviews.models import Review
from app.storage.base import content_key
from tests.crash.server import environment

STORED = ("artwork", "previews")


def stored_shas(storage_dir: Path) -> set[str]:
    """The SHA-256 every stored original or preview is named after."""
    return {
        path.name[:64]
        for space in STORED
        if (storage_dir / space).is_dir()
        for path in (storage_dir / space).rglob("*")
        if path.is_file()
    }


def assert_files_match_rows(database: Database, storage_dir: Path) -> None:
    with database.reader() as session:
        shas = set(session.scalars(select(ArtworkVersion.sha256)))
    for sha in shas:
        assert (storage_dir / content_key("artwork", sha)).is_file(), f"row {sha} has no file"
    orphans = stored_shas(storage_dir) - shas
    assert not orphans, f"stored files without a row: {sorted(orphans)}"
    staging = storage_dir / ".staging"
    assert not staging.is_dir() or not any(staging.iterdir()), "staging was not swept"


def assert_transitions_whole(database: Database) -> dict[int, str]:
    """Every proposal's status, reviews and artwork agree with its audit events."""
    statuses = {}
    with database.reader() as session:
        for proposal in session.scalars(select(Proposal)):
            events = session.scalars(
                select(AuditEvent)
                .where(AuditEvent.proposal_id == proposal.id)
                .order_by(AuditEvent.seq)
            ).all()
            moves = [e.data["to"] for e in events if "to" in e.data]
            assert proposal.status == (moves[-1] if moves else "draft"), proposal.id
            assert proposal.review_round == sum(1 for e in events if e.kind == "submitted")
            reviews = session.scalars(select(Review).where(Review.proposal_id == proposal.id))
            reviews_list = list(reviews)
            assert len(reviews_list) == sum(1 for e in events if e.kind == "reviewed")
            versions = session.scalars(
                select(ArtworkVersion.id).where(ArtworkVersion.proposal_id == proposal.id)
            ).all()
            assert len(versions) == sum(1 for e in events if e.kind == "artwork_uploaded")
            if proposal.status in ("approved", "issued"):
                partners = set(
                    session.scalars(
                        select(Variant.administration_id).where(Variant.proposal_id == proposal.id)
                    )
                )
                approval = next(e for e in events if e.data.get("to") == "approved")
                current = [
                    r
                    for r in reviews_list
                    if r.review_round == proposal.review_round and r.decision == "approve"
                ]
                assert {r.administration_id for r in current} == partners, proposal.id
                assert {r.proof_sha256 for r in current} == {approval.data["proof_sha256"]}
            statuses[proposal.id] = proposal.status
    return statuses


def assert_audit_verifies(database_url: str, data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "audit", "verify"],
        cwd=PROJECT_ROOT,
        env=environment(database_url, data_dir),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "audit chain intact" in result.stdout


def assert_consistent(database_url: str, data_dir: Path) -> dict[int, str]:
    """All of the above, on the database and the data folder a restarted server uses."""
    database = Database.connect(database_url)
    try:
        assert_files_match_rows(database, data_dir / "files")
        statuses = assert_transitions_whole(database)
    finally:
        database.engine.dispose()
    assert_audit_verifies(database_url, data_dir)
    return statuses

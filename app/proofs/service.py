"""Render-or-reuse: a proof is looked up by the fingerprint of its inputs before rendering.

Rendering is deterministic, so the fingerprint (texts, variants, artwork hash, format, status,
renderer version) names exactly one PDF; asking again costs a lookup, not a render.

Asking again is also the common case (every approver and designer fetches the same proof,
and viewers re-fetch it), so a small map the app owns (`RecentProofs`) remembers which
stored proof answered a cheap key read in one query: the proposal's row version (it changes
on every edit and status change), its latest artwork id (uploads do not touch the proposal
row) and the renderer version. A hit skips gathering the inputs and hashing them; a miss takes the
full path, which stays the authority.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cachetools import LRUCache
from sqlalchemy import Select, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.administrations.models import Administration
from app.artwork import service as artwork_service
from app.artwork.models import ArtworkVersion
from app.auth.service import Actor
from app.core import metrics
from app.core.hashing import sha256_bytes, sha256_json
from app.core.problems import NotFound
from app.designs.formats import StampFormat, stamp_format
from app.press.conditions import condition_for
from app.proofs.kinds import renderer
from app.proofs.models import Proof
from app.proofs.render.model import (
    RELEASED_STATUSES,
    ProofRequest,
    Publication,
    SignOff,
    VariantText,
)
from app.proposals import service as proposals
from app.proposals.models import Proposal
from app.reviews import service as reviews
from app.storage.base import Storage, content_key

RENDERER_VERSION = "proofs/5"
NAMESPACE = "proofs"


def build_request(
    session: Session, proposal: Proposal, storage: Storage, designs_dir: Path
) -> ProofRequest:
    """Gather every input of the review proof as plain values."""
    admins = {
        a.id: a
        for a in session.scalars(
            select(Administration).where(
                Administration.id.in_([v.administration_id for v in proposal.variants])
            )
        )
    }
    artwork = artwork_service.latest(session, proposal.id)
    fmt = stamp_format(designs_dir, proposal.format)
    return ProofRequest(
        proposal_id=proposal.id,
        title_ar=proposal.title_ar,
        title_en=proposal.title_en,
        status=proposal.status,
        format=fmt,
        variants=tuple(
            VariantText(
                administration_code=admins[v.administration_id].code,
                administration_name_en=admins[v.administration_id].name_en,
                country_ar=admins[v.administration_id].inscription_ar,
                country_latin=admins[v.administration_id].inscription_latin,
                face_value_minor=v.face_value_minor,
                minor_per_major=admins[v.administration_id].minor_per_major,
                unit_ar=admins[v.administration_id].unit_name_ar,
                unit_en=admins[v.administration_id].unit_name_en,
                iso4217=admins[v.administration_id].iso4217,
                digits=v.digits or admins[v.administration_id].digits,
                issue_date=v.issue_date,
                quantity=v.quantity,
            )
            for v in proposal.variants
        ),
        artwork_path=(
            storage.local_path(artwork_service.storage_key(artwork)) if artwork else None
        ),
        artwork_sha256=artwork.sha256 if artwork else None,
        artwork_version=artwork.version if artwork else None,
        signoffs=signoffs(session, proposal),
        publication=publication(proposal, {k: a.code for k, a in admins.items()}, fmt),
    )


def publication(proposal: Proposal, codes: dict[int, str], fmt: StampFormat) -> Publication:
    """What issuing will publish of the proposal as it stands (codes by administration id)."""
    return Publication(
        title_ar=proposal.title_ar,
        title_en=proposal.title_en,
        description_ar=proposal.description_ar,
        description_en=proposal.description_en,
        theme=proposal.theme,
        joint_kind=proposal.joint_kind,
        format=proposal.format,
        width_mm=float(fmt.width_mm),
        height_mm=float(fmt.height_mm),
        partners=tuple(
            (codes[v.administration_id], v.face_value_minor, v.quantity, v.issue_date)
            for v in proposal.variants
        ),
    )


def signoffs(session: Session, proposal: Proposal) -> tuple[SignOff, ...]:
    """The approvals of the current review round, once the proposal is approved or issued.

    While the proposal is in review this is empty, so the proof approvers sign (and its
    hash) stays the same when the first partner approves; the approved proof then lists
    every partner's sign-off in the order they were given.
    """
    if proposal.status not in RELEASED_STATUSES:
        return ()
    return tuple(
        SignOff(
            name=a.display_name,
            administration_code=a.administration.code,
            administration_name_en=a.administration.name_en,
            administration_name_ar=a.administration.name_ar,
            time=_utc(a.review.created_at),
        )
        for a in reviews.approvals(session, proposal)
    )


def _utc(moment: dt.datetime) -> dt.datetime:
    """Aware UTC (a backend that drops the zone gives naive UTC back)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def fingerprint(request: ProofRequest, kind: str = "review") -> str:
    """The hash of everything a proof is rendered from (the artwork by its hash, not its path)."""
    values = dataclasses.asdict(request)
    values.pop("artwork_path")
    if values["printing"] is not None:  # the profiles by their hashes, not their paths
        values["printing"].pop("profile_path")
        values["printing"].pop("rgb_profile_path")
    return sha256_json({"renderer": RENDERER_VERSION, "kind": kind, "inputs": values})


def current_review_proof(
    session: Session, proposal: Proposal, storage: Storage, designs_dir: Path
) -> Proof:
    """The review proof (every variant) of the proposal as it stands now."""
    request = build_request(session, proposal, storage, designs_dir)
    return _render_or_reuse(session, proposal, storage, request, "review")


def current_kind_proof(
    session: Session,
    proposal: Proposal,
    storage: Storage,
    designs_dir: Path,
    kind: str,
    administration: str,
) -> Proof:
    """One partner's stamp, sheet or press proof; 404 when that administration is no partner.

    The renderer still gets every variant (the joint-issue line names all partners) and
    draws pages only for ``administration``.
    """
    request = build_request(session, proposal, storage, designs_dir)
    if all(v.administration_code != administration for v in request.variants):
        raise NotFound(f"{administration} is not a partner of this proposal")
    printing = condition_for(designs_dir, administration) if kind == "press" else None
    request = dataclasses.replace(request, only=administration, printing=printing)
    return _render_or_reuse(session, proposal, storage, request, kind)


def _render_or_reuse(
    session: Session, proposal: Proposal, storage: Storage, request: ProofRequest, kind: str
) -> Proof:
    """Look the proof up by its input fingerprint; render and store it only when missing."""
    key = fingerprint(request, kind)
    proof = session.scalar(select(Proof).where(Proof.fingerprint == key))
    if proof is not None and storage.exists(content_key(NAMESPACE, proof.sha256)):
        return proof
    with metrics.PROOF_SECONDS.labels(kind).time():
        pdf = renderer(kind)(request)
    digest = sha256_bytes(pdf)
    storage.put_bytes(content_key(NAMESPACE, digest), pdf)
    if proof is not None:
        return proof
    proof = Proof(
        proposal_id=proposal.id,
        kind=kind,
        fingerprint=key,
        sha256=digest,
        size_bytes=len(pdf),
    )
    try:
        with session.begin_nested():
            session.add(proof)
    except IntegrityError:
        found = session.scalar(select(Proof).where(Proof.fingerprint == key))
        if found is None:
            raise
        return found
    return proof


def read_pdf(storage: Storage, proof: Proof) -> bytes:
    return storage.read_bytes(content_key(NAMESPACE, proof.sha256))


@dataclass(frozen=True)
class StoredProof:
    """A stored proof PDF as the routes serve it: its SHA-256 (the ETag) and size."""

    sha256: str
    size_bytes: int

    @classmethod
    def of(cls, proof: Proof) -> StoredProof:
        return cls(proof.sha256, proof.size_bytes)


ProofKey = tuple[int, str, int, str, int | None, str | None, str, str | None, str]
"""(proposal id, created, row version, status, latest artwork id and hash, kind,
administration, renderer version)."""


@lru_cache(maxsize=256)
def _key_statement(actor: Actor) -> Select[dt.datetime, int, str, int | None, str | None]:
    """The key query for ``actor``, built once: the proposal id is a bound parameter.

    It goes through `proposals.readable_by`, so it answers exactly for the proposals the
    actor may read; reusing the statement object lets SQLAlchemy reuse its compiled form.
    """
    latest = (
        select(ArtworkVersion.id, ArtworkVersion.sha256)
        .where(ArtworkVersion.proposal_id == Proposal.id)
        .order_by(ArtworkVersion.version.desc())
        .limit(1)
    )
    return (
        proposals.readable_by(actor)
        .with_only_columns(
            Proposal.created_at,
            Proposal.version,
            Proposal.status,
            latest.with_only_columns(ArtworkVersion.id).scalar_subquery(),
            latest.with_only_columns(ArtworkVersion.sha256).scalar_subquery(),
        )
        .where(Proposal.id == bindparam("proposal_id"))
    )


def proof_key(
    session: Session, actor: Actor, proposal_id: int, kind: str, administration: str | None
) -> ProofKey:
    """The cheap key of a proof the actor may read, in one query; 404 as `proposals.get`.

    Everything a proof is rendered from hangs off the proposal row (texts, variants and
    status bump its ``version``) or is a new artwork row (id and hash of the latest one);
    the row's creation time tells apart a proposal that reuses the id of a deleted one.
    The query runs on the session's connection: plain rows, no ORM identity map.
    """
    statement = _key_statement(actor)
    row = session.connection().execute(statement, {"proposal_id": proposal_id}).first()
    if row is None:
        raise NotFound(f"No proposal {proposal_id}")
    created, version, status, artwork_id, artwork_sha = row
    return (
        proposal_id,
        created.isoformat(),
        version,
        status,
        artwork_id,
        artwork_sha,
        kind,
        administration,
        RENDERER_VERSION,
    )


class RecentProofs:
    """Which stored proof last answered a key, for the process's app (least recently used
    keys go first). `create_app` makes one; a miss takes the full path, which stays the
    authority, so the map may forget anything at any time."""

    def __init__(self, limit: int = 1024) -> None:
        self._answers: LRUCache[ProofKey, StoredProof] = LRUCache(maxsize=limit)
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe

    def get(self, key: ProofKey) -> StoredProof | None:
        with self._lock:
            return self._answers.get(key)

    def remember(self, key: ProofKey, proof: StoredProof) -> None:
        with self._lock:
            self._answers[key] = proof


def proof_path(storage: Storage, sha256: str) -> Path:
    """The stored PDF as a local file, to be streamed rather than read into memory."""
    return storage.local_path(content_key(NAMESPACE, sha256))


def stored_proof_of(session: Session, proposal_id: int, sha256: str) -> Proof:
    """A proof rendered for this proposal, by its hash; 404 for a hash of another proposal."""
    proof = session.scalar(
        select(Proof)
        .where(Proof.proposal_id == proposal_id, Proof.sha256 == sha256)
        .order_by(Proof.id)
        .limit(1)
    )
    if proof is None:
        raise NotFound(f"No proof {sha256} of proposal {proposal_id}")
    return proof

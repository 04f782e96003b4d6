"""Everything the proposal page shows, read once: the proposal, its artwork and preflight,
the proof under review and its pages, the conversation, the decisions and the timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.administrations import service as administrations
from app.administrations.models import Administration
from app.artwork import preflight
from app.artwork import service as artwork
from app.audit import chain as audit_chain
from app.auth.service import Actor
from app.comments import service as comments
from app.comments.schemas import CommentOut
from app.core.db import Database
from app.designs import themes
from app.designs.formats import StampFormat, formats
from app.flows import proposal_view
from app.proofs import pages, viewer
from app.proofs import service as proofs
from app.proposals import service as proposals
from app.proposals.models import Proposal
from app.proposals.schemas import ProposalOut
from app.reviews import service as reviews
from app.storage.base import Storage
from app.studio import timeline


@dataclass(frozen=True)
class Version:
    number: int
    sha256: str
    width_px: int
    height_px: int
    file_format: str
    uploaded_at: dt.datetime
    report: dict[str, Any]


@dataclass
class ProposalPage:
    proposal: ProposalOut
    partners: list[Administration]
    fmt: StampFormat | None
    versions: list[Version]
    proof_sha256: str | None  # the proof in the viewer
    proof_pages: list[pages.PageGeometry]
    rounds: list[viewer.Round]
    threads: list[CommentOut]
    undecided: list[str]
    approvals: list[reviews.Approval]
    events: list[timeline.Line]
    theme: themes.Theme | None = None
    may: dict[str, bool] = field(default_factory=dict)
    # The proof a decision is about; the viewer shows an earlier round's when `shown_round`.
    review_sha256: str | None = None
    shown_round: int | None = None

    def partner(self, code: str) -> Administration | None:
        return next((a for a in self.partners if a.code == code), None)

    def round_of(self, sha256: str) -> int | None:
        """The review round that sent this proof, so a pin on it can lead to its page."""
        return next((r.review_round for r in self.rounds if r.proof_sha256 == sha256), None)


def _proof_under_review(
    database: Database,
    actor: Actor,
    proposal: Proposal,
    storage: Storage,
    designs_dir: Path,
    rounds: list[viewer.Round],
    has_artwork: bool,
) -> str | None:
    """In review or later, the proof the approvers see (the last round's); for a draft with
    artwork, the proof as the draft stands now (rendered once, then looked up)."""
    if proposal.status == "draft" and has_artwork:
        with database.transaction() as write:
            current = proposals.get(write, actor, proposal.id)
            return proofs.current_review_proof(write, current, storage, designs_dir).sha256
    if proposal.status != "draft" and rounds:
        return rounds[-1].proof_sha256
    return None


def build(
    database: Database,
    session: Session,
    actor: Actor,
    proposal_id: int,
    storage: Storage,
    designs_dir: Path,
    shown_round: int | None = None,
) -> ProposalPage:
    """The page; `shown_round` puts that review round's proof in the viewer, with the
    comments pinned on it (a draft sent back shows its new proof, not the one commented on)."""
    proposal = proposals.get(session, actor, proposal_id)
    out = proposal_view.detail(session, proposal)
    codes = [v.administration for v in out.variants]
    found = administrations.by_codes(session, codes)
    partners = [found[c] for c in codes if c in found]
    fmt = formats(designs_dir).get(proposal.format)
    target = preflight.Target.of(fmt) if fmt else None
    versions = [
        Version(
            number=v.version,
            sha256=v.sha256,
            width_px=v.width_px,
            height_px=v.height_px,
            file_format=v.file_format,
            uploaded_at=v.created_at,
            report=artwork.report_for(v, target) if target else v.preflight,
        )
        for v in reversed(artwork.list_versions(session, proposal.id))
    ]
    rounds = viewer.rounds(session, proposal.id)
    sha = _proof_under_review(
        database, actor, proposal, storage, designs_dir, rounds, bool(versions)
    )
    earlier = next((r for r in rounds if r.review_round == shown_round), None)
    viewed = earlier.proof_sha256 if earlier and earlier.proof_sha256 != sha else sha
    geometry: list[pages.PageGeometry] = []
    if viewed:
        # A fresh read: a draft's proof may have been stored after this page's read began.
        with database.reader() as fresh:
            geometry = viewer.geometry(fresh, storage, designs_dir, proposal, viewed)[1]
    decided = {r.administration for r in out.reviews}
    undecided = [c for c in codes if c not in decided] if out.status == "in_review" else []
    approvals = reviews.approvals(session, proposal) if out.status in ("approved", "issued") else []
    editable = out.status == "draft"
    may = {
        "edit": actor.has("designer") and editable,
        "upload": actor.has("designer") and editable,
        "submit": actor.has("designer") and editable and bool(versions),
        "withdraw": actor.has("designer") and out.status in ("draft", "in_review"),
        "review": actor.has("approver") and actor.administration_code in undecided,
        "issue": actor.has("admin") and out.status == "approved",
        "comment": out.status not in ("withdrawn",),
    }
    events = timeline.lines(audit_chain.events_for_proposal(session, proposal.id))
    return ProposalPage(
        proposal=out,
        partners=partners,
        fmt=fmt,
        versions=versions,
        proof_sha256=viewed,
        proof_pages=geometry,
        rounds=rounds,
        threads=comments.threads(session, actor, proposal.id),
        undecided=undecided,
        approvals=approvals,
        events=events,
        theme=themes.load(designs_dir / "themes.json").get(proposal.theme),
        may=may,
        review_sha256=sha,
        shown_round=earlier.review_round if earlier and viewed != sha else None,
    )

"""`stamps demo`: administrations, one designer/approver/admin each, and an issued joint stamp.

It drives the same services the API uses, so the demo joint issue passes every workflow rule
(a designer opens it, each partner's approver approves the current proof, an admin issues it).
Demo accounts use a local-only password and exist only where this command was run.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.administrations import seed
from app.administrations.models import Administration
from app.artwork import service as artwork_service
from app.auth import service as auth
from app.auth.models import User
from app.auth.service import Actor
from app.catalogue import service as catalogue
from app.catalogue import themes
from app.catalogue.schemas import IssueIn
from app.core.settings import Settings
from app.proofs import service as proofs
from app.proposals import service as proposals
from app.proposals.models import Proposal
from app.proposals.schemas import ProposalCreate
from app.reviews import service as reviews
from app.storage.base import Storage

DEMO_PASSWORD = "stamps-demo"  # noqa: S105 - documented local-only demo password
ROLES = {"designer": ["designer"], "approver": ["approver"], "admin": ["admin"]}
DEMO_ISSUE = "palestine-oman-2027"
# What the issuing administrations add at issue time (a design folder may say it in
# issue.json under "catalogue"; these are the demo issue's).
DEMO_CATALOGUE = {
    "first_day_place": {"ar": "رام الله ومسقط", "en": "Ramallah and Muscat"},
    "printer": "Cartor Security Printing",
    "printing_process": "Offset lithography",
    "designer": "Palestine Post and Oman Post design teams",
}


def ensure_users(session: Session) -> list[User]:
    """A designer, an approver and an admin for every administration (idempotent)."""
    users = []
    for admin in session.scalars(select(Administration).order_by(Administration.code)):
        for suffix, roles in ROLES.items():
            username = f"{admin.code.lower()}-{suffix}"
            user = session.scalar(select(User).where(User.username == username))
            if user is None:
                user = auth.create_user(
                    session,
                    username=username,
                    display_name=f"{admin.name_en} {suffix}",
                    password=DEMO_PASSWORD,
                    roles=roles,
                    administration=admin,
                    created_by=None,
                )
            users.append(user)
    return users


def _actor(session: Session, username: str) -> Actor:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise LookupError(username)
    code = session.scalar(
        select(Administration.code).where(Administration.id == user.administration_id)
    )
    return Actor.of(user, code or "")


def load_issue(session: Session, settings: Settings, storage: Storage, folder: Path) -> Proposal:
    """Take the joint issue in `folder` from proposal to the catalogue, unless already there."""
    spec = json.loads((folder / "issue.json").read_text(encoding="utf-8"))
    existing = session.scalar(select(Proposal).where(Proposal.title_en == spec["title"]["en"]))
    if existing is not None:
        return existing
    body = ProposalCreate.model_validate(
        {k: v for k, v in spec.items() if k not in ("artwork", "catalogue")}
    )
    codes = [v.administration.lower() for v in body.variants]
    designer = _actor(session, f"{codes[0]}-designer")
    designs = settings.designs_dir
    proposal = proposals.create(session, designer, body, lambda k: k in proofs.formats(designs))
    fmt = proofs.stamp_format(designs, proposal.format)
    with (folder / spec["artwork"]).open("rb") as source:
        staged, sha256, size = artwork_service.stage(source, storage, settings.max_upload_bytes)
    artwork, _ = artwork_service.add_version(
        session,
        designer,
        proposal,
        staged,
        sha256,
        size,
        storage,
        max_pixels=settings.max_image_pixels,
        target=proofs.preflight_target(designs, proposal.format),
    )

    def current() -> str:
        return proofs.current_review_proof(session, proposal, storage, designs).sha256

    proposals.submit(session, designer, proposal, lambda _p: current())
    proof = current()
    for code in codes:
        approver = _actor(session, f"{code}-approver")
        reviews.decide(
            session,
            approver,
            proposal,
            decision="approve",
            proof_sha256=proof,
            comment="Approved for print.",
            current_proof_sha256=proof,
        )
    catalogue.issue(
        session,
        _actor(session, f"{codes[0]}-admin"),
        proposal,
        issue_date=None,
        stamp_format=fmt,
        approved_proof_sha256=proof,
        artwork_sha256=artwork.sha256,
        details=IssueIn.model_validate(spec.get("catalogue", DEMO_CATALOGUE)),
        themes=themes.load(designs / "themes.json"),
    )
    return proposal


def run(session: Session, settings: Settings, storage: Storage) -> Proposal:
    seed.load(session, settings.designs_dir / "administrations.json")
    ensure_users(session)
    return load_issue(session, settings, storage, settings.designs_dir / DEMO_ISSUE)

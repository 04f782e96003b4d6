"""`stamps demo`: administrations, one designer/approver/admin each, and an issued joint stamp.

It drives the same workflow steps the API uses (`app.flows`), so the demo joint issue passes
every workflow rule (a designer opens it, each partner's approver approves the current proof,
an admin issues it).
Demo accounts use a local-only password and exist only where this command was run.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.administrations import seed
from app.administrations.models import Administration
from app.artwork import preflight
from app.artwork import service as artwork_service
from app.auth import service as auth
from app.auth.models import User
from app.auth.service import Actor
from app.catalogue import service as catalogue
from app.catalogue.schemas import IssueIn
from app.core.settings import Settings
from app.designs.formats import stamp_format
from app.flows import review
from app.flows.issue import issue
from app.flows.submit import submit
from app.proofs import service as proofs
from app.proposals import service as proposals
from app.proposals.models import Proposal
from app.proposals.schemas import ProposalCreate
from app.signing.service import Sealer
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
    proposal = proposals.create(session, designer, body, designs)
    with (folder / spec["artwork"]).open("rb") as source:
        staged, sha256, size = artwork_service.stage(source, storage, settings.max_upload_bytes)
    artwork_service.add_version(
        session,
        designer,
        proposal,
        staged,
        sha256,
        size,
        storage,
        max_pixels=settings.max_image_pixels,
        target=preflight.Target.of(stamp_format(designs, proposal.format)),
    )
    submit(session, designer, proposal.id, storage=storage, designs_dir=designs)
    proof = proofs.current_review_proof(session, proposal, storage, designs).sha256
    sealer = Sealer.from_settings(settings, storage)
    for code in codes:
        review.decide(
            session,
            _actor(session, f"{code}-approver"),
            proposal.id,
            review.Decision("approve", proof, "Approved for print."),
            storage=storage,
            designs_dir=designs,
            sealer=sealer,
        )
    entries = issue(
        session,
        _actor(session, f"{codes[0]}-admin"),
        proposal.id,
        IssueIn.model_validate(spec.get("catalogue", DEMO_CATALOGUE)),
        designs_dir=designs,
        storage=storage,
    )
    for entry in entries:  # until its day, the issue shows on the upcoming list
        catalogue.announce(session, entry, True)
    return proposal


def run(session: Session, settings: Settings, storage: Storage) -> Proposal:
    seed.load(session, settings.designs_dir / "administrations.json")
    ensure_users(session)
    return load_issue(session, settings, storage, settings.designs_dir / DEMO_ISSUE)

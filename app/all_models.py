"""Every domain's tables, imported in one place so Alembic and tests see the whole schema."""

from app.administrations.models import Administration
from app.artwork.models import ArtworkVersion
from app.audit.models import AuditCheckpoint, AuditEvent
from app.auth.models import ApiToken, AuthFailure, RateHit, User
from app.catalogue.models import CatalogueEntry, JointIssue, NumberSequence
from app.comments.models import Comment
from app.core.base import Base
from app.idempotency.models import IdempotencyRecord
from app.notifications.models import Notification, OutboxMessage
from app.proofs.models import Proof
from app.proposals.models import Proposal, Variant
from app.reviews.models import Review
from app.signing.models import SealedProof, SigningIdentity

metadata = Base.metadata

__all__ = [
    "Administration",
    "ApiToken",
    "ArtworkVersion",
    "AuditCheckpoint",
    "AuditEvent",
    "AuthFailure",
    "CatalogueEntry",
    "Comment",
    "IdempotencyRecord",
    "JointIssue",
    "Notification",
    "NumberSequence",
    "OutboxMessage",
    "Proof",
    "Proposal",
    "RateHit",
    "Review",
    "SealedProof",
    "SigningIdentity",
    "User",
    "Variant",
    "metadata",
]

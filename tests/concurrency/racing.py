"""Helpers for the race tests: release requests together, and prepare proposals in bulk.

Preparing a proposal (upload, proof rendering, sign-offs) costs far more than the race itself,
so each test first prepares every proposal it needs through the API, then races only the
decisive requests, one repetition after another.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select, update

from app.audit.models import AuditEvent
from app.auth.models import User
from app.proposals.models import Proposal
from app.reviews.models import Review
from tests.factories import PASSWORD, Caller, png_bytes, reason_for
from tests.live import Live

# Large enough for the preflight's 300 ppi at 40 x 30 mm with bleed, small enough to be quick.
ART_WIDTH, ART_HEIGHT = 560, 440


def together(*calls: Callable[[], Response]) -> list[Response]:
    """Run the calls in threads released at the same instant by a barrier; results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except BaseException as exc:  # re-raised in the test's thread below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    if errors:
        raise errors[0]
    assert all(r is not None for r in results), "a racing request did not finish"
    return results


def cheap_passwords(live: Live) -> None:
    """Give the cast an argon2id hash with minimal cost parameters.

    Sign-offs still verify the password; the production cost (about 0.1 s a check) would
    otherwise dominate fifty repetitions without making the race any sharper.
    """
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    with live.database.writer() as session:
        session.execute(update(User).values(password_hash=cheap))
        session.commit()


def artwork(n: int) -> bytes:
    """A distinct small PNG for each n (distinct bytes, so a new version every time)."""
    return png_bytes(ART_WIDTH, ART_HEIGHT, colour=f"#{(n * 7919) % 0xFFFFFF:06x}")


def post_review(client: TestClient, pid: int, by: Caller, decision: str, sha: str) -> Response:
    response: Response = client.post(
        f"/api/v1/proposals/{pid}/reviews",
        json={
            "decision": decision,
            "proof_sha256": sha,
            "comment": reason_for(decision),
            "password": PASSWORD,
        },
        headers=by.headers,
    )
    return response


def post_issue(client: TestClient, pid: int, by: Caller, issue_date: str | None) -> Response:
    body = {"issue_date": issue_date} if issue_date else {}
    response: Response = client.post(
        f"/api/v1/proposals/{pid}/issue", json=body, headers=by.headers
    )
    return response


def post_artwork(client: TestClient, pid: int, by: Caller, data: bytes) -> Response:
    response: Response = client.post(
        f"/api/v1/proposals/{pid}/artwork",
        files={"file": ("art.png", data, "image/png")},
        headers=by.headers,
    )
    return response


@dataclass(frozen=True)
class Prepared:
    pid: int
    sha: str  # the current review proof


def in_review(live: Live, client: TestClient, count: int) -> list[Prepared]:
    """`count` proposals submitted for review, each with its current proof hash."""
    flow = live.flow(client)
    prepared = []
    for n in range(count):
        pid = flow.create()
        flow.upload(pid, artwork(n))
        flow.submit(pid)
        prepared.append(Prepared(pid, flow.proof_sha(pid)))
    return prepared


@dataclass(frozen=True)
class State:
    """What the database says about one proposal after a race."""

    status: str
    review_round: int
    reviews: list[Review]
    events: list[AuditEvent]

    def transitions_to(self, status: str) -> int:
        return sum(1 for e in self.events if e.data.get("to") == status)


def state(live: Live, pid: int) -> State:
    with live.database.reader() as session:
        proposal = session.get(Proposal, pid)
        assert proposal is not None
        reviews = session.scalars(
            select(Review).where(Review.proposal_id == pid).order_by(Review.id)
        ).all()
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.proposal_id == pid).order_by(AuditEvent.seq)
        ).all()
        return State(proposal.status, proposal.review_round, list(reviews), list(events))

"""Per-user rate limits on proof renders and review submissions.

A burst above the limit gets 429 application/problem+json with Retry-After, in English or in
Arabic as the client asks, and changes nothing (no review recorded, no proof or page made);
under the limit everything goes; the count is the user's, whatever their token or address;
once the window has passed the user may go again (the limits' clock is moved, not waited for).
The review flow spends the quota and checks the password before it locks the proposal.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth import rate_limits
from app.auth import service as auth
from app.auth.models import RateHit, User
from app.core.base import utcnow
from app.core.db import Database
from app.core.problems import PROBLEM_JSON
from app.core.settings import Settings
from app.main import create_app
from app.proofs import pages
from app.proofs.models import Proof
from app.proposals import service as proposals
from app.reviews.models import Review
from app.storage.base import Storage, derived_key
from tests.database import TemplateDatabase
from tests.factories import PASSWORD, SECRET, Caller, Flow, Staff, reason_for
from tests.live import live_service

MISSING = 999_999  # a proposal that does not exist: a review of it is a quick 404
Limited = Callable[..., Flow]


@pytest.fixture
def limited(settings: Settings, database: Database, staff: Staff) -> Iterator[Limited]:
    """Flows through apps with the limits given (`render_limit=2`, `review_limit=1`...)."""
    clients: list[TestClient] = []

    def make(**limits: Any) -> Flow:
        client = TestClient(create_app(settings.model_copy(update=limits), database))
        clients.append(client.__enter__())
        return Flow(client, staff)

    yield make
    for client in clients:
        client.__exit__(None, None, None)


class Clock:
    """The limits' clock, moved by hand."""

    def __init__(self) -> None:
        self.at = utcnow()

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(rate_limits, "now", clock)
    return clock


def _review(flow: Flow, pid: int, by: Caller, sha: str = "0" * 64, **headers: str) -> Response:
    response: Response = flow.client.post(
        f"/api/v1/proposals/{pid}/reviews",
        json={
            "decision": "approve",
            "proof_sha256": sha,
            "comment": reason_for("approve"),
            "password": PASSWORD,
        },
        headers=by.headers | headers,
    )
    return response


def _refused(response: Response, action: str) -> dict[str, Any]:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    assert int(response.headers["retry-after"]) >= 1
    problem: dict[str, Any] = response.json()
    assert problem["type"].endswith("/rate-limited")
    assert problem["status"] == 429
    assert problem["action"] == action
    assert problem["retry_after"] == int(response.headers["retry-after"])
    return problem


def _reviews_of(db: Session, pid: int) -> int:
    return db.execute(
        select(func.count()).select_from(Review).where(Review.proposal_id == pid)
    ).scalar_one()


def test_a_review_burst_above_the_limit_is_refused_in_both_languages(
    limited: Limited, staff: Staff, db: Session
) -> None:
    flow = limited(review_limit=3)
    pid = flow.in_review()
    approver = staff.ps_approver
    for _ in range(2):  # under the limit every submission reaches the flow
        assert _review(flow, MISSING, approver).status_code == 404
    sha = flow.proof_sha(pid, approver)
    assert _review(flow, pid, approver, sha).status_code == 201  # the third, still allowed

    english = _refused(_review(flow, pid, approver, sha), "review")
    assert english["title"] == "Too many requests"
    assert english["detail"].startswith("Too many reviews; try again in ")
    arabic_response = _review(flow, pid, approver, sha, **{"Accept-Language": "ar, en;q=0.5"})
    arabic = _refused(arabic_response, "review")
    assert arabic_response.headers["content-language"] == "ar"
    assert arabic["title"] == "طلبات كثيرة جدًّا"
    seconds = arabic_response.headers["retry-after"]
    assert arabic["detail"] == (
        f"أرسلت مراجعات كثيرة في وقت قصير؛ الثواني المتبقية قبل إعادة المحاولة: {seconds}"
    )
    assert _reviews_of(db, pid) == 1  # the refused ones recorded nothing


def test_a_refused_review_changes_nothing_and_another_user_goes_on(
    limited: Limited, staff: Staff, db: Session
) -> None:
    flow = limited(review_limit=1)
    pid = flow.in_review()
    sha = flow.proof_sha(pid, staff.ps_approver)
    assert _review(flow, MISSING, staff.ps_approver).status_code == 404
    _refused(_review(flow, pid, staff.ps_approver, sha), "review")
    assert _reviews_of(db, pid) == 0
    assert flow.get(pid)["status"] == "in_review"
    # Another approver, from the same address, is not affected.
    assert _review(flow, pid, staff.om_approver, sha).status_code == 201
    assert _reviews_of(db, pid) == 1


def test_the_count_is_the_users_whatever_the_token_or_address(
    limited: Limited, staff: Staff, db: Session, settings: Settings, database: Database
) -> None:
    flow = limited(review_limit=2)
    for _ in range(2):
        assert _review(flow, MISSING, staff.ps_approver).status_code == 404
    user = db.scalar(select(User).where(User.username == staff.ps_approver.username))
    assert user is not None
    other_token = Caller(user.username, "PS", auth.issue_token(db, user, SECRET, 3600))
    db.commit()
    app = create_app(settings.model_copy(update={"review_limit": 2}), database)
    with TestClient(app, client=("203.0.113.7", 40000)) as elsewhere:
        again = Flow(elsewhere, staff)
        _refused(_review(again, MISSING, other_token), "review")
        # An Egyptian approver from that address has their own allowance.
        assert _review(again, MISSING, staff.eg_approver).status_code == 404


def test_after_the_window_the_user_may_go_again(
    limited: Limited, staff: Staff, clock: Clock
) -> None:
    flow = limited(review_limit=2, rate_limit_window_seconds=60)
    approver = staff.ps_approver
    assert _review(flow, MISSING, approver).status_code == 404
    clock.advance(20)
    assert _review(flow, MISSING, approver).status_code == 404
    clock.advance(10)
    refused = _review(flow, MISSING, approver)
    _refused(refused, "review")
    assert refused.headers["retry-after"] == "30"  # when the first hit leaves the window
    clock.advance(29)
    assert _review(flow, MISSING, approver).headers["retry-after"] == "1"
    clock.advance(1)  # the first hit has left the window: one slot
    assert _review(flow, MISSING, approver).status_code == 404
    _refused(_review(flow, MISSING, approver), "review")
    clock.advance(60)  # a whole window later, everything is free again
    assert _review(flow, MISSING, approver).status_code == 404
    assert _review(flow, MISSING, approver).status_code == 404


def _kind_proofs(db: Session, kind: str) -> int:
    return db.execute(
        select(func.count()).select_from(Proof).where(Proof.kind == kind)
    ).scalar_one()


def test_renders_are_limited_per_user_and_a_kept_proof_costs_nothing(
    limited: Limited, staff: Staff, db: Session
) -> None:
    flow = limited(render_limit=2)
    pid = flow.in_review()
    approver = staff.ps_approver
    base = f"/api/v1/proposals/{pid}"
    sha = flow.proof_sha(pid, approver)  # the review proof: one render
    for _ in range(5):  # kept: served without counting
        assert flow.proof_sha(pid, approver) == sha
    stamp = flow.client.get(f"{base}/proofs/stamp.pdf?administration=PS", headers=approver.headers)
    assert stamp.status_code == 200, stamp.text

    sheets = _kind_proofs(db, "sheet")
    sheet = f"{base}/proofs/sheet.pdf?administration=PS"
    problem = _refused(flow.client.get(sheet, headers=approver.headers), "render")
    assert problem["detail"].startswith("Too many proof renders; try again in ")
    arabic = flow.client.get(sheet, headers=approver.headers | {"Accept-Language": "ar"})
    assert _refused(arabic, "render")["detail"].startswith("طلبت إعداد بروفات كثيرة")
    assert _kind_proofs(db, "sheet") == sheets  # nothing rendered

    page = f"{base}/proofs/{sha}/pages/1.png?dpi=48"
    _refused(flow.client.get(page, headers=approver.headers), "render")
    storage: Storage = flow.client.app.state.storage  # type: ignore[attr-defined] # FastAPI app
    kept = derived_key(pages.PAGES_NAMESPACE, sha, "p1-48.png")
    assert not storage.exists(kept)  # nothing rendered, nothing stored

    other = staff.om_approver  # another user renders the sheet and the page
    assert flow.client.get(sheet, headers=other.headers).status_code == 200
    assert flow.client.get(page, headers=other.headers).status_code == 200
    assert storage.exists(kept)
    # The page is kept now: the user over the limit may see it, as they may the proofs made.
    assert flow.client.get(page, headers=approver.headers).status_code == 200
    assert flow.proof_sha(pid, approver) == sha


def test_the_review_flow_counts_and_checks_the_password_before_it_locks_the_proposal(
    limited: Limited, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    flow = limited()
    pid = flow.in_review()
    sha = flow.proof_sha(pid, staff.ps_approver)
    steps: list[str] = []
    spend, reauthenticate, get = rate_limits.spend, auth.reauthenticate, proposals.get

    def spending(database: Database, user_id: int, limit: rate_limits.Limit) -> None:
        steps.append(f"quota {limit.action}")
        spend(database, user_id, limit)

    def checking(*args: Any, **kwargs: Any) -> Any:
        steps.append("password")
        return reauthenticate(*args, **kwargs)

    def loading(*args: Any, for_update: bool = False, **kwargs: Any) -> Any:
        steps.append("lock" if for_update else "read")
        return get(*args, for_update=for_update, **kwargs)

    monkeypatch.setattr(rate_limits, "spend", spending)
    monkeypatch.setattr(auth, "reauthenticate", checking)
    monkeypatch.setattr(proposals, "get", loading)
    assert _review(flow, pid, staff.ps_approver, sha).status_code == 201
    assert "lock" in steps
    first_lock = steps.index("lock")
    assert steps.index("quota review") < first_lock
    assert steps.index("password") < first_lock
    assert steps.count("password") == 1


def test_concurrent_spending_never_passes_the_limit(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    """Eight requests of one user at the same instant, on a committed database, against a
    limit of three: exactly three go, and exactly three hits are recorded."""
    limit = rate_limits.Limit(rate_limits.REVIEW, 3, 60.0)
    with live_service(template_db, tmp_path) as live:
        with live.database.reader() as session:
            user_id = session.scalar(
                select(User.id).where(User.username == live.staff.ps_approver.username)
            )
        assert user_id is not None
        barrier = threading.Barrier(8)
        outcomes: list[str] = []

        def spend() -> None:
            barrier.wait()
            try:
                rate_limits.spend(live.database, user_id, limit)
                outcomes.append("went")
            except rate_limits.RateLimited:
                outcomes.append("refused")

        threads = [threading.Thread(target=spend) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(outcomes) == ["refused"] * 5 + ["went"] * 3
        with live.database.reader() as session:
            hits = session.scalar(
                select(func.count()).select_from(RateHit).where(RateHit.user_id == user_id)
            )
        assert hits == 3

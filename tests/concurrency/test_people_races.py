"""An approver deactivated while approvals race: the outcome is one some serial order gives.

Palestine Post's first approver has approved; then, all at once, Palestine Post's admin
deactivates them, two other Palestine Post approvers approve and Oman Post approves. Either
Oman Post's approval came first and completed the proposal with the first approver's
signature (the deactivation then leaves that evidence alone), or the first approval lapsed
and at most one other Palestine Post approval stands; nothing deadlocks or fails with a 500.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from functools import partial
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from app.auth.models import User
from app.signing.models import SealedProof
from tests.concurrency.racing import cheap_passwords, in_review, post_review, state, together
from tests.database import TemplateDatabase
from tests.factories import Caller, make_user
from tests.live import Live, live_service

REPETITIONS = {"postgresql": 20, "sqlite": 5}


@pytest.fixture
def live(template_db: TemplateDatabase, tmp_path: Path) -> Iterator[Live]:
    with live_service(template_db, tmp_path) as live:
        yield live


def _deactivate(client: TestClient, by: Caller, user_id: int) -> Response:
    response: Response = client.patch(
        f"/api/v1/users/{user_id}", json={"is_active": False}, headers=by.headers
    )
    return response


def test_a_deactivation_racing_approvals(live: Live, template_db: TemplateDatabase) -> None:
    repetitions = REPETITIONS[template_db.backend]
    with live.database.writer() as session:
        firsts = [
            make_user(session, "PS", "approver", username=f"ps-first-{n}")
            for n in range(repetitions)
        ]
        b = make_user(session, "PS", "approver", username="ps-second")
        c = make_user(session, "PS", "approver", username="ps-third")
        ids = {name: id_ for name, id_ in session.execute(select(User.username, User.id))}  # noqa: C416 - rows, not pairs
    cheap_passwords(live)
    staff = live.staff
    with ExitStack() as stack:
        setup, *racers = (stack.enter_context(live.client()) for _ in range(5))
        prepared = in_review(live, setup, repetitions)
        for first, p in zip(firsts, prepared, strict=True):
            assert post_review(setup, p.pid, first, "approve", p.sha).status_code == 201
            off, by_b, by_c, by_om = together(
                partial(_deactivate, racers[0], staff.ps_admin, ids[first.username]),
                partial(post_review, racers[1], p.pid, b, "approve", p.sha),
                partial(post_review, racers[2], p.pid, c, "approve", p.sha),
                partial(post_review, racers[3], p.pid, staff.om_approver, "approve", p.sha),
            )
            assert off.status_code == 200, off.text
            assert by_om.status_code == 201, by_om.text
            ps = [r for r in (by_b, by_c) if r.status_code == 201]
            assert all(r.status_code in (201, 409) for r in (by_b, by_c)), [by_b.text, by_c.text]
            assert len(ps) <= 1
            after = state(live, p.pid)
            standing = {r.reviewer_id for r in after.reviews if r.superseded_at is None}
            lapsed = {r.reviewer_id for r in after.reviews if r.superseded_at is not None}
            with live.database.reader() as session:
                sealed = session.scalar(select(SealedProof).where(SealedProof.proposal_id == p.pid))
            om = ids[staff.om_approver.username]
            if after.status == "approved" and not ps:
                # Oman Post approved first: the first approver's signature completed it, and
                # the deactivation that came after leaves the evidence as it is.
                assert standing == {ids[first.username], om}
                assert not lapsed
            elif ps:
                winner = ids[b.username] if ps[0] is by_b else ids[c.username]
                assert after.status == "approved"
                assert standing == {winner, om}
                assert lapsed == {ids[first.username]}
            else:
                assert after.status == "in_review"  # Palestine Post must approve again
                assert standing == {om}
                assert lapsed == {ids[first.username]}
            assert (sealed is not None) == (after.status == "approved")
            if sealed is not None:
                assert sealed.signatures == 3
            assert after.transitions_to("approved") == (after.status == "approved")

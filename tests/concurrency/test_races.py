"""Races on a committed database: the database, not the process, decides the outcome.

Each repetition releases its requests together with a barrier; every request has its own
client and so its own connection. After each repetition the outcome must be one of the
outcomes some serial order would give; at the end, catalogue numbers must be unique and
gap-free per administration and year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack
from functools import partial
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.catalogue.models import CatalogueEntry, JointIssue, NumberSequence
from tests.concurrency.racing import (
    Prepared,
    artwork,
    cheap_passwords,
    in_review,
    post_artwork,
    post_issue,
    post_review,
    state,
    together,
)
from tests.database import TemplateDatabase
from tests.live import Live, live_service

# Each race is repeated 50 times on PostgreSQL, the production database, and 10 times on
# the embedded SQLite, whose writers take its one lock in turn.
REPETITIONS = {"postgresql": 50, "sqlite": 10}


def _assert_numbers_gap_free(live: Live) -> dict[tuple[str, int], int]:
    """Every (administration, year) numbered 1..n once each; returns n per sequence."""
    with live.database.reader() as session:
        rows = session.execute(
            select(CatalogueEntry.administration_code, CatalogueEntry.year, CatalogueEntry.seq)
        ).all()
        counters = {
            (s.administration_code, s.year): s.last_seq
            for s in session.scalars(select(NumberSequence))
        }
        numbers = session.scalars(select(CatalogueEntry.number)).all()
    assert len(numbers) == len(set(numbers))
    seqs: dict[tuple[str, int], list[int]] = defaultdict(list)
    for code, year, seq in rows:
        seqs[(code, year)].append(seq)
    for key, found in seqs.items():
        assert sorted(found) == list(range(1, len(found) + 1)), key
        assert counters[key] == len(found), key
    return {key: len(found) for key, found in seqs.items()}


@pytest.fixture
def live(template_db: TemplateDatabase, tmp_path: Path) -> Iterator[Live]:
    with live_service(template_db, tmp_path) as live:
        cheap_passwords(live)
        yield live


@pytest.fixture
def repetitions(template_db: TemplateDatabase) -> int:
    return REPETITIONS[template_db.backend]


@pytest.fixture
def clients(live: Live) -> Iterator[tuple[TestClient, ...]]:
    """A client for preparing, and five for racing: one connection each, reused per round."""
    with ExitStack() as stack:
        yield tuple(stack.enter_context(live.client()) for _ in range(6))


def _race_approvals(live: Live, racers: tuple[TestClient, ...], a: Prepared, b: Prepared) -> None:
    """Both partners approve A and B at once, and PS's approver sends A's sign-off twice."""
    ps, om = live.staff.ps_approver, live.staff.om_approver
    c1, c2, c3, c4, c5 = racers
    first, second, again, b_ps, b_om = together(
        partial(post_review, c1, a.pid, ps, "approve", a.sha),
        partial(post_review, c2, a.pid, om, "approve", a.sha),
        partial(post_review, c3, a.pid, ps, "approve", a.sha),
        partial(post_review, c4, b.pid, ps, "approve", b.sha),
        partial(post_review, c5, b.pid, om, "approve", b.sha),
    )
    assert sorted([first.status_code, again.status_code]) == [201, 409]
    for accepted in ([r for r in (first, second, again) if r.status_code == 201], [b_ps, b_om]):
        assert [r.status_code for r in accepted] == [201, 201], [r.text for r in accepted]
        assert sorted(r.json()["proposal_status"] for r in accepted) == ["approved", "in_review"]
    for p in (a, b):
        after = state(live, p.pid)
        assert after.status == "approved"
        assert after.transitions_to("approved") == 1
        assert [(r.review_round, r.proof_sha256) for r in after.reviews] == [(1, p.sha)] * 2
        assert len({r.administration_id for r in after.reviews}) == 2


def _race_issues(
    live: Live, racers: tuple[TestClient, ...], a: Prepared, b: Prepared, date: str
) -> None:
    """Both admins issue A at once while B is issued too: A once, B once, four new numbers."""
    c1, c2, c3, *_ = racers
    a_ps, a_om, b_om = together(
        partial(post_issue, c1, a.pid, live.staff.ps_admin, date),
        partial(post_issue, c2, a.pid, live.staff.om_admin, date),
        partial(post_issue, c3, b.pid, live.staff.om_admin, date),
    )
    assert sorted([a_ps.status_code, a_om.status_code]) == [201, 409], [a_ps.text, a_om.text]
    assert b_om.status_code == 201, b_om.text
    a_won = a_ps if a_ps.status_code == 201 else a_om
    numbers = [e["number"] for r in (a_won, b_om) for e in r.json()]
    assert len(numbers) == len(set(numbers)) == 4
    for p in (a, b):
        after = state(live, p.pid)
        assert after.status == "issued"
        assert after.transitions_to("issued") == 1
        with live.database.reader() as session:
            entries = session.scalars(
                select(CatalogueEntry.administration_code)
                .join(JointIssue)
                .where(JointIssue.proposal_id == p.pid)
            ).all()
        assert sorted(entries) == ["OM", "PS"]


def test_approvals_then_issues_at_once(
    live: Live, clients: tuple[TestClient, ...], repetitions: int
) -> None:
    """Each repetition: two proposals in review are approved by racing sign-offs, then issued
    by racing admins; the catalogue numbers end unique and gap-free."""
    setup, *racers = clients
    for i in range(repetitions):
        a, b = in_review(live, setup, 2)
        _race_approvals(live, tuple(racers), a, b)
        _race_issues(live, tuple(racers), a, b, f"{2027 + i % 2}-03-01")
    counts = _assert_numbers_gap_free(live)
    assert counts == {(code, year): repetitions for code in ("PS", "OM") for year in (2027, 2028)}


def test_an_approval_racing_an_upload_and_a_request_for_changes(
    live: Live, clients: tuple[TestClient, ...], repetitions: int
) -> None:
    """PS approves, OM requests changes and the designer uploads new artwork, all at once.

    The upload is accepted only after the request for changes put the proposal back in
    draft; an approval is accepted only before it, and then binds the old proof. Either way
    the old approval never counts for the new proof.
    """
    setup, a, b, c, *_ = clients
    staff, flow = live.staff, live.flow(setup)
    for n, p in enumerate(in_review(live, setup, repetitions), start=1000):
        approval, changes, upload = together(
            partial(post_review, a, p.pid, staff.ps_approver, "approve", p.sha),
            partial(post_review, b, p.pid, staff.om_approver, "request_changes", p.sha),
            partial(post_artwork, c, p.pid, staff.ps_designer, artwork(n)),
        )
        assert changes.status_code == 201, changes.text
        assert approval.status_code in (201, 409), approval.text
        assert upload.status_code in (201, 409), upload.text
        after = state(live, p.pid)
        assert after.status == "draft"
        assert after.transitions_to("approved") == 0
        seq = {e.data.get("decision") or e.kind: e.seq for e in after.events}
        uploads = [e for e in after.events if e.kind == "artwork_uploaded"]
        if approval.status_code == 201:
            assert seq["approve"] < seq["request_changes"]
            assert approval.json()["proof_sha256"] == p.sha
        else:
            assert "approve" not in seq
        if upload.status_code == 201:
            assert len(uploads) == 2
            assert uploads[-1].seq > seq["request_changes"]
            flow.submit(p.pid)
            fresh = flow.proof_sha(p.pid)
            assert fresh != p.sha
            stale = post_review(setup, p.pid, staff.ps_approver, "approve", p.sha)
            assert stale.status_code == 409, stale.text
            r = post_review(setup, p.pid, staff.om_approver, "approve", fresh)
            assert r.status_code == 201, r.text
            assert r.json()["proposal_status"] == "in_review"
        else:
            assert len(uploads) == 1

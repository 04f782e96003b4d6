"""Audit events: one per change, hash-chained, and tampering is reported by the CLI."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from app.core.settings import PROJECT_ROOT
from tests.database import TemplateDatabase
from tests.factories import Flow
from tests.live import live_service


def test_every_event_links_to_the_previous_one(flow: Flow) -> None:
    pid = flow.approved()
    events = flow.client.get(
        f"/api/v1/proposals/{pid}/events", headers=flow.staff.om_approver.headers
    ).json()
    kinds = [e["kind"] for e in events]
    assert kinds == ["created", "artwork_uploaded", "submitted", "reviewed", "reviewed"]
    assert events[0]["prev_hash"] == "0" * 64
    for before, after in itertools.pairwise(events):
        assert after["prev_hash"] == before["hash"]
        assert after["seq"] == before["seq"] + 1
    assert events[-1]["data"]["to"] == "approved"
    assert "to" not in events[-2]["data"]
    reviewed = events[2]["data"]["proof_sha256"]
    assert events[3]["data"]["proof_sha256"] == events[4]["data"]["proof_sha256"] == reviewed


def _verify(url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "audit", "verify"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_stamps_audit_verify_reports_a_changed_event(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    with live_service(template_db, tmp_path) as live, live.client() as client:
        flow = live.flow(client)
        flow.approved()
        ok = _verify(live.url)
        assert ok.returncode == 0, ok.stderr
        assert "audit chain intact" in ok.stdout
        with live.database.engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE audit_events SET actor = 'someone-else' "
                    "WHERE kind = 'reviewed' AND seq = 4"
                )
            )
        broken = _verify(live.url)
        assert broken.returncode == 1
        assert "seq 4" in broken.stderr
        assert "content does not match hash" in broken.stderr

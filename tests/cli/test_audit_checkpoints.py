"""`stamps audit verify --against FILE`: what the plain chain walk cannot see, a partner's
checkpoints do: the last event deleted, or an event rewritten with every later hash recomputed.
And a checkpoint file the service did not sign is refused before anything is compared."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from app.audit import chain
from app.audit.models import AuditEvent
from app.cli.audit import CHAIN_BROKEN, CHECKPOINTS_DISAGREE, CHECKPOINTS_REFUSED
from app.signing import keys
from tests.commands import stamps_on
from tests.database import TemplateDatabase
from tests.live import Live, live_service


@pytest.fixture
def live(template_db: TemplateDatabase, tmp_path: Path) -> Iterator[Live]:
    with live_service(template_db, tmp_path / "service") as service:
        yield service


def _stamps(live: Live, *args: str) -> subprocess.CompletedProcess[str]:
    return stamps_on(live.url, live.settings.data_dir, *args)


def _approved_and_kept(live: Live, folder: Path) -> tuple[int, Path, Path]:
    """An approved proposal; OM's admin downloads its checkpoints and the certificate."""
    with live.client() as client:
        flow = live.flow(client)
        pid = flow.approved()
        kept = client.get(
            "/api/v1/administrations/OM/audit/checkpoints", headers=live.staff.om_admin.headers
        )
        assert kept.status_code == 200, kept.text
        certificate = client.get("/api/v1/certificates")
    (folder / "om-checkpoints.json").write_bytes(kept.content)
    (folder / "service.pem").write_bytes(certificate.content)
    return pid, folder / "om-checkpoints.json", folder / "service.pem"


def test_the_untouched_trail_agrees(live: Live, tmp_path: Path) -> None:
    _pid, kept, cert = _approved_and_kept(live, tmp_path)
    ok = _stamps(live, "audit", "verify", "--against", str(kept), "--cert", str(cert))
    assert ok.returncode == 0, ok.stderr
    assert "agrees with 2 signed checkpoints of 1 streams" in ok.stdout


def test_deleting_the_last_event_is_found_against_checkpoints(live: Live, tmp_path: Path) -> None:
    pid, kept, cert = _approved_and_kept(live, tmp_path)
    with live.database.engine.begin() as conn:
        conn.execute(delete(AuditEvent).where(AuditEvent.proposal_id == pid, AuditEvent.seq == 5))
    plain = _stamps(live, "audit", "verify")
    assert plain.returncode == 0, plain.stderr  # a shorter chain is still a whole chain
    found = _stamps(live, "audit", "verify", "--against", str(kept), "--cert", str(cert))
    assert found.returncode == CHECKPOINTS_DISAGREE != CHAIN_BROKEN
    line = next(li for li in found.stderr.splitlines() if li.startswith("TRUNCATED"))
    assert line.startswith(f"TRUNCATED proposal:{pid}: the database holds 4 events")
    assert "counted 5" in line
    assert "1 missing at the end" in line
    assert "REWRITTEN" not in found.stderr


def _rewrite(live: Live, pid: int) -> None:
    """Change the artwork event and recompute every hash after it: a consistent chain."""
    with live.database.writer() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.proposal_id == pid).order_by(AuditEvent.seq)
        ).all()
        events[1].data = {**events[1].data, "sha256": "0" * 64}
        for before, event in zip([None, *events], events, strict=False):
            event.prev_hash = before.hash if before else chain.GENESIS
            event.hash = chain.event_hash(
                stream=event.stream,
                seq=event.seq,
                kind=event.kind,
                actor=event.actor,
                at=event.at,
                data=event.data,
                prev_hash=event.prev_hash,
            )
        session.commit()


def test_a_recomputed_rewrite_is_found_against_checkpoints(live: Live, tmp_path: Path) -> None:
    pid, kept, cert = _approved_and_kept(live, tmp_path)
    _rewrite(live, pid)
    plain = _stamps(live, "audit", "verify")
    assert plain.returncode == 0, plain.stderr
    found = _stamps(live, "audit", "verify", "--against", str(kept), "--cert", str(cert))
    assert found.returncode == CHECKPOINTS_DISAGREE, found.stderr
    assert f"REWRITTEN proposal:{pid}: event 3 hashes to" in found.stderr
    assert "TRUNCATED" not in found.stderr
    assert "1 streams disagree with the signed checkpoints" in found.stderr


def _edit(path: Path, change: Any) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def test_a_forged_checkpoint_file_is_refused(live: Live, tmp_path: Path) -> None:
    """Someone who rewrote the trail edits the kept heads to match: the signature tells."""
    pid, kept, cert = _approved_and_kept(live, tmp_path)
    _rewrite(live, pid)
    with live.database.reader() as session:
        now = chain.hashes_by_stream(session)[f"proposal:{pid}"]

    def match(document: dict[str, Any]) -> None:
        for checkpoint in document["checkpoints"]:
            statement = checkpoint["statement"]
            statement["head_hash"] = now[statement["count"]]

    _edit(kept, match)
    refused = _stamps(live, "audit", "verify", "--against", str(kept), "--cert", str(cert))
    assert refused.returncode == CHECKPOINTS_REFUSED, refused.stderr
    assert f"FORGED checkpoint 1 (proposal:{pid}, count 3)" in refused.stderr
    assert "nothing was compared" in refused.stderr
    assert "audit chain intact" not in refused.stdout


def test_checkpoints_signed_by_another_key_are_refused(live: Live, tmp_path: Path) -> None:
    _pid, kept, _cert = _approved_and_kept(live, tmp_path)
    other = keys.ensure(tmp_path / "other" / "key.pem", tmp_path / "other" / "cert.pem")
    assert other.fingerprint not in kept.read_text(encoding="utf-8")
    refused = _stamps(
        live, "audit", "verify", "--against", str(kept), "--cert", str(tmp_path / "other/cert.pem")
    )
    assert refused.returncode == CHECKPOINTS_REFUSED, refused.stderr
    assert refused.stderr.count("FORGED") == 2


def test_a_file_that_is_no_checkpoint_file_is_explained(live: Live, tmp_path: Path) -> None:
    _pid, kept, cert = _approved_and_kept(live, tmp_path)
    _edit(kept, lambda d: d["checkpoints"][0].pop("signature"))
    bad = _stamps(live, "audit", "verify", "--against", str(kept), "--cert", str(cert))
    assert bad.returncode == 2
    assert "checkpoint 1 lacks its statement or signature" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_the_operator_exports_what_partners_download(live: Live, tmp_path: Path) -> None:
    pid, kept, _cert = _approved_and_kept(live, tmp_path)
    out = tmp_path / "export.json"
    done = _stamps(live, "audit", "checkpoints", "--out", str(out), "--administration", "om")
    assert done.returncode == 0, done.stderr
    exported = json.loads(out.read_text(encoding="utf-8"))
    downloaded = json.loads(kept.read_text(encoding="utf-8"))
    assert exported["checkpoints"] == downloaded["checkpoints"]
    assert exported["scope"] == "administration:OM"
    # Against the installation's own certificate (from its data folder), it agrees.
    ok = _stamps(live, "audit", "verify", "--against", str(out))
    assert ok.returncode == 0, ok.stderr
    unknown = _stamps(live, "audit", "checkpoints", "--out", str(out), "--administration", "ZZ")
    assert unknown.returncode == 2
    assert "no administration ZZ" in unknown.stderr
    assert f"proposal:{pid}" in out.read_text(encoding="utf-8")

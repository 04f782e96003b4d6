"""The pure check of a kept checkpoint file: signatures first, then each stream's length and
the hash at each signed count."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from app.audit import checkpoint_check
from app.audit.checkpoint_check import TRUNCATED, Checkpoint, UnreadableFile
from app.core.hashing import canonical_json
from app.signing import keys

KEY = ec.generate_private_key(ec.SECP256R1())
CERT = keys.make_certificate(KEY, dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
HEADS = {n: f"{n:064x}" for n in range(1, 8)}


def _entry(count: int, stream: str = "proposal:1", key: Any = KEY) -> dict[str, Any]:
    statement = {
        "kind": "audit-checkpoint",
        "version": 1,
        "stream": stream,
        "count": count,
        "head_hash": HEADS[count],
        "at": "2027-01-20T10:02:11.514233+00:00",
        "reason": "transition",
        "certificate_sha256": "0" * 64,
    }
    signature = key.sign(canonical_json(statement), ec.ECDSA(hashes.SHA256()))
    return {"statement": statement, "signature": base64.b64encode(signature).decode()}


def _file(*entries: dict[str, Any]) -> bytes:
    document = checkpoint_check.document(list(entries), scope="test", exported_at="now")
    return json.dumps(document).encode()


def _read(*entries: dict[str, Any]) -> list[Checkpoint]:
    return checkpoint_check.read(_file(*entries))


def test_a_grown_stream_agrees_with_its_older_checkpoints() -> None:
    held = _read(_entry(3), _entry(5))
    assert checkpoint_check.refusals(held, CERT) == []
    assert checkpoint_check.compare(held, {"proposal:1": HEADS}) == []


def test_a_stream_shorter_than_a_checkpoint_is_truncated() -> None:
    held = _read(_entry(3), _entry(5))
    shorter = {n: h for n, h in HEADS.items() if n <= 4}
    [finding] = checkpoint_check.compare(held, {"proposal:1": shorter})
    assert finding.problem == TRUNCATED
    assert "holds 4 events" in finding.message
    assert "counted 5" in finding.message


def test_a_stream_gone_whole_is_truncated() -> None:
    [finding] = checkpoint_check.compare(_read(_entry(3)), {})
    assert finding.problem == TRUNCATED
    assert "holds 0 events" in finding.message


def test_a_different_head_at_a_signed_count_is_rewritten() -> None:
    held = _read(_entry(3), _entry(5))
    rewritten = {**HEADS, 3: "f" * 64, 4: "e" * 64, 5: "d" * 64}
    [finding] = checkpoint_check.compare(held, {"proposal:1": rewritten})
    assert finding.problem == checkpoint_check.REWRITTEN
    assert finding.message.startswith("event 3 hashes to ffffffffffffffff…")


def test_each_stream_is_judged_on_its_own() -> None:
    held = _read(_entry(2, "proposal:1"), _entry(2, "proposal:2"))
    findings = checkpoint_check.compare(held, {"proposal:1": HEADS, "proposal:2": {1: HEADS[1]}})
    assert [(f.stream, f.problem) for f in findings] == [("proposal:2", TRUNCATED)]


def test_an_edited_statement_or_another_key_is_refused() -> None:
    edited = _entry(3)
    edited["statement"]["head_hash"] = "a" * 64
    added = _entry(5)
    added["statement"]["note"] = "extra"
    other = _entry(4, key=ec.generate_private_key(ec.SECP256R1()))
    garbled = {**_entry(2), "signature": "not base64!"}
    held = _read(_entry(1), edited, added, other, garbled)
    refused = checkpoint_check.refusals(held, CERT)
    assert [(r.position, r.count) for r in refused] == [(2, 3), (3, 5), (4, 4), (5, 2)]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\xff\xfe", "not JSON"),
        (b"[]", "not a checkpoint document"),
        (b'{"format": "joint-stamp-studio/audit-checkpoints"}', "no list of checkpoints"),
        (_file({"statement": {"kind": "x"}, "signature": ""}), "not an audit checkpoint"),
        (_file({"statement": {**_entry(1)["statement"], "count": True}, "signature": ""}), "1 is"),
        (_file({"signature": "x"}), "lacks its statement"),
    ],
)
def test_what_is_no_checkpoint_file_says_why(data: bytes, says: str) -> None:
    with pytest.raises(UnreadableFile, match=says):
        checkpoint_check.read(data)

"""Checking a partner's copy of the checkpoints: first every signature, then every chain.

Pure: it takes the file's bytes, the service certificate and the hashes the database holds,
and returns what disagrees. A file with one entry the certificate did not sign is refused
whole, before anything is compared: a forged checkpoint could otherwise hide a real one.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from app.audit.checkpoints import ALGORITHM, KIND, VERSION
from app.core.hashing import canonical_json

FORMAT = "joint-stamp-studio/audit-checkpoints"
TRUNCATED, REWRITTEN = "truncated", "rewritten"


class UnreadableFile(ValueError):
    """The file is not a checkpoint document at all (not JSON, or the wrong shape)."""


@dataclass(frozen=True)
class Checkpoint:
    """One signed statement, as read from a file."""

    stream: str
    count: int
    head_hash: str
    at: str
    statement: dict[str, Any]
    signature: str


@dataclass(frozen=True)
class Refusal:
    """An entry whose signature the certificate does not verify."""

    position: int
    stream: str
    count: int
    reason: str


@dataclass(frozen=True)
class Finding:
    """A stream that no longer holds what a checkpoint signed."""

    stream: str
    problem: str  # TRUNCATED or REWRITTEN
    message: str


def document(entries: list[dict[str, Any]], *, scope: str, exported_at: str) -> dict[str, Any]:
    """The one JSON document a partner downloads and keeps."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "scope": scope,
        "exported_at": exported_at,
        "algorithm": ALGORITHM,
        "checkpoints": entries,
    }


def read(data: bytes) -> list[Checkpoint]:
    """The entries of a checkpoint document, or `UnreadableFile` saying what is wrong."""
    try:
        parsed = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableFile(f"not JSON ({exc})") from exc
    if not isinstance(parsed, dict) or parsed.get("format") != FORMAT:
        raise UnreadableFile(f"not a checkpoint document (its format is not {FORMAT!r})")
    items = parsed.get("checkpoints")
    if not isinstance(items, list):
        raise UnreadableFile("it has no list of checkpoints")
    return [_entry(position, item) for position, item in enumerate(items, 1)]


def _entry(position: int, item: Any) -> Checkpoint:
    statement = item.get("statement") if isinstance(item, dict) else None
    signature = item.get("signature") if isinstance(item, dict) else None
    if not isinstance(statement, dict) or not isinstance(signature, str):
        raise UnreadableFile(f"checkpoint {position} lacks its statement or signature")
    stream, count = statement.get("stream"), statement.get("count")
    head, at = statement.get("head_hash"), statement.get("at")
    if (
        statement.get("kind") != KIND
        or not isinstance(stream, str)
        or not isinstance(count, int)
        or isinstance(count, bool)
        or count < 1
        or not isinstance(head, str)
        or not isinstance(at, str)
    ):
        raise UnreadableFile(f"checkpoint {position} is not an audit checkpoint statement")
    return Checkpoint(stream, count, head, at, statement, signature)


def refusals(checkpoints: list[Checkpoint], certificate: x509.Certificate) -> list[Refusal]:
    """Every entry the certificate's key did not sign, exactly as it stands in the file."""
    public_key = certificate.public_key()
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        return [Refusal(0, "", 0, "the certificate does not hold an ECDSA key")]
    found = []
    for position, checkpoint in enumerate(checkpoints, 1):
        try:
            signature = base64.b64decode(checkpoint.signature, validate=True)
            public_key.verify(
                signature, canonical_json(checkpoint.statement), ec.ECDSA(hashes.SHA256())
            )
        except (binascii.Error, InvalidSignature):
            found.append(
                Refusal(
                    position,
                    checkpoint.stream,
                    checkpoint.count,
                    "its signature does not verify with the service certificate",
                )
            )
    return found


def compare(
    checkpoints: list[Checkpoint], hashes_by_stream: Mapping[str, Mapping[int, str]]
) -> list[Finding]:
    """Per stream: cut short below a signed count (truncated), or a different event at a
    signed count (rewritten). A stream that grew past its checkpoints is fine."""
    findings: list[Finding] = []
    by_stream: dict[str, list[Checkpoint]] = {}
    for checkpoint in checkpoints:
        by_stream.setdefault(checkpoint.stream, []).append(checkpoint)
    for stream in sorted(by_stream):
        held = hashes_by_stream.get(stream, {})
        length = max(held, default=0)
        signed = sorted(by_stream[stream], key=lambda c: c.count)
        longest = signed[-1]
        if longest.count > length:
            findings.append(
                Finding(
                    stream,
                    TRUNCATED,
                    f"the database holds {length} events, but the checkpoint of {longest.at} "
                    f"counted {longest.count} (head {longest.head_hash[:16]}…): "
                    f"{longest.count - length} missing at the end",
                )
            )
        rewritten = next(
            (c for c in signed if c.count <= length and held.get(c.count) != c.head_hash), None
        )
        if rewritten is not None:
            now = held.get(rewritten.count)
            findings.append(
                Finding(
                    stream,
                    REWRITTEN,
                    f"event {rewritten.count} hashes to "
                    f"{now[:16] + '…' if now else 'nothing (it is missing)'}, but the checkpoint "
                    f"of {rewritten.at} signed {rewritten.head_hash[:16]}… at that count",
                )
            )
    return findings

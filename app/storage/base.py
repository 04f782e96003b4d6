"""The storage interface every stored file goes through (artwork, proofs, images).

Keys are content addresses chosen by the service (`artwork/ab/cd/abcd…`), never paths from user
input. Writes are atomic: a reader sees the whole file or nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol


def content_key(namespace: str, sha256: str) -> str:
    """The storage key of a blob named by its SHA-256."""
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return f"{namespace}/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def derived_key(namespace: str, sha256: str, suffix: str) -> str:
    """The key of something derived from a content-addressed blob (a preview, an image)."""
    return f"{content_key(namespace, sha256)}-{suffix}"


class Storage(Protocol):
    def put_bytes(self, key: str, data: bytes) -> None: ...

    def put_file(self, key: str, source: Path) -> None:
        """Move a finished staging file into place under `key` (consumes `source`)."""

    def open(self, key: str) -> BinaryIO: ...

    def read_bytes(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def local_path(self, key: str) -> Path:
        """A local file with the blob's bytes (the file itself, or a cached copy)."""

    def staging_file(self) -> Path:
        """A fresh temporary file on the same volume, for streaming uploads into."""

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key starting with `prefix`; staging and cache files are not blobs."""

    def modified(self, key: str) -> float:
        """When the blob was last written (POSIX seconds)."""

    def sweep_staging(self, older_than_seconds: float = 0) -> int:
        """Remove staging leftovers of interrupted uploads (at start-up and periodically)."""

"""Local-folder storage: temp file, fsync, atomic rename, so no half-written file is ever seen."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

STAGING = ".staging"


class LocalStorage:
    """Blobs under one root folder; staging files live beside them to rename atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.staging = self.root / STAGING
        self.staging.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root not in path.parents:
            raise ValueError("storage key escapes the storage root")
        return path

    def staging_file(self) -> Path:
        fd, name = tempfile.mkstemp(dir=self.staging, prefix="up-")
        os.close(fd)
        return Path(name)

    def put_file(self, key: str, source: Path) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb+") as handle:
            os.fsync(handle.fileno())
        source.replace(target)
        _fsync_dir(target.parent)

    def put_bytes(self, key: str, data: bytes) -> None:
        staged = self.staging_file()
        staged.write_bytes(data)
        self.put_file(key, staged)

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def read_bytes(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def local_path(self, key: str) -> Path:
        return self._path(key)

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and STAGING not in path.relative_to(self.root).parts:
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    yield key

    def modified(self, key: str) -> float:
        return self._path(key).stat().st_mtime

    def sweep_staging(self, older_than_seconds: float = 0) -> int:
        """Remove leftovers of interrupted uploads; run at start-up and periodically."""
        return sweep_folder(self.staging, older_than_seconds)


def sweep_folder(folder: Path, older_than_seconds: float = 0) -> int:
    """Delete the files in `folder` older than the given age; returns how many went."""
    removed = 0
    cutoff = time.time() - older_than_seconds
    for leftover in folder.iterdir():
        with contextlib.suppress(FileNotFoundError):
            if leftover.stat().st_mtime <= cutoff:
                leftover.unlink()
                removed += 1
    return removed


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

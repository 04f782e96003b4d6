"""S3-compatible storage: the scale-out option behind the same interface as the local folder.

Objects are written whole with one PUT (S3 has no partial objects, so a reader never sees a
half-written file). Uploads still stream to a local staging file first, because validation
must see the whole file before anything is published. Readers that need a path (Pillow,
ReportLab) get a local cached copy, fetched once and renamed into place atomically.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


class S3Storage:
    """Blobs in one bucket under an optional prefix; a local folder for staging and cache."""

    def __init__(
        self,
        *,
        bucket: str,
        local_dir: Path,
        prefix: str = "",
        client: S3Client | None = None,
        **client_options: Any,
    ) -> None:
        if client is None:
            import boto3

            client = boto3.client("s3", **client_options)
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.staging = local_dir / ".staging"
        self.cache = local_dir / ".cache"
        self.staging.mkdir(parents=True, exist_ok=True)
        self.cache.mkdir(parents=True, exist_ok=True)

    def _key(self, key: str) -> str:
        if ".." in key.split("/"):
            raise ValueError("storage key escapes the storage root")
        return f"{self.prefix}/{key}" if self.prefix else key

    def staging_file(self) -> Path:
        fd, name = tempfile.mkstemp(dir=self.staging, prefix="up-")
        os.close(fd)
        return Path(name)

    def put_file(self, key: str, source: Path) -> None:
        self.client.upload_file(str(source), self.bucket, self._key(key))
        source.unlink(missing_ok=True)

    def put_bytes(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)

    def open(self, key: str) -> BinaryIO:
        body = self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
        return cast(BinaryIO, body)

    def read_bytes(self, key: str) -> bytes:
        with contextlib.closing(self.open(key)) as stream:
            return stream.read()

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        (self.cache / key).unlink(missing_ok=True)

    def local_path(self, key: str) -> Path:
        target = self.cache / key
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=target.parent, prefix=".dl-")
            os.close(fd)
            try:
                self.client.download_file(self.bucket, self._key(key), name)
                Path(name).replace(target)
            finally:
                Path(name).unlink(missing_ok=True)
        return target

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        root = f"{self.prefix}/" if self.prefix else ""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=root + prefix
        )
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"][len(root) :]

    def modified(self, key: str) -> float:
        head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        return head["LastModified"].timestamp()

    def sweep_staging(self, older_than_seconds: float = 0) -> int:
        from app.storage.local import sweep_folder

        return sweep_folder(self.staging, older_than_seconds)

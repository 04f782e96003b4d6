"""Choose the storage backend from the settings: the local folder, or an S3-compatible bucket."""

from __future__ import annotations

from app.core.settings import Settings
from app.storage.base import Storage
from app.storage.local import LocalStorage


def make_storage(settings: Settings) -> Storage:
    """S3 credentials come from the standard AWS environment variables, never from settings."""
    if settings.storage_backend == "s3":
        if not settings.s3_bucket:
            raise ValueError("STAMPS_S3_BUCKET must be set when STAMPS_STORAGE_BACKEND=s3")
        from app.storage.s3 import S3Storage

        return S3Storage(
            bucket=settings.s3_bucket,
            prefix=settings.s3_prefix,
            local_dir=settings.data_dir,
            endpoint_url=settings.s3_endpoint_url,
            region_name=settings.s3_region,
        )
    return LocalStorage(settings.storage_dir)

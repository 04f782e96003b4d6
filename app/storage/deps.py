"""The app's file store as a FastAPI dependency (what `create_app` put on ``app.state``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.storage.base import Storage


def storage_of(request: Request) -> Storage:
    storage: Storage = request.app.state.storage
    return storage


async def get_storage(request: Request) -> Storage:
    """Async: a lookup is not worth a trip to the thread pool."""
    return storage_of(request)


StorageDep = Annotated[Storage, Depends(get_storage)]

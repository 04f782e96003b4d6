"""The staging sweep, run every so often while the service runs (not only at start-up).

An upload killed mid-way (the worker was killed, the client vanished) leaves its staging file
behind. The start-up sweep removes such files only when they are older than the grace period,
so a prompt restart leaves them; this task removes them later, with the same grace, since a
file still being written is touched with every chunk and never looks old.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from app.storage.base import Storage

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def periodic(storage: Storage, interval: float, grace: float) -> AsyncIterator[None]:
    """Sweep staging every `interval` seconds while the block runs (never when it is 0)."""
    if interval <= 0:
        yield
        return
    task = asyncio.create_task(_sweep_forever(storage, interval, grace), name="staging-sweep")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _sweep_forever(storage: Storage, interval: float, grace: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            removed = await asyncio.to_thread(storage.sweep_staging, grace)
        except OSError as exc:  # a storage hiccup must not end the sweeping for good
            log.warning("staging sweep failed: %s", exc)
            continue
        if removed:
            log.info("staging sweep removed %d leftover files", removed)

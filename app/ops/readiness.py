"""Readiness: can this process serve requests now? The database answers a query and the file
store takes, returns and deletes a probe, each within a timeout.

A load balancer takes a process out of rotation on 503 and back in on 200. Each check runs
in a small thread pool of its own, so a store or a database that hangs costs the check its
timeout, not the answer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from sqlalchemy import text

from app.core.db import Database
from app.storage.base import Storage

_checks = ThreadPoolExecutor(max_workers=4, thread_name_prefix="readiness")


def database_answers(database: Database) -> Callable[[], None]:
    def check() -> None:
        with database.reader() as session:
            session.execute(text("SELECT 1"))

    return check


def storage_answers(storage: Storage) -> Callable[[], None]:
    def check() -> None:
        key = f"health/{uuid.uuid4().hex}"
        storage.put_bytes(key, b"ready")
        try:
            if storage.read_bytes(key) != b"ready":
                raise OSError("the probe came back different")
        finally:
            storage.delete(key)

    return check


def run(checks: dict[str, Callable[[], None]], timeout_seconds: float) -> dict[str, str]:
    """Each check's outcome: `ok`, `timeout`, or the failure's kind (never its message, which
    may name hosts and paths)."""
    futures = {name: _checks.submit(check) for name, check in checks.items()}
    outcome = {}
    for name, future in futures.items():
        try:
            future.result(timeout=timeout_seconds)
        except FutureTimeout:
            outcome[name] = "timeout"
        except Exception as exc:
            outcome[name] = f"unavailable ({exc.__class__.__name__})"
        else:
            outcome[name] = "ok"
    return outcome

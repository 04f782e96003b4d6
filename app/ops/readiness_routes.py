"""GET /readyz: 200 when the database and the file store both answer in time, else 503."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.core.db import DatabaseDep
from app.core.deps import SettingsDep
from app.ops import readiness
from app.storage.deps import StorageDep

router = APIRouter(tags=["health"])


@router.get("/readyz", responses={503: {"description": "The database or the store is down"}})
def ready(database: DatabaseDep, storage: StorageDep, settings: SettingsDep) -> JSONResponse:
    """Readiness for a load balancer: each dependency checked with a timeout (`/healthz` says
    only that the process and its database answer)."""
    outcome = readiness.run(
        {
            "database": readiness.database_answers(database),
            "storage": readiness.storage_answers(storage),
        },
        settings.readiness_timeout_seconds,
    )
    ok = all(value == "ok" for value in outcome.values())
    body = {"status": "ok" if ok else "unavailable", **outcome}
    headers = {"Cache-Control": "no-store"}
    if not ok:
        headers["Retry-After"] = "5"
    return JSONResponse(body, status_code=200 if ok else 503, headers=headers)

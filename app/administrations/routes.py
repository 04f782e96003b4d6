"""GET /administrations: the postal administrations the service knows."""

from __future__ import annotations

from fastapi import APIRouter

from app.administrations import service
from app.administrations.schemas import AdministrationOut
from app.core.db import ReadSessionDep

router = APIRouter(prefix="/api/v1", tags=["administrations"])


@router.get("/administrations")
def list_administrations(session: ReadSessionDep) -> list[AdministrationOut]:
    return [AdministrationOut.of(row) for row in service.list_all(session)]

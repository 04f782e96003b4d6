"""Application-wide dependencies: the settings and the designs folder.

Each reads what the app factory put on ``app.state``. FastAPI re-analyses an overridden
dependency's signature on every request, so the app's own bindings are never overrides;
and they are ``async`` because FastAPI runs a plain ``def`` dependency in the thread pool,
a hop that costs more than the lookup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from app.core.settings import Settings


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_settings(request: Request) -> Settings:
    return settings_of(request)


async def get_designs_dir(settings: Annotated[Settings, Depends(get_settings)]) -> Path:
    return settings.designs_dir


DesignsDirDep = Annotated[Path, Depends(get_designs_dir)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

"""Application-wide dependencies: the file store and the designs folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from app.core.settings import Settings, get_settings
from app.storage.base import Storage


def get_storage(request: Request) -> Storage:
    storage: Storage = request.app.state.storage
    return storage


def get_designs_dir(settings: Annotated[Settings, Depends(get_settings)]) -> Path:
    return settings.designs_dir


StorageDep = Annotated[Storage, Depends(get_storage)]
DesignsDirDep = Annotated[Path, Depends(get_designs_dir)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

"""The studio as one piece the application factory adds: its routers, its files and its
error pages."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from app.studio import errors
from app.studio.account_routes import router as account_router
from app.studio.artwork_routes import router as artwork_router
from app.studio.dashboard_routes import router as dashboard_router
from app.studio.editor_routes import router as editor_router
from app.studio.media_routes import router as media_router
from app.studio.proposal_routes import router as proposal_router
from app.studio.rendering import HERE

ROUTERS = (
    account_router,
    dashboard_router,
    editor_router,  # before the proposal page: /studio/proposals/new is not an id
    artwork_router,
    media_router,
    proposal_router,
)


def install(app: FastAPI) -> None:
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/studio/static", StaticFiles(directory=HERE / "static"), name="studio-static")
    errors.install(app)

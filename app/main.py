"""The application factory: wires settings, database, storage, routers and error handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.administrations.routes import router as administrations_router
from app.artwork import service as artwork_service
from app.artwork.compare_routes import router as artwork_compare_router
from app.artwork.routes import router as artwork_router
from app.audit import checkpoints
from app.audit.routes import router as audit_router
from app.auth.routes import router as auth_router
from app.catalogue.cache import CatalogueCache
from app.catalogue.export import feed_router as catalogue_feed_router
from app.catalogue.export import router as catalogue_export_router
from app.catalogue.pages import router as catalogue_pages_router
from app.catalogue.routes import corrections_router as catalogue_corrections_router
from app.catalogue.routes import public_router as catalogue_router
from app.catalogue.routes import staff_router as issue_router
from app.comments.routes import router as comments_router
from app.core import docs, metrics, openapi, problems, security
from app.core.clock import Clock
from app.core.db import Database
from app.core.headers import SecurityHeadersMiddleware
from app.core.limits import BodyLimitMiddleware
from app.core.logs import RequestLogMiddleware
from app.core.settings import Settings, load_settings
from app.core.url_text import UrlTextMiddleware
from app.idempotency.middleware import IdempotencyMiddleware
from app.notifications.routes import router as notifications_router
from app.ops.metrics_routes import router as metrics_router
from app.ops.readiness_routes import router as readiness_router
from app.proofs.page_routes import router as proof_pages_router
from app.proofs.routes import router as proofs_router
from app.proofs.service import RecentProofs
from app.proposals.routes import router as proposals_router
from app.reviews.routes import router as reviews_router
from app.signing.certificate_routes import router as certificate_router
from app.signing.identity_routes import router as identity_router
from app.signing.routes import router as signing_router
from app.signing.service import Sealer
from app.site.pages import router as site_router
from app.storage import sweeper
from app.storage.base import Storage
from app.storage.factory import make_storage
from app.studio import site as studio


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """Build the service; tests pass their own settings and database."""
    settings = settings or load_settings()
    # A database handed in belongs to the caller, who closes it; one made here closes with the app.
    owns_database = database is None
    database = database or Database.connect(settings.sqlalchemy_url)
    storage = make_storage(settings)
    security.GATE.configure(settings.password_checks_at_once, settings.password_check_wait_seconds)
    sealer = Sealer.from_settings(settings, storage)
    # Checkpoints of the audit chains are signed with the service key, in each write's session.
    checkpoints.install(
        database.writer, checkpoints.Signer(sealer.key, settings.audit_checkpoint_every)
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """Start-up work, all of it here: the sealing key on first start, and the sweep of what
        an interrupted upload may have left (at start-up, then periodically)."""
        current: Database = app.state.database
        files: Storage = app.state.storage
        app.state.sealer.key()
        files.sweep_staging(settings.sweep_grace_seconds)
        with current.reader() as session:
            artwork_service.sweep_orphans(session, files, settings.sweep_grace_seconds)
        async with sweeper.periodic(
            files, settings.sweep_interval_seconds, settings.sweep_grace_seconds
        ):
            yield
        if owns_database:
            database.engine.dispose()

    app = FastAPI(
        title="Joint Stamp Studio",
        version="1.0.0",
        description="Design, approve, proof and catalogue joint commemorative postage stamps.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.database = database
    app.state.storage = storage
    app.state.settings = settings
    app.state.sealer = sealer
    app.state.recent_proofs = RecentProofs()
    app.state.clock = Clock(settings.catalogue_now)
    app.state.catalogue_cache = catalogue_cache = CatalogueCache(settings.catalogue_revision_ttl)
    database.on_change(catalogue_cache.heard)
    problems.install(app)
    openapi.install(app)
    docs.install(app)
    app.add_middleware(IdempotencyMiddleware, state=app.state, secret_key=settings.secret_key)
    app.add_middleware(
        BodyLimitMiddleware,
        json_limit=settings.max_json_bytes,
        upload_limit=settings.max_upload_bytes,
        min_rate=settings.body_min_rate,
        grace_seconds=settings.body_grace_seconds,
    )
    app.add_middleware(UrlTextMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    # Outermost: the request id exists before anything else runs, and every answer carries it.
    app.add_middleware(RequestLogMiddleware, observers=(metrics.observe_request,))
    metrics.watch_pool(database.engine)
    for router in (
        auth_router,
        administrations_router,
        proposals_router,
        artwork_router,
        artwork_compare_router,
        proofs_router,
        proof_pages_router,
        comments_router,
        notifications_router,
        reviews_router,
        signing_router,
        audit_router,
        certificate_router,
        identity_router,
        issue_router,
        catalogue_corrections_router,
        catalogue_export_router,
        catalogue_router,
        catalogue_feed_router,
        catalogue_pages_router,
        metrics_router,
        readiness_router,
        site_router,
    ):
        app.include_router(router)
    studio.install(app)

    @app.get("/healthz", tags=["health"], responses={503: {"description": "Database down"}})
    def healthz() -> JSONResponse:
        """Liveness and database reachability (503 when the database does not answer)."""
        try:
            with database.reader() as session:
                session.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return JSONResponse({"status": "degraded", "database": "unreachable"}, 503)
        return JSONResponse({"status": "ok", "database": "ok"})

    return app


def serve_app() -> FastAPI:
    """The app of one `stamps serve --workers N` process: its logs set up, then the service."""
    from app.core import logs

    settings = load_settings()
    logs.configure(settings.log_format, settings.log_level)
    return create_app(settings)

"""A service on a committed database, for tests that need real transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.db import Database
from app.core.settings import Settings
from app.main import create_app
from tests.database import TemplateDatabase
from tests.factories import SECRET, Flow, Staff, make_staff


@dataclass
class Live:
    url: str
    settings: Settings
    database: Database
    app: FastAPI
    staff: Staff

    def client(self) -> TestClient:
        return TestClient(self.app)

    def flow(self, client: TestClient) -> Flow:
        return Flow(client, self.staff)


@contextmanager
def live_service(template_db: TemplateDatabase, folder: Path) -> Iterator[Live]:
    folder.mkdir(parents=True, exist_ok=True)
    with template_db.fresh_copy(folder) as url:
        # The race tests repeat their decisive requests fifty times with one cast: the
        # per-user limits on reviews and renders (tested in tests/api/limits) stay out of it.
        settings = Settings(
            env="test",
            data_dir=folder,
            database_url=url,
            secret_key=SECRET,
            review_limit=100_000,
            render_limit=100_000,
        )
        database = Database.connect(url)
        try:
            with database.writer() as session:
                staff = make_staff(session)
            yield Live(url, settings, database, create_app(settings, database), staff)
        finally:
            database.engine.dispose()

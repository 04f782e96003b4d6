"""The start-up sweep of stored artwork: orphans go, recorded files and young files stay."""

from __future__ import annotations

import os
import time
from pathlib import Path

from fastapi.testclient import TestClient

from app.artwork import service
from app.core.db import Database
from app.core.settings import Settings
from app.main import create_app
from app.storage.base import content_key
from app.storage.local import LocalStorage
from tests.database import TemplateDatabase
from tests.factories import SECRET
from tests.live import live_service


def test_only_old_files_without_a_row_are_swept(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    with live_service(template_db, tmp_path) as live, live.client() as client:
        flow = live.flow(client)
        recorded = flow.upload(flow.create()).json()["sha256"]
        storage = LocalStorage(live.settings.storage_dir)
        old, young = "a" * 64, "b" * 64
        for sha in (old, young):
            storage.put_bytes(content_key("artwork", sha), b"never recorded")
            storage.put_bytes(service.preview_key(sha, "thumb"), b"never recorded")
        an_hour_ago = time.time() - 3600
        for key in (content_key("artwork", old), service.preview_key(old, "thumb")):
            os.utime(storage.local_path(key), (an_hour_ago, an_hour_ago))
        with live.database.reader() as session:
            assert service.sweep_orphans(session, storage, older_than_seconds=600) == 2
        kept = set(storage.iter_keys())
        assert content_key("artwork", recorded) in kept
        assert service.preview_key(recorded, "thumb") in kept
        assert content_key("artwork", young) in kept
        assert not any(old in key for key in kept)


def test_staging_leftovers_are_swept_while_the_service_runs(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    """A leftover that is young at start-up (a prompt restart) goes once it is old enough."""
    with template_db.fresh_copy(tmp_path) as url:
        settings = Settings(
            env="test",
            data_dir=tmp_path,
            database_url=url,
            secret_key=SECRET,
            sweep_grace_seconds=60,
            sweep_interval_seconds=0.05,
        )
        database = Database.connect(url)
        storage = LocalStorage(settings.storage_dir)
        killed, writing = storage.staging_file(), storage.staging_file()
        try:
            with TestClient(create_app(settings, database)) as client:
                assert client.get("/healthz").status_code == 200
                assert killed.exists()  # young at start-up: the start-up sweep keeps it
                an_hour_ago = time.time() - 3600
                os.utime(killed, (an_hour_ago, an_hour_ago))
                deadline = time.monotonic() + 10
                while killed.exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
                assert not killed.exists()
                assert writing.exists()  # within the grace period: maybe still being written
        finally:
            database.engine.dispose()

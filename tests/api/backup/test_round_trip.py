"""Backup and restore: a populated service comes back row for row and file for file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.backup import snapshot
from app.core.db import Database
from app.core.settings import PROJECT_ROOT
from app.storage.local import LocalStorage
from tests.database import TemplateDatabase
from tests.live import live_service


def _file_hashes(storage: LocalStorage) -> dict[str, str]:
    from app.core.hashing import sha256_file

    return {key: sha256_file(storage.local_path(key)) for key in storage.iter_keys()}


def test_a_populated_service_round_trips(template_db: TemplateDatabase, tmp_path: Path) -> None:
    source_dir, target_dir = tmp_path / "source", tmp_path / "target"
    with live_service(template_db, source_dir) as live, live.client() as client:
        flow = live.flow(client)
        flow.issued("2027-03-01")
        flow.in_review()
        flow.create()
        source_storage = LocalStorage(live.settings.storage_dir)
        out = tmp_path / "backup"
        env = {**os.environ, "DATABASE_URL": live.url, "STAMPS_DATA_DIR": str(source_dir)}
        done = subprocess.run(
            [sys.executable, "-m", "app.cli", "backup", str(out)],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert "backed up" in done.stdout
        expected_rows = snapshot.digest_rows(live.database.engine)
        expected_files = _file_hashes(source_storage)
    assert len(expected_files) >= 4  # artwork, its previews, proofs

    with template_db.empty_database(tmp_path) as url:
        target_storage = LocalStorage(target_dir / "files")
        database = Database.connect(url)
        try:
            summary = snapshot.restore(database.engine, target_storage, out)
            assert summary.tables["catalogue_entries"] == 2
            assert snapshot.digest_rows(database.engine) == expected_rows
            assert _file_hashes(target_storage) == expected_files
            with pytest.raises(snapshot.BackupError, match="not empty"):
                snapshot.restore(database.engine, target_storage, out)
            # New rows continue after the restored ids.
            from tests.factories import make_user

            with database.writer() as session:
                make_user(session, "EG", "designer", username="after-restore")
        finally:
            database.engine.dispose()


def test_a_damaged_snapshot_is_refused(template_db: TemplateDatabase, tmp_path: Path) -> None:
    with template_db.fresh_copy(tmp_path) as url:
        database = Database.connect(url)
        storage = LocalStorage(tmp_path / "files")
        storage.put_bytes("proofs/aa/bb/" + "ab" * 32, b"%PDF-1.4 test")
        try:
            snapshot.backup(database.engine, storage, tmp_path / "b")
        finally:
            database.engine.dispose()
    table = tmp_path / "b" / "tables" / "administrations.jsonl"
    table.write_text(table.read_text().replace("PS", "PX"))
    with template_db.empty_database(tmp_path) as url:
        database = Database.connect(url)
        try:
            with pytest.raises(snapshot.BackupError, match="damaged"):
                snapshot.restore(database.engine, LocalStorage(tmp_path / "t"), tmp_path / "b")
        finally:
            database.engine.dispose()

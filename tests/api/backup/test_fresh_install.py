"""A backup vouches for itself: sealed proofs verify after a restore onto a new installation,
and a backup holds only the files its own rows name."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select

from app.artwork.models import ArtworkVersion
from app.backup import snapshot
from app.core.db import Database
from app.signing import keys
from app.signing.models import SealedProof
from app.storage.base import content_key
from app.storage.local import LocalStorage
from tests.commands import stamps_on
from tests.database import TemplateDatabase
from tests.factories import Flow, png_bytes
from tests.live import live_service

_stamps = stamps_on


def test_sealed_proofs_verify_after_a_restore_onto_a_new_installation(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    source_dir, target_dir, out = tmp_path / "source", tmp_path / "target", tmp_path / "backup"
    with live_service(template_db, source_dir) as live, live.client() as client:
        live.flow(client).issued("2027-03-01")
        done = _stamps(live.url, source_dir, "backup", str(out))
        assert done.returncode == 0, done.stderr
        assert "seal key" in done.stdout
        source_key = live.settings.signing_key_path.read_bytes()
    assert stat.S_IMODE((out / "keys" / snapshot.KEY_NAME).stat().st_mode) == 0o600

    with template_db.empty_database(tmp_path) as url:
        upgraded = _stamps(url, target_dir, "db", "upgrade")
        assert upgraded.returncode == 0, upgraded.stderr
        restored = _stamps(url, target_dir, "restore", str(out))
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert "seal key" in restored.stdout
        assert (target_dir / "keys" / "seal-key.pem").read_bytes() == source_key
        database = Database.connect(url)
        try:
            with database.reader() as session:
                sealed = list(session.scalars(select(SealedProof)))
        finally:
            database.engine.dispose()
        assert sealed
        storage = LocalStorage(target_dir / "files")
        for row in sealed:
            pdf = tmp_path / f"sealed-{row.id}.pdf"
            pdf.write_bytes(storage.read_bytes(content_key("sealed-proofs", row.sealed_sha256)))
            checked = _stamps(url, target_dir, "verify-proof", str(pdf))
            assert checked.returncode == 0, checked.stdout + checked.stderr
            assert checked.stdout.strip().splitlines()[-1].startswith("valid:")

        # An installation with real data is still refused, and keeps its rows.
        again = _stamps(url, target_dir, "restore", str(out))
        assert again.returncode == 1
        assert "not empty" in again.stderr


def test_a_sealed_installation_without_its_key_is_not_backed_up(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    with live_service(template_db, tmp_path / "source") as live, live.client() as client:
        live.flow(client).issued("2027-03-01")
        live.settings.signing_key_path.unlink()
        done = _stamps(live.url, tmp_path / "source", "backup", str(tmp_path / "b"))
    assert done.returncode == 1
    assert "sealing key" in done.stderr


class _UploadWhileListing(LocalStorage):
    """The service's own storage; an upload lands just as the backup lists the files."""

    def __init__(self, root: Path, flow: Flow, pid: int) -> None:
        super().__init__(root)
        self.flow, self.pid, self.uploaded = flow, pid, ""

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        if not self.uploaded:
            response = self.flow.upload(self.pid, png_bytes(colour="orange"))
            self.uploaded = response.json()["sha256"]
        return super().iter_keys(prefix)


def test_files_uploaded_while_a_backup_runs_stay_out_of_it(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    out = tmp_path / "backup"
    with live_service(template_db, tmp_path / "source") as live, live.client() as client:
        flow = live.flow(client)
        pid = flow.create()
        before = flow.upload(pid).json()["sha256"]
        storage = _UploadWhileListing(live.settings.storage_dir, flow, pid)
        snapshot.backup(live.database.engine, storage, out)
        assert storage.uploaded
        assert storage.uploaded != before
        assert storage.exists(content_key("artwork", storage.uploaded))

    manifest = json.loads((out / "manifest.json").read_text())
    assert content_key("artwork", before) in manifest["files"]
    assert not any(storage.uploaded in key for key in manifest["files"])
    with template_db.empty_database(tmp_path) as url:
        database = Database.connect(url)
        target = LocalStorage(tmp_path / "target")
        try:
            snapshot.restore(database.engine, target, out)
            with database.reader() as session:
                versions = list(session.scalars(select(ArtworkVersion)))
        finally:
            database.engine.dispose()
    assert [v.sha256 for v in versions] == [before]
    assert set(target.iter_keys()) == set(manifest["files"])


def test_a_key_the_new_installation_made_is_replaced_and_kept_aside(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    source = snapshot.SealingFiles(tmp_path / "a" / "key.pem", tmp_path / "a" / "cert.pem")
    target = snapshot.SealingFiles(tmp_path / "b" / "key.pem", tmp_path / "b" / "cert.pem")
    keys.ensure(source.key_path, source.cert_path)
    keys.ensure(target.key_path, target.cert_path)  # the first start of the new installation
    made_there = target.key_path.read_bytes()
    with template_db.fresh_copy(tmp_path) as url:
        database = Database.connect(url)
        try:
            snapshot.backup(database.engine, LocalStorage(tmp_path / "f"), tmp_path / "out", source)
        finally:
            database.engine.dispose()
    with template_db.empty_database(tmp_path) as url:
        database = Database.connect(url)
        try:
            summary = snapshot.restore(
                database.engine, LocalStorage(tmp_path / "g"), tmp_path / "out", target
            )
        finally:
            database.engine.dispose()
    assert summary.sealing_key
    assert target.key_path.read_bytes() == source.key_path.read_bytes()
    assert target.cert_path.read_bytes() == source.cert_path.read_bytes()
    assert (tmp_path / "b" / "key.pem.before-restore").read_bytes() == made_there
    assert stat.S_IMODE(target.key_path.stat().st_mode) == 0o600
    assert keys.load(target.key_path, target.cert_path).fingerprint

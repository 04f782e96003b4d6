"""Backup and restore: a consistent snapshot of every table, its stored files and the seal key.

Rows are read inside one transaction (REPEATABLE READ on PostgreSQL, a WAL read snapshot on
SQLite), so the snapshot is consistent while the service keeps running. Rows are written as
JSON lines per table, typed by the schema, so a snapshot restores on either database.

Stored files are chosen by those same rows: a file goes in when its key names a SHA-256 that a
`*sha256` column of the snapshot holds (the blob itself, or a preview or page derived from it).
The service writes a file before it commits the row naming it, so every file the rows name is
already stored when the files are listed, while a file uploaded after the rows were read (its
row is not in the snapshot) stays out. Render caches no row names are made again on demand.

The proof-sealing key and its certificate go in too: without them a restored service would make
a new key, and no sealed proof made before would verify. The backup folder is therefore as
secret as the data folder (the key files are 0600). The manifest records each table's row count
and hash and each file's hash, so a damaged or partial snapshot is refused rather than half
restored.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, LargeBinary, Table, func, insert, select, text
from sqlalchemy.types import Date, DateTime, TypeDecorator, TypeEngine

from app.all_models import metadata
from app.core.hashing import sha256_file
from app.storage.base import Storage

FORMAT = "joint-stamp-studio-backup/2"
# Earlier backups hold no seal key; they still restore (the key is then left as it is).
READABLE_FORMATS = frozenset({"joint-stamp-studio-backup/1", FORMAT})
# What `stamps db upgrade` loads into a new installation: a restore may replace it.
SEEDED_TABLES = frozenset({"administrations"})
KEY_NAME, CERT_NAME = "seal-key.pem", "seal-cert.pem"
_DIGEST = re.compile(r"[0-9a-f]{64}")


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Summary:
    tables: dict[str, int]
    files: int
    sealing_key: bool = False


@dataclass(frozen=True)
class SealingFiles:
    """Where the installation keeps its proof-sealing key and certificate."""

    key_path: Path
    cert_path: Path

    def pairs(self) -> tuple[tuple[str, Path], tuple[str, Path]]:
        return (KEY_NAME, self.key_path), (CERT_NAME, self.cert_path)


def _kind(column_type: TypeEngine[Any]) -> str:
    impl = column_type.impl if isinstance(column_type, TypeDecorator) else column_type
    if isinstance(impl, DateTime):
        return "datetime"
    if isinstance(impl, Date):
        return "date"
    if isinstance(impl, LargeBinary):
        return "bytes"
    return "plain"


def _encode(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).isoformat()
    if kind == "date":
        return value.isoformat()
    if kind == "bytes":
        return base64.b64encode(value).decode()
    return value


def _decode(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        return dt.datetime.fromisoformat(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "bytes":
        return base64.b64decode(value)
    return value


def _tables() -> list[Table]:
    return list(metadata.sorted_tables)


def _rows(conn: Connection, table: Table) -> Iterator[dict[str, Any]]:
    kinds = {c.name: _kind(c.type) for c in table.columns}
    order = list(table.primary_key.columns) or list(table.columns)
    for row in conn.execute(select(table).order_by(*order)).mappings():
        yield {name: _encode(row[name], kinds[name]) for name in kinds}


def backup(
    engine: Engine, storage: Storage, out: Path, sealing: SealingFiles | None = None
) -> Summary:
    """Write a snapshot of the database, the files its rows name and the seal key into `out`."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty")
    (out / "tables").mkdir(parents=True)
    manifest: dict[str, Any] = {"format": FORMAT, "tables": {}, "files": {}, "keys": {}}
    named: set[str] = set()
    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    with engine.connect().execution_options(**options) as conn, conn.begin():
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        manifest["revision"] = revision
        for table in _tables():
            digests = [c.name for c in table.columns if c.name.endswith("sha256")]
            path = out / "tables" / f"{table.name}.jsonl"
            count = 0
            with path.open("w", encoding="utf-8") as handle:
                for row in _rows(conn, table):
                    handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
                    named.update(row[name] for name in digests if row[name])
                    count += 1
            manifest["tables"][table.name] = {"rows": count, "sha256": sha256_file(path)}
    if sealing is not None:
        manifest["keys"] = _copy_keys(sealing, out / "keys")
    if manifest["tables"].get("sealed_proofs", {}).get("rows") and len(manifest["keys"]) < 2:
        raise BackupError(
            "the proof-sealing key or certificate is missing: sealed proofs could not be "
            "verified after a restore"
        )
    manifest["files"] = copy_named_files(storage, named, out / "files")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    tables = {name: info["rows"] for name, info in manifest["tables"].items()}
    return Summary(tables, len(manifest["files"]), bool(manifest["keys"]))


def names_digest(key: str, digests: set[str]) -> bool:
    """Whether a storage key (`ns/ab/cd/<sha256>[-suffix]`) is of one of `digests`."""
    stem = key.rsplit("/", 1)[-1]
    return _DIGEST.fullmatch(stem[:64]) is not None and stem[:64] in digests


def copy_named_files(storage: Storage, digests: set[str], files: Path) -> dict[str, str]:
    """Copy the stored files the snapshot's rows name; returns key → SHA-256."""
    copied = {}
    for key in storage.iter_keys():
        if not names_digest(key, digests):
            continue
        target = files / key
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with storage.open(key) as source, target.open("wb") as sink:
                shutil.copyfileobj(source, sink)
        except FileNotFoundError as exc:
            raise BackupError(
                f"stored file {key} went away during the backup; run it again"
            ) from exc
        copied[key] = sha256_file(target)
    return copied


def _copy_keys(sealing: SealingFiles, folder: Path) -> dict[str, str]:
    copied = {}
    for name, path in sealing.pairs():
        if path.is_file():
            folder.mkdir(mode=0o700, exist_ok=True)
            _write_private(folder / name, path.read_bytes())
            copied[name] = sha256_file(folder / name)
    return copied


def _write_private(path: Path, data: bytes) -> None:
    """A file only its owner reads, written whole under a temporary name first."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    temporary.replace(path)


def _read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((source / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} holds no readable manifest.json") from exc
    if manifest.get("format") not in READABLE_FORMATS:
        raise BackupError("not a Joint Stamp Studio backup")
    for name, info in manifest["tables"].items():
        path = source / "tables" / f"{name}.jsonl"
        if not path.is_file() or sha256_file(path) != info["sha256"]:
            raise BackupError(f"table file {name} is missing or damaged")
    for key, digest in manifest["files"].items():
        path = source / "files" / key
        if not path.is_file() or sha256_file(path) != digest:
            raise BackupError(f"stored file {key} is missing or damaged")
    for name, digest in manifest.get("keys", {}).items():
        path = source / "keys" / name
        if name not in (KEY_NAME, CERT_NAME) or not path.is_file() or sha256_file(path) != digest:
            raise BackupError(f"seal key file {name} is missing or damaged")
    return manifest


def restore(
    engine: Engine, storage: Storage, source: Path, sealing: SealingFiles | None = None
) -> Summary:
    """Load a snapshot into a new installation: migrated, holding no rows but its seed.

    Stored files and the seal key are put in place first, the rows last in one transaction, so
    a restore that fails leaves no row without its file (a file without a row is harmless: the
    next restore writes the same bytes under the same key).
    """
    manifest = _read_manifest(source)
    with engine.connect() as conn:
        _check_target(conn, manifest)
    for key in manifest["files"]:
        storage.put_bytes(key, (source / "files" / key).read_bytes())
    keys_restored = bool(sealing is not None and manifest.get("keys"))
    if sealing is not None and manifest.get("keys"):
        _restore_keys(sealing, source / "keys", manifest["keys"])
    with engine.begin() as conn:
        _check_target(conn, manifest)
        for table in reversed(_tables()):
            if table.name in SEEDED_TABLES:
                conn.execute(table.delete())
        for table in _tables():
            kinds = {c.name: _kind(c.type) for c in table.columns}
            batch: list[dict[str, Any]] = []
            with (source / "tables" / f"{table.name}.jsonl").open(encoding="utf-8") as handle:
                for line in handle:
                    raw = json.loads(line)
                    batch.append({k: _decode(raw.get(k), kinds[k]) for k in kinds})
                    if len(batch) >= 1000:
                        conn.execute(insert(table), batch)
                        batch = []
            if batch:
                conn.execute(insert(table), batch)
        if engine.dialect.name == "postgresql":
            _reset_sequences(conn)
    tables = {name: info["rows"] for name, info in manifest["tables"].items()}
    return Summary(tables, len(manifest["files"]), keys_restored)


def _check_target(conn: Connection, manifest: dict[str, Any]) -> None:
    """Refuse a database at another schema revision, or holding rows beyond its seed."""
    revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    if revision != manifest["revision"]:
        raise BackupError(
            f"the snapshot is of schema {manifest['revision']}, this database is at "
            f"{revision}; migrate to the same revision first"
        )
    for table in _tables():
        if table.name in SEEDED_TABLES:
            continue
        if conn.execute(select(func.count()).select_from(table)).scalar_one():
            raise BackupError(f"the installation is not empty: {table.name} holds rows")


def _restore_keys(sealing: SealingFiles, folder: Path, digests: dict[str, str]) -> None:
    """Put the snapshot's seal key in place; a different key found there is kept aside.

    The database holds no sealed proof yet (it was refused otherwise), so the key found was
    never needed for one; it is renamed, not deleted, in case it was made elsewhere on purpose.
    """
    for name, path in sealing.pairs():
        if name not in digests:
            continue
        data = (folder / name).read_bytes()
        if path.is_file() and path.read_bytes() != data:
            path.replace(path.with_name(path.name + ".before-restore"))
        _write_private(path, data)


def _reset_sequences(conn: Connection) -> None:
    """Serial ids continue after the restored ones, not from 1 (setval is a no-op on NULL)."""
    for table in _tables():
        columns = list(table.primary_key.columns)
        if len(columns) != 1 or columns[0].type.python_type is not int:
            continue
        column = columns[0]
        highest = select(func.max(column)).scalar_subquery()
        conn.execute(
            select(
                func.setval(
                    func.pg_get_serial_sequence(table.name, column.name),
                    func.coalesce(highest, 0) + 1,
                    False,
                )
            )
        )


def digest_rows(engine: Engine) -> dict[str, str]:
    """A hash of every table's rows (as a backup writes them): compare two installations."""
    out = {}
    with engine.connect() as conn:
        for table in _tables():
            digest = hashlib.sha256()
            for row in _rows(conn, table):
                digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode())
            out[table.name] = digest.hexdigest()
    return out

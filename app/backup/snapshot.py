"""Backup and restore: a consistent snapshot of every table and every stored file.

Rows are read inside one transaction (REPEATABLE READ on PostgreSQL, a WAL read snapshot on
SQLite), so the snapshot is consistent while the service keeps running. Rows are written as
JSON lines per table, typed by the schema, so a snapshot restores on either database. Stored
files are copied with their SHA-256, and the manifest records each table's row count and hash,
so a damaged or partial snapshot is refused rather than half restored.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
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

FORMAT = "joint-stamp-studio-backup/1"


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Summary:
    tables: dict[str, int]
    files: int


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


def backup(engine: Engine, storage: Storage, out: Path) -> Summary:
    """Write a snapshot of the database and stored files into the empty folder `out`."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty")
    (out / "tables").mkdir(parents=True)
    manifest: dict[str, Any] = {"format": FORMAT, "tables": {}, "files": {}}
    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    with engine.connect().execution_options(**options) as conn, conn.begin():
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        manifest["revision"] = revision
        for table in _tables():
            path = out / "tables" / f"{table.name}.jsonl"
            count = 0
            with path.open("w", encoding="utf-8") as handle:
                for row in _rows(conn, table):
                    handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
                    count += 1
            manifest["tables"][table.name] = {"rows": count, "sha256": sha256_file(path)}
    files = out / "files"
    for key in storage.iter_keys():
        target = files / key
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(key) as source, target.open("wb") as sink:
            shutil.copyfileobj(source, sink)
        manifest["files"][key] = sha256_file(target)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    tables = {name: info["rows"] for name, info in manifest["tables"].items()}
    return Summary(tables, len(manifest["files"]))


def _read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((source / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} holds no readable manifest.json") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("not a Joint Stamp Studio backup")
    for name, info in manifest["tables"].items():
        path = source / "tables" / f"{name}.jsonl"
        if not path.is_file() or sha256_file(path) != info["sha256"]:
            raise BackupError(f"table file {name} is missing or damaged")
    for key, digest in manifest["files"].items():
        path = source / "files" / key
        if not path.is_file() or sha256_file(path) != digest:
            raise BackupError(f"stored file {key} is missing or damaged")
    return manifest


def restore(engine: Engine, storage: Storage, source: Path) -> Summary:
    """Load a snapshot into an empty, migrated installation (refused if it holds any row)."""
    manifest = _read_manifest(source)
    with engine.begin() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        if revision != manifest["revision"]:
            raise BackupError(
                f"the snapshot is of schema {manifest['revision']}, this database is at "
                f"{revision}; migrate to the same revision first"
            )
        for table in _tables():
            if conn.execute(select(func.count()).select_from(table)).scalar_one():
                raise BackupError(f"the installation is not empty: {table.name} holds rows")
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
    for key in manifest["files"]:
        storage.put_bytes(key, (source / "files" / key).read_bytes())
    tables = {name: info["rows"] for name, info in manifest["tables"].items()}
    return Summary(tables, len(manifest["files"]))


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

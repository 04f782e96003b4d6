"""Both storage backends honour one contract; S3 is exercised over HTTP against a local
S3-compatible server (moto's), not a mock of the client."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from app.core.settings import Settings
from app.storage.base import Storage, content_key
from app.storage.factory import make_storage
from app.storage.local import LocalStorage
from app.storage.s3 import S3Storage

SHA = "ab" * 32


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture(params=["local", "s3"])
def storage(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Storage:
    if request.param == "local":
        return LocalStorage(tmp_path / "files")
    endpoint = request.getfixturevalue("s3_endpoint")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    bucket = f"stamps-{tmp_path.name.lower().replace('_', '-')[-40:]}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
    settings = Settings(
        data_dir=tmp_path,
        storage_backend="s3",
        s3_bucket=bucket,
        s3_endpoint_url=endpoint,
        s3_region="us-east-1",
        s3_prefix="stamps",
    )
    backend = make_storage(settings)
    assert isinstance(backend, S3Storage)
    return backend


def test_put_read_open_exists_delete(storage: Storage) -> None:
    key = content_key("artwork", SHA)
    assert not storage.exists(key)
    storage.put_bytes(key, b"hello")
    assert storage.exists(key)
    assert storage.read_bytes(key) == b"hello"
    with storage.open(key) as stream:
        assert stream.read() == b"hello"
    assert storage.local_path(key).read_bytes() == b"hello"
    storage.delete(key)
    assert not storage.exists(key)


def test_staged_files_move_into_place_and_leave_no_staging(storage: Storage) -> None:
    staged = storage.staging_file()
    staged.write_bytes(b"x" * 3_000_000)
    key = content_key("artwork", SHA)
    storage.put_file(key, staged)
    assert not staged.exists()
    assert storage.read_bytes(key) == b"x" * 3_000_000


def test_sweep_removes_staging_leftovers(storage: Storage) -> None:
    for _ in range(3):
        storage.staging_file().write_bytes(b"partial")
    assert storage.sweep_staging() == 3
    assert storage.sweep_staging() == 0


def test_keys_cannot_escape(storage: Storage) -> None:
    with pytest.raises(ValueError, match="escapes"):
        storage.put_bytes("../../etc/passwd", b"x")


def test_content_keys_need_a_sha256() -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        content_key("artwork", "../../x")

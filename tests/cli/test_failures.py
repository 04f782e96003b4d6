"""Every failure an operator meets at the command line is one line on stderr and an exit
status: what is wrong and what to do, never a Python traceback.

Each case runs the real `stamps` command in a child process, against a real database, a real
object-storage server (moto's) or real files.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from moto.server import ThreadedMotoServer
from sqlalchemy import create_engine, func, select

from app.auth.models import User
from app.auth.schemas import PASSWORD_MIN_LENGTH
from app.core.settings import PROJECT_ROOT
from tests.database import TemplateDatabase

DESIGN = PROJECT_ROOT / "designs" / "palestine-oman-2027"


@dataclass(frozen=True)
class Ran:
    status: int
    stdout: str
    stderr: str

    def one_line(self, *expected: str) -> str:
        """The single error line, checked for each expected phrase and for no traceback."""
        assert "Traceback" not in self.stdout + self.stderr, self.stderr
        lines = self.stderr.strip().splitlines()
        assert len(lines) == 1, self.stderr
        line = lines[0]
        assert line.startswith("stamps: "), line
        for phrase in expected:
            assert phrase in line, line
        return line


def stamps(data_dir: Path, *args: str, url: str | None = None, **env: str) -> Ran:
    """Run `stamps ARGS` with a clean environment of the service's own variables."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("STAMPS_", "AWS_")) and k != "DATABASE_URL"
    }
    base |= {"STAMPS_DATA_DIR": str(data_dir), **env}
    if url:
        base["DATABASE_URL"] = url
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=PROJECT_ROOT,
        env=base,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def url(template_db: TemplateDatabase, tmp_path: Path) -> Iterator[str]:
    with template_db.fresh_copy(tmp_path) as copy:
        yield copy


def _users(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(User)) or 0)
    finally:
        engine.dispose()


def _add(data_dir: Path, url: str, username: str, *extra: str, password: str = "") -> Ran:
    return stamps(
        data_dir,
        "users",
        "add",
        username,
        "-r",
        "admin",
        "--password",
        password or "a long enough password",
        *extra,
        url=url,
    )


def test_unknown_administration(tmp_path: Path, url: str) -> None:
    before = _users(url)
    ran = _add(tmp_path, url, "new-admin", "-a", "XX")
    assert ran.status == 1
    ran.one_line("Unknown administration 'XX'", "designs/administrations.json")
    assert _users(url) == before


def test_duplicate_user(tmp_path: Path, url: str) -> None:
    assert _add(tmp_path, url, "second-admin", "-a", "EG").status == 0
    before = _users(url)
    ran = _add(tmp_path, url, "second-admin", "-a", "OM")
    assert ran.status == 1
    ran.one_line("The username 'second-admin' is taken", "Nothing was changed")
    assert _users(url) == before


@pytest.mark.parametrize("length", [1, PASSWORD_MIN_LENGTH - 1])
def test_password_shorter_than_the_api_asks(tmp_path: Path, url: str, length: int) -> None:
    before = _users(url)
    ran = _add(tmp_path, url, "short-pass", "-a", "EG", password="x" * length)
    assert ran.status == 2
    ran.one_line(f"at least {PASSWORD_MIN_LENGTH} characters")
    assert _users(url) == before
    assert (
        _add(tmp_path, url, "long-pass", "-a", "EG", password="x" * PASSWORD_MIN_LENGTH).status == 0
    )


def test_missing_secret(tmp_path: Path) -> None:
    ran = stamps(tmp_path, "demo", STAMPS_ENV="production")
    assert ran.status == 2
    ran.one_line("STAMPS_SECRET_KEY must be set", "secrets.token_urlsafe")


def test_demo_refused_in_production(tmp_path: Path, url: str) -> None:
    before = _users(url)
    ran = stamps(tmp_path, "demo", url=url, STAMPS_ENV="production", STAMPS_SECRET_KEY="s" * 40)
    assert ran.status == 1
    ran.one_line("refused under STAMPS_ENV=production", "stamps users add")
    assert _users(url) == before


def test_database_down(tmp_path: Path) -> None:
    """Nothing listens on the port: the server is down (the shared server is never stopped)."""
    down = f"postgresql+psycopg://postgres@127.0.0.1:{_free_port()}/test"
    for args in (
        ("audit", "verify"),
        (
            "users",
            "add",
            "x-admin",
            "-a",
            "EG",
            "-r",
            "admin",
            "--password",
            "a long enough password",
        ),
    ):
        ran = stamps(tmp_path, *args, url=down)
        assert ran.status == 3
        ran.one_line("the database does not answer", "Connection refused", "DATABASE_URL")


def test_database_never_migrated(tmp_path: Path) -> None:
    ran = stamps(tmp_path, "audit", "verify")
    assert ran.status == 2
    ran.one_line("no tables yet", "stamps db upgrade")


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=(port := _free_port()))
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def test_bucket_not_set(tmp_path: Path, url: str) -> None:
    ran = stamps(tmp_path, "demo", url=url, STAMPS_STORAGE_BACKEND="s3")
    assert ran.status == 2
    ran.one_line("STAMPS_S3_BUCKET must be set")


def test_bucket_missing(tmp_path: Path, url: str, s3_endpoint: str) -> None:
    before = _users(url)
    ran = stamps(
        tmp_path,
        "demo",
        url=url,
        STAMPS_STORAGE_BACKEND="s3",
        STAMPS_S3_BUCKET="no-such-bucket",
        STAMPS_S3_ENDPOINT_URL=s3_endpoint,
        STAMPS_S3_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
    )
    assert ran.status == 2
    ran.one_line("bucket does not exist (no-such-bucket)", "Create the bucket")
    assert _users(url) == before


def _design(tmp_path: Path, **changes: object) -> Path:
    folder = tmp_path / "design"
    shutil.copytree(DESIGN, folder)
    spec = json.loads((folder / "issue.json").read_text(encoding="utf-8"))
    (folder / "issue.json").write_text(json.dumps(spec | changes), encoding="utf-8")
    return folder


BAD_DESIGNS: dict[str, tuple[Callable[[Path], object], str]] = {
    "no issue.json": (lambda folder: (folder / "issue.json").unlink(), "has no issue.json"),
    "not JSON": (
        lambda folder: (folder / "issue.json").write_text("{", encoding="utf-8"),
        "Expecting property name",
    ),
    "missing artwork": (lambda folder: (folder / "artwork.png").unlink(), "artwork.png"),
}


@pytest.mark.parametrize("case", sorted(BAD_DESIGNS))
def test_broken_design_folder(tmp_path: Path, case: str) -> None:
    spoil, phrase = BAD_DESIGNS[case]
    folder = _design(tmp_path)
    spoil(folder)
    ran = stamps(tmp_path, "proof", str(folder), "-o", str(tmp_path / "out"))
    assert ran.status == 2
    ran.one_line(phrase, "designs/palestine-oman-2027")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("changes", "phrase"),
    [
        ({"variants": []}, "variants"),
        ({"format": "no-such-format"}, "unknown stamp format 'no-such-format'"),
        (
            {
                "variants": [
                    {"administration": code, "face_value_minor": 1, "quantity": 1}
                    for code in ("YY", "ZZ")
                ]
            },
            "unknown administrations",
        ),
        ({"title": "a string"}, "title"),
    ],
)
def test_invalid_design(tmp_path: Path, changes: dict[str, object], phrase: str) -> None:
    folder = _design(tmp_path, **changes)
    ran = stamps(tmp_path, "proof", str(folder), "-o", str(tmp_path / "out"))
    assert ran.status == 2
    ran.one_line("is not a valid design", phrase)

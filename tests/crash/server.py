"""The real server as a child process, killed with SIGKILL and started again.

The server runs in its own process group (`start_new_session`), so the kill reaches every
process it started. Callers use `running` so that no server outlives its test.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from app.core.settings import PROJECT_ROOT
from tests.factories import SECRET

HOST = "127.0.0.1"
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def environment(database_url: str, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "STAMPS_DATA_DIR": str(data_dir),
        "STAMPS_ENV": "test",
        "STAMPS_SECRET_KEY": SECRET,
        "STAMPS_SWEEP_GRACE_SECONDS": "0",
        # Crash tests repeat one cast's decisions; the per-user limits are tested elsewhere.
        "STAMPS_REVIEW_LIMIT": "100000",
        "STAMPS_RENDER_LIMIT": "100000",
    }


@dataclass
class Server:
    database_url: str
    data_dir: Path
    port: int = field(default_factory=free_port)
    workers: int = 1
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def log(self) -> Path:
        return self.data_dir / "server.log"

    def start(self) -> None:
        assert self.process is None, "already running"
        self.starts += 1
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "app.cli",
                    "serve",
                    "--host",
                    HOST,
                    "--port",
                    str(self.port),
                    "--workers",
                    str(self.workers),
                ],
                cwd=PROJECT_ROOT,
                env=environment(self.database_url, self.data_dir),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited at start:\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200:
                    return
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"server did not answer:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the whole process group: no shutdown handler runs, as in a power cut."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def restart(self) -> None:
        self.kill()
        self.start()

    def client(self, timeout: float = 60.0) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=timeout)


@contextlib.contextmanager
def running(database_url: str, data_dir: Path, workers: int = 1) -> Iterator[Server]:
    data_dir.mkdir(parents=True, exist_ok=True)
    server = Server(database_url, data_dir, workers=workers)
    try:
        server.start()
        yield server
    finally:
        server.kill()

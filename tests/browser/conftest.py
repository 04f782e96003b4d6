"""The real service in a subprocess, on a migrated SQLite database with the demo data.

Browser tests drive Debian's Chromium through Playwright (never a downloaded browser); they are
skipped, with the reason, only where Chromium or Playwright is not installed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.catalogue.records import LATER
from tests.browser import axe as axe_core

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SYNTHETIC_ENTRIES = 300


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@contextlib.contextmanager
def running_service(folder: Path, *demo: str) -> Iterator[str]:
    """The service on a free port over a new database in `folder`, loaded by `stamps demo`
    with the options `demo`; its base URL while the block runs."""
    env = {
        **os.environ,
        "STAMPS_DATA_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'stamps.db'}",
        "STAMPS_ENV": "development",
        # The catalogue as it is once the demo issue's day (1 March 2027) has come.
        "STAMPS_CATALOGUE_NOW": LATER.isoformat(),
    }
    stamps = [sys.executable, "-m", "app.cli"]
    for command in (["db", "upgrade"], ["demo", *demo]):
        subprocess.run([*stamps, *command], env=env, check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen(
        [*stamps, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:  # pragma: no cover - the service did not come up
            raise RuntimeError("the service did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser-service")
    with running_service(folder, "--catalogue", str(SYNTHETIC_ENTRIES)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One browser per module: Playwright keeps an event loop running in this thread while it
    is open, so it must be closed before other tests (which run their own loops) start."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def axe() -> Callable[..., None]:
    """`axe(page, "where")` fails on any accessibility violation axe-core finds on the page
    (`tests.browser.axe.assert_accessible`); the test is skipped when axe-core is not installed."""
    axe_core.skip_unless_available()
    return axe_core.assert_accessible

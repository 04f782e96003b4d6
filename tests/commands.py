"""Run the `stamps` command as an operator would: another process, on a given database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.core.settings import PROJECT_ROOT


def stamps_on(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`stamps ARGS` with DATABASE_URL and the data folder set; the caller reads the result."""
    env = {**os.environ, "DATABASE_URL": url, "STAMPS_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )

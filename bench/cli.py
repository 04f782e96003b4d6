"""Start-up time of the `stamps` command: what a person waits before a command does anything.

Each figure is the median wall time of a fresh `python -m app.cli …` process (after one
warm-up run, so the files are in the page cache), and the number of modules it imported.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.proofs import DEMO, ROOT

RUNS = 10


def _command_lines(out: Path) -> list[tuple[str, list[str]]]:
    return [
        ("stamps --help", ["--help"]),
        ("stamps db --help", ["db", "--help"]),
        ("stamps proof --help", ["proof", "--help"]),
        (
            "stamps proof designs/palestine-oman-2027 -k stamp (two PDFs)",
            ["proof", str(DEMO), "-k", "stamp", "-o", str(out)],
        ),
    ]


def _run(args: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app.cli", *args], cwd=ROOT, capture_output=True, check=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _modules(args: list[str]) -> int:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "app.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return sum(1 for line in done.stderr.splitlines() if line.startswith("import time:")) - 1


def run() -> list[str]:
    lines = [
        "## CLI start-up",
        "",
        f"Medians of {RUNS} fresh processes each (after a warm-up run): wall time, CPU time "
        "(user + system: steadier than wall time on a shared machine), and the modules each "
        "imported (`python -X importtime`).",
        "",
        "| command | wall | CPU | modules imported |",
        "| --- | --- | --- | --- |",
    ]
    with tempfile.TemporaryDirectory() as folder:
        for label, args in _command_lines(Path(folder)):
            _run(args)
            samples = [_run(args) for _ in range(RUNS)]
            wall = statistics.median(s[0] for s in samples) * 1000
            cpu = statistics.median(s[1] for s in samples) * 1000
            lines.append(f"| `{label}` | {wall:.0f} ms | {cpu:.0f} ms | {_modules(args)} |")
    return lines

"""Artwork intake benchmarks: time to take in a print master, and memory while streaming.

1. Intake of a 40 × 30 mm CMYK TIFF at 1200 ppi (46 × 36 mm with bleed: 2173 × 1701 px) with an
   embedded ICC profile, through HTTP on SQLite: streaming, hashing, validation, preflight, both
   previews, storage and the database row. Median of repeated uploads of distinct files.
2. Peak memory of the real server (uvicorn subprocess) while a 200 MB upload streams in: the
   process's resident high-water mark (VmHWM) minus its resident size when idle (VmRSS).
"""

from __future__ import annotations

import io
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "stamps-demo"


def cmyk_master(seed: int) -> bytes:
    from tests.support.cmyk_icc import cmyk_profile_bytes

    width, height = 2173, 1701
    base = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("CMYK", (base, base.rotate(90).resize((width, height)), base, base))
    image.putpixel((seed % width, 0), (seed % 256, 0, 0, 0))
    out = io.BytesIO()
    image.save(
        out,
        format="TIFF",
        compression="tiff_lzw",
        icc_profile=cmyk_profile_bytes(),
        dpi=(1200, 1200),
    )
    return out.getvalue()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


class Server:
    """`stamps serve` in a subprocess on a fresh SQLite database with the demo data."""

    def __init__(self, folder: Path) -> None:
        self.port = _free_port()
        self.env = {**os.environ, "STAMPS_DATA_DIR": str(folder)}
        self.env.pop("DATABASE_URL", None)
        stamps = [sys.executable, "-m", "app.cli"]
        for args in (["db", "upgrade"], ["demo"]):
            subprocess.run(
                [*stamps, *args], cwd=ROOT, env=self.env, check=True, capture_output=True
            )
        self.process = subprocess.Popen(
            [*stamps, "serve", "--port", str(self.port)],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                httpx.get(self.url + "/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)

    def token(self, username: str) -> dict[str, str]:
        r = httpx.post(
            self.url + "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
        )
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def _new_proposal(server: Server, headers: dict[str, str]) -> int:
    body: dict[str, Any] = {
        "title": {"ar": "طابع للقياس", "en": "Benchmark stamp"},
        "description": {"ar": "قياس", "en": "Benchmark"},
        "theme": "postal-cooperation",
        "format": "standard-40x30",
        "joint_kind": "twin",
        "planned_issue_date": "2027-03-01",
        "variants": [
            {"administration": "PS", "face_value_minor": 500, "quantity": 1000},
            {"administration": "OM", "face_value_minor": 100, "quantity": 1000},
        ],
    }
    r = httpx.post(server.url + "/api/v1/proposals", json=body, headers=headers)
    r.raise_for_status()
    pid: int = r.json()["id"]
    return pid


def intake(server: Server, runs: int = 15) -> dict[str, float]:
    headers = server.token("ps-designer")
    pid = _new_proposal(server, headers)
    files = [cmyk_master(i) for i in range(runs + 2)]
    times = []
    with httpx.Client(base_url=server.url, headers=headers, timeout=60) as client:
        for i, data in enumerate(files):
            started = time.perf_counter()
            r = client.post(
                f"/api/v1/proposals/{pid}/artwork",
                files={"file": ("master.tif", data, "image/tiff")},
            )
            elapsed = time.perf_counter() - started
            assert r.status_code == 201, r.text
            if i >= 2:  # the first uploads warm caches (fonts, ICC transforms)
                times.append(elapsed)
    return {
        "file_mb": len(files[0]) / 1e6,
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": sorted(times)[int(len(times) * 0.95) - 1] * 1000,
    }


def streaming_memory(server: Server, size: int = 200_000_000) -> dict[str, float]:
    headers = server.token("ps-designer")
    pid = _new_proposal(server, headers)
    warm_up = os.urandom(4 << 20)  # load every module of the upload path before measuring
    httpx.post(
        server.url + f"/api/v1/proposals/{pid}/artwork",
        headers=headers,
        files={"file": ("warm.bin", warm_up, "application/octet-stream")},
        timeout=60,
    )
    idle = _status(server.process.pid, "VmRSS")
    Path(f"/proc/{server.process.pid}/clear_refs").write_text("5")  # reset the high-water mark
    with tempfile.NamedTemporaryFile(suffix=".bin") as big:
        chunk = os.urandom(1 << 20)
        for _ in range(size // len(chunk)):
            big.write(chunk)
        big.write(chunk[: size % len(chunk)])
        big.flush()
        big.seek(0)
        started = time.perf_counter()
        r = httpx.post(
            server.url + f"/api/v1/proposals/{pid}/artwork",
            headers=headers,
            files={"file": ("big.bin", big, "application/octet-stream")},
            timeout=300,
        )
        elapsed = time.perf_counter() - started
    peak = _status(server.process.pid, "VmHWM")
    return {
        "upload_mb": size / 1e6,
        "status": r.status_code,
        "idle_rss_mb": idle / 1e6,
        "peak_rss_mb": peak / 1e6,
        "peak_above_idle_mb": (peak - idle) / 1e6,
        "seconds": elapsed,
    }


def run() -> list[str]:
    """Run both benchmarks; returns the Markdown lines for docs/benchmarks.md."""
    with tempfile.TemporaryDirectory() as folder:
        server = Server(Path(folder) / "intake")
        try:
            figures = intake(server)
        finally:
            server.stop()
        server = Server(Path(folder) / "memory")
        try:
            memory = streaming_memory(server)
        finally:
            server.stop()
    return [
        "## Artwork intake",
        "",
        "| measure | figure | target |",
        "| --- | --- | --- |",
        f"| intake of a 40 × 30 mm CMYK TIFF at 1200 ppi with ICC profile "
        f"({figures['file_mb']:.1f} MB, 2173 × 1701 px): median | "
        f"{figures['median_ms']:.0f} ms (p95 {figures['p95_ms']:.0f} ms) | < 300 ms |",
        f"| peak server memory above idle while a {memory['upload_mb']:.0f} MB upload streams "
        f"in | {memory['peak_above_idle_mb']:.1f} MB (idle {memory['idle_rss_mb']:.0f} MB, "
        f"peak {memory['peak_rss_mb']:.0f} MB; {memory['seconds']:.1f} s, answered "
        f"{memory['status']:.0f}) | < 100 MB |",
        "",
        "Intake is timed through HTTP against `stamps serve` on SQLite: streaming, SHA-256, "
        "content sniffing, full decode, preflight, both previews (ICC-converted to sRGB), "
        "storage and the database row. Memory is the server process's resident high-water mark "
        "(`VmHWM` in `/proc/PID/status`, reset through `clear_refs` just before the upload) "
        "after the upload, minus its resident size before it; the "
        "200 MB body is random bytes, so it is refused (415) only after it has streamed in whole "
        "and been sniffed, which is the streaming path being measured.",
        "",
    ]


if __name__ == "__main__":  # pragma: no cover
    print("\n".join(run()))

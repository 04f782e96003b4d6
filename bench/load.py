"""Requests per second of one URL, from a load generator in its own process.

`wrk` (Debian package `wrk`, installed by `make bench`) is a C event loop that costs the
server's machine far less than any Python client, so the figure is the server's. Without
it a thread of keep-alive `httpx` clients per connection stands in, and the report says so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time

import httpx


def generator() -> str:
    """The name of the load generator the figures come from."""
    return "wrk" if shutil.which("wrk") else "httpx threads"


def requests_per_second(
    url: str, *, connections: int, seconds: float, headers: dict[str, str] | None = None
) -> float:
    """Throughput of GET ``url`` over ``connections`` keep-alive connections; every answer 200."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return _with_httpx(url, connections, seconds, headers or {})
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in output or "Socket errors" in output:
        raise RuntimeError(f"failed requests under load:\n{output}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if found is None:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    return float(found.group(1))


def _with_httpx(url: str, connections: int, seconds: float, headers: dict[str, str]) -> float:
    done = [0] * connections
    stop = time.perf_counter() + seconds

    def worker(index: int) -> None:
        with httpx.Client(headers=headers) as client:
            while time.perf_counter() < stop:
                if client.get(url).status_code != 200:
                    raise RuntimeError(f"unexpected answer from {url}")
                done[index] += 1

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return sum(done) / (time.perf_counter() - started)

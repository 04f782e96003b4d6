"""Catalogue benchmarks at 100,000 and 1,000,000 entries, on SQLite and PostgreSQL.

For each backend and size: a fresh migrated database, the synthetic catalogue bulk-loaded
(`app.demo.synthetic`, then ANALYZE), the real service in a subprocess, and through HTTP:
p50/p95 of a two-word Arabic search with a filter (JSON API, every request a distinct query, so
nothing is served from a cache), of the first browse page (HTML), of browse pages walked through
their cursors (each page distinct: rendered every time), and of detail pages of random stamps; then
requests per second of the browse page against `/bench/bare`, a route of the same server returning
the same bytes, measured in the same run with the same client.

`python -m bench catalogue --sizes 100000,1000000 --backends sqlite,postgresql`
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.administrations import seed
from app.cli.common import alembic_config
from app.core.db import Database
from app.demo import synthetic
from app.designs import themes as theme_list
from bench import load

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
WORDS = [  # two-word searches people type: subject words, place names, both without harakat
    ("يوم", "البريد"), ("الخيول", "العربية"), ("طيور", "مهاجرة"), ("شجرة", "الزيتون"),
    ("القلاع", "الحصون"), ("السفن", "الشراعية"), ("الشعاب", "المرجانية"), ("الخط", "العربي"),
    ("المساجد", "التاريخية"), ("الازياء", "التراثية"), ("الموسيقى", "الشعبية"), ("الفضاء", "الفلك"),
    ("يوم", "المراه"), ("كاس", "العرب"), ("الاثار", "الرومانية"), ("ازهار", "البريه"),
]  # fmt: skip
# Throughput legs of each route, taken in turn (`_alternated`).
ROUNDS = 5
PLACES = ["القدس", "مسقط", "القاهره", "نابلس", "صلاله", "الاسكندريه", "غزه", "نزوى"]


@dataclass
class Level:
    backend: str
    size: int
    build_s: float
    figures: dict[str, float]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _database(backend: str, size: int, folder: Path) -> tuple[str, str | None]:
    if backend == "sqlite":
        return f"sqlite:///{folder / f'bench-{size}.db'}", None
    name = f"bench_catalogue_{size}"
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_SERVER).set(database=name).render_as_string(False), name


def _drop(name: str | None) -> None:
    if name is None:
        return
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def build(url: str, size: int) -> float:
    """Migrate, seed, bulk-load `size` entries, ANALYZE; seconds taken by the load."""
    command.upgrade(alembic_config(url), "head")
    database = Database.connect(url)
    with database.writer() as session:
        seed.load(session, ROOT / "designs" / "administrations.json")
        session.commit()
    started = time.perf_counter()
    synthetic.generate(database.engine, size, theme_list.load(ROOT / "designs" / "themes.json"))
    took = time.perf_counter() - started
    database.engine.dispose()
    return took


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _timed(client: httpx.Client, urls: list[str]) -> list[float]:
    samples = []
    for url in urls:
        started = time.perf_counter()
        r = client.get(url)
        samples.append(time.perf_counter() - started)
        assert r.status_code == 200, (url, r.status_code, r.text[:200])
    return samples


def _throughput(base: str, path: str, seconds: float, connections: int = 2) -> float:
    """Requests per second of `path` over `connections` keep-alive connections."""
    return load.requests_per_second(base + path, connections=connections, seconds=seconds)


def _alternated(base: str, seconds: float) -> tuple[float, float]:
    """Browse and bare requests per second, each the median of `ROUNDS` legs taken in turn.

    The machine's speed drifts from one second to the next (by a third on a shared virtual
    machine); legs in turn let a slow spell fall on both routes alike, and the medians leave
    out a leg that one caught alone.
    """
    leg = seconds / ROUNDS
    browse, bare = [], []
    for _ in range(ROUNDS):
        bare.append(_throughput(base, "/bench/bare", leg))
        browse.append(_throughput(base, "/catalogue?lang=ar", leg))
    return statistics.median(browse), statistics.median(bare)


def measure(url: str, size: int, samples: int, seconds: float) -> dict[str, float]:
    rng = random.Random(size)  # noqa: S311 - benchmark sampling
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "STAMPS_DATA_DIR": tempfile.mkdtemp()}
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.catalogue_server", str(port)], env=env, cwd=ROOT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        with httpx.Client(base_url=base, timeout=30) as client:
            searches: set[str] = set()
            while len(searches) < samples:
                first, second = rng.choice(WORDS)
                code = rng.choice(["PS", "OM", "EG"])
                year = rng.choice(["", f"&year={rng.randint(1960, 2026)}"])
                place = rng.choice(["", *PLACES]) if year == "" else ""
                q = f"{first} {second}" if not place else f"{first} {place}"
                searches.add(f"/api/v1/catalogue/stamps?q={q}&administration={code}{year}")
            _timed(client, list(searches)[:20])  # warm the connection pool and caches
            search = _timed(client, list(searches))
            browse_first = _timed(client, ["/catalogue?lang=ar"] * samples)
            walked, url_next = [], "/catalogue?lang=ar"
            pages = []
            for _ in range(samples):
                started = time.perf_counter()
                r = client.get(url_next)
                walked.append(time.perf_counter() - started)
                marker = 'rel="next" href="'
                at = r.text.find(marker)
                if at < 0:
                    break
                url_next = r.text[at + len(marker) : r.text.index('"', at + len(marker))]
                url_next = url_next.replace("&amp;", "&")
                pages.append(url_next)
            numbers = [
                f"/catalogue/{c}{rng.randint(1, 60):03d}.{rng.randint(60, 126) % 100:02d}?lang=en"
                for c in rng.choices(["PS", "OM", "EG"], k=samples)
            ]
            detail = _timed(client, numbers)
            body = client.get("/catalogue?lang=ar").content
            client.put("/bench/bare", content=body)
            assert client.get("/bench/bare").content == body
        browse_rps, bare = _alternated(base, seconds)
    finally:
        server.terminate()
        server.wait(timeout=10)
    out: dict[str, float] = {}
    for name, values in (
        ("search", search),
        ("browse", browse_first),
        ("browse_walk", walked),
        ("detail", detail),
    ):
        out[f"{name}_p50"], out[f"{name}_p95"] = _percentiles(values)
    out["browse_rps"], out["bare_rps"] = browse_rps, bare
    out["ratio"] = browse_rps / bare
    out["page_bytes"] = len(body)
    return out


def _row(level: Level) -> str:
    f = level.figures
    return (
        f"| {level.backend} | {level.size:,} | {level.build_s:.0f} s | "
        f"{f['search_p50']:.1f} / {f['search_p95']:.1f} | {f['browse_p50']:.1f} / "
        f"{f['browse_p95']:.1f} | {f['browse_walk_p50']:.1f} / {f['browse_walk_p95']:.1f} | "
        f"{f['detail_p50']:.1f} / {f['detail_p95']:.1f} | {f['browse_rps']:.0f} / "
        f"{f['bare_rps']:.0f} = **{f['ratio'] * 100:.0f} %** |"
    )


def run(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(prog="python -m bench catalogue")
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=15.0, help="throughput, each route")
    args = parser.parse_args(argv or [])
    levels = []
    with tempfile.TemporaryDirectory(prefix="bench-catalogue-") as tmp:
        for backend in args.backends.split(","):
            for size in (int(s) for s in args.sizes.split(",")):
                url, name = _database(backend, size, Path(tmp))
                try:
                    took = build(url, size)
                    figures = measure(url, size, args.samples, args.seconds)
                    levels.append(Level(backend, size, took, figures))
                    print(_row(levels[-1]), file=sys.stderr)
                finally:
                    _drop(name)
                    if backend == "sqlite":
                        for leftover in Path(tmp).glob(f"bench-{size}.db*"):
                            leftover.unlink()
    return report(levels, args)


def report(levels: list[Level], args: Any) -> list[str]:
    cpu = platform.processor() or platform.machine()
    return [
        "## Catalogue",
        "",
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}; the service runs "
        "as one uvicorn process, the client on the same machine. Times in ms (p50 / p95) over "
        f"{args.samples} requests each, through HTTP; throughput over {args.seconds:g} s a route "
        f"on two keep-alive connections from {load.generator()} (a second process), in "
        f"{ROUNDS} legs a route taken in turn, the median leg counted.",
        "",
        "| backend | entries | bulk load + ANALYZE | two-word Arabic search + filter | browse, "
        "first page | browse, walking cursors | detail page | browse / bare route (req/s) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        *(_row(level) for level in levels),
        "",
        "Targets: search p95 under 20 ms at 1,000,000 entries; the browse page at least 60 % of "
        "the bare route's throughput.",
        "",
        "- *Search*: `GET /api/v1/catalogue/stamps?q=<two Arabic words>&administration=XX` "
        "(half also `&year=`), every request a different query; no response cache is involved.",
        "- *Browse, first page*: `GET /catalogue?lang=ar`, the HTML page of 24 stamps. Pages are "
        "cached per catalogue revision, so repeated requests cost a revision lookup and the "
        "cache; *walking cursors* follows `next` links, every page rendered afresh (queries, "
        "Jinja2).",
        "- *Detail page*: `GET /catalogue/<random number>?lang=en`, each a different stamp.",
        "- *Bare route*: the same server answering the browse page's bytes from memory on the "
        "event loop (an `async` route: no dependency, no thread, no database, no template); "
        "the ratio is the browse page's requests per second over it.",
        "",
    ]

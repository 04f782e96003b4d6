"""Proof rendering benchmarks, reported as ratios measured in one run.

1. Stamp proof (one variant page) against the floor: decoding the artwork and deflating
   its pixels once with zlib. Artwork: the demo PNG (1087 × 850 px, 600 ppi) and a
   1200 ppi master derived from it (2173 × 1701 px, with film grain so it does not
   compress like flat vector art) as PNG, JPEG (embedded as it is) and CMYK TIFF.
2. The same page rendered by WeasyPrint from equivalent HTML (when WeasyPrint is installed:
   ``pip install -e '.[bench]'``).
3. A 50-stamp sheet (10 × 5) against one stamp page: the artwork is embedded once.
4. A repeated proof request served from the store, through HTTP on a real server
   (``stamps serve`` on 127.0.0.1, SQLite), sequential and with 8 concurrent clients.

Times are medians of repeated runs after a warm-up, in one process, on one machine.
"""

from __future__ import annotations

import dataclasses
import io
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import httpx
from PIL import Image

from app.proofs import offline
from app.proofs.render.model import ProofRequest
from app.proofs.render.review import render_review_proof
from app.proofs.render.sheet import render_sheet_proof
from bench import load

ROOT = Path(__file__).resolve().parents[1]
DESIGNS = ROOT / "designs"
DEMO = DESIGNS / "palestine-oman-2027"
PASSWORD = "stamps-demo"


def median_seconds(action: Callable[[], object], runs: int = 7) -> float:
    action()  # warm-up: fonts registered, shaping cached
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def paired_medians(
    first: Callable[[], object], second: Callable[[], object], runs: int = 9
) -> tuple[float, float]:
    """Medians of two actions timed in alternation, so drift in the machine hits both alike."""
    first()
    second()
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        for action, samples in ((first, a), (second, b)):
            start = time.perf_counter()
            action()
            samples.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def floor(path: Path) -> None:
    """Decode the artwork and deflate its pixels once with zlib (the least any embedder does)."""
    with Image.open(path) as image:
        zlib.compress(image.tobytes())


def make_masters(folder: Path) -> dict[str, Path]:
    """The demo artwork and 1200 ppi masters derived from it, in the formats printers send."""
    from tests.support.cmyk_icc import cmyk_profile_bytes

    with Image.open(DEMO / "artwork.png") as demo:
        big = demo.convert("RGB").resize((2173, 1701), Image.Resampling.LANCZOS)
    grain = Image.effect_noise(big.size, 24).convert("RGB")
    big = Image.blend(big, grain, 0.08)
    masters = {"PNG 600 ppi (demo)": DEMO / "artwork.png"}
    masters["PNG 1200 ppi"] = folder / "master.png"
    big.save(masters["PNG 1200 ppi"], dpi=(1200, 1200))
    masters["JPEG 1200 ppi"] = folder / "master.jpg"
    big.save(masters["JPEG 1200 ppi"], quality=95, dpi=(1200, 1200))
    masters["CMYK TIFF 1200 ppi + ICC"] = folder / "master.tif"
    big.convert("CMYK").save(
        masters["CMYK TIFF 1200 ppi + ICC"],
        compression="tiff_lzw",
        icc_profile=cmyk_profile_bytes(),
        dpi=(1200, 1200),
    )
    return masters


def stamp_request(artwork: Path) -> ProofRequest:
    request = offline.design_request(DEMO, DESIGNS)
    return dataclasses.replace(request, artwork_path=artwork, only="PS", status="in_review")


def weasyprint_html(artwork: Path) -> str:
    """The stamp proof page as HTML: header, 100 % and enlarged stamp, details, footer, mark."""
    rows = "".join(
        f"<tr><td>{en}</td><td>{value}</td><td class=ar>{ar}</td></tr>"
        for en, value, ar in [
            ("Administration", "Palestine Post (PS)", "الإدارة"),
            ("Country", "Palestine · فلسطين", "البلد"),
            ("Face value", "500 mils · ٥٠٠ مل", "القيمة"),
            ("Quantity", "100,000 stamps", "الكمية"),
            ("Issue date", "1 March 2027", "تاريخ الإصدار"),
            ("Format", "Landscape stamp 40 × 30 mm", "المقاس"),
            ("Perforation", "13½", "التخريم"),
            ("Sheet", "5 × 4 = 20 stamps", "الورقة"),
        ]
    )
    fonts = ROOT / "fonts"

    def stamp(scale: float) -> str:
        width, height = 46 * scale, 36 * scale
        return (
            f"<div class=stamp style='width:{width}mm;height:{height}mm'>"
            f"<img src='{artwork.as_uri()}' style='width:{width}mm;height:{height}mm'>"
            f"<span class=tl style='font-size:{6.4 * scale}pt'>PALESTINE</span>"
            f"<span class=tr style='font-size:{6.8 * scale}pt'>فلسطين</span>"
            f"<span class=j style='font-size:{3.8 * scale}pt'>إصدار مشترك فلسطين - سلطنة عُمان"
            f"<br>Palestine – Sultanate of Oman joint issue</span>"
            f"<span class=bl style='font-size:{7.2 * scale}pt'>500 mils</span>"
            f"<span class=br style='font-size:{7.6 * scale}pt'>٥٠٠ مل</span></div>"
        )

    return f"""<!doctype html><html><head><meta charset=utf-8><style>
@font-face {{ font-family: Amiri; src: url('{(fonts / "Amiri-Regular.ttf").as_uri()}'); }}
@font-face {{ font-family: Amiri; font-weight: bold;
  src: url('{(fonts / "Amiri-Bold.ttf").as_uri()}'); }}
@page {{ size: A4 landscape; margin: 12mm; }}
body {{ font-family: Amiri; color: #222; }}
.ar {{ direction: rtl; text-align: right; }}
h1 {{ font-size: 19pt; margin: 0; }} .cols {{ display: flex; gap: 10mm; }}
.stamp {{ position: relative; margin: 8mm; }} .stamp img {{ position: absolute; }}
.stamp span {{ position: absolute; font-weight: bold; }}
.tl {{ left: 5mm; top: 5mm; }} .tr {{ right: 5mm; top: 5mm; }}
.bl {{ left: 5mm; bottom: 5mm; }} .br {{ right: 5mm; bottom: 5mm; }}
.j {{ left: 0; right: 0; bottom: 12mm; text-align: center; font-weight: normal !important; }}
.mark {{ position: fixed; top: 80mm; left: 20mm; transform: rotate(-35deg); font-size: 60pt;
  color: rgba(240, 120, 120, .3); }}
</style></head><body>
<div>JOINT STAMP STUDIO · REVIEW PROOF <span class=ar>بروفة للمراجعة</span></div>
<h1>Palestine - Oman Joint Issue</h1><h1 class=ar>إصدار مشترك فلسطين - عُمان</h1>
<div class=cols><div>{stamp(1.0)}<table>{rows}</table></div><div>{stamp(2.5)}</div></div>
<footer>Proposal #0 · Format standard-40x30 · Artwork v1 · Status IN REVIEW</footer>
<div class=mark>PROOF — NOT FOR PRINT<br>بروفة — ليست للطباعة</div>
</body></html>"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def served_proofs(folder: Path, workers: int, seconds: float = 4.0) -> dict[str, float]:
    """Requests per second for a stored proof through `stamps serve` (SQLite, demo data)."""
    env = {**os.environ, "STAMPS_DATA_DIR": str(folder)}
    env.pop("DATABASE_URL", None)
    stamps = [sys.executable, "-m", "app.cli"]
    if not folder.exists():
        for args in (["db", "upgrade"], ["demo"]):
            subprocess.run([*stamps, *args], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*stamps, "serve", "--port", str(port), "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(url + "/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        token = httpx.post(
            url + "/api/v1/auth/token", data={"username": "ps-designer", "password": PASSWORD}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        proposal = httpx.get(url + "/api/v1/proposals", headers=headers).json()
        items = proposal["items"] if isinstance(proposal, dict) else proposal
        path = f"{url}/api/v1/proposals/{items[0]['id']}/proof.pdf"
        first = httpx.get(path, headers=headers, timeout=60)  # renders and stores it once
        first.raise_for_status()

        def rate(target: str, clients: int) -> float:
            return load.requests_per_second(
                target, connections=clients, seconds=seconds, headers=headers
            )

        rate(path, 1)  # warm-up
        return {
            "sequential": rate(path, 1),
            "concurrent": rate(path, 8),
            "healthz sequential": rate(url + "/healthz", 1),
            "healthz concurrent": rate(url + "/healthz", 8),
            "size": len(first.content),
        }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def run() -> list[str]:
    lines = ["## Proofs", ""]
    lines.append(
        "Medians after a warm-up, measured in one run. Stamp proof = one variant page of the "
        "stamp proof (100 % and enlarged views of one embedded image, inscriptions, marks). "
        f"Requests per second: `stamps serve` on SQLite with the demo data, loaded by "
        f"{load.generator()} from a second process on the same machine, 4 s per figure."
    )
    lines += [
        "",
        _row("measure", "artwork", "ours", "reference", "ratio", "target"),
        "|---" * 6 + "|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        masters = make_masters(folder)
        stamp_times: dict[str, float] = {}
        for label, path in masters.items():
            request = stamp_request(path)
            ours = median_seconds(lambda r=request: render_review_proof(r))  # type: ignore[misc]
            base = median_seconds(lambda p=path: floor(p))  # type: ignore[misc]
            stamp_times[label] = ours
            passthrough = label.startswith(("JPEG", "PNG"))
            target = "< 1.0× (embedded as it is)" if passthrough else "≤ 1.2×"
            lines.append(
                _row(
                    "(1) stamp proof vs floor (decode + zlib)",
                    label,
                    f"{ours * 1000:.1f} ms",
                    f"{base * 1000:.1f} ms",
                    f"{ours / base:.2f}×",
                    target,
                )
            )
        lines.append(_weasyprint_row(masters["PNG 600 ppi (demo)"], stamp_times))
        for label in ("PNG 600 ppi (demo)", "PNG 1200 ppi", "CMYK TIFF 1200 ppi + ICC"):
            request = stamp_request(masters[label])
            fmt = dataclasses.replace(request.format, sheet_columns=10, sheet_rows=5)
            sheet = dataclasses.replace(request, format=fmt)
            ours, page = paired_medians(
                lambda r=sheet: render_sheet_proof(r),  # type: ignore[misc]
                lambda r=request: render_review_proof(r),  # type: ignore[misc]
            )
            lines.append(
                _row(
                    "(3) 50-stamp sheet (10 × 5) vs one stamp page, timed in turn",
                    label,
                    f"{ours * 1000:.1f} ms",
                    f"{page * 1000:.1f} ms",
                    f"{ours / page:.2f}×",
                    "≤ 1.0×",
                )
            )
        for workers in (1, 2):
            served = served_proofs(folder / "server", workers)
            server = "one process" if workers == 1 else f"{workers} worker processes"
            for mode in ("sequential", "concurrent"):
                clients = "1 connection" if mode == "sequential" else "8 connections"
                lines.append(
                    _row(
                        f"(4) stored proof through HTTP, {server}, {clients}",
                        f"proof.pdf, {served['size'] / 1024:.0f} KiB",
                        f"{served[mode]:.0f} req/s",
                        "500 req/s",
                        f"{served[mode] / 500:.2f}×",
                        "> 1.0× (over 500 req/s)",
                    )
                )
                lines.append(
                    _row(
                        f"(4) for scale: `GET /healthz`, {server}, {clients}",
                        "-",
                        f"{served['healthz ' + mode]:.0f} req/s",
                        "500 req/s",
                        f"{served['healthz ' + mode] / 500:.2f}×",
                        "(server ceiling)",
                    )
                )
    lines.append("")
    return lines


def _weasyprint_row(artwork: Path, stamp_times: dict[str, float]) -> str:
    label = "PNG 600 ppi (demo)"
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # not installed, or its Pango libraries are missing
        return _row("(2) WeasyPrint, same page", label, "-", f"unavailable: {exc}", "-", "≥ 4×")
    html = weasyprint_html(artwork)

    def weasy() -> None:
        HTML(string=html, base_url=str(ROOT)).write_pdf(io.BytesIO())

    theirs = median_seconds(weasy, runs=5)
    ours = stamp_times[label]
    return _row(
        "(2) WeasyPrint, same page from HTML",
        label,
        f"{ours * 1000:.1f} ms",
        f"{theirs * 1000:.1f} ms",
        f"{theirs / ours:.1f}× faster",
        "≥ 4× faster",
    )


if __name__ == "__main__":
    print("\n".join(run()))

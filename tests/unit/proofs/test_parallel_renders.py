"""Documents rendered on several threads at once come out exactly as rendered alone.

The service renders proofs and sign-off pages inside request threads, and all of them
share the registered Amiri faces; a render must never see another one's font state.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest

from app.signing.appearance import render_signoff_page

TITLES = [
    ("Jerusalem Gates", "بوابات القدس"),
    ("Frankincense Route", "طريق اللبان"),
    ("Olive Harvest", "موسم قطف الزيتون"),
    ("Dhow Builders of Sur", "صنّاع السفن في صور"),
    ("Nablus Soap", "صابون نابلس"),
    ("Muscat Harbour", "ميناء مسقط"),
]


def _render(index: int) -> bytes:
    title_en, title_ar = TITLES[index % len(TITLES)]
    return render_signoff_page(index, title_en, title_ar, f"{index:064x}", 2)


@pytest.fixture
def eager_thread_switching() -> Iterator[None]:
    """Switch threads every few bytecodes so that overlapping renders really interleave."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


@pytest.mark.usefixtures("eager_thread_switching")
def test_concurrent_renders_match_serial_renders() -> None:
    expected = [_render(index) for index in range(len(TITLES))]
    barrier = Barrier(len(TITLES))

    def racer(index: int) -> bytes:
        barrier.wait()
        return _render(index)

    with ThreadPoolExecutor(max_workers=len(TITLES)) as pool:
        for _ in range(5):
            assert list(pool.map(racer, range(len(TITLES)))) == expected

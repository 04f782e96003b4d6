"""One notation for a perforation gauge on proofs, in the catalogue and in its numbers."""

from __future__ import annotations

import pytest

from app.designs.gauges import gauge_label


@pytest.mark.parametrize(
    ("gauge", "label"),
    [(13.5, "13½"), (14, "14"), (13.75, "13¾"), (11.25, "11¼"), (12.6, "12.6"), (13.1, "13.1")],
)
def test_gauge_label(gauge: float, label: str) -> None:
    assert gauge_label(gauge) == label

"""Perforations as catalogues write them, parsed into numbers."""

from __future__ import annotations

import pytest

from app.catalogue.perforation import Perforation, parse
from app.designs.gauges import gauge_label


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13½", Perforation("comb", 13.5, 13.5)),
        ("13¾ × 14", Perforation("comb", 13.75, 14.0)),
        ("13.75x14", Perforation("comb", 13.75, 14.0)),
        ("14 1/4", Perforation("comb", 14.25, 14.25)),
        ("line 12", Perforation("line", 12.0, 12.0)),
        ("comb 13½ × 13", Perforation("comb", 13.5, 13.0)),
        ("die-cut 11", Perforation("die-cut", 11.0, 11.0)),
        ("Die cut 11 × 11½", Perforation("die-cut", 11.0, 11.5)),
        ("imperf", Perforation("imperforate", None, None)),
        ("Imperforate", Perforation("imperforate", None, None)),
        ("13.5", Perforation("comb", 13.5, 13.5)),
    ],
)
def test_parse(text: str, expected: Perforation) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "13 × ", "2", "35", "14 1/0", "13½ × 14 × 15"])
def test_refuses_what_is_not_a_perforation(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse(text)


@pytest.mark.parametrize(
    ("perf", "label"),
    [
        (Perforation("comb", 13.5, 13.5), "13½"),
        (Perforation("comb", 13.75, 14.0), "13¾ × 14"),
        (Perforation("die-cut", 11.0, 11.0), "die-cut 11"),
        (Perforation("imperforate", None, None), "imperforate"),
    ],
)
def test_label_round_trips(perf: Perforation, label: str) -> None:
    assert perf.label == label
    assert parse(label) == perf


def test_gauge_label() -> None:
    assert [gauge_label(g) for g in (14, 13.25, 12.5, 11.75, 12.6)] == [
        "14",
        "13¼",
        "12½",
        "11¾",
        "12.6",
    ]

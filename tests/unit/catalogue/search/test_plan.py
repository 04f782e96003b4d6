"""Which (administration, year) groups a search asks, in which order and how many."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from app.catalogue.search import plan
from app.catalogue.search.plan import (
    FIRST_ENTRIES,
    FTS5_MAX_GROUPS,
    MAX_ASKS,
    MAX_GROUPS,
    Group,
    Span,
    narrowed,
)

BIG = 4_000  # a year of one administration in a catalogue of a million
CATALOGUE = [Group(code, year, BIG) for code in ("EG", "OM", "PS") for year in range(2000, 2027)]


def spans(groups: list[Group], sort: str) -> Iterator[Span]:
    """PostgreSQL's asks: a few, of a few groups each."""
    return plan.spans(groups, sort, MAX_ASKS, MAX_GROUPS)


def test_newest_first_whole_years_of_every_administration() -> None:
    first = next(spans(CATALOGUE, "newest"))
    assert first.groups == [("EG", 2026), ("OM", 2026), ("PS", 2026)]
    assert first.after("newest") == [dt.date(2026, 1, 1), 0]
    assert not first.last


def test_oldest_first_and_number_order() -> None:
    oldest = next(spans(CATALOGUE, "oldest"))
    assert oldest.groups == [("EG", 2000), ("OM", 2000), ("PS", 2000)]
    assert oldest.after("oldest")[0] == dt.date(2000, 12, 31)
    number = next(spans(CATALOGUE, "number"))
    assert number.groups[0] == ("EG", 2000)
    assert {code for code, _ in number.groups} == {"EG"}
    assert number.after("number")[:2] == ["EG", number.groups[-1][1]]


def test_each_ask_is_bigger_and_follows_the_last() -> None:
    asks = list(spans([g for g in CATALOGUE if g.code == "PS"], "newest"))
    assert len(asks) == MAX_ASKS
    years = [[year for _, year in ask.groups] for ask in asks]
    assert years[0] == [2026]
    assert all(later[0] == earlier[-1] - 1 for earlier, later in itertools.pairwise(years))
    assert [len(y) for y in years] == sorted(len(y) for y in years)
    assert all(len(ask.groups) <= MAX_GROUPS for ask in asks)


def test_a_layer_is_never_split_even_when_large() -> None:
    many = [Group(f"A{i}", 2026, BIG) for i in range(MAX_GROUPS + 3)]
    first = next(spans([*many, Group("A0", 2025, BIG)], "newest"))
    assert len(first.groups) == MAX_GROUPS + 3


def test_the_last_span_says_so() -> None:
    few = [Group("PS", 2025, FIRST_ENTRIES), Group("PS", 2026, 10)]
    asks = list(spans(few, "newest"))
    assert [ask.last for ask in asks] == [False, True]


def test_no_group_no_ask() -> None:
    assert list(spans([], "newest")) == []
    assert list(spans([Group("PS", 2026, 0)], "newest")) == []


def test_groups_narrowed_to_an_administration_years_and_a_cursor() -> None:
    assert narrowed(CATALOGUE, code="OM", first_year=2010, last_year=2011) == [
        Group("OM", 2010, BIG),
        Group("OM", 2011, BIG),
    ]
    after = narrowed(CATALOGUE, from_group=("OM", 2025))
    assert {(g.code, g.year) for g in after} == {
        ("OM", 2025), ("OM", 2026), *(("PS", y) for y in range(2000, 2027))
    }  # fmt: skip


def test_sqlite_asks_every_group_in_the_end() -> None:
    """FTS5 has no whole-catalogue fallback: its asks go on until the last group."""
    ps = [g for g in CATALOGUE if g.code == "PS"]
    asks = list(plan.spans(ps, "newest", None, FTS5_MAX_GROUPS))
    assert [g for ask in asks for g in ask.groups] == [("PS", y) for y in range(2026, 1999, -1)]
    assert asks[0].groups == [("PS", 2026)]
    assert asks[-1].last
    assert not any(ask.last for ask in asks[:-1])
    assert all(len(ask.groups) <= FTS5_MAX_GROUPS for ask in asks)

"""Planning a search: which (administration, year) groups it asks first, newest first.

A page shows the first matches in its order, but a word pair can match thousands of stamps;
finding all of them and fetching each to be sorted costs more the bigger the catalogue is.
Both backends therefore also index every word under its entry's administration and year
(`postgresql.py` every word beginning, `ps2026:يوم`, migration 0010; `sqlite.py` every word in
a second FTS5 table, `ps2026يوم`, migration 0011), and a search first asks only the groups at
the head of the page order: the newest years for `newest`, the oldest for `oldest`, the first
administration's first years for `number`. Only those groups' matches are fetched. If they
fill the page, it is exactly the page a search of everything gives, because every entry of a
later group sorts after every entry of these; if not, the rest is asked after `Span.after`.

The groups and their sizes come from the number sequences: every entry's number was allocated
from the sequence of its administration and year, and numbers have no gaps, so a sequence's
last number is how many entries its group holds. Pure: plain values in, plain values out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any, NamedTuple

# How much one ask may cover. Each group is one branch of an OR in the query, and GIN tests
# the whole OR for every item it reads, so a few groups are cheap and many are not. The first
# ask covers about one year of one administration of a large catalogue; each next ask four
# times as many entries, and after `MAX_ASKS` the word-beginnings index answers the rest.
MAX_GROUPS = 6
FIRST_ENTRIES = 5_000
MAX_ASKS = 3
# SQLite asks every group in the end (FTS5 lists each group's matches from its own terms); an
# ask after the first fetches its few matches by id, and costs little more per group it names.
FTS5_MAX_GROUPS = 64
# Beyond every id and sequence number (both 32-bit integer columns): `after` then excludes a
# whole day or year.
_BEYOND = 2**31 - 1


class Group(NamedTuple):  # a tuple: every search reads a few hundred of them
    code: str
    year: int
    entries: int


@dataclass(frozen=True)
class Span:
    """Consecutive layers asked at once; `last` when no group sorts after them."""

    layers: list[list[Group]]
    last: bool

    @property
    def groups(self) -> list[tuple[str, int]]:
        return [(g.code, g.year) for layer in self.layers for g in layer]

    def after(self, sort: str) -> list[Any]:
        """The sort key of a point just past every entry of the span."""
        layer = self.layers[-1]
        year = layer[0].year
        if sort == "number":
            return [layer[0].code, year, _BEYOND]
        if sort == "oldest":
            return [dt.date(year, 12, 31), _BEYOND]
        return [dt.date(year, 1, 1), 0]


def _layers(groups: list[Group], sort: str) -> list[list[Group]]:
    """Groups in page order, in layers that cannot be split (one year of every administration
    for the date orders, since their entries interleave by date)."""
    if sort == "number":
        return [[g] for g in sorted(groups, key=lambda g: (g.code, g.year))]
    newest = sort == "newest"
    ordered = sorted(groups, key=lambda g: (-g.year if newest else g.year, g.code))
    return [list(layer) for _, layer in groupby(ordered, key=lambda g: g.year)]


def narrowed(
    groups: list[Group],
    *,
    code: str | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
    from_group: tuple[str, int] | None = None,
) -> list[Group]:
    """The groups that can hold entries of one administration, years and cursor position."""
    return [
        g
        for g in groups
        if (code is None or g.code == code)
        and (first_year is None or g.year >= first_year)
        and (last_year is None or g.year <= last_year)
        and (from_group is None or (g.code, g.year) >= from_group)
    ]


def spans(groups: list[Group], sort: str, max_asks: int | None, max_groups: int) -> Iterator[Span]:
    """The asks of one search page in page order, each after the last; at most ``max_asks``
    (or until every group is asked), each of at most ``max_groups`` groups after the first."""
    layers = _layers([g for g in groups if g.entries > 0], sort)
    budget = FIRST_ENTRIES
    asked = 0
    while max_asks is None or asked < max_asks:
        asked += 1
        if not layers:
            return
        span = _head(layers, max_groups, budget)
        yield span
        layers = layers[len(span.layers) :]
        budget *= 4


def _head(layers: list[list[Group]], max_groups: int, max_entries: int) -> Span:
    """At least one layer, then more while within ``max_groups`` and ``max_entries``."""
    taken = [layers[0]]
    count, entries = len(layers[0]), sum(g.entries for g in layers[0])
    for layer in layers[1:]:
        count += len(layer)
        entries += sum(g.entries for g in layer)
        if count > max_groups or entries > max_entries:
            break
        taken.append(layer)
    return Span(taken, last=len(taken) == len(layers))

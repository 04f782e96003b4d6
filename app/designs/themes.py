"""The two-level bilingual theme list (`designs/themes.json`): data, not code.

A stamp's theme is a leaf slug; its group is stored beside it so that filtering by a group is one
indexed comparison. A slug the list does not know is its own group (and shown as written).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Theme:
    slug: str
    ar: str
    en: str
    group: str  # the group's slug; a group's own entry has group == slug

    def name(self, lang: str) -> str:
        return self.ar if lang == "ar" else self.en


@dataclass(frozen=True)
class ThemeList:  # cached_property needs a __dict__: not slotted
    groups: tuple[Theme, ...]
    leaves: tuple[Theme, ...]

    def get(self, slug: str) -> Theme:
        found = self._by_slug.get(slug)
        return found if found is not None else Theme(slug, slug, slug, slug)

    @cached_property
    def _by_slug(self) -> dict[str, Theme]:
        return {t.slug: t for t in (*self.groups, *self.leaves)}

    def group_of(self, slug: str) -> str:
        return self.get(slug).group

    def children(self, group: str) -> list[Theme]:
        return [t for t in self.leaves if t.group == group]


@lru_cache(maxsize=4)
def load(path: Path) -> ThemeList:
    raw = json.loads(path.read_text(encoding="utf-8"))
    groups, leaves = [], []
    for slug, spec in raw.items():
        if slug.startswith("_"):
            continue
        groups.append(Theme(slug, spec["name"]["ar"], spec["name"]["en"], slug))
        for leaf, names in spec["themes"].items():
            leaves.append(Theme(leaf, names["ar"], names["en"], slug))
    return ThemeList(tuple(groups), tuple(leaves))

"""An entry's search document: what a person might type to find it, built in one place.

Issuing and correcting (`catalogue.service`) and the synthetic catalogue (`demo.synthetic`)
both index an entry through `entry_document`, so benchmark data is found exactly as real
stamps are.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.catalogue.search import text
from app.designs.themes import ThemeList

# The entry's columns the document is made of, in the order they are indexed.
FIELDS = (
    "number",
    "administration_code",
    "year",
    "title_ar",
    "title_en",
    "description_ar",
    "description_en",
    "inscription_ar",
    "inscription_latin",
    "designer",
    "printer",
    "first_day_place_ar",
    "first_day_place_en",
)


def entry_document(fields: Mapping[str, object], themes: ThemeList | None) -> str:
    """The normalised search text of an entry given as its column values (`FIELDS`, `theme`,
    `theme_group`); the theme and its group are indexed by their names in both languages."""
    slug, group_slug = str(fields.get("theme") or ""), str(fields.get("theme_group") or "")
    theme = themes.get(slug) if themes else None
    group = themes.get(group_slug) if themes and group_slug else None
    parts = [str(value) if (value := fields.get(name)) is not None else None for name in FIELDS]
    names = [t.ar + " " + t.en for t in (theme, group) if t is not None]
    return text.document([*parts, *names])

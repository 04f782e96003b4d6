"""Public views of catalogue entries: the JSON shapes the API, pages and exports share.

Built from `CatalogueEntry` rows alone (and their joint-issue partners, products and errata),
never from proposals, so nothing that was not issued can reach a public view. What a view
needs is read by `queries.py`; this module only shapes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter

from app.catalogue.models import CatalogueEntry, Erratum
from app.catalogue.queries import EntryRow, Holdings, Partners
from app.catalogue.schemas import EntryDetail, EntryOut
from app.designs.themes import ThemeList

_ENTRIES = TypeAdapter(list[EntryOut])
# A mapped entry, or a page's row of its columns (`queries.page`): both read by attribute.
Entry = CatalogueEntry | EntryRow


def image_urls(number: str) -> dict[str, str]:
    base = f"/api/v1/catalogue/stamps/{number}/image?size="
    return {"thumb": base + "thumb", "preview": base + "preview", "full": base + "full"}


def _theme(themes: ThemeList | None, slug: str, group: str) -> dict[str, Any]:
    leaf = themes.get(slug) if themes else None
    parent = themes.get(group or slug) if themes else None
    return {
        "slug": slug,
        "name": {"ar": leaf.ar if leaf else slug, "en": leaf.en if leaf else slug},
        "group": group or slug,
        "group_name": {"ar": parent.ar if parent else group, "en": parent.en if parent else group},
    }


def _fields(
    e: Entry,
    partners_of: dict[int, list[tuple[int, str]]],
    kinds: dict[int, str],
    theme: dict[str, Any],
) -> dict[str, Any]:
    """One entry's public fields, in the shape of `EntryOut`."""
    joint = e.joint_issue_id
    return {
        "number": e.number,
        "wns_number": e.wns_number,
        "administration": e.administration_code,
        "issue_date": e.issue_date,
        "withdrawn_on": e.withdrawn_on,
        "year": e.year,
        "title": {"ar": e.title_ar, "en": e.title_en},
        "subject": {"ar": e.description_ar, "en": e.description_en},
        "description": {"ar": e.description_ar, "en": e.description_en},
        "theme": e.theme,
        "theme_detail": theme,
        "inscription": {"ar": e.inscription_ar, "latin": e.inscription_latin},
        "face_value": {
            "minor": e.face_value_minor,
            "unit": {
                "name": {"ar": e.unit_name_ar, "en": e.unit_name_en},
                "minor_per_major": e.minor_per_major,
                "iso4217": e.iso4217,
            },
        },
        "size_mm": {"width": e.width_mm, "height": e.height_mm},
        "perforation": e.perforation,
        "perforation_detail": {
            "kind": e.perforation_kind or "comb",
            "horizontal": e.perforation_h,
            "vertical": e.perforation_v,
        },
        "printing_process": e.printing_process,
        "printer": e.printer,
        "designer": e.designer,
        "first_day_place": {"ar": e.first_day_place_ar, "en": e.first_day_place_en},
        "quantity": e.quantity,
        "format": e.format,
        "references": {
            "michel": e.ref_michel,
            "scott": e.ref_scott,
            "sg": e.ref_sg,
            "yvert": e.ref_yvert,
        },
        "joint_issue_kind": kinds.get(joint, "") if joint is not None else "",
        "joint_with": [n for i, n in partners_of.get(joint, []) if i != e.id]
        if joint is not None
        else [],
        "artwork_sha256": e.artwork_sha256,
        "images": image_urls(e.number),
    }


def fields_of(
    entries: Sequence[Entry], joint: Partners, themes: ThemeList | None = None
) -> list[dict[str, Any]]:
    """The public fields of entries as plain data, with their joint-issue partners (`joint`,
    from `queries.partners`).

    The JSON API serialises these as they are; `to_out` validates them into `EntryOut`.
    """
    found, kinds = joint
    theme_views: dict[tuple[str, str], dict[str, Any]] = {}
    fields = []
    for e in entries:
        theme = theme_views.get((e.theme, e.theme_group))
        if theme is None:
            theme = theme_views[e.theme, e.theme_group] = _theme(themes, e.theme, e.theme_group)
        fields.append(_fields(e, found, kinds, theme))
    return fields


def to_out(
    entries: Sequence[Entry], joint: Partners, themes: ThemeList | None = None
) -> list[EntryOut]:
    """Public views of entries, validated in one call: pydantic's core builds the nested
    models far faster than constructing each one from Python."""
    return _ENTRIES.validate_python(fields_of(entries, joint, themes))


def detail(
    entry: CatalogueEntry,
    joint: Partners,
    holdings: Holdings,
    errata: Sequence[Erratum],
    themes: ThemeList | None = None,
) -> EntryDetail:
    """One entry with its products (and the stamps each holds) and its errata, as read by
    `queries.partners`, `queries.products_of` and `queries.errata_of`."""
    found, kinds = joint
    products, contents = holdings
    fields = _fields(entry, found, kinds, _theme(themes, entry.theme, entry.theme_group))
    fields["products"] = [
        {
            "kind": p.kind,
            "title": {"ar": p.title_ar, "en": p.title_en},
            "quantity": p.quantity,
            "price_minor": p.price_minor,
            "stamps": contents.get(p.id, {}),
        }
        for p in sorted(products, key=lambda p: (p.kind != "sheet", p.id))
    ]
    fields["errata"] = [
        {
            "noted_on": x.noted_on,
            "field": x.field,
            "old_value": x.old_value,
            "new_value": x.new_value,
            "reason": {"ar": x.reason_ar, "en": x.reason_en},
        }
        for x in errata
    ]
    return EntryDetail.model_validate(fields)

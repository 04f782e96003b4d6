"""The catalogue's words chosen at run time (a kind, a perforation, a product, a sort order).

The texts themselves, in Arabic and English, are in the `catalogue` gettext domain
(`app/i18n/locale/*/LC_MESSAGES/catalogue.po`); here each code only names its English msgid,
so `make messages` finds it and the templates write `_(joint_kinds[code])`.
"""

from __future__ import annotations

from app.i18n import N_, Domain

CATALOGUE = Domain("catalogue")

JOINT_KINDS = {
    "twin": N_("twin"),
    "se-tenant": N_("se-tenant"),
    "concerted": N_("concerted"),
    "parallel": N_("parallel"),
}
PERFORATION_KINDS = {
    "comb": N_("comb"),
    "line": N_("line"),
    "die-cut": N_("die-cut"),
    "imperforate": N_("imperforate"),
}
PRODUCT_NAMES = {
    "sheet": N_("Sheet"),
    "sheetlet": N_("Sheetlet"),
    "miniature-sheet": N_("Miniature sheet"),
    "booklet": N_("Booklet"),
    "first-day-cover": N_("First-day cover"),
}
SORT_NAMES = {
    "newest": N_("Newest first"),
    "oldest": N_("Oldest first"),
    "number": N_("By number"),
}
VOCABULARY = {
    "joint_kinds": JOINT_KINDS,
    "perforation_kinds": PERFORATION_KINDS,
    "product_names": PRODUCT_NAMES,
    "sort_names": SORT_NAMES,
}

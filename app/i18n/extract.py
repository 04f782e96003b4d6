"""`make messages`: extract each domain's messages and bring both catalogues up to date.

Each domain is extracted from its own folders (below) with the mapping in `babel.cfg`; new
messages enter both `.po` files, the English msgstr is the msgid, messages no longer used are
dropped. The Arabic text of a new message is written by hand; the catalogue test fails until
it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from app.i18n.catalogues import DOMAINS, po_path
from app.i18n.negotiation import LANGS

ROOT = Path(__file__).resolve().parents[2]
CREATED = dt.datetime(2026, 12, 2, tzinfo=dt.UTC)
# `Domain.tr(lang, message)`, `Domain.ntr(lang, singular, plural, n)`, `Domain.both(message)`.
KEYWORDS = {**DEFAULT_KEYWORDS, "tr": (2,), "ntr": (2, 3), "both": (1,)}
# Problems are raised all over the product: their titles are found by their own marker.
PROBLEM_KEYWORDS = {"P_": None}
SOURCES: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "catalogue": (("app/catalogue",), KEYWORDS),
    "studio": (("app/studio",), KEYWORDS),
    "mail": (("app/notifications",), KEYWORDS),
    "problems": (("app",), PROBLEM_KEYWORDS),
    "site": (("app/site",), KEYWORDS),
}
PROJECT = "Joint Stamp Studio"
HEADER = """\
# {language} words of Joint Stamp Studio, domain {domain}.
# Extracted by `make messages`; translations written by hand.
#"""


def _new_catalog(domain: str, lang: str | None = None) -> Catalog:
    language = {"ar": "Arabic", "en": "English"}.get(lang or "", "Source")
    return Catalog(
        locale=lang,
        domain=domain,
        project=PROJECT,
        version="1.0",
        header_comment=HEADER.format(language=language, domain=domain),
        copyright_holder=PROJECT,
        msgid_bugs_address="-",
        last_translator=PROJECT,
        language_team=PROJECT,
        creation_date=CREATED,
        revision_date=CREATED,
        fuzzy=False,
    )


def _mapping() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        mapping: tuple[list[tuple[str, str]], dict[str, dict[str, str]]]
        mapping = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]  # Babel leaves it bare
        return mapping


def _messages(domain: str) -> Iterator[tuple[str, int, str | tuple[str, ...], str | None]]:
    method_map, options_map = _mapping()
    sources, keywords = SOURCES[domain]
    for source in sources:
        path = ROOT / source
        if path.is_dir():
            for name, line, message, _comments, context in extract_from_dir(
                path, method_map, options_map, keywords=keywords
            ):
                yield f"{source}/{name}", line, message, context
        elif path.is_file():
            for line, message, _comments, context in extract_from_file(
                "python", path, keywords=keywords
            ):
                yield source, line, message, context


def template(domain: str) -> Catalog:
    """Every message the sources of `domain` mark, as a catalogue without translations."""
    catalog = _new_catalog(domain)
    for name, line, message, context in _messages(domain):
        catalog.add(message, None, [(name, line)], context=context)
    return catalog


def update(domain: str) -> dict[str, int]:
    """Bring `domain`'s `.po` files in line with its sources; the number of messages each
    holds and how many still lack their translation."""
    source = template(domain)
    counts: dict[str, int] = {}
    for lang in LANGS:
        path = po_path(lang, domain)
        if path.exists():
            with path.open("rb") as po:
                catalog = read_po(po, locale=lang, domain=domain)
        else:
            catalog = _new_catalog(domain, lang)
        catalog.update(
            source, no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False
        )
        catalog.obsolete.clear()
        missing = 0
        for message in catalog:
            if not message.id:
                continue
            if lang == "en" and not _translated(message.string):
                message.string = message.id
            missing += not _translated(message.string)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as po:
            write_po(po, catalog, width=100, include_lineno=False, ignore_obsolete=True)
        counts[lang] = len([m for m in catalog if m.id])
        counts[f"{lang} untranslated"] = missing
    return counts


def _translated(string: str | tuple[str, ...] | list[str] | None) -> bool:
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


def main() -> None:
    for domain in DOMAINS:
        counts = update(domain)
        print(domain, counts)  # noqa: T201 - the command's report


if __name__ == "__main__":
    main()

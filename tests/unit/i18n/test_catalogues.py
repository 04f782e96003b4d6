"""Every message of every domain has its Arabic and English text, and the same placeholders."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from app.i18n import DOMAINS, LANGS
from app.i18n.catalogues import po_path
from app.i18n.extract import template

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|\{(\w*)\}")


def _catalog(lang: str, domain: str) -> Catalog:
    with po_path(lang, domain).open("rb") as po:
        return read_po(po, locale=lang, domain=domain)


def _messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def _texts(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if isinstance(value, tuple | list):
        return tuple(value)
    return (value or "",)


def _placeholders(text: str) -> set[str]:
    return {a or f"{{{b}}}" for a, b in PLACEHOLDER.findall(text)}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated(lang: str, domain: str) -> None:
    catalog = _catalog(lang, domain)
    assert catalog.fuzzy is False or not _messages(catalog), "the header is marked fuzzy"
    for message in _messages(catalog):
        strings = _texts(message.string)
        ids = _texts(message.id)
        where = f"{lang}/{domain}.po: {ids[0]!r}"
        assert not message.fuzzy, f"{where} is fuzzy"
        assert all(s and s.strip() for s in strings), f"{where} has no translation"
        expected = set().union(*(_placeholders(i) for i in ids))
        for string in strings:
            # A plural form may leave the number out (Arabic says "one stamp" in words).
            found = _placeholders(string)
            missing = expected - found - ({"num"} if len(ids) > 1 else set())
            assert not missing, f"{where}: {string!r} lacks {sorted(missing)}"
            assert found <= expected, f"{where}: {string!r} has unknown {sorted(found - expected)}"
    for message, errors in catalog.check():  # Babel's own checks: python-format, plurals
        assert not errors, f"{lang}/{domain}.po: {message.id!r}: {errors}"


@pytest.mark.parametrize("domain", DOMAINS)
def test_catalogues_hold_exactly_what_the_sources_use(domain: str) -> None:
    """A message added to a page or mail without `make messages` (or left behind) fails here."""
    used = {(m.context, m.id) for m in _messages(template(domain))}
    for lang in LANGS:
        held = {(m.context, m.id) for m in _messages(_catalog(lang, domain))}
        assert not used - held, f"{lang}/{domain}.po lacks {sorted(map(str, used - held))[:5]}"
        assert not held - used, (
            f"{lang}/{domain}.po holds unused {sorted(map(str, held - used))[:5]}"
        )


def test_english_is_the_msgid() -> None:
    for domain in DOMAINS:
        for message in _messages(_catalog("en", domain)):
            assert message.string == message.id, f"en/{domain}.po: {message.id!r}"

"""Loading the `.po` catalogues into compiled translations, once per (language, domain).

Reading a `.po` with Babel and compiling it to `.mo` bytes in memory takes milliseconds and
needs no generated files in the repository or a build step in `make run`.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from app.i18n.negotiation import LANGS

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAINS = ("catalogue", "studio", "mail", "problems", "site")


def po_path(lang: str, domain: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


@functools.cache
def translations(lang: str, domain: str) -> Translations:
    """The compiled catalogue of `domain` in `lang` (fuzzy entries are left out)."""
    if lang not in LANGS or domain not in DOMAINS:
        raise ValueError(f"no catalogue for {lang!r}/{domain!r}")
    with po_path(lang, domain).open("rb") as po:
        catalog = read_po(po, locale=lang, domain=domain)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=domain)


def N_(message: str) -> str:
    """Mark `message` for extraction; it is translated later, where it is shown."""
    return message


class Domain:
    """One domain's messages: `Domain("mail").tr("ar", "Proposal %(id)s", id=7)`."""

    def __init__(self, name: str) -> None:
        if name not in DOMAINS:
            raise ValueError(f"unknown message domain {name!r}")
        self.name = name

    def tr(self, lang: str, message: str, /, **params: Any) -> str:
        text = translations(lang, self.name).gettext(message)
        return text % params if params else text

    def ntr(self, lang: str, singular: str, plural: str, n: int, /, **params: Any) -> str:
        """A message with a count (Arabic has six plural forms): `%(num)s` is `n`."""
        text = translations(lang, self.name).ngettext(singular, plural, n)
        return text % {"num": n, **params}

    def both(self, message: str, /, **params: Any) -> dict[str, str]:
        return {lang: self.tr(lang, message, **params) for lang in LANGS}

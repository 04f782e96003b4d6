"""Every word a person reads, in Arabic and English, from gettext catalogues.

Translations live in `locale/{ar,en}/LC_MESSAGES/{domain}.po` (one domain per part of the
product: `catalogue`, `studio`, `mail`, `problems`, `site`). The `.po` files are read with Babel
and compiled in memory the first time a (language, domain) is asked for, so there is no build
step: a fresh clone serves both languages. The msgid is the English text; the English catalogue
repeats it, so a test can insist that every message has both translations.

The whole API:

    LANGS, DEFAULT_LANG            ("ar", "en") and "ar"
    LANGUAGE_NAMES                 {"ar": "العربية", "en": "English"}, for a language switch
    Domain(name)                   one domain's words; define it once per module:
        .tr(lang, message, **p)        the message in `lang`, `%(name)s` placeholders filled
        .both(message, **p)            {"ar": ..., "en": ...} for bilingual payloads
    N_(message)                    marks a message for extraction without translating it
                                   (for words chosen at run time, e.g. a kind's name)
    translations(lang, domain)     the compiled `babel.support.Translations` (cached)
    negotiate(explicit, accept_language, cookie=None)
                                   `?lang=` first, then a cookie, then Accept-Language, then Arabic
    request_language(request, cookie=None)
                                   the same, read from a Starlette request (`cookie`: its name)
    install_gettext(env, domain)   newstyle gettext in a Jinja2 Environment: templates write
                                   `{{ _("Search") }}`, `{{ _("%(n)s stamps", n=3) }}` or
                                   `{% trans %}`; the language is the template variable `lang`

`make messages` extracts the marked messages of every domain (see `babel.cfg` and
`app/i18n/extract.py`), updates both catalogues and fills the English msgstr; the Arabic
translations are written by hand in the `.po` files.
"""

from __future__ import annotations

from app.i18n.catalogues import DOMAINS, N_, Domain, translations
from app.i18n.jinja import install_gettext
from app.i18n.negotiation import (
    DEFAULT_LANG,
    LANGS,
    LANGUAGE_NAMES,
    negotiate,
    request_language,
)

__all__ = [
    "DEFAULT_LANG",
    "DOMAINS",
    "LANGS",
    "LANGUAGE_NAMES",
    "N_",
    "Domain",
    "install_gettext",
    "negotiate",
    "request_language",
    "translations",
]

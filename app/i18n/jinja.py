"""Newstyle gettext for Jinja2 templates, the language taken from each render's `lang`.

One Environment serves both languages at once (threads render Arabic and English pages side by
side), so the gettext callables read the language from the template context instead of being
swapped per request.
"""

from __future__ import annotations

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from app.i18n.catalogues import translations
from app.i18n.negotiation import DEFAULT_LANG, LANGS


def _lang(context: Context) -> str:
    lang = context.get("lang")
    return lang if lang in LANGS else DEFAULT_LANG


def install_gettext(env: Environment, domain: str) -> None:
    """Add `jinja2.ext.i18n` to `env` with `domain`'s translations, newstyle (`%(name)s`
    placeholders are filled and autoescaped by Jinja)."""

    @pass_context
    def gettext(context: Context, message: str) -> str:
        return translations(_lang(context), domain).gettext(message)

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, n: int) -> str:
        return translations(_lang(context), domain).ngettext(singular, plural, n)

    @pass_context
    def pgettext(context: Context, msgctxt: str, message: str) -> str:
        return str(translations(_lang(context), domain).pgettext(msgctxt, message))

    @pass_context
    def npgettext(context: Context, msgctxt: str, singular: str, plural: str, n: int) -> str:
        return str(translations(_lang(context), domain).npgettext(msgctxt, singular, plural, n))

    translations(DEFAULT_LANG, domain)  # an unknown domain fails here, not on a page
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the extension
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )

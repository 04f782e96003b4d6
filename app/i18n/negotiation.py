"""Which language a page is shown in: the person's explicit choice before the browser's."""

from __future__ import annotations

from starlette.requests import Request

LANGS = ("ar", "en")
DEFAULT_LANG = "ar"
# Each language's name in itself, for the switch to it (not translated: a reader looks for it).
LANGUAGE_NAMES = {"ar": "العربية", "en": "English"}


def negotiate(explicit: str | None, accept_language: str | None, cookie: str | None = None) -> str:
    """`?lang=` when given, else a language cookie, else the best of ar/en in
    Accept-Language (highest q, the earlier on a tie), else Arabic."""
    for chosen in (explicit, cookie):
        if chosen in LANGS:
            return chosen
    best, best_q = DEFAULT_LANG, -1.0
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGS:
            continue
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        score = q - position * 1e-6  # earlier wins a tie
        if q > 0 and score > best_q:
            best, best_q = primary, score
    return best


def request_language(request: Request, cookie: str | None = None) -> str:
    """The language of a request: `?lang=`, the cookie named `cookie` (if any), the header."""
    return negotiate(
        request.query_params.get("lang"),
        request.headers.get("accept-language"),
        request.cookies.get(cookie) if cookie else None,
    )

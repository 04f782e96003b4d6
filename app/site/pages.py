"""`GET /`: a page that leads a person to the public catalogue or to the staff studio.

Server-rendered with Jinja2 in the gettext domain `site`, in the language of `?lang=`, else the
browser's Accept-Language, else Arabic (the catalogue keeps a choice the same way: every link
it writes carries `lang=`, so nothing is stored on the visitor's side). The page has no data
behind it, so its ETag is the templates' and the stylesheet's hash and the language.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.catalogue.web import conditional, etag_for
from app.i18n import LANGS, LANGUAGE_NAMES, install_gettext, request_language

HERE = Path(__file__).resolve().parent
STYLESHEET = (HERE / "static" / "site.css").read_bytes()
STYLESHEET_ETAG = f'"{hashlib.sha256(STYLESHEET).hexdigest()[:32]}"'
_ENV = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html", "xml"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
install_gettext(_ENV, "site")
TEMPLATES_TOKEN = hashlib.sha256(
    b"".join(p.read_bytes() for p in sorted((HERE / "templates").glob("*"))) + STYLESHEET
).hexdigest()[:12]
PAGE_CACHE_CONTROL = "public, max-age=300"

router = APIRouter(tags=["site"], include_in_schema=False)


def _root(request: Request) -> str:
    """The sub-path the service is served under (`stamps serve --root-path`), no trailing `/`."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def render_home(lang: str, root: str = "") -> bytes:
    """The front page in `lang` (ar or en), every link starting with `root`."""
    other = "en" if lang == "ar" else "ar"
    keep = "?" + urlencode({"lang": lang})
    return (
        _ENV.get_template("home.html")
        .render(
            lang=lang,
            dir="rtl" if lang == "ar" else "ltr",
            root=root,
            other_lang=other,
            other_lang_name=LANGUAGE_NAMES[other],
            other_lang_url=f"{root}/?{urlencode({'lang': other})}",
            catalogue_url=f"{root}/catalogue{keep}",
            studio_url=f"{root}/studio/{keep}",
            docs_url=f"{root}/docs",
        )
        .encode()
    )


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def home(
    request: Request, lang: Annotated[str | None, Query(pattern="^(ar|en)$")] = None
) -> Response:
    """The front door, in the visitor's language; `?lang=` other than ar or en is a 422."""
    language = request_language(request)
    root = _root(request)
    etag = etag_for("home", TEMPLATES_TOKEN, language, root)
    return conditional(
        request,
        etag,
        lambda: HTMLResponse(render_home(language, root)),
        cache_control=PAGE_CACHE_CONTROL,
        vary=None if lang in LANGS else "Accept-Language",
    )


@router.api_route("/static/site.css", methods=["GET", "HEAD"])
def stylesheet(request: Request) -> Response:
    return conditional(
        request,
        STYLESHEET_ETAG,
        lambda: Response(STYLESHEET, media_type="text/css; charset=utf-8"),
        cache_control="public, max-age=86400",
    )

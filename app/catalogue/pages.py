"""Server-rendered catalogue pages: Arabic right to left, English left to right, no JavaScript.

The same reads as the JSON API (`search.find`, `queries.py`), rendered with Jinja2. Bodies are
kept in the app's `CatalogueCache` per catalogue revision and request, and every page carries
an ETag answered with 304.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.administrations import seed
from app.administrations import service as administration_service
from app.catalogue import queries, upcoming, views
from app.catalogue.cache import CatalogueCache
from app.catalogue.i18n import VOCABULARY
from app.catalogue.revision import CatalogueCacheDep, cache_of, current_revision, fresh_revision
from app.catalogue.schemas import PRODUCT_KINDS, EntryOut
from app.catalogue.search import find
from app.catalogue.web import (
    LANGS,
    cache_headers,
    conditional,
    etag_for,
    negotiate,
    not_modified,
)
from app.core.clock import Clock, ClockDep, clock_of
from app.core.db import ReaderDep, database_of
from app.core.deps import DesignsDirDep
from app.core.problems import Unprocessable
from app.core.settings import Settings
from app.designs.themes import ThemeList
from app.designs.themes import load as load_themes
from app.i18n import LANGUAGE_NAMES, install_gettext

HERE = Path(__file__).resolve().parent
STYLESHEET = (HERE / "static" / "catalogue.css").read_bytes()
STYLESHEET_ETAG = f'"{hashlib.sha256(STYLESHEET).hexdigest()[:32]}"'
_ENV = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html", "xml"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
install_gettext(_ENV, "catalogue")
TEMPLATES_TOKEN = hashlib.sha256(
    b"".join(p.read_bytes() for p in sorted((HERE / "templates").glob("*"))) + STYLESHEET
).hexdigest()[:12]

router = APIRouter(prefix="/catalogue", tags=["catalogue pages"])
PAGE_SIZE = 24


@dataclass(frozen=True)
class PageSources:
    """What rendering a list page reads: the database's read sessions, the designs folder,
    the app's catalogue cache."""

    readers: sessionmaker[Session]
    designs: Path
    cache: CatalogueCache
    clock: Clock


async def get_page_sources(request: Request) -> PageSources:
    """One dependency where `ReaderDep`, `DesignsDirDep` and `CatalogueCacheDep` would be
    three: the list page answers most requests from its cache, and there resolving them was
    most of the work.
    """
    settings: Settings = request.app.state.settings
    return PageSources(
        readers=database_of(request).reader,
        designs=settings.designs_dir,
        cache=cache_of(request),
        clock=clock_of(request),
    )


PageSourcesDep = Annotated[PageSources, Depends(get_page_sources)]


def latin_name(inscription: str) -> str:
    """`SULTANATE OF OMAN` → `Sultanate of Oman` (stamps print it in capitals)."""
    small = {"of", "the", "and", "de", "du"}
    words = inscription.lower().split()
    return " ".join(w if i and w in small else w.capitalize() for i, w in enumerate(words))


_ENV.filters["latin_name"] = latin_name


def money(minor: int, unit: str) -> str:
    return f"{minor:,} {unit}"


def _number(text: str | None, low: int, high: int) -> int | None:
    if text is None or not text.strip().isdigit():
        return None
    value = int(text)
    return value if low <= value <= high else None


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _render(template: str, **context: Any) -> bytes:
    return _ENV.get_template(template).render(**context).encode()


def root_of(request: Request) -> str:
    """The sub-path the service is served under (`stamps serve --root-path`), without a
    trailing slash: every link a page writes starts with it."""
    return str(request.scope.get("root_path", "")).rstrip("/")


@lru_cache(maxsize=4)
def _signers(designs: Path) -> tuple[tuple[str, str, str], ...]:
    """(code, Arabic name, English name) of every administration, for the footer's links to
    the certificates each signs its approvals with."""
    found = seed.read(designs / "administrations.json")
    return tuple((a.code, a.name.ar, a.name.en) for a in found)


def _common(
    lang: str,
    themes: ThemeList,
    path: str,
    params: dict[str, Any],
    root: str = "",
    designs: Path | None = None,
) -> dict[str, Any]:
    other = "en" if lang == "ar" else "ar"
    return {
        "signers": _signers(designs) if designs is not None else (),
        "root": root,
        "lang": lang,
        "dir": "rtl" if lang == "ar" else "ltr",
        **VOCABULARY,
        "language_names": LANGUAGE_NAMES,
        "other_lang": other,
        "themes": themes,
        "money": money,
        "other_lang_url": root + path + "?" + urlencode({**params, "lang": other}),
        "lang_q": "lang=" + lang,
    }


def _entry_view(entry: EntryOut, lang: str) -> dict[str, Any]:
    unit = entry.face_value.unit.name.ar if lang == "ar" else entry.face_value.unit.name.en
    return {
        "e": entry,
        "title": entry.title.ar if lang == "ar" else entry.title.en,
        "other_title": entry.title.en if lang == "ar" else entry.title.ar,
        "country": entry.inscription["ar"]
        if lang == "ar"
        else latin_name(entry.inscription["latin"]),
        "value": money(entry.face_value.minor, unit),
        "theme": entry.theme_detail.name.ar if lang == "ar" else entry.theme_detail.name.en,
    }


@router.get("/static/catalogue.css", include_in_schema=False)
def stylesheet(request: Request) -> Response:
    return conditional(
        request,
        STYLESHEET_ETAG,
        lambda: Response(STYLESHEET, media_type="text/css; charset=utf-8"),
        cache_control="public, max-age=86400",
    )


# The list page's filters: (name, longest value read). They are documented in the OpenAPI
# document but read straight from the query string: a form sends every field, and
# FastAPI's per-parameter validation cost more than the rest of a cached page.
LIST_FILTERS: tuple[tuple[str, int], ...] = (
    ("q", 200),
    ("administration", 2),
    ("year", 10),
    ("date_from", 10),
    ("date_to", 10),
    ("theme", 100),
    ("face_min", 12),
    ("face_max", 12),
    ("joint", 5),
    ("product", 30),
    ("sort", 10),
    ("cursor", 300),
)
_LIST_PARAMETERS = [
    {
        "name": "lang",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": list(LANGS)},
        "description": "The page's language; without it, Accept-Language chooses (Arabic first).",
    },
    *(
        {
            "name": name,
            "in": "query",
            "required": False,
            "schema": {"type": "string", "maxLength": longest},
            "description": "Empty or unreadable values mean any; too long is refused (422).",
        }
        for name, longest in LIST_FILTERS
    ),
]


def _language_asked(request: Request) -> str | None:
    """`?lang=` when given (ar or en); 422 for anything else."""
    lang = request.query_params.get("lang")
    if lang is not None and lang not in LANGS:
        raise Unprocessable("lang is ar or en", field="lang")
    return lang


def _filter_values(request: Request) -> dict[str, str | None]:
    """Each filter's value (None when absent or empty); 422 when longer than it may be."""
    query = request.query_params
    values: dict[str, str | None] = {}
    for name, longest in LIST_FILTERS:
        value = query.get(name)
        if value is not None and len(value) > longest:
            raise Unprocessable(f"{name} is longer than {longest} characters", field=name)
        values[name] = value or None
    return values


@router.get(
    "",
    response_class=HTMLResponse,
    openapi_extra={"parameters": _LIST_PARAMETERS},
)
async def catalogue_page(request: Request, sources: PageSourcesDep) -> Response:
    """The catalogue: search box, filters, thumbnails, and a link to the next page.

    A form sends its empty fields as empty strings; they mean "any", and a value that does not
    parse is ignored rather than turned into an error page.

    A page already rendered at the revision this process holds is answered here, on the event
    loop (browsing asks the same first pages again and again); any other goes to the thread
    pool to be read and rendered. `lang` is read here, not declared as a parameter: FastAPI
    inspects a declared parameter's type on every request, which cost more than answering
    from the cache.
    """
    lang = _language_asked(request)
    now = sources.clock.now()
    revision = fresh_revision(request, now)
    if revision is not None:
        language = negotiate(lang, request.headers.get("accept-language"))
        identity = _list_identity(request, revision, language)
        etag = etag_for("list", *identity)
        headers = cache_headers(etag, vary=None if lang else "Accept-Language")
        if not_modified(request, etag):
            return Response(status_code=304, headers=headers)
        body = sources.cache.page(("list", *identity))
        if body is not None:
            return HTMLResponse(body, headers=headers)
    return await run_in_threadpool(_list_page, request, sources, lang, now)


def _list_identity(request: Request, revision: str, language: str) -> tuple[object, ...]:
    """What a list page's body depends on: revision, templates, language and the query
    (as sent: parsing it again on every request would cost more than the cache saves)."""
    return (revision, TEMPLATES_TOKEN, language, request.scope["query_string"])


def _list_page(
    request: Request, sources: PageSources, lang: str | None, now: dt.datetime
) -> Response:
    """A list page read and rendered (or taken from the cache), with its ETag."""
    designs, readers, cache = sources.designs, sources.readers, sources.cache
    given = _filter_values(request)
    q, administration, year = given["q"], given["administration"], given["year"]
    date_from, date_to, theme = given["date_from"], given["date_to"], given["theme"]
    face_min, face_max, joint = given["face_min"], given["face_max"], given["joint"]
    product, sort, cursor = given["product"], given["sort"], given["cursor"]
    revision = current_revision(request, now)
    language = negotiate(lang, request.headers.get("accept-language"))
    identity = _list_identity(request, revision, language)
    vary = None if lang else "Accept-Language"

    def build() -> Response:
        def render() -> bytes:
            themes = load_themes(designs / "themes.json")
            filters = queries.Filters(
                now=now,
                q=q,
                administration=administration or None,
                year=_number(year, 1840, 2200),
                date_from=_date(date_from),
                date_to=_date(date_to),
                theme=theme or None,
                face_min=_number(face_min, 0, 10**9),
                face_max=_number(face_max, 0, 10**9),
                joint=True if joint in ("true", "on", "1") else None,
                product=product if product in PRODUCT_KINDS else None,
                sort=sort if sort in queries.SORTS else "newest",
            )
            with readers() as session:
                try:
                    rows, next_cursor = find.page(
                        session, filters, PAGE_SIZE, cursor, cache=cache, revision=revision
                    )
                except Unprocessable:  # a stale or edited link: start from the first page
                    rows, next_cursor = find.page(
                        session, filters, PAGE_SIZE, None, cache=cache, revision=revision
                    )
                entries = views.to_out(rows, queries.partners(session, rows, now=now), themes)
                administrations = queries.administrations(session, now)
            params = {k: v for k, v in request.query_params.items() if k not in ("lang", "cursor")}
            next_url = None
            if next_cursor:
                next_url = (
                    root_of(request)
                    + "/catalogue?"
                    + urlencode({**params, "lang": language, "cursor": next_cursor})
                )
            return _render(
                "list.html",
                **_common(
                    language,
                    themes,
                    "/catalogue",
                    dict(request.query_params),
                    root_of(request),
                    designs,
                ),
                entries=[_entry_view(e, language) for e in entries],
                f=filters,
                joint=filters.joint is True,
                administrations=administrations,
                product_kinds=PRODUCT_KINDS,
                next_url=next_url,
                first_url=(
                    root_of(request) + "/catalogue?" + urlencode({**params, "lang": language})
                )
                if cursor
                else None,
            )

        body = cache.page_or_render(("list", *identity), render)
        return HTMLResponse(body)

    return conditional(request, etag_for("list", *identity), build, vary=vary)


@router.get("/upcoming", response_class=HTMLResponse)
def upcoming_page(
    request: Request,
    designs: DesignsDirDep,
    readers: ReaderDep,
    cache: CatalogueCacheDep,
    clock: ClockDep,
    lang: Annotated[str | None, Query(pattern="^(ar|en)$")] = None,
) -> Response:
    """Issues to come that their administrations announced: titles, day and administrations,
    no image, description or face value (`upcoming.announced`)."""
    now = clock.now()
    language = negotiate(lang, request.headers.get("accept-language"))
    identity = (current_revision(request, now), TEMPLATES_TOKEN, language, root_of(request))

    def build() -> Response:
        def render() -> bytes:
            with readers() as session:
                items = upcoming.announced(session, now)
                names = {
                    a.code: (a.name_ar, a.name_en) for a in administration_service.list_all(session)
                }
            return _render(
                "upcoming.html",
                **_common(
                    language,
                    load_themes(designs / "themes.json"),
                    "/catalogue/upcoming",
                    dict(request.query_params),
                    root_of(request),
                    designs,
                ),
                items=items,
                names=names,
            )

        return HTMLResponse(cache.page_or_render(("upcoming", *identity), render))

    return conditional(
        request, etag_for("upcoming", *identity), build, vary=None if lang else "Accept-Language"
    )


@router.get("/{number}", response_class=HTMLResponse, responses={404: {"description": "Not found"}})
def stamp_page(
    number: str,
    request: Request,
    designs: DesignsDirDep,
    readers: ReaderDep,
    cache: CatalogueCacheDep,
    clock: ClockDep,
    lang: Annotated[str | None, Query(pattern="^(ar|en)$")] = None,
) -> Response:
    """One stamp: large preview, the joint issue side by side, products, technical data;
    404 for a scheduled stamp, as for a number never given."""
    now = clock.now()
    language = negotiate(lang, request.headers.get("accept-language"))
    identity = (current_revision(request, now), TEMPLATES_TOKEN, language, number)
    with readers() as session:
        entry = queries.by_number(session, number, now)  # 404 before any cache or ETag

        def build() -> Response:
            def render() -> bytes:
                themes = load_themes(designs / "themes.json")
                detail = views.detail(entry, *queries.detail_parts(session, entry, now), themes)
                partner_rows = queries.by_numbers(session, detail.joint_with, now)
                partners = views.to_out(
                    partner_rows, queries.partners(session, partner_rows, now=now), themes
                )
                return _render(
                    "detail.html",
                    **_common(
                        language,
                        themes,
                        f"/catalogue/{number}",
                        dict(request.query_params),
                        root_of(request),
                        designs,
                    ),
                    d=detail,
                    v=_entry_view(detail, language),
                    partners=[_entry_view(p, language) for p in partners],
                )

            body = cache.page_or_render(("detail", *identity), render)
            return HTMLResponse(body)

        return conditional(
            request, etag_for("detail", *identity), build, vary=None if lang else "Accept-Language"
        )

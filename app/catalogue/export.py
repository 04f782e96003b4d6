"""The whole public catalogue as CSV (UTF-8 with BOM) and JSON, streamed; the Atom feed.

Exports walk the entries in id order in batches on their own read session, so memory stays flat
however large the catalogue is. Every row is a catalogue entry public at the app's clock: only
issued stamps exist there, and a scheduled one is left out until its release instant.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Annotated
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import select

from app.catalogue import queries, views
from app.catalogue.i18n import CATALOGUE
from app.catalogue.models import CatalogueEntry
from app.catalogue.revision import snapshot
from app.catalogue.schemas import EntryOut
from app.catalogue.web import conditional, etag_for, negotiate
from app.core.clock import ClockDep
from app.core.db import Database, ReadSessionDep, database_of
from app.core.deps import DesignsDirDep
from app.designs.themes import ThemeList
from app.designs.themes import load as load_themes

BATCH = 1000
EXPORT_CACHE_CONTROL = "public, max-age=300"
CSV_COLUMNS = [
    "number", "wns_number", "administration", "country_ar", "country_latin", "issue_date",
    "withdrawn_on", "title_ar", "title_en", "subject_ar", "subject_en", "theme", "theme_group",
    "face_value_minor", "unit_ar", "unit_en", "minor_per_major", "iso4217", "width_mm",
    "height_mm", "perforation", "perforation_kind", "perforation_h", "perforation_v",
    "printing_process", "printer", "quantity", "designer", "first_day_place_ar",
    "first_day_place_en", "michel", "scott", "sg", "yvert", "joint_issue_kind", "joint_with",
    "artwork_sha256",
]  # fmt: skip
FEED_SIZE = 50
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

router = APIRouter(prefix="/api/v1/catalogue", tags=["catalogue"])
feed_router = APIRouter(prefix="/catalogue", tags=["catalogue pages"])


def _batches(database: Database, themes: ThemeList, now: dt.datetime) -> Iterator[list[EntryOut]]:
    last_id = 0
    with database.reader() as session:
        while True:
            rows = list(
                session.scalars(
                    select(CatalogueEntry)
                    .where(CatalogueEntry.id > last_id, queries.public_at(now))
                    .order_by(CatalogueEntry.id)
                    .limit(BATCH)
                )
            )
            if not rows:
                return
            last_id = rows[-1].id
            yield views.to_out(rows, queries.partners(session, rows, now=now), themes)


def _csv_row(e: EntryOut) -> list[object]:
    p, refs = e.perforation_detail, e.references
    return [
        e.number, e.wns_number or "", e.administration, e.inscription["ar"],
        e.inscription["latin"], e.issue_date.isoformat(),
        e.withdrawn_on.isoformat() if e.withdrawn_on else "", e.title.ar, e.title.en,
        e.subject.ar, e.subject.en, e.theme, e.theme_detail.group, e.face_value.minor,
        e.face_value.unit.name.ar, e.face_value.unit.name.en, e.face_value.unit.minor_per_major,
        e.face_value.unit.iso4217 or "", e.size_mm.width, e.size_mm.height, e.perforation,
        p.kind, "" if p.horizontal is None else p.horizontal,
        "" if p.vertical is None else p.vertical, e.printing_process, e.printer, e.quantity,
        e.designer, e.first_day_place.ar, e.first_day_place.en, refs.michel or "",
        refs.scott or "", refs.sg or "", refs.yvert or "", e.joint_issue_kind,
        " ".join(e.joint_with), e.artwork_sha256,
    ]  # fmt: skip


def safe_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading quote.

    A title such as `=HYPERLINK(...)` would otherwise run when the export is opened (OWASP's
    CSV injection advice); numbers are written as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_stream(database: Database, themes: ThemeList, now: dt.datetime) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield b"\xef\xbb\xbf" + buffer.getvalue().encode()
    for batch in _batches(database, themes, now):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([safe_cell(c) for c in _csv_row(e)] for e in batch)
        yield buffer.getvalue().encode()


def json_stream(database: Database, themes: ThemeList, now: dt.datetime) -> Iterator[bytes]:
    yield b"["
    first = True
    for batch in _batches(database, themes, now):
        parts = [e.model_dump_json() for e in batch]
        yield (("" if first else ",") + ",".join(parts)).encode()
        first = False
    yield b"]"


@router.get("/export.csv", response_class=StreamingResponse)
def export_csv(
    request: Request, session: ReadSessionDep, designs: DesignsDirDep, clock: ClockDep
) -> Response:
    """Every public entry as CSV, UTF-8 with a BOM so spreadsheets read the Arabic."""
    themes = load_themes(designs / "themes.json")
    now = clock.now()
    return conditional(
        request,
        etag_for("csv", snapshot(session, now).key),
        lambda: StreamingResponse(
            csv_stream(database_of(request), themes, now),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="catalogue.csv"'},
        ),
        cache_control=EXPORT_CACHE_CONTROL,
    )


@router.get("/export.json", response_class=StreamingResponse)
def export_json(
    request: Request, session: ReadSessionDep, designs: DesignsDirDep, clock: ClockDep
) -> Response:
    """Every public entry as one JSON array of the entry objects the API returns."""
    themes = load_themes(designs / "themes.json")
    now = clock.now()
    return conditional(
        request,
        etag_for("json", snapshot(session, now).key),
        lambda: StreamingResponse(
            json_stream(database_of(request), themes, now),
            media_type="application/json",
            headers={"Content-Disposition": 'attachment; filename="catalogue.json"'},
        ),
        cache_control=EXPORT_CACHE_CONTROL,
    )


def atom(entries: list[CatalogueEntry], base_url: str, lang: str) -> bytes:
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    ET.SubElement(feed, f"{{{ns}}}title").text = CATALOGUE.tr(lang, "New stamps in the catalogue")
    ET.SubElement(feed, f"{{{ns}}}id").text = f"{base_url}catalogue/feed.atom"
    ET.SubElement(feed, f"{{{ns}}}link", {"rel": "self", "href": f"{base_url}catalogue/feed.atom"})
    ET.SubElement(feed, f"{{{ns}}}link", {"rel": "alternate", "href": f"{base_url}catalogue"})
    updated = max((e.public_from for e in entries), default=None)
    ET.SubElement(feed, f"{{{ns}}}updated").text = (
        updated.isoformat() if updated else "1970-01-01T00:00:00+00:00"
    )
    author = ET.SubElement(feed, f"{{{ns}}}author")
    ET.SubElement(author, f"{{{ns}}}name").text = "Joint Stamp Studio"
    for e in entries:
        item = ET.SubElement(feed, f"{{{ns}}}entry")
        page = f"{base_url}catalogue/{e.number}?lang={lang}"
        ET.SubElement(item, f"{{{ns}}}id").text = f"{base_url}catalogue/{e.number}"
        name = e.title_ar if lang == "ar" else e.title_en
        ET.SubElement(item, f"{{{ns}}}title").text = f"{e.number} — {name}"
        ET.SubElement(item, f"{{{ns}}}link", {"rel": "alternate", "href": page})
        ET.SubElement(item, f"{{{ns}}}updated").text = e.public_from.isoformat()
        ET.SubElement(item, f"{{{ns}}}published").text = e.public_from.isoformat()
        country = e.inscription_ar if lang == "ar" else e.inscription_latin
        unit = e.unit_name_ar if lang == "ar" else e.unit_name_en
        ET.SubElement(
            item, f"{{{ns}}}summary"
        ).text = f"{country} · {e.issue_date.isoformat()} · {e.face_value_minor} {unit}"
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body


@feed_router.get("/feed.atom", response_class=Response)
def feed(
    request: Request,
    session: ReadSessionDep,
    clock: ClockDep,
    lang: Annotated[str | None, Query(pattern="^(ar|en)$")] = None,
) -> Response:
    """The newest entries of the catalogue, as they became public, in an Atom feed: a
    scheduled stamp joins it at its release instant, dated then."""
    language = negotiate(lang, request.headers.get("accept-language"))
    base_url = str(request.base_url)
    now = clock.now()

    def build() -> Response:
        rows = list(
            session.scalars(
                select(CatalogueEntry)
                .where(queries.public_at(now))
                .order_by(CatalogueEntry.public_from.desc(), CatalogueEntry.id.desc())
                .limit(FEED_SIZE)
            )
        )
        return Response(atom(rows, base_url, language), media_type="application/atom+xml")

    return conditional(
        request,
        etag_for("feed", snapshot(session, now).key, language, base_url),
        build,
        cache_control=EXPORT_CACHE_CONTROL,
        vary=None if lang else "Accept-Language",
    )

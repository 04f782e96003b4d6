"""HTTP routes of the catalogue: issuing and corrections (staff) and the public read API.

The public routes read only catalogue tables; nothing of a proposal is reachable from them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import Response
from pydantic_core import to_json

from app.auth.deps import CurrentActor
from app.catalogue import images, queries, upcoming, views
from app.catalogue import service as catalogue
from app.catalogue.revision import CatalogueCacheDep, current_revision
from app.catalogue.schemas import (
    PRODUCT_KINDS,
    AnnouncementIn,
    AnnouncementOut,
    Bilingual,
    EntryDetail,
    EntryOut,
    EntryPage,
    ErratumIn,
    ErratumOut,
    IssueIn,
    References,
    ScheduledOut,
    UpcomingOut,
    WithdrawalIn,
)
from app.catalogue.search import find
from app.catalogue.web import IMAGE_CACHE_CONTROL, conditional, etag_for
from app.core.clock import ClockDep
from app.core.db import ReaderDep, ReadSessionDep, SessionDep
from app.core.deps import DesignsDirDep
from app.core.http import PROBLEMS
from app.core.problems import Unprocessable
from app.core.types import DbId, IsoDate
from app.designs.themes import load as load_themes
from app.flows import issue as flows
from app.storage.deps import StorageDep

staff_router = APIRouter(prefix="/api/v1/proposals", tags=["catalogue"], responses=PROBLEMS)
corrections_router = APIRouter(
    prefix="/api/v1/catalogue/stamps", tags=["catalogue"], responses=PROBLEMS
)
public_router = APIRouter(prefix="/api/v1/catalogue", tags=["catalogue"])
JSON_CACHE_CONTROL = "public, max-age=60"


@staff_router.post("/{proposal_id}/issue", status_code=status.HTTP_201_CREATED)
def issue_proposal(
    proposal_id: DbId,
    actor: CurrentActor,
    session: SessionDep,
    designs: DesignsDirDep,
    storage: StorageDep,
    body: IssueIn | None = None,
) -> list[EntryOut]:
    """Issue an approved proposal: one numbered entry per partner, linked as one joint issue."""
    entries = flows.issue(session, actor, proposal_id, body, designs_dir=designs, storage=storage)
    themes = load_themes(designs / "themes.json")
    out = views.to_out(entries, queries.partners(session, entries, now=None), themes)
    return out


@corrections_router.post("/{number}/withdrawal")
def withdraw_stamp(
    number: str, body: WithdrawalIn, actor: CurrentActor, session: SessionDep, clock: ClockDep
) -> dict[str, str]:
    """Withdraw a stamp from sale: it stays in the catalogue, marked with the date."""
    entry = catalogue.entry_for_update(session, actor, number, clock.now())
    catalogue.withdraw(session, entry, body.withdrawn_on)
    return {"number": number, "withdrawn_on": body.withdrawn_on.isoformat()}


@corrections_router.post("/{number}/errata", status_code=status.HTTP_201_CREATED)
def add_erratum(
    number: str,
    body: ErratumIn,
    actor: CurrentActor,
    session: SessionDep,
    designs: DesignsDirDep,
    clock: ClockDep,
) -> ErratumOut:
    """Correct a published entry; the correction is kept and shown with its date and reason."""
    entry = catalogue.entry_for_update(session, actor, number, clock.now())
    record = catalogue.correct(session, entry, body, load_themes(designs / "themes.json"))
    return ErratumOut(
        noted_on=record.noted_on,
        field=record.field,
        old_value=record.old_value,
        new_value=record.new_value,
        reason=Bilingual(ar=body.reason.ar, en=body.reason.en),
    )


@corrections_router.put("/{number}/references")
def set_references(
    number: str, body: References, actor: CurrentActor, session: SessionDep, clock: ClockDep
) -> References:
    """Other catalogues' numbers for the stamp (Michel, Scott, SG, Yvert), entered by hand."""
    entry = catalogue.entry_for_update(session, actor, number, clock.now())
    catalogue.set_references(session, entry, body)
    return body


@corrections_router.put("/{number}/announcement")
def announce_stamp(
    number: str, body: AnnouncementIn, actor: CurrentActor, session: SessionDep, clock: ClockDep
) -> AnnouncementOut:
    """Announce a scheduled stamp on the public upcoming list (titles and date only), or take
    it off; its own administration's admin decides."""
    entry = catalogue.entry_for_update(session, actor, number, clock.now())
    catalogue.announce(session, entry, body.announced)
    return AnnouncementOut(
        number=entry.number, announced=entry.announced, public_from=entry.public_from
    )


@public_router.get("/scheduled", responses=PROBLEMS)
def scheduled_stamps(
    actor: CurrentActor, session: ReadSessionDep, designs: DesignsDirDep, clock: ClockDep
) -> list[ScheduledOut]:
    """The stamps issued for a day still to come in joint issues of the caller's
    administration, whole, with when each becomes public; staff only."""
    rows = upcoming.scheduled_for(session, actor.administration_code, clock.now())
    themes = load_themes(designs / "themes.json")
    fields = views.fields_of(rows, queries.partners(session, rows, now=None), themes)
    return [
        ScheduledOut.model_validate({**f, "public_from": e.public_from, "announced": e.announced})
        for f, e in zip(fields, rows, strict=True)
    ]


@public_router.get("/upcoming", response_model=list[UpcomingOut])
def upcoming_issues(request: Request, readers: ReaderDep, clock: ClockDep) -> Response:
    """Issues to come that their administrations announced: titles, day of issue and the
    announcing administrations only, soonest first."""
    now = clock.now()
    etag = etag_for("upcoming", current_revision(request, now))

    def build() -> Response:
        with readers() as session:
            items = upcoming.announced(session, now)
        return Response(
            to_json([i.model_dump(mode="json") for i in items]), media_type="application/json"
        )

    return conditional(request, etag, build, cache_control=JSON_CACHE_CONTROL)


@public_router.get("/stamps", response_model=EntryPage)
def list_stamps(
    request: Request,
    readers: ReaderDep,
    cache: CatalogueCacheDep,
    designs: DesignsDirDep,
    clock: ClockDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    administration: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    year: Annotated[int | None, Query(ge=1840, le=2200)] = None,
    date_from: IsoDate | None = None,
    date_to: IsoDate | None = None,
    theme: Annotated[str | None, Query(max_length=100)] = None,
    face_min: Annotated[int | None, Query(ge=0, le=10**12, description="minor units")] = None,
    face_max: Annotated[int | None, Query(ge=0, le=10**12, description="minor units")] = None,
    joint: bool | None = None,
    product: Annotated[str | None, Query(max_length=30)] = None,
    sort: queries.Sort = "newest",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=300)] = None,
) -> Response:
    """Issued stamps, filtered and searched, newest first by default; pass `next_cursor` on."""
    if product is not None and product not in PRODUCT_KINDS:
        raise Unprocessable(f"product is one of {', '.join(PRODUCT_KINDS)}", field="product")
    now = clock.now()
    revision = current_revision(request, now)
    etag = etag_for("stamps", revision, request.url.query)
    filters = queries.Filters(
        now=now,
        q=q,
        administration=administration,
        year=year,
        date_from=date_from,
        date_to=date_to,
        theme=theme,
        face_min=face_min,
        face_max=face_max,
        joint=joint,
        product=product,
        sort=sort,
    )
    themes = load_themes(designs / "themes.json")

    def build() -> Response:
        with readers() as session:
            rows, next_cursor = find.page(
                session, filters, limit, cursor, cache=cache, revision=revision
            )
            items = views.fields_of(rows, queries.partners(session, rows, now=now), themes)
        # The shape of `EntryPage`, serialised as gathered (its tests validate it).
        body = to_json({"items": items, "next_cursor": next_cursor})
        return Response(body, media_type="application/json")

    return conditional(request, etag, build, cache_control=JSON_CACHE_CONTROL)


@public_router.get(
    "/stamps/{number}",
    response_model=EntryDetail,
    responses={404: {"description": "Not in the catalogue"}},
)
def get_stamp(
    number: str, request: Request, readers: ReaderDep, designs: DesignsDirDep, clock: ClockDep
) -> Response:
    """One issued stamp, with `joint_with` (its partner entries' numbers), products, errata;
    404 for a scheduled stamp, as for a number never given."""
    now = clock.now()
    with readers() as session:
        entry = queries.by_number(session, number, now)  # 404 before any ETag
        etag = etag_for("stamp", current_revision(request, now), number)
        themes = load_themes(designs / "themes.json")

        def build() -> Response:
            detail = views.detail(entry, *queries.detail_parts(session, entry, now), themes)
            return Response(detail.model_dump_json(), media_type="application/json")

        return conditional(request, etag, build, cache_control=JSON_CACHE_CONTROL)


@public_router.get(
    "/stamps/{number}/image",
    response_class=Response,
    responses={
        200: {"content": {"image/jpeg": {}, "image/png": {}}},
        404: {"description": "Not in the catalogue"},
    },
)
def stamp_image(
    number: str,
    request: Request,
    session: ReadSessionDep,
    storage: StorageDep,
    clock: ClockDep,
    size: images.Size = "thumb",
) -> Response:
    """The stamp's image with its inscriptions: thumb and preview (JPEG), full (PNG); 404 for
    a scheduled stamp, as for a number never given."""
    entry = queries.by_number(session, number, clock.now())
    ins = images.Inscriptions(
        number=entry.number,
        artwork_sha256=entry.artwork_sha256,
        country_ar=entry.inscription_ar,
        country_latin=entry.inscription_latin,
        face_value_minor=entry.face_value_minor,
        unit_ar=entry.unit_name_ar,
        unit_en=entry.unit_name_en,
        year=entry.year,
        width_mm=entry.width_mm,
        height_mm=entry.height_mm,
        gauge=entry.perforation_h,
    )
    etag = f'"{ins.fingerprint(size)[:32]}"'
    return conditional(
        request,
        etag,
        lambda: Response(images.cached(ins, size, storage)[0], media_type=images.MEDIA[size]),
        cache_control=IMAGE_CACHE_CONTROL,
    )

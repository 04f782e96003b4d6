"""Issuing and correcting: an approved proposal becomes one numbered entry per partner.

Entries are snapshots written here, at issue time; the public read path (`queries.py`) reads
only catalogue tables, so nothing of a draft can leak through a forgotten filter. Published
entries are never deleted: withdrawal dates them, corrections are errata kept beside them.
Every write bumps the catalogue revision, which keys the page cache and the ETags.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.administrations.models import Administration
from app.auth.service import Actor
from app.catalogue import numbering, perforation, release, revision
from app.catalogue.i18n import CATALOGUE, PRODUCT_NAMES
from app.catalogue.models import (
    CatalogueEntry,
    CatalogueRevision,
    Erratum,
    JointIssue,
    Product,
    ProductItem,
)
from app.catalogue.schemas import ErratumIn, IssueIn, ProductIn, References
from app.catalogue.search.document import FIELDS, entry_document
from app.core.base import utcnow
from app.core.problems import Conflict, Forbidden, NotFound, Unprocessable
from app.designs.formats import StampFormat
from app.designs.themes import ThemeList
from app.notifications import service as notifications
from app.proposals import dates, workflow
from app.proposals import service as proposals
from app.proposals.models import Proposal
from app.proposals.workflow import Action


def bump_revision(session: Session) -> None:
    """Mark the catalogue changed (in the caller's transaction; the row lock orders writers)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(CatalogueRevision).values(id=1, value=1)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=[CatalogueRevision.id], set_={"value": CatalogueRevision.value + 1}
        )
    )
    revision.mark_changed(session)


def search_document(entry: CatalogueEntry, themes: ThemeList | None) -> str:
    """Everything a person might type to find this stamp, normalised (`search.document`)."""
    fields = {name: getattr(entry, name) for name in (*FIELDS, "theme", "theme_group")}
    return entry_document(fields, themes)


def _products(
    session: Session,
    entries: list[CatalogueEntry],
    wanted: list[ProductIn] | None,
    stamp_format: StampFormat,
    joint_id: int,
) -> None:
    per_sheet = stamp_format.sheet_columns * stamp_format.sheet_rows
    specs = wanted or [
        ProductIn(kind="sheet", stamps_per_product=per_sheet),
        ProductIn(kind="first-day-cover", stamps_per_product=1),
    ]
    for entry in entries:
        for spec in specs:
            default = CATALOGUE.both(PRODUCT_NAMES[spec.kind])
            quantity = spec.quantity
            if quantity is None and spec.kind == "sheet":
                quantity = entry.quantity // spec.stamps_per_product
            product = Product(
                administration_code=entry.administration_code,
                joint_issue_id=joint_id,
                kind=spec.kind,
                title_ar=spec.title.ar if spec.title else default["ar"],
                title_en=spec.title.en if spec.title else default["en"],
                quantity=quantity,
                price_minor=entry.face_value_minor * spec.stamps_per_product,
            )
            session.add(product)
            session.flush()
            session.add(
                ProductItem(product_id=product.id, entry_id=entry.id, count=spec.stamps_per_product)
            )


def issue(
    session: Session,
    actor: Actor,
    proposal: Proposal,
    *,
    issue_date: dt.date | None,
    stamp_format: StampFormat,
    approved_proof_sha256: str,
    artwork_sha256: str,
    details: IssueIn | None = None,
    themes: ThemeList | None = None,
) -> list[CatalogueEntry]:
    """Issue an approved proposal (locked by the caller); returns the new entries."""
    workflow.next_status(proposal.status, Action.ISSUE)
    details = details or IssueIn()
    try:
        perf = perforation.parse(details.perforation or str(stamp_format.perforation))
    except ValueError as exc:
        raise Unprocessable(str(exc), field="perforation") from None
    issue_dates = [
        dates.check(issue_date, "issue_date")
        if issue_date is not None
        else dates.check(variant.issue_date, f"variants.{position}.issue_date")
        for position, variant in enumerate(proposal.variants)
    ]
    joint = JointIssue(proposal_id=proposal.id, kind=proposal.joint_kind)
    try:
        with session.begin_nested():
            session.add(joint)
    except IntegrityError:
        raise Conflict("This proposal has already been issued") from None
    admins = {
        a.id: a
        for a in session.scalars(
            select(Administration).where(
                Administration.id.in_([v.administration_id for v in proposal.variants])
            )
        )
    }
    place = details.first_day_place
    issued_at = utcnow()
    entries = []
    for variant, date in zip(proposal.variants, issue_dates, strict=True):
        admin = admins[variant.administration_id]
        seq, number = numbering.allocate_number(session, admin.code, date.year)
        entry = CatalogueEntry(
            number=number,
            administration_code=admin.code,
            year=date.year,
            seq=seq,
            joint_issue_id=joint.id,
            is_joint=len(proposal.variants) > 1,
            issue_date=date,
            title_ar=proposal.title_ar,
            title_en=proposal.title_en,
            description_ar=proposal.description_ar,
            description_en=proposal.description_en,
            theme=proposal.theme,
            theme_group=themes.group_of(proposal.theme) if themes else proposal.theme,
            inscription_ar=admin.inscription_ar,
            inscription_latin=admin.inscription_latin,
            face_value_minor=variant.face_value_minor,
            unit_name_ar=admin.unit_name_ar,
            unit_name_en=admin.unit_name_en,
            minor_per_major=admin.minor_per_major,
            iso4217=admin.iso4217,
            width_mm=stamp_format.width_mm,
            height_mm=stamp_format.height_mm,
            perforation=perf.label,
            perforation_kind=perf.kind,
            perforation_h=perf.horizontal,
            perforation_v=perf.vertical,
            printing_process=details.printing_process,
            printer=details.printer,
            designer=details.designer,
            first_day_place_ar=place.ar if place else "",
            first_day_place_en=place.en if place else "",
            quantity=variant.quantity,
            format=proposal.format,
            artwork_sha256=artwork_sha256,
            proof_sha256=approved_proof_sha256,
            created_at=issued_at,
            public_from=release.public_from(date, admin.time_zone, issued_at),
        )
        entry.search_text = search_document(entry, themes)
        entries.append(entry)
    session.add_all(entries)
    session.flush()
    _products(session, entries, details.products, stamp_format, joint.id)
    bump_revision(session)
    proposals.transition(
        session,
        actor,
        proposal,
        Action.ISSUE,
        "issued",
        {"numbers": [e.number for e in entries], "proof_sha256": approved_proof_sha256},
    )
    notifications.announce(
        session,
        "issued",
        proposals.about(proposal),
        actor_id=actor.user_id,
        by=actor.display_name,
        administration=actor.administration_code,
    )
    return entries


def entry_for_update(
    session: Session, actor: Actor, number: str, now: dt.datetime
) -> CatalogueEntry:
    """An entry its own administration's admin may correct; 404 when there is no such stamp,
    and for a scheduled one (not public at ``now``) to anyone outside its joint issue."""
    entry = session.scalar(
        select(CatalogueEntry).where(CatalogueEntry.number == number).with_for_update()
    )
    if entry is None or (
        entry.public_from > now and actor.administration_code not in partner_codes(session, entry)
    ):
        raise NotFound(f"No stamp {number} in the catalogue")
    if not actor.has("admin") or actor.administration_code != entry.administration_code:
        raise Forbidden("Only an administrator of the issuing administration corrects an entry")
    return entry


def partner_codes(session: Session, entry: CatalogueEntry) -> set[str]:
    """The administrations with an entry in this entry's joint issue (its own included)."""
    if entry.joint_issue_id is None:
        return {entry.administration_code}
    codes = session.scalars(
        select(CatalogueEntry.administration_code).where(
            CatalogueEntry.joint_issue_id == entry.joint_issue_id
        )
    )
    return {entry.administration_code, *codes}


def withdraw(session: Session, entry: CatalogueEntry, on: dt.date) -> CatalogueEntry:
    """Date the withdrawal from sale; the entry stays public, marked as withdrawn."""
    if entry.withdrawn_on is not None:
        raise Conflict(f"{entry.number} was already withdrawn on {entry.withdrawn_on}")
    if on < entry.issue_date:
        raise Unprocessable(
            "A stamp cannot be withdrawn before its issue date", field="withdrawn_on"
        )
    entry.withdrawn_on = on
    bump_revision(session)
    session.flush()
    return entry


def correct(
    session: Session, entry: CatalogueEntry, erratum: ErratumIn, themes: ThemeList | None
) -> Erratum:
    """Apply a correction and record it as an erratum with its date and reason."""
    field = erratum.field
    old = str(getattr(entry, field))
    value = erratum.value.strip()
    if field == "quantity":
        if not value.isdigit() or int(value) < 1:
            raise Unprocessable("The quantity is a positive whole number", field="value")
        entry.quantity = int(value)
    elif field == "perforation":
        try:
            perf = perforation.parse(value)
        except ValueError as exc:
            raise Unprocessable(str(exc), field="value") from None
        value = perf.label
        entry.perforation = perf.label
        entry.perforation_kind = perf.kind
        entry.perforation_h = perf.horizontal
        entry.perforation_v = perf.vertical
    else:
        if field.startswith("title") and not value:
            raise Unprocessable("A title cannot be empty", field="value")
        setattr(entry, field, value)
    if old == value:
        raise Conflict(f"{field} already reads {value!r}")
    entry.search_text = search_document(entry, themes)
    record = Erratum(
        entry_id=entry.id,
        noted_on=erratum.noted_on or dt.datetime.now(dt.UTC).date(),
        field=field,
        old_value=old,
        new_value=value,
        reason_ar=erratum.reason.ar,
        reason_en=erratum.reason.en,
    )
    session.add(record)
    bump_revision(session)
    session.flush()
    return record


def announce(session: Session, entry: CatalogueEntry, announced: bool) -> CatalogueEntry:
    """Put a scheduled stamp on the public list of upcoming issues, or take it off: only its
    titles, date and administration are shown there (`queries.upcoming`)."""
    entry.announced = announced
    bump_revision(session)
    session.flush()
    return entry


def set_references(session: Session, entry: CatalogueEntry, refs: References) -> CatalogueEntry:
    """Michel, Scott, Stanley Gibbons and Yvert numbers, as entered by hand."""
    entry.ref_michel, entry.ref_scott = refs.michel, refs.scott
    entry.ref_sg, entry.ref_yvert = refs.sg, refs.yvert
    bump_revision(session)
    session.flush()
    return entry

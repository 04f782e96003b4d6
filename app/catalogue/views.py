"""Public views of catalogue entries: the JSON shapes the API, pages and exports share.

Built from `CatalogueEntry` rows alone (and their joint-issue partners, products and errata),
never from proposals, so nothing that was not issued can reach a public view.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalogue.models import CatalogueEntry, Erratum, JointIssue, Product, ProductItem
from app.catalogue.schemas import (
    Bilingual,
    EntryDetail,
    EntryOut,
    ErratumOut,
    FaceValue,
    Images,
    PerforationOut,
    ProductOut,
    References,
    SizeMM,
    ThemeOut,
    Unit,
)
from app.catalogue.themes import ThemeList


def partners(
    session: Session, entries: list[CatalogueEntry]
) -> tuple[dict[int, list[tuple[int, str]]], dict[int, str]]:
    """Joint issue id → [(entry id, number)] of its entries, and joint issue id → kind."""
    joint_ids = {e.joint_issue_id for e in entries if e.joint_issue_id is not None}
    found: dict[int, list[tuple[int, str]]] = {}
    kinds: dict[int, str] = {}
    if joint_ids:
        for joint_id, kind, entry_id, number in session.execute(
            select(JointIssue.id, JointIssue.kind, CatalogueEntry.id, CatalogueEntry.number)
            .join(CatalogueEntry, CatalogueEntry.joint_issue_id == JointIssue.id)
            .where(JointIssue.id.in_(joint_ids))
            .order_by(CatalogueEntry.id)
        ):
            found.setdefault(joint_id, []).append((entry_id, number))
            kinds[joint_id] = kind
    return found, kinds


def image_urls(number: str) -> Images:
    base = f"/api/v1/catalogue/stamps/{number}/image?size="
    return Images.model_construct(
        thumb=base + "thumb", preview=base + "preview", full=base + "full"
    )


def _theme(themes: ThemeList | None, slug: str, group: str) -> ThemeOut:
    leaf = themes.get(slug) if themes else None
    parent = themes.get(group or slug) if themes else None
    return ThemeOut.model_construct(
        slug=slug,
        name=Bilingual.model_construct(ar=leaf.ar if leaf else slug, en=leaf.en if leaf else slug),
        group=group or slug,
        group_name=Bilingual.model_construct(
            ar=parent.ar if parent else group, en=parent.en if parent else group
        ),
    )


def to_out(
    session: Session, entries: list[CatalogueEntry], themes: ThemeList | None = None
) -> list[EntryOut]:
    """Public views of entries, with their joint-issue partners, in two queries.

    Built with `model_construct`: every value comes from a typed column, and validating
    thousands of nested models per export batch would dominate the export's time.
    """
    found, kinds = partners(session, entries)
    out = []
    for e in entries:
        joint = e.joint_issue_id
        perf_kind = e.perforation_kind or "comb"
        out.append(
            EntryOut.model_construct(
                number=e.number,
                wns_number=e.wns_number,
                administration=e.administration_code,
                issue_date=e.issue_date,
                withdrawn_on=e.withdrawn_on,
                year=e.year,
                title=Bilingual.model_construct(ar=e.title_ar, en=e.title_en),
                subject=Bilingual.model_construct(ar=e.description_ar, en=e.description_en),
                description=Bilingual.model_construct(ar=e.description_ar, en=e.description_en),
                theme=e.theme,
                theme_detail=_theme(themes, e.theme, e.theme_group),
                inscription={"ar": e.inscription_ar, "latin": e.inscription_latin},
                face_value=FaceValue.model_construct(
                    minor=e.face_value_minor,
                    unit=Unit.model_construct(
                        name=Bilingual.model_construct(ar=e.unit_name_ar, en=e.unit_name_en),
                        minor_per_major=e.minor_per_major,
                        iso4217=e.iso4217,
                    ),
                ),
                size_mm=SizeMM.model_construct(width=e.width_mm, height=e.height_mm),
                perforation=e.perforation,
                perforation_detail=PerforationOut.model_construct(
                    kind=perf_kind, horizontal=e.perforation_h, vertical=e.perforation_v
                ),
                printing_process=e.printing_process,
                printer=e.printer,
                designer=e.designer,
                first_day_place=Bilingual.model_construct(
                    ar=e.first_day_place_ar, en=e.first_day_place_en
                ),
                quantity=e.quantity,
                format=e.format,
                references=References.model_construct(
                    michel=e.ref_michel, scott=e.ref_scott, sg=e.ref_sg, yvert=e.ref_yvert
                ),
                joint_issue_kind=kinds.get(joint, "") if joint is not None else "",
                joint_with=[n for i, n in found.get(joint, []) if i != e.id]
                if joint is not None
                else [],
                artwork_sha256=e.artwork_sha256,
                images=image_urls(e.number),
            )
        )
    return out


def detail(session: Session, entry: CatalogueEntry, themes: ThemeList | None = None) -> EntryDetail:
    """One entry with its products (and the stamps each holds) and its errata."""
    base = to_out(session, [entry], themes)[0]
    product_ids = select(ProductItem.product_id).where(ProductItem.entry_id == entry.id)
    products = list(session.scalars(select(Product).where(Product.id.in_(product_ids))))
    contents: dict[int, dict[str, int]] = {}
    if products:
        for product_id, number, count in session.execute(
            select(ProductItem.product_id, CatalogueEntry.number, ProductItem.count)
            .join(CatalogueEntry, CatalogueEntry.id == ProductItem.entry_id)
            .where(ProductItem.product_id.in_([p.id for p in products]))
        ):
            contents.setdefault(product_id, {})[number] = count
    errata = session.scalars(
        select(Erratum).where(Erratum.entry_id == entry.id).order_by(Erratum.noted_on, Erratum.id)
    )
    return EntryDetail(
        **base.model_dump(),
        products=[
            ProductOut(
                kind=p.kind,
                title=Bilingual(ar=p.title_ar, en=p.title_en),
                quantity=p.quantity,
                price_minor=p.price_minor,
                stamps=contents.get(p.id, {}),
            )
            for p in sorted(products, key=lambda p: (p.kind != "sheet", p.id))
        ],
        errata=[
            ErratumOut(
                noted_on=x.noted_on,
                field=x.field,
                old_value=x.old_value,
                new_value=x.new_value,
                reason=Bilingual(ar=x.reason_ar, en=x.reason_en),
            )
            for x in errata
        ],
    )

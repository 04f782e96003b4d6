"""Scheduled stamps: the staff's view of them, and the public list of announced ones.

A stamp issued for a future date is scheduled (`release.py`) until its release instant. The
staff of the administrations in its joint issue see it whole, with when it becomes public; the
public sees only what an administration chose to announce (`CatalogueEntry.announced`), and of
that only the titles, the day of issue and the announcing administrations, grouped per joint
issue and day (an Arab Postal Day issue has a day per partner).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.catalogue.models import CatalogueEntry
from app.catalogue.schemas import Bilingual, UpcomingOut

UPCOMING_LIMIT = 200


def announced(session: Session, now: dt.datetime) -> list[UpcomingOut]:
    """The announced stamps not yet public at ``now``, soonest first."""
    e = CatalogueEntry.__table__.c
    rows = session.connection().execute(
        select(e.id, e.joint_issue_id, e.issue_date, e.title_ar, e.title_en, e.administration_code)
        .where(e.announced.is_(True), e.public_from > now)
        .order_by(e.issue_date, e.id)
        .limit(UPCOMING_LIMIT)
    )
    items: dict[tuple[object, dt.date], UpcomingOut] = {}
    for entry_id, joint_id, day, title_ar, title_en, code in rows:
        key = (("joint", joint_id) if joint_id is not None else ("entry", entry_id), day)
        item = items.get(key)
        if item is None:
            items[key] = UpcomingOut(
                title=Bilingual(ar=title_ar, en=title_en), issue_date=day, administrations=[code]
            )
        elif code not in item.administrations:
            item.administrations.append(code)
    return list(items.values())


def scheduled_for(session: Session, code: str, now: dt.datetime) -> list[CatalogueEntry]:
    """The stamps not yet public at ``now`` in whose joint issue administration ``code`` has an
    entry (its own included), soonest first."""
    own = aliased(CatalogueEntry)
    in_joint = select(own.joint_issue_id).where(
        own.administration_code == code, own.joint_issue_id.is_not(None)
    )
    return list(
        session.scalars(
            select(CatalogueEntry)
            .where(
                CatalogueEntry.public_from > now,
                (CatalogueEntry.administration_code == code)
                | CatalogueEntry.joint_issue_id.in_(in_joint),
            )
            .order_by(CatalogueEntry.public_from, CatalogueEntry.id)
        )
    )

"""Numbers given at issue never collide, whatever history the catalogue already holds."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.catalogue import numbering
from app.catalogue.models import CatalogueEntry
from app.core.db import Database
from app.proposals import dates

CODES = st.sampled_from(["PS", "OM", "EG"])
HISTORY = st.lists(st.tuples(CODES, st.integers(1900, 1999), st.integers(1, 3)), max_size=6)
ISSUES = st.lists(st.tuples(CODES, st.dates(*dates.window())), min_size=1, max_size=12)


def _entry(code: str, seq: int, number: str, day: dt.date) -> CatalogueEntry:
    return CatalogueEntry(
        number=number, administration_code=code, year=day.year, seq=seq, is_joint=False,
        issue_date=day, title_ar="طابع", title_en="A stamp", description_ar="",
        description_en="", theme="heritage", theme_group="heritage", inscription_ar="",
        inscription_latin="", face_value_minor=1, unit_name_ar="", unit_name_en="",
        minor_per_major=1000, width_mm=40, height_mm=30, perforation="13", perforation_h=13,
        perforation_v=13, quantity=1, format="standard-40x30", artwork_sha256="",
        proof_sha256="", search_text="",
        public_from=dt.datetime.combine(day, dt.time(0, 0), dt.UTC),
    )  # fmt: skip


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=HISTORY, issues=ISSUES)
def test_issued_numbers_are_distinct_beside_any_history(
    database: Database,
    history: list[tuple[str, int, int]],
    issues: list[tuple[str, dt.date]],
) -> None:
    with database.writer() as session:
        try:
            for code, year, count in history:  # records of the last century, numbered then
                for seq in range(1, count + 1):
                    number = numbering.format_number(code, seq, year)
                    if session.scalar(
                        select(CatalogueEntry).where(CatalogueEntry.number == number)
                    ):
                        continue
                    session.add(_entry(code, seq, number, dt.date(year, 6, 1)))
            session.flush()
            given_numbers = []
            for code, day in issues:
                seq, number = numbering.allocate_number(session, code, day.year)
                assert number == numbering.format_number(code, seq, day.year)
                session.add(_entry(code, seq, number, day))
                session.flush()  # the unique number constraint would refuse a second one
                given_numbers.append(number)
            assert len(set(given_numbers)) == len(given_numbers)
            numbers = session.scalars(select(CatalogueEntry.number)).all()
            assert len(set(numbers)) == len(numbers)
        finally:
            session.rollback()

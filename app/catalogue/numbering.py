"""Catalogue numbers in the UPU WNS style (`PS001.27`), allocated without gaps or duplicates.

`format_number` is pure. `allocate` bumps a per-(administration, year) counter with one
UPDATE … RETURNING, which takes the row lock: concurrent issuers queue, and a rolled-back
transaction gives its number back, so numbers stay gap-free.

The number carries two digits of the year, as DESIGN says. New issues are dated inside one
century (`app.proposals.dates`), where no two years share those digits; only the catalogue's
history can hold a number of the century before (`PS001.27` of 1927 beside a 2027 issue), and
`allocate_number` steps over such a number instead of giving it a second time.
"""

from __future__ import annotations

import re

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.catalogue.models import CatalogueEntry, NumberSequence

NUMBER_RE = re.compile(r"^(?P<code>[A-Z]{2})(?P<seq>\d{3,})\.(?P<yy>\d{2})$")


def format_number(code: str, seq: int, year: int) -> str:
    """`PS`, 1, 2027 → `PS001.27`."""
    if seq < 1:
        raise ValueError("sequence numbers start at 1")
    return f"{code}{seq:03d}.{year % 100:02d}"


def parse_number(number: str) -> tuple[str, int, int] | None:
    """`PS001.27` → ("PS", 1, 27); None when it is not a catalogue number."""
    match = NUMBER_RE.match(number)
    if match is None:
        return None
    return match["code"], int(match["seq"]), int(match["yy"])


def allocate(session: Session, code: str, year: int) -> int:
    """The next number for (code, year), inside the caller's transaction."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(NumberSequence)
        .values(administration_code=code, year=year, last_seq=0)
        .on_conflict_do_nothing()
    )
    seq: int | None = session.scalar(
        update(NumberSequence)
        .where(NumberSequence.administration_code == code, NumberSequence.year == year)
        .values(last_seq=NumberSequence.last_seq + 1)
        .returning(NumberSequence.last_seq)
    )
    if seq is None:  # pragma: no cover - the row was just ensured
        raise RuntimeError("number sequence row missing")
    return seq


def allocate_number(session: Session, code: str, year: int) -> tuple[int, str]:
    """The next (sequence, number) for (code, year) that no catalogue entry holds yet."""
    while True:
        seq = allocate(session, code, year)
        number = format_number(code, seq, year)
        taken = session.scalar(select(CatalogueEntry.id).where(CatalogueEntry.number == number))
        if taken is None:
            return seq, number

"""Search text: a word whose article follows a joined particle is indexed without them too.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30

Arabic writes و (and), ف (so), ب (with), ك (like) and ل (for) as part of the next word, so
`القلاع والحصون` holds `والحصون`, which neither `الحصون` nor `حصون` begins. Entries issued from
now on index those forms too (`search.article_forms`); this adds them to the search text of
the entries already in the catalogue. Both backends' indexes follow the text (PostgreSQL's
are expressions over it, SQLite's FTS5 tables have update triggers). The catalogue revision
moves on, because searches now answer differently and their ETags carry the revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# This migration's own copy of the rule, as it stood when it was written.
PARTICLES = ("وال", "فال", "بال", "كال", "لل")
BATCH = 1000


def with_particle_forms(search_text: str) -> str:
    """The search text with, after it, each word's forms without its particle (and article)."""
    words = search_text.split()
    known = set(words)
    extra: list[str] = []
    for word in words:
        for joined in PARTICLES:
            rest = word[len(joined) :]
            if word.startswith(joined) and len(rest) >= 3:
                for form in ("ال" + rest, rest):
                    if form not in known:
                        known.add(form)
                        extra.append(form)
                break
    return " ".join(words + extra)


def upgrade() -> None:
    bind = op.get_bind()
    read = sa.text(
        "SELECT id, search_text FROM catalogue_entries WHERE id > :after ORDER BY id LIMIT :n"
    )
    write = sa.text("UPDATE catalogue_entries SET search_text = :text WHERE id = :id")
    after = 0
    while rows := bind.execute(read, {"after": after, "n": BATCH}).all():
        after = rows[-1][0]
        changed = [
            {"id": entry_id, "text": new}
            for entry_id, text in rows
            if (new := with_particle_forms(text or "")) != (text or "")
        ]
        if changed:
            bind.execute(write, changed)
    bind.execute(sa.text("UPDATE catalogue_revisions SET value = value + 1"))


def downgrade() -> None:
    """Nothing to undo: the forms added are words like any other to the earlier search."""

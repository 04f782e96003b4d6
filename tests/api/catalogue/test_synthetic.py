"""`stamps demo --catalogue N`: a synthetic catalogue the search can rely on, on both backends.

The PostgreSQL search asks (administration, year) groups sized by their number sequences, so a
bulk load must leave every entry counted in its group's sequence, and the search indexes built.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.catalogue import queries, service
from app.catalogue.models import CatalogueEntry, NumberSequence
from app.catalogue.search import find, plan
from app.core.db import Database
from app.core.settings import PROJECT_ROOT
from app.demo import synthetic
from app.designs.themes import load
from tests.api.catalogue.records import LATER
from tests.database import TemplateDatabase

SEARCH_INDEXES = {"ix_catalogue_entries_search", "ix_catalogue_entries_search_groups"}


def test_bulk_load_counts_every_entry_in_its_sequence_and_builds_the_indexes(
    template_db: TemplateDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with template_db.fresh_copy(tmp_path) as url:
        database = Database.connect(url)
        try:
            themes = load(PROJECT_ROOT / "designs" / "themes.json")
            assert synthetic.generate(database.engine, 400, themes).entries == 400
            with database.reader() as session:
                e, seq = CatalogueEntry, NumberSequence
                groups = select(e.administration_code, e.year, func.count(), func.max(e.seq))
                counted = {
                    (code, year): (count, last)
                    for code, year, count, last in session.execute(
                        groups.group_by(e.administration_code, e.year)
                    )
                }
                sequences = select(seq.administration_code, seq.year, seq.last_seq)
                # Numbered without gaps: each group's size is its sequence's last number.
                assert counted == {
                    (code, year): (last, last) for code, year, last in session.execute(sequences)
                }
                if template_db.backend == "postgresql":
                    names = set(session.scalars(text("SELECT indexname FROM pg_indexes")))
                    assert names >= SEARCH_INDEXES

                filters = queries.Filters(now=LATER, q="طابع تذكاري", administration="PS")
                monkeypatch.setattr(plan, "FIRST_ENTRIES", 20)
                grouped, _ = find.page(session, filters, 10, None)
                monkeypatch.setattr(plan, "MAX_ASKS", 0)
                whole, _ = find.page(session, filters, 10, None)
                assert len(grouped) == 10
                assert [x.number for x in grouped] == [x.number for x in whole]

                # Indexed as issuing indexes a stamp: one function builds both documents.
                for entry in session.scalars(select(CatalogueEntry).limit(40)):
                    assert entry.search_text == service.search_document(entry, themes)
        finally:
            database.engine.dispose()

"""Every migration is reversible, and the migrated schema is exactly the models' (no drift).

Run on the suite's backend: SQLite, and PostgreSQL when the suite runs there, so each
backend-specific step (FTS5 tables, GIN indexes and their functions) goes down and up again.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, update

from app.administrations import seed
from app.catalogue import queries
from app.catalogue.models import CatalogueEntry
from app.catalogue.search import find
from app.cli.common import alembic_config
from app.core.db import Database, make_engine
from app.core.settings import PROJECT_ROOT
from tests.api.catalogue.records import LATER, add
from tests.database import TemplateDatabase


def _tables_and_indexes(url: str) -> dict[str, set[str]]:
    engine = make_engine(url)
    try:
        schema = inspect(engine)
        return {
            table: {str(index["name"]) for index in schema.get_indexes(table)}
            for table in schema.get_table_names()
        }
    finally:
        engine.dispose()


def test_down_to_nothing_and_up_again_without_drift(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    with template_db.empty_database(tmp_path) as url:
        config = alembic_config(url)
        migrated = _tables_and_indexes(url)
        command.downgrade(config, "base")
        assert set(_tables_and_indexes(url)) <= {"alembic_version"}
        command.upgrade(config, "head")
        assert _tables_and_indexes(url) == migrated
        command.check(config)  # raises when the models and the schema differ


def test_entries_already_issued_gain_the_particle_forms(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    """0012 adds `الحصون` and `حصون` to a search text holding `والحصون`, and moves the
    catalogue revision on (search answers change, and their ETags carry it)."""
    with template_db.empty_database(tmp_path) as url:
        config = alembic_config(url)
        database = Database.connect(url)
        try:
            with database.writer() as session:
                seed.load(session, PROJECT_ROOT / "designs" / "administrations.json")
                entry = add(session, "PS", "2027-03-01", "القلاع والحصون", "Castles and forts")
                earlier = "ps001 27 القلاع والحصون castles and forts قلاع"  # the 0011 rule
                session.execute(
                    update(CatalogueEntry)
                    .where(CatalogueEntry.id == entry.id)
                    .values(search_text=earlier)
                )
                session.commit()
                revision = queries.revision(session)
            database.engine.dispose()
            command.downgrade(config, "0011")  # the entry as issued before 0012
            command.upgrade(config, "head")
            with database.reader() as session:
                text = session.get_one(CatalogueEntry, entry.id).search_text
                assert text == earlier + " الحصون حصون"
                filters = queries.Filters(now=LATER, q="القلاع الحصون")
                rows, _ = find.page(session, filters, 10, None)
                assert [row.title_en for row in rows] == ["Castles and forts"]
                assert queries.revision(session) == revision + 1
        finally:
            database.engine.dispose()


def test_migration_files_list_in_revision_order() -> None:
    """A directory listing reads as the history: each file names its revision after its date."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    history = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    files = sorted((PROJECT_ROOT / "migrations" / "versions").glob("*.py"))
    assert [path.name.split("_")[1] for path in files] == history

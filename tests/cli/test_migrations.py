"""Every migration is reversible, and the migrated schema is exactly the models' (no drift).

Run on the suite's backend: SQLite, and PostgreSQL when the suite runs there, so each
backend-specific step (FTS5 tables, GIN indexes and their functions) goes down and up again.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from app.cli import alembic_config
from app.core.db import make_engine
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

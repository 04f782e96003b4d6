"""Test databases: a migrated template per run, on SQLite or PostgreSQL.

`TEST_DATABASE_URL` selects PostgreSQL (a fresh database is created on that server and dropped
afterwards); otherwise SQLite files in a temporary folder. The schema is built only through the
Alembic migrations, as production builds it.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.administrations import seed
from app.cli.common import alembic_config
from app.core.db import Database
from app.core.settings import PROJECT_ROOT


@dataclass
class TemplateDatabase:
    """A migrated, seeded database that tests copy or wrap in a transaction."""

    backend: str
    url: str
    server_url: str | None = None
    name: str | None = None

    @contextmanager
    def fresh_copy(self, folder: Path) -> Iterator[str]:
        """A committed-to copy for tests that need real transactions (races, CLI)."""
        if self.backend == "sqlite":
            target = folder / f"copy-{uuid.uuid4().hex[:8]}.db"
            shutil.copyfile(self.url.removeprefix("sqlite:///"), target)
            yield f"sqlite:///{target}"
            return
        assert self.server_url is not None
        name = f"jss_copy_{uuid.uuid4().hex[:10]}"
        admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}_pristine"'))
        try:
            yield make_url(self.server_url).set(database=name).render_as_string(False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    @contextmanager
    def empty_database(self, folder: Path) -> Iterator[str]:
        """A migrated database with no rows at all (a new installation before seeding)."""
        if self.backend == "sqlite":
            url = f"sqlite:///{folder / f'empty-{uuid.uuid4().hex[:8]}.db'}"
            command.upgrade(alembic_config(url), "head")
            yield url
            return
        assert self.server_url is not None
        name = f"jss_empty_{uuid.uuid4().hex[:10]}"
        admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(self.server_url).set(database=name).render_as_string(False)
        try:
            command.upgrade(alembic_config(url), "head")
            yield url
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def _seed(url: str) -> None:
    command.upgrade(alembic_config(url), "head")
    database = Database.connect(url)
    with database.writer() as session:
        seed.load(session, PROJECT_ROOT / "designs" / "administrations.json")
        session.commit()
    database.engine.dispose()


@contextmanager
def template(folder: Path) -> Iterator[TemplateDatabase]:
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        url = f"sqlite:///{folder / 'template.db'}"
        _seed(url)
        yield TemplateDatabase("sqlite", url)
        return
    if server.startswith("postgresql://"):
        server = "postgresql+psycopg://" + server.removeprefix("postgresql://")
    name = f"jss_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(False)
    try:
        _seed(url)
        # Copies are made from a twin nobody connects to: PostgreSQL refuses to copy a
        # template that has open connections, and the per-test engine keeps some open.
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}_pristine" TEMPLATE "{name}"'))
        yield TemplateDatabase("postgresql", url, server, name)
    finally:
        with admin.connect() as conn:
            for db in (name, f"{name}_pristine"):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
        admin.dispose()

"""Fixtures: a migrated template database per run, a rolled-back session per test, a client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.core.db import Database, make_engine
from app.core.settings import Settings
from app.main import create_app
from app.press import pdfx, preflight
from tests.api.catalogue.records import LATER
from tests.database import TemplateDatabase, template
from tests.factories import SECRET, Flow, Staff, make_staff


@pytest.fixture(autouse=True)
def press_files_pass_preflight(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every press PDF a test makes goes through our PDF/X-4 preflight, and must pass it."""
    finish = pdfx.finish

    def checked(*args: Any, **kwargs: Any) -> bytes:
        pdf = finish(*args, **kwargs)
        report = preflight.preflight(pdf)
        assert report.passed, "\n".join(report.lines("press PDF"))
        return pdf

    monkeypatch.setattr(pdfx, "finish", checked)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TemplateDatabase]:
    with template(tmp_path_factory.mktemp("db")) as db:
        yield db


@pytest.fixture(scope="session")
def engine(template_db: TemplateDatabase) -> Iterator[Engine]:
    engine = make_engine(template_db.url)
    yield engine
    engine.dispose()


@pytest.fixture
def settings(tmp_path: Path, template_db: TemplateDatabase) -> Settings:
    # The per-user review and render limits are tested on their own (tests/api/limits), with
    # the limits each test sets; tests that repeat many requests must not meet them. The
    # catalogue's clock stands after every issue date the tests use (`records.LATER`), so a
    # test sees what it issues; the embargo's tests set it (tests/api/catalogue/test_embargo.py).
    return Settings(
        env="test",
        data_dir=tmp_path,
        database_url=template_db.url,
        secret_key=SECRET,
        review_limit=100_000,
        render_limit=100_000,
        catalogue_now=LATER,
    )


@pytest.fixture
def database(engine: Engine) -> Iterator[Database]:
    """Every session of the test joins one outer transaction, rolled back at the end."""
    with engine.connect() as connection:
        outer = connection.begin()
        factory = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        yield Database(engine=engine, writer=factory, reader=factory)
        outer.rollback()


@pytest.fixture
def db(database: Database) -> Iterator[Session]:
    with database.writer() as session:
        yield session


@pytest.fixture
def client(settings: Settings, database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database)) as client:
        yield client


@pytest.fixture
def staff(db: Session) -> Staff:
    return make_staff(db)


@pytest.fixture
def flow(client: TestClient, staff: Staff) -> Flow:
    return Flow(client, staff)


@pytest.fixture
def backend(template_db: TemplateDatabase) -> str:
    return template_db.backend

"""Property-based fuzzing of the API from its own OpenAPI document (Schemathesis).

Every operation is called with generated requests, anonymously and as a partner designer:
no 5xx, responses conform to the documented status codes, schemas, headers and content types,
and requests outside the schema (unknown fields, wrong types) are refused. The
schema is loaded once from an application whose database and storage each test rebinds to
its own rolled-back transaction.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from app.core.db import Database
from app.core.settings import Settings
from app.main import create_app
from app.storage.local import LocalStorage
from tests.factories import SECRET, Flow

EXAMPLES = 10
# Schema-valid is not always valid: partners must exist and differ, formats must be known.
# Those business refusals (422) are expected, so the acceptance check is left out; every
# other check runs, including that requests outside the schema are refused.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]
# An upload decodes the image and makes its previews: on a loaded two-core machine that
# can outlast schemathesis' default of 10 s, a false failure rather than a slow service.
TIMEOUT = 120
APP = create_app(Settings(env="test", database_url="sqlite://", secret_key=SECRET))
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP  # calls go to the application in-process (it is bound to a test's database)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@pytest.fixture
def bound(settings: Settings, database: Database, flow: Flow) -> Flow:
    """Point the fuzzed application at this test's database, files and settings."""
    APP.state.database = database
    APP.state.storage = LocalStorage(settings.storage_dir)
    APP.state.settings = settings
    return flow


def _opaque(case: schemathesis.Case[Any]) -> None:
    """Cursors are opaque tokens the server hands out: a generated one is never valid (its
    refusal is tested in the catalogue tests), so it is left out of schema-valid requests."""
    if case.query:
        case.query.pop("cursor", None)


@schema.parametrize()
@FUZZ
def test_anonymous(case: schemathesis.Case[Any], bound: Flow) -> None:
    assert bound is not None
    _opaque(case)
    case.call_and_validate(excluded_checks=EXCLUDED, timeout=TIMEOUT)


@schema.parametrize()
@FUZZ
def test_as_a_partner_designer(case: schemathesis.Case[Any], bound: Flow) -> None:
    if case.path_parameters and "proposal_id" in case.path_parameters:
        case.path_parameters["proposal_id"] = bound.create()
    _opaque(case)
    case.call_and_validate(
        headers=bound.staff.ps_designer.headers, excluded_checks=EXCLUDED, timeout=TIMEOUT
    )

"""Request logs: one line per request with its id, the id in the answer and on every line."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.core import logs
from tests.factories import Staff


class Lines(logging.Handler):
    """The JSON lines the service would write, kept in a list."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logs.JsonFormatter())
        self.addFilter(logs.RequestContextFilter())
        self.lines: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))

    def requests(self) -> list[dict[str, object]]:
        return [line for line in self.lines if line["logger"] == logs.REQUEST_LOGGER]


@pytest.fixture
def lines() -> Iterator[Lines]:
    handler = Lines()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)


def test_a_request_line_names_route_status_latency_user(
    client: TestClient, staff: Staff, lines: Lines
) -> None:
    answer = client.get("/api/v1/proposals/12345", headers=staff.ps_designer.headers)
    assert answer.status_code == 404
    rid = answer.headers["X-Request-ID"]
    (line,) = lines.requests()
    assert line["request_id"] == rid
    assert line["method"] == "GET"
    assert line["route"] == "/api/v1/proposals/{proposal_id}"
    assert line["path"] == "/api/v1/proposals/12345"
    assert line["status"] == 404
    assert isinstance(line["latency_ms"], float)
    assert line["user"] == staff.ps_designer.username
    assert line["administration"] == "PS"
    assert str(line["time"]).endswith("Z")
    assert answer.json()["request_id"] == rid


def test_the_callers_request_id_is_kept_and_a_bad_one_replaced(
    client: TestClient, lines: Lines
) -> None:
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})
    assert kept.headers["X-Request-ID"] == "lb-7f3a.42"
    replaced = client.get("/healthz", headers={"X-Request-ID": "bad id; with spaces"})
    assert replaced.headers["X-Request-ID"] != "bad id; with spaces"
    assert len(replaced.headers["X-Request-ID"]) == 32
    assert [line["request_id"] for line in lines.requests()] == [
        "lb-7f3a.42",
        replaced.headers["X-Request-ID"],
    ]
    assert "user" not in lines.requests()[0]


def test_every_line_written_while_handling_carries_the_id(client: TestClient, lines: Lines) -> None:
    app = client.app

    @app.get("/speaks")  # type: ignore[attr-defined, untyped-decorator]
    def speaks() -> dict[str, str]:
        logging.getLogger("app.somewhere").warning("deep in a service")
        return {}

    answer = client.get("/speaks")
    rid = answer.headers["X-Request-ID"]
    deep = [line for line in lines.lines if line["message"] == "deep in a service"]
    assert deep
    assert deep[0]["request_id"] == rid
    assert lines.requests()[0]["route"] == "/speaks"


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("get", "/no/such/page", {}, 404),
        ("delete", "/healthz", {}, 405),
        ("post", "/api/v1/proposals", {"content": b"{", "headers": {"content-type": "x"}}, 401),
        ("post", "/api/v1/auth/token", {"data": {"username": "x"}}, 422),
        ("post", "/api/v1/proposals", {"content": b"x" * 2_000_000}, 413),
    ],
)
def test_every_problem_body_names_the_request(
    client: TestClient, method: str, path: str, kwargs: dict[str, object], status: int
) -> None:
    answer = client.request(method, path, **kwargs)  # type: ignore[arg-type]
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["request_id"] == answer.headers["X-Request-ID"]


def test_an_unexpected_error_names_the_request_too(client: TestClient, lines: Lines) -> None:
    app = client.app

    @app.get("/breaks")  # type: ignore[attr-defined, untyped-decorator]
    def breaks() -> None:
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as quiet:
        answer = quiet.get("/breaks")
    assert answer.status_code == 500
    assert answer.json()["request_id"] == answer.headers["X-Request-ID"]
    assert lines.requests()[-1]["status"] == 500


def test_text_format_is_one_readable_line() -> None:
    record = logging.LogRecord("stamps.request", logging.INFO, "", 0, "GET / 200", (), None)
    record.request_id = "abc"
    record.status = 200
    text = logs.TextFormatter().format(record)
    assert "INFO" in text
    assert "[abc] GET / 200" in text
    assert "status=200" in text

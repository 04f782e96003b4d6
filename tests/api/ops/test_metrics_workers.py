"""`stamps serve --workers 2`: `/metrics` sums the samples of both server processes."""

from __future__ import annotations

from pathlib import Path

from app.core.db import Database
from tests.api.ops.test_metrics import sample
from tests.crash.server import running
from tests.database import TemplateDatabase

REQUESTS = 40


def test_two_server_processes_report_one_sum(template_db: TemplateDatabase, tmp_path: Path) -> None:
    with template_db.fresh_copy(tmp_path) as url:
        Database.connect(url).engine.dispose()
        with running(url, tmp_path / "data", workers=2) as server, server.client() as client:
            before = client.get("/metrics")
            assert before.status_code == 200
            for _ in range(REQUESTS):
                assert client.get("/api/v1/administrations").status_code == 200
            after = client.get("/metrics").text
            assert (tmp_path / "data" / "metrics").is_dir()
            assert any((tmp_path / "data" / "metrics").glob("counter_*.db"))
    labels = {"method": "GET", "route": "/api/v1/administrations", "status": "200"}
    counted = sample(after, "stamps_http_requests_total", **labels)
    assert counted - sample(before.text, "stamps_http_requests_total", **labels) == REQUESTS
    assert sample(after, "stamps_db_pool_size") >= 2

"""`/metrics`: Prometheus text with requests, proof renders, queues and the pool; loopback only."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from app.core import metrics
from tests.factories import Flow, Staff


def scrape(app: FastAPI, address: str = "127.0.0.1") -> tuple[int, str]:
    with TestClient(app, client=(address, 50123)) as local:
        answer = local.get("/metrics")
    return answer.status_code, answer.text


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the exposition (0 when absent)."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and all(found.labels.get(k) == v for k, v in labels.items()):
                return float(found.value)
    return 0.0


def test_requests_are_counted_per_route_template_and_status(
    client: TestClient, staff: Staff
) -> None:
    route = "/api/v1/proposals/{proposal_id}"
    app = client.app
    assert isinstance(app, FastAPI)
    _, before = scrape(app)
    for number in (111111, 222222):
        client.get(f"/api/v1/proposals/{number}", headers=staff.ps_designer.headers)
    status, after = scrape(app)
    assert status == 200
    labels = {"method": "GET", "route": route, "status": "404"}
    counted = sample(after, "stamps_http_requests_total", **labels)
    assert counted - sample(before, "stamps_http_requests_total", **labels) == 2
    assert sample(after, "stamps_http_request_duration_seconds_count", **labels) >= 2
    assert "/api/v1/proposals/111111" not in after


def test_proof_renders_queue_and_pool_are_reported(client: TestClient, staff: Staff) -> None:
    flow = Flow(client, staff)
    app = client.app
    assert isinstance(app, FastAPI)
    _, before = scrape(app)
    pid = flow.create()
    flow.upload(pid)
    answer = client.get(f"/api/v1/proposals/{pid}/proof.pdf", headers=staff.ps_designer.headers)
    assert answer.status_code == 200
    _, after = scrape(app)
    renders = sample(after, "stamps_proof_render_seconds_count", kind="review")
    assert renders - sample(before, "stamps_proof_render_seconds_count", kind="review") == 1
    assert re.search(r"^stamps_jobs_queued\{queue=\"mail\",state=\"queued\"\} ", after, re.M)
    assert re.search(r"^stamps_jobs_failed\{queue=\"mail\"\} 0\.0$", after, re.M)
    assert re.search(r"^stamps_db_pool_in_use ", after, re.M)
    assert sample(after, "stamps_db_pool_size") >= 1


def test_metrics_are_refused_to_other_addresses(client: TestClient) -> None:
    app = client.app
    assert isinstance(app, FastAPI)
    status, text = scrape(app, "203.0.113.9")
    assert status == 403
    assert "STAMPS_METRICS_ALLOW" in text
    assert client.get("/metrics").status_code == 403  # the test client's "testclient" host
    assert scrape(app, "::1")[0] == 200


def test_configured_networks_are_let_in() -> None:
    assert metrics.allowed("10.1.2.3", ["10.0.0.0/8"])
    assert not metrics.allowed("10.1.2.3", ["127.0.0.1/32"])
    assert not metrics.allowed("not-an-address", ["0.0.0.0/0"])

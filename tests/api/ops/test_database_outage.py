"""PostgreSQL goes away (a TCP proxy between the service and the server is cut): every
request answers 503 with Retry-After, nothing is written, and the service recovers by itself
when the proxy is restored."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from app.core.db import Database
from app.core.settings import Settings
from app.main import create_app
from tests.database import TemplateDatabase
from tests.factories import SECRET, Flow, make_staff
from tests.support.tcp_proxy import proxy_to


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_an_outage_answers_503_and_recovers(template_db: TemplateDatabase, tmp_path: Path) -> None:
    if template_db.backend != "postgresql":
        pytest.skip("an outage of a database server (SQLite is a file in the process)")
    with template_db.fresh_copy(tmp_path) as url:
        direct = Database.connect(url)
        with direct.writer() as session:
            staff = make_staff(session)
        direct.engine.dispose()
        server = make_url(url)
        with proxy_to(server.host or "127.0.0.1", server.port or 5432) as proxy:
            proxied = server.set(host="127.0.0.1", port=proxy.port).render_as_string(False)
            data = tmp_path / "data"
            settings = Settings(env="test", data_dir=data, database_url=proxied, secret_key=SECRET)
            database = Database.connect(proxied)
            with TestClient(create_app(settings, database)) as client:
                flow = Flow(client, staff)
                pid = flow.in_review()
                sha = flow.proof_sha(pid)
                assert client.get("/readyz").status_code == 200
                before = _files(data)

                proxy.cut()
                down = {
                    "catalogue": client.get("/api/v1/catalogue/stamps"),
                    "page": client.get("/catalogue?lang=ar"),
                    "proposal": client.get(
                        f"/api/v1/proposals/{pid}", headers=staff.ps_designer.headers
                    ),
                    "review": client.post(
                        f"/api/v1/proposals/{pid}/reviews",
                        json={"decision": "approve", "proof_sha256": sha, "password": "x" * 12},
                        headers=staff.om_approver.headers,
                    ),
                    "keyed review": client.post(
                        f"/api/v1/proposals/{pid}/reviews",
                        json={"decision": "approve", "proof_sha256": sha, "password": "x" * 12},
                        headers={**staff.om_approver.headers, "Idempotency-Key": "outage-1"},
                    ),
                    "login": client.post(
                        "/api/v1/auth/token", data={"username": "x", "password": "y"}
                    ),
                }
                for what, r in down.items():
                    assert r.status_code == 503, (what, r.status_code, r.text)
                    assert r.headers["retry-after"].isdigit(), what
                    if r.headers["content-type"].startswith("application/problem+json"):
                        assert r.json()["type"].endswith("/database-unavailable"), what
                ready = client.get("/readyz")
                assert ready.status_code == 503
                assert ready.json()["database"] != "ok"
                assert ready.json()["storage"] == "ok"
                assert _files(data) == before

                proxy.restore()
                assert client.get("/readyz").status_code == 200
                assert client.get("/api/v1/catalogue/stamps").status_code == 200
                r = flow.review(pid, staff.om_approver)
                assert r.status_code == 201, r.text
            database.engine.dispose()

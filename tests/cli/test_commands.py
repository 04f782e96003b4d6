"""The `stamps` command on a real, committed database: migrate, demo, users, audit."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

from app.core.clock import Clock
from app.core.db import Database
from app.core.settings import PROJECT_ROOT, Settings
from app.main import create_app
from tests.api.catalogue.records import LATER
from tests.crash.server import running
from tests.database import TemplateDatabase


def _stamps(url: str, data_dir: Path, *args: str, stdin: str = "") -> str:
    env = {**os.environ, "DATABASE_URL": url, "STAMPS_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=PROJECT_ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_demo_takes_the_joint_issue_to_the_catalogue(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    with template_db.fresh_copy(tmp_path) as url:
        assert "issued" in _stamps(url, tmp_path, "demo")
        assert "issued" in _stamps(url, tmp_path, "demo")  # idempotent
        assert "intact" in _stamps(url, tmp_path, "audit", "verify")
        out = _stamps(
            url,
            tmp_path,
            "users",
            "add",
            "eg-second-admin",
            "-a",
            "EG",
            "-r",
            "admin",
            "--password",
            "another long password",
        )
        assert "EG" in out
        database = Database.connect(url)
        settings = Settings(env="test", data_dir=tmp_path, database_url=url)
        try:
            app = create_app(settings, database)
            clock: Clock = app.state.clock
            with TestClient(app) as client:
                # Scheduled for 1 March 2027 and announced: on the upcoming list until then.
                clock.set(dt.datetime(2027, 2, 1, tzinfo=dt.UTC))
                assert client.get("/api/v1/catalogue/stamps").json()["items"] == []
                coming = client.get("/api/v1/catalogue/upcoming").json()
                assert [(c["issue_date"], c["administrations"]) for c in coming] == [
                    ("2027-03-01", ["PS", "OM"])
                ]
                clock.set(LATER)
                items = client.get("/api/v1/catalogue/stamps").json()["items"]
                assert sorted(i["number"] for i in items) == ["OM001.27", "PS001.27"]
                token = client.post(
                    "/api/v1/auth/token",
                    data={"username": "om-approver", "password": "stamps-demo"},
                ).json()["access_token"]
                me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
                assert me.json()["administration"] == "OM"
        finally:
            database.engine.dispose()


def test_several_workers_share_one_installation(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    """Two worker processes starting at once on a new data folder make one sealing key."""
    with template_db.fresh_copy(tmp_path) as url, running(url, tmp_path / "data", 2) as server:
        with server.client() as client:
            for _ in range(20):
                assert client.get("/api/v1/catalogue/stamps").status_code == 200
        deadline = time.monotonic() + 60
        while server.log.read_text().count("Application startup complete") < 2:
            assert time.monotonic() < deadline, server.log.read_text()
            time.sleep(0.1)
        keys = sorted(path.name for path in (tmp_path / "data" / "keys").iterdir())
        assert keys == ["seal-cert.pem", "seal-key.pem", "seal-key.pem.lock"], keys

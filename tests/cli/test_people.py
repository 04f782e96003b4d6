"""`stamps users deactivate|reactivate|roles|list` on a real, committed database: the same
rules as the API (tokens stop, the last admin stays), refusals in one line, exit status 1."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.core.db import Database
from app.core.settings import Settings
from app.main import create_app
from tests.commands import stamps_on
from tests.database import TemplateDatabase

PASSWORD = "another long password"


_stamps = stamps_on


def _ok(url: str, data_dir: Path, *args: str) -> str:
    done = _stamps(url, data_dir, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_deactivate_roles_and_the_last_admin_from_the_command_line(
    template_db: TemplateDatabase, tmp_path: Path
) -> None:
    with template_db.fresh_copy(tmp_path) as url:
        for name, role in (("om-boss", "admin"), ("om-checker", "approver")):
            _ok(url, tmp_path, "users", "add", name, "-a", "OM", "-r", role, "--password", PASSWORD)
        database = Database.connect(url)
        settings = Settings(env="test", data_dir=tmp_path, database_url=url)
        try:
            with TestClient(create_app(settings, database)) as client:
                token = client.post(
                    "/api/v1/auth/token", data={"username": "om-checker", "password": PASSWORD}
                ).json()["access_token"]
                headers = {"Authorization": f"Bearer {token}"}
                assert client.get("/api/v1/me", headers=headers).status_code == 200

                out = _ok(url, tmp_path, "users", "deactivate", "om-checker")
                assert "om-checker: deactivated" in out
                assert client.get("/api/v1/me", headers=headers).status_code == 401
                listed = _ok(url, tmp_path, "users", "list", "-a", "OM")
                assert "om-checker\tOM\tapprover\tdeactivated" in listed
                assert "om-boss\tOM\tadmin\tactive" in listed

                _ok(url, tmp_path, "users", "reactivate", "om-checker")
                out = _ok(
                    url, tmp_path, "users", "roles", "om-checker", "--set", "designer,approver"
                )
                assert "roles approver, designer" in out
                token = client.post(
                    "/api/v1/auth/token", data={"username": "om-checker", "password": PASSWORD}
                ).json()["access_token"]
                me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
                assert me.json()["roles"] == ["approver", "designer"]

                last = _stamps(url, tmp_path, "users", "deactivate", "om-boss")
                assert last.returncode == 1
                assert "last active administrator of OM" in last.stderr
                assert "Traceback" not in last.stderr
                bad = _stamps(url, tmp_path, "users", "roles", "om-checker", "--set", "king")
                assert bad.returncode == 2, bad.stderr
                nobody = _stamps(url, tmp_path, "users", "deactivate", "nobody")
                assert nobody.returncode == 1
                assert "no user 'nobody'" in nobody.stderr
            with database.reader() as session:
                kinds = list(
                    session.scalars(
                        select(AuditEvent.kind)
                        .where(AuditEvent.stream == "administration:OM")
                        .order_by(AuditEvent.seq)
                    )
                )
                actors = set(
                    session.scalars(
                        select(AuditEvent.actor).where(AuditEvent.stream == "administration:OM")
                    )
                )
            assert kinds == [
                "user_created",
                "user_created",
                "user_deactivated",
                "user_reactivated",
                "user_roles_changed",
            ]
            assert actors == {"system"}
        finally:
            database.engine.dispose()

"""Password checks (argon2, 64 MiB each) run at most `password_checks_at_once` at a time.

The real hasher is wrapped by a counter of the checks running at that moment; concurrent logins
of known and unknown usernames alike must never push it past the bound, and a login that
cannot get a slot within the wait gets 503 with Retry-After.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Literal

import pytest
from argon2 import PasswordHasher, extract_parameters
from fastapi.testclient import TestClient
from httpx import Response

from app.core import security
from app.main import create_app
from tests.concurrency.racing import together
from tests.database import TemplateDatabase
from tests.factories import PASSWORD
from tests.live import Live, live_service


class CountingHasher(PasswordHasher):
    """The production hasher, counting how many of its checks run at once."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.active = self.most = self.calls = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        with self.lock:
            self.active += 1
            self.calls += 1
            self.most = max(self.most, self.active)
        try:
            return super().verify(hash, password)
        finally:
            with self.lock:
                self.active -= 1


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> Iterator[CountingHasher]:
    counting = CountingHasher()
    monkeypatch.setattr(security, "_hasher", lambda: counting)
    yield counting
    security.GATE.configure(4, 10.0)  # the defaults, for the apps of later tests


@pytest.fixture
def live(template_db: TemplateDatabase, tmp_path: Path) -> Iterator[Live]:
    with live_service(template_db, tmp_path) as live:
        yield live


def _logins(live: Live, at_once: int, wait: float, usernames: list[str]) -> list[Response]:
    live.settings.password_checks_at_once = at_once
    live.settings.password_check_wait_seconds = wait
    app = create_app(live.settings, live.database)
    with ExitStack() as stack:
        clients = [stack.enter_context(TestClient(app)) for _ in usernames]

        def login(client: TestClient, username: str) -> Response:
            data = {"username": username, "password": PASSWORD}
            answer: Response = client.post("/api/v1/auth/token", data=data)
            return answer

        responses: list[Response] = together(
            *(lambda c=c, u=u: login(c, u) for c, u in zip(clients, usernames, strict=True))
        )
        return responses


KNOWN = ["ps-designer", "om-designer", "ps-approver", "om-approver"]
UNKNOWN = ["nobody-1", "nobody-2", "nobody-3", "nobody-4"]


def test_concurrent_logins_never_run_more_checks_than_the_bound(
    live: Live, hasher: CountingHasher, backend: str
) -> None:
    responses = _logins(live, 2, 120.0, KNOWN + UNKNOWN)
    assert [r.status_code for r in responses] == [200] * 4 + [401] * 4
    assert hasher.calls == 8  # unknown usernames are checked too, against the dummy hash
    assert hasher.most <= 2, hasher.most
    if backend == "postgresql":  # SQLite's one writer at a time runs logins one by one
        assert hasher.most == 2, "the logins never ran side by side"


def test_a_login_that_waits_too_long_for_a_slot_gets_503_with_retry_after(
    live: Live, hasher: CountingHasher
) -> None:
    live.settings.password_checks_at_once = 1
    live.settings.password_check_wait_seconds = 0.2
    with TestClient(create_app(live.settings, live.database)) as client:
        data = {"username": "ps-designer", "password": PASSWORD}
        with security.GATE.slot():  # another check holds the only slot throughout
            r = client.post("/api/v1/auth/token", data=data)
        assert r.status_code == 503, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["retry-after"] == "1"
        assert r.json()["type"].endswith("/password-checks-busy")
        assert hasher.calls == 0
        assert client.post("/api/v1/auth/token", data=data).status_code == 200


def test_the_dummy_hash_costs_what_a_real_one_does() -> None:
    real = security._hasher().hash("any password")
    assert extract_parameters(security._dummy_hash()) == extract_parameters(real)

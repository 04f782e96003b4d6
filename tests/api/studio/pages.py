"""A person in the studio for the tests: their own cookie jar, signed in with their token.

A studio session is a token like any other, so a test hands the person's token to the
cookie instead of posting the sign-in form (which costs an argon2 check each time); the
sign-in form itself is tested on its own.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from tests.factories import Caller

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Person:
    def __init__(self, client: TestClient, caller: Caller | None) -> None:
        self.client = TestClient(client.app, follow_redirects=False)
        self.caller = caller
        if caller is not None:
            self.client.cookies.set("stamps_studio", caller.token)

    def get(self, path: str, **kwargs: Any) -> Response:
        answer: Response = self.client.get(path, **kwargs)
        return answer

    def csrf(self, path: str = "/studio/login") -> str:
        page = self.get(path)
        found = CSRF.search(page.text)
        assert found, (path, page.status_code, page.text[:300])
        return found.group(1)

    def post(self, path: str, data: dict[str, str] | None = None, **kwargs: Any) -> Response:
        """A form post carrying this person's CSRF token (unless the test sets its own)."""
        form = {"csrf_token": self.csrf(), **(data or {})}
        answer: Response = self.client.post(path, data=form, **kwargs)
        return answer


def errors_in(page: Response) -> list[str]:
    return re.findall(r'class="(?:field-error|error)"[^>]*>([^<]+)<', page.text)

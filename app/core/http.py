"""What every router shares: the problem responses for OpenAPI and the client's address."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from app.core.problems import PROBLEM_JSON

PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}}
PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {**PROBLEM, "description": text}
    for code, text in {
        401: "Not authenticated",
        403: "Not allowed",
        404: "Not found",
        409: "Conflict",
        422: "Invalid",
    }.items()
}


def client_address(request: Request) -> str:
    """The peer address (a proxy in front must be trusted explicitly by the ASGI server)."""
    return request.client.host if request.client else "unknown"

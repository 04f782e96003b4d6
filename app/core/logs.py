"""Logs an operator can read: one line per request, and the request id on every line.

`STAMPS_LOG_FORMAT=json` writes one JSON object a line (for a log shipper); the default text
format is for a developer's terminal. A logging filter stamps each record with the id of the
request being handled, so a line written deep in a service is found with its request's line.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import time
from typing import Any, Literal

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core import request_context

LogFormat = Literal["text", "json"]
REQUEST_LOGGER = "stamps.request"
# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
_STANDARD |= {"request_id", "user", "administration", "color_message"}


class RequestContextFilter(logging.Filter):
    """Copies the current request's id, user and administration onto every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = request_context.current()
        record.request_id = context.request_id if context else None
        record.user = context.user if context else None
        record.administration = context.administration if context else None
        return True


def _timestamp(record: logging.LogRecord) -> str:
    moment = dt.datetime.fromtimestamp(record.created, tz=dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request fields, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _timestamp(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("request_id", "user", "administration"):
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`time level logger [request id] message key=value…` for a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        rid = getattr(record, "request_id", None)
        extras = " ".join(
            f"{key}={value}"
            for key, value in vars(record).items()
            if key not in _STANDARD and not key.startswith("_")
        )
        line = f"{_timestamp(record)} {record.levelname:<7} {record.name}"
        line += f" [{rid}]" if rid else ""
        line += f" {record.getMessage()}" + (f" {extras}" if extras else "")
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure(log_format: LogFormat, level: str = "INFO") -> None:
    """Send every logger (uvicorn's included) through one handler in the chosen format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # The request line below replaces uvicorn's access log.
    logging.getLogger("uvicorn.access").disabled = True


def route_template(scope: Scope) -> str:
    """The matched route's path template (`/api/v1/proposals/{proposal_id}`), not the URL:
    bounded in number, so logs group and metrics labels stay few."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path or "/"
    return "unmatched"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key == name:
            return bytes(value).decode("latin-1")
    return None


class RequestLogMiddleware:
    """Gives each request its id (`X-Request-ID` in, or a new one), returns it in the response
    header and in every problem body, and writes the request's line when it ends."""

    def __init__(self, app: ASGIApp, *, observers: tuple[Any, ...] = ()) -> None:
        self.app = app
        self.log = logging.getLogger(REQUEST_LOGGER)
        # Callables (method, route, status, seconds) told of each finished request (metrics).
        self.observers = observers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        context = request_context.begin(
            request_context.new_request_id(_header(scope, b"x-request-id"))
        )
        scope.setdefault("state", {})["request_id"] = context.request_id
        started = time.perf_counter()
        status = 500
        problem: list[bytes] | None = None
        problem_start: Message | None = None
        finished = False

        def finish() -> None:
            """Count and log the request once, before its last byte leaves: a client that
            reads /metrics right after its previous response sees that response counted."""
            nonlocal finished
            if finished:
                return
            finished = True
            self._finish(scope, status, time.perf_counter() - started)

        async def send_with_id(message: Message) -> None:
            nonlocal status, problem, problem_start
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"
                ]
                headers.append((b"x-request-id", context.request_id.encode()))
                message = {**message, "headers": headers}
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"application/problem+json"):
                    problem, problem_start = [], message
                    return
            elif message["type"] == "http.response.body" and problem is not None:
                problem.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                assert problem_start is not None  # noqa: S101 - set with `problem`
                body = _with_request_id(b"".join(problem), context.request_id)
                headers = [(k, v) for k, v in problem_start["headers"] if k != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**problem_start, "headers": headers})
                message = {"type": "http.response.body", "body": body}
                problem = None
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                finish()
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            finish()

    def _finish(self, scope: Scope, status: int, seconds: float) -> None:
        route = route_template(scope)
        method = scope.get("method", "")
        for observe in self.observers:
            observe(method, route, status, seconds)
        self.log.info(
            "%s %s %s",
            method,
            route,
            status,
            extra={
                "method": method,
                "route": route,
                "path": scope.get("root_path", "") + scope.get("path", ""),
                "status": status,
                "latency_ms": round(seconds * 1000, 2),
            },
        )


def _with_request_id(body: bytes, request_id: str) -> bytes:
    """A problem body carrying `request_id` (left as it is when it is not a JSON object)."""
    try:
        document = json.loads(body)
    except ValueError:
        return body
    if not isinstance(document, dict) or "request_id" in document:
        return body
    document["request_id"] = request_id
    return json.dumps(document, ensure_ascii=False).encode()

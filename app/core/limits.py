"""Request body limits enforced while the body streams in, before any parser buffers it.

JSON bodies get a small limit, uploads a large one; a declared Content-Length over the limit is
refused at once, and a body that grows past it (a chunked one declares nothing) is cut off with
413. A body must also keep coming: after a grace period it has to average a minimum rate, or it
is cut off with 408, so a client trickling bytes cannot hold a worker and a connection forever.

Whatever the application answered to a body cut off this way (a parser may call it malformed),
the client gets the 413 or 408, with `Connection: close`: the rest of the body is never read.
"""

from __future__ import annotations

import time

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.problems import P_, AppError, PayloadTooLarge, problem_response


class BodyTooLarge(PayloadTooLarge):
    def __init__(self, limit: int) -> None:
        super().__init__(f"The request body exceeds the limit of {limit:,} bytes", limit=limit)


class BodyTooSlow(AppError):
    status, type, title = 408, "request-timeout", P_("The request body arrived too slowly")

    def __init__(self, rate: float, grace: float) -> None:
        super().__init__(
            f"The request body must arrive at {rate:,.0f} bytes a second or more "
            f"after the first {grace:g} seconds"
        )


class BodyLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        json_limit: int,
        upload_limit: int,
        min_rate: float = 4096.0,
        grace_seconds: float = 10.0,
    ) -> None:
        self.app = app
        self.json_limit = json_limit
        self.upload_limit = upload_limit
        self.min_rate = min_rate
        self.grace_seconds = grace_seconds

    def _limit(self, headers: dict[bytes, bytes]) -> int:
        content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
        return self.upload_limit if content_type.startswith("multipart/") else self.json_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        limit = self._limit(headers)
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _answer(BodyTooLarge(limit), scope, send)
            return
        body = _Body(receive, limit, self.min_rate, self.grace_seconds)
        started = replaced = False

        async def guarded_send(message: Message) -> None:
            nonlocal started, replaced
            if message["type"] == "http.response.start":
                started = True
                replaced = body.failure is not None
            if not replaced:
                await send(message)

        try:
            await self.app(scope, body.receive, guarded_send)
        except Exception:
            if body.failure is None or (started and not replaced):
                raise
        if body.failure is None:
            return
        if started and not replaced:
            raise body.failure  # the answer was under way: the server drops the connection
        await _answer(body.failure, scope, send)


class _Body:
    """The request's `receive`, counting bytes against the size limit and the clock."""

    def __init__(self, receive: Receive, limit: int, rate: float, grace: float) -> None:
        self._receive = receive
        self.limit, self.rate, self.grace = limit, rate, grace
        self.received = 0
        self.first: float | None = None
        self.done = False
        self.failure: AppError | None = None

    def _deadline(self, now: float) -> float:
        if self.first is None:
            self.first = now  # the clock starts when the application first reads
        return self.first + self.grace + self.received / self.rate

    async def receive(self) -> Message:
        if self.failure is not None:
            raise self.failure
        if self.done or self.rate <= 0:
            return self._counted(await self._receive())
        remaining = self._deadline(time.monotonic()) - time.monotonic()
        try:
            if remaining <= 0:
                raise TimeoutError
            with anyio.fail_after(remaining):
                message = await self._receive()
        except TimeoutError:
            self.failure = BodyTooSlow(self.rate, self.grace)
            raise self.failure from None
        return self._counted(message)

    def _counted(self, message: Message) -> Message:
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if not message.get("more_body", False):
                self.done = True
            if self.received > self.limit:
                self.failure = BodyTooLarge(self.limit)
                raise self.failure
        return message


async def _answer(error: AppError, scope: Scope, send: Send) -> None:
    """The problem, then the server closes the connection (the body's rest is never read)."""
    response = problem_response(
        error.status,
        error.type,
        error.title,
        error.detail,
        scope.get("path", ""),
        {"Connection": "close"},
        **error.extensions,
    )

    async def nothing() -> Message:
        return {"type": "http.disconnect"}

    await response(scope, nothing, send)

"""Idempotency-Key on create-type POSTs: a retry gets the first response, not a second effect.

Keys are scoped to the user. The same key with a different request (method, path or body) is
refused with 422; a retry that arrives while the first request is still running gets 409.
Successful responses are kept for 24 hours and replayed; a failed request changed nothing, so
its key is released and a retry runs again. The body is hashed as it streams (uploads are not
buffered).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from typing import Any

from anyio import to_thread
from starlette.datastructures import State
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.db import Database
from app.core.problems import (
    P_,
    UNREACHABLE,
    BadRequest,
    DatabaseUnavailable,
    InProgress,
    KeyReused,
    send_problem,
)
from app.idempotency import service

ROUTES = re.compile(
    r"^/api/v1/proposals(/\d+/(artwork|reviews|issue))?/?$",
)
KEY_RE = re.compile(r"^[\x21-\x7e]{1,200}$")
log = logging.getLogger(__name__)
IN_PROGRESS = "A request with this Idempotency-Key is still being processed"
REUSED = "This Idempotency-Key was used for a different request"
INVALID_KEY = "Idempotency-Key must be 1 to 200 visible ASCII characters"


class InvalidKey(BadRequest):
    type, title = "idempotency", P_("Invalid Idempotency-Key")


class BodyDigest:
    """SHA-256 of a request as the client meant it: a multipart body is hashed without its
    boundary, which clients pick at random for every attempt."""

    def __init__(self, method: str, path: str, content_type: bytes) -> None:
        self._hash = hashlib.sha256(f"{method} {path}\n".encode())
        match = re.search(rb"boundary=\"?([^\";]+)", content_type)
        self._boundary = match.group(1) if match else b""
        self._tail = b""

    def update(self, chunk: bytes) -> None:
        if not self._boundary:
            self._hash.update(chunk)
            return
        data = (self._tail + chunk).replace(self._boundary, b"")
        cut = max(len(data) - (len(self._boundary) - 1), 0)  # a boundary may straddle chunks
        self._hash.update(data[:cut])
        self._tail = data[cut:]

    def hexdigest(self) -> str:
        self._hash.update(self._tail)
        self._tail = b""
        return self._hash.hexdigest()


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, *, state: State, secret_key: str) -> None:
        self.app = app
        self.state = state  # the application's state: its database is read at each request
        self.secret_key = secret_key

    @property
    def database(self) -> Database:
        database: Database = self.state.database
        return database

    def _user(self, token: str) -> int | None:
        with self.database.reader() as session:
            return service.user_for_token(session, token, self.secret_key)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not ROUTES.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._keyed(scope, receive, tracking_send)
        except UNREACHABLE:
            # The middleware's own reads and writes of keys (the app answers its own errors).
            if not started:
                await send_problem(scope, receive, send, DatabaseUnavailable())
                return
            log.warning("idempotency key not recorded: the database became unreachable")

    async def _keyed(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        raw_key = headers.get(b"idempotency-key")
        auth = headers.get(b"authorization", b"").decode("latin-1")
        if raw_key is None or not auth.lower().startswith("bearer "):
            await self.app(scope, receive, send)
            return
        key = raw_key.decode("latin-1").strip()
        if not KEY_RE.match(key):
            await send_problem(scope, receive, send, InvalidKey(INVALID_KEY))
            return
        user_id = await to_thread.run_sync(self._user, auth[7:].strip())
        if user_id is None:
            await self.app(scope, receive, send)  # the app answers 401
            return
        digest = BodyDigest(scope["method"], scope["path"], headers.get(b"content-type", b""))
        existing = await to_thread.run_sync(self._find, user_id, key)
        if existing is not None:
            await self._replay(scope, existing, digest, receive, send)
            return
        record_id = await to_thread.run_sync(self._claim, user_id, key)
        if record_id is None:
            await send_problem(scope, receive, send, InProgress(IN_PROGRESS))
            return
        await self._first(scope, receive, send, record_id, digest)

    def _find(
        self, user_id: int, key: str
    ) -> tuple[str | None, int | None, list[Any], bytes] | None:
        with self.database.transaction() as session:
            record = service.find(session, user_id, key, self.lease_seconds)
            if record is None:
                return None
            return record.request_hash, record.status, record.headers, record.body

    def _claim(self, user_id: int, key: str) -> int | None:
        with self.database.transaction() as session:
            record = service.claim(session, user_id, key)
            return record.id if record else None

    async def _replay(
        self,
        scope: Scope,
        existing: tuple[str | None, int | None, list[Any], bytes],
        digest: BodyDigest,
        receive: Receive,
        send: Send,
    ) -> None:
        request_hash, status, stored_headers, body = existing
        while True:  # the retry's body must match the first one's
            message = await receive()
            digest.update(message.get("body", b""))
            if not message.get("more_body", False):
                break
        if status is None:
            await send_problem(scope, receive, send, InProgress(IN_PROGRESS))
            return
        if request_hash != digest.hexdigest():
            await send_problem(scope, receive, send, KeyReused(REUSED))
            return
        out_headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in stored_headers]
        out_headers.append((b"idempotent-replayed", b"true"))
        await send({"type": "http.response.start", "status": status, "headers": out_headers})
        await send({"type": "http.response.body", "body": body})

    async def _first(
        self, scope: Scope, receive: Receive, send: Send, record_id: int, digest: BodyDigest
    ) -> None:
        """Run the request under the claim. The answer is recorded (or the claim released)
        before its last byte goes out, so a retry sent the moment the client has the answer
        finds it; while the body arrives the claim's lease is renewed, so a long upload keeps
        its key and a server killed mid-request frees it once the lease runs out."""
        captured: dict[str, Any] = {"status": 500, "headers": [], "body": bytearray()}
        lease = self.lease_seconds
        renewed = time.monotonic()
        settled = False

        async def hashing_receive() -> Message:
            nonlocal renewed
            message = await receive()
            if message["type"] == "http.request":
                digest.update(message.get("body", b""))
                if time.monotonic() - renewed > lease / 3:
                    renewed = time.monotonic()
                    await to_thread.run_sync(self._renew, record_id)
            return message

        async def settle() -> None:
            nonlocal settled
            if settled:
                return
            settled = True
            status = int(captured["status"])
            try:
                if 200 <= status < 300:
                    await to_thread.run_sync(
                        self._finish,
                        record_id,
                        digest.hexdigest(),
                        status,
                        captured["headers"],
                        bytes(captured["body"]),
                    )
                else:
                    await to_thread.run_sync(self._release, record_id)
            except UNREACHABLE:
                log.warning("idempotency key not recorded: the database became unreachable")

        async def capturing_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = [
                    (k.decode("latin-1"), v.decode("latin-1")) for k, v in message["headers"]
                ]
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")
                if not message.get("more_body", False):
                    await settle()
            await send(message)

        try:
            await self.app(scope, hashing_receive, capturing_send)
        except BaseException:
            if not settled:
                settled = True
                await to_thread.run_sync(self._release, record_id)
            raise
        await settle()

    @property
    def lease_seconds(self) -> float:
        return float(self.state.settings.idempotency_lease_seconds)

    def _renew(self, record_id: int) -> None:
        with self.database.transaction() as session:
            service.renew(session, record_id)

    def _finish(
        self, record_id: int, request_hash: str, status: int, headers: list[Any], body: bytes
    ) -> None:
        with self.database.transaction() as session:
            service.finish(session, record_id, request_hash, status, headers, body)

    def _release(self, record_id: int) -> None:
        with self.database.transaction() as session:
            service.release(session, record_id)

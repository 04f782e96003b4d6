"""Receiving an upload: the multipart body is parsed as it streams in, and the `file` part goes
straight to a staging file while its SHA-256 is computed.

Nothing is buffered whole in memory and nothing is spooled twice: memory stays at one buffer
(1 MiB) whatever the size of the upload. Writes and hashing run off the event loop.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from anyio import to_thread
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from app.core.problems import PayloadTooLarge, Unprocessable, UnsupportedMedia
from app.storage.base import Storage

FLUSH_AT = 1024 * 1024
MAX_OTHER_PART = 64 * 1024


@dataclass
class Staged:
    path: Path
    sha256: str
    size: int
    filename: str | None


@dataclass
class _Sink:
    """Parser callbacks: route the `file` part to disk, drop small other parts."""

    storage: Storage
    field_name: str
    max_bytes: int
    path: Path | None = None
    handle: BinaryIO | None = None
    digest: Any = field(default_factory=hashlib.sha256)
    size: int = 0
    filename: str | None = None
    found: bool = False
    in_file: bool = False
    other_bytes: int = 0
    buffer: bytearray = field(default_factory=bytearray)
    header_field: bytes = b""
    header_value: bytes = b""
    headers: dict[bytes, bytes] = field(default_factory=dict)

    def on_part_begin(self) -> None:
        self.headers, self.in_file = {}, False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[self.header_field.lower()] = self.header_value
        self.header_field, self.header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if name == self.field_name and not self.found:
            self.found = self.in_file = True
            raw = options.get(b"filename")
            self.filename = raw.decode("utf-8", "replace") if raw else None
            self.path = self.storage.staging_file()
            self.handle = self.path.open("wb")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.in_file:
            self.size += end - start
            if self.size > self.max_bytes:
                raise PayloadTooLarge(f"The upload exceeds {self.max_bytes:,} bytes")
            self.buffer += data[start:end]
        else:
            self.other_bytes += end - start
            if self.other_bytes > MAX_OTHER_PART:
                raise PayloadTooLarge("Form fields other than the file are too large")

    def on_part_end(self) -> None:
        self.in_file = False

    def flush(self) -> None:
        if self.handle is not None and self.buffer:
            chunk = bytes(self.buffer)
            self.buffer.clear()
            self.digest.update(chunk)
            self.handle.write(chunk)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None

    def discard(self) -> None:
        self.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def _boundary(request: Request) -> bytes:
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or not options.get(b"boundary"):
        raise UnsupportedMedia("Send the artwork as multipart/form-data with a `file` part")
    return options[b"boundary"]


async def receive_file(
    request: Request, storage: Storage, max_bytes: int, field_name: str = "file"
) -> Staged:
    """Stream the request's `field_name` part into a staging file; the caller owns the file."""
    sink = _Sink(storage=storage, field_name=field_name, max_bytes=max_bytes)
    parser = MultipartParser(
        _boundary(request),
        {
            "on_part_begin": sink.on_part_begin,
            "on_header_field": sink.on_header_field,
            "on_header_value": sink.on_header_value,
            "on_header_end": sink.on_header_end,
            "on_headers_finished": sink.on_headers_finished,
            "on_part_data": sink.on_part_data,
            "on_part_end": sink.on_part_end,
        },
    )
    try:
        async for chunk in request.stream():
            parser.write(chunk)
            if len(sink.buffer) >= FLUSH_AT:
                await to_thread.run_sync(sink.flush)
        parser.finalize()
        await to_thread.run_sync(sink.flush)
        sink.close()
    except ClientDisconnect:
        sink.discard()
        raise
    except Exception as exc:
        sink.discard()
        if isinstance(exc, (PayloadTooLarge, Unprocessable, UnsupportedMedia)):
            raise
        raise Unprocessable(f"The multipart body could not be read: {exc}") from exc
    if sink.path is None:
        raise Unprocessable(f"The multipart body has no `{field_name}` part", field=field_name)
    return Staged(sink.path, sink.digest.hexdigest(), sink.size, sink.filename)

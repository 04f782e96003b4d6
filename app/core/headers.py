"""Response headers every answer of the service carries, set once here rather than per route.

- `X-Content-Type-Options: nosniff` on every response: a browser never guesses a type.
- JSON that says nothing about caching is `Cache-Control: no-store`: tokens, proposals, users
  and every problem are private; the public catalogue routes set their own caching and keep it.
- HTML pages get a Content-Security-Policy (only our own scripts, styles and images; no framing,
  so no click-jacking of the sign-off dialog) and a Referrer-Policy that keeps staff URLs, which
  name proposals, inside the site. The interactive API documentation loads its own assets and
  inline scripts, so its pages get only the framing rule.

The middleware is plain ASGI (it rewrites the start message), so streamed responses stay streamed.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_POLICY = "frame-ancestors 'none'"
DOCS_PATHS = ("/docs", "/redoc")
REFERRER_POLICY = b"same-origin"
JSON_TYPES = (b"application/json", b"application/problem+json")


def extra_headers(path: str, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The headers to add to a response to PATH that already has HEADERS."""
    present = {name.lower() for name, _ in headers}
    content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"").lower()
    added: list[tuple[bytes, bytes]] = []
    if b"x-content-type-options" not in present:
        added.append((b"x-content-type-options", b"nosniff"))
    if content_type.startswith(JSON_TYPES) and b"cache-control" not in present:
        added.append((b"cache-control", b"no-store"))
    if content_type.startswith(b"text/html"):
        if b"content-security-policy" not in present:
            policy = DOCS_POLICY if path.startswith(DOCS_PATHS) else PAGE_POLICY
            added.append((b"content-security-policy", policy.encode()))
        if b"referrer-policy" not in present:
            added.append((b"referrer-policy", REFERRER_POLICY))
    return added


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(extra_headers(path, headers))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
